import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { loadReferenceData } from '../seed/reference.js';
import { adminUrl, databaseUrl, postgresAvailable } from './postgres.js';
import type { DatabaseTemplates } from './templates.js';

/**
 * The databases the suite runs against: embedded PGlite always, and the PostgreSQL server at
 * FC_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres) when it answers.
 * In CI a missing PostgreSQL fails the run; elsewhere its tests are skipped with a message.
 */
const hasPostgres = await postgresAvailable();
if (!hasPostgres) {
  if (process.env.CI) throw new Error(`CI needs PostgreSQL at ${adminUrl}, and it does not answer.`);
  console.warn(`PostgreSQL at ${adminUrl} does not answer: its tests are skipped (set FC_TEST_POSTGRES_URL to run them).`);
}

export type DatabaseKind = 'pglite' | 'postgresql';
export const databaseKinds: DatabaseKind[] = hasPostgres ? ['pglite', 'postgresql'] : ['pglite'];

/** The ready databases of this run (test/templates.ts), when the run was started with that set-up. */
const templates: DatabaseTemplates | undefined = inject('databaseTemplates');
let snapshot: Blob | undefined;

async function createPostgresDatabase(template?: string): Promise<Database> {
  const name = `fc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const db = await openPostgres(databaseUrl(name));
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

/** A fresh, empty database of the kind; `close` drops it. */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  return kind === 'pglite' ? openPglite('memory://') : createPostgresDatabase();
}

/**
 * A database as a server has it before any data arrives: the committed migrations applied and the
 * reference data (places, categories, unit factors) loaded. Copied from the run's ready database
 * when there is one, built otherwise; `close` drops it.
 */
export async function migratedDatabase(kind: DatabaseKind): Promise<Database> {
  if (templates && kind === 'pglite') {
    snapshot ??= new Blob([fs.readFileSync(templates.pglite)]);
    return openPglite('memory://', { from: snapshot });
  }
  if (templates?.postgresql && kind === 'postgresql') return createPostgresDatabase(templates.postgresql);
  const db = await freshDatabase(kind);
  await applyMigrations(db);
  await loadReferenceData(db);
  return db;
}
