-- CreateIndex
CREATE INDEX "delivery_replaces_id_idx" ON "delivery"("replaces_id");
