import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { loadReferenceData } from '../../seed/reference.js';
import { createOrganization, createSource } from '../../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../../test/databases.js';
import { graphqlClient } from '../../test/graphql.js';

/**
 * The unfiltered `producers { totalCount }` reads producer_tally, which statement-level triggers
 * keep. After every kind of write its sum must equal a plain count of the live producers.
 */
describe.each(databaseKinds)('the live-producer tally on %s', (kind) => {
  let db: Database;
  let sourceId: number;
  const counted = async () => {
    const [row] = await db.sql.query<{ tally: number; live: number; rows: number }>(
      `SELECT (SELECT coalesce(sum(live), 0) FROM producer_tally)::int AS tally,
              (SELECT count(*) FROM producer WHERE deleted_at IS NULL)::int AS live,
              (SELECT count(*) FROM producer_tally)::int AS rows`,
    );
    return row!;
  };
  const expectExact = async () => {
    const { tally, live } = await counted();
    expect(tally).toBe(live);
    const api = graphqlClient(db);
    const result = await api.query<{ producers: { totalCount: number } }>('{ producers(first: 1) { totalCount } }');
    expect(result.data?.producers.totalCount).toBe(live);
    // The same number through the filtered path (a filter every producer passes).
    const filtered = await api.query<{ producers: { totalCount: number } }>('{ producers(first: 1, filter: { country: ["NO", "SE"] }) { totalCount } }');
    expect(filtered.data?.producers.totalCount).toBe(live);
    return live;
  };
  const insert = (names: string[], deleted = false) =>
    db.sql.query(
      `INSERT INTO producer (source_id, external_id, name, kind, country_code, updated_at, deleted_at)
       SELECT $1, n, n, 'FARM', 'NO', now(), CASE WHEN $3 THEN now() END FROM unnest($2::text[]) n`,
      [sourceId, names, deleted],
    );

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Tally' });
    sourceId = (await createSource(db, org.id, { key: 'tally', name: 'Tally', licence: 'CC0-1.0' })).id;
  });
  afterAll(() => db?.close());

  it('starts at zero and follows inserts, soft deletions, restorations and hard deletions', async () => {
    expect(await expectExact()).toBe(0);
    await insert(['a', 'b', 'c', 'd', 'e']);
    await insert(['gone-1', 'gone-2'], true);
    expect(await expectExact()).toBe(5);
    await db.sql.query(`UPDATE producer SET deleted_at = now() WHERE external_id IN ('a', 'b')`);
    expect(await expectExact()).toBe(3);
    await db.sql.query(`UPDATE producer SET deleted_at = NULL WHERE external_id IN ('a', 'gone-1')`);
    expect(await expectExact()).toBe(5);
    await db.sql.query(`UPDATE producer SET name = name || '!'`); // changes no count: no row appended
    await db.sql.query(`DELETE FROM producer WHERE external_id IN ('b', 'c')`); // one live, one deleted
    expect(await expectExact()).toBe(4);
  });

  it('folds its rows into one now and then, and stays exact', async () => {
    for (let i = 0; i < 70; i++) await insert([`many-${i}`]);
    const { rows } = await counted();
    expect(rows).toBeLessThan(70);
    expect(await expectExact()).toBe(74);
  });

  // Concurrent transactions need a server: PGlite has one connection.
  if (kind === 'postgresql')
    it('is exact after writes from concurrent transactions and a rollback', async () => {
      await Promise.all(
        Array.from({ length: 4 }, (_, w) =>
          db.session(async (sql) => {
            await sql.exec('BEGIN');
            for (let i = 0; i < 40; i++) {
              await sql.query(`INSERT INTO producer (source_id, external_id, name, kind, country_code, updated_at) VALUES ($1, $2, $2, 'FARM', 'NO', now())`, [
                sourceId,
                `w${w}-${i}`,
              ]);
              if (i % 5 === 0) await sql.query(`UPDATE producer SET deleted_at = now() WHERE external_id = $1`, [`w${w}-${i}`]);
            }
            await sql.exec('COMMIT');
          }),
        ),
      );
      await db.session(async (sql) => {
        await sql.exec('BEGIN');
        await sql.query(
          `INSERT INTO producer (source_id, external_id, name, kind, country_code, updated_at) VALUES ($1, 'rolled-back', 'x', 'FARM', 'NO', now())`,
          [sourceId],
        );
        await sql.exec('ROLLBACK');
      });
      expect(await expectExact()).toBe(74 + 4 * 32);
    });

  it('is counted again from the producers by fc_producer_tally_rebuild()', async () => {
    await db.sql.query('SELECT fc_producer_tally_rebuild()');
    expect((await counted()).rows).toBe(1);
    await expectExact();
  });
});
