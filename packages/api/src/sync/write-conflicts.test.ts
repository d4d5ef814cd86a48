import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { WRITE_ATTEMPTS, isWriteConflict, writeTransaction } from './changes.js';

it('tells write conflicts (deadlocks, serialization failures) from other errors, through Prisma and the driver', () => {
  expect(isWriteConflict(Object.assign(new Error('Transaction failed due to a write conflict or a deadlock'), { code: 'P2034' }))).toBe(true);
  expect(isWriteConflict(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(true);
  expect(isWriteConflict(new Error('wrapped', { cause: Object.assign(new Error('could not serialize access'), { code: '40001' }) }))).toBe(true);
  const rawQueryFailed = (cause: object) =>
    Object.assign(new Error('Raw query failed'), { code: 'P2010', meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });
  expect(isWriteConflict(rawQueryFailed({ originalCode: '40P01', originalMessage: 'deadlock detected', kind: 'TransactionWriteConflict' }))).toBe(true);
  expect(isWriteConflict(rawQueryFailed({ originalCode: '40001', originalMessage: 'could not serialize access' }))).toBe(true);
  expect(isWriteConflict(rawQueryFailed({ originalCode: '23505', originalMessage: 'duplicate key value', kind: 'UniqueConstraintViolation' }))).toBe(false);
  expect(isWriteConflict(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  expect(isWriteConflict(new Error('no code'))).toBe(false);
});

// Two writers that lock the same two rows in opposite orders: PostgreSQL rolls one of them back as
// a deadlock, and the write is run again instead of failing (a partner's upsert used to be answered
// INTERNAL_SERVER_ERROR so under load).
describe.skipIf(!databaseKinds.includes('postgresql'))('writers that deadlock on PostgreSQL', () => {
  let db: Database;
  let ids: number[];
  beforeAll(async () => {
    db = await migratedDatabase('postgresql');
    await loadReferenceData(db);
    ids = (await db.sql.query<{ id: number }>('SELECT id FROM source ORDER BY id LIMIT 2')).map((r) => r.id);
    expect(ids).toHaveLength(2);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Two writers locking the two rows in opposite orders, each counting its attempts. */
  function deadlockingWriters(retryOnConflict: boolean) {
    let bothHoldOne!: () => void;
    const firstLocks = new Promise<void>((resolve) => {
      let held = 0;
      bothHoldOne = () => {
        if (++held === 2) resolve();
      };
    });
    const attempts = [0, 0];
    const writer = (w: number) =>
      writeTransaction(
        db,
        { organizationId: null, apiKeyId: null },
        async ({ sql }) => {
          attempts[w]!++;
          const [a, b] = w === 0 ? ids : [...ids].reverse();
          await sql.query('UPDATE source SET name = name WHERE id = $1', [a]);
          bothHoldOne();
          await firstLocks;
          await sql.query('UPDATE source SET name = name WHERE id = $1', [b]);
          return w;
        },
        { retryOnConflict },
      );
    return { attempts, results: Promise.allSettled([writer(0), writer(1)]) };
  }

  it('both commit when the writers may run again: the one PostgreSQL rolled back runs again', async () => {
    const { attempts, results } = deadlockingWriters(true);
    const settled = await results;
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value.result : r.reason))).toEqual([0, 1]);
    // One of the two met the deadlock and ran again; none ran more often than allowed.
    expect(attempts.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...attempts)).toBeLessThanOrEqual(WRITE_ATTEMPTS);
  });

  it('gives the conflict to a writer that may not run twice (a file import reads a stream once)', async () => {
    const { attempts, results } = deadlockingWriters(false);
    const settled = await results;
    expect(settled.filter((r) => r.status === 'rejected').map((r) => isWriteConflict((r as PromiseRejectedResult).reason))).toEqual([true]);
    expect(attempts).toEqual([1, 1]);
  });
});
