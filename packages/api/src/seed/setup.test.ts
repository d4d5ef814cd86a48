import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/database.js';
import { databaseKinds } from '../test/databases.js';

// `pnpm db:seed` against PostgreSQL (DATABASE_URL): the reference data only, unless asked for the demo.
const adminUrl = process.env.FC_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function dbCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', ...args], {
      cwd: new URL('../..', import.meta.url),
      env: { PATH: process.env.PATH, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

(databaseKinds.includes('postgresql') ? describe : describe.skip)('pnpm db:seed on PostgreSQL', () => {
  const name = `fc_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString() };
  const count = async (table: string) => {
    const db = await openPostgres(url.toString());
    try {
      const [{ n }] = (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }];
      return n;
    } finally {
      await db.close();
    }
  };
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('loads only the reference data by default', async () => {
    const { code, output } = await dbCli(['seed'], env);
    expect(code, output).toBe(0);
    expect(output).toMatch(/with the reference data\.\n$/);
    expect(await count('municipality')).toBeGreaterThan(500);
    expect(await count('product_category')).toBeGreaterThan(50);
    expect(await count('producer')).toBe(0);
    expect(await count('delivery')).toBe(0);
  });

  it('adds the demo data with --demo to a database that holds only the reference data, once', async () => {
    const added = await dbCli(['seed', '--demo'], env);
    expect(added.code, added.output).toBe(0);
    expect(added.output).toMatch(/Added the demo data to .*: \d+ /);
    expect(await count('producer')).toBeGreaterThanOrEqual(150);
    expect(await count('delivery')).toBeGreaterThanOrEqual(20_000);
    const again = await dbCli(['seed', '--demo'], env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/already has data/);
  });
});
