import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import type { Database } from './database.js';
import { applyMigrations, createMigration, diffMigrationsToSqlFiles, migrationsDir, readMigrations } from './migrate.js';
import { compareWithSqlFiles, definitionTexts, migrationForSqlFiles, readDefinitions, readSqlFiles, sqlFilesDir } from './sql-files.js';

const SUPPLIER_KEY = 'function fc_supplier_key(integer,integer,text)';

describe.each(databaseKinds)('prisma/sql on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
  });
  afterAll(() => db?.close());

  it('the migrated database holds exactly the functions and triggers the files define, and no others', async () => {
    const files = readSqlFiles();
    const comparison = await db.session((session) => compareWithSqlFiles(session, files));
    // Function by function, trigger by trigger: a failure shows the two definitions side by side.
    expect(definitionTexts(comparison.database)).toEqual(definitionTexts(comparison.files));
    expect(comparison.differences).toEqual([]);
    // Every file defines something, and each object is where its concern says.
    expect(new Set(comparison.fileOf.values())).toEqual(new Set(files.map((f) => f.name)));
    expect(comparison.fileOf.get(SUPPLIER_KEY)).toBe('supplier-key.sql');
    expect(comparison.fileOf.get('function fc_delivery_rollup_apply(bigint[],integer)')).toBe('delivery-rollup.sql');
    expect(comparison.fileOf.get('trigger delivery_rollup_insert on delivery')).toBe('delivery-rollup.sql');
    expect(comparison.fileOf.get('trigger producer_reach_product_update on producer_product')).toBe('producer-reach.sql');
    expect(comparison.fileOf.get('function fc_personal_identity_number(text)')).toBe('identity-numbers.sql');
    expect([...comparison.database.values()].filter((d) => d.kind === 'trigger').length).toBeGreaterThanOrEqual(19);
  });

  it('the files apply again over a migrated database and change nothing', async () => {
    const before = definitionTexts(await db.session(readDefinitions));
    const after = await db.session(async (session) => {
      await session.exec('BEGIN');
      try {
        for (const file of readSqlFiles()) await session.exec(file.sql);
        return definitionTexts(await readDefinitions(session));
      } finally {
        await session.exec('ROLLBACK');
      }
    });
    expect(after).toEqual(before);
  });

  it('a migration that changes, adds or drops a function or trigger without the files is caught, and the statements for the files repair it', async () => {
    const stray = {
      name: '29991231000000_logic_outside_the_files',
      sql: `CREATE OR REPLACE FUNCTION fc_supplier_key(producer_id int, organization_id int, name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce('p' || producer_id::text, 'o' || organization_id::text, 'n' || upper(btrim(name))) $$;
CREATE FUNCTION fc_stray() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
DROP TRIGGER producer_tally_truncate ON producer;`,
      checksum: 'stray',
    };
    await applyMigrations(db, [...readMigrations(), stray]);
    const files = readSqlFiles();
    const comparison = await db.session((session) => compareWithSqlFiles(session, files));
    expect(comparison.differences).toEqual(['function fc_stray()', SUPPLIER_KEY, 'trigger producer_tally_truncate on producer']);
    expect(comparison.database.get(SUPPLIER_KEY)!.definition).toContain('upper(btrim(name))');
    expect(comparison.files.get(SUPPLIER_KEY)!.definition).toContain('lower(btrim(name))');

    const repair = await db.session((session) => migrationForSqlFiles(session, files));
    expect(repair.files).toEqual(['producer-tally.sql', 'supplier-key.sql']);
    expect(repair.dropped).toEqual(['function fc_stray()']);
    expect(repair.sql).toContain('DROP FUNCTION IF EXISTS fc_stray();');
    expect(repair.sql).toContain(files.find((f) => f.name === 'supplier-key.sql')!.sql.trimEnd());
    expect(repair.sql).not.toContain('fc_delivery_rollup_apply');
    await db.session((session) => session.exec(repair.sql));
    expect((await db.session((session) => compareWithSqlFiles(session, files))).differences).toEqual([]);
  });
});

describe('pnpm db:migrate:create with prisma/sql', () => {
  let work: string;
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('writes the changed files and the drops into a new migration, which leaves a database as the files say', async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-sql-files-'));
    const migrations = path.join(work, 'migrations');
    const sql = path.join(work, 'sql');
    fs.cpSync(migrationsDir, migrations, { recursive: true });
    fs.cpSync(sqlFilesDir, sql, { recursive: true });
    // A function changed in its file, and a whole file removed.
    const distance = path.join(sql, 'distance.sql');
    const edited = fs.readFileSync(distance, 'utf8').replace('1500,2000}', '1500,2000,3000}');
    expect(edited).toContain('2000,3000}');
    fs.writeFileSync(distance, edited);
    fs.rmSync(path.join(sql, 'identity-numbers.sql'));

    const created = await createMigration('sql_change', migrations, sql);
    expect(created).toMatchObject({ schema: false, sqlFiles: ['distance.sql'] });
    expect(created!.dropped).toEqual(['function fc_identity_date_ok(integer,integer,integer)', 'function fc_personal_identity_number(text)']);
    const script = fs.readFileSync(path.join(created!.folder, 'migration.sql'), 'utf8');
    expect(script).toContain(edited.trimEnd());
    expect(script).toContain('DROP FUNCTION IF EXISTS fc_personal_identity_number(text);');
    expect(script).not.toContain('fc_supplier_key');

    // Once written, the migrations define what the files do: nothing is left to migrate.
    expect(await diffMigrationsToSqlFiles(migrations, sql)).toEqual({ sql: '', files: [], dropped: [] });

    // The committed migrations are the run's ready database; the new one goes on top, as on a deploy.
    const db = await migratedDatabase('pglite');
    try {
      expect(await applyMigrations(db, readMigrations(migrations))).toEqual([path.basename(created!.folder)]);
      expect((await compareWithSqlFiles(db.sql, readSqlFiles(sql))).differences).toEqual([]);
      const [edges] = await db.sql.query<{ n: number }>('SELECT cardinality(fc_km_edges()) AS n');
      expect(edges!.n).toBe(34);
    } finally {
      await db.close();
    }
    // Prisma's schema engine and two migrated PGlite databases: slow on a busy machine.
  }, 300_000);
});
