import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';

/**
 * The databases the suite runs against: embedded PGlite always, and the PostgreSQL server at
 * FC_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres) when it answers.
 * In CI a missing PostgreSQL fails the run; elsewhere its tests are skipped with a message.
 */
const adminUrl = process.env.FC_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const hasPostgres = await postgresAvailable();
if (!hasPostgres) {
  if (process.env.CI) throw new Error(`CI needs PostgreSQL at ${adminUrl}, and it does not answer.`);
  console.warn(`PostgreSQL at ${adminUrl} does not answer: its tests are skipped (set FC_TEST_POSTGRES_URL to run them).`);
}

export type DatabaseKind = 'pglite' | 'postgresql';
export const databaseKinds: DatabaseKind[] = hasPostgres ? ['pglite', 'postgresql'] : ['pglite'];

/** A fresh, empty database of the kind; `close` drops it. */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') return openPglite('memory://');
  const name = `fc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  const close = db.close.bind(db);
  return {
    ...db,
    async close() {
      await close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** A fresh database with the committed migrations applied. */
export async function migratedDatabase(kind: DatabaseKind): Promise<Database> {
  const db = await freshDatabase(kind);
  await applyMigrations(db);
  return db;
}
