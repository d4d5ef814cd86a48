import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Counter, Histogram } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { readMigrations } from '../db/migrate.js';
import { createServer } from '../graphql/yoga.js';
import { findIdentityNumbers } from '../privacy/identity-numbers.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { deliverDueWebhooks } from '../sync/webhooks.js';
import { migratedDatabase } from '../test/databases.js';
import { captureLogs } from '../test/logs.js';
import { operationCost, rateLimitRejections, requestDuration, webhookFailures } from './metrics.js';
import { ServerState, readinessChecks } from './readiness.js';

/** The current value of a counter (or a histogram's count) for exactly these labels; 0 if unseen. */
async function sample(metric: Counter<string> | Histogram<string>, labels: Record<string, string>): Promise<number> {
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const nameOf = (v: (typeof values)[number]) => String((v as { metricName?: string }).metricName ?? '');
  const matches = values.filter(
    (v) => wanted.every(([k, value]) => String(v.labels[k]) === value) && Object.keys(v.labels).filter((k) => k !== 'le').length === wanted.length,
  );
  // A histogram's count, or a counter's value.
  const found = matches.find((v) => nameOf(v).endsWith('_count')) ?? matches.find((v) => nameOf(v) === '');
  return found?.value ?? 0;
}

const QUIET = { corsOrigins: ['*'], logLevel: 'silent' as const, rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 } };

describe('health, readiness and metrics', () => {
  let db: Database;
  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    await loadReferenceData(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('answers /healthz without a database statement', async () => {
    const yoga = createServer(db, QUIET);
    const before = db.statements.count;
    const response = await yoga.fetch('http://localhost/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'pglite' });
    expect(db.statements.count).toBe(before);
    await yoga.dispose();
  });

  it('is ready with a reachable, migrated database, and not ready once shutting down', async () => {
    const state = new ServerState();
    const yoga = createServer(db, { ...QUIET, state });
    const ready = await yoga.fetch('http://localhost/readyz');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    state.shuttingDown = true;
    const stopping = await yoga.fetch('http://localhost/readyz');
    expect(stopping.status).toBe(503);
    expect(await stopping.json()).toEqual({ status: 'not ready', checks: { server: 'shutting down' } });
    // Liveness is not readiness: the process still answers.
    expect((await yoga.fetch('http://localhost/healthz')).status).toBe(200);
    await yoga.dispose();
  });

  it('says the database is busy rather than hanging while the embedded database runs a long statement', async () => {
    const yoga = createServer(db, QUIET);
    // PGlite runs one statement at a time: a two-second statement is ahead of the check.
    const queue = db.sql.query('SELECT pg_sleep(2)');
    try {
      const response = await yoga.fetch('http://localhost/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'not ready', checks: { database: 'busy', migrations: 'not checked' } });
    } finally {
      await queue;
      await yoga.dispose();
    }
    expect((await yoga.fetch('http://localhost/readyz')).status).toBe(200);
  });

  it('names migrations the database lacks', async () => {
    const check = readinessChecks(db, { state: new ServerState(), migrations: [...readMigrations().map((m) => m.name), '29991231000000_later'] });
    expect(await check()).toEqual({ ready: false, checks: { database: 'ok', migrations: '1 pending (29991231000000_later)' } });
  });

  it('checks Redis when rate limits use it, and stays ready without it (limits counted in memory)', async () => {
    const up = createServer(db, { ...QUIET, redisUrl: 'redis://127.0.0.1:6379' });
    const answered = await up.fetch('http://localhost/readyz');
    const body = (await answered.json()) as { checks: Record<string, string> };
    await up.dispose();
    expect(answered.status).toBe(200);
    // Where no Redis runs, the check must say so instead of passing.
    expect(body.checks.redis).toMatch(/^(ok|unreachable: rate limits are counted in this process's memory until it answers)$/);
    const down = createServer(db, { ...QUIET, redisUrl: 'redis://127.0.0.1:1' });
    const refused = await down.fetch('http://localhost/readyz');
    expect(refused.status).toBe(200);
    expect(await refused.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', redis: "unreachable: rate limits are counted in this process's memory until it answers" },
    });
    await down.dispose();
  });

  it('serves Prometheus metrics, behind a token when one is configured', async () => {
    const token = 'metrics-token-0123456789';
    const yoga = createServer(db, { ...QUIET, metricsToken: token });
    expect((await yoga.fetch('http://localhost/metrics')).status).toBe(401);
    expect((await yoga.fetch('http://localhost/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const before = await sample(requestDuration, { kind: 'graphql', operation: 'ObservedProbe', status: '200' });
    const costBefore = await sample(operationCost, { operation: 'ObservedProbe' });
    const graphql = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query ObservedProbe { countries { code } }' }),
    });
    expect(graphql.status).toBe(200);
    const response = await yoga.fetch('http://localhost/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const name of [
      'fc_http_request_duration_seconds',
      'fc_graphql_operation_cost',
      'fc_rate_limit_rejections_total',
      'fc_db_pool_connections',
      'fc_db_pool_waiting',
      'fc_statement_timeouts_total',
      'fc_import_rows_total',
      'fc_import_phases_total',
      'fc_webhook_queue_depth',
      'fc_webhook_delivery_duration_seconds',
      'fc_webhook_delivery_failures_total',
      'fc_change_feed_position',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(await sample(requestDuration, { kind: 'graphql', operation: 'ObservedProbe', status: '200' })).toBe(before + 1);
    expect(await sample(operationCost, { operation: 'ObservedProbe' })).toBe(costBefore + 1);
    const [row] = await db.sql.query<{ max: string | null }>('SELECT max(id)::text AS max FROM change');
    expect(text).toMatch(new RegExp(`^fc_change_feed_position ${Number(row?.max ?? 0)}$`, 'm'));
    await yoga.dispose();
  });

  it('counts rate-limit refusals', async () => {
    // An export costs 200 points: a budget of 100 lets one through (a full bucket) and refuses the next.
    const yoga = createServer(db, { ...QUIET, rateLimit: { anonymousPerMinute: 100, keyPerMinute: 100 } });
    const before = await sample(rateLimitRejections, { kind: 'http', caller: 'anonymous' });
    expect((await yoga.fetch('http://localhost/export/countries.csv')).status).toBe(200);
    expect((await yoga.fetch('http://localhost/export/countries.csv')).status).toBe(429);
    expect(await sample(rateLimitRejections, { kind: 'http', caller: 'anonymous' })).toBe(before + 1);
    await yoga.dispose();
  });
});

describe('request logs', () => {
  let db: Database;
  let hook: http.Server;
  let hookUrl: string;
  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    await loadReferenceData(db);
    // A webhook receiver that always fails.
    hook = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => hook?.close(resolve));
    await db?.close();
  });

  it('writes one JSON line per request with its id, operation, key id and cost, and never a key, a secret or a personal number', async () => {
    const logs = captureLogs('debug');
    const config = { ...QUIET, logLevel: 'debug' as const, logger: logs.logger, webhookAllowedTargets: ['127.0.0.0/8'] };
    const yoga = createServer(db, config);
    const org = await createOrganization(db, { name: 'Lokal mat ekonomisk förening', orgNumber: '0007:7696000005' });
    await createSource(db, org.id, { key: 'farms', name: 'Farms', licence: 'CC-BY-4.0' });
    const { key, record: apiKey } = await createApiKey(db, org.id, 'sync', ['write', 'admin']);
    const post = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
        body: JSON.stringify(body),
      });

    const created = await post({ query: 'mutation AddHook($url: String!) { createWebhook(url: $url) { secret } }', variables: { url: hookUrl } });
    const secret = ((await created.json()) as { data: { createWebhook: { secret: string } } }).data.createWebhook.secret;
    expect(secret).toMatch(/^whsec_/);

    const PERSONAL = '811228-9874';
    const UPSERT = 'mutation PlantProducer($items: [ProducerInput!]!) { upsertProducers(source: "farms", items: $items) { committed } }';
    const planted = await post(
      { query: UPSERT, variables: { items: [{ externalId: 'farm-raw', name: 'Raw', kind: 'FARM', municipalityCode: 'NO-3901', orgNumber: PERSONAL }] } },
      { 'x-request-id': 'req-plant-1' },
    );
    expect(planted.headers.get('x-request-id')).toBe('req-plant-1');
    await planted.text();
    const written = await post({
      query: UPSERT,
      variables: { items: [{ externalId: 'farm-ok', name: 'Gulrotgården', kind: 'FARM', municipalityCode: 'NO-3901' }] },
    });
    expect(written.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await written.json()) as { data: { upsertProducers: { committed: boolean } } }).data.upsertProducers.committed).toBe(true);
    // A GET carries its variables in the URL: only the path is logged.
    const get = await yoga.fetch(
      `http://localhost/graphql?query=${encodeURIComponent('query Find($n: String) { producers(first: 1, filter: { search: $n }) { edges { node { name } } } }')}&variables=${encodeURIComponent(JSON.stringify({ n: PERSONAL }))}`,
      { headers: { authorization: `Bearer ${key}`, accept: 'application/graphql-response+json', 'x-graphql-yoga-csrf': '1' } },
    );
    expect(get.status, await get.text()).toBe(200);

    // The change is queued for the webhook, whose endpoint fails: the failure is logged and counted.
    const metrics = await (await yoga.fetch('http://localhost/metrics')).text();
    expect(Number(/^fc_webhook_queue_depth (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    const failuresBefore = await sample(webhookFailures, { category: 'http_5xx' });
    const counts = await deliverDueWebhooks(db, { ...config, secretKey: undefined }, { log: logs.logger });
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    expect(await sample(webhookFailures, { category: 'http_5xx' })).toBe(failuresBefore + counts.failed);
    await yoga.dispose();

    const lines = logs.lines;
    const requests = lines.filter((l) => l.msg === 'request');
    const plantedLine = requests.find((l) => l.reqId === 'req-plant-1');
    expect(plantedLine).toMatchObject({ level: 'info', method: 'POST', path: '/graphql', status: 200, operation: 'PlantProducer', keyId: apiKey.id });
    expect(typeof plantedLine!.ms).toBe('number');
    expect(typeof plantedLine!.cost).toBe('number');
    expect(requests.find((l) => l.operation === 'Find')).toMatchObject({ method: 'GET', path: '/graphql', keyId: apiKey.id });
    const failure = lines.find((l) => l.msg === 'webhook delivery failed; will retry');
    expect(failure).toMatchObject({ level: 'warn', category: 'http_5xx', status: 500, attempt: 1 });
    expect(typeof failure!.webhookId).toBe('number');

    const text = logs.text();
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(3)); // the key without its prefix
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(6));
    expect(text).not.toContain(PERSONAL);
    expect(text).not.toContain(PERSONAL.replace('-', ''));
    expect(findIdentityNumbers(text)).toEqual([]);
    expect(text).not.toContain(hookUrl);
  });

  it('honours the log level', async () => {
    const logs = captureLogs('warn');
    const yoga = createServer(db, { ...QUIET, logLevel: 'warn', logger: logs.logger });
    expect((await yoga.fetch('http://localhost/healthz')).status).toBe(200);
    expect((await yoga.fetch('http://localhost/nowhere')).status).toBe(404);
    await yoga.dispose();
    expect(logs.lines).toEqual([]);
  });
});

describe('readable log lines', () => {
  it('writes the same event as a time, the message and its fields', async () => {
    const { PassThrough } = await import('node:stream');
    const { createLogger, prettyDestination } = await import('./log.js');
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const log = createLogger('info', prettyDestination(out));
    log.info({ graphql: 'http://localhost:4000/graphql', migrationsApplied: 2 }, 'Food Commons is running');
    log.warn('Redis does not answer');
    await new Promise((r) => setTimeout(r, 50));
    expect(text).toMatch(/^\d\d:\d\d:\d\d Food Commons is running\n {2}graphql: http:\/\/localhost:4000\/graphql\n {2}migrationsApplied: 2\n/);
    expect(text).toMatch(/\d\d:\d\d:\d\d WARN Redis does not answer\n/);
    expect(text).not.toContain('"level"');
  });
});
