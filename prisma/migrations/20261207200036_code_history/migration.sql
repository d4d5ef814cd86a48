-- AlterEnum
ALTER TYPE "CodeChange" ADD VALUE 'MERGED';

-- AlterTable
ALTER TABLE "municipality_alias" ADD COLUMN     "source_note" TEXT,
ADD COLUMN     "valid_from" DATE;
