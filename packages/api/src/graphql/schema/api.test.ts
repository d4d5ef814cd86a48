import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../ids.js';
import type { Database } from '../../db/database.js';
import { haversineKm } from '../../places/geometry.js';
import { databaseKinds, migratedDatabase } from '../../test/databases.js';
import { CENTRE, loadFixture } from '../../test/fixture.js';
import { type GraphQLResult, graphqlClient } from '../../test/graphql.js';

describe.each(databaseKinds)('GraphQL API on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  let fixture: Awaited<ReturnType<typeof loadFixture>>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    fixture = await loadFixture(db);
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  const ok = async <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => {
    const result = await api.query<T>(query, variables);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };
  const fails = async (query: string, variables?: Record<string, unknown>) => {
    const result = await api.query(query, variables);
    expect(result.status).toBe(200);
    expect(result.errors?.length).toBeGreaterThan(0);
    return result.errors![0]!;
  };

  describe('places', () => {
    it('answers the quickstart query for Horten', async () => {
      const data = await ok('{ municipality(code: "NO-3901") { name code region { code name } producers(first: 5) { totalCount } } }');
      // Hand count: the fixture has 5 live producers in Horten (the sixth is deleted).
      expect(data.municipality).toEqual({ name: 'Horten', code: 'NO-3901', region: { code: 'NO-39', name: 'Vestfold' }, producers: { totalCount: 5 } });
    });

    it('has every Norwegian and Swedish municipality', async () => {
      const data = await ok(`{
        no: municipalities(filter: { country: ["NO"] }) { totalCount }
        se: municipalities(filter: { country: ["SE"] }) { totalCount }
        dalarna: municipalities(filter: { region: ["SE-20"] }, first: 100) { totalCount edges { node { code } } }
      }`);
      expect(data.no.totalCount).toBe(357);
      expect(data.se.totalCount).toBe(290);
      expect(data.dalarna.totalCount).toBe(15);
      expect(data.dalarna.edges.map((e: any) => e.node.code)).toEqual(expect.arrayContaining(['SE-2080', 'SE-2081', 'SE-2085']));
    });

    it('maps a 2020 code to the current municipality and names both halves of a split', async () => {
      const data = await ok('{ municipality(code: "NO-3801") { code name formerCodes } }');
      expect(data.municipality).toEqual({ code: 'NO-3901', name: 'Horten', formerCodes: ['NO-3801'] });
      const split = await fails('{ municipality(code: "NO-1507") { name } }');
      expect(split.extensions?.code).toBe('UNKNOWN_CODE');
      expect(split.message).toContain('NO-1508 and NO-1580');
    });

    it('serves boundaries as GeoJSON with a centroid inside the box', async () => {
      const data = await ok('{ municipality(code: "SE-0181") { name centroid { lat lon } bbox { minLat maxLat minLon maxLon } boundary } }');
      const m = data.municipality;
      expect(m.name).toBe('Södertälje');
      expect(['Polygon', 'MultiPolygon']).toContain(m.boundary.type);
      expect(m.centroid.lat).toBeGreaterThan(m.bbox.minLat);
      expect(m.centroid.lat).toBeLessThan(m.bbox.maxLat);
    });
  });

  describe('producers', () => {
    it('filters by category including descendants, certification and tender readiness', async () => {
      const data = await ok(`{
        root: producers(filter: { category: ["vegetables.root"] }) { totalCount edges { node { name } } }
        debio: producers(filter: { certification: [DEBIO] }) { totalCount edges { node { name organic } } }
        organic: producers(filter: { organic: false }) { totalCount }
        ready: producers(filter: { tenderReady: true, municipality: ["NO-3901"] }) { totalCount }
        search: producers(filter: { search: "GÅRD" }) { totalCount }
        dairy: producers(filter: { kind: [DAIRY] }) { edges { node { name certifications { scheme organic } } } }
      }`);
      // Potetgården (potatoes) and Gulrot og Co (carrots); the deleted potato farm is not counted.
      expect(data.root.edges.map((e: any) => e.node.name)).toEqual(['Gulrot og Co', 'Potetgården']);
      expect(data.debio).toEqual({ totalCount: 1, edges: [{ node: { name: 'Potetgården', organic: true } }] });
      expect(data.organic.totalCount).toBe(4);
      expect(data.ready.totalCount).toBe(2);
      // Potetgården, Langt unna gård, Karis gård (case-insensitive).
      expect(data.search.totalCount).toBe(3);
      // Nyt Norge is a label, not organic.
      expect(data.dairy.edges[0].node.certifications).toEqual([{ scheme: 'NYT_NORGE', organic: false }]);
    });

    it('near agrees with an independent haversine computation at the boundary', async () => {
      const all = await ok('{ producers(first: 100) { edges { node { name location { lat lon } } } } }');
      for (const radiusKm of [5, 20, 49.98, 50, 50.02]) {
        const expected = all.producers.edges
          .map((e: any) => e.node)
          .filter((p: any) => p.location && haversineKm(CENTRE.lat, CENTRE.lon, p.location.lat, p.location.lon) <= radiusKm)
          .map((p: any) => p.name)
          .sort();
        const data = await ok('query($near: NearInput) { producers(near: $near, first: 100) { totalCount edges { node { name } } } }', {
          near: { ...CENTRE, radiusKm },
        });
        expect(data.producers.edges.map((e: any) => e.node.name).sort()).toEqual(expected);
        expect(data.producers.totalCount).toBe(expected.length);
      }
      const at50 = await ok('{ producers(near: { lat: 59.417, lon: 10.483, radiusKm: 50 }) { edges { node { name } } } }');
      // 49.99 km is in, 50.01 km is out.
      expect(at50.producers.edges.map((e: any) => e.node.name)).toContain('Potetgården');
      expect(at50.producers.edges.map((e: any) => e.node.name)).not.toContain('Langt unna gård');
    });

    it('bbox includes its edges and agrees with a direct comparison', async () => {
      const all = await ok('{ producers(first: 100) { edges { node { name location { lat lon } } } } }');
      const potato = all.producers.edges.find((e: any) => e.node.name === 'Potetgården').node.location;
      const box = { minLat: CENTRE.lat - 0.5, minLon: CENTRE.lon - 0.5, maxLat: potato.lat, maxLon: potato.lon };
      const expected = all.producers.edges
        .map((e: any) => e.node)
        .filter((p: any) => p.location.lat >= box.minLat && p.location.lat <= box.maxLat && p.location.lon >= box.minLon && p.location.lon <= box.maxLon)
        .map((p: any) => p.name)
        .sort();
      const data = await ok('query($bbox: BBoxInput) { producers(bbox: $bbox, first: 100) { edges { node { name } } } }', { bbox: box });
      expect(data.producers.edges.map((e: any) => e.node.name).sort()).toEqual(expected);
      expect(expected).toContain('Potetgården');
    });

    it('shows a sole trader without consent only at municipality level, also to geo filters', async () => {
      const data = await ok(`{
        producers(filter: { search: "Karis" }) { edges { node { name location { lat lon } locationPrecision street contact { name } organization { orgNumber naturalPerson } } } }
        municipality(code: "NO-3901") { centroid { lat lon } }
        nearby: producers(near: { lat: 59.417, lon: 10.483, radiusKm: 1.5 }) { edges { node { name } } }
      }`);
      const p = data.producers.edges[0].node;
      expect(p.locationPrecision).toBe('MUNICIPALITY');
      expect(p.location).toEqual(data.municipality.centroid);
      expect(p.street).toBeNull();
      expect(p.contact).toBeNull();
      expect(p.organization).toEqual({ orgNumber: null, naturalPerson: true });
      // Its exact farm is 1 km from the centre, but only the municipality centre is public.
      expect(data.nearby.edges.map((e: any) => e.node.name)).not.toContain('Karis gård');
      const consenting = await ok('{ producers(filter: { search: "Gulrot" }) { edges { node { contact { name email } locationPrecision } } } }');
      expect(consenting.producers.edges[0].node).toEqual({ contact: { name: 'Ola', email: 'ola@example.org' }, locationPrecision: 'EXACT' });
    });

    it('pages with cursors and the same order every time', async () => {
      const first = await ok('{ producers(first: 2) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }');
      expect(first.producers.edges.map((e: any) => e.node.name)).toEqual(['Gulrot og Co', 'Karis gård']);
      const next = await ok('query($after: String) { producers(first: 10, after: $after) { edges { node { name } } pageInfo { hasNextPage } } }', {
        after: first.producers.pageInfo.endCursor,
      });
      expect(next.producers.edges.map((e: any) => e.node.name)).toEqual(['Langt unna gård', 'Melkebruket', 'Potetgården']);
      expect(next.producers.pageInfo.hasNextPage).toBe(false);
    });

    it('sends the same number of SQL statements whatever the page size (no N+1)', async () => {
      const query = `query($first: Int) { producers(first: $first) { totalCount edges { node {
        name organization { name } municipality { name region { name } } products { category { code name } }
        categories { code } certifications { scheme } hubs { name } organic } } } }`;
      const statementsFor = async (first: number) => {
        await ok(query, { first }); // warm: code resolution and caches
        const before = db.statements.count;
        const data = await ok(query, { first });
        expect(data.producers.edges).toHaveLength(first);
        return db.statements.count - before;
      };
      const one = await statementsFor(1);
      expect(await statementsFor(5)).toBe(one);
      expect(one).toBeLessThanOrEqual(12);
    });

    it('fetches nodes by global ID, and nested lists without one query per row', async () => {
      const data = await ok(
        '{ producers(first: 3) { edges { node { id name products { category { code } } categories { code } certifications { scheme } } } } }',
      );
      const ids = data.producers.edges.map((e: any) => e.node.id);
      const nodes = await ok('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Producer { name } } }', { ids });
      expect(nodes.nodes.map((n: any) => n.name)).toEqual(data.producers.edges.map((e: any) => e.node.name));
      expect(ids[0]).not.toMatch(/Producer|\d+$/); // opaque
    });
  });

  describe('bad input gets a clear, typed error and no 500', () => {
    it.each([
      ['an unknown municipality', '{ municipality(code: "NO-9999") { name } }', 'UNKNOWN_CODE', 'Unknown municipality code "NO-9999"'],
      ['a malformed municipality code', '{ municipality(code: "Horten") { name } }', 'UNKNOWN_CODE', 'codes look like "NO-3901"'],
      [
        'an unknown category',
        '{ producers(filter: { category: ["vegetables.rot"] }) { totalCount } }',
        'UNKNOWN_CODE',
        'Unknown category code "vegetables.rot"',
      ],
      ['an unknown region', '{ producers(filter: { region: ["NO-99"] }) { totalCount } }', 'UNKNOWN_CODE', 'Unknown region code "NO-99"'],
      ['a page of 1000', '{ producers(first: 1000) { totalCount } }', 'PAGE_SIZE', 'first must be between 0 and 100; got 1000'],
      ['a nested page of 1000', '{ municipality(code: "NO-3901") { producers(first: 1000) { totalCount } } }', 'PAGE_SIZE', 'first must be between 0 and 100'],
      ['a garbage global ID', '{ node(id: "not an id") { id } }', 'INVALID_ID', 'is not a Food Commons ID'],
      ['a forged global ID', `{ node(id: "${Buffer.from('Producer:abc').toString('base64url')}") { id } }`, 'INVALID_ID', 'is not a Food Commons ID'],
      ['an unknown type in an ID', `{ node(id: "${Buffer.from('Secret:1').toString('base64url')}") { id } }`, 'INVALID_ID', 'is not a Food Commons ID'],
      ['a bad cursor', '{ producers(after: "bogus") { totalCount } }', 'BAD_USER_INPUT', 'Invalid cursor'],
      ['a radius of 0', '{ producers(near: { lat: 59, lon: 10, radiusKm: 0 }) { totalCount } }', 'BAD_USER_INPUT', 'radiusKm must be more than 0'],
      ['a latitude of 95', '{ producers(near: { lat: 95, lon: 10, radiusKm: 5 }) { totalCount } }', 'BAD_USER_INPUT', 'Latitude must be between'],
      ['an inverted box', '{ producers(bbox: { minLat: 60, minLon: 10, maxLat: 59, maxLon: 11 }) { totalCount } }', 'BAD_USER_INPUT', 'is north of maxLat'],
      ['delivery lines without a key', '{ deliveries { totalCount } }', 'UNAUTHENTICATED', 'Delivery lines are not public'],
    ])('%s', async (_name, query, code, message) => {
      const error = await fails(query);
      expect(error.extensions?.code).toBe(code);
      expect(error.message).toContain(message);
    });

    it('an unknown node ID is null, and a delivery cannot be read through node() anonymously', async () => {
      const missing = await ok(`{ node(id: "${encodeGlobalId('Producer', 999999)}") { id } }`);
      expect(missing.node).toBeNull();
      const line = await db.prisma.delivery.findFirstOrThrow({ select: { id: true } });
      const error = await fails(`{ node(id: "${encodeGlobalId('Delivery', line.id)}") { id } }`);
      expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('an unknown API key is refused', async () => {
      const result: GraphQLResult & { status: number } = await api.query('{ producers { totalCount } }', undefined, { authorization: 'Bearer fc_nope' });
      expect(result.errors?.[0]?.message).toBe('Unknown API key.');
    });
  });

  describe('goals', () => {
    it('computes organic share by value from complete years, split by days, with coverage', async () => {
      const data = await ok(
        `query($id: ID!) { node(id: $id) { ... on Goal { title(lang: "nb") progress {
        basis currentValue asOf expectedValue onTrack coverage series { year value coverage lines } note } } } }`,
        {
          id: encodeGlobalId('Goal', fixture.goals.computedGoal.id),
        },
      );
      const p = data.node.progress;
      expect(data.node.title).toBe('Organic share by value (nb)');
      // 2023: organic 300 of 300 + 700 + 1000 = 15 %; all three kitchens report (B through A): coverage 1.
      // 2024: organic 200 + 310 (31 of the 62 days of d-6) of 200 + 800 + 310 = 510 / 1310.
      // 2025: organic 310 of 310 + 930 = 25 %; C does not report: (100 + 50) × 200 of 200 × 200 = 0.75.
      expect(p.series.map((s: any) => s.year)).toEqual([2023, 2024, 2025]);
      expect(p.series[0].value).toBeCloseTo(15, 10);
      expect(p.series[1].value).toBeCloseTo((510 / 1310) * 100, 10);
      expect(p.series[2].value).toBeCloseTo(25, 10);
      expect(p.series.map((s: any) => s.coverage)).toEqual([1, 0.75, 0.75]);
      expect(p.series.map((s: any) => s.lines)).toEqual([3, 3, 2]);
      expect(p.basis).toBe('COMPUTED');
      expect(p.currentValue).toBeCloseTo(25, 10);
      expect(p.asOf).toBe('2025-12-31');
      // Straight line from 10 % (2020) to 50 % (2030): 30 % expected for 2025, so 25 % is behind.
      expect(p.expectedValue).toBeCloseTo(30, 10);
      expect(p.onTrack).toBe(false);
      expect(p.coverage).toBe(0.75);
    });

    it('uses the latest observation for an observed indicator', async () => {
      const data = await ok(
        `query($id: ID!) { node(id: $id) { ... on Goal { progress { basis currentValue asOf expectedValue onTrack series { year value } } } } }`,
        {
          id: encodeGlobalId('Goal', fixture.goals.observedGoal.id),
        },
      );
      // 45 in 2023 against 10 + 40 × 3/10 = 22 expected.
      expect(data.node.progress).toEqual({
        basis: 'OBSERVED',
        currentValue: 45,
        asOf: '2023-01-01',
        expectedValue: 22,
        onTrack: true,
        series: [
          { year: 2021, value: 40 },
          { year: 2023, value: 45 },
        ],
      });
    });

    it('says so instead of showing a number when too few meals are covered', async () => {
      const data = await ok(`query($id: ID!) { node(id: $id) { ... on Goal { progress { basis currentValue coverage note } } } }`, {
        id: encodeGlobalId('Goal', fixture.goals.lowCoverageGoal.id),
      });
      expect(data.node.progress.basis).toBe('NONE');
      expect(data.node.progress.currentValue).toBeNull();
      expect(data.node.progress.coverage).toBeCloseTo(0.1, 10);
      expect(data.node.progress.note).toContain('10 %');
    });

    it('lists the goals that apply to a municipality', async () => {
      const data = await ok('{ goals(filter: { municipality: ["NO-3901"] }) { totalCount edges { node { title } } } }');
      expect(data.goals.totalCount).toBe(2);
    });
  });

  describe('categories', () => {
    it('serves the 80-node tree with localized names, CPV and DFC codes', async () => {
      const data = await ok(`{
        all: categories { totalCount }
        roots: categories(filter: { roots: true }, first: 100) { totalCount }
        category(code: "vegetables.root.potatoes") { name(lang: "sv") nb: name(lang: "nb") nn: name(lang: "nn") cpv dfcProductType parent { code } ancestorCodes }
        juice: category(code: "drinks.juice") { nn: name(lang: "nn") }
      }`);
      expect(data.all.totalCount).toBe(80);
      expect(data.roots.totalCount).toBe(14);
      expect(data.category).toEqual({
        name: 'Potatis',
        nb: 'Poteter',
        nn: 'Poteter',
        cpv: '03212100-1',
        dfcProductType: 'dfc-pt:potato',
        parent: { code: 'vegetables.root' },
        ancestorCodes: ['vegetables.root', 'vegetables'],
      });
      // No Nynorsk name: falls back to Bokmål.
      expect(data.juice.nn).toBe('Juice');
    });
  });
});
