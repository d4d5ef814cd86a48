-- ─── Observation revisions ────────────────────────────────────────────────────────────────────
--
-- Statistics are revised: a provisional figure becomes official, a publisher corrects a value.
-- Every update of an observation that changes its value, status, date or method keeps the values it
-- replaces in observation_revision, whichever path wrote it (the API, an import, SQL), so the
-- history of a published figure is never lost.

CREATE OR REPLACE FUNCTION fc_observation_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO observation_revision (observation_id, version, date, value, status, method)
  VALUES (OLD.id, OLD.version, OLD.date, OLD.value, OLD.status, OLD.method);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER observation_revision
  AFTER UPDATE ON observation
  FOR EACH ROW
  WHEN (OLD.value IS DISTINCT FROM NEW.value OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.date IS DISTINCT FROM NEW.date OR OLD.method IS DISTINCT FROM NEW.method)
  EXECUTE FUNCTION fc_observation_revision();
