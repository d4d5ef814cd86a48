-- Organizations registered by their org number were keyed by it ("org:<number>"). A sole trader's
-- org number is their personal identity number (a Swedish personnummer), and keys are published:
-- on the change feed, in exports, in GraphQL. This migration
-- 1. adds fc_personal_identity_number(text), the SQL twin of src/identity-numbers.ts;
-- 2. makes every organization whose org number is a personal identity number a natural person;
-- 3. gives natural persons' and personal-number organizations keyed "org:<number>" a random key,
--    keeping the old key as an identifier only when it is not a personal identity number;
-- 4. purges personal numbers and old keys from the change log (external_id and data);
-- 5. publishes one UPDATE change per rekeyed organization, so that sync partners learn the new key.

CREATE FUNCTION fc_identity_date_ok(d int, m int, y int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF m < 1 OR m > 12 OR d < 1 THEN RETURN false; END IF;
  RETURN d <= (ARRAY[31, CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[m];
END $$;

-- Whether the whole value (raw, or an ISO 6523 org number "ssss:value") is a Norwegian fødselsnummer
-- or D-number, a Swedish personnummer or samordningsnummer, a Danish CPR number or a Finnish
-- henkilötunnus; the rules are those of src/identity-numbers.ts, and a test holds both to the same cases.
CREATE FUNCTION fc_personal_identity_number(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  v text := regexp_replace(btrim(coalesce(value, '')), '^[0-9]{4}:', '');
  f text := upper(regexp_replace(v, '\s+', '', 'g'));
  d text;
  n int[];
  k1 int;
  k2 int;
  dd int;
  mm int;
  yy int;
  c int;
  s int := 0;
  x int;
BEGIN
  IF f ~ '^[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y]$' THEN
    yy := substr(f, 5, 2)::int + CASE WHEN substr(f, 7, 1) = '+' THEN 1800 WHEN substr(f, 7, 1) ~ '[A-F]' THEN 2000 ELSE 1900 END;
    IF substr('0123456789ABCDEFHJKLMNPRSTUVWXY', ((substr(f, 1, 6) || substr(f, 8, 3))::bigint % 31)::int + 1, 1) = substr(f, 11, 1)
       AND fc_identity_date_ok(substr(f, 1, 2)::int, substr(f, 3, 2)::int, yy) THEN
      RETURN true;
    END IF;
  END IF;
  IF v !~ '^[0-9][0-9\s+-]*[0-9]$' OR v ~ '[\s+-]{2}' THEN RETURN false; END IF;
  d := regexp_replace(v, '[\s+-]', '', 'g');
  n := ARRAY(SELECT substr(d, g, 1)::int FROM generate_series(1, length(d)) g ORDER BY g);
  -- Norway: two mod-11 check digits; D-number day + 40, H-number month + 40, test numbers month + 80.
  IF length(d) = 11 THEN
    k1 := (11 - (3*n[1] + 7*n[2] + 6*n[3] + 1*n[4] + 8*n[5] + 9*n[6] + 4*n[7] + 5*n[8] + 2*n[9]) % 11) % 11;
    k2 := (11 - (5*n[1] + 4*n[2] + 3*n[3] + 2*n[4] + 7*n[5] + 6*n[6] + 5*n[7] + 4*n[8] + 3*n[9] + 2*n[10]) % 11) % 11;
    IF k1 = n[10] AND k2 = n[11] THEN
      dd := n[1] * 10 + n[2];
      mm := n[3] * 10 + n[4];
      IF dd > 40 THEN dd := dd - 40; END IF;
      IF mm > 80 THEN mm := mm - 80; ELSIF mm > 40 THEN mm := mm - 40; END IF;
      IF fc_identity_date_ok(dd, mm, 2000) THEN RETURN true; END IF;
    END IF;
  END IF;
  -- Sweden: 10 or 12 digits, Luhn on the last 10; samordningsnummer day + 60.
  IF length(d) = 10 OR (length(d) = 12 AND substr(d, 1, 2) IN ('18', '19', '20')) THEN
    FOR i IN length(d) - 9 .. length(d) LOOP
      x := n[i] * CASE WHEN (i - (length(d) - 9)) % 2 = 0 THEN 2 ELSE 1 END;
      s := s + CASE WHEN x > 9 THEN x - 9 ELSE x END;
    END LOOP;
    IF s % 10 = 0 THEN
      mm := substr(d, length(d) - 7, 2)::int;
      dd := substr(d, length(d) - 5, 2)::int;
      IF dd > 60 THEN dd := dd - 60; END IF;
      IF fc_identity_date_ok(dd, mm, CASE WHEN length(d) = 12 THEN substr(d, 1, 4)::int ELSE 2000 END) THEN RETURN true; END IF;
    END IF;
  END IF;
  -- Denmark: DDMMYYSSSS with a valid date, the century following from the 7th digit.
  IF length(d) = 10 THEN
    yy := substr(d, 5, 2)::int;
    c := n[7];
    yy := yy + CASE WHEN c <= 3 THEN 1900 WHEN c IN (4, 9) THEN CASE WHEN yy <= 36 THEN 2000 ELSE 1900 END ELSE CASE WHEN yy <= 57 THEN 2000 ELSE 1800 END END;
    RETURN fc_identity_date_ok(substr(d, 1, 2)::int, substr(d, 3, 2)::int, yy);
  END IF;
  RETURN false;
END $$;

-- Positions are handed out under the change-log lock (CHANGE_LOG_LOCK in src/sync/changes.ts).
SELECT pg_advisory_xact_lock(4711004712);

CREATE TEMP TABLE fc_personal_org ON COMMIT DROP AS
SELECT o.id, o.org_number FROM organization o WHERE fc_personal_identity_number(o.org_number);

UPDATE organization o SET natural_person = true FROM fc_personal_org p WHERE o.id = p.id AND NOT o.natural_person;

CREATE TEMP TABLE fc_rekeyed ON COMMIT DROP AS
SELECT o.id, o.source_id, o.external_id AS old_key, 'org:' || gen_random_uuid()::text AS new_key,
       fc_personal_identity_number(substr(o.external_id, 5)) AS personal
  FROM organization o
 WHERE o.external_id LIKE 'org:%'
   AND ((o.natural_person AND o.external_id = 'org:' || o.org_number) OR fc_personal_identity_number(substr(o.external_id, 5)));

UPDATE organization o SET external_id = r.new_key, version = o.version + 1, updated_at = now() FROM fc_rekeyed r WHERE o.id = r.id;

-- Identifiers: what pointed at an old personal key points at the new one; other old keys stay known.
UPDATE organization_identifier i SET value = r.new_key FROM fc_rekeyed r WHERE r.personal AND i.scheme LIKE 'source:%' AND i.value = r.old_key;
INSERT INTO organization_identifier (organization_id, scheme, value, source_id)
SELECT r.id, 'source:' || s.key, r.old_key, r.source_id FROM fc_rekeyed r JOIN source s ON s.id = r.source_id WHERE NOT r.personal
ON CONFLICT (scheme, value) DO NOTHING;

-- The change log: old keys, and the personal numbers wherever a record named them.
UPDATE change c SET external_id = r.new_key FROM fc_rekeyed r WHERE c.record_type = 'Organization' AND c.record_id = r.id::text AND c.external_id = r.old_key;
UPDATE change c SET data = jsonb_set(c.data, '{survivorExternalId}', to_jsonb(r.new_key))
  FROM fc_rekeyed r WHERE c.operation = 'MERGE' AND c.record_type = 'Organization' AND c.data->>'survivorExternalId' = r.old_key;
UPDATE change c SET data = jsonb_set(c.data, '{naturalPerson}', 'true'::jsonb)
  FROM fc_personal_org p WHERE c.record_type = 'Organization' AND c.record_id = p.id::text AND c.data->'naturalPerson' IS NOT NULL;
UPDATE change SET data = jsonb_set(data, '{orgNumber}', 'null'::jsonb)
 WHERE record_type IN ('Organization', 'Producer') AND jsonb_typeof(data) = 'object' AND data->>'orgNumber' ~ '[0-9]{6}' AND fc_personal_identity_number(data->>'orgNumber');
UPDATE change SET data = jsonb_set(data, '{operatorOrgNumber}', 'null'::jsonb)
 WHERE record_type = 'Hub' AND jsonb_typeof(data) = 'object' AND data->>'operatorOrgNumber' ~ '[0-9]{6}' AND fc_personal_identity_number(data->>'operatorOrgNumber');
UPDATE change SET data = jsonb_set(data, '{buyerOrgNumber}', 'null'::jsonb)
 WHERE record_type IN ('Agreement', 'Delivery') AND jsonb_typeof(data) = 'object' AND data->>'buyerOrgNumber' ~ '[0-9]{6}' AND fc_personal_identity_number(data->>'buyerOrgNumber');
UPDATE change SET data = jsonb_set(data, '{supplierOrgNumber}', 'null'::jsonb)
 WHERE record_type = 'Delivery' AND jsonb_typeof(data) = 'object' AND data->>'supplierOrgNumber' ~ '[0-9]{6}' AND fc_personal_identity_number(data->>'supplierOrgNumber');

-- Partners learn the new keys from the feed (and their webhooks), as from any other update.
WITH ins AS (
  INSERT INTO change (operation, record_type, record_id, source_id, external_id, version, data)
  SELECT 'UPDATE', 'Organization', o.id::text, o.source_id, o.external_id, o.version,
         jsonb_build_object('name', o.name, 'kind', o.kind::text, 'orgNumber', CASE WHEN fc_personal_identity_number(o.org_number) THEN NULL ELSE o.org_number END,
                            'naturalPerson', o.natural_person, 'countryCode', o.country_code, 'municipalityCode', o.municipality_code, 'website', o.website)
    FROM organization o JOIN fc_rekeyed r ON r.id = o.id
   ORDER BY o.id
  RETURNING id, source_id
)
INSERT INTO webhook_delivery (webhook_id, event_id, change_id, status, next_attempt_at)
SELECT w.id, 'evt_' || ins.id || '_' || w.id, ins.id, 'pending', now()
  FROM ins JOIN webhook w ON w.active AND (cardinality(w.record_types) = 0 OR 'Organization' = ANY(w.record_types));
