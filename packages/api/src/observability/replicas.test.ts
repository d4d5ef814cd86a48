// Two API processes on one PostgreSQL database and one Redis, as compose.yaml runs them: what one
// writes the other serves (records and the change feed), they draw from one rate-limit budget, each
// webhook delivery is sent by one of them only once, and an import on one leaves the other serving.
// The server keeps no cache of data in its memory (every read is a statement), so there is nothing
// to invalidate between replicas; the test reads back on the other replica right after each write.
// Persisted GETs are cacheable by browsers and proxies: their ETag is the answer's hash, the same on
// both replicas, so a copy is revalidated by either and changes with the data.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config.js';
import { type Database, openPostgres } from '../db/database.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { createWebhook } from '../sync/webhooks.js';
import { databaseKinds } from '../test/databases.js';
import {
  type RedisProcess,
  type ServerProcess,
  type TestDatabase,
  createTestDatabase,
  deliveriesCsv,
  hasRedisServer,
  kitchensCsv,
  killAll,
  postGraphQL,
  sleep,
  startRedis,
  startServerProcess,
  until,
  uploadCsv,
} from '../test/server-process.js';

const runs = databaseKinds.includes('postgresql') && hasRedisServer;
if (!runs) console.warn('The replica tests need PostgreSQL and redis-server: skipped.');

const SOURCE = 'replicas';
/** Anonymous budget in points a minute: ten plain-route requests (10 points each). */
const BUDGET = 100;
const WEBHOOKS = 16;

let address = 0;
/** A client address of its own for each read, so reads never spend the budget under test. */
const reader = () => ({ 'x-forwarded-for': `198.51.100.${(address++ % 250) + 1}` });

const PRODUCER = `query ReplicaProducer($id: ID!) { node(id: $id) { ... on Producer { name } } }`;
const CHANGES = `query ReplicaChanges($after: String) { changes(source: "${SOURCE}", types: ["Producer"], after: $after) { changes { operation recordType externalId version position } endCursor } }`;
const UPSERT = `mutation ReplicaUpsert($items: [ProducerInput!]!) { upsertProducers(source: "${SOURCE}", items: $items) { committed created updated items { id status } lastPosition } }`;
const DELIVERY_COUNT = `query ReplicaDeliveries { deliveries(first: 1) { totalCount } }`;
const PRODUCER_LIST = `query ReplicaProducerList($first: Int) { producers(first: $first) { totalCount edges { node { id name kind } } } }`;
const KITCHENS = 50;

interface Delivery {
  path: string;
  eventId: string;
}

describe.skipIf(!runs)('two replicas on one PostgreSQL database and one Redis', () => {
  let database: TestDatabase;
  let redis: RedisProcess;
  let a: ServerProcess;
  let b: ServerProcess;
  let db: Database;
  let key: string;
  let organizationId: number;
  let receiver: http.Server;
  let receiverPort: number;
  const received: Delivery[] = [];
  const auth = () => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    [database, redis] = await Promise.all([createTestDatabase('replicas'), startRedis()]);
    receiver = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push({ path: request.url ?? '', eventId: String(request.headers['foodcommons-event-id']) });
        // A receiver that takes a moment, so both replicas' dispatchers find work.
        setTimeout(() => response.writeHead(204).end(), 20);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverPort = (receiver.address() as AddressInfo).port;
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      TRUST_PROXY: '1',
      RATE_LIMIT_ANONYMOUS: String(BUDGET),
      WEBHOOK_ALLOWED_TARGETS: '127.0.0.1/32',
    };
    // Started together on the empty database: they migrate it one after the other, and one seeds it
    // (each under an advisory lock; without the seeding lock one of them failed to start).
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    db = await openPostgres(database.url);
    const organization = await createOrganization(db, { name: 'Replica partner' });
    organizationId = organization.id;
    await createSource(db, organization.id, { key: SOURCE, name: 'Replicas', licence: 'CC0-1.0' });
    key = (await createApiKey(db, organization.id, 'sync', ['write', 'admin', 'read:private'])).key;
    const kitchens = await uploadCsv(a.base, key, 'KITCHENS', SOURCE, kitchensCsv(KITCHENS));
    expect(kitchens.body.data?.importFile).toMatchObject({ committed: true, created: KITCHENS });
  });

  afterAll(async () => {
    await killAll([a, b]);
    await db?.close();
    await redis?.kill();
    await database?.drop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('both replicas started together on the empty database, which one of them seeded, and are ready', async () => {
    expect([a, b].filter((s) => s.output().includes('Loading reference data'))).toHaveLength(1);
    for (const s of [a, b])
      expect(await (await fetch(`${s.base}/readyz`)).json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', redis: 'ok' } });
  });

  it('serves on one replica what the other wrote, the record and its change on the feed, both ways', async () => {
    const created = await postGraphQL(
      a.base,
      UPSERT,
      { items: [{ externalId: 'r-1', name: 'Replikagården', kind: 'FARM', countryCode: 'NO', municipalityCode: 'NO-3901' }] },
      auth(),
    );
    expect(created.body.errors).toBeUndefined();
    const { items, lastPosition } = created.body.data!.upsertProducers as { items: { id: string }[]; lastPosition: string };
    const id = items[0]!.id;

    // Read back on the other replica at once: no cache stands between a write and a read.
    expect((await postGraphQL(b.base, PRODUCER, { id }, reader())).body.data?.node).toEqual({ name: 'Replikagården' });
    const feed = await postGraphQL(b.base, CHANGES, {}, reader());
    expect(feed.body.data!.changes.changes).toEqual([{ operation: 'CREATE', recordType: 'Producer', externalId: 'r-1', version: 1, position: lastPosition }]);

    const renamed = await postGraphQL(
      b.base,
      UPSERT,
      { items: [{ externalId: 'r-1', name: 'Replikagården AS', kind: 'FARM', countryCode: 'NO', municipalityCode: 'NO-3901' }] },
      auth(),
    );
    expect(renamed.body.data!.upsertProducers).toMatchObject({ committed: true, updated: 1 });
    expect((await postGraphQL(a.base, PRODUCER, { id }, reader())).body.data?.node).toEqual({ name: 'Replikagården AS' });
    const next = await postGraphQL(a.base, CHANGES, { after: lastPosition }, reader());
    expect(next.body.data!.changes.changes).toMatchObject([{ operation: 'UPDATE', externalId: 'r-1', version: 2 }]);
  });

  it('answers a cached persisted GET with the same ETag on both replicas, and a changed one on the other after a write', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'packages/client/src/generated/persisted-documents.json'), 'utf8')) as Record<
      string,
      string
    >;
    const id = Object.keys(manifest).find((k) => /\bquery FcProducerList\b/.test(manifest[k]!))!;
    const variables = { first: 20, lang: 'en', filter: { search: 'Cachegården' } };
    const url = (s: ServerProcess) => `${s.base}/graphql?id=${encodeURIComponent(id)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    const get = (s: ServerProcess, etag?: string) =>
      fetch(url(s), { headers: { accept: 'application/json', 'accept-encoding': 'identity', ...reader(), ...(etag ? { 'if-none-match': etag } : {}) } });
    const first = await get(a);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    const etag = first.headers.get('etag')!;
    expect(((await first.json()) as { data: { producers: { totalCount: number } } }).data.producers.totalCount).toBe(0);
    // The tag is the answer's hash: the other replica recognises a copy the first one handed out.
    expect((await get(b, etag)).status).toBe(304);
    // The replicas share one response cache in Redis: the other replica answers from the first one's entry.
    const hits = async () => Number(/^fc_response_cache_lookups_total\{result="hit"\} (\d+)/m.exec(await (await fetch(`${b.base}/metrics`)).text())?.[1] ?? 0);
    const before = await hits();
    expect((await get(b)).status).toBe(200);
    expect(await hits()).toBe(before + 1);
    const written = await postGraphQL(
      a.base,
      UPSERT,
      { items: [{ externalId: 'c-1', name: 'Cachegården', kind: 'FARM', countryCode: 'NO', municipalityCode: 'NO-3901' }] },
      auth(),
    );
    expect(written.body.data!.upsertProducers).toMatchObject({ committed: true, created: 1 });
    // The other replica sees the write in the change feed at its next look, at most a second later
    // (the response cache's bound): from then on neither its cache nor the shared one answers the old list.
    await sleep(1100);
    const revalidated = await get(b, etag);
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers.get('etag')).not.toBe(etag);
    expect(((await revalidated.json()) as { data: { producers: { totalCount: number } } }).data.producers.totalCount).toBe(1);
  });

  it('draws one rate-limit budget for a client across both replicas', async () => {
    const client = { 'x-forwarded-for': '203.0.113.77' };
    const get = (s: ServerProcess) => fetch(`${s.base}/schemas/producers.json`, { headers: client });
    // Ten requests of 10 points spend the budget of 100, five on each replica.
    const remaining: string[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await get(i % 2 === 0 ? a : b);
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      remaining.push(response.headers.get('ratelimit-remaining')!);
    }
    // Refilling at 100 points a minute adds a point or two over the run; the budget is one count.
    expect(Number(remaining.at(-1))).toBeLessThan(10);
    for (const s of [a, b]) {
      const refused = await get(s);
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_REQUESTS');
    }
    // Another client is not affected.
    expect((await fetch(`${b.base}/schemas/producers.json`, { headers: { 'x-forwarded-for': '203.0.113.78' } })).status).toBe(200);
  });

  it('keeps serving reads on one replica while the other imports, and never shows a partial import', async () => {
    const rows = 20_000;
    const count = async () => {
      const answer = await postGraphQL(b.base, DELIVERY_COUNT, {}, auth());
      expect(answer.body.errors).toBeUndefined();
      return answer.body.data!.deliveries.totalCount as number;
    };
    expect(await count()).toBe(0);
    let importDone = false;
    const importStarted = performance.now();
    const imported = uploadCsv(a.base, key, 'DELIVERIES', SOURCE, deliveriesCsv(rows, KITCHENS)).finally(() => (importDone = true));
    const reads: { started: number; ended: number; count: number }[] = [];
    while (!importDone) {
      const started = performance.now();
      const seen = await count();
      // A widget's query too: the open data stays served.
      const widget = await postGraphQL(b.base, PRODUCER_LIST, { first: 20 }, reader());
      expect(widget.body.errors).toBeUndefined();
      reads.push({ started, ended: performance.now(), count: seen });
      await sleep(20);
    }
    const importEnded = performance.now();
    const result = await imported;
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.importFile).toEqual({ committed: true, created: rows, rows });
    // Reads answered on the other replica while the import ran, each seeing all of it or none of it.
    const during = reads.filter((r) => r.started > importStarted && r.ended < importEnded);
    console.log(
      `import of ${rows} delivery lines: ${Math.round(importEnded - importStarted)} ms; ${during.length} reads answered on the other replica meanwhile`,
    );
    expect(during.length).toBeGreaterThanOrEqual(3);
    for (const r of reads) expect([0, rows]).toContain(r.count);
    expect(await count()).toBe(rows);
  });

  it('sends each webhook delivery once, shared out between the two replicas', async () => {
    const config = { webhookAllowedTargets: ['127.0.0.1/32'], secretKey: undefined };
    for (let i = 0; i < WEBHOOKS; i++) await createWebhook(db, config, organizationId, `http://127.0.0.1:${receiverPort}/hook/${i}`, ['Producer']);
    const items = Array.from({ length: 5 }, (_, i) => ({
      externalId: `w-${i}`,
      name: `Webhookgården ${i}`,
      kind: 'FARM',
      countryCode: 'NO',
      municipalityCode: 'NO-3901',
    }));
    const written = await postGraphQL(a.base, UPSERT, { items }, auth());
    expect(written.body.data!.upsertProducers).toMatchObject({ committed: true, created: 5 });
    const expected = WEBHOOKS * items.length;

    await until(`${expected} deliveries arrive`, () => received.length >= expected, 120_000);
    // Another dispatcher round (every 5 s) on each replica: nothing is sent again.
    await sleep(6_000);
    expect(received).toHaveLength(expected);
    expect(new Set(received.map((d) => `${d.path} ${d.eventId}`)).size).toBe(expected);
    expect(new Set(received.map((d) => d.path)).size).toBe(WEBHOOKS);
    const rows = await database.query<{ status: string; attempts: number; n: number }>(
      `SELECT status, attempts, count(*)::int AS n FROM webhook_delivery GROUP BY status, attempts`,
    );
    expect(rows).toEqual([{ status: 'delivered', attempts: 1, n: expected }]);

    // Each replica delivered a share: the 16 endpoints are more than one dispatcher takes at once (8).
    const delivered = await Promise.all([a, b].map(async (s) => deliveredCount(await (await fetch(`${s.base}/metrics`)).text())));
    console.log(`webhook deliveries sent: ${delivered.join(' by one replica, ')} by the other`);
    expect(delivered[0]! + delivered[1]!).toBe(expected);
    expect(delivered[0]).toBeGreaterThan(0);
    expect(delivered[1]).toBeGreaterThan(0);
  });
});

function deliveredCount(metrics: string): number {
  const match = /^fc_webhook_delivery_duration_seconds_count\{outcome="delivered"\} (\d+)/m.exec(metrics);
  return match ? Number(match[1]) : 0;
}
