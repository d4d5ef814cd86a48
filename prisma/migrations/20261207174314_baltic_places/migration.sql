-- CreateEnum
CREATE TYPE "MunicipalityLevel" AS ENUM ('MUNICIPALITY', 'DISTRICT');

-- AlterTable
ALTER TABLE "municipality" ADD COLUMN     "level" "MunicipalityLevel" NOT NULL DEFAULT 'MUNICIPALITY',
ADD COLUMN     "names" JSONB;

-- AlterTable
ALTER TABLE "region" ADD COLUMN     "names" JSONB;
