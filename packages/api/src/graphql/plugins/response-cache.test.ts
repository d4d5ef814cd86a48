import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { registry } from '../../observability/metrics.js';
import { createApiKey, createOrganization, createSource } from '../../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../../test/databases.js';
import { REDIS_URL, requireRedis } from '../../test/redis.js';

const hasRedis = await requireRedis('the response cache tests on Redis');
import { schema } from '../schema/index.js';
import { createServer } from '../yoga.js';
import { captureLogs } from '../../test/logs.js';
import { loadStatsFixture } from '../../stats/stats-fixture.js';
import { BUILT_FROM, planOf } from './response-cache.js';
import { MemoryResponseStore } from './response-cache-store.js';

type Yoga = ReturnType<typeof createServer>;
type Answer = { data?: Record<string, any>; errors?: { message: string }[]; extensions?: { responseCache?: string } };

const PRODUCERS = `query CacheProducers($m: [String!]) { producers(first: 100, filter: { municipality: $m }) { totalCount edges { node { name } } } }`;
const CATEGORIES = `query CacheCategories { categories(first: 3) { edges { node { code name(lang: "sv") } } } }`;
const UPSERT = `mutation CacheUpsert($items: [ProducerInput!]!) { upsertProducers(source: "cache-farms", items: $items) { committed } }`;

const send = async (yoga: Yoga, query: string, variables: Record<string, unknown> = {}, key?: string): Promise<Answer> => {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
};

async function lookups(): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'fc_response_cache_lookups_total');
  return Object.fromEntries(((metric?.values ?? []) as { labels: { result?: string }; value: number }[]).map((v) => [v.labels.result!, v.value]));
}

describe('which answers depend on what', () => {
  it('classifies every object type of the schema (connections follow their nodes)', () => {
    const unclassified = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith('__') && !/Connection(Edge)?$/.test(t.name) && t.name !== 'Mutation')
      .map((t) => t.name)
      .filter((name) => !(name in BUILT_FROM))
      // Types only mutations return: a query never reaches them.
      .filter((name) => !mutationOnly.has(name));
    expect(unclassified).toEqual([]);
  });

  it('caches queries by the record kinds they reach, never mutations or the change feed', () => {
    expect(planOf(schema, parse(CATEGORIES)).kinds).toEqual([]);
    expect(planOf(schema, parse(PRODUCERS)).kinds).toEqual(['Organization', 'Producer']);
    expect(planOf(schema, parse(UPSERT)).kinds).toBeNull();
    expect(planOf(schema, parse('{ changes(first: 1) { lastPosition } }')).kinds).toBeNull();
    // `node` may be any record: every kind a node can be built from.
    expect(planOf(schema, parse('query N($id: ID!) { node(id: $id) { id } }')).kinds).toEqual(
      expect.arrayContaining(['Agreement', 'Delivery', 'Demand', 'Goal', 'Kitchen', 'Observation', 'Producer']),
    );
    // Statistics are built from the lines, the exchange rates, and the records deliveries name.
    expect(planOf(schema, parse('{ deliveryStats(groupBy: [YEAR]) { rows { year } } }')).kinds).toEqual(['Delivery', 'DeliveryFigures', 'Observation']);
  });
});

/** Object types that only mutations return (checked above to be unreachable from Query). */
const mutationOnly = new Set(
  (() => {
    const reachable = new Set<string>();
    const walk = (name: string) => {
      if (reachable.has(name)) return;
      reachable.add(name);
      const type = schema.getType(name);
      if (isObjectType(type)) for (const field of Object.values(type.getFields())) walk(namedOf(field.type));
      if (type && 'getInterfaces' in type) for (const i of (type as any).getInterfaces()) walk(i.name);
      if (type && (type as any).astNode?.kind === 'InterfaceTypeDefinition') for (const p of schema.getPossibleTypes(type as any)) walk(p.name);
    };
    walk('Query');
    return Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !reachable.has(t.name))
      .map((t) => t.name);
  })(),
);
function namedOf(type: any): string {
  while (type.ofType) type = type.ofType;
  return type.name;
}

describe('an answer built before a write', () => {
  it('is not served once the write is seen, even if it is stored afterwards', async () => {
    const store = new MemoryResponseStore();
    const before = await store.generations(['Producer']);
    await store.bump(['Producer']);
    await store.set('k', ['Producer'], before, '{"a":1}', 60);
    expect(await store.get('k', ['Producer'])).toBeNull();
    await store.set('k', ['Producer'], await store.generations(['Producer']), '{"a":2}', 60);
    expect(await store.get('k', ['Producer'])).toBe('{"a":2}');
  });

  it('leaves the least recently used answers out when the memory is full', async () => {
    const store = new MemoryResponseStore(16 * 1024);
    const body = 'x'.repeat(400);
    for (let i = 0; i < 30; i++) await store.set(`k${i}`, [], [], body, 60);
    expect(store.size.bytes).toBeLessThanOrEqual(16 * 1024);
    expect(await store.get('k29', [])).toBe(body);
    expect(await store.get('k0', [])).toBeNull();
  });
});

const stores: ('memory' | 'redis')[] = ['memory', ...(hasRedis ? (['redis'] as const) : [])];

describe.each(databaseKinds)('the response cache on %s', (kind) => {
  let db: Database;
  let key: string;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const org = await createOrganization(db, { name: 'Cache farms' });
    await createSource(db, org.id, { key: 'cache-farms', name: 'Cache farms', licence: 'CC-BY-4.0' });
    key = (await createApiKey(db, org.id, 'cache', ['write', 'read:private'])).key;
  });
  afterAll(() => db?.close());

  describe.each(stores)('in %s', (store) => {
    let a: Yoga;
    let b: Yoga;
    beforeAll(async () => {
      // Two servers on one database: two replicas (on Redis, sharing one cache, in a namespace of this run's own).
      const options = {
        logLevel: 'silent' as const,
        responseCache: store,
        responseCachePrefix: `fc:test-cache:${randomBytes(6).toString('hex')}:`,
        rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 },
        redisUrl: store === 'redis' ? REDIS_URL : undefined,
      };
      a = createServer(db, options);
      b = createServer(db, options);
    });
    afterAll(async () => {
      await a?.dispose();
      await b?.dispose();
    });

    it('answers a repeated anonymous query from the cache, with the same data, and counts it', async () => {
      const before = await lookups();
      const first = await send(a, CATEGORIES);
      const second = await send(a, CATEGORIES);
      expect(first.extensions?.responseCache).toBe('miss');
      expect(second.extensions?.responseCache).toBe('hit');
      expect(second.data).toEqual(first.data);
      // Variables in another order are the same entry.
      await send(a, PRODUCERS, { m: ['NO-3901'] });
      expect((await send(a, PRODUCERS, { m: ['NO-3901'] })).extensions?.responseCache).toBe('hit');
      expect((await send(a, PRODUCERS, { m: ['SE-0181'] })).extensions?.responseCache).toBe('miss');
      const after = await lookups();
      expect((after.hit ?? 0) - (before.hit ?? 0)).toBe(2);
      expect((after.miss ?? 0) - (before.miss ?? 0)).toBe(3);
    });

    it('never answers a request with a key from the cache, and never stores its answer', async () => {
      const query = `query KeyOnly { producers(first: 2, filter: { municipality: ["SE-0181"] }) { edges { node { name } } } }`;
      const keyed = await send(a, query, {}, key);
      expect(keyed.extensions?.responseCache).toBeUndefined();
      expect((await send(a, query, {}, key)).extensions?.responseCache).toBeUndefined();
      // The keyed answers were not stored: the first anonymous one is a miss.
      expect((await send(a, query)).extensions?.responseCache).toBe('miss');
    });

    it('shows a write to readers of this replica at once and of the other within the bound; answers that do not depend on it stay', async () => {
      const name = `Cachegården ${kind} ${store}`;
      const read = async (yoga: Yoga) => {
        const answer = await send(yoga, PRODUCERS, { m: ['NO-3901'] });
        return { served: answer.extensions?.responseCache, names: answer.data!.producers.edges.map((e: { node: { name: string } }) => e.node.name) };
      };
      await read(a);
      await read(b);
      expect((await read(a)).served).toBe('hit');
      expect((await send(b, CATEGORIES)).extensions?.responseCache).toBeDefined();
      const written = await send(a, UPSERT, { items: [{ externalId: `cache-${store}`, name, kind: 'FARM', municipalityCode: 'NO-3901' }] }, key);
      expect(written.errors).toBeUndefined();
      // The replica that wrote looks at the feed before its next read.
      const onA = await read(a);
      expect(onA.served).toBe('miss');
      expect(onA.names).toContain(name);
      // The other looks within a second (its interval): after it, its answer holds the write.
      await sleep(1100);
      const onB = await read(b);
      expect(onB.names).toContain(name);
      // Categories are not built from producers: still served from the cache.
      expect((await send(b, CATEGORIES)).extensions?.responseCache).toBe('hit');
    });
  });
});

describe('the response cache when Redis does not answer', () => {
  it('answers every query without it, says so once in the log, and counts the failures', async () => {
    const db = await migratedDatabase('pglite');
    const logs = captureLogs('warn');
    const yoga = createServer(db, {
      logger: logs.logger,
      responseCache: 'redis',
      redisUrl: 'redis://127.0.0.1:9',
      rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 },
    });
    try {
      const before = await lookups();
      for (let i = 0; i < 3; i++) {
        const answer = await send(yoga, CATEGORIES);
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.categories.edges).toHaveLength(3);
      }
      expect(logs.messages().filter((m) => m.startsWith('Response cache:'))).toHaveLength(1);
      expect((await lookups()).error! - (before.error ?? 0)).toBe(3);
    } finally {
      await yoga.dispose();
      await db.close();
    }
  });
});

describe('statistics in the response cache', () => {
  it('are evicted by writes that can change them (a delivery, a producer a delivery names), not by others, and reported in /metrics', async () => {
    const db = await migratedDatabase('pglite');
    const fixture = await loadStatsFixture(db);
    const yoga = createServer(db, { logLevel: 'silent', responseCache: 'memory', rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 } });
    const logChange = (kind: string, id: number | string) =>
      db.sql.query(`INSERT INTO change (operation, record_type, record_id, version) VALUES ('UPDATE', $1, $2, 2)`, [kind, String(id)]);
    const served = async () => (await send(yoga, stats)).extensions?.responseCache;
    const stats = `query CacheStats { deliveryStats(groupBy: [YEAR], filter: { municipality: ["NO-3901"], from: "2020-01-01", to: "2030-12-31" }) { rows { year total } } }`;
    try {
      const first = await send(yoga, stats);
      expect(first.errors).toBeUndefined();
      expect(first.data!.deliveryStats.rows.length).toBeGreaterThan(0);
      expect(await served()).toBe('hit');
      // A producer no delivery names (a partner adding a farm), a goal: the statistics stay.
      const newcomer = await db.prisma.producer.create({
        data: { sourceId: fixture.source.id, externalId: 'newcomer', name: 'Nygården', kind: 'FARM', countryCode: 'NO', municipalityCode: 'NO-3901' },
      });
      await logChange('Producer', newcomer.id);
      await logChange('Goal', 1);
      await sleep(1100);
      expect(await served()).toBe('hit');
      // The origin of delivered potatoes: its place decides what is local.
      await logChange('Producer', fixture.producers.ph.id);
      await sleep(1100);
      expect(await served()).toBe('miss');
      expect(await served()).toBe('hit');
      // Any delivery.
      await logChange('Delivery', 1);
      await sleep(1100);
      expect(await served()).toBe('miss');
      const metrics = await (await yoga.fetch('http://localhost/metrics')).text();
      expect(metrics).toMatch(/fc_response_cache_lookups_total\{result="hit"\} [1-9]/);
      expect(metrics).toMatch(/fc_response_cache_lookups_total\{result="miss"\} [1-9]/);
    } finally {
      await yoga.dispose();
      await db.close();
    }
  });
});

describe('the same query arriving while it is computed', () => {
  it('waits for that answer instead of computing it again', async () => {
    const db = await migratedDatabase('pglite');
    await loadStatsFixture(db);
    const yoga = createServer(db, { logLevel: 'silent', responseCache: 'memory', rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 } });
    const stats = `query Together { deliveryStats(groupBy: [YEAR, MUNICIPALITY], local: { definition: WITHIN_KM, km: 50 }) { rows { year total localShare } } }`;
    try {
      const before = await lookups();
      const answers = await Promise.all(Array.from({ length: 8 }, () => send(yoga, stats)));
      const after = await lookups();
      const served = answers.map((a) => a.extensions?.responseCache);
      expect(answers.every((a) => a.errors === undefined)).toBe(true);
      for (const a of answers) expect(a.data).toEqual(answers[0]!.data);
      // One computed it; the others took its answer (or, arriving after it was stored, the cache's).
      expect(served.filter((s) => s === 'miss')).toHaveLength(1);
      expect((after.shared ?? 0) - (before.shared ?? 0)).toBeGreaterThanOrEqual(1);
      expect(served.filter((s) => s === 'shared' || s === 'hit')).toHaveLength(7);
    } finally {
      await yoga.dispose();
      await db.close();
    }
  });
});
