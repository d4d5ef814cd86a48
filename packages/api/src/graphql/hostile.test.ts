import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, RequestAbortedError } from '../db/database.js';
import { loadFixture } from '../test/fixture.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { createServer } from './yoga.js';
import { LIMITS } from './plugins/cost.js';

/**
 * Queries an attacker would send. Each is refused before execution with QUERY_TOO_COMPLEX naming
 * the limit, or answers within its deadline; the server stays up and its heap stays bounded.
 */
describe.each(databaseKinds)('hostile queries (%s)', (kind) => {
  let db: Database;
  let yoga: ReturnType<typeof createServer>;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadFixture(db);
    yoga = createServer(db, { logLevel: 'silent', rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 } });
  });
  afterAll(() => db?.close());

  type Result = { status: number; data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, any> };
  const post = async (query: string, variables?: Record<string, unknown>): Promise<Result> => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  const refusedFor = (result: Result, limit: string | string[]) => {
    const limits = Array.isArray(limit) ? limit : [limit];
    expect(result.data ?? null).toBeNull();
    const error = result.errors?.find((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
    expect(error, JSON.stringify(result.errors)).toBeDefined();
    expect(limits).toContain(error!.extensions!.limit);
    expect(error!.extensions!.maximum).toBe(LIMITS[error!.extensions!.limit as keyof typeof LIMITS]);
    return error!;
  };

  const loop = (depth: number) => {
    let inner = 'code';
    for (let i = 0; i < depth; i++) inner = `code municipalities { code region { ${inner} } }`;
    return `{ regions(country: "SE") { ${inner} } }`;
  };

  it('refuses the region ↔ municipality loop before it runs, at every depth that would be costly', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    // The query that once took the server down (194 bytes, no key).
    const original =
      '{ regions(country:"SE") { code municipalities { code region { municipalities { code region { municipalities { code region { municipalities { code region { code } } } } } } } } } }';
    const error = refusedFor(await post(original), 'cost');
    expect(error.message).toMatch(/costs [\d,]+ points; at most 25,000/);
    expect(error.extensions!.found as number).toBeGreaterThan(LIMITS.cost);
    // One level answers (it is small); two levels and more are refused.
    const one = await post(loop(1));
    expect(one.errors).toBeUndefined();
    expect((one.data as { regions: unknown[] }).regions).toHaveLength(21);
    for (let depth = 2; depth <= 12; depth++) refusedFor(await post(loop(depth)), ['cost', 'depth']);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses other relation loops: producer ↔ organization, category trees, municipality ↔ producers', async () => {
    refusedFor(
      await post(
        '{ producers(first: 100) { edges { node { organization { producers { organization { producers { organization { producers { name } } } } } } } } } }',
      ),
      'cost',
    );
    refusedFor(
      await post(
        '{ municipalities(first: 100) { edges { node { producers(first: 100) { edges { node { municipality { producers(first: 100) { totalCount } } } } } } } } }',
      ),
      'cost',
    );
    let tree = 'code';
    for (let i = 0; i < 14; i++) tree = `code children { ${tree} }`;
    refusedFor(await post(`{ categories(first: 100) { edges { node { ${tree} } } } }`), 'depth');
  });

  it('refuses alias floods of every heavy field', async () => {
    const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    const producers = 'producers(first: 100) { edges { node { name } } }';
    const error = refusedFor(await post(aliases(100, producers)), 'aliases');
    expect(error.extensions!.found).toBe(100);
    refusedFor(await post(aliases(1000, producers)), ['tokens', 'aliases']);
    const heavyStats = 'deliveryStats(groupBy: [KITCHEN, PRODUCER, MONTH, CATEGORY]) { rows { total } }';
    refusedFor(await post(aliases(20, heavyStats)), 'cost');
    refusedFor(await post(aliases(26, 'demandGaps(municipality: ["NO-3901"], from: "2025-01-01", to: "2025-12-31") { gapKg }')), 'cost');
    refusedFor(await post(aliases(25, 'goals(first: 100) { edges { node { progress { currentValue } } } }')), 'cost');
    refusedFor(
      await post(aliases(30, 'matches(lotId: "TG90OjE", first: 100) { edges { node { producer { name products { category { code } } } } } }')),
      'cost',
    );
    // Within the limits, the same field answers with its cost reported.
    const fine = await post(aliases(2, 'producers(first: 5) { edges { node { name } } }'));
    expect(fine.errors).toBeUndefined();
    expect(fine.extensions?.cost).toMatchObject({ requested: 2 * (2 + 5 * 1), limit: LIMITS.cost });
  });

  it('refuses nodes(ids:) with more IDs than allowed, as literals and as variables', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => Buffer.from(`Producer:${i + 1}`).toString('base64url'));
    refusedFor(await post(`{ nodes(ids: ${JSON.stringify(ids)}) { id } }`), 'nodes');
    refusedFor(await post('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }), 'nodes');
    const few = await post('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids.slice(0, 3) });
    expect(few.errors).toBeUndefined();
  });

  it('refuses huge documents, token floods and introspection loops', async () => {
    refusedFor(await post(`{ countries { code } } # ${'x'.repeat(LIMITS.documentLength)}`), 'documentLength');
    const tokens = await post(`{ countries { ${'code '.repeat(LIMITS.tokens)} } }`);
    refusedFor(tokens, 'tokens');
    refusedFor(await post('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }'), 'introspectionLists');
    // GraphiQL's own introspection query is allowed.
    const { getIntrospectionQuery } = await import('graphql');
    const introspection = await post(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
  });

  it('handles fragments spread many times and fragment bombs without blowing up', async () => {
    const started = performance.now();
    // 2^20 expansions of one small selection, written in a few hundred bytes.
    const fragments = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const bomb = `{ ...F0 }\n${fragments}\nfragment F20 on Query { countries { code } }`;
    const result = await post(bomb);
    expect(result.status).toBeLessThan(500);
    const spreads = `fragment M on Municipality { code name }\n{ municipalities(first: 100) { edges { node { ${'...M '.repeat(1500)} } } } }`;
    expect((await post(spreads)).status).toBeLessThan(500);
    // The same bomb inside introspection, nesting more lists than allowed through its fragments.
    const typeFragments = Array.from({ length: 20 }, (_, i) => `fragment T${i} on __Type { ...T${i + 1} ...T${i + 1} }`).join('\n');
    refusedFor(
      await post(`{ __schema { types { ...T0 } } }\n${typeFragments}\nfragment T20 on __Type { fields { type { fields { type { fields { name } } } } } }`),
      'introspectionLists',
    );
    // Each fragment is measured once: milliseconds, not the million expansions (a bound for a busy machine).
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('stays up: health and a cheap query answer after the hostile ones', async () => {
    expect((await yoga.fetch('http://localhost/healthz')).status).toBe(200);
    const cheap = await post('{ countries { code } }');
    expect(cheap.errors).toBeUndefined();
  });

  it('stops a request at its deadline: a statement waiting past it is refused or cancelled', async () => {
    const controller = new AbortController();
    const scoped = db.forRequest(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(scoped.sql.query('SELECT 1')).rejects.toBeInstanceOf(RequestAbortedError);
    if (kind !== 'postgresql') return;
    // On PostgreSQL a statement still running when the deadline passes is cancelled on the server.
    const running = new AbortController();
    const started = performance.now();
    const sleeping = db.forRequest(running.signal).sql.query('SELECT pg_sleep(30)');
    setTimeout(() => running.abort(new Error('deadline')), 300);
    await expect(sleeping).rejects.toBeInstanceOf(RequestAbortedError);
    expect(performance.now() - started).toBeLessThan(25_000);
    const active = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'`,
    );
    expect(active[0]!.n).toBe(0);
  });
});

describe.runIf(databaseKinds.includes('postgresql'))('request deadline on PostgreSQL', () => {
  let db: Database;
  beforeAll(async () => {
    db = await migratedDatabase('postgresql');
    await loadFixture(db);
  });
  afterAll(() => db?.close());
  type Result = { errors?: { message: string; extensions?: Record<string, unknown> }[] };

  it('answers TIMEOUT when a query passes the request deadline', async () => {
    const short = createServer(db, { logLevel: 'silent', requestTimeoutMs: 500, rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 } });
    // Another session holds the producer table, so the producer list waits until its deadline.
    const url = new URL((db.location as string).replace('***', ''));
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE producer IN ACCESS EXCLUSIVE MODE');
      const started = performance.now();
      const response = await short.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ producers(first: 5) { edges { node { name } } } }' }),
      });
      const body = (await response.json()) as Result;
      expect(body.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
      expect(body.errors?.[0]?.message).toMatch(/deadline of 0.5 s/);
      expect(performance.now() - started).toBeLessThan(60_000);
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    }
  });
});
