-- AlterEnum
ALTER TYPE "CertificationScheme" ADD VALUE 'BIO_SIEGEL';
