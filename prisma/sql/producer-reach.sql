-- ─── producer_reach: kept by triggers so that no write path can forget it ────────────────────
--
-- One row per live producer (not deleted, not merged into another) with the columns matching
-- reads and the distinct categories of its live products. STATEMENT-level triggers with transition
-- tables on producer and producer_product recompute the rows of the producers a statement touched
-- in what matching reads (a few statements per statement, however many rows it writes); the
-- recomputation reads producer and producer_product, so the copy cannot drift from them.

-- Recomputes the rows of the producers `ids` from producer and producer_product. Writers of the
-- same producers recompute one after the other, each from what the other committed: the producers
-- are locked (not against foreign-key checks) before the statements below take their snapshots.
CREATE OR REPLACE FUNCTION fc_producer_reach_refresh(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM producer p JOIN (SELECT DISTINCT unnest(ids) AS id) x ON p.id = x.id ORDER BY p.id FOR NO KEY UPDATE OF p;
  DELETE FROM producer_reach r USING (SELECT DISTINCT unnest(ids) AS id) x WHERE r.producer_id = x.id;
  INSERT INTO producer_reach (producer_id, name, lat, lon, public_lat, public_lon, location_precision, delivery_radius_km, tender_ready, categories)
  SELECT p.id, p.name, p.lat, p.lon, p.public_lat, p.public_lon, p.location_precision, p.delivery_radius_km, p.tender_ready,
         ARRAY(SELECT DISTINCT pp.category_code FROM producer_product pp
                WHERE pp.producer_id = p.id AND pp.deleted_at IS NULL ORDER BY pp.category_code)
    FROM (SELECT DISTINCT unnest(ids) AS id) x JOIN producer p ON p.id = x.id
   WHERE p.deleted_at IS NULL AND p.merged_into_id IS NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_producer_reach_on_producer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM fc_producer_reach_refresh(ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM producer_reach r USING old_rows o WHERE r.producer_id = o.id;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM fc_producer_reach_refresh(ARRAY(
      SELECT unnest(ARRAY[o.id, n.id]) FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
       WHERE o.id IS NULL OR n.id IS NULL
          OR (o.name, o.lat, o.lon, o.public_lat, o.public_lon, o.location_precision, o.delivery_radius_km, o.tender_ready,
              o.deleted_at IS NULL, o.merged_into_id IS NULL)
             IS DISTINCT FROM
             (n.name, n.lat, n.lon, n.public_lat, n.public_lon, n.location_precision, n.delivery_radius_km, n.tender_ready,
              n.deleted_at IS NULL, n.merged_into_id IS NULL)));
  ELSE
    TRUNCATE producer_reach;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_producer_reach_on_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM fc_producer_reach_refresh(ARRAY(SELECT producer_id FROM new_rows WHERE deleted_at IS NULL));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM fc_producer_reach_refresh(ARRAY(SELECT producer_id FROM old_rows WHERE deleted_at IS NULL));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM fc_producer_reach_refresh(ARRAY(
      SELECT unnest(ARRAY[o.producer_id, n.producer_id]) FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
       WHERE o.id IS NULL OR n.id IS NULL
          OR (o.producer_id, o.category_code, o.deleted_at IS NULL) IS DISTINCT FROM (n.producer_id, n.category_code, n.deleted_at IS NULL)));
  ELSE
    UPDATE producer_reach SET categories = '{}' WHERE categories <> '{}';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER producer_reach_producer_insert AFTER INSERT ON producer
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_reach_on_producer();
CREATE OR REPLACE TRIGGER producer_reach_producer_update AFTER UPDATE ON producer
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_reach_on_producer();
CREATE OR REPLACE TRIGGER producer_reach_producer_delete AFTER DELETE ON producer
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_reach_on_producer();
CREATE OR REPLACE TRIGGER producer_reach_producer_truncate AFTER TRUNCATE ON producer
  FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_reach_on_producer();
CREATE OR REPLACE TRIGGER producer_reach_product_insert AFTER INSERT ON producer_product
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_reach_on_product();
CREATE OR REPLACE TRIGGER producer_reach_product_update AFTER UPDATE ON producer_product
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_reach_on_product();
CREATE OR REPLACE TRIGGER producer_reach_product_delete AFTER DELETE ON producer_product
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_reach_on_product();
CREATE OR REPLACE TRIGGER producer_reach_product_truncate AFTER TRUNCATE ON producer_product
  FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_reach_on_product();
