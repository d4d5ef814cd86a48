import type { Database } from '../db/database.js';

/**
 * Rebuilds the statistics rollup (`delivery_origin`, `delivery_rollup`) from all delivery lines.
 * Triggers keep it current on every write; a bulk load that switches triggers off (the demo seed
 * does, as superuser) must call this afterwards. One statement.
 */
export async function rebuildDeliveryRollup(db: Database): Promise<void> {
  await db.sql.query('SELECT fc_delivery_rollup_rebuild()');
}
