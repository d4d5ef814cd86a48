import { Redis } from 'ioredis';
import type { Database } from '../../db/database.js';

/** Every record kind the change feed names (`Change.recordType`). */
export const RECORD_KINDS = ['Producer', 'Kitchen', 'Hub', 'Agreement', 'Demand', 'Goal', 'Observation', 'Organization', 'Delivery'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * Not a record kind: the statistics of deliveries as a whole, moved on by the writes that can change
 * them (ChangeWatcher#touchFigures).
 */
export const FIGURES = 'DeliveryFigures';

/** Above this many records of one kind in one look, they are not examined one by one. */
const MANY = 1000;

/**
 * Where cached answers live, and the generation of each record kind they were built from.
 *
 * A write to a record kind (seen in the change feed) moves that kind's generation on. An entry keeps
 * the generations of the kinds it depends on as they were *before* its query ran; it is served only
 * while every one of them is still current. So an answer computed from data a write has changed is
 * never served after that write is seen, even when it is stored after the write was seen (a slow
 * query that started before it), and evicting needs no index from kinds to entries.
 */
export interface ResponseStore {
  /** The current generations of these kinds (0 for a kind never written). */
  generations(kinds: readonly string[]): Promise<number[]>;
  /** The entry under `key` if its generations are still the current ones; null otherwise. */
  get(key: string, kinds: readonly string[]): Promise<string | null>;
  /** As `get`, with the generations the entry was built at and when it expires (ms since the epoch). */
  lookup(key: string, kinds: readonly string[]): Promise<{ body: string; generations: number[]; expires: number } | null>;
  /** Stores an answer built at these generations (of `kinds`), for at most `ttlSeconds`. */
  set(key: string, kinds: readonly string[], generations: number[], body: string, ttlSeconds: number): Promise<void>;
  /** Moves the kinds' generations on: every entry built from them stops being served. */
  bump(kinds: readonly string[]): Promise<void>;
  /** The last change-feed position whose writes were applied (shared by replicas on Redis). */
  position(): Promise<bigint | null>;
  setPosition(position: bigint): Promise<void>;
  /**
   * Names the database the answers come from: a shared store keeps each database's entries,
   * generations and position apart (a new or restored database, another deployment's).
   */
  setDatabase(identity: string): void;
  close(): Promise<void>;
}

interface MemoryEntry {
  generations: number[];
  body: string;
  expires: number;
}

/**
 * Entries in this process's memory, least recently used first out once they take more than
 * `maxBytes` (counted as the answers' UTF-16 length, twice their characters).
 */
export class MemoryResponseStore implements ResponseStore {
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly kinds = new Map<string, number>();
  private bytes = 0;
  private last: bigint | null = null;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** Entries held, and their size (for tests and metrics). */
  get size() {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  async generations(kinds: readonly string[]) {
    return kinds.map((k) => this.kinds.get(k) ?? 0);
  }

  async get(key: string, kinds: readonly string[]) {
    return (await this.lookup(key, kinds))?.body ?? null;
  }

  async lookup(key: string, kinds: readonly string[]) {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expires <= Date.now() || kinds.some((k, i) => (this.kinds.get(k) ?? 0) !== entry.generations[i])) {
      this.delete(key, entry);
      return null;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { body: entry.body, generations: entry.generations, expires: entry.expires };
  }

  async set(key: string, _kinds: readonly string[], generations: number[], body: string, ttlSeconds: number) {
    const size = body.length * 2;
    if (size > this.maxBytes / 16) return;
    const old = this.entries.get(key);
    if (old) this.delete(key, old);
    this.entries.set(key, { generations, body, expires: Date.now() + ttlSeconds * 1000 });
    this.bytes += size;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest, entry);
    }
  }

  async bump(kinds: readonly string[]) {
    for (const k of kinds) this.kinds.set(k, (this.kinds.get(k) ?? 0) + 1);
  }

  async position() {
    return this.last;
  }

  async setPosition(position: bigint) {
    this.last = position;
  }

  setDatabase() {
    // One process serves one database.
  }

  async close() {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string, entry: MemoryEntry) {
    this.entries.delete(key);
    this.bytes -= entry.body.length * 2;
  }
}

/**
 * Entries in Redis, shared by every replica: `<prefix>e:<key>` holds the generations and the answer
 * (expiring with the entry's time to live), `<prefix><database>:g:<kind>` each kind's generation, `<prefix><database>:pos`
 * the feed position applied. Every command is bounded by `commandTimeoutMs`; a failure is thrown, and
 * the caller answers without the cache.
 */
export class RedisResponseStore implements ResponseStore {
  readonly redis: Redis;
  private ns = '';

  constructor(url: string, options: { prefix?: string; commandTimeoutMs?: number } = {}) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 500,
      keyPrefix: options.prefix ?? 'fc:cache:',
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // The cache's owner logs failures once per outage; without a listener ioredis prints each retry.
    this.redis.on('error', () => {});
  }

  private async ready() {
    if (this.redis.status === 'wait') await this.redis.connect();
    if (this.redis.status !== 'ready') throw new Error(`Redis connection ${this.redis.status}`);
  }

  async generations(kinds: readonly string[]) {
    if (kinds.length === 0) return [];
    await this.ready();
    const values = await this.redis.mget(...kinds.map((k) => `${this.ns}g:${k}`));
    return values.map((v) => Number(v ?? 0));
  }

  async get(key: string, kinds: readonly string[]) {
    return (await this.lookup(key, kinds))?.body ?? null;
  }

  async lookup(key: string, kinds: readonly string[]) {
    await this.ready();
    const pipeline = this.redis.pipeline().get(`${this.ns}e:${key}`).pttl(`${this.ns}e:${key}`);
    if (kinds.length) pipeline.mget(...kinds.map((k) => `${this.ns}g:${k}`));
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    const raw = results[0]?.[1] as string | null;
    if (!raw) return null;
    const ttl = Number(results[1]?.[1]);
    const current = kinds.length ? (results[2]![1] as (string | null)[]).map((v) => Number(v ?? 0)) : [];
    const split = raw.indexOf('\n');
    const stored = JSON.parse(raw.slice(0, split)) as number[];
    if (current.some((g, i) => g !== stored[i])) return null;
    return { body: raw.slice(split + 1), generations: stored, expires: Date.now() + (ttl > 0 ? ttl : 0) };
  }

  async set(key: string, _kinds: readonly string[], generations: number[], body: string, ttlSeconds: number) {
    await this.ready();
    await this.redis.set(`${this.ns}e:${key}`, `${JSON.stringify(generations)}\n${body}`, 'EX', ttlSeconds);
  }

  async bump(kinds: readonly string[]) {
    if (kinds.length === 0) return;
    await this.ready();
    const pipeline = this.redis.pipeline();
    for (const k of kinds) pipeline.incr(`${this.ns}g:${k}`);
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
  }

  async position() {
    await this.ready();
    const value = await this.redis.get(`${this.ns}pos`);
    return value === null ? null : BigInt(value);
  }

  async setPosition(position: bigint) {
    await this.ready();
    await this.redis.set(`${this.ns}pos`, position.toString());
  }

  setDatabase(identity: string) {
    this.ns = `${identity}:`;
  }

  async close() {
    this.redis.disconnect();
  }
}

/**
 * Follows the change feed for the cache: before an answer is served from the cache, the writes
 * committed since the last look (at most `intervalMs` ago) move their kinds' generations on. So a
 * committed write reaches every reader within `intervalMs` plus one look at the feed, on every
 * replica, whichever replica (or command line) wrote it. One look at a time; a failed look (the
 * database or Redis away) makes the caller answer without the cache.
 */
export class ChangeWatcher {
  private checkedAt = -Infinity;
  private identified = false;
  private looking: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly store: ResponseStore,
    private readonly intervalMs = 1000,
  ) {}

  /**
   * Whether changes of these kinds can move a statistic of deliveries: any delivery or observation
   * (exchange rates) does; a producer, kitchen or organization only when a delivery names it as the
   * origin or the buying kitchen (its place, kind or name is in the statistics). A partner adding
   * producers does not evict the share charts.
   */
  private async touchFigures(rows: { kind: string; ids: string[] | null }[]): Promise<boolean> {
    const ids = (kind: string) => rows.find((r) => r.kind === kind);
    if (ids('Delivery') || ids('Observation')) return true;
    const numbers = (kind: string) => ids(kind)?.ids?.filter((id) => /^\d{1,18}$/.test(id));
    for (const kind of ['Producer', 'Kitchen', 'Organization']) if (ids(kind) && !ids(kind)!.ids) return true;
    const producers = numbers('Producer') ?? [];
    const kitchens = numbers('Kitchen') ?? [];
    const organizations = numbers('Organization') ?? [];
    if (!producers.length && !kitchens.length && !organizations.length) return false;
    const [row] = await this.db.sql.query<{ used: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM delivery WHERE producer_id = ANY($1::int[]))
           OR EXISTS (SELECT 1 FROM delivery WHERE kitchen_id = ANY($2::int[]))
           OR EXISTS (SELECT 1 FROM producer p WHERE p.organization_id = ANY($3::int[])
                        AND EXISTS (SELECT 1 FROM delivery d WHERE d.producer_id = p.id)) AS used`,
      [producers, kitchens, organizations],
    );
    return row?.used === true;
  }

  /** Makes the next read look at the feed first (after a write in this process). */
  soon() {
    this.checkedAt = -Infinity;
  }

  /**
   * Resolves once the writes committed before at most `intervalMs` ago are applied. The next look
   * starts a quarter of the interval early, without anyone waiting for it: while reads keep coming,
   * they find the feed looked at less than `intervalMs` ago and do not wait for the database (a look
   * that takes longer, or fails, is waited for or reported once the interval is up, as before).
   */
  async current(): Promise<void> {
    const age = performance.now() - this.checkedAt;
    if (age < this.intervalMs * 0.75) return;
    const looking = (this.looking ??= this.look().finally(() => (this.looking = undefined)));
    if (age < this.intervalMs) {
      // Its failure is said to those who wait for the next one.
      looking.catch(() => {});
      return;
    }
    await looking;
  }

  private async look() {
    const started = performance.now();
    if (!this.identified) {
      // The cluster's identifier and the database's: a database created again gets a new one. Where
      // the cluster's is not readable (some managed services), the database's name and oid.
      const database = `(SELECT oid FROM pg_database WHERE datname = current_database())::text`;
      const [row] = await this.db.sql
        .query<{ identity: string }>(`SELECT system_identifier::text || '.' || ${database} AS identity FROM pg_control_system()`)
        .catch(() => this.db.sql.query<{ identity: string }>(`SELECT current_database() || '.' || ${database} AS identity`));
      this.store.setDatabase(row!.identity);
      this.identified = true;
    }
    const known = await this.store.position();
    const [end] = await this.db.sql.query<{ last: string | null }>('SELECT max(id)::text AS last FROM change');
    const last = BigInt(end?.last ?? 0);
    if (known === null || known > last) {
      // A new store holds no entries: start from the feed's end. A feed behind the store's position
      // is a database restored from a backup: nothing stored may be served.
      if (known !== null) await this.store.bump(RECORD_KINDS);
      await this.store.setPosition(last);
    } else if (last > known) {
      const rows = await this.db.sql.query<{ kind: string; ids: string[] | null }>(
        `SELECT record_type AS kind, CASE WHEN count(DISTINCT record_id) <= ${MANY} THEN array_agg(DISTINCT record_id) END AS ids
           FROM change WHERE id > $1 AND id <= $2 GROUP BY record_type`,
        [known.toString(), last.toString()],
      );
      const kinds = rows.map((r) => r.kind);
      if (await this.touchFigures(rows)) kinds.push(FIGURES);
      await this.store.bump(kinds);
      await this.store.setPosition(last);
    }
    this.checkedAt = started;
  }
}
