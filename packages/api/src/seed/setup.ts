import type { Config } from '../config.js';
import { type Database, openDatabase, openPglite } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { seedDemo } from './demo.js';
import { REFERENCE_SOURCES, loadReferenceData } from './reference.js';
import { rebuildDeliveryRollup } from '../stats/rollup.js';
import { isNewDataFolder, readStarter } from './starter.js';

type Progress = (message: string) => void;

/**
 * Loads the reference data (places, categories, unit factors and their sources) and, unless
 * `demo: false`, the invented demo dataset into a migrated, empty database. Returns the demo's counts
 * (empty without it).
 */
export async function seedDatabase(db: Database, onProgress: Progress = () => {}, options: { demo?: boolean } = {}): Promise<Record<string, number>> {
  onProgress('Loading reference data (municipalities, regions, categories)…');
  await loadReferenceData(db);
  if (options.demo === false) {
    await db.sql.exec('ANALYZE');
    return {};
  }
  return loadDemoData(db, onProgress);
}

/** Adds the invented demo dataset to a database that holds the reference data. */
export async function loadDemoData(db: Database, onProgress: Progress = () => {}): Promise<Record<string, number>> {
  onProgress('Loading the demo dataset…');
  const counts = await seedDemo(db, { onProgress });
  await refreshPublicLocations(db);
  // The bulk load bypasses the triggers that keep the statistics rollup; build it from the lines.
  await rebuildDeliveryRollup(db);
  // The load bypasses the change feed too: goal progress kept from before it is out of date.
  await db.sql.exec('DELETE FROM goal_progress');
  // Fresh planner statistics after a bulk load: without them the planner picks nested loops that
  // turn millisecond statistics queries into minutes.
  await db.sql.exec('ANALYZE');
  return counts;
}

/** Whether the database has no records yet (fresh, or only migrated). */
export async function isEmpty(db: Database): Promise<boolean> {
  return (await db.prisma.source.count()) === 0;
}

/**
 * Whether the database holds nothing but the reference data: every record comes with a source, so
 * any source other than the reference ones (the demo's, an import's, a partner's) means more data.
 */
export async function hasOnlyReferenceData(db: Database): Promise<boolean> {
  // The partner registry ('partners') holds organizations, not data: the operator's is there from the first start.
  const referenceKeys = [...Object.values(REFERENCE_SOURCES).map((s) => s.key), 'partners'];
  return (await db.prisma.source.count({ where: { key: { notIn: referenceKeys } } })) === 0;
}

/** Held while a process decides whether to seed and seeds, so that replicas starting together seed once. */
const SEED_LOCK_KEY = 4_711_004_713;

async function seedIfEmpty(db: Database, demo: boolean, onProgress: Progress): Promise<'reference' | 'reference and demo' | undefined> {
  const seed = async () => {
    if (!(await isEmpty(db))) return undefined;
    await seedDatabase(db, onProgress, { demo });
    return demo ? 'reference and demo' : 'reference';
  };
  if (db.kind !== 'postgresql') return seed();
  return db.session(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
    try {
      return await seed();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_KEY]);
    }
  });
}

/**
 * Opens the configured database, migrates it, and seeds it the first time: the reference data always,
 * the demo dataset only when `config.demoData` says so.
 */
export async function prepareDatabase(
  config: Pick<Config, 'databaseUrl' | 'pgliteDir' | 'demoData'>,
  onProgress: Progress = () => {},
  options: { starter?: () => Blob | undefined } = {},
) {
  // A first start on the embedded database with the demo data unpacks the starter built with this
  // code, when there is one: the same database the steps below would build, in a fraction of the time.
  const starter = !config.databaseUrl && config.demoData && isNewDataFolder(config.pgliteDir) ? (options.starter ?? readStarter)() : undefined;
  if (starter) onProgress('Unpacking the starter database (reference and demo data)…');
  const db = starter ? await openPglite(config.pgliteDir, { from: starter }) : await openDatabase(config);
  try {
    const applied = await applyMigrations(db);
    const seeded = starter ? 'reference and demo' : await seedIfEmpty(db, config.demoData, onProgress);
    return { db, applied, seeded };
  } catch (error) {
    await db.close();
    throw error;
  }
}
