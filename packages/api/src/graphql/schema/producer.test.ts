import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { createLoaders } from '../loaders.js';
import { refreshPublicLocations } from '../../privacy/public-location.js';
import { databaseKinds, migratedDatabase } from '../../test/databases.js';
import { CENTRE, destination, loadFixture } from '../../test/fixture.js';
import { graphqlClient } from '../../test/graphql.js';
import { producerConditions, producerWhere } from './producer.js';

// The producer list is read in one SQL statement (filter, page, total and the selected fields of
// producers, products, categories and certificates). These tests hold it to what Prisma returns and
// to the filter rules that the rest of the API applies through `producerWhere`.

const EVERY_FIELD = `id name kind location { lat lon } locationPrecision street postalCode city description(lang: "sv") descriptions
  website tenderReady channels deliveryRadiusKm deliveryDays contact { name email phone } externalId createdAt updatedAt version
  source { key }
  products { id name seasonMonths annualCapacity capacityUnit organic category { id code name(lang: "nb") names depth cpv dfcProductType ancestorCodes createdAt } }
  categories { code name }
  certifications { id scheme organic certificateNumber validFrom validUntil url }`;

describe.each(databaseKinds)('producer lists on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  let fixture: Awaited<ReturnType<typeof loadFixture>>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    fixture = await loadFixture(db);
    // Twenty-four more farms around Horten: repeated names (the order falls back to the ID), deleted
    // products and certificates, capacities with decimals, certificates with dates.
    const s = { sourceId: fixture.source.id };
    for (let i = 0; i < 24; i++) {
      const point = destination(CENTRE.lat, CENTRE.lon, i * 15, 2 + i);
      const producer = await db.prisma.producer.create({
        data: {
          ...s,
          externalId: `extra-${i}`,
          name: `Gård ${String.fromCharCode(65 + (i % 6))}`,
          kind: i % 4 === 0 ? 'DAIRY' : 'FARM',
          countryCode: 'NO',
          municipalityCode: 'NO-3901',
          lat: point.lat,
          lon: point.lon,
          tenderReady: i % 2 === 0,
          channels: i % 3 === 0 ? ['PUBLIC_PROCUREMENT', 'DIRECT'] : [],
          deliveryDays: i % 5 === 0 ? ['MON'] : [],
          description: { nb: `Gård nummer ${i}`, sv: `Gård nummer ${i} (sv)` },
          website: i % 2 ? `https://example.org/${i}` : null,
          createdAt: new Date(Date.UTC(2024, 0, 1 + (i % 7))),
          products: {
            create: [
              {
                ...s,
                externalId: `extra-${i}-a`,
                categoryCode: 'vegetables.root.potatoes',
                seasonMonths: [8, 9],
                annualCapacity: '1234.567',
                capacityUnit: 'KG',
                organic: i % 2 === 0,
              },
              { ...s, externalId: `extra-${i}-b`, categoryCode: i % 2 ? 'dairy.milk' : 'vegetables.root.potatoes', seasonMonths: [] },
              { ...s, externalId: `extra-${i}-c`, categoryCode: 'eggs', seasonMonths: [1], deletedAt: new Date('2025-01-01') },
            ],
          },
          certifications: {
            create: [
              {
                ...s,
                externalId: `extra-${i}-c1`,
                scheme: i % 3 ? 'KRAV' : 'MSC',
                certificateNumber: `N-${i}`,
                validFrom: new Date('2024-02-29'),
                validUntil: new Date('2026-12-31'),
              },
              { ...s, externalId: `extra-${i}-c2`, scheme: 'DEBIO', deletedAt: new Date('2025-01-01') },
            ],
          },
        },
      });
      expect(producer.id).toBeGreaterThan(0);
    }
    await refreshPublicLocations(db);
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const result = await api.query(query, variables);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };
  const statements = async (query: string, variables?: Record<string, unknown>) => {
    await ok(query, variables);
    const before = db.statements.count;
    const data = await ok(query, variables);
    return { count: db.statements.count - before, data };
  };

  it('reads a map page and a list page in one SQL statement, whatever the page size', async () => {
    const map = `query($first: Int, $bbox: BBoxInput) { producers(bbox: $bbox, first: $first) { totalCount edges { node { id name location { lat lon } categories { code } } } } }`;
    const list = `query($first: Int) { producers(first: $first) { totalCount edges { node { id name kind tenderReady categories { code name } certifications { scheme organic } } } } }`;
    const bbox = { minLat: CENTRE.lat - 1, maxLat: CENTRE.lat + 1, minLon: CENTRE.lon - 1, maxLon: CENTRE.lon + 1 };
    for (const first of [1, 5, 25]) {
      const m = await statements(map, { first, bbox });
      expect(m.count).toBe(1);
      expect(m.data.producers.edges).toHaveLength(first);
      const l = await statements(list, { first });
      expect(l.count).toBe(1);
      expect(l.data.producers.edges).toHaveLength(first);
    }
    // Every field the statement can read, also with a filter that resolves codes first.
    const every = `query($first: Int) { producers(first: $first, filter: { category: ["vegetables"] }) { totalCount edges { node { ${EVERY_FIELD} } } } }`;
    const one = await statements(every, { first: 1 });
    const ten = await statements(every, { first: 10 });
    expect(ten.data.producers.edges).toHaveLength(10);
    expect(ten.count).toBe(one.count);
    // One for the category codes, one for the page, one for the sources (batched).
    expect(one.count).toBe(3);
    // Categories' own relations are loaded in a batch per relation, not per producer or category.
    const deep = `query($first: Int) { producers(first: $first) { edges { node { name categories { code parent { code } children { code } } } } } }`;
    const few = await statements(deep, { first: 2 });
    const many = await statements(deep, { first: 25 });
    expect(many.count).toBe(few.count);
    for (const edge of many.data.producers.edges) {
      for (const c of edge.node.categories) {
        expect(c.parent?.code ?? null).toBe(c.code.includes('.') ? c.code.slice(0, c.code.lastIndexOf('.')) : null);
      }
    }
  });

  it('answers exactly as Prisma does, field for field', async () => {
    // `organization` is not read by the single statement: asking for it sends the rows through Prisma.
    for (const args of ['first: 30', 'first: 30, orderBy: NEWEST', 'first: 7, bbox: { minLat: 59, maxLat: 60, minLon: 10, maxLon: 11 }']) {
      const fast = await ok(`{ producers(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${EVERY_FIELD} } } } }`);
      const prisma = await ok(
        `{ producers(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${EVERY_FIELD} organization { id } } } } }`,
      );
      for (const edge of prisma.producers.edges) delete edge.node.organization;
      expect(fast).toEqual(prisma);
      expect(fast.producers.edges.length).toBeGreaterThan(4);
    }
    const sample = await ok(
      '{ producers(filter: { search: "Gård A" }, first: 1) { edges { node { products { annualCapacity category { code } } certifications { validFrom validUntil } createdAt } } } }',
    );
    const node = sample.producers.edges[0].node;
    // Dates, decimals and deleted children as a reader would check them.
    expect(node.products).toEqual([
      { annualCapacity: 1234.567, category: { code: 'vegetables.root.potatoes' } },
      { annualCapacity: null, category: { code: 'vegetables.root.potatoes' } },
    ]);
    expect(node.certifications).toEqual([{ validFrom: '2024-02-29', validUntil: '2026-12-31' }]);
    expect(node.createdAt).toBe('2024-01-01T00:00:00.000Z');
  });

  it('answers a map page and plain selections as Prisma does when it reads less (no provenance, categories by code)', async () => {
    // These selections need neither the provenance columns nor the categories' rows: the statement
    // leaves them out. The answers must be those of the full reading, which `organization` forces.
    const selections = [
      'id name location { lat lon } categories { code }',
      '__typename id name kind tenderReady categories { __typename code } certifications { scheme organic }',
      '...on Producer { id name } ... Card',
      'id categories { code } other: categories { code name(lang: "sv") }',
      'id name products { category { code } } categories { code }',
      'id name createdAt version categories { code }',
    ];
    const card = 'fragment Card on Producer { location { lat lon } categories { code } organic }';
    for (const args of ['first: 30', 'first: 30, orderBy: NEWEST', 'first: 7, bbox: { minLat: 59, maxLat: 60, minLon: 10, maxLon: 11 }']) {
      for (const selection of selections) {
        const fragments = selection.includes('...') ? card : '';
        const slim = await statements(`{ producers(${args}) { totalCount edges { cursor node { ${selection} } } } } ${fragments}`);
        expect(slim.count, selection).toBe(1);
        const full = await ok(`{ producers(${args}) { totalCount edges { cursor node { ${selection} organization { id } } } } } ${fragments}`);
        for (const edge of full.producers.edges) delete edge.node.organization;
        expect(slim.data, `${args}: ${selection}`).toEqual(full);
      }
    }
  });

  it('pages forwards and backwards through every order, boxes included, without gaps or repeats', async () => {
    for (const order of ['NAME', 'NEWEST', 'RECENTLY_UPDATED']) {
      for (const where of ['', ', bbox: { minLat: 59.2, maxLat: 59.7, minLon: 10.2, maxLon: 10.8 }']) {
        const all = await ok(`{ producers(first: 100, orderBy: ${order}${where}) { totalCount edges { node { id } } } }`);
        const ids = all.producers.edges.map((e: any) => e.node.id);
        expect(ids).toHaveLength(all.producers.totalCount);
        const forward: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page: any = await ok(
            `query($after: String) { producers(first: 4, after: $after, orderBy: ${order}${where}) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
            { after },
          );
          forward.push(...page.producers.edges.map((e: any) => e.node.id));
          if (!page.producers.pageInfo.hasNextPage) break;
          after = page.producers.pageInfo.endCursor;
        }
        expect(forward).toEqual(ids);
        const backward: string[] = [];
        let before: string | null = null;
        for (;;) {
          const page: any = await ok(
            `query($before: String) { producers(last: 4, before: $before, orderBy: ${order}${where}) { edges { node { id } } pageInfo { hasPreviousPage startCursor } } }`,
            { before },
          );
          backward.unshift(...page.producers.edges.map((e: any) => e.node.id));
          if (!page.producers.pageInfo.hasPreviousPage) break;
          before = page.producers.pageInfo.startCursor;
        }
        expect(backward).toEqual(ids);
      }
    }
    const names = await ok('{ producers(first: 100, filter: { search: "Gård A" }) { edges { node { id name } } } }');
    // Same names: ordered by ID after the name (IDs grow with creation here).
    expect(names.producers.edges.map((e: any) => e.node.name)).toEqual(['Gård A', 'Gård A', 'Gård A', 'Gård A']);
  });

  it('filters exactly as producerWhere does', async () => {
    const ctx = { db, viewer: null, loaders: createLoaders(db) };
    const filters: [Parameters<typeof producerWhere>[1], Parameters<typeof producerWhere>[2]?, Parameters<typeof producerWhere>[3]?][] = [
      [{}],
      [{ municipality: ['NO-3801'] }], // a 2020 code, mapped to Horten
      [{ region: ['NO-39'] }],
      [{ country: ['no'] }],
      [{ category: ['vegetables.root'] }],
      [{ category: ['dairy', 'eggs'] }],
      [{ certification: ['KRAV', 'NYT_NORGE'] }],
      [{ certification: ['DEBIO'] }], // deleted certificates do not count
      [{ organic: true }],
      [{ organic: false }],
      [{ kind: ['DAIRY'] }],
      [{ tenderReady: true }],
      [{ tenderReady: false, kind: ['FARM'] }],
      [{ search: 'gÅrd' }],
      [{ search: 'ård b' }],
      [{ search: 'G_rd' }], // no name has an underscore: a search is text, not a pattern
      [{ search: '%' }],
      [{}, { ...CENTRE, radiusKm: 10 }],
      [{ tenderReady: true }, { ...CENTRE, radiusKm: 50 }, { minLat: 59, minLon: 10, maxLat: 59.6, maxLon: 11 }],
      [{}, undefined, { minLat: 59.3, minLon: 10.3, maxLat: 59.5, maxLon: 10.6 }],
    ];
    const ids = async (filter: Parameters<typeof producerWhere>[1], near?: Parameters<typeof producerWhere>[2], bbox?: Parameters<typeof producerWhere>[3]) => {
      const conditions = await producerConditions(ctx, filter, near, bbox);
      return (await db.sql.query<{ id: number }>(`SELECT p.id FROM producer p WHERE ${conditions.where} ORDER BY p.id`, conditions.params)).map((p) =>
        Number(p.id),
      );
    };
    for (const [filter, near, bbox] of filters) {
      const expected = (
        await db.prisma.producer.findMany({ where: await producerWhere(ctx, filter, near, bbox), select: { id: true }, orderBy: { id: 'asc' } })
      ).map((p) => p.id);
      expect(await ids(filter, near, bbox), JSON.stringify({ filter, near, bbox })).toEqual(expected);
      if (!filter?.search?.match(/[%_]/)) expect(expected.length).toBeGreaterThan(0);
      else expect(expected).toEqual([]);
    }
    // Prisma's `hasSome` on an enum list fails on PGlite ("malformed array literal"): by hand instead.
    // DIRECT is sold by every third extra farm: 0, 3, …, 21.
    const direct = await ids({ channel: ['DIRECT'] });
    expect(direct).toHaveLength(8);
    expect(await ids({ channel: ['DIRECT', 'FOOD_SERVICE'] })).toEqual(direct);
    expect(await ids({ channel: ['RETAIL'] })).toEqual([]);
  });

  it('places a sole trader without consent at the municipality centre on the map, and never finds the farm by its box', async () => {
    const query =
      'query($bbox: BBoxInput) { producers(bbox: $bbox, first: 100) { totalCount edges { node { name location { lat lon } locationPrecision } } } }';
    const exact = destination(CENTRE.lat, CENTRE.lon, 180, 1); // where Karis gård really is
    const aroundFarm = await ok(query, {
      bbox: { minLat: exact.lat - 0.001, maxLat: exact.lat + 0.001, minLon: exact.lon - 0.001, maxLon: exact.lon + 0.001 },
    });
    expect(aroundFarm.producers.edges.map((e: any) => e.node.name)).not.toContain('Karis gård');
    const horten = await ok('{ municipality(code: "NO-3901") { centroid { lat lon } } }');
    const c = horten.municipality.centroid;
    const aroundCentre = await ok(query, { bbox: { minLat: c.lat - 0.001, maxLat: c.lat + 0.001, minLon: c.lon - 0.001, maxLon: c.lon + 0.001 } });
    expect(aroundCentre.producers.edges.map((e: any) => e.node)).toContainEqual({ name: 'Karis gård', location: c, locationPrecision: 'MUNICIPALITY' });
    const street = await ok('{ producers(filter: { search: "Karis" }) { edges { node { street contact { name } } } } }');
    expect(street.producers.edges[0].node).toEqual({ street: null, contact: null });
  });

  it('counts without reading a page when only totalCount is asked', async () => {
    const { count, data } = await statements('{ producers(filter: { kind: [DAIRY] }) { totalCount } }');
    expect(count).toBe(1);
    // Melkebruket and the six extra dairies (every fourth of 24).
    expect(data.producers.totalCount).toBe(7);
  });

  it('falls back to Prisma for a selection it does not read, without leaving unused parameters behind', async () => {
    // `municipality` is read by Prisma; `organic` would have added a parameter for its schemes.
    const { data } = await statements(
      '{ producers(filter: { municipality: ["NO-3901"] }, first: 3) { totalCount edges { node { name organic municipality { code } certifications { scheme } } } } }',
    );
    expect(data.producers.edges).toHaveLength(3);
    expect(data.producers.edges.every((e: { node: { municipality: { code: string } } }) => e.node.municipality.code === 'NO-3901')).toBe(true);
  });
});
