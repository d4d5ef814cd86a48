-- ─── Distances ───────────────────────────────────────────────────────────────────────────────
--
-- The one definition of "how far" that every statistic uses: the statistics computed from the
-- delivery lines (src/stats/delivery-stats.ts) and the rollup kept by triggers
-- (delivery-rollup.sql) both measure with fc_distance_km and bucket by fc_km_edges, so the two
-- give the same numbers for "within X km".

-- Distance edges (km) with cumulative local sums in delivery_rollup.local_km; ascending.
CREATE OR REPLACE FUNCTION fc_km_edges() RETURNS float8[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT '{1,2,3,4,5,10,15,20,25,30,35,40,45,50,60,70,75,80,90,100,120,125,150,175,200,250,300,400,500,750,1000,1500,2000}'::float8[] $$;

-- Great-circle (haversine) distance in km. Statistics compare it with <=, so every computation of
-- "within X km" uses this one expression.
CREATE OR REPLACE FUNCTION fc_distance_km(lat1 float8, lon1 float8, lat2 float8, lon2 float8) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT 2 * 6371.0088 * asin(least(1, sqrt(
            power(sin(radians(lat2 - lat1) / 2), 2)
          + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))) $$;
