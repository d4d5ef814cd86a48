import { randomBytes } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { loadManifest } from '../graphql/plugins/persisted.js';
import { createServer } from '../graphql/yoga.js';
import { registry } from '../observability/metrics.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { captureLogs } from '../test/logs.js';
import { REDIS_URL, requireRedis } from '../test/redis.js';
import { nodeListener } from './answer-cache.js';

const hasRedis = await requireRedis('the answer cache tests on Redis');
const stores: ('memory' | 'redis')[] = ['memory', ...(hasRedis ? (['redis'] as const) : [])];

const manifest = loadManifest();
const idOf = (name: string) => [...manifest.values()].find((o) => o.name === name)!.id;
const persisted = (name: string, variables: object) =>
  `/graphql?id=${encodeURIComponent(idOf(name))}&variables=${encodeURIComponent(JSON.stringify(variables))}`;

const UPSERT = `mutation AnswerUpsert($items: [ProducerInput!]!) { upsertProducers(source: "answer-farms", items: $items) { committed } }`;
const BROWSER = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', origin: 'https://www.horten.kommune.no' };

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request as a browser sends it, and the answer as it comes off the wire (still compressed). */
function request(base: string, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The headers of an answer but those of each request (its id, the date). */
const lasting = (headers: IncomingHttpHeaders) => {
  const { 'x-request-id': _id, date: _date, ...rest } = headers;
  return rest;
};

const decoded = (raw: Raw) =>
  JSON.parse((raw.headers['content-encoding'] === 'br' ? brotliDecompressSync(raw.body) : raw.body).toString('utf8')) as {
    data?: Record<string, any>;
    errors?: unknown[];
  };

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (found?.values ?? []) as { labels: Record<string, string | number>; value: number; metricName?: string }[];
  return values
    .filter((v) => (v.metricName ?? name) === (name.endsWith('_seconds') ? `${name}_count` : name))
    .filter((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l))
    .reduce((sum, v) => sum + v.value, 0);
}

/** A server on a port, with the answer cache in front of it; `passed` counts the requests the GraphQL server answered. */
async function listen(yoga: ReturnType<typeof createServer>) {
  const counter = { passed: 0 };
  const server = http.createServer(
    nodeListener(yoga, (req, res) => {
      counter.passed++;
      void yoga(req, res);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counter,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await yoga.dispose();
    },
  };
}

describe.each(databaseKinds)('the answer cache on %s', (kind) => {
  let db: Database;
  let key: string;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const org = await createOrganization(db, { name: 'Answer farms' });
    await createSource(db, org.id, { key: 'answer-farms', name: 'Answer farms', licence: 'CC-BY-4.0' });
    key = (await createApiKey(db, org.id, 'answers', ['write', 'read:private'])).key;
  });
  afterAll(() => db?.close());

  describe.each(stores)('with the response cache in %s', (store) => {
    let a: Awaited<ReturnType<typeof listen>>;
    let b: Awaited<ReturnType<typeof listen>>;
    const logs = captureLogs('info');
    beforeAll(async () => {
      // Two servers on one database (on Redis, sharing one response cache in a namespace of this run's own): two replicas.
      const options = {
        logger: logs.logger,
        corsOrigins: ['https://www.horten.kommune.no'],
        responseCache: store,
        responseCachePrefix: `fc:test-answers:${randomBytes(6).toString('hex')}:`,
        rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 },
        redisUrl: store === 'redis' ? REDIS_URL : undefined,
      };
      a = await listen(createServer(db, options));
      b = await listen(createServer(db, options));
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    const write = async (name: string, externalId: string) => {
      const answer = await request(
        a.base,
        '/graphql',
        { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
        'POST',
        JSON.stringify({ query: UPSERT, variables: { items: [{ externalId, name, kind: 'FARM', municipalityCode: 'NO-3901', lat: 59.42, lon: 10.48 }] } }),
      );
      expect(JSON.parse(answer.body.toString()).errors).toBeUndefined();
    };

    it('answers a repeated persisted GET with the same bytes and headers, logged and counted as the first', async () => {
      const path = persisted('FcDemandCategories', { lang: `nb-${store}` });
      const hitsBefore = await metric('fc_response_cache_lookups_total', { result: 'hit' });
      const timedBefore = await metric('fc_http_request_duration_seconds', { operation: 'FcDemandCategories', status: '200' });
      const passed = a.counter.passed;
      const miss = await request(a.base, path, { ...BROWSER, 'x-request-id': 'answer-miss' });
      const hit = await request(a.base, path, { ...BROWSER, 'x-request-id': 'answer-hit' });
      expect(a.counter.passed - passed).toBe(1);
      expect(miss.status).toBe(200);
      expect(miss.headers['content-encoding']).toBe('br');
      expect(miss.headers['cache-control']).toMatch(/^public, max-age=3600/);
      expect(hit.status).toBe(200);
      expect(hit.body.equals(miss.body)).toBe(true);
      expect(lasting(hit.headers)).toEqual(lasting(miss.headers));
      expect(hit.headers['access-control-allow-origin']).toBe('https://www.horten.kommune.no');
      expect(hit.headers['x-request-id']).toBe('answer-hit');
      expect(decoded(hit).data!.categories.edges.length).toBeGreaterThan(3);
      // Another origin is not allowed to read it, whichever way it is answered.
      const elsewhere = await request(a.base, path, { ...BROWSER, origin: 'https://elsewhere.example' });
      expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
      expect(a.counter.passed - passed).toBe(1);
      // One hit of the answer cache, one duration sample per request, one log line each with the same fields.
      expect((await metric('fc_response_cache_lookups_total', { result: 'hit' })) - hitsBefore).toBe(2);
      expect((await metric('fc_http_request_duration_seconds', { operation: 'FcDemandCategories', status: '200' })) - timedBefore).toBe(3);
      const line = (id: string) => {
        const { reqId: _id, ms, time: _time, ...rest } = logs.lines.find((l) => l.reqId === id)!;
        expect(typeof ms).toBe('number');
        return rest;
      };
      expect(line('answer-hit')).toEqual(line('answer-miss'));
      expect(line('answer-hit')).toMatchObject({ msg: 'request', method: 'GET', path: '/graphql', status: 200, operation: 'FcDemandCategories', keyId: null });
      expect(line('answer-hit').cost).toBeGreaterThan(0);
    });

    it('keeps an answer per content coding and Accept', async () => {
      const path = persisted('FcDemandCategories', { lang: `sv-${store}` });
      const br = await request(a.base, path, BROWSER);
      const gzip = await request(a.base, path, { ...BROWSER, 'accept-encoding': 'gzip' });
      const plain = await request(a.base, path, { ...BROWSER, 'accept-encoding': 'identity' });
      const passed = a.counter.passed;
      expect((await request(a.base, path, { ...BROWSER, 'accept-encoding': 'gzip' })).body.equals(gzip.body)).toBe(true);
      expect((await request(a.base, path, { ...BROWSER, 'accept-encoding': 'identity' })).body.equals(plain.body)).toBe(true);
      expect((await request(a.base, path, BROWSER)).body.equals(br.body)).toBe(true);
      expect(a.counter.passed).toBe(passed);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(new Set([br.headers.etag, gzip.headers.etag, plain.headers.etag]).size).toBe(3);
      // Another Accept is another answer (its content type): the GraphQL server answers it.
      const other = await request(a.base, path, { ...BROWSER, accept: 'application/graphql-response+json' });
      expect(other.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
      expect(a.counter.passed).toBe(passed + 1);
    });

    it('answers If-None-Match with the 304 the GraphQL server gives', async () => {
      const path = persisted('FcDemandCategories', { lang: `en-${store}` });
      const first = await request(b.base, path, BROWSER);
      const etag = first.headers.etag!;
      const c = await listen(createServer(db, { logLevel: 'silent', corsOrigins: ['https://www.horten.kommune.no'], responseCache: 'memory' }));
      try {
        // A server that holds nothing answers the revalidation itself…
        const computed = await request(c.base, path, { ...BROWSER, 'if-none-match': etag });
        expect(c.counter.passed).toBe(1);
        // …and one that holds the answer answers it from the cache, the same.
        const passed = b.counter.passed;
        const cached = await request(b.base, path, { ...BROWSER, 'if-none-match': etag });
        expect(b.counter.passed).toBe(passed);
        expect(cached.status).toBe(304);
        expect(cached.body.length).toBe(0);
        expect(lasting(cached.headers)).toEqual(lasting(computed.headers));
        // A tag that is not the answer's gets the answer.
        expect((await request(b.base, path, { ...BROWSER, 'if-none-match': '"other"' })).status).toBe(200);
      } finally {
        await c.close();
      }
    });

    it('leaves requests with a key, POSTs and documents to the GraphQL server', async () => {
      const path = persisted('FcDemandCategories', { lang: `fi-${store}` });
      await request(a.base, path, BROWSER);
      const passed = a.counter.passed;
      const keyed = await request(a.base, path, { ...BROWSER, authorization: `Bearer ${key}` });
      expect(keyed.headers['cache-control']).toBe('private, no-store');
      await request(a.base, path, { ...BROWSER, 'x-api-key': key });
      await request(a.base, path.replace('/graphql', '/graphql/'), BROWSER);
      expect(a.counter.passed - passed).toBe(3);
      // An answer to a key is never kept for anyone.
      const listPath = persisted('FcDemandCategories', { lang: `da-${store}` });
      await request(a.base, listPath, { ...BROWSER, authorization: `Bearer ${key}` });
      await request(a.base, listPath, BROWSER);
      expect(a.counter.passed - passed).toBe(5);
    });

    it('never keeps an answer with errors', async () => {
      const path = persisted('FcRegionOf', { code: `XX-${store}` });
      const passed = a.counter.passed;
      const first = await request(a.base, path, BROWSER);
      const again = await request(a.base, path, BROWSER);
      expect(decoded(first).errors?.length).toBeGreaterThan(0);
      expect(again.headers['cache-control']).toBe('no-store');
      expect(a.counter.passed - passed).toBe(2);
    });

    it('stops answering from what a write changed: at once on the server that wrote, within the bound on the other', async () => {
      const path = persisted('FcProducerList', { filter: { municipality: ['NO-3901'] }, first: 10, after: null, lang: 'nb' });
      const geo = '/geo/producers.geojson?municipality=NO-3901';
      const names = async (base: string) =>
        (decoded(await request(base, path, BROWSER)).data!.producers.edges as { node: { name: string } }[]).map((e) => e.node.name);
      const mapped = async (base: string) =>
        (
          JSON.parse((await request(base, geo, { 'accept-encoding': 'identity' })).body.toString()) as { features: { properties: { name: string } }[] }
        ).features.map((f) => f.properties.name);
      const name = `Svargården ${kind} ${store}`;
      for (const server of [a, b]) {
        await names(server.base);
        await mapped(server.base);
        const passed = server.counter.passed;
        expect(await names(server.base)).not.toContain(name);
        expect(await mapped(server.base)).not.toContain(name);
        expect(server.counter.passed).toBe(passed);
      }
      await write(name, `answers-${store}`);
      expect(await names(a.base)).toContain(name);
      expect(await mapped(a.base)).toContain(name);
      // The other server looks at the change feed within a second of its last look.
      await sleep(1100);
      expect(await names(b.base)).toContain(name);
      expect(await mapped(b.base)).toContain(name);
      // And keeps the new answers.
      const passed = b.counter.passed;
      expect(await names(b.base)).toContain(name);
      expect(b.counter.passed).toBe(passed);
    });
  });
});

describe('the answer cache and the rate limit', () => {
  it('charges a hit as the GraphQL server charges a miss, and leaves refusals to it', async () => {
    const db = await migratedDatabase('pglite');
    const logs = captureLogs('info');
    const server = await listen(
      createServer(db, { logger: logs.logger, responseCache: 'memory', rateLimit: { anonymousPerMinute: 250, keyPerMinute: 1e9, redisPrefix: 'unused' } }),
    );
    try {
      const path = persisted('FcDemandCategories', { lang: 'nb' });
      const first = await request(server.base, path, BROWSER);
      expect(first.status).toBe(200);
      const cost = logs.lines.find((l) => l.path === '/graphql')!.cost as number;
      expect(cost).toBeGreaterThan(83);
      expect(cost).toBeLessThanOrEqual(125);
      // The second is answered from the cache and charged; the third finds the bucket without its points.
      expect((await request(server.base, path, BROWSER)).status).toBe(200);
      expect(server.counter.passed).toBe(1);
      const refused = await request(server.base, path, BROWSER);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(server.counter.passed).toBe(2);
    } finally {
      await server.close();
      await db.close();
    }
  });

  it('charges the GeoJSON its points on a hit, with the caller’s RateLimit figures', async () => {
    const db = await migratedDatabase('pglite');
    const server = await listen(
      createServer(db, { logLevel: 'silent', responseCache: 'memory', rateLimit: { anonymousPerMinute: 120, keyPerMinute: 1e9, redisPrefix: 'unused' } }),
    );
    try {
      const geo = '/geo/producers.geojson?municipality=NO-3901';
      const first = await request(server.base, geo, BROWSER);
      const second = await request(server.base, geo, BROWSER);
      expect(server.counter.passed).toBe(1);
      expect(first.status).toBe(200);
      expect(second.body.equals(first.body)).toBe(true);
      expect(Number(first.headers['ratelimit-remaining'])).toBeLessThanOrEqual(70);
      expect(Number(second.headers['ratelimit-remaining'])).toBeLessThanOrEqual(Number(first.headers['ratelimit-remaining']) - 49);
      const { 'ratelimit-remaining': _r1, 'ratelimit-reset': _s1, ...firstRest } = lasting(first.headers);
      const { 'ratelimit-remaining': _r2, 'ratelimit-reset': _s2, ...secondRest } = lasting(second.headers);
      expect(secondRest).toEqual(firstRest);
      expect((await request(server.base, geo, BROWSER)).status).toBe(429);
      expect(server.counter.passed).toBe(2);
    } finally {
      await server.close();
      await db.close();
    }
  });
});
