import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { applyMigrations, diffMigrationsToSchema, readMigrations } from './migrate.js';
import { databaseKinds, freshDatabase } from '../test/databases.js';

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let db: Database;
  afterAll(() => db?.close());

  it('apply to an empty database, and a second apply is a no-op', async () => {
    db = await freshDatabase(kind);
    const names = readMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(await applyMigrations(db)).toEqual(names);
    expect(await applyMigrations(db)).toEqual([]);
    const history = await db.sql.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(history.map((h) => h.migration_name)).toEqual(names);
    expect(history.map((h) => h.checksum)).toEqual(readMigrations().map((m) => m.checksum));
    const tables = await db.sql.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['producer', 'kitchen', 'delivery', 'municipality', 'goal', 'change', 'api_key', 'webhook', 'lot', 'award']),
    );
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const [first, ...rest] = readMigrations();
    await expect(applyMigrations(db, [{ ...first!, checksum: 'edited' }, ...rest])).rejects.toThrow(/was changed after it was applied/);
  });

  it('refuses a database migrated by a newer version, naming its migrations, and applies nothing', async () => {
    // This version without its last migration meets the database the full version migrated.
    const migrations = readMigrations();
    const older = migrations.slice(0, -1);
    const newest = migrations.at(-1)!.name;
    await expect(applyMigrations(db, older)).rejects.toThrow(
      `The database was migrated by a newer version of Food Commons: it has a migration that this version does not know (${newest}; not in prisma/migrations).`,
    );
    // A newer version's migration unknown to this code, next to an unapplied one of ours.
    await db.sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000001', 'x', '29991231000000_from_the_future', now(), now(), 1)`,
    );
    const ours = { name: '29991230000000_not_yet_applied', sql: 'CREATE TABLE must_not_exist (id int)', checksum: 'c' };
    await expect(applyMigrations(db, [...migrations, ours])).rejects.toThrow(/29991231000000_from_the_future; not in prisma\/migrations/);
    const [{ n }] = (await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'must_not_exist'")) as [
      { n: number },
    ];
    expect(n).toBe(0);
    await db.sql.exec(`DELETE FROM "_prisma_migrations" WHERE migration_name = '29991231000000_from_the_future'`);
    expect(await applyMigrations(db)).toEqual([]);
  });
});

describe('migration files', () => {
  it('match prisma/schema.prisma (no unmigrated schema change)', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  });
});
