-- ─── Personal identity numbers ───────────────────────────────────────────────────────────────
--
-- A sole trader's org number is their personal identity number, and keys, the change feed and
-- exports are published: SQL must recognise personal numbers where the data lives (the migration
-- that took them out of organization keys and the change log used these). The rules are those of
-- packages/api/src/privacy/identity-numbers.ts, and a test holds both to the same cases.

CREATE OR REPLACE FUNCTION fc_identity_date_ok(d int, m int, y int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF m < 1 OR m > 12 OR d < 1 THEN RETURN false; END IF;
  RETURN d <= (ARRAY[31, CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[m];
END $$;

-- Whether the whole value (raw, or an ISO 6523 org number "ssss:value") is a Norwegian fødselsnummer
-- or D-number, a Swedish personnummer or samordningsnummer, a Danish CPR number or a Finnish
-- henkilötunnus; the rules are those of src/identity-numbers.ts, and a test holds both to the same cases.
CREATE OR REPLACE FUNCTION fc_personal_identity_number(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
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
