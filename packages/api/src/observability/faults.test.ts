// Faults against the real server process on PostgreSQL, one after the other on one database of the
// test's own and a Redis of its own (nothing here touches another test's database or the shared
// Redis): backends terminated mid-traffic, a database refusing connections, Redis gone, `kill -9`
// during a large import, and SIGTERM under load. The cases run in order and share the server: the
// import case kills it and starts it again, the last case stops it for good.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPostgres } from '../db/database.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds } from '../test/databases.js';
import {
  type GraphQLAnswer,
  type RedisProcess,
  type ServerProcess,
  type TestDatabase,
  adminQuery,
  createTestDatabase,
  deliveriesCsv,
  hasRedisServer,
  killAll,
  kitchensCsv,
  postGraphQL,
  sleep,
  startRedis,
  startServerProcess,
  until,
  uploadCsv,
} from '../test/server-process.js';
import { REDIS_FALLBACK } from './readiness.js';

const runs = databaseKinds.includes('postgresql') && hasRedisServer;
if (!runs) console.warn('The fault tests need PostgreSQL and redis-server: skipped.');

const SOURCE = 'faults';
const KITCHENS = 50;
const LIST = `query FaultList { producers(first: 20) { totalCount edges { node { id name } } } }`;
const KEYED = `query FaultDeliveries { deliveries(first: 5) { totalCount edges { node { id } } } }`;

let address = 0;
/** A client address never used before: anonymous reads do not spend each other's budget. */
const client = () => {
  address++;
  return { 'x-forwarded-for': `10.${address >> 16}.${(address >> 8) & 255}.${address & 255}` };
};

/** What an answer was: data, or the codes of its errors. */
function outcome(answer: GraphQLAnswer): string {
  if (!answer.body.errors?.length && answer.status === 200) return 'ok';
  return `${answer.status} ${answer.body.errors?.map((e) => e.extensions?.code ?? 'no code').join(',') ?? 'no errors'}`;
}

describe.skipIf(!runs)('faults of PostgreSQL, Redis and the process', () => {
  let database: TestDatabase;
  let redis: RedisProcess;
  let server: ServerProcess;
  let db: Database;
  let key: string;
  const env: Record<string, string> = {};
  const auth = () => ({ authorization: `Bearer ${key}` });
  const terminateBackends = async () =>
    (
      await adminQuery<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [database.name],
      )
    )[0]!.n;
  const readyz = async () => {
    const response = await fetch(`${server.base}/readyz`);
    return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string> } };
  };

  beforeAll(async () => {
    [database, redis] = await Promise.all([createTestDatabase('faults'), startRedis()]);
    // A small anonymous budget (10 points a second back), so that two requests show it being counted.
    Object.assign(env, { DATABASE_URL: database.url, REDIS_URL: redis.url, TRUST_PROXY: '1', RATE_LIMIT_ANONYMOUS: '600', SHUTDOWN_GRACE_MS: '30000' });
    server = await startServerProcess(env);
    db = await openPostgres(database.url);
    const organization = await createOrganization(db, { name: 'Fault partner' });
    await createSource(db, organization.id, { key: SOURCE, name: 'Faults', licence: 'CC0-1.0' });
    key = (await createApiKey(db, organization.id, 'sync', ['write', 'read:private'])).key;
    await db.close();
    const kitchens = await uploadCsv(server.base, key, 'KITCHENS', SOURCE, kitchensCsv(KITCHENS));
    expect(kitchens.body.data?.importFile).toMatchObject({ committed: true, created: KITCHENS });
  });

  afterAll(async () => {
    await killAll([server]);
    await adminQuery(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`).catch(() => {});
    await redis?.kill();
    await database?.drop();
  });

  /** Queries (anonymous, through plain SQL; keyed, through Prisma too) from `n` clients until `stop`. */
  async function traffic(n: number, stop: () => boolean): Promise<Map<string, number>> {
    const outcomes = new Map<string, number>();
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        while (!stop()) {
          const answer = i % 2 ? await postGraphQL(server.base, LIST, {}, client()) : await postGraphQL(server.base, KEYED, {}, auth());
          const seen = outcome(answer);
          outcomes.set(seen, (outcomes.get(seen) ?? 0) + 1);
        }
      }),
    );
    return outcomes;
  }

  async function servesAgain() {
    await until('the server answers queries again', async () => outcome(await postGraphQL(server.base, KEYED, {}, auth())) === 'ok');
    for (let i = 0; i < 5; i++) {
      expect(outcome(await postGraphQL(server.base, LIST, {}, client()))).toBe('ok');
      expect(outcome(await postGraphQL(server.base, KEYED, {}, auth()))).toBe('ok');
    }
  }

  it('backends terminated mid-traffic: answers are data or UNAVAILABLE, never INTERNAL; the pool recovers without a restart', async () => {
    let stop = false;
    const running = traffic(8, () => stop);
    let terminated = 0;
    for (let i = 0; i < 6; i++) {
      await sleep(250);
      terminated += await terminateBackends();
    }
    stop = true;
    const outcomes = await running;
    console.log(`backends terminated: ${terminated}; answers: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect(terminated).toBeGreaterThan(0);
    for (const seen of outcomes.keys()) expect(seen).toMatch(/^(ok|503 UNAVAILABLE(,UNAVAILABLE)*)$/);
    expect(outcomes.get('ok')).toBeGreaterThan(0);
    await servesAgain();
    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/uncaught exception, exiting|Unexpected error/);
  });

  it('a database refusing connections: /readyz 503 naming it, queries UNAVAILABLE; ready and serving again once it accepts them', async () => {
    await adminQuery(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    try {
      await terminateBackends();
      await until('/readyz fails', async () => (await readyz()).status === 503);
      expect((await readyz()).body).toEqual({ status: 'not ready', checks: { database: 'unreachable', migrations: 'not checked', redis: 'ok' } });
      // The response cache may answer an anonymous read for up to a second after its last look at
      // the change feed; after that its look fails, and the read goes to the database.
      await sleep(1100);
      for (const query of [LIST, KEYED]) {
        const answer = await postGraphQL(server.base, query, {}, query === KEYED ? auth() : client());
        expect(outcome(answer)).toBe('503 UNAVAILABLE');
        expect(answer.body.errors![0]!.message).toBe('The database is busy or unavailable; try again in a moment.');
      }
      // Liveness does not depend on the database: the process is not to be restarted.
      expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    } finally {
      await adminQuery(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    }
    await until('/readyz passes again', async () => (await readyz()).status === 200);
    await servesAgain();
  });

  it('Redis gone: serves on with limits counted in memory, says so in the log and /readyz; shares them again once Redis is back', async () => {
    const remaining = async (who: string) => {
      const response = await fetch(`${server.base}/schemas/producers.json`, { headers: { 'x-forwarded-for': who } });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      return Number(response.headers.get('ratelimit-remaining'));
    };
    expect((await readyz()).body.checks.redis).toBe('ok');
    await redis.kill();
    // Still limited, by this process: the same client's budget goes down request by request.
    const first = await remaining('203.0.113.90');
    expect(await remaining('203.0.113.90')).toBeLessThan(first);
    expect(outcome(await postGraphQL(server.base, LIST, {}, client()))).toBe('ok');
    const ready = await readyz();
    expect(ready).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', redis: `unreachable: ${REDIS_FALLBACK}` } } });
    const warning = server.lines().find((l) => l.level === 'warn' && String(l.msg).startsWith('Rate limits: Redis at'));
    expect(String(warning?.msg)).toMatch(
      new RegExp(`^Rate limits: Redis at 127\\.0\\.0\\.1:${redis.port} does not answer .*counting in this process's memory until it does\\.$`),
    );

    await redis.restart();
    await until('/readyz sees Redis again', async () => (await readyz()).body.checks.redis === 'ok', 60_000, 200);
    // Back in Redis: an address new to Redis has its whole budget again there.
    await until(
      'the limits are counted in Redis again',
      async () => (await remaining(client()['x-forwarded-for'])) > 0 && server.output().includes('answers again'),
      60_000,
      200,
    );
    expect(server.output()).toMatch(/Rate limits: Redis at 127\.0\.0\.1:\d+ answers again; budgets are shared across replicas again\./);
  });

  it('kill -9 during a large import: nothing of it after the restart, and the same file then imports whole', async () => {
    const rows = 30_000;
    const csv = deliveriesCsv(rows, KITCHENS, 'big');
    const upload = uploadCsv(server.base, key, 'DELIVERIES', SOURCE, csv).catch((error: unknown) => error as Error);
    await until(
      'the import writes',
      async () => /fc_import_phases_total\{kind="deliveries",phase="writing"\} 1/.test(await (await fetch(`${server.base}/metrics`)).text()),
      120_000,
      20,
    );
    await server.kill();
    const cut = await upload;
    expect(cut).toBeInstanceOf(Error);
    server = await startServerProcess(env);
    const counts = await database.query<{ lines: number; changes: number; runs: number }>(
      `SELECT (SELECT count(*)::int FROM delivery) AS lines,
              (SELECT count(*)::int FROM change WHERE record_type = 'Delivery') AS changes,
              (SELECT count(*)::int FROM import_run WHERE kind = 'deliveries') AS runs`,
    );
    expect(counts).toEqual([{ lines: 0, changes: 0, runs: 0 }]);
    const again = await uploadCsv(server.base, key, 'DELIVERIES', SOURCE, csv);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data!.importFile).toEqual({ committed: true, created: rows, rows });
    expect(await database.query(`SELECT count(*)::int AS n FROM delivery`)).toEqual([{ n: rows }]);
  });

  it('SIGTERM under load: every response begun is sent whole, the rest refused before a byte, and the process exits 0', async () => {
    type Result = { kind: 'answered'; status: number; ok: boolean; at: number } | { kind: 'refused'; code: string } | { kind: 'cut'; code: string };
    const results: Result[] = [];
    const keepAlive = new http.Agent({ keepAlive: true });
    const body = JSON.stringify({ query: KEYED });
    const once = (agent: http.Agent | false) =>
      new Promise<Result>((resolve) => {
        let begun = false;
        const request = http.request(
          {
            host: '127.0.0.1',
            port: server.port,
            method: 'POST',
            path: '/graphql',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...auth() },
          },
          (response) => {
            begun = true;
            const chunks: Buffer[] = [];
            response.on('data', (c: Buffer) => chunks.push(c));
            response.on('end', () => {
              if (!response.complete) return resolve({ kind: 'cut', code: 'incomplete' });
              let ok = false;
              try {
                const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { deliveries?: unknown }; errors?: unknown };
                ok = !parsed.errors && parsed.data?.deliveries !== undefined;
              } catch {
                ok = false;
              }
              resolve({ kind: 'answered', status: response.statusCode ?? 0, ok, at: performance.now() });
            });
            response.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'cut', code: error.code ?? error.message }));
          },
        );
        request.on('error', (error: NodeJS.ErrnoException) =>
          resolve(begun ? { kind: 'cut', code: error.code ?? error.message } : { kind: 'refused', code: error.code ?? error.message }),
        );
        request.end(body);
      });
    let refusedConnection = false;
    // Half the clients keep their connections open between requests (as a proxy does), half do not.
    const clients = Array.from({ length: 16 }, async (_, i) => {
      while (!refusedConnection) {
        const result = await once(i % 2 ? keepAlive : false);
        results.push(result);
        if (result.kind === 'refused' && result.code === 'ECONNREFUSED') refusedConnection = true;
      }
    });
    await until('the load is on', () => results.length >= 30, 120_000);
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    await until('new connections are refused', () => refusedConnection, 120_000);
    await Promise.all(clients);
    keepAlive.destroy();
    const exit = await server.exited;

    const answered = results.filter((r) => r.kind === 'answered');
    const finishedAfterSignal = answered.filter((r) => r.at > signalled);
    const summary = new Map<string, number>();
    for (const r of results) {
      const label = r.kind === 'answered' ? `answered ${r.status}` : `${r.kind} ${r.code}`;
      summary.set(label, (summary.get(label) ?? 0) + 1);
    }
    console.log(
      `SIGTERM under load: ${[...summary].map(([k, n]) => `${k}: ${n}`).join(', ')}; ${finishedAfterSignal.length} answers finished after the signal`,
    );
    expect(results.filter((r) => r.kind === 'cut')).toEqual([]);
    expect(answered.every((r) => r.status === 200 && r.ok)).toBe(true);
    expect(finishedAfterSignal.length).toBeGreaterThan(0);
    for (const r of results) if (r.kind === 'refused') expect(r.code).toMatch(/^(ECONNREFUSED|ECONNRESET|EPIPE|socket hang up)$/);
    expect(exit).toEqual({ code: 0, signal: null });
    const messages = server.lines().map((l) => String(l.msg));
    expect(messages.at(-1)).toBe('shut down');
    expect(messages).not.toContain('shutdown: the grace period ended; cutting the connections still open');
  });
});
