import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { loadFixture } from '../test/fixture.js';
import { createServer } from '../graphql/yoga.js';
import { widgetsVersion } from './widget-routes.js';

describe.each(databaseKinds)('widget routes on %s', (kind) => {
  let db: Database;
  let fixture: Awaited<ReturnType<typeof loadFixture>>;
  let yoga: ReturnType<typeof createServer>;
  const get = (path: string, headers: Record<string, string> = {}) => yoga.fetch(`http://localhost${path}`, { headers });

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    fixture = await loadFixture(db);
    yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
  });
  afterAll(() => db?.close());

  it('serves the published locations of a municipality’s producers as GeoJSON, deleted ones left out', async () => {
    const response = await get('/geo/producers.geojson?municipality=NO-3901', { origin: 'https://www.horten.kommune.no' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/geo+json');
    // Any origin may read the open data (the CORS default); the widgets call it from municipalities' sites.
    expect(['*', 'https://www.horten.kommune.no']).toContain(response.headers.get('access-control-allow-origin'));
    const body = (await response.json()) as {
      features: { id: string; properties: { name: string; tenderReady: boolean }; geometry: { coordinates: number[] } }[];
    };
    expect(body.features.map((f) => f.properties.name)).toEqual(['Gulrot og Co', 'Karis gård', 'Langt unna gård', 'Melkebruket', 'Potetgården']);
    // The sole trader without consent is shown at Horten's centre, not at the farm.
    const horten = await db.prisma.municipality.findUniqueOrThrow({ where: { code: 'NO-3901' } });
    const kari = body.features.find((f) => f.properties.name === 'Karis gård')!;
    expect(kari.geometry.coordinates).toEqual([horten.centroidLon, horten.centroidLat]);
    const potato = body.features.find((f) => f.properties.name === 'Potetgården')!;
    expect(potato.geometry.coordinates).toEqual([fixture.producers.potato.lon, fixture.producers.potato.lat]);
    expect(Buffer.from(potato.id, 'base64url').toString()).toBe(`Producer:${fixture.producers.potato.id}`);
  });

  it('caches the producers like the map’s persisted operation: public for a minute, a strong ETag, 304 on If-None-Match', async () => {
    const path = '/geo/producers.geojson?municipality=NO-3901';
    const first = await get(path);
    const second = await get(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect(second.headers.get('etag')).toBe(etag);
    const vary = first.headers
      .get('vary')!
      .split(/,\s*/)
      .map((v) => v.toLowerCase());
    expect(vary).toEqual(expect.arrayContaining(['authorization', 'accept', 'accept-encoding']));
    const body = await first.text();
    expect(JSON.parse(body)).toMatchObject({ type: 'FeatureCollection' });

    const notModified = await get(path, { 'if-none-match': `"other", ${etag}` });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect((await get(path, { 'if-none-match': 'W/' + etag! })).status).toBe(304);
    // Another filter is another representation.
    const other = await get(`${path}&tender-ready=true`, { 'if-none-match': etag! });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);

    // Each content coding is its own representation with its own tag; revalidating it gives a 304.
    const gzip = await get(path, { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    const gzipTag = gzip.headers.get('etag')!;
    expect(gzipTag).toBe(etag!.replace(/"$/, '-gzip"'));
    const revalidated = await get(path, { 'accept-encoding': 'gzip', 'if-none-match': gzipTag });
    expect(revalidated.status).toBe(304);

    // With a key, or refused: never kept.
    const keyed = await get(path, { authorization: 'Bearer fc_unknown' });
    expect(keyed.headers.get('cache-control')).toBe('private, no-store');
    expect(keyed.headers.get('etag')).toBeNull();
    const refused = await get('/geo/producers.geojson?tender-ready=maybe', { 'if-none-match': '*' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('filters producers like the GraphQL filter: category with descendants, certification, tender-ready', async () => {
    const names = async (query: string) =>
      ((await (await get(`/geo/producers.geojson?${query}`)).json()) as { features: { properties: { name: string } }[] }).features.map(
        (f) => f.properties.name,
      );
    expect(await names('municipality=NO-3901&category=vegetables.root')).toEqual(['Gulrot og Co', 'Potetgården']);
    expect(await names('municipality=NO-3901&certification=debio,nyt_norge')).toEqual(['Melkebruket', 'Potetgården']);
    expect(await names('municipality=NO-3901&tender-ready=true')).toEqual(['Gulrot og Co', 'Potetgården']);
    expect(await names('municipality=NO-3901&tender-ready=false&search=gård')).toEqual(['Karis gård', 'Langt unna gård']);
  });

  it('refuses bad filters with a message naming the parameter', async () => {
    const bad = async (query: string) => {
      const response = await get(`/geo/producers.geojson?${query}`);
      return { status: response.status, ...((await response.json()) as { error: { message: string; field?: string } }) };
    };
    expect(await bad('certification=ORGANICISH')).toMatchObject({ status: 400, error: { field: 'certification' } });
    expect((await bad('certification=ORGANICISH')).error.message).toContain('"ORGANICISH" is not a certification scheme');
    expect(await bad('tender-ready=maybe')).toMatchObject({ status: 400, error: { field: 'tender-ready' } });
    expect(await bad('municipality=NO-9999')).toMatchObject({ status: 400, error: { field: 'municipality' } });
    expect(await bad('category=vegetables.nonsense')).toMatchObject({ status: 400, error: { field: 'category' } });
  });

  it('limits producers to a bounding box of their published locations', async () => {
    const names = async (query: string) =>
      ((await (await get(`/geo/producers.geojson?${query}`)).json()) as { features: { properties: { name: string } }[] }).features.map(
        (f) => f.properties.name,
      );
    const point = (p: { lat: number | null; lon: number | null }) => ({ lat: p.lat!, lon: p.lon! });
    const [potato, carrot, dairy] = [fixture.producers.potato, fixture.producers.carrot, fixture.producers.dairy].map(point) as [
      { lat: number; lon: number },
      { lat: number; lon: number },
      { lat: number; lon: number },
    ];
    // A box just around the potato farm (50 km north-east of the centre) holds it alone.
    const around = (p: { lat: number; lon: number }, d = 0.01) => `${p.lon - d},${p.lat - d},${p.lon + d},${p.lat + d}`;
    expect(await names(`bbox=${around(potato)}`)).toEqual(['Potetgården']);
    // From the carrot farm (5 km east) to the dairy (20 km north): both, and nothing else of Horten's.
    const box = [Math.min(carrot.lon, dairy.lon), Math.min(carrot.lat, dairy.lat), Math.max(carrot.lon, dairy.lon), Math.max(carrot.lat, dairy.lat)].join(',');
    expect(await names(`bbox=${box}&municipality=NO-3901`)).toEqual(['Gulrot og Co', 'Melkebruket']);
    // The sole trader without consent is found at Horten's centre, where the map shows her, not at her farm 1 km south.
    const horten = await db.prisma.municipality.findUniqueOrThrow({ where: { code: 'NO-3901' } });
    const kari = await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p-sole' } });
    expect(await names(`bbox=${around({ lat: horten.centroidLat!, lon: horten.centroidLon! }, 0.001)}`)).toContain('Karis gård');
    expect(await names(`bbox=${around({ lat: kari.lat!, lon: kari.lon! }, 0.001)}`)).not.toContain('Karis gård');
    // The edges count as inside, as in the GraphQL bbox.
    expect(await names(`bbox=${potato.lon},${potato.lat},${potato.lon},${potato.lat}`)).toEqual(['Potetgården']);
  });

  it('refuses a request matching more producers than its limit, saying how to narrow it, and never cuts silently', async () => {
    const all = ((await (await get('/geo/producers.geojson?municipality=NO-3901')).json()) as { features: unknown[] }).features.length;
    expect(all).toBe(5);
    const exact = await get(`/geo/producers.geojson?municipality=NO-3901&limit=${all}`);
    expect(exact.status).toBe(200);
    expect(((await exact.json()) as { features: unknown[] }).features).toHaveLength(all);
    const over = await get(`/geo/producers.geojson?municipality=NO-3901&limit=${all - 1}`);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({
      error: {
        code: 'TOO_MANY_RESULTS',
        field: 'limit',
        message: `More than ${all - 1} producers match: narrow the request with municipality, bbox, category, certification, tender-ready or search.`,
      },
    });
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=20001', 'limit'],
      ['limit=ten', 'limit'],
      ['bbox=10,59,11', 'bbox'],
      ['bbox=11,59,10,60', 'bbox'],
      ['bbox=10,,11,60', 'bbox'],
    ]) {
      const response = await get(`/geo/producers.geojson?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
  });

  it('serves municipality boundaries one by one, by codes and by bounding box', async () => {
    const one = await get('/geo/municipalities/NO-3901.geojson');
    expect(one.status).toBe(200);
    const feature = (await one.json()) as { id: string; properties: { name: string }; geometry: { type: string } };
    expect(feature).toMatchObject({ id: 'NO-3901', properties: { name: 'Horten' } });
    expect(['Polygon', 'MultiPolygon']).toContain(feature.geometry.type);

    const two = (await (await get('/geo/municipalities.geojson?codes=NO-3901,se-0181')).json()) as { features: { id: string }[] };
    expect(two.features.map((f) => f.id)).toEqual(['NO-3901', 'SE-0181']);

    // A box around Horten town: Horten itself and its neighbours across the fjord and inland.
    const box = (await (await get('/geo/municipalities.geojson?bbox=10.40,59.38,10.55,59.45')).json()) as { features: { id: string }[] };
    const codes = box.features.map((f) => f.id);
    expect(codes).toContain('NO-3901');
    expect(codes.every((c) => c.startsWith('NO-'))).toBe(true);
    const horten = await db.prisma.municipality.findUniqueOrThrow({ where: { code: 'NO-3901' } });
    const inBox = await db.prisma.municipality.count({
      where: { maxLon: { gte: 10.4 }, minLon: { lte: 10.55 }, maxLat: { gte: 59.38 }, minLat: { lte: 59.45 } },
    });
    expect(codes.length).toBe(inBox);
    expect(horten.minLon).toBeLessThan(10.55);

    expect((await get('/geo/municipalities/NO-9999.geojson')).status).toBe(404);
    const missing = await get('/geo/municipalities.geojson?codes=NO-3901,NO-9999');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('No municipality with code NO-9999.');
    expect((await get('/geo/municipalities.geojson')).status).toBe(400);
    expect((await get('/geo/municipalities.geojson?bbox=11,59,10,60')).status).toBe(400);
    expect((await get('/geo/municipalities.geojson?codes=Horten')).status).toBe(400);
  });

  it('serves /embed with a strict content security policy, loading the versioned bundle', async () => {
    const response = await get('/embed');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain(`/widgets/${await widgetsVersion()}/foodcommons.js`);
    expect(html).toContain('<fc-embed-builder');
    expect(html).not.toMatch(/style=|<style|<script>(?!<)/);
  });
});

describe('widget bundle routes', () => {
  const yoga = createServer({} as Database, { corsOrigins: ['*'], logLevel: 'silent' });
  const get = (path: string) => yoga.fetch(`http://localhost${path}`);

  it('refuses paths outside the bundle', async () => {
    for (const path of ['/widgets/../package.json', '/widgets/%2e%2e/package.json', '/widgets/chunks/../../x.js', '/widgets/foodcommons.ts']) {
      expect([404, 503]).toContain((await get(path)).status);
    }
  });

  it('serves the entry with a short cache, the versioned URL and chunks as immutable, open to any origin', async () => {
    const entry = await get('/widgets/foodcommons.js');
    if (entry.status === 503) {
      // Not built in this checkout: the message says how to build it.
      expect(await entry.text()).toContain('pnpm --filter @food-commons/widgets build');
      return;
    }
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toContain('text/javascript');
    expect(entry.headers.get('access-control-allow-origin')).toBe('*');
    expect(entry.headers.get('cache-control')).toBe('public, max-age=300');
    const version = await widgetsVersion();
    const versioned = await get(`/widgets/${version}/foodcommons.js`);
    expect(versioned.headers.get('cache-control')).toContain('immutable');
    const code = await entry.text();
    expect(await versioned.text()).toBe(code);
    const chunk = /chunks\/map-view-[\w-]+\.js/.exec(code)?.[0];
    expect(chunk).toBeDefined();
    const lazy = await get(`/widgets/${chunk}`);
    expect(lazy.status).toBe(200);
    expect(lazy.headers.get('cache-control')).toContain('immutable');
    expect((await get(`/widgets/${version}/${chunk}`)).status).toBe(200);
    expect((await get('/widgets/nothing-here.js')).status).toBe(404);
  });
});
