/**
 * The starter database: the embedded database as a first start leaves it (migrated, with the
 * reference data, the demo data and their statistics), built once by `pnpm build` and unpacked into an
 * empty data folder on a first start instead of creating, migrating and seeding it there.
 *
 * A starter is used only when it was built from the same migrations and reference data files as the
 * running code (its fingerprint); otherwise, or without one, a first start builds the database itself.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationsDir } from '../db/migrate.js';
import { referenceDataDir } from './reference.js';

/** Where `pnpm build` writes the starter: beside the compiled code, so that it ships with it. */
export const starterDir = fileURLToPath(new URL('../starter/', import.meta.url));
export const STARTER_TARBALL = 'database.tar.gz';
export const STARTER_FINGERPRINT = 'fingerprint';

/** Every file under `dir`, relative and sorted, so that the walk does not depend on the file system's order. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * A hash of what the starter is built from besides the code: the migrations and the reference data
 * files. The code is compiled together with the starter, so it cannot differ from it.
 */
export function starterFingerprint(): string {
  const hash = createHash('sha256');
  for (const [label, dir] of [
    ['migrations', migrationsDir],
    ['data', referenceDataDir],
  ] as const) {
    for (const file of filesUnder(dir)) {
      hash.update(`${label}/${file}\0`);
      hash.update(fs.readFileSync(path.join(dir, file)));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/**
 * The starter as a tarball when one was built from the same migrations and data as this code, and
 * the running code is the compiled one that was built with it (sources run through `pnpm dev` may
 * have changed the seed since); undefined otherwise.
 */
export function readStarter(dir = starterDir, options: { requireCompiled?: boolean } = {}): Blob | undefined {
  if ((options.requireCompiled ?? true) && !import.meta.url.includes('/dist/')) return undefined;
  try {
    const fingerprint = fs.readFileSync(path.join(dir, STARTER_FINGERPRINT), 'utf8').trim();
    if (fingerprint !== starterFingerprint()) return undefined;
    return new Blob([fs.readFileSync(path.join(dir, STARTER_TARBALL))]);
  } catch {
    return undefined; // no starter: the first start builds the database
  }
}

/** Whether `dir` holds no PostgreSQL cluster yet (missing, empty, or only the lock file's folder). */
export function isNewDataFolder(dir: string): boolean {
  return !dir.startsWith('memory://') && !fs.existsSync(path.join(dir, 'PG_VERSION'));
}
