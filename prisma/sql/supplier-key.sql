-- ─── Supplier key ────────────────────────────────────────────────────────────────────────────
--
-- Who delivered, as one key: a registered producer ('p' || id), an organization ('o' || id), or a
-- name ('n' || lower-cased, trimmed name). The rollup triggers key suppliers by it
-- (delivery-rollup.sql) and src/stats/delivery-stats.ts counts suppliers with it from the lines,
-- so both count the same suppliers.
--
-- It is computed for every line the statistics triggers judge and every line statistics read, so
-- its body must stay IMMUTABLE for PostgreSQL to inline it: written with int || text, the body was
-- only STABLE (anytextcat) and the function was called row by row (560 ms for 200,000 lines
-- instead of 50 ms). Hence the explicit casts.
CREATE OR REPLACE FUNCTION fc_supplier_key(producer_id int, organization_id int, name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce('p' || producer_id::text, 'o' || organization_id::text, 'n' || lower(btrim(name))) $$;
