import type { Database } from '../db/database.js';
import { readMigrations } from '../db/migrate.js';

/** Where the server process is in its life: readiness fails once it begins to shut down. */
export class ServerState {
  shuttingDown = false;
}

/** What the Redis check adds when Redis does not answer: the server still serves, so it stays ready. */
export const REDIS_FALLBACK = "rate limits are counted in this process's memory until it answers";

/** How long each readiness check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 1000;

export type CheckResult = 'ok' | string;

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

class TimedOut extends Error {}

/** `work` bounded by `ms`; the abandoned work's own failure is not left unhandled. */
async function within<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const running = work(controller.signal);
  running.catch(() => {});
  try {
    const result = await Promise.race([
      running,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          controller.abort(new TimedOut());
          reject(new TimedOut());
        }, ms);
      }),
    ]);
    // The embedded database runs a statement without yielding, so a timer cannot always interrupt
    // the wait: an answer that came late is as good as none.
    if (performance.now() - started > ms) throw new TimedOut();
    return result;
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadinessOptions {
  state: ServerState;
  /** Pings Redis when the server uses it (rate limits), undefined otherwise. */
  pingRedis?: () => Promise<void>;
  timeoutMs?: number;
  /** The committed migrations' names (the prisma/migrations folder by default). */
  migrations?: string[];
}

/**
 * The readiness checks: the database answers a statement and its migrations are those of this build,
 * each within `timeoutMs`. A full connection pool or a busy embedded database is `busy`, not a hang.
 * Redis, when configured, is checked and reported but does not decide readiness: while it is away
 * the rate limits are counted in each process's memory and the server serves on (taking every
 * replica out of service because the shared budgets are not shared for a while would be an outage
 * of its own). While the server shuts down it is not ready, whatever the checks would say.
 */
export function readinessChecks(db: Database, options: ReadinessOptions): () => Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const expected = options.migrations ?? readMigrations().map((m) => m.name);
  // While a probe waits for the database, later probes share its answer instead of queueing more.
  let inFlight: Promise<Readiness> | undefined;

  async function database(): Promise<CheckResult> {
    try {
      await within(timeoutMs, (signal) => db.forRequest(signal).sql.query('SELECT 1'));
      return 'ok';
    } catch (error) {
      return error instanceof TimedOut ? 'busy' : 'unreachable';
    }
  }

  async function migrations(): Promise<CheckResult> {
    try {
      const rows = await within(timeoutMs, (signal) =>
        db
          .forRequest(signal)
          .sql.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`),
      );
      const applied = new Set(rows.map((r) => r.migration_name));
      const pending = expected.filter((name) => !applied.has(name));
      const unknown = [...applied].filter((name) => !expected.includes(name));
      if (pending.length) return `${pending.length} pending (${pending.join(', ')})`;
      if (unknown.length) return `database is newer than this build (${unknown.join(', ')})`;
      return 'ok';
    } catch (error) {
      return error instanceof TimedOut ? 'busy' : 'unreadable';
    }
  }

  async function redis(ping: () => Promise<void>): Promise<CheckResult> {
    try {
      await within(timeoutMs, () => ping());
      return 'ok';
    } catch (error) {
      return `${error instanceof TimedOut ? 'no answer within 1 s' : 'unreachable'}: ${REDIS_FALLBACK}`;
    }
  }

  async function run(): Promise<Readiness> {
    const checks: Record<string, CheckResult> = {};
    checks.database = await database();
    checks.migrations = checks.database === 'ok' ? await migrations() : 'not checked';
    if (options.state.shuttingDown) checks.server = 'shutting down';
    const ready = Object.values(checks).every((c) => c === 'ok');
    // Redis only shares the rate-limit budgets: without it each replica counts its own, and serves.
    if (options.pingRedis) checks.redis = await redis(options.pingRedis);
    return { ready, checks };
  }

  return () => {
    if (options.state.shuttingDown) return Promise.resolve({ ready: false, checks: { server: 'shutting down' } });
    inFlight ??= run().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
