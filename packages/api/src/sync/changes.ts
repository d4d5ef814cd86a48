import type { Database, SqlSession } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';

export type Tx = Prisma.TransactionClient;

/** Who makes a change: the organization and key, recorded on every change (the audit trail). */
export interface Actor {
  organizationId: number | null;
  apiKeyId: number | null;
}

export type ChangeOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'MERGE' | 'PURGE';

export interface PendingChange {
  operation: ChangeOperation;
  recordType: string;
  recordId: string | number | bigint;
  sourceId: number | null;
  externalId: string | null;
  version: number;
  data: unknown;
}

/**
 * Every writer of the change log takes this transaction-scoped lock just before it inserts its
 * changes, and holds it until it commits. Positions are therefore handed out in commit order: a
 * transaction that commits later always gets higher positions, so a reader that has seen position
 * n can never later find a newly committed change below n. The lock is held only for the final
 * insert and the commit, not while the records themselves are written.
 */
export const CHANGE_LOG_LOCK = 4_711_004_712;

/** Plain SQL inside a Prisma interactive transaction (one connection on both databases). */
export function txSql(tx: Tx, statements?: { count: number }): SqlSession {
  return {
    async exec(sql) {
      if (statements) statements.count++;
      await tx.$executeRawUnsafe(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      if (statements) statements.count++;
      return (await tx.$queryRawUnsafe(sql, ...params)) as T[];
    },
  };
}

/** A Database whose Prisma client and SQL both run inside the transaction, for shared helpers. */
export function txDatabase(db: Database, tx: Tx): Database {
  const sql = txSql(tx, db.statements);
  return { ...db, prisma: tx as Database['prisma'], sql, session: (fn) => fn(sql) };
}

const PENDING_TABLE = 'fc_pending_change';
const SPILL_AT = 5000;

/**
 * Collects the changes of one write transaction and appends them to the log at its end. Large
 * writes (imports) spill the collected changes to a temporary table every few thousand, so memory
 * stays flat however many records a transaction writes.
 */
export class ChangeRecorder {
  private readonly pending: PendingChange[] = [];
  private readonly bulk: { select: string; params: unknown[] }[] = [];
  private spilled = 0;
  constructor(
    readonly actor: Actor,
    private readonly sql?: SqlSession,
  ) {}

  /** Adds a change; call `spill()` now and then in long transactions. */
  add(change: PendingChange) {
    this.pending.push(change);
  }

  /**
   * Adds the changes a bulk writer describes in SQL instead of one by one: `select` yields the
   * columns op, rt, rid, sid, eid, ver, d (operation, record type, record ID, source ID, external
   * ID, version, data) and n (their order), from tables of the same transaction. It runs at commit,
   * under the change-log lock, as one INSERT … SELECT: a million changes never pass through memory.
   */
  addBulk(select: string, params: unknown[] = []) {
    this.bulk.push({ select, params });
  }

  get size() {
    return this.pending.length + this.spilled;
  }

  /** Moves the collected changes to the transaction's temporary table when there are many. */
  async spill(force = false) {
    if (!this.sql || this.pending.length === 0 || (!force && this.pending.length < SPILL_AT)) return;
    if (this.spilled === 0) {
      await this.sql.exec(
        `CREATE TEMP TABLE IF NOT EXISTS ${PENDING_TABLE} (seq bigserial, operation text, record_type text, record_id text, source_id int, external_id text, version int, data jsonb) ON COMMIT DROP`,
      );
    }
    const chunk = this.pending.splice(0, this.pending.length);
    await this.sql.query(
      `INSERT INTO ${PENDING_TABLE} (operation, record_type, record_id, source_id, external_id, version, data)
       SELECT op, rt, rid, sid, eid, ver, d FROM ${RECORDSET} ORDER BY n`,
      [asJson(chunk)],
    );
    this.spilled += chunk.length;
  }

  /** Appends the collected changes under the change-log lock; returns the first and last position. */
  async flush(sql: SqlSession): Promise<{ first: bigint; last: bigint } | null> {
    if (this.size === 0 && this.bulk.length === 0) return null;
    if (this.spilled > 0) await this.spill(true);
    await sql.query('SELECT count(*)::int AS locked FROM (SELECT pg_advisory_xact_lock($1::bigint)) l', [CHANGE_LOG_LOCK]);
    const insert = `INSERT INTO change (operation, record_type, record_id, source_id, external_id, version, organization_id, api_key_id, data)`;
    const ranges: { first: string | null; last: string | null }[] = [];
    if (this.size > 0) {
      ranges.push(
        ...(this.spilled > 0
          ? await sql.query<{ first: string; last: string }>(
              `WITH ins AS (${insert}
                 SELECT operation::"ChangeOperation", record_type, record_id, source_id, external_id, version, $1::int, $2::int, data
                   FROM ${PENDING_TABLE} ORDER BY seq
                 RETURNING id)
               SELECT min(id)::text AS first, max(id)::text AS last FROM ins`,
              [this.actor.organizationId, this.actor.apiKeyId],
            )
          : await sql.query<{ first: string; last: string }>(
              `WITH ins AS (${insert}
                 SELECT op::"ChangeOperation", rt, rid, sid, eid, ver, $2::int, $3::int, d FROM ${RECORDSET} ORDER BY n
                 RETURNING id)
               SELECT min(id)::text AS first, max(id)::text AS last FROM ins`,
              [asJson(this.pending), this.actor.organizationId, this.actor.apiKeyId],
            )),
      );
    }
    for (const b of this.bulk) {
      const n = b.params.length;
      ranges.push(
        ...(await sql.query<{ first: string | null; last: string | null }>(
          `WITH ins AS (${insert}
             SELECT b.op::"ChangeOperation", b.rt, b.rid, b.sid, b.eid, b.ver, $${n + 1}::int, $${n + 2}::int, b.d FROM (${b.select}) b ORDER BY b.n
             RETURNING id)
           SELECT min(id)::text AS first, max(id)::text AS last FROM ins`,
          [...b.params, this.actor.organizationId, this.actor.apiKeyId],
        )),
      );
    }
    this.pending.length = 0;
    this.spilled = 0;
    this.bulk.length = 0;
    const firsts = ranges.flatMap((r) => (r.first === null ? [] : [BigInt(r.first)]));
    const lasts = ranges.flatMap((r) => (r.last === null ? [] : [BigInt(r.last)]));
    if (firsts.length === 0) return null;
    return { first: firsts.reduce((a, b) => (b < a ? b : a)), last: lasts.reduce((a, b) => (b > a ? b : a)) };
  }
}

// Many rows travel as one JSON parameter: far cheaper to send than one array parameter per column.
const RECORDSET = `ROWS FROM (jsonb_to_recordset($1::jsonb) AS (op text, rt text, rid text, sid int, eid text, ver int, d jsonb)) WITH ORDINALITY AS u(op, rt, rid, sid, eid, ver, d, n)`;

function asJson(chunk: PendingChange[]): string {
  return JSON.stringify(
    chunk.map((c) => ({ op: c.operation, rt: c.recordType, rid: String(c.recordId), sid: c.sourceId, eid: c.externalId, ver: c.version, d: c.data ?? null })),
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
  );
}

/** SQLSTATEs of a transaction PostgreSQL rolled back so that another could go on: trying again is safe. */
const CONFLICT_CODES = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

/**
 * Whether an error is a transaction rolled back by a conflict with another (a deadlock between two
 * writers updating the same rows in another order, a serialization failure): through Prisma (P2034)
 * or the driver.
 */
export function isWriteConflict(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'P2034' || (typeof code === 'string' && CONFLICT_CODES.has(code))) return true;
    // Prisma's driver adapters: `meta.driverAdapterError.cause` holds the database's own code.
    const meta = (e as { meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } }).meta;
    const original = meta?.driverAdapterError?.cause?.originalCode ?? meta?.code;
    if (typeof original === 'string' && CONFLICT_CODES.has(original)) return true;
    if (meta?.driverAdapterError?.cause?.kind === 'TransactionWriteConflict') return true;
  }
  return false;
}

/** Attempts of a write transaction that a conflict with another rolled back, before its error is given. */
export const WRITE_ATTEMPTS = 4;

type WriteFn<T> = (w: { tx: Tx; db: Database; sql: SqlSession; changes: ChangeRecorder }) => Promise<T>;
interface WriteOptions {
  timeoutMs?: number;
  /** Runs after the changes are logged, just before commit (tests widen the commit window with it). */
  beforeCommit?: () => Promise<void>;
  /**
   * Run the transaction again, up to WRITE_ATTEMPTS times after a short random pause, when PostgreSQL
   * rolled it back for a conflict with another writer (a deadlock, a serialization failure): nothing
   * of it was kept, and the other writer has gone on. Only for an `fn` that can run twice: one that
   * reads its input from memory and keeps its state inside (not one reading a stream, such as a file
   * import).
   */
  retryOnConflict?: boolean;
}

/**
 * Runs `fn` in one transaction with a change recorder; the changes are appended just before commit.
 * Throwing anywhere rolls back the records and their changes together.
 */
export async function writeTransaction<T>(
  db: Database,
  actor: Actor,
  fn: WriteFn<T>,
  options: WriteOptions = {},
): Promise<{ result: T; positions: { first: bigint; last: bigint } | null }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeTransactionOnce(db, actor, fn, options);
    } catch (error) {
      if (!options.retryOnConflict || attempt >= WRITE_ATTEMPTS || !isWriteConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}

async function writeTransactionOnce<T>(
  db: Database,
  actor: Actor,
  fn: WriteFn<T>,
  options: WriteOptions,
): Promise<{ result: T; positions: { first: bigint; last: bigint } | null }> {
  return db.prisma.$transaction(
    async (tx) => {
      const inner = txDatabase(db, tx);
      const changes = new ChangeRecorder(actor, inner.sql);
      const result = await fn({ tx, db: inner, sql: inner.sql, changes });
      const positions = await changes.flush(inner.sql);
      await enqueueWebhookDeliveries(inner.sql, positions);
      if (options.beforeCommit) await options.beforeCommit();
      return { result, positions };
    },
    { timeout: options.timeoutMs ?? 60_000, maxWait: 60_000 },
  );
}

/**
 * Like `writeTransaction`, for writers that need only plain SQL (bulk imports): on PostgreSQL it runs
 * on one pooled connection with BEGIN/COMMIT, skipping the ORM's per-statement work; on PGlite it is
 * `writeTransaction` (PGlite has one connection, and the ORM's transaction is what keeps others out).
 */
export async function sqlWriteTransaction<T>(
  db: Database,
  actor: Actor,
  fn: (w: { db: Database; sql: SqlSession; changes: ChangeRecorder }) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<{ result: T; positions: { first: bigint; last: bigint } | null }> {
  if (db.kind !== 'postgresql') return writeTransaction(db, actor, fn, options);
  return db.session(async (sql) => {
    await sql.exec('BEGIN');
    try {
      // Bulk statements over a million staged rows: sorts and hashes stay in memory, and the JIT
      // compiler (which never pays off for these plans) stays out.
      // A bulk import is bounded by its own deadline, not by the server's statement timeout.
      await sql.exec("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; SET LOCAL statement_timeout = 0");
      const inner: Database = { ...db, sql, session: (f) => f(sql) };
      const changes = new ChangeRecorder(actor, sql);
      const result = await fn({ db: inner, sql, changes });
      const positions = await changes.flush(sql);
      await enqueueWebhookDeliveries(sql, positions);
      await sql.exec('COMMIT');
      return { result, positions };
    } catch (error) {
      await sql.exec('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

/**
 * Queues one delivery per matching active webhook for the new changes, in the same transaction, so
 * a change is never committed without its notifications (or the other way round).
 */
async function enqueueWebhookDeliveries(sql: SqlSession, positions: { first: bigint; last: bigint } | null) {
  if (!positions) return;
  const { first, last } = positions;
  await sql.query(
    `INSERT INTO webhook_delivery (webhook_id, event_id, change_id, status, next_attempt_at)
     SELECT w.id, 'evt_' || c.id || '_' || w.id, c.id, 'pending', now()
       FROM change c
       JOIN webhook w ON w.active AND (cardinality(w.record_types) = 0 OR c.record_type = ANY(w.record_types))
       LEFT JOIN source s ON s.id = c.source_id
      WHERE c.id BETWEEN $1::bigint AND $2::bigint
        AND (c.record_type <> 'Delivery' OR s.organization_id = w.organization_id)`,
    [String(first), String(last)],
  );
}
