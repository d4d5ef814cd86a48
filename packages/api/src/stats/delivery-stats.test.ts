import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { PRIVATE_KEY, loadStatsFixture } from './stats-fixture.js';

const ROW = `year month country region { code name } municipality { code name } kitchen { id name } kitchenKind
  category { code name(lang: "nb") } producer { id name } currency suppressed total organic local unknownOrigin
  organicShare localShare localShareOfKnown lines unconvertedLines exchangeRates { currency year rate indicatorKey }`;

describe.each(databaseKinds)('deliveryStats on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  let fixture: Awaited<ReturnType<typeof loadStatsFixture>>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    fixture = await loadStatsFixture(db);
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  type Row = Record<string, any>;
  const stats = async (args: string, headers: Record<string, string> = { authorization: `Bearer ${PRIVATE_KEY}` }): Promise<Row[]> => {
    const result = await api.query(`{ deliveryStats${args ? `(${args})` : ''} { rows { ${ROW} } } }`, undefined, headers);
    expect(result.errors).toBeUndefined();
    return result.data!.deliveryStats.rows;
  };
  const fails = async (args: string) => {
    const result = await api.query(`{ deliveryStats(${args}) { rows { total } } }`);
    expect(result.errors?.length).toBeGreaterThan(0);
    return result.errors![0]!;
  };
  const pick = (rows: Row[], keys: string[]) =>
    rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] && typeof r[k] === 'object' ? (r[k].code ?? r[k].name) : r[k]])));
  const HORTEN = 'filter: { municipality: ["NO-3901"] }';

  it('sums per currency and never mixes currencies; deleted and replaced lines never count', async () => {
    const rows = await stats('');
    // NOK: 1000 + 2000 + 500 + 1500 + 620 + 300 + 400 (L7, not the 9999 it replaces; not the deleted 100000).
    expect(pick(rows, ['currency', 'total', 'organic', 'lines'])).toEqual(
      [
        { currency: 'NOK', total: 6320, organic: 2120, lines: 7 },
        { currency: 'SEK', total: 17800, organic: 12000, lines: 4 },
        { currency: 'EUR', total: 100, organic: 100, lines: 1 },
      ].sort((a, b) => a.currency.localeCompare(b.currency)),
    );
  });

  it('groups by YEAR, splitting a line over two years by days', async () => {
    const rows = await stats(`${HORTEN}, groupBy: [YEAR]`);
    // L5 (620 over 62 days, 31 in each year) gives 310 to 2024 and 310 to 2025.
    expect(pick(rows, ['year', 'currency', 'total', 'organic', 'lines'])).toEqual([
      { year: 2024, currency: 'EUR', total: 100, organic: 100, lines: 1 },
      { year: 2024, currency: 'NOK', total: 6010, organic: 1810, lines: 7 },
      { year: 2025, currency: 'NOK', total: 310, organic: 310, lines: 1 },
    ]);
    expect(rows[1]!.organicShare).toBeCloseTo(1810 / 6010, 12);
  });

  it('groups by MONTH (with its year)', async () => {
    const rows = await stats(`${HORTEN}, groupBy: [MONTH], measure: VALUE`);
    expect(
      pick(
        rows.filter((r) => r.currency === 'NOK'),
        ['year', 'month', 'total'],
      ),
    ).toEqual([
      { year: 2024, month: 1, total: 3000 },
      { year: 2024, month: 2, total: 500 },
      { year: 2024, month: 3, total: 1500 },
      { year: 2024, month: 5, total: 300 },
      { year: 2024, month: 6, total: 400 },
      { year: 2024, month: 12, total: 310 },
      { year: 2025, month: 1, total: 310 },
    ]);
  });

  it('groups by COUNTRY, REGION and MUNICIPALITY of the buyer', async () => {
    const byCountry = await stats('groupBy: [COUNTRY]');
    expect(pick(byCountry, ['country', 'currency', 'total'])).toEqual(
      [
        { country: 'NO', currency: 'NOK', total: 6320 },
        { country: 'NO', currency: 'EUR', total: 100 },
        { country: 'SE', currency: 'SEK', total: 17800 },
      ].sort((a, b) => a.country.localeCompare(b.country) || a.currency.localeCompare(b.currency)),
    );
    const byRegion = await stats('groupBy: [REGION], filter: { country: ["NO"] }');
    expect(byRegion.map((r) => [r.region, r.currency, r.total])).toEqual([
      [{ code: 'NO-39', name: 'Vestfold' }, 'EUR', 100],
      [{ code: 'NO-39', name: 'Vestfold' }, 'NOK', 6320],
    ]);
    const byMunicipality = await stats('groupBy: [MUNICIPALITY, YEAR], filter: { region: ["SE-01"] }');
    expect(byMunicipality.map((r) => [r.municipality, r.year, r.total])).toEqual([
      [{ code: 'SE-0181', name: 'Södertälje' }, 2024, 17000],
      // One supplier, from a source the key's organization does not own: suppressed even for it.
      [{ code: 'SE-0181', name: 'Södertälje' }, 2025, null],
    ]);
    expect(byMunicipality[1]!.suppressed).toBe(true);
  });

  it('groups by KITCHEN and KITCHEN_KIND; lines without a kitchen form their own group', async () => {
    const byKitchen = await stats(`${HORTEN}, groupBy: [KITCHEN]`);
    const nok = byKitchen.filter((r) => r.currency === 'NOK');
    // K1: L1 + L2 + L5 + L6 + L7 = 1000 + 2000 + 620 + 300 + 400; K2: L3; no kitchen: L4.
    expect(nok.map((r) => [r.kitchen?.name ?? null, r.total])).toEqual([
      ['Skole 1', 4320],
      ['Omsorg 2', 500],
      [null, 1500],
    ]);
    expect(nok[0]!.kitchen.id).toBe(encodeGlobalId('Kitchen', fixture.kitchens.k1.id));
    const byKind = await stats('groupBy: [KITCHEN_KIND], filter: { kitchenKind: [SCHOOL, ELDERLY_CARE] }');
    expect(pick(byKind, ['kitchenKind', 'currency', 'total'])).toEqual([
      { kitchenKind: 'ELDERLY_CARE', currency: 'NOK', total: 500 },
      { kitchenKind: 'SCHOOL', currency: 'EUR', total: 100 },
      { kitchenKind: 'SCHOOL', currency: 'NOK', total: 4320 },
      { kitchenKind: 'SCHOOL', currency: 'SEK', total: 17800 },
    ]);
  });

  it('groups by CATEGORY at each depth of the tree', async () => {
    const totals = async (depth: number) =>
      pick(
        (await stats(`filter: { municipality: ["NO-3901"] }, groupBy: [CATEGORY], categoryDepth: ${depth}`)).filter((r) => r.currency === 'NOK'),
        ['category', 'total'],
      );
    expect(await totals(1)).toEqual([
      { category: 'fruit', total: 2000 },
      { category: 'vegetables', total: 4320 },
    ]);
    expect(await totals(2)).toEqual([
      { category: 'fruit.apples', total: 2000 },
      { category: 'vegetables.root', total: 4320 },
    ]);
    expect(await totals(3)).toEqual([
      { category: 'fruit.apples', total: 2000 },
      { category: 'vegetables.root.potatoes', total: 4320 },
    ]);
    const named = await stats('filter: { municipality: ["NO-3901"], category: ["fruit"] }, groupBy: [CATEGORY], categoryDepth: 1');
    expect(named.map((r) => [r.category.name, r.total])).toEqual([['Frukt og bær', 2000]]);
  });

  it('groups by PRODUCER (origin, never supplier)', async () => {
    const rows = (await stats(`${HORTEN}, groupBy: [PRODUCER]`)).filter((r) => r.currency === 'NOK');
    const byName = Object.fromEntries(rows.map((r) => [r.producer?.name ?? 'unknown', r.total]));
    // P49: L1 + L7; P50: L2 (delivered by the wholesaler); PH: L3 + L5; unknown: L4 + L6.
    expect(byName).toEqual({ Nordgården: 1400, Sørgården: 2000, Hortengården: 1120, unknown: 1800 });
  });

  it('pages the rows grouped by PRODUCER or KITCHEN in their order, and only those', async () => {
    const all = await stats(`${HORTEN}, groupBy: [PRODUCER]`);
    expect(all.length).toBeGreaterThan(3);
    const page = async (after: string | null) => {
      const result = await api.query(
        `query($after: String) { deliveryStats(${HORTEN}, groupBy: [PRODUCER], first: 2, after: $after) {
           rows { producer { name } currency total } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
        { after },
        { authorization: `Bearer ${PRIVATE_KEY}` },
      );
      expect(result.errors).toBeUndefined();
      return result.data!.deliveryStats;
    };
    const seen: Row[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const p: Row = await page(after);
      expect(p.rows.length).toBeLessThanOrEqual(2);
      expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...p.rows);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    // The pages together are the whole answer, in its order.
    expect(seen).toEqual(all.map((r) => ({ producer: r.producer && { name: r.producer.name }, currency: r.currency, total: r.total })));
    expect((await fails(`${HORTEN}, groupBy: [YEAR], first: 2`)).message).toMatch(/KITCHEN or PRODUCER only/);
    expect((await fails(`${HORTEN}, groupBy: [KITCHEN], first: 1001`)).message).toMatch(/first must be between 0 and 1000; got 1001/);
    expect((await fails(`${HORTEN}, groupBy: [KITCHEN], after: "bm9wZQ"`)).message).toMatch(/is not a cursor of deliveryStats/);
  });

  describe('local definitions (Horten, NOK, 2024: total 6010)', () => {
    const local = async (definition: string) => {
      const rows = await stats(`filter: { municipality: ["NO-3901"], from: "2024-01-01", to: "2024-12-31" }, local: ${definition}`);
      const nok = rows.find((r) => r.currency === 'NOK')!;
      expect(nok.total).toBe(6010);
      return nok;
    };

    it('SAME_MUNICIPALITY: PH only (L3 500 + 2024 part of L5 310); L6 is unknown, L4 (Spain) known not local', async () => {
      const r = await local('{ definition: SAME_MUNICIPALITY }');
      expect([r.local, r.unknownOrigin]).toEqual([810, 300]);
      expect(r.localShare).toBeCloseTo(810 / 6010, 12);
      expect(r.localShareOfKnown).toBeCloseTo(810 / 5710, 12);
    });

    it('SAME_REGION: P49 in Tønsberg counts (L1 1000, L7 400), P50 in Drammen does not', async () => {
      const r = await local('{ definition: SAME_REGION }');
      expect([r.local, r.unknownOrigin]).toEqual([2210, 300]);
    });

    it('SAME_COUNTRY: every Norwegian producer; Spain is not local', async () => {
      const r = await local('{ definition: SAME_COUNTRY }');
      expect([r.local, r.unknownOrigin]).toEqual([4210, 300]);
      expect(r.localShareOfKnown).toBeCloseTo(4210 / 5710, 12);
    });

    it('WITHIN_KM: 49.9 km is in and 50.1 km is out at 50; a line without a producer location is unknown', async () => {
      const r = await local('{ definition: WITHIN_KM, km: 50 }');
      // P49 (49.9 km): L1 + L7; PH (3 km from K1; near Horten's centroid for K2): L3 + L5. L4, L6 unknown.
      expect([r.local, r.unknownOrigin]).toEqual([2210, 1800]);
      expect(r.localShareOfKnown).toBeCloseTo(2210 / 4210, 12);
      expect((await local('{ definition: WITHIN_KM, km: 49.85 }')).local).toBe(810);
      expect((await local('{ definition: WITHIN_KM, km: 50.15 }')).local).toBe(4210);
    });

    it('judges a kitchen without a location from the buying municipality’s centroid', async () => {
      const rows = await stats('filter: { kitchen: ["' + encodeGlobalId('Kitchen', fixture.kitchens.k2.id) + '"] }, local: { definition: WITHIN_KM, km: 50 }');
      expect(pick(rows, ['total', 'local', 'unknownOrigin'])).toEqual([{ total: 500, local: 500, unknownOrigin: 0 }]);
    });
  });

  it('measures weight, counting lines whose unit does not convert', async () => {
    const rows = await stats(`${HORTEN}, measure: WEIGHT`);
    // 100 + 200 + 50 + 62 + 30 + 40 + 10 kg (L4 is 10 pieces without a kg figure); currencies do not matter.
    expect(pick(rows, ['currency', 'total', 'organic', 'lines', 'unconvertedLines'])).toEqual([
      { currency: null, total: 492, organic: 222, lines: 7, unconvertedLines: 1 },
    ]);
  });

  it('converts to a target currency with the named annual rates, and says which', async () => {
    const eur = await stats(`${HORTEN}, groupBy: [YEAR], currency: EUR`);
    // 2024: 6010 NOK / 10 + 100 EUR = 701; 2025: no NOK rate, so L5's 2025 part is left out and counted.
    expect(pick(eur, ['year', 'currency', 'total', 'lines', 'unconvertedLines'])).toEqual([
      { year: 2024, currency: 'EUR', total: 701, lines: 8, unconvertedLines: 0 },
      { year: 2025, currency: 'EUR', total: null, lines: 0, unconvertedLines: 1 },
    ]);
    expect(eur[0]!.exchangeRates).toEqual([{ currency: 'NOK', year: 2024, rate: 10, indicatorKey: 'exchange_rate_eur_nok' }]);
    // Nothing to divide by: no shares rather than 0 or NaN.
    expect([eur[1]!.organicShare, eur[1]!.localShare, eur[1]!.localShareOfKnown, eur[1]!.exchangeRates]).toEqual([null, null, null, []]);
    const sek = await stats('groupBy: [YEAR], currency: SEK, filter: { to: "2024-12-31" }');
    // 6010 / 10 × 12.5 + 100 × 12.5 + 17000 SEK.
    expect(sek).toHaveLength(1);
    expect(sek[0]!.total).toBeCloseTo(7512.5 + 1250 + 17000, 6);
    expect(sek[0]!.exchangeRates.map((r: Row) => `${r.currency} ${r.rate}`)).toEqual(['NOK 10', 'SEK 12.5']);
  });

  it('suppresses cells from fewer than 3 distinct suppliers for the public', async () => {
    const rows = await stats(`${HORTEN}, groupBy: [YEAR]`, {});
    expect(pick(rows, ['year', 'currency', 'suppressed', 'total', 'lines'])).toEqual([
      { year: 2024, currency: 'EUR', suppressed: true, total: null, lines: null }, // the wholesaler only
      { year: 2024, currency: 'NOK', suppressed: false, total: 6010, lines: 7 }, // 5 suppliers
      { year: 2025, currency: 'NOK', suppressed: true, total: null, lines: null },
    ]);
    expect(rows[0]!.organicShare).toBeNull();
  });

  it('returns no rows for an empty selection', async () => {
    expect(await stats('filter: { from: "2030-01-01" }, groupBy: [YEAR]')).toEqual([]);
    expect(await stats('filter: { category: ["fish"] }')).toEqual([]);
  });

  it('sends one SQL statement per request', async () => {
    const before = db.statements.count;
    const result = await api.query('{ deliveryStats(groupBy: [MUNICIPALITY, YEAR, CATEGORY], local: { definition: WITHIN_KM, km: 50 }) { rows { total } } }');
    expect(result.errors).toBeUndefined();
    expect(db.statements.count - before).toBe(1);
  });

  it.each([
    ['WITHIN_KM without km', 'local: { definition: WITHIN_KM }', 'local.km', 'WITHIN_KM needs km'],
    ['km with another definition', 'local: { definition: SAME_REGION, km: 5 }', 'local.km', 'km applies only to WITHIN_KM'],
    ['a category depth of 4', 'groupBy: [CATEGORY], categoryDepth: 4', 'categoryDepth', 'categoryDepth must be 1, 2 or 3'],
    ['a currency with weight', 'measure: WEIGHT, currency: EUR', 'currency', 'only to measure VALUE'],
    ['an unknown municipality', 'filter: { municipality: ["NO-9999"] }', 'filter.municipality', 'Unknown municipality code'],
    ['a bad country', 'filter: { country: ["Norway"] }', 'filter.country', 'not an ISO 3166-1'],
    ['a producer ID as kitchen', `filter: { kitchen: ["${encodeGlobalId('Producer', 1)}"] }`, 'filter.kitchen', 'not a Kitchen ID'],
    ['an inverted period', 'filter: { from: "2025-01-01", to: "2024-01-01" }', 'filter.to', 'before filter.from'],
  ])('%s is a typed error', async (_name, args, field, message) => {
    const error = await fails(args);
    expect(error.extensions?.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('counts the lines of the sources asked for, and of a project’s municipalities', async () => {
    const SODERTALJE = 'municipality: ["SE-0181"]';
    const rows = async (filter: string) => pick(await stats(`filter: { ${filter} }, groupBy: [YEAR]`), ['year', 'currency', 'total', 'organic', 'lines']);
    // Södertälje's SEK lines: 10000 + 5000 + 2000 (2024-01, the fixture's source) and 800 (2025-03, the other source).
    expect(await rows(`${SODERTALJE}, source: ["stats"]`)).toEqual([{ year: 2024, currency: 'SEK', total: 17000, organic: 12000, lines: 3 }]);
    const other = await stats(`filter: { ${SODERTALJE}, source: ["stats-other"] }, groupBy: [YEAR]`, {});
    // One supplier: suppressed for the public, but the cell is there, and only 2025's.
    expect(pick(other, ['year', 'suppressed'])).toEqual([{ year: 2025, suppressed: true }]);
    expect(await rows(`${SODERTALJE}, source: ["stats", "stats-other"]`)).toEqual(await rows(SODERTALJE));
    const project = await db.prisma.project.create({
      data: {
        name: 'KISMET Södertälje',
        sourceId: fixture.source.id,
        externalId: 'kismet-stats',
        municipalities: { create: [{ municipalityCode: 'SE-0181' }] },
      },
    });
    expect(await rows(`project: ["${encodeGlobalId('Project', project.id)}"]`)).toEqual(await rows(SODERTALJE));
    const unknown = await fails('filter: { source: ["nowhere"] }');
    expect(unknown.extensions?.field).toBe('filter.source');
    expect(unknown.message).toBe('No source "nowhere"; the `sources` query lists them.');
  });
});
