import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { seedDemo } from './demo.js';
import { loadReferenceData } from './reference.js';
import { rebuildDeliveryRollup } from '../stats/rollup.js';

/** Loads reference data and the demo dataset into a migrated, empty database. */
export async function seedDatabase(db: Database, onProgress: (message: string) => void = () => {}): Promise<Record<string, number>> {
  onProgress('Loading reference data (municipalities, regions, categories)…');
  await loadReferenceData(db);
  onProgress('Loading the demo dataset…');
  const counts = await seedDemo(db, { onProgress });
  await refreshPublicLocations(db);
  // The bulk load bypasses the triggers that keep the statistics rollup; build it from the lines.
  await rebuildDeliveryRollup(db);
  // Fresh planner statistics after a bulk load: without them the planner picks nested loops that
  // turn millisecond statistics queries into minutes.
  await db.sql.exec('ANALYZE');
  return counts;
}

/** Whether the database has no records yet (fresh, or only migrated). */
export async function isEmpty(db: Database): Promise<boolean> {
  return (await db.prisma.source.count()) === 0;
}

/** Opens the configured database, migrates it, and seeds it the first time. */
export async function prepareDatabase(config: Pick<Config, 'databaseUrl' | 'pgliteDir'>, onProgress: (message: string) => void = () => {}) {
  const db = await openDatabase(config);
  try {
    const applied = await applyMigrations(db);
    let seeded = false;
    if (await isEmpty(db)) {
      await seedDatabase(db, onProgress);
      seeded = true;
    }
    return { db, applied, seeded };
  } catch (error) {
    await db.close();
    throw error;
  }
}
