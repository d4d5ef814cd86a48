/**
 * What other packages' tests, benchmarks and demo servers use to run the API in process: open a
 * database, migrate it, load reference and demo data, and build the server. Imported as
 * `@food-commons/api/testing`; this file is the package's stable surface for that, so files inside
 * src/ can move without breaking other packages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './config.js';
import { type Database, openPglite } from './db/database.js';
import { applyMigrations } from './db/migrate.js';
import { seedDatabase } from './seed/setup.js';
import { readStarter } from './seed/starter.js';
import { newestSource } from './test/server-process.js';

export { type Database, openPglite, openPostgres } from './db/database.js';
export { applyMigrations } from './db/migrate.js';
export { createServer, type FoodCommonsYoga } from './graphql/yoga.js';
export { refreshPublicLocations } from './privacy/public-location.js';
export { DEMO_SCALE, type DemoScale, seedDemo } from './seed/demo.js';
export { loadReferenceData } from './seed/reference.js';
export { seedDatabase } from './seed/setup.js';

/**
 * An in-memory PGlite database with the reference and demo data, as `pnpm start` serves it: unpacked
 * from the starter database `pnpm build` made when that build is newer than every source file (so it
 * holds what these sources would seed), else migrated and seeded here.
 */
export async function openDemoDatabase(): Promise<{ db: Database; from: 'starter' | 'seed' }> {
  const apiDir = path.join(repoRoot, 'packages/api');
  const builtStarter = path.join(apiDir, 'dist/starter');
  const fingerprint = path.join(builtStarter, 'fingerprint');
  const current = fs.existsSync(fingerprint) && fs.statSync(fingerprint).mtimeMs >= newestSource(path.join(apiDir, 'src'));
  const starter = current ? readStarter(builtStarter, { requireCompiled: false }) : undefined;
  if (starter) return { db: await openPglite('memory://', { from: starter }), from: 'starter' };
  const db = await openPglite('memory://');
  try {
    await applyMigrations(db);
    await seedDatabase(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, from: 'seed' };
}
