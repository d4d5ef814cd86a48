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
});

describe('migration files', () => {
  it('match prisma/schema.prisma (no unmigrated schema change)', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  });
});
