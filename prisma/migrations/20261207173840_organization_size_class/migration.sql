-- CreateEnum
CREATE TYPE "OrganizationSizeClass" AS ENUM ('MICRO', 'SMALL', 'MEDIUM', 'LARGE');

-- AlterTable
ALTER TABLE "organization" ADD COLUMN     "size_class" "OrganizationSizeClass";
