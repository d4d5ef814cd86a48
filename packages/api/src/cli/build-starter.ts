/**
 * `node dist/cli/build-starter.js`, run by `pnpm build`: builds the starter database (see
 * seed/starter.ts) that a first start on the embedded database unpacks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Database, openPglite } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { seedDatabase } from '../seed/setup.js';
import { STARTER_FINGERPRINT, STARTER_TARBALL, starterDir, starterFingerprint } from '../seed/starter.js';

/** Builds the starter: a migrated embedded database with the reference and demo data, as a tarball. */
export async function buildStarter(dir = starterDir, onProgress: (message: string) => void = () => {}): Promise<{ bytes: number }> {
  const db: Database = await openPglite('memory://');
  let tarball: Blob;
  try {
    await applyMigrations(db);
    await seedDatabase(db, onProgress, { demo: true });
    // The dump is of a running cluster: a checkpoint first leaves nothing for recovery to replay.
    await db.sql.exec('CHECKPOINT');
    tarball = await db.snapshot!('gzip');
  } finally {
    await db.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const bytes = Buffer.from(await tarball.arrayBuffer());
  fs.writeFileSync(path.join(dir, STARTER_TARBALL), bytes);
  // Written last: a build interrupted before this line leaves no starter that claims to be current.
  fs.writeFileSync(path.join(dir, STARTER_FINGERPRINT), `${starterFingerprint()}\n`);
  return { bytes: bytes.length };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const started = performance.now();
  const { bytes } = await buildStarter(starterDir);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Starter database built in ${seconds} s: ${(bytes / 2 ** 20).toFixed(1)} MB in ${path.relative(process.cwd(), starterDir)}`);
}
