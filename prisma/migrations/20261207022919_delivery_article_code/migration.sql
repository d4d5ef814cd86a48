-- The supplier's article number: two lines are the same article (for the overlap check) only when it
-- matches too, so two pack sizes of one article from one wholesaler can be reported side by side.
-- AlterTable
ALTER TABLE "delivery" ADD COLUMN     "article_code" TEXT;
