import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { loadReferenceData } from '../seed/reference.js';
import { adminUrl, databaseUrl, postgresAvailable } from './postgres.js';

/** Where the test files find the databases they start from (see databases.ts). */
export interface DatabaseTemplates {
  /** A PGlite data folder tarball: migrated, with the reference data. */
  pglite: string;
  /** A PostgreSQL database to copy (`CREATE DATABASE … TEMPLATE`): migrated, with the reference data. */
  postgresql: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates;
  }
}

/**
 * Migrates and loads the reference data once per run, for each kind of database, so that each test
 * file copies a ready database (a PGlite snapshot, a PostgreSQL template) instead of building one:
 * building is most of what a database-backed test file used to cost.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-test-templates-'));
  const snapshot = path.join(dir, 'reference.tar');
  const template = `fc_template_${id}`;
  const hasPostgres = await postgresAvailable();

  const buildPglite = async () => {
    const db = await openPglite('memory://');
    try {
      await applyMigrations(db);
      await loadReferenceData(db);
      fs.writeFileSync(snapshot, Buffer.from(await (await db.snapshot!()).arrayBuffer()));
    } finally {
      await db.close();
    }
  };
  const buildPostgres = async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const db = await openPostgres(databaseUrl(template));
    try {
      await applyMigrations(db);
      await loadReferenceData(db);
    } finally {
      await db.close();
    }
  };
  await Promise.all([buildPglite(), hasPostgres ? buildPostgres() : null]);
  project.provide('databaseTemplates', { pglite: snapshot, postgresql: hasPostgres ? template : null });
  console.log(`Test databases ready in ${((Date.now() - started) / 1000).toFixed(1)} s (migrated, with reference data).`);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!hasPostgres) return;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
