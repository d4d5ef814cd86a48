import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Config } from '../config.js';
import { PrismaClient } from '../generated/prisma/client.js';

/** Plain SQL access next to Prisma: migrations, bulk loads and aggregations the ORM cannot express. */
export interface SqlSession {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement with bound parameters ($1, $2, …) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** Runs `COPY … FROM STDIN` with `data` in COPY's text format (PostgreSQL connections only). */
  copyFrom?(sql: string, data: string): Promise<void>;
}

export interface QueryOptions {
  /**
   * Prepares the statement once per connection and reuses it, so PostgreSQL does not parse and plan
   * it again on every request. For hot statements whose text takes few shapes; PGlite ignores it.
   */
  prepare?: boolean;
}

/** Names of prepared statements by their text; bounded, so that each connection keeps few of them. */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 100;
function preparedName(sql: string): string | undefined {
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `fc_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    preparedNames.set(sql, name);
  }
  return name;
}

export interface Database {
  kind: 'pglite' | 'postgresql';
  /** SQL statements sent so far, through Prisma and plain SQL alike (for N+1 checks and benchmarks). */
  readonly statements: { count: number };
  /** Where the data lives, for people: a folder or a connection string without password. */
  location: string;
  prisma: PrismaClient;
  sql: SqlSession;
  /** Runs `fn` on one connection (needed for session locks and multi-statement transactions). */
  session<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * The same database for one request: its plain SQL is refused once `signal` aborts (the client went
   * away or the deadline passed), and on PostgreSQL a statement still running then is cancelled.
   */
  forRequest(signal: AbortSignal): Database;
  /** The PostgreSQL pool's connections (total, idle) and the requests waiting for one (for metrics). */
  poolStats?(): { total: number; idle: number; waiting: number };
  /** PGlite only: the whole data folder as a tarball, which `openPglite(…, { from })` opens again. */
  snapshot?(compression?: 'none' | 'gzip'): Promise<Blob>;
  close(): Promise<void>;
}

/** A statement refused or cancelled because its request's deadline passed or its client went away. */
export class RequestAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : 'The request was cancelled.');
    this.name = 'RequestAbortedError';
  }
}

const aborted = (signal: AbortSignal) => new RequestAbortedError(signal.reason);

/** How long a request waits for a pooled PostgreSQL connection before it is refused as busy. */
export const POOL_WAIT_MS = 5_000;

/** The embedded database folder is open in another process. */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is already open in another process (pid ${pid}). ` +
        `PGlite allows one process per folder: stop that process, or set PGLITE_DIR to another folder, ` +
        `or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = 'DatabaseLockedError';
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock file beside a PGlite folder. PGlite itself has no lock, and two processes writing
 * the same folder corrupt it, so a second opener is refused while the holder is alive.
 */
export function lockPgliteDir(dir: string): () => void {
  const lockFile = `${dir.replace(/\/$/, '')}.lock`;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processIsAlive(pid)) {
        throw new DatabaseLockedError(dir, pid);
      }
      if (pid === process.pid) throw new DatabaseLockedError(dir, pid);
      fs.unlinkSync(lockFile); // left behind by a process that died: take it over
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}

function pgliteSession(pglite: PGlite, statements: { count: number }, signal?: AbortSignal): SqlSession {
  // PGlite runs one statement at a time and cannot interrupt one; a request whose client left or
  // whose deadline passed while it waited gives up its turn instead of holding the database.
  return {
    async exec(sql) {
      if (signal?.aborted) throw aborted(signal);
      statements.count++;
      await pglite.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      if (signal?.aborted) throw aborted(signal);
      statements.count++;
      return (await pglite.query<T>(sql, params)).rows;
    },
  };
}

/** Cancels the statement a PostgreSQL backend is running, from a connection of its own. */
async function cancelBackend(url: string, pid: number | undefined) {
  if (!pid) return;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: POOL_WAIT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT pg_cancel_backend($1)', [pid]);
  } catch {
    // the statement ends with the request's deadline or its statement timeout anyway
  } finally {
    await client.end().catch(() => {});
  }
}

function pgSession(client: pg.Pool | pg.PoolClient, statements: { count: number }, request?: { signal: AbortSignal; url: string }): SqlSession {
  const run = async <T>(sql: string, params: unknown[] | undefined, options?: QueryOptions): Promise<T[]> => {
    const name = options?.prepare ? preparedName(sql) : undefined;
    const send = (c: pg.Pool | pg.PoolClient) => (name ? c.query({ name, text: sql, values: params }) : c.query(sql, params));
    const signal = request?.signal;
    if (!signal) return (await send(client)).rows as T[];
    if (signal.aborted) throw aborted(signal);
    const connection = client instanceof pg.Pool ? await client.connect() : client;
    // A connection lost while checked out reports it here and fails its statement, not the process.
    const onError = () => {};
    if (connection !== client) connection.on('error', onError);
    const cancel = () => void cancelBackend(request.url, (connection as unknown as { processID?: number }).processID);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      if (signal.aborted) throw aborted(signal);
      return (await send(connection)).rows as T[];
    } catch (error) {
      throw signal.aborted ? aborted(signal) : error;
    } finally {
      signal.removeEventListener('abort', cancel);
      if (connection !== client) {
        connection.off('error', onError);
        (connection as pg.PoolClient).release();
      }
    }
  };
  return {
    async exec(sql) {
      statements.count++;
      await run(sql, undefined);
    },
    async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions) {
      statements.count++;
      return run<T>(sql, params, options);
    },
    async copyFrom(sql, data) {
      statements.count++;
      const connection = client instanceof pg.Pool ? await client.connect() : client;
      try {
        await pipeline(Readable.from([Buffer.from(data, 'utf8')]), connection.query(copyFromStdin(sql)));
      } finally {
        if (connection !== client) (connection as pg.PoolClient).release();
      }
    },
  };
}

const COUNTED = new Set(['queryRaw', 'executeRaw', 'executeScript']);

/** Wraps a Prisma driver adapter (factory, connection or transaction) so that it counts statements. */
function countingAdapter<T extends object>(target: T, statements: { count: number }): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (COUNTED.has(String(property))) statements.count++;
        const result = (value as (...a: unknown[]) => unknown).apply(object, args);
        if (['connect', 'connectToShadowDb', 'startTransaction'].includes(String(property)) && result instanceof Promise) {
          return result.then((inner: object) => countingAdapter(inner, statements));
        }
        return result;
      };
    },
  });
}

/** Opens an embedded PGlite database; `dir` is a folder or "memory://" for a throwaway one. */
export async function openPglite(dir: string, options: { from?: Blob } = {}): Promise<Database> {
  const inMemory = dir.startsWith('memory://');
  const release = inMemory ? () => {} : lockPgliteDir(dir);
  let pglite: PGlite;
  try {
    if (!inMemory) fs.mkdirSync(dir, { recursive: true });
    // Starting from a snapshot skips initdb, which is most of the cost of a new embedded database.
    pglite = await PGlite.create(inMemory ? undefined : dir, options.from ? { loadDataDir: options.from } : {});
  } catch (error) {
    release();
    throw error;
  }
  const statements = { count: 0 };
  const prisma = new PrismaClient({ adapter: countingAdapter(new PrismaPGlite(pglite), statements) });
  const sql = pgliteSession(pglite, statements);
  const database: Database = {
    kind: 'pglite',
    statements,
    location: inMemory ? 'in memory' : dir,
    prisma,
    sql,
    session: (fn) => fn(sql),
    forRequest(signal) {
      const scoped = pgliteSession(pglite, statements, signal);
      return { ...database, sql: scoped, session: (fn) => fn(scoped) };
    },
    snapshot: (compression = 'none') => pglite.dumpDataDir(compression),
    async close() {
      await prisma.$disconnect();
      await pglite.close(); // $disconnect does not close PGlite
      release();
    },
  };
  return database;
}

/**
 * Opens a PostgreSQL database through a connection pool shared by Prisma and plain SQL. A server
 * passes `statementTimeoutMs`: no statement of its connections runs longer (bulk imports lift it
 * for their own transaction).
 */
export async function openPostgres(url: string, options: { statementTimeoutMs?: number; max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // A request waits at most this long for a connection, then is told the database is busy.
    connectionTimeoutMillis: POOL_WAIT_MS,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  pool.on('error', () => {}); // idle client errors surface on the next query instead
  await pool.query('select 1'); // fail early with the driver's message
  const statements = { count: 0 };
  const prisma = new PrismaClient({ adapter: countingAdapter(new PrismaPg(pool), statements) });
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  const session = async <T>(fn: (s: SqlSession) => Promise<T>, request?: { signal: AbortSignal; url: string }) => {
    if (request?.signal.aborted) throw aborted(request.signal);
    const client = await pool.connect();
    // A connection lost while checked out fails its statement; its 'error' event must not go unheard
    // (an unheard one ends the process). The pool drops the broken client on release.
    const onError = () => {};
    client.on('error', onError);
    try {
      return await fn(pgSession(client, statements, request));
    } finally {
      client.off('error', onError);
      client.release();
    }
  };
  const database: Database = {
    kind: 'postgresql',
    statements,
    location: shown.toString(),
    prisma,
    sql: pgSession(pool, statements),
    session: (fn) => session(fn),
    forRequest(signal) {
      const request = { signal, url };
      return { ...database, sql: pgSession(pool, statements, request), session: (fn) => session(fn, request) };
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
  return database;
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'pgliteDir'>, options: { statementTimeoutMs?: number } = {}): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, options) : openPglite(config.pgliteDir);
}

/** SQLSTATEs and driver codes meaning the database cannot be reached, went away, or refuses connections. */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, or a server shutting down
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'P1001', // Prisma: database not reachable
  'P1002', // Prisma: database timed out
  'P1017', // Prisma: server closed the connection
  'P2024', // Prisma: timed out fetching a connection from the pool
  'P2037', // Prisma: too many connections
  'DatabaseNotReachable', // driver adapter error kinds
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const UNAVAILABLE_MESSAGE =
  /connection terminated|terminating connection|timeout exceeded when trying to connect|client has encountered a connection error|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|too many clients|can't reach database|pool (is )?(ended|closed)|cannot use a pool after calling end|database (is )?closed|pglite is closed/i;

/**
 * Whether an error means the database is away or refuses connections (a backend terminated, the server
 * restarting, a database closed to connections, no pooled connection within the wait, a pool or an
 * embedded database already closed by a shutdown), rather than a fault of the statement: the caller
 * should be told UNAVAILABLE and retry. Looks through the error's causes, as pg, Prisma and the driver
 * adapters wrap them. The one list of such failures: the GraphQL and the plain HTTP error answers use it.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 6) return false;
    seen.add(value);
    const v = value as Record<string, unknown>;
    for (const key of ['code', 'originalCode', 'kind', 'errorCode']) {
      const code = v[key];
      if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^08\d{3}$/.test(code))) return true;
    }
    for (const key of ['message', 'originalMessage']) if (typeof v[key] === 'string' && UNAVAILABLE_MESSAGE.test(v[key])) return true;
    return ['cause', 'meta', 'driverAdapterError', 'originalError'].some((key) => visit(v[key], depth + 1));
  };
  return visit(error, 0);
}
