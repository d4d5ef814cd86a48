-- The change log is append-only and outlives the sources, organizations and keys it names (a purge
-- or a revoked key must not rewrite history); imports append one row per written line, where three
-- foreign-key checks a row cost as much as storing it.

-- DropForeignKey
ALTER TABLE "change" DROP CONSTRAINT "change_api_key_id_fkey";

-- DropForeignKey
ALTER TABLE "change" DROP CONSTRAINT "change_organization_id_fkey";

-- DropForeignKey
ALTER TABLE "change" DROP CONSTRAINT "change_source_id_fkey";
