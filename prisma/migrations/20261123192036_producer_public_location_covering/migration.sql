-- DropIndex
DROP INDEX "producer_public_lat_public_lon_idx";

-- CreateIndex
CREATE INDEX "producer_public_location_idx" ON "producer"("public_lat", "public_lon", "deleted_at", "name", "id");
