import { gunzipSync } from 'node:zlib';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { CACHE_POLICY, cacheControl } from '../http/cache-headers.js';
import { createApiKey, createOrganization } from '../sync/keys.js';
import { migratedDatabase } from '../test/databases.js';
import { type GraphQLResult, graphqlClient } from '../test/graphql.js';
import { loadManifest } from './plugins/persisted.js';
import { schema } from './schema/index.js';
import { createServer } from './yoga.js';

const manifest = loadManifest();
const byName = (name: string) => {
  const operation = [...manifest.values()].find((o) => o.name === name);
  if (!operation) throw new Error(`${name} is not in the manifest`);
  return operation;
};
const producerList = byName('FcProducerList');
const listVariables = { filter: { municipality: ['NO-3901'] }, first: 20, lang: 'nb' };

type Yoga = ReturnType<typeof createServer>;
const getUrl = (id: string, variables?: Record<string, unknown>) =>
  `http://localhost/graphql?id=${encodeURIComponent(id)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`;
/** A persisted GET as a widget sends it: no custom header, so no CORS preflight. */
const get = (yoga: Yoga, id: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  yoga.fetch(getUrl(id, variables), { headers: { accept: 'application/json', origin: 'https://www.horten.kommune.no', ...headers } });
const post = (yoga: Yoga, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const json = async (response: Response) => (await response.json()) as GraphQLResult & { extensions?: { cost?: Record<string, unknown> } };

describe('persisted operations', () => {
  let db: Database;
  let yoga: Yoga;
  let key: string;
  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    yoga = graphqlClient(db).yoga;
    const organization = await createOrganization(db, { name: 'Horten kommune' });
    key = (await createApiKey(db, organization.id, 'persisted test', ['read:private'])).key;
  });
  afterAll(() => db?.close());

  it('knows every manifest operation, each valid against the schema and with cache figures', async () => {
    expect(manifest.size).toBeGreaterThanOrEqual(16);
    for (const operation of manifest.values()) {
      expect(validate(schema, parse(operation.document)), operation.name).toEqual([]);
      expect(CACHE_POLICY[operation.name], `${operation.name} in CACHE_POLICY`).toBeDefined();
      // The server finds it by id: whatever the answer (required variables left out), not an unknown id.
      const answer = await json(await get(yoga, operation.id));
      const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
      expect(codes, operation.name).not.toContain('PERSISTED_QUERY_NOT_FOUND');
      expect(codes, operation.name).not.toContain('GRAPHQL_VALIDATION_FAILED');
    }
    expect(Object.keys(CACHE_POLICY).sort()).toEqual([...manifest.values()].map((o) => o.name).sort());
  });

  it('answers a GET by id with variables as it answers the POSTed document', async () => {
    const byId = await get(yoga, producerList.id, listVariables);
    expect(byId.status).toBe(200);
    const sent = await json(await post(yoga, { query: producerList.document, variables: listVariables }, { 'x-graphql-yoga-csrf': '1' }));
    const persisted = await json(byId);
    expect(persisted.errors).toBeUndefined();
    expect(persisted.data).toEqual(sent.data);
    expect((persisted.data!.categories as { edges: unknown[] }).edges.length).toBeGreaterThan(3);
    // POST by id, and Apollo's extension with the bare hash, run the same operation.
    for (const body of [{ id: producerList.id }, { extensions: { persistedQuery: { version: 1, sha256Hash: producerList.id.slice('sha256:'.length) } } }]) {
      const answer = await json(await post(yoga, { ...body, variables: listVariables }));
      expect(answer.data).toEqual(sent.data);
    }
  });

  it('makes an anonymous GET public with a strong ETag, stable across requests, and answers If-None-Match with 304', async () => {
    const first = await get(yoga, producerList.id, listVariables);
    const second = await get(yoga, producerList.id, listVariables);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(cacheControl(CACHE_POLICY.FcShareChart!)).toBe('public, max-age=300, stale-while-revalidate=3600');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect(second.headers.get('etag')).toBe(etag);
    const vary = first.headers
      .get('vary')!
      .split(',')
      .map((v) => v.trim().toLowerCase());
    expect(vary).toEqual(expect.arrayContaining(['authorization', 'accept', 'accept-encoding', 'origin']));
    expect(vary).not.toContain('accept-language');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    // A shared answer carries no caller's rate-limit figures; it keeps the operation's cost.
    const body = await json(first);
    expect(body.extensions?.cost).toMatchObject({ requested: expect.any(Number), limit: 25_000 });
    expect(body.extensions?.cost).not.toHaveProperty('throttleStatus');
    expect(first.headers.get('ratelimit-remaining')).toBeNull();

    const notModified = await get(yoga, producerList.id, listVariables, { 'if-none-match': `"other", ${etag}` });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    // Other variables are another answer.
    const other = await get(yoga, producerList.id, { ...listVariables, lang: 'en' }, { 'if-none-match': etag! });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it('gives each content coding its own tag, and revalidates either', async () => {
    // The categories with their names are over the size the HTTP layer compresses.
    const categories = byName('FcDemandCategories');
    const gzip = await get(yoga, categories.id, { lang: 'nb' }, { 'accept-encoding': 'gzip' });
    const plain = await get(yoga, categories.id, { lang: 'nb' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
    const etag = gzip.headers.get('etag')!;
    expect(etag).toBe(plain.headers.get('etag')!.replace(/"$/, '-gzip"'));
    expect(JSON.parse(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString())).toEqual(await plain.json());
    const revalidated = await get(yoga, categories.id, { lang: 'nb' }, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('content-encoding')).toBeNull();
  });

  it('never lets a shared cache keep answers to keys, POSTs or errors', async () => {
    const keyed = await get(yoga, producerList.id, listVariables, { authorization: `Bearer ${key}` });
    expect(keyed.status).toBe(200);
    expect((await json(keyed)).data).toBeDefined();
    expect(keyed.headers.get('cache-control')).toBe('private, no-store');
    expect(keyed.headers.get('etag')).toBeNull();
    const posted = await post(yoga, { id: producerList.id, variables: listVariables });
    expect(posted.headers.get('cache-control')).toBe('no-store');
    const failed = await get(yoga, byName('FcRegionOf').id, { code: 'XX-0000' });
    expect((await json(failed)).errors?.[0]?.extensions?.code).toBe('UNKNOWN_CODE');
    expect(failed.headers.get('cache-control')).toBe('no-store');
    expect(failed.headers.get('etag')).toBeNull();
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND naming it', async () => {
    const id = `sha256:${'0'.repeat(64)}`;
    for (const response of [await get(yoga, id), await post(yoga, { id })]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const error = (await json(response)).errors?.[0];
      expect(error?.extensions).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND', id });
      expect(error?.message).toContain(id);
    }
    const nothing = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(nothing.status).toBe(400);
    expect((await json(nothing)).errors?.[0]?.message).toMatch(/neither a GraphQL document .* nor the id/);
  });

  it('exempts only persisted GETs from the CSRF header: a GET with a document still needs it', async () => {
    const adHoc = await yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent('{ countries { code } }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(adHoc.status).toBe(403);
  });

  it('prices a persisted operation as any document: over the cost limit it is refused', async () => {
    const answer = await json(await get(yoga, producerList.id, { ...listVariables, first: 100_000 }));
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect(answer.data).toBeUndefined();
  });

  it('charges persisted operations to the rate limit', async () => {
    const limited = createServer(db, { logLevel: 'silent', rateLimit: { anonymousPerMinute: 100, keyPerMinute: 1e9 } });
    let status = 200;
    for (let i = 0; i < 5 && status === 200; i++) status = (await get(limited, producerList.id, listVariables)).status;
    expect(status).toBe(429);
  });

  describe('with PERSISTED_ONLY=anonymous', () => {
    let strict: Yoga;
    beforeAll(() => {
      strict = createServer(db, {
        corsOrigins: ['*'],
        logLevel: 'silent',
        persistedOnly: 'anonymous',
        rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 },
      });
    });

    it('refuses a document sent without a key, naming how to get one', async () => {
      const response = await post(strict, { query: '{ countries { code } }' });
      expect(response.status).toBe(403);
      const error = (await json(response)).errors?.[0];
      expect(error?.extensions?.code).toBe('PERSISTED_ONLY');
      expect(error?.message).toMatch(/Authorization: Bearer fc_…/);
      expect(error?.message).toMatch(/fc keys create/);
    });

    it('runs persisted operations for anyone and any document for a key', async () => {
      expect((await json(await get(strict, producerList.id, listVariables))).data).toBeDefined();
      const keyed = await json(await post(strict, { query: '{ countries { code } }' }, { authorization: `Bearer ${key}` }));
      expect(keyed.errors).toBeUndefined();
      expect((keyed.data!.countries as unknown[]).length).toBeGreaterThan(0);
      const badKey = await json(await post(strict, { query: '{ countries { code } }' }, { authorization: 'Bearer fc_unknown' }));
      expect(badKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('still serves GraphiQL’s page', async () => {
      const page = await strict.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
    });
  });
});
