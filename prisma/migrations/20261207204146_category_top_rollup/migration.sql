-- CreateTable
CREATE TABLE "delivery_rollup_category_top" (
    "municipality_code" TEXT NOT NULL,
    "year" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "measure" "Measure" NOT NULL,
    "currency" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amount" DECIMAL NOT NULL,
    "organic" DECIMAL NOT NULL,
    "unknown_km" DECIMAL NOT NULL,
    "local_km" DECIMAL[],
    "local_municipality" DECIMAL NOT NULL,
    "unknown_municipality" DECIMAL NOT NULL,
    "local_region" DECIMAL NOT NULL,
    "unknown_region" DECIMAL NOT NULL,
    "local_country" DECIMAL NOT NULL,
    "unknown_country" DECIMAL NOT NULL,
    "lines" INTEGER NOT NULL,
    "lines_continued" INTEGER NOT NULL,
    "unconverted" INTEGER NOT NULL,
    "unconverted_continued" INTEGER NOT NULL,
    "suppliers" TEXT[],

    CONSTRAINT "delivery_rollup_category_top_pkey" PRIMARY KEY ("municipality_code","year","source_id","measure","currency","category")
);

-- Functions and triggers from prisma/sql/ (written by pnpm db:migrate:create).

-- prisma/sql/delivery-rollup.sql
-- ─── Statistics rollup: kept by triggers so that no write path can forget it ─────────────────
--
-- delivery_origin holds, per line, what its statistics depend on: whether it counts (not deleted,
-- not replaced by a live line), how its origin relates to its buyer, and the line's own columns
-- that its contribution is computed from. delivery_rollup holds the sums of the counted lines per
-- buying municipality, calendar month (lines split by days), source, measure and currency;
-- delivery_rollup_supplier the month parts per supplier behind each rollup row; delivery_rollup_year
-- the same sums per calendar year, shaped like a monthly row for January that covers the year:
-- lines/unconverted count each line once in the year, and *_continued those begun in an earlier
-- year (continuing into January). delivery_rollup_category holds the yearly sums once more, split
-- by the line's category at depth 2 of the tree and its kitchen's kind, so that statistics grouped
-- or filtered by category or kitchen kind are read from sums too; delivery_rollup_category_supplier
-- the month parts per supplier behind each of its rows. delivery_rollup_category_top holds the same
-- yearly sums per top-level category (depth 1) over every kitchen kind: a country's statistics by
-- category read a row per municipality, year, source and category there.
--
-- All seven are functions of the stored data, kept by STATEMENT-level triggers with transition
-- tables (a few aggregate statements per statement, however many rows it writes) on delivery,
-- producer, kitchen and municipality, and rebuilt by fc_delivery_rollup_rebuild() after a bulk load
-- that bypasses triggers. Each write adds its contribution to months and years by additive deltas,
-- so concurrent writers commute. src/stats/ compares statistics from here with those from the
-- lines. Distances come from distance.sql, supplier keys from supplier-key.sql.

CREATE OR REPLACE FUNCTION fc_add_numeric_arrays(a numeric[], b numeric[]) RETURNS numeric[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) $$;

-- The statement that (re)computes delivery_origin for the delivery rows of `lines` (a relation
-- name, such as a trigger's transition table, or a parenthesised query), run with EXECUTE.
CREATE OR REPLACE FUNCTION fc_delivery_origin_upsert_sql(lines text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  INSERT INTO delivery_origin AS o (delivery_id, counted, municipality_code, source_id, period_start, period_end, value, currency,
                                    weighed, quantity_kg, organic, supplier, origin_km, km_rank, same_municipality, same_region, same_country,
                                    category, kitchen_kind)
  SELECT d.id,
         d.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM delivery r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL),
         d.municipality_code, d.source_id, d.period_start, d.period_end,
         CASE WHEN d.currency IS NOT NULL THEN d.value END,
         CASE WHEN d.value IS NOT NULL THEN d.currency::text END,
         d.quantity IS NOT NULL OR d.quantity_kg IS NOT NULL,
         d.quantity_kg, d.organic,
         fc_supplier_key(d.supplier_producer_id, d.supplier_organization_id, d.supplier_name),
         x.km,
         CASE WHEN x.km IS NOT NULL THEN width_bucket(x.km, fc_km_edges()) - (x.km = ANY(fc_km_edges()))::int END,
         CASE WHEN p.id IS NOT NULL THEN coalesce(p.municipality_code = d.municipality_code, false)
              WHEN d.origin_country IS NOT NULL AND d.origin_country <> m.country_code THEN false END,
         CASE WHEN p.id IS NOT NULL THEN coalesce(pm.region_code = m.region_code, false)
              WHEN d.origin_country IS NOT NULL AND d.origin_country <> m.country_code THEN false END,
         CASE WHEN p.id IS NOT NULL THEN p.country_code = m.country_code
              WHEN d.origin_country IS NOT NULL THEN d.origin_country = m.country_code END,
         -- Category codes are dotted paths of the tree: the ancestor at depth 2 is a prefix.
         array_to_string((string_to_array(d.category_code, '.'))[1:2], '.'),
         coalesce(k.kind::text, '')
    FROM %s d
    JOIN municipality m ON m.code = d.municipality_code
    LEFT JOIN kitchen k ON k.id = d.kitchen_id
    LEFT JOIN producer p ON p.id = d.producer_id
    LEFT JOIN municipality pm ON pm.code = p.municipality_code
    -- From the kitchen's point, or the buying municipality's centre when the kitchen is unknown or has none.
    CROSS JOIN LATERAL (
      SELECT CASE WHEN p.public_lat IS NOT NULL AND p.public_lon IS NOT NULL THEN
               fc_distance_km(CASE WHEN k.lat IS NOT NULL AND k.lon IS NOT NULL THEN k.lat ELSE m.centroid_lat END,
                              CASE WHEN k.lat IS NOT NULL AND k.lon IS NOT NULL THEN k.lon ELSE m.centroid_lon END,
                              p.public_lat, p.public_lon) END AS km) x
  ON CONFLICT (delivery_id) DO UPDATE SET
    counted = excluded.counted, municipality_code = excluded.municipality_code, source_id = excluded.source_id,
    period_start = excluded.period_start, period_end = excluded.period_end, value = excluded.value, currency = excluded.currency,
    weighed = excluded.weighed, quantity_kg = excluded.quantity_kg, organic = excluded.organic, supplier = excluded.supplier,
    origin_km = excluded.origin_km, km_rank = excluded.km_rank,
    same_municipality = excluded.same_municipality, same_region = excluded.same_region, same_country = excluded.same_country,
    category = excluded.category, kitchen_kind = excluded.kitchen_kind
$q$, lines) $f$;

-- Adds (sign 1) or takes back (sign -1) the contribution of the counted lines `ids` (all counted
-- lines when null) to the rollup, as delivery_origin describes them now. Lines are split into
-- calendar months by days, with the same expression as the statistics computed from the lines.
-- JIT off: the row estimates of these statements are poor (set-returning functions), and compiling
-- them took seconds per statement where executing takes milliseconds.
CREATE OR REPLACE FUNCTION fc_delivery_rollup_apply(ids bigint[], sign int) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  k_municipality text[];
  k_month date[];
  k_source int[];
  k_measure "Measure"[];
  k_currency text[];
  c_municipality text[];
  c_year date[];
  c_source int[];
  c_measure "Measure"[];
  c_currency text[];
  c_category text[];
  c_kind text[];
  t_municipality text[];
  t_year date[];
  t_source int[];
  t_measure "Measure"[];
  t_currency text[];
  t_category text[];
BEGIN
  IF ids IS NOT NULL AND cardinality(ids) = 0 THEN RETURN; END IF;
  -- Planned for these ids each time (a generic plan would scan every line).
  EXECUTE format($q$
  WITH parts AS (
    SELECT f.municipality_code, g.month, f.source_id, v.measure, v.currency,
           (v.amount) * ((least(f.period_end, (g.month + interval '1 month' - interval '1 day')::date) - greatest(f.period_start, g.month) + 1)::numeric
                         / (f.period_end - f.period_start + 1)) AS amount,
           greatest(f.period_start, g.month) > f.period_start AS continued,
           f.organic, f.origin_km, f.km_rank, f.same_municipality, f.same_region, f.same_country, f.supplier,
           f.category, f.kitchen_kind
      FROM delivery_origin f
      CROSS JOIN LATERAL (
        SELECT 'VALUE'::"Measure" AS measure, f.currency AS currency, f.value::numeric AS amount WHERE f.value IS NOT NULL
        UNION ALL
        SELECT 'WEIGHT'::"Measure", '', f.quantity_kg::numeric WHERE f.weighed) v
      -- Calendar months of the line (most lines lie in one: no series for those).
      CROSS JOIN LATERAL (SELECT f.period_start - (extract(day FROM f.period_start)::int - 1) AS first) fm
      CROSS JOIN LATERAL (
        SELECT fm.first AS month WHERE f.period_end < (fm.first + interval '1 month')::date
        UNION ALL
        SELECT gs::date FROM generate_series(fm.first::timestamp, f.period_end::timestamp, interval '1 month') gs
         WHERE f.period_end >= (fm.first + interval '1 month')::date) g
     WHERE f.counted AND %1$s
  ),
  ranks AS (
    SELECT municipality_code, month, source_id, measure, currency, km_rank, sum(amount) AS amount
      FROM parts WHERE km_rank IS NOT NULL AND amount IS NOT NULL
     GROUP BY municipality_code, month, source_id, measure, currency, km_rank
  ),
  -- Element i: the lines within the i-th edge, i.e. with fewer than i edges below their distance.
  km AS (
    SELECT municipality_code, month, source_id, measure, currency, ARRAY[%2$s] AS local_km
      FROM ranks
     GROUP BY municipality_code, month, source_id, measure, currency
  ),
  delta AS (
    SELECT municipality_code, month, source_id, measure, currency,
           $2 * coalesce(sum(amount), 0) AS amount,
           $2 * coalesce(sum(amount) FILTER (WHERE organic), 0) AS organic,
           $2 * coalesce(sum(amount) FILTER (WHERE origin_km IS NULL), 0) AS unknown_km,
           $2 * coalesce(sum(amount) FILTER (WHERE same_municipality), 0) AS local_municipality,
           $2 * coalesce(sum(amount) FILTER (WHERE same_municipality IS NULL), 0) AS unknown_municipality,
           $2 * coalesce(sum(amount) FILTER (WHERE same_region), 0) AS local_region,
           $2 * coalesce(sum(amount) FILTER (WHERE same_region IS NULL), 0) AS unknown_region,
           $2 * coalesce(sum(amount) FILTER (WHERE same_country), 0) AS local_country,
           $2 * coalesce(sum(amount) FILTER (WHERE same_country IS NULL), 0) AS unknown_country,
           $2 * count(*) FILTER (WHERE amount IS NOT NULL) AS lines,
           $2 * count(*) FILTER (WHERE amount IS NOT NULL AND continued) AS lines_continued,
           $2 * count(*) FILTER (WHERE amount IS NULL) AS unconverted,
           $2 * count(*) FILTER (WHERE amount IS NULL AND continued) AS unconverted_continued
      FROM parts
     GROUP BY municipality_code, month, source_id, measure, currency
  ),
  suppliers AS (
    INSERT INTO delivery_rollup_supplier AS s (municipality_code, month, source_id, measure, currency, supplier, parts)
    SELECT municipality_code, month, source_id, measure, currency, supplier, $2 * count(*)
      FROM parts WHERE supplier IS NOT NULL
     GROUP BY municipality_code, month, source_id, measure, currency, supplier
    ON CONFLICT (municipality_code, month, source_id, measure, currency, supplier) DO UPDATE SET parts = s.parts + excluded.parts
  ),
  upserted AS (
    INSERT INTO delivery_rollup AS r (municipality_code, month, source_id, measure, currency, amount, organic, unknown_km, local_km,
                                      local_municipality, unknown_municipality, local_region, unknown_region, local_country, unknown_country,
                                      lines, lines_continued, unconverted, unconverted_continued, suppliers)
    SELECT d.municipality_code, d.month, d.source_id, d.measure, d.currency, d.amount, d.organic, d.unknown_km,
           coalesce(k.local_km, array_fill(0::numeric, ARRAY[cardinality(fc_km_edges())])),
           d.local_municipality, d.unknown_municipality, d.local_region, d.unknown_region, d.local_country, d.unknown_country,
           d.lines, d.lines_continued, d.unconverted, d.unconverted_continued, '{}'
      FROM delta d
      LEFT JOIN km k ON k.municipality_code = d.municipality_code AND k.month = d.month AND k.source_id = d.source_id
                    AND k.measure = d.measure AND k.currency = d.currency
    ON CONFLICT (municipality_code, month, source_id, measure, currency) DO UPDATE SET
      %4$s
    RETURNING r.municipality_code, r.month, r.source_id, r.measure, r.currency
  ),
  -- The same parts summed per calendar year: a line counts once in a year, by its first part there
  -- (its own first month, or January when it began in an earlier year: then it is continued).
  year_parts AS (
    SELECT p.*, make_date(extract(year FROM p.month)::int, 1, 1) AS year, extract(month FROM p.month) = 1 AS january FROM parts p
  ),
  year_ranks AS (
    SELECT municipality_code, year, source_id, measure, currency, km_rank, sum(amount) AS amount
      FROM year_parts WHERE km_rank IS NOT NULL AND amount IS NOT NULL
     GROUP BY municipality_code, year, source_id, measure, currency, km_rank
  ),
  year_km AS (
    SELECT municipality_code, year, source_id, measure, currency, ARRAY[%2$s] AS local_km
      FROM year_ranks
     GROUP BY municipality_code, year, source_id, measure, currency
  ),
  year_delta AS (
    SELECT municipality_code, year, source_id, measure, currency,
           %3$s
      FROM year_parts
     GROUP BY municipality_code, year, source_id, measure, currency
  ),
  year_upserted AS (
    INSERT INTO delivery_rollup_year AS r (municipality_code, year, source_id, measure, currency, amount, organic, unknown_km, local_km,
                                           local_municipality, unknown_municipality, local_region, unknown_region, local_country, unknown_country,
                                           lines, lines_continued, unconverted, unconverted_continued, suppliers)
    SELECT d.municipality_code, d.year, d.source_id, d.measure, d.currency, d.amount, d.organic, d.unknown_km,
           coalesce(k.local_km, array_fill(0::numeric, ARRAY[cardinality(fc_km_edges())])),
           d.local_municipality, d.unknown_municipality, d.local_region, d.unknown_region, d.local_country, d.unknown_country,
           d.lines, d.lines_continued, d.unconverted, d.unconverted_continued, '{}'
      FROM year_delta d
      LEFT JOIN year_km k ON k.municipality_code = d.municipality_code AND k.year = d.year AND k.source_id = d.source_id
                         AND k.measure = d.measure AND k.currency = d.currency
    ON CONFLICT (municipality_code, year, source_id, measure, currency) DO UPDATE SET
      %4$s
    RETURNING 1
  ),
  -- The yearly sums once more per category (depth 2) and kitchen kind.
  category_ranks AS (
    SELECT municipality_code, year, source_id, measure, currency, category, kitchen_kind, km_rank, sum(amount) AS amount
      FROM year_parts WHERE km_rank IS NOT NULL AND amount IS NOT NULL
     GROUP BY municipality_code, year, source_id, measure, currency, category, kitchen_kind, km_rank
  ),
  category_km AS (
    SELECT municipality_code, year, source_id, measure, currency, category, kitchen_kind, ARRAY[%2$s] AS local_km
      FROM category_ranks
     GROUP BY municipality_code, year, source_id, measure, currency, category, kitchen_kind
  ),
  category_delta AS (
    SELECT municipality_code, year, source_id, measure, currency, category, kitchen_kind,
           %3$s
      FROM year_parts
     GROUP BY municipality_code, year, source_id, measure, currency, category, kitchen_kind
  ),
  category_suppliers AS (
    INSERT INTO delivery_rollup_category_supplier AS s (municipality_code, year, source_id, measure, currency, category, kitchen_kind, supplier, parts)
    SELECT municipality_code, year, source_id, measure, currency, category, kitchen_kind, supplier, $2 * count(*)
      FROM year_parts WHERE supplier IS NOT NULL
     GROUP BY municipality_code, year, source_id, measure, currency, category, kitchen_kind, supplier
    ON CONFLICT (municipality_code, year, source_id, measure, currency, category, kitchen_kind, supplier) DO UPDATE SET parts = s.parts + excluded.parts
  ),
  category_upserted AS (
    INSERT INTO delivery_rollup_category AS r (municipality_code, year, source_id, measure, currency, category, kitchen_kind, amount, organic,
                                               unknown_km, local_km, local_municipality, unknown_municipality, local_region, unknown_region,
                                               local_country, unknown_country, lines, lines_continued, unconverted, unconverted_continued, suppliers)
    SELECT d.municipality_code, d.year, d.source_id, d.measure, d.currency, d.category, d.kitchen_kind, d.amount, d.organic, d.unknown_km,
           coalesce(k.local_km, array_fill(0::numeric, ARRAY[cardinality(fc_km_edges())])),
           d.local_municipality, d.unknown_municipality, d.local_region, d.unknown_region, d.local_country, d.unknown_country,
           d.lines, d.lines_continued, d.unconverted, d.unconverted_continued, '{}'
      FROM category_delta d
      LEFT JOIN category_km k ON k.municipality_code = d.municipality_code AND k.year = d.year AND k.source_id = d.source_id
                             AND k.measure = d.measure AND k.currency = d.currency AND k.category = d.category AND k.kitchen_kind = d.kitchen_kind
    ON CONFLICT (municipality_code, year, source_id, measure, currency, category, kitchen_kind) DO UPDATE SET
      %4$s
    RETURNING r.municipality_code, r.year, r.source_id, r.measure, r.currency, r.category, r.kitchen_kind
  ),
  -- The yearly sums once more per top-level category (the code up to its first dot), over every kitchen kind.
  top_ranks AS (
    SELECT municipality_code, year, source_id, measure, currency, split_part(category, '.', 1) AS category, km_rank, sum(amount) AS amount
      FROM year_parts WHERE km_rank IS NOT NULL AND amount IS NOT NULL
     GROUP BY municipality_code, year, source_id, measure, currency, split_part(category, '.', 1), km_rank
  ),
  top_km AS (
    SELECT municipality_code, year, source_id, measure, currency, category, ARRAY[%2$s] AS local_km
      FROM top_ranks
     GROUP BY municipality_code, year, source_id, measure, currency, category
  ),
  top_delta AS (
    SELECT municipality_code, year, source_id, measure, currency, split_part(category, '.', 1) AS category,
           %3$s
      FROM year_parts
     GROUP BY municipality_code, year, source_id, measure, currency, split_part(category, '.', 1)
  ),
  top_upserted AS (
    INSERT INTO delivery_rollup_category_top AS r (municipality_code, year, source_id, measure, currency, category, amount, organic,
                                                   unknown_km, local_km, local_municipality, unknown_municipality, local_region, unknown_region,
                                                   local_country, unknown_country, lines, lines_continued, unconverted, unconverted_continued, suppliers)
    SELECT d.municipality_code, d.year, d.source_id, d.measure, d.currency, d.category, d.amount, d.organic, d.unknown_km,
           coalesce(k.local_km, array_fill(0::numeric, ARRAY[cardinality(fc_km_edges())])),
           d.local_municipality, d.unknown_municipality, d.local_region, d.unknown_region, d.local_country, d.unknown_country,
           d.lines, d.lines_continued, d.unconverted, d.unconverted_continued, '{}'
      FROM top_delta d
      LEFT JOIN top_km k ON k.municipality_code = d.municipality_code AND k.year = d.year AND k.source_id = d.source_id
                        AND k.measure = d.measure AND k.currency = d.currency AND k.category = d.category
    ON CONFLICT (municipality_code, year, source_id, measure, currency, category) DO UPDATE SET
      %4$s
    RETURNING r.municipality_code, r.year, r.source_id, r.measure, r.currency, r.category
  )
  SELECT u.*, c.*, t.*
    FROM (SELECT array_agg(municipality_code), array_agg(month), array_agg(source_id), array_agg(measure), array_agg(currency) FROM upserted) u
   CROSS JOIN (SELECT array_agg(municipality_code), array_agg(year), array_agg(source_id), array_agg(measure), array_agg(currency),
                      array_agg(category), array_agg(kitchen_kind) FROM category_upserted) c
   CROSS JOIN (SELECT array_agg(municipality_code), array_agg(year), array_agg(source_id), array_agg(measure), array_agg(currency),
                      array_agg(category) FROM top_upserted) t
  $q$, CASE WHEN ids IS NULL THEN 'true' ELSE 'f.delivery_id = ANY($1)' END,
       (SELECT string_agg(format('$2 * coalesce(sum(amount) FILTER (WHERE km_rank < %s), 0)', i), ', ')
          FROM generate_series(1, cardinality(fc_km_edges())) i),
       -- A year's sums (a line counts once in a year, in January when it began in an earlier year),
       -- for the yearly rows and those per category and kitchen kind.
       '$2 * coalesce(sum(amount), 0) AS amount,
           $2 * coalesce(sum(amount) FILTER (WHERE organic), 0) AS organic,
           $2 * coalesce(sum(amount) FILTER (WHERE origin_km IS NULL), 0) AS unknown_km,
           $2 * coalesce(sum(amount) FILTER (WHERE same_municipality), 0) AS local_municipality,
           $2 * coalesce(sum(amount) FILTER (WHERE same_municipality IS NULL), 0) AS unknown_municipality,
           $2 * coalesce(sum(amount) FILTER (WHERE same_region), 0) AS local_region,
           $2 * coalesce(sum(amount) FILTER (WHERE same_region IS NULL), 0) AS unknown_region,
           $2 * coalesce(sum(amount) FILTER (WHERE same_country), 0) AS local_country,
           $2 * coalesce(sum(amount) FILTER (WHERE same_country IS NULL), 0) AS unknown_country,
           $2 * count(*) FILTER (WHERE amount IS NOT NULL AND (NOT continued OR january)) AS lines,
           $2 * count(*) FILTER (WHERE amount IS NOT NULL AND continued AND january) AS lines_continued,
           $2 * count(*) FILTER (WHERE amount IS NULL AND (NOT continued OR january)) AS unconverted,
           $2 * count(*) FILTER (WHERE amount IS NULL AND continued AND january) AS unconverted_continued',
       -- Adding a delta to a stored row, at every level.
       'amount = r.amount + excluded.amount,
      organic = r.organic + excluded.organic,
      unknown_km = r.unknown_km + excluded.unknown_km,
      local_km = fc_add_numeric_arrays(r.local_km, excluded.local_km),
      local_municipality = r.local_municipality + excluded.local_municipality,
      unknown_municipality = r.unknown_municipality + excluded.unknown_municipality,
      local_region = r.local_region + excluded.local_region,
      unknown_region = r.unknown_region + excluded.unknown_region,
      local_country = r.local_country + excluded.local_country,
      unknown_country = r.unknown_country + excluded.unknown_country,
      lines = r.lines + excluded.lines,
      lines_continued = r.lines_continued + excluded.lines_continued,
      unconverted = r.unconverted + excluded.unconverted,
      unconverted_continued = r.unconverted_continued + excluded.unconverted_continued')
  INTO k_municipality, k_month, k_source, k_measure, k_currency, c_municipality, c_year, c_source, c_measure, c_currency, c_category, c_kind,
       t_municipality, t_year, t_source, t_measure, t_currency, t_category
  USING ids, sign;
  IF k_month IS NULL THEN RETURN; END IF;

  IF ids IS NULL THEN
    -- All lines at once (a rebuild): each level's 3 smallest suppliers in one grouped pass.
    UPDATE delivery_rollup r SET suppliers = s.suppliers
      FROM (SELECT municipality_code, month, source_id, measure, currency, (array_agg(supplier ORDER BY supplier))[1:3] AS suppliers
              FROM delivery_rollup_supplier GROUP BY municipality_code, month, source_id, measure, currency) s
     WHERE r.municipality_code = s.municipality_code AND r.month = s.month AND r.source_id = s.source_id
       AND r.measure = s.measure AND r.currency = s.currency;
    UPDATE delivery_rollup_year r SET suppliers = s.suppliers
      FROM (SELECT municipality_code, make_date(extract(year FROM month)::int, 1, 1) AS year, source_id, measure, currency,
                   (array_agg(DISTINCT supplier ORDER BY supplier))[1:3] AS suppliers
              FROM delivery_rollup_supplier GROUP BY 1, 2, 3, 4, 5) s
     WHERE r.municipality_code = s.municipality_code AND r.year = s.year AND r.source_id = s.source_id
       AND r.measure = s.measure AND r.currency = s.currency;
    UPDATE delivery_rollup_category r SET suppliers = s.suppliers
      FROM (SELECT municipality_code, year, source_id, measure, currency, category, kitchen_kind,
                   (array_agg(supplier ORDER BY supplier))[1:3] AS suppliers
              FROM delivery_rollup_category_supplier GROUP BY municipality_code, year, source_id, measure, currency, category, kitchen_kind) s
     WHERE r.municipality_code = s.municipality_code AND r.year = s.year AND r.source_id = s.source_id AND r.measure = s.measure
       AND r.currency = s.currency AND r.category = s.category AND r.kitchen_kind = s.kitchen_kind;
    UPDATE delivery_rollup_category_top r SET suppliers = s.suppliers
      FROM (SELECT c.municipality_code, c.year, c.source_id, c.measure, c.currency, split_part(c.category, '.', 1) AS category,
                   (array_agg(DISTINCT x ORDER BY x))[1:3] AS suppliers
              FROM delivery_rollup_category c CROSS JOIN LATERAL unnest(c.suppliers) x GROUP BY 1, 2, 3, 4, 5, 6) s
     WHERE r.municipality_code = s.municipality_code AND r.year = s.year AND r.source_id = s.source_id AND r.measure = s.measure
       AND r.currency = s.currency AND r.category = s.category;
    RETURN;
  END IF;

  IF sign < 0 THEN
    DELETE FROM delivery_rollup_supplier s
     USING unnest(k_municipality, k_month, k_source, k_measure, k_currency) AS k(municipality_code, month, source_id, measure, currency)
     WHERE s.municipality_code = k.municipality_code AND s.month = k.month AND s.source_id = k.source_id
       AND s.measure = k.measure AND s.currency = k.currency AND s.parts = 0;
    DELETE FROM delivery_rollup r
     USING unnest(k_municipality, k_month, k_source, k_measure, k_currency) AS k(municipality_code, month, source_id, measure, currency)
     WHERE r.municipality_code = k.municipality_code AND r.month = k.month AND r.source_id = k.source_id
       AND r.measure = k.measure AND r.currency = k.currency AND r.lines = 0 AND r.unconverted = 0;
  END IF;
  -- The 3 smallest suppliers left in each touched row: exact after removals too.
  UPDATE delivery_rollup r
     SET suppliers = ARRAY(SELECT s.supplier FROM delivery_rollup_supplier s
                            WHERE s.municipality_code = r.municipality_code AND s.month = r.month AND s.source_id = r.source_id
                              AND s.measure = r.measure AND s.currency = r.currency
                            ORDER BY s.supplier LIMIT 3)
    FROM unnest(k_municipality, k_month, k_source, k_measure, k_currency) AS k(municipality_code, month, source_id, measure, currency)
   WHERE r.municipality_code = k.municipality_code AND r.month = k.month AND r.source_id = k.source_id
     AND r.measure = k.measure AND r.currency = k.currency;

  -- The same for the years of the touched months.
  IF sign < 0 THEN
    DELETE FROM delivery_rollup_year r
     USING (SELECT DISTINCT municipality_code, make_date(extract(year FROM month)::int, 1, 1) AS year, source_id, measure, currency
              FROM unnest(k_municipality, k_month, k_source, k_measure, k_currency) AS k(municipality_code, month, source_id, measure, currency)) k
     WHERE r.municipality_code = k.municipality_code AND r.year = k.year AND r.source_id = k.source_id
       AND r.measure = k.measure AND r.currency = k.currency AND r.lines = 0 AND r.unconverted = 0;
  END IF;
  UPDATE delivery_rollup_year r
     SET suppliers = ARRAY(SELECT DISTINCT s.supplier FROM delivery_rollup_supplier s
                            WHERE s.municipality_code = r.municipality_code AND s.source_id = r.source_id
                              AND s.measure = r.measure AND s.currency = r.currency
                              AND s.month >= r.year AND s.month < (r.year + interval '1 year')::date
                            ORDER BY s.supplier LIMIT 3)
    FROM (SELECT DISTINCT municipality_code, make_date(extract(year FROM month)::int, 1, 1) AS year, source_id, measure, currency
            FROM unnest(k_municipality, k_month, k_source, k_measure, k_currency) AS k(municipality_code, month, source_id, measure, currency)) k
   WHERE r.municipality_code = k.municipality_code AND r.year = k.year AND r.source_id = k.source_id
     AND r.measure = k.measure AND r.currency = k.currency;

  -- The same for the rows per category and kitchen kind.
  IF sign < 0 THEN
    DELETE FROM delivery_rollup_category_supplier s
     USING unnest(c_municipality, c_year, c_source, c_measure, c_currency, c_category, c_kind)
           AS k(municipality_code, year, source_id, measure, currency, category, kitchen_kind)
     WHERE s.municipality_code = k.municipality_code AND s.year = k.year AND s.source_id = k.source_id AND s.measure = k.measure
       AND s.currency = k.currency AND s.category = k.category AND s.kitchen_kind = k.kitchen_kind AND s.parts = 0;
    DELETE FROM delivery_rollup_category r
     USING unnest(c_municipality, c_year, c_source, c_measure, c_currency, c_category, c_kind)
           AS k(municipality_code, year, source_id, measure, currency, category, kitchen_kind)
     WHERE r.municipality_code = k.municipality_code AND r.year = k.year AND r.source_id = k.source_id AND r.measure = k.measure
       AND r.currency = k.currency AND r.category = k.category AND r.kitchen_kind = k.kitchen_kind AND r.lines = 0 AND r.unconverted = 0;
  END IF;
  UPDATE delivery_rollup_category r
     SET suppliers = ARRAY(SELECT s.supplier FROM delivery_rollup_category_supplier s
                            WHERE s.municipality_code = r.municipality_code AND s.year = r.year AND s.source_id = r.source_id
                              AND s.measure = r.measure AND s.currency = r.currency AND s.category = r.category
                              AND s.kitchen_kind = r.kitchen_kind
                            ORDER BY s.supplier LIMIT 3)
    FROM unnest(c_municipality, c_year, c_source, c_measure, c_currency, c_category, c_kind)
         AS k(municipality_code, year, source_id, measure, currency, category, kitchen_kind)
   WHERE r.municipality_code = k.municipality_code AND r.year = k.year AND r.source_id = k.source_id AND r.measure = k.measure
     AND r.currency = k.currency AND r.category = k.category AND r.kitchen_kind = k.kitchen_kind;

  -- The same for the rows per top-level category: the 3 smallest of the union of its subcategories'
  -- rows are among the 3 smallest of each of those rows.
  IF sign < 0 THEN
    DELETE FROM delivery_rollup_category_top r
     USING unnest(t_municipality, t_year, t_source, t_measure, t_currency, t_category)
           AS k(municipality_code, year, source_id, measure, currency, category)
     WHERE r.municipality_code = k.municipality_code AND r.year = k.year AND r.source_id = k.source_id AND r.measure = k.measure
       AND r.currency = k.currency AND r.category = k.category AND r.lines = 0 AND r.unconverted = 0;
  END IF;
  UPDATE delivery_rollup_category_top r
     SET suppliers = ARRAY(SELECT DISTINCT x FROM delivery_rollup_category c CROSS JOIN LATERAL unnest(c.suppliers) x
                            WHERE c.municipality_code = r.municipality_code AND c.year = r.year AND c.source_id = r.source_id
                              AND c.measure = r.measure AND c.currency = r.currency AND split_part(c.category, '.', 1) = r.category
                            ORDER BY x LIMIT 3)
    FROM unnest(t_municipality, t_year, t_source, t_measure, t_currency, t_category)
         AS k(municipality_code, year, source_id, measure, currency, category)
   WHERE r.municipality_code = k.municipality_code AND r.year = k.year AND r.source_id = k.source_id AND r.measure = k.measure
     AND r.currency = k.currency AND r.category = k.category;
END $$;

-- Takes back the contribution of the lines `ids` as they were, judges them again from the current
-- rows, and adds their contribution as they are now.
CREATE OR REPLACE FUNCTION fc_delivery_rollup_replace(ids bigint[]) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  PERFORM fc_delivery_rollup_apply(ids, -1);
  DELETE FROM delivery_origin o WHERE o.delivery_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.id = o.delivery_id);
  EXECUTE fc_delivery_origin_upsert_sql('(SELECT * FROM delivery WHERE id = ANY($1))') USING ids;
  PERFORM fc_delivery_rollup_apply(ids, 1);
END $$;

CREATE OR REPLACE FUNCTION fc_delivery_rollup_on_insert() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  ids bigint[];
  targets bigint[];
BEGIN
  SELECT array_agg(n.id), array_agg(DISTINCT n.replaces_id) FILTER (WHERE n.replaces_id IS NOT NULL) INTO ids, targets FROM new_rows n;
  IF ids IS NULL THEN RETURN NULL; END IF;
  IF targets IS NULL THEN
    -- The bulk path: new lines that replace nothing.
    EXECUTE fc_delivery_origin_upsert_sql('new_rows');
    PERFORM fc_delivery_rollup_apply(ids, 1);
  ELSE
    -- Lines replaced by the new ones stop counting.
    PERFORM fc_delivery_rollup_replace(ids || targets);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_delivery_rollup_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only the columns statistics read: an update touching none of them changes nothing. Lines that
  -- a changed line replaces (or replaced) may start or stop counting.
  PERFORM fc_delivery_rollup_replace(ARRAY(
    WITH changed AS (
      SELECT o.id, o.replaces_id AS old_replaces, n.replaces_id AS new_replaces
        FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.municipality_code, o.kitchen_id, o.producer_id, o.supplier_producer_id, o.supplier_organization_id, o.supplier_name,
              o.origin_country, o.period_start, o.period_end, o.quantity, o.quantity_kg, o.value, o.currency, o.organic,
              o.source_id, o.deleted_at, o.replaces_id, o.category_code)
             IS DISTINCT FROM
             (n.municipality_code, n.kitchen_id, n.producer_id, n.supplier_producer_id, n.supplier_organization_id, n.supplier_name,
              n.origin_country, n.period_start, n.period_end, n.quantity, n.quantity_kg, n.value, n.currency, n.organic,
              n.source_id, n.deleted_at, n.replaces_id, n.category_code))
    SELECT id FROM changed
    UNION
    SELECT t.id FROM changed c CROSS JOIN LATERAL (VALUES (c.old_replaces), (c.new_replaces)) t(id) WHERE t.id IS NOT NULL));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_delivery_rollup_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fc_delivery_rollup_replace(ARRAY(
    SELECT o.id FROM old_rows o UNION SELECT o.replaces_id FROM old_rows o WHERE o.replaces_id IS NOT NULL));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_delivery_rollup_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE delivery_origin, delivery_rollup, delivery_rollup_supplier, delivery_rollup_year, delivery_rollup_category,
           delivery_rollup_category_supplier, delivery_rollup_category_top;
  RETURN NULL;
END $$;

-- Lines judged from a producer, kitchen or municipality that moved (or a kitchen whose kind changed).
CREATE OR REPLACE FUNCTION fc_delivery_rollup_on_producer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fc_delivery_rollup_replace(ARRAY(
    SELECT d.id FROM delivery d
     WHERE d.producer_id IN (SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                              WHERE (o.public_lat, o.public_lon, o.municipality_code, o.country_code)
                                    IS DISTINCT FROM (n.public_lat, n.public_lon, n.municipality_code, n.country_code))));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_delivery_rollup_on_kitchen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fc_delivery_rollup_replace(ARRAY(
    SELECT d.id FROM delivery d
     WHERE d.kitchen_id IN (SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                             WHERE (o.lat, o.lon, o.kind) IS DISTINCT FROM (n.lat, n.lon, n.kind))));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_delivery_rollup_on_municipality() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved text[];
BEGIN
  SELECT array_agg(n.code) INTO moved
    FROM old_rows o JOIN new_rows n ON n.code = o.code
   WHERE (o.centroid_lat, o.centroid_lon, o.region_code, o.country_code) IS DISTINCT FROM (n.centroid_lat, n.centroid_lon, n.region_code, n.country_code);
  IF moved IS NULL THEN RETURN NULL; END IF;
  PERFORM fc_delivery_rollup_replace(ARRAY(
    SELECT d.id FROM delivery d WHERE d.municipality_code = ANY(moved)
    UNION
    SELECT d.id FROM delivery d JOIN producer p ON p.id = d.producer_id WHERE p.municipality_code = ANY(moved)));
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER delivery_rollup_insert AFTER INSERT ON delivery
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_delivery_rollup_on_insert();
CREATE OR REPLACE TRIGGER delivery_rollup_update AFTER UPDATE ON delivery
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_delivery_rollup_on_update();
CREATE OR REPLACE TRIGGER delivery_rollup_delete AFTER DELETE ON delivery
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_delivery_rollup_on_delete();
CREATE OR REPLACE TRIGGER delivery_rollup_truncate AFTER TRUNCATE ON delivery
  FOR EACH STATEMENT EXECUTE FUNCTION fc_delivery_rollup_on_truncate();
CREATE OR REPLACE TRIGGER delivery_rollup_producer AFTER UPDATE ON producer
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_delivery_rollup_on_producer();
CREATE OR REPLACE TRIGGER delivery_rollup_kitchen AFTER UPDATE ON kitchen
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_delivery_rollup_on_kitchen();
CREATE OR REPLACE TRIGGER delivery_rollup_municipality AFTER UPDATE ON municipality
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fc_delivery_rollup_on_municipality();

-- Rebuilds delivery_origin and the rollup from all lines (after a bulk load with triggers off, or
-- to check the maintained rollup against a fresh one): the origins in chunks, the sums at once.
CREATE OR REPLACE FUNCTION fc_delivery_rollup_rebuild() RETURNS void LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  lo bigint;
  hi bigint;
BEGIN
  TRUNCATE delivery_origin, delivery_rollup, delivery_rollup_supplier, delivery_rollup_year, delivery_rollup_category,
           delivery_rollup_category_supplier, delivery_rollup_category_top;
  SELECT min(id), max(id) INTO lo, hi FROM delivery;
  WHILE lo <= hi LOOP
    EXECUTE fc_delivery_origin_upsert_sql('(SELECT * FROM delivery WHERE id >= $1 AND id < $2)') USING lo, lo + 200000;
    lo := lo + 200000;
  END LOOP;
  PERFORM fc_delivery_rollup_apply(NULL, 1);
  -- Rewritten in key order, without the dead versions the supplier lists left: statistics read a
  -- region's or a municipality's rows from neighbouring pages.
  CLUSTER delivery_rollup USING delivery_rollup_pkey;
  CLUSTER delivery_rollup_year USING delivery_rollup_year_pkey;
  CLUSTER delivery_rollup_category USING delivery_rollup_category_pkey;
  CLUSTER delivery_rollup_category_top USING delivery_rollup_category_top_pkey;
  ANALYZE delivery_origin, delivery_rollup, delivery_rollup_supplier, delivery_rollup_year, delivery_rollup_category,
          delivery_rollup_category_supplier, delivery_rollup_category_top;
END $$;

-- Sums the years from the months (a monthly row of January counts its continued lines as continued
-- into the year; the other months' continued lines were counted where they began): fills the yearly
-- level of a rollup kept before it existed, and lets a test hold the two levels to each other.
CREATE OR REPLACE FUNCTION fc_delivery_rollup_year_from_months() RETURNS void LANGUAGE sql AS $$
DELETE FROM delivery_rollup_year;
INSERT INTO delivery_rollup_year (municipality_code, year, source_id, measure, currency, amount, organic, unknown_km, local_km,
                                  local_municipality, unknown_municipality, local_region, unknown_region, local_country, unknown_country,
                                  lines, lines_continued, unconverted, unconverted_continued, suppliers)
WITH months AS (
  SELECT r.*, make_date(extract(year FROM r.month)::int, 1, 1) AS year FROM delivery_rollup r
),
km AS (
  SELECT municipality_code, year, source_id, measure, currency, array_agg(amount ORDER BY i) AS local_km
    FROM (SELECT m.municipality_code, m.year, m.source_id, m.measure, m.currency, u.i, sum(u.x) AS amount
            FROM months m CROSS JOIN LATERAL unnest(m.local_km) WITH ORDINALITY AS u(x, i)
           GROUP BY m.municipality_code, m.year, m.source_id, m.measure, m.currency, u.i) e
   GROUP BY municipality_code, year, source_id, measure, currency
)
SELECT m.municipality_code, m.year, m.source_id, m.measure, m.currency,
       sum(m.amount), sum(m.organic), sum(m.unknown_km), km.local_km,
       sum(m.local_municipality), sum(m.unknown_municipality), sum(m.local_region), sum(m.unknown_region),
       sum(m.local_country), sum(m.unknown_country),
       (sum(m.lines - m.lines_continued) + coalesce(sum(m.lines_continued) FILTER (WHERE m.month = m.year), 0))::int,
       coalesce(sum(m.lines_continued) FILTER (WHERE m.month = m.year), 0)::int,
       (sum(m.unconverted - m.unconverted_continued) + coalesce(sum(m.unconverted_continued) FILTER (WHERE m.month = m.year), 0))::int,
       coalesce(sum(m.unconverted_continued) FILTER (WHERE m.month = m.year), 0)::int,
       ARRAY(SELECT DISTINCT s.supplier FROM delivery_rollup_supplier s
              WHERE s.municipality_code = m.municipality_code AND s.source_id = m.source_id AND s.measure = m.measure
                AND s.currency = m.currency AND s.month >= m.year AND s.month < (m.year + interval '1 year')::date
              ORDER BY s.supplier LIMIT 3)
  FROM months m
  JOIN km ON km.municipality_code = m.municipality_code AND km.year = m.year AND km.source_id = m.source_id
         AND km.measure = m.measure AND km.currency = m.currency
 GROUP BY m.municipality_code, m.year, m.source_id, m.measure, m.currency, km.local_km;
$$;

-- Sums the rows per top-level category from those per category and kitchen kind (the same sums
-- split finer; their 3 smallest suppliers hold the 3 smallest of the union): fills the top level of a
-- rollup kept before it existed, and lets a test hold the two levels to each other.
CREATE OR REPLACE FUNCTION fc_delivery_rollup_top_from_categories() RETURNS void LANGUAGE sql AS $$
DELETE FROM delivery_rollup_category_top;
INSERT INTO delivery_rollup_category_top (municipality_code, year, source_id, measure, currency, category, amount, organic, unknown_km, local_km,
                                          local_municipality, unknown_municipality, local_region, unknown_region, local_country, unknown_country,
                                          lines, lines_continued, unconverted, unconverted_continued, suppliers)
WITH rows AS (
  SELECT c.*, split_part(c.category, '.', 1) AS top FROM delivery_rollup_category c
),
km AS (
  SELECT municipality_code, year, source_id, measure, currency, top, array_agg(amount ORDER BY i) AS local_km
    FROM (SELECT r.municipality_code, r.year, r.source_id, r.measure, r.currency, r.top, u.i, sum(u.x) AS amount
            FROM rows r CROSS JOIN LATERAL unnest(r.local_km) WITH ORDINALITY AS u(x, i)
           GROUP BY r.municipality_code, r.year, r.source_id, r.measure, r.currency, r.top, u.i) e
   GROUP BY municipality_code, year, source_id, measure, currency, top
),
suppliers AS (
  SELECT r.municipality_code, r.year, r.source_id, r.measure, r.currency, r.top, (array_agg(DISTINCT x ORDER BY x))[1:3] AS suppliers
    FROM rows r CROSS JOIN LATERAL unnest(r.suppliers) x
   GROUP BY r.municipality_code, r.year, r.source_id, r.measure, r.currency, r.top
)
SELECT r.municipality_code, r.year, r.source_id, r.measure, r.currency, r.top,
       sum(r.amount), sum(r.organic), sum(r.unknown_km), km.local_km,
       sum(r.local_municipality), sum(r.unknown_municipality), sum(r.local_region), sum(r.unknown_region),
       sum(r.local_country), sum(r.unknown_country),
       sum(r.lines)::int, sum(r.lines_continued)::int, sum(r.unconverted)::int, sum(r.unconverted_continued)::int,
       coalesce(s.suppliers, '{}')
  FROM rows r
  JOIN km ON km.municipality_code = r.municipality_code AND km.year = r.year AND km.source_id = r.source_id
         AND km.measure = r.measure AND km.currency = r.currency AND km.top = r.top
  LEFT JOIN suppliers s ON s.municipality_code = r.municipality_code AND s.year = r.year AND s.source_id = r.source_id
                       AND s.measure = r.measure AND s.currency = r.currency AND s.top = r.top
 GROUP BY r.municipality_code, r.year, r.source_id, r.measure, r.currency, r.top, km.local_km, s.suppliers;
$$;

-- Room in each page for the triggers' updates of a row (kept in its page), then the rows per
-- top-level category summed from those per category and kitchen kind, without reading the lines.
-- Writers of the rollup wait meanwhile (reads go on), so that none is left out of the sums: they go
-- on, through the new functions, when the migration commits.
ALTER TABLE "delivery_rollup_category_top" SET (fillfactor = 80);
LOCK TABLE "delivery_rollup_category" IN SHARE MODE;
SELECT fc_delivery_rollup_top_from_categories();
ANALYZE delivery_rollup_category_top;
