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
import type { Config } from './config.js';
import { PrismaClient } from './generated/prisma/client.js';

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
  close(): Promise<void>;
}

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

function pgliteSession(pglite: PGlite, statements: { count: number }): SqlSession {
  return {
    async exec(sql) {
      statements.count++;
      await pglite.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      statements.count++;
      return (await pglite.query<T>(sql, params)).rows;
    },
  };
}

function pgSession(client: pg.Pool | pg.PoolClient, statements: { count: number }): SqlSession {
  return {
    async exec(sql) {
      statements.count++;
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions) {
      statements.count++;
      const name = options?.prepare ? preparedName(sql) : undefined;
      return (await (name ? client.query({ name, text: sql, values: params }) : client.query(sql, params))).rows as T[];
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
export async function openPglite(dir: string): Promise<Database> {
  const inMemory = dir.startsWith('memory://');
  const release = inMemory ? () => {} : lockPgliteDir(dir);
  let pglite: PGlite;
  try {
    if (!inMemory) fs.mkdirSync(dir, { recursive: true });
    pglite = await PGlite.create(inMemory ? undefined : dir);
  } catch (error) {
    release();
    throw error;
  }
  const statements = { count: 0 };
  const prisma = new PrismaClient({ adapter: countingAdapter(new PrismaPGlite(pglite), statements) });
  const sql = pgliteSession(pglite, statements);
  return {
    kind: 'pglite',
    statements,
    location: inMemory ? 'in memory' : dir,
    prisma,
    sql,
    session: (fn) => fn(sql),
    async close() {
      await prisma.$disconnect();
      await pglite.close(); // $disconnect does not close PGlite
      release();
    },
  };
}

/** Opens a PostgreSQL database through a connection pool shared by Prisma and plain SQL. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {}); // idle client errors surface on the next query instead
  await pool.query('select 1'); // fail early with the driver's message
  const statements = { count: 0 };
  const prisma = new PrismaClient({ adapter: countingAdapter(new PrismaPg(pool), statements) });
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return {
    kind: 'postgresql',
    statements,
    location: shown.toString(),
    prisma,
    sql: pgSession(pool, statements),
    async session(fn) {
      const client = await pool.connect();
      try {
        return await fn(pgSession(client, statements));
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'pgliteDir'>): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.pgliteDir);
}
