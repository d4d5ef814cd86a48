-- ─── The live-producer tally ──────────────────────────────────────────────────────────────────
--
-- Counting live producers (deleted_at IS NULL) with count(*) reads every producer; the tally
-- answers from a few rows. Each statement that changes how many producers are live appends the
-- change; sum(live) is the count. Every 64th row the writing transaction folds the rows it can see
-- into one, unless another transaction is folding (advisory lock) or it runs under a stricter
-- isolation level than read committed (where removing rows another snapshot still sees could fail
-- the write).

CREATE OR REPLACE FUNCTION fc_producer_tally_add(change bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  added bigint;
BEGIN
  IF change = 0 THEN RETURN; END IF;
  INSERT INTO producer_tally (live) VALUES (change) RETURNING id INTO added;
  IF added % 64 = 0 AND current_setting('transaction_isolation') = 'read committed'
     AND pg_try_advisory_xact_lock(hashtext('fc_producer_tally')) THEN
    WITH folded AS (DELETE FROM producer_tally RETURNING live)
    INSERT INTO producer_tally (live) SELECT sum(live) FROM folded HAVING count(*) > 0;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION fc_producer_tally_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fc_producer_tally_add((SELECT count(*) FROM new_rows WHERE deleted_at IS NULL));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_producer_tally_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fc_producer_tally_add((SELECT count(*) FROM new_rows WHERE deleted_at IS NULL) - (SELECT count(*) FROM old_rows WHERE deleted_at IS NULL));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_producer_tally_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fc_producer_tally_add(-(SELECT count(*) FROM old_rows WHERE deleted_at IS NULL));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_producer_tally_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM producer_tally;
  RETURN NULL;
END $$;

-- Counts again from the producers (after a bulk load with triggers off, such as the demo seed's).
CREATE OR REPLACE FUNCTION fc_producer_tally_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM producer_tally;
  INSERT INTO producer_tally (live) SELECT count(*) FROM producer WHERE deleted_at IS NULL;
$$;

CREATE OR REPLACE TRIGGER producer_tally_insert AFTER INSERT ON producer
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_tally_on_insert();
CREATE OR REPLACE TRIGGER producer_tally_update AFTER UPDATE ON producer
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_tally_on_update();
CREATE OR REPLACE TRIGGER producer_tally_delete AFTER DELETE ON producer
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_tally_on_delete();
CREATE OR REPLACE TRIGGER producer_tally_truncate AFTER TRUNCATE ON producer
  FOR EACH STATEMENT EXECUTE FUNCTION fc_producer_tally_on_truncate();
