import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { migratedDatabase } from '../test/databases.js';
import { loadFixture } from '../test/fixture.js';
import { createServer } from '../graphql/yoga.js';

const LISTED = 'https://www.horten.kommune.no';
const UNLISTED = 'https://evil.example';
const ORIGINS = { none: null, listed: LISTED, unlisted: UNLISTED, null: 'null' } as const;
type OriginName = keyof typeof ORIGINS;

const ROUTES = {
  'POST /graphql': { method: 'POST', path: '/graphql', body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'application/json' } },
  'GET /export/sources.csv': { method: 'GET', path: '/export/sources.csv' },
  'GET /geo/municipalities/NO-3901.geojson': { method: 'GET', path: '/geo/municipalities/NO-3901.geojson' },
  'GET /dfc/enterprises': { method: 'GET', path: '/dfc/enterprises' },
  'GET /widgets/foodcommons.js': { method: 'GET', path: '/widgets/foodcommons.js' },
} as const;

/** What each configuration lets each origin read (the widget bundle aside, which is always `*`). */
const EXPECTED: Record<'default' | 'restricted', Record<OriginName, string | null>> = {
  default: { none: null, listed: '*', unlisted: '*', null: null },
  restricted: { none: null, listed: LISTED, unlisted: null, null: null },
};

describe('one CORS policy for every route', () => {
  let db: Database;
  const servers = {} as Record<'default' | 'restricted', ReturnType<typeof createServer>>;
  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    await loadFixture(db);
    servers.default = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
    servers.restricted = createServer(db, { corsOrigins: [LISTED], logLevel: 'silent' });
  });
  afterAll(() => db?.close());

  for (const config of ['default', 'restricted'] as const) {
    for (const [originName, origin] of Object.entries(ORIGINS) as [OriginName, string | null][]) {
      for (const [name, route] of Object.entries(ROUTES)) {
        const widget = route.path.startsWith('/widgets/');
        const expected = widget ? '*' : EXPECTED[config][originName];
        it(`${config} config, origin ${originName}: ${name} → Access-Control-Allow-Origin ${expected ?? '(none)'}`, async () => {
          const headers: Record<string, string> = { ...('headers' in route ? route.headers : {}) };
          if (origin) headers.origin = origin;
          const response = await servers[config].fetch(`http://localhost${route.path}`, {
            method: route.method,
            headers,
            body: 'body' in route ? route.body : undefined,
          });
          expect(response.status, await response.clone().text()).toBeLessThan(widget ? 600 : 300);
          expect(response.headers.get('access-control-allow-origin')).toBe(expected);
          expect(response.headers.get('access-control-allow-credentials')).toBeNull();
          expect(response.headers.get('x-content-type-options')).toBe('nosniff');
          const vary = (response.headers.get('vary') ?? '').split(/,\s*/);
          // The answer depends on the origin wherever it is not `*` for everyone.
          if (!widget) expect(vary).toContain('Origin');
          if (expected) expect(response.headers.get('access-control-expose-headers')).toContain('Link');
          else expect(response.headers.get('access-control-expose-headers')).toBeNull();
        });
      }

      const expected = EXPECTED[config][originName];
      it(`${config} config, origin ${originName}: preflight of POST /graphql with Authorization`, async () => {
        const headers: Record<string, string> = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' };
        if (origin) headers.origin = origin;
        const response = await servers[config].fetch('http://localhost/graphql', { method: 'OPTIONS', headers });
        expect(response.status).toBe(204);
        expect(response.headers.get('access-control-allow-origin')).toBe(expected);
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
        expect(response.headers.get('vary')).toContain('Origin');
        if (expected) {
          expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
          expect(response.headers.get('access-control-allow-headers')).toMatch(/^Authorization, Content-Type, /);
          expect(response.headers.get('access-control-max-age')).toBe('600');
        } else {
          expect(response.headers.get('access-control-allow-methods')).toBeNull();
        }
      });

      it(`${config} config, origin ${originName}: preflights of the plain routes`, async () => {
        for (const path of ['/export/sources.csv', '/geo/producers.geojson', '/dfc/enterprises', '/widgets/foodcommons.js']) {
          const headers: Record<string, string> = { 'access-control-request-method': 'GET' };
          if (origin) headers.origin = origin;
          const response = await servers[config].fetch(`http://localhost${path}`, { method: 'OPTIONS', headers });
          expect(response.status, path).toBe(204);
          expect(response.headers.get('access-control-allow-origin'), path).toBe(path.startsWith('/widgets/') ? '*' : expected);
          expect(response.headers.get('access-control-allow-credentials'), path).toBeNull();
          if (response.headers.get('access-control-allow-origin'))
            expect(response.headers.get('access-control-allow-methods'), path).toBe('GET, HEAD, OPTIONS');
        }
      });
    }
  }
});

describe("yoga's CSRF prevention", () => {
  let db: Database;
  let yoga: ReturnType<typeof createServer>;
  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
  });
  afterAll(() => db?.close());

  it('refuses GraphQL requests a page could send cross-site without a preflight', async () => {
    // A plain GET and a form post: "simple" requests a browser sends to any site without asking.
    const get = await yoga.fetch('http://localhost/graphql?query=%7B__typename%7D');
    expect(get.status).toBe(403);
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
      const form = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: contentType === 'text/plain' ? '{ __typename }' : 'query=%7B__typename%7D',
      });
      expect(form.status, contentType).toBe(403);
      expect(JSON.stringify(await form.json())).toContain('CSRF');
    }
  });

  it('lets through JSON posts (the widgets), the CSRF header, and uploads with an API key (the README’s curl)', async () => {
    const json = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await json.json()).toMatchObject({ data: { __typename: 'Query' } });
    const get = await yoga.fetch('http://localhost/graphql?query=%7B__typename%7D', { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(await get.json()).toMatchObject({ data: { __typename: 'Query' } });
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: '{ __typename }' }));
    form.set('map', '{}');
    // A wrong key is refused by authentication, not by the CSRF check: the header proves a preflight.
    const upload = await yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: 'Bearer fc_wrong' } });
    expect(JSON.stringify(await upload.json())).not.toContain('CSRF');
  });
});
