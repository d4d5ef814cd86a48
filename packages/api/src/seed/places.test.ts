import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { type AreaGeometry, contains, dissolve, ringArea } from '../places/geometry.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { REFERENCE_SOURCES, buildPlaces, loadReferenceData } from './reference.js';

/** Eisenach's town centre (Markt), inside the former kreisfreie Stadt 16056. */
const EISENACH = { lat: 50.9745, lon: 10.3205 };

const area = (g: AreaGeometry) =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).reduce(
    (sum, p) => sum + Math.abs(ringArea(p[0]!)) - p.slice(1).reduce((h, r) => h + Math.abs(ringArea(r)), 0),
    0,
  );

describe('the places built from the boundary files', () => {
  const { regions, municipalities } = buildPlaces();
  const count = (rows: { countryCode: string }[], country: string) => rows.filter((r) => r.countryCode === country).length;

  it('has every municipality and first-level region of each country, Germany’s 400 Kreise as districts', () => {
    const counts = Object.fromEntries(['NO', 'SE', 'FI', 'DK', 'EE', 'LT', 'DE'].map((c) => [c, [count(municipalities, c), count(regions, c)]]));
    expect(counts).toEqual({ NO: [357, 15], SE: [290, 21], FI: [309, 19], DK: [98, 5], EE: [79, 15], LT: [60, 10], DE: [400, 16] });
    expect(municipalities).toHaveLength(1593);
    const levels = new Set(municipalities.filter((m) => m.countryCode === 'DE').map((m) => m.level));
    expect([...levels]).toEqual(['DISTRICT']);
    expect(municipalities.filter((m) => m.level === 'DISTRICT')).toHaveLength(400);
    // Every municipality lies in a region of its own country.
    const regionCodes = new Set(regions.map((r) => r.code));
    for (const m of municipalities) {
      expect(regionCodes.has(m.regionCode), m.code).toBe(true);
      expect(m.regionCode.slice(0, 2)).toBe(m.countryCode);
    }
  });

  it('addresses them by country and official number, with official names (Finnish and Swedish in Finland)', () => {
    const m = (code: string) => municipalities.find((r) => r.code === code)!;
    const r = (code: string) => regions.find((x) => x.code === code)!;
    expect(m('FI-091')).toMatchObject({
      number: '091',
      name: 'Helsinki',
      names: { fi: 'Helsinki', sv: 'Helsingfors' },
      regionCode: 'FI-01',
      level: 'MUNICIPALITY',
    });
    expect(r('FI-01')).toMatchObject({ name: 'Uusimaa', names: { fi: 'Uusimaa', sv: 'Nyland' } });
    expect(m('DK-101')).toMatchObject({ number: '101', name: 'København', regionCode: 'DK-1084' });
    expect(r('DK-1084').name).toBe('Region Hovedstaden');
    expect(m('EE-0784')).toMatchObject({ number: '0784', name: 'Tallinn', regionCode: 'EE-0037' });
    expect(r('EE-0037').name).toBe('Harju maakond');
    expect(m('LT-13')).toMatchObject({ number: '13', name: 'Vilniaus m. sav.', regionCode: 'LT-10' });
    expect(m('DE-11000')).toMatchObject({ number: '11000', name: 'Berlin', regionCode: 'DE-11', level: 'DISTRICT' });
    expect(r('DE-11').name).toBe('Berlin');
    // Only Finland's places carry names in several languages.
    expect(municipalities.filter((x) => x.names).every((x) => x.countryCode === 'FI')).toBe(true);
  });

  it('places each interior point inside its boundary and box', () => {
    for (const code of ['FI-091', 'DK-101', 'EE-0784', 'LT-13', 'DE-11000', 'DE-16063']) {
      const m = municipalities.find((r) => r.code === code)!;
      expect(contains(m.boundary as unknown as AreaGeometry, m.centroidLat, m.centroidLon), code).toBe(true);
      expect(m.centroidLat).toBeGreaterThanOrEqual(m.minLat);
      expect(m.centroidLat).toBeLessThanOrEqual(m.maxLat);
    }
  });

  it('merges Eisenach into Wartburgkreis: one area under the 16063 code and name, covering both', () => {
    expect(municipalities.find((m) => m.code === 'DE-16056')).toBeUndefined();
    const wartburg = municipalities.find((m) => m.code === 'DE-16063')!;
    expect(wartburg).toMatchObject({ name: 'Wartburgkreis', regionCode: 'DE-16', level: 'DISTRICT' });
    expect(wartburg.validFrom).toEqual(new Date('2021-07-01'));
    const boundary = wartburg.boundary as unknown as AreaGeometry;
    expect(contains(boundary, EISENACH.lat, EISENACH.lon)).toBe(true);
    // The union is one outline, not the two shapes side by side, and its box reaches Eisenach.
    expect(boundary.type).toBe('Polygon');
    expect(wartburg.maxLat).toBeGreaterThan(EISENACH.lat);
  });
});

describe('dissolve', () => {
  const square = (x: number, y: number): AreaGeometry => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + 1, y],
        [x + 1, y + 1],
        [x, y + 1],
        [x, y],
      ],
    ],
  });

  it('joins areas along the border they share, whichever way their rings run', () => {
    const left = square(0, 0);
    const right = square(1, 0);
    (right.coordinates as number[][][])[0]!.reverse();
    const union = dissolve([left, right]);
    expect(union.type).toBe('Polygon');
    expect(area(union)).toBeCloseTo(2, 10);
    expect(contains(union, 0.5, 0.5) && contains(union, 0.5, 1.5)).toBe(true);
  });

  it('keeps areas that do not touch as parts of a MultiPolygon, and a ring of areas keeps its hole', () => {
    expect(dissolve([square(0, 0), square(5, 5)]).type).toBe('MultiPolygon');
    const ring = dissolve([0, 1, 2].flatMap((x) => [0, 1, 2].filter((y) => x !== 1 || y !== 1).map((y) => square(x, y))));
    expect(ring.type).toBe('Polygon');
    expect(ring.coordinates).toHaveLength(2);
    expect(area(ring)).toBeCloseTo(8, 10);
    expect(contains(ring, 1.5, 1.5)).toBe(false);
    expect(contains(ring, 0.5, 0.5)).toBe(true);
  });
});

describe.each(databaseKinds)('the places in the database on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  it('holds each country’s municipalities and regions, by level', async () => {
    const rows = await db.sql.query<{ country: string; level: string; municipalities: number }>(
      'SELECT country_code AS country, level::text AS level, count(*)::int AS municipalities FROM municipality GROUP BY 1, 2 ORDER BY 1, 2',
    );
    expect(rows).toEqual([
      { country: 'DE', level: 'DISTRICT', municipalities: 400 },
      { country: 'DK', level: 'MUNICIPALITY', municipalities: 98 },
      { country: 'EE', level: 'MUNICIPALITY', municipalities: 79 },
      { country: 'FI', level: 'MUNICIPALITY', municipalities: 309 },
      { country: 'LT', level: 'MUNICIPALITY', municipalities: 60 },
      { country: 'NO', level: 'MUNICIPALITY', municipalities: 357 },
      { country: 'SE', level: 'MUNICIPALITY', municipalities: 290 },
    ]);
    const regions = await db.sql.query<{ country: string; n: number }>('SELECT country_code AS country, count(*)::int AS n FROM region GROUP BY 1 ORDER BY 1');
    expect(Object.fromEntries(regions.map((r) => [r.country, r.n]))).toEqual({ DE: 16, DK: 5, EE: 15, FI: 19, LT: 10, NO: 15, SE: 21 });
    // A place without names in several languages has none at all (not a JSON null).
    const [nulls] = await db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM municipality WHERE names = 'null'::jsonb");
    expect(nulls!.n).toBe(0);
  });

  it('loads again without changes, and takes changed names and levels from the files', async () => {
    const versions = async () =>
      db.sql.query<{ code: string; version: number; name: string; names: unknown; level: string }>(
        'SELECT code, version, name, names, level::text AS level FROM municipality ORDER BY code',
      );
    await loadReferenceData(db);
    const before = await versions();
    await loadReferenceData(db);
    expect(await versions()).toEqual(before);
    // A database loaded by an older file: other names, and Berlin not yet a district.
    await db.sql.query("UPDATE municipality SET name = 'Helsinge', names = '{\"fi\": \"Helsinge\"}' WHERE code = 'FI-091'");
    await db.sql.query("UPDATE municipality SET level = 'MUNICIPALITY' WHERE code = 'DE-11000'");
    await db.sql.query("UPDATE region SET name = 'Nyland', names = NULL WHERE code = 'FI-01'");
    await loadReferenceData(db);
    await loadReferenceData(db);
    const after = await versions();
    const helsinki = after.find((r) => r.code === 'FI-091')!;
    expect(helsinki).toMatchObject({ name: 'Helsinki', names: { fi: 'Helsinki', sv: 'Helsingfors' } });
    expect(after.find((r) => r.code === 'DE-11000')!.level).toBe('DISTRICT');
    const moved = after.flatMap((r, i) => (r.version === before[i]!.version ? [] : [[r.code, r.version - before[i]!.version]]));
    expect(moved).toEqual([
      ['DE-11000', 1],
      ['FI-091', 1],
    ]);
    const [uusimaa] = await db.sql.query<{ name: string; names: unknown }>("SELECT name, names FROM region WHERE code = 'FI-01'");
    expect(uusimaa).toEqual({ name: 'Uusimaa', names: { fi: 'Uusimaa', sv: 'Nyland' } });
  });

  it('answers municipality(code: "FI-091") with its Swedish name, level, region and country', async () => {
    const result = await api.query(`{
      municipality(code: "fi-091") {
        code number name sv: name(lang: "sv") fi: name(lang: "fi") names level
        region { code name sv: name(lang: "sv") }
        country { code name }
        source { key attribution }
      }
      berlin: municipality(code: "DE-11000") { name level region { name } country { name(lang: "de") } }
      lt: municipalities(filter: { country: ["LT"] }) { totalCount }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.municipality).toEqual({
      code: 'FI-091',
      number: '091',
      name: 'Helsinki',
      sv: 'Helsingfors',
      fi: 'Helsinki',
      names: { fi: 'Helsinki', sv: 'Helsingfors' },
      level: 'MUNICIPALITY',
      region: { code: 'FI-01', name: 'Uusimaa', sv: 'Nyland' },
      country: { code: 'FI', name: 'Finland' },
      source: { key: REFERENCE_SOURCES.mml.key, attribution: REFERENCE_SOURCES.mml.attribution },
    });
    expect(result.data!.berlin).toEqual({ name: 'Berlin', level: 'DISTRICT', region: { name: 'Berlin' }, country: { name: 'Deutschland' } });
    expect(result.data!.lt.totalCount).toBe(60);
  });

  it('credits each country’s boundaries in `sources` and in the data package', async () => {
    const result = await api.query<{ sources: { edges: { node: { key: string; licence: string; attribution: string } }[] } }>(
      '{ sources(first: 100) { edges { node { key licence attribution } } } }',
    );
    const sources = result.data!.sources.edges.map((e) => e.node);
    const expected = {
      'mml-kunnat-2023': ['CC-BY-4.0', 'National Land Survey of Finland'],
      'dagi-kommuner-2014': ['LicenseRef-Danish-free-geodata', 'Indeholder data fra Geodatastyrelsen, DAGI 1:500.000, februar 2014'],
      'maa-amet-omavalitsused-2018': ['LicenseRef-Maa-amet-open-data', 'Maa-amet, haldus- ja asustusjaotus, seisuga 01.09.2018'],
      'registru-centras-savivaldybes-2023': ['CC-BY-4.0', 'Registrų centras, Adresų registras, 2023 (CC BY 4.0)'],
      'bkg-vg5000-kreise-2021': ['DL-DE-BY-2.0', '© GeoBasis-DE / BKG 2021 (Daten verändert)'],
    };
    for (const [key, [licence, attribution]] of Object.entries(expected)) {
      const source = sources.find((s) => s.key === key);
      expect(source, key).toBeDefined();
      expect(source!.licence).toBe(licence);
      expect(source!.attribution).toContain(attribution);
    }
    const pkg = (await (await api.yoga.fetch('http://localhost/export/datapackage.json')).json()) as {
      attribution: string[];
      licenses: { name: string }[];
      sources: { title: string; publisher: string }[];
    };
    for (const [, attribution] of Object.values(expected)) expect(pkg.attribution.join('\n')).toContain(attribution);
    expect(pkg.licenses.map((l) => l.name)).toEqual(
      expect.arrayContaining(['DL-DE-BY-2.0', 'LicenseRef-Danish-free-geodata', 'LicenseRef-Maa-amet-open-data']),
    );
    expect(pkg.sources.map((s) => s.publisher)).toEqual(expect.arrayContaining([REFERENCE_SOURCES.bkg.publisher, REFERENCE_SOURCES.mml.publisher]));
  });

  it('exports every place with its level', async () => {
    const csv = await (await api.yoga.fetch('http://localhost/export/municipalities.csv')).text();
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1593);
    const level = header!.split(',').indexOf('level');
    const row = (code: string) => lines.find((l) => l.startsWith(`${code},`))!.split(',');
    expect(row('DE-11000')[level]).toBe('DISTRICT');
    expect(row('FI-091')[level]).toBe('MUNICIPALITY');
  });

  it('serves Finnish, Lithuanian and German boundaries as GeoJSON', async () => {
    const response = await api.yoga.fetch('http://localhost/geo/municipalities/FI-091.geojson');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/geo+json');
    const helsinki = (await response.json()) as {
      id: string;
      properties: { code: string; name: string; names: unknown; level: string; centroid: [number, number] };
      geometry: AreaGeometry;
    };
    expect(helsinki.id).toBe('FI-091');
    expect(helsinki.properties).toMatchObject({ code: 'FI-091', name: 'Helsinki', names: { fi: 'Helsinki', sv: 'Helsingfors' }, level: 'MUNICIPALITY' });
    const [lon, lat] = helsinki.properties.centroid;
    expect(contains(helsinki.geometry, lat, lon)).toBe(true);
    const many = await api.yoga.fetch('http://localhost/geo/municipalities.geojson?codes=LT-13,DE-16063,EE-0784');
    expect(many.status).toBe(200);
    const collection = (await many.json()) as {
      features: { id: string; properties: { name: string; names: unknown; level: string }; geometry: AreaGeometry }[];
    };
    expect(collection.features.map((f) => f.id)).toEqual(['DE-16063', 'EE-0784', 'LT-13']);
    // Each feature tells its level, and names by language only where a place has several.
    expect(collection.features.map((f) => [f.properties.name, f.properties.level, f.properties.names])).toEqual([
      ['Wartburgkreis', 'DISTRICT', null],
      ['Tallinn', 'MUNICIPALITY', null],
      ['Vilniaus m. sav.', 'MUNICIPALITY', null],
    ]);
    expect(contains(collection.features[0]!.geometry, EISENACH.lat, EISENACH.lon)).toBe(true);
    // The offline basemap asks by box: around Helsinki it gets Finnish and Estonian boundaries.
    const box = (await (await api.yoga.fetch('http://localhost/geo/municipalities.geojson?bbox=24.5,59.3,25.5,60.4')).json()) as { features: { id: string }[] };
    const countries = new Set(box.features.map((f) => f.id.slice(0, 2)));
    expect([...countries].sort()).toEqual(['EE', 'FI']);
    expect((await api.yoga.fetch('http://localhost/geo/municipalities/DE-16056.geojson')).status).toBe(404);
  });
});
