import type { Database } from '../db/database.js';

/**
 * Recomputes the public location of producers: exact, unless the producer's organization is a
 * natural person without a standing consent to publish an exact location, in which case the
 * municipality's centre (or nothing, outside the covered municipalities). One statement; pass
 * producer IDs to limit it to those rows.
 */
export async function refreshPublicLocations(db: Database, producerIds?: number[]): Promise<void> {
  await db.sql.query(
    `UPDATE producer p SET
        public_lat = CASE WHEN x.hidden THEN m.centroid_lat ELSE p.lat END,
        public_lon = CASE WHEN x.hidden THEN m.centroid_lon ELSE p.lon END,
        location_precision = (CASE WHEN x.hidden THEN 'MUNICIPALITY' ELSE 'EXACT' END)::"LocationPrecision"
       FROM producer p2
       LEFT JOIN municipality m ON m.code = p2.municipality_code
       CROSS JOIN LATERAL (
         SELECT COALESCE(o.natural_person, false) AND NOT EXISTS (
                  SELECT 1 FROM consent_record c
                   WHERE c.organization_id = o.id AND c.scope = 'EXACT_LOCATION'
                     AND c.withdrawn_at IS NULL AND c.deleted_at IS NULL) AS hidden
           FROM (SELECT 1) one LEFT JOIN organization o ON o.id = p2.organization_id
       ) x
      WHERE p.id = p2.id AND ($1::int[] IS NULL OR p.id = ANY($1::int[]))`,
    [producerIds ?? null],
  );
}
