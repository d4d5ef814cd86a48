-- CreateTable
CREATE TABLE "delivery_rollup_year" (
    "municipality_code" TEXT NOT NULL,
    "year" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "measure" "Measure" NOT NULL,
    "currency" TEXT NOT NULL,
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

    CONSTRAINT "delivery_rollup_year_pkey" PRIMARY KEY ("municipality_code","year","source_id","measure","currency")
);

-- ─── The yearly level of the statistics rollup ─────────────────────────────────────────────────
--
-- delivery_rollup_year holds the rollup's sums per calendar year, shaped like a monthly row for
-- January that covers the year: lines/unconverted count each line once in the year, and *_continued
-- those begun in an earlier year (continuing into January). fc_delivery_rollup_apply adds each
-- write's contribution to it by the same additive deltas as to the months (so concurrent writers
-- commute), and keeps its 3 smallest suppliers from delivery_rollup_supplier.

CREATE OR REPLACE FUNCTION fc_delivery_rollup_apply(ids bigint[], sign int) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  k_municipality text[];
  k_month date[];
  k_source int[];
  k_measure "Measure"[];
  k_currency text[];
BEGIN
  IF ids IS NOT NULL AND cardinality(ids) = 0 THEN RETURN; END IF;
  -- Planned for these ids each time (a generic plan would scan every line).
  EXECUTE format($q$
  WITH parts AS (
    SELECT f.municipality_code, g.month, f.source_id, v.measure, v.currency,
           (v.amount) * ((least(f.period_end, (g.month + interval '1 month' - interval '1 day')::date) - greatest(f.period_start, g.month) + 1)::numeric
                         / (f.period_end - f.period_start + 1)) AS amount,
           greatest(f.period_start, g.month) > f.period_start AS continued,
           f.organic, f.origin_km, f.km_rank, f.same_municipality, f.same_region, f.same_country, f.supplier
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
      amount = r.amount + excluded.amount,
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
      unconverted_continued = r.unconverted_continued + excluded.unconverted_continued
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
           $2 * coalesce(sum(amount), 0) AS amount,
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
           $2 * count(*) FILTER (WHERE amount IS NULL AND continued AND january) AS unconverted_continued
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
      amount = r.amount + excluded.amount,
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
      unconverted_continued = r.unconverted_continued + excluded.unconverted_continued
    RETURNING 1
  )
  SELECT array_agg(municipality_code), array_agg(month), array_agg(source_id), array_agg(measure), array_agg(currency) FROM upserted
  $q$, CASE WHEN ids IS NULL THEN 'true' ELSE 'f.delivery_id = ANY($1)' END,
       (SELECT string_agg(format('$2 * coalesce(sum(amount) FILTER (WHERE km_rank < %s), 0)', i), ', ')
          FROM generate_series(1, cardinality(fc_km_edges())) i))
  INTO k_municipality, k_month, k_source, k_measure, k_currency
  USING ids, sign;
  IF k_month IS NULL THEN RETURN; END IF;

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
END $$;

CREATE OR REPLACE FUNCTION fc_delivery_rollup_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE delivery_origin, delivery_rollup, delivery_rollup_supplier, delivery_rollup_year;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION fc_delivery_rollup_rebuild() RETURNS void LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  lo bigint;
  hi bigint;
BEGIN
  TRUNCATE delivery_origin, delivery_rollup, delivery_rollup_supplier, delivery_rollup_year;
  SELECT min(id), max(id) INTO lo, hi FROM delivery;
  WHILE lo <= hi LOOP
    EXECUTE fc_delivery_origin_upsert_sql('(SELECT * FROM delivery WHERE id >= $1 AND id < $2)') USING lo, lo + 200000;
    lo := lo + 200000;
  END LOOP;
  PERFORM fc_delivery_rollup_apply(NULL, 1);
  ANALYZE delivery_origin, delivery_rollup, delivery_rollup_supplier, delivery_rollup_year;
END $$;

-- Sums the years from the months (a monthly row of January counts its continued lines as continued
-- into the year; the other months' continued lines were counted where they began): fills the yearly
-- level of a rollup kept before it existed, and lets a test hold the two levels to each other.
CREATE FUNCTION fc_delivery_rollup_year_from_months() RETURNS void LANGUAGE sql AS $$
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

SELECT fc_delivery_rollup_year_from_months();

-- Statistics for the planner (autovacuum may be off).
ANALYZE delivery_rollup_year;
