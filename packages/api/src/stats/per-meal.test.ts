import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { type StatsRequest, computeDeliveryStats, statsPath } from './delivery-stats.js';
import { computePerMeal } from './per-meal.js';

/**
 * Kitchens and their meals, 2023 (365 days), NOK:
 *
 *   Horten (NO-3901):
 *     A  school, cooking, 300 meals/day × 190 days = 57,000 meals a year
 *     B  school, cooking, no meal counts
 *     C  elderly care, central, 200 × 365 = 73,000
 *     R  school, receiving under C, 50 × 365 = 18,250 (inside C's count when C is in the same row)
 *   Tønsberg (NO-3905):
 *     T  school, cooking, 100 × 200 = 20,000
 *
 * Lines (producer PH in Horten, P49 in Tønsberg; local = same municipality; one supplier each):
 *   A1  A  2023-03  vegetables  3000 organic  PH   300 kg
 *   A2  A  2023-09  fruit       1000          P49  100 kg
 *   B1  B  2023-03  vegetables  2000          PH   200 kg
 *   C1  C  2023-03  vegetables  7300 organic  P49  730 kg
 *   R1  R  2023-03  fruit        730          PH    73 kg
 *   O1  —  2023-03  fruit        500 (Horten, no kitchen)  50 kg
 *   T1  T  2023-03  vegetables  1000          P49  100 kg
 *   X1  A  2023-05  vegetables 99999 (deleted: never counted)
 */
async function loadMeals(db: Database) {
  const { prisma } = db;
  const source = await prisma.source.create({ data: { key: 'meals', name: 'Meals fixture', publisher: 'Test', licence: 'CC0-1.0' } });
  const s = { sourceId: source.id };
  const producer = (externalId: string, municipalityCode: string, lat: number, lon: number) =>
    prisma.producer.create({ data: { ...s, externalId, name: externalId, kind: 'FARM', countryCode: 'NO', municipalityCode, lat, lon } });
  const ph = await producer('PH', 'NO-3901', 59.42, 10.48);
  const p49 = await producer('P49', 'NO-3905', 59.27, 10.41);
  const kitchen = (externalId: string, data: Record<string, unknown>) =>
    prisma.kitchen.create({
      data: { ...s, externalId, name: externalId, kind: 'SCHOOL', municipalityCode: 'NO-3901', productionType: 'COOKING', ...data },
    });
  const a = await kitchen('A', { mealsPerDay: 300, servingDaysPerYear: 190 });
  const b = await kitchen('B', { mealsPerDay: null, servingDaysPerYear: 190 });
  const c = await kitchen('C', { kind: 'ELDERLY_CARE', productionType: 'CENTRAL', mealsPerDay: 200, servingDaysPerYear: 365 });
  const r = await kitchen('R', { productionType: 'RECEIVING', centralKitchenId: c.id, mealsPerDay: 50, servingDaysPerYear: 365 });
  const t = await kitchen('T', { municipalityCode: 'NO-3905', mealsPerDay: 100, servingDaysPerYear: 200 });
  const month = (m: number) => ({ periodStart: new Date(Date.UTC(2023, m - 1, 1)), periodEnd: new Date(Date.UTC(2023, m, 0)) });
  const line = (
    externalId: string,
    kitchenId: number | null,
    m: number,
    category: string,
    value: number,
    kg: number,
    producerId: number | null,
    organic = false,
  ) => ({
    ...s,
    externalId,
    kitchenId,
    municipalityCode: kitchenId === t.id ? 'NO-3905' : 'NO-3901',
    categoryCode: category === 'fruit' ? 'fruit.apples' : 'vegetables.root.potatoes',
    currency: 'NOK' as const,
    value,
    quantity: kg,
    unit: 'KG' as const,
    quantityKg: kg,
    organic,
    producerId,
    supplierName: `Supplier ${externalId}`,
    ...month(m),
  });
  await prisma.delivery.createMany({
    data: [
      line('A1', a.id, 3, 'vegetables', 3000, 300, ph.id, true),
      line('A2', a.id, 9, 'fruit', 1000, 100, p49.id),
      line('B1', b.id, 3, 'vegetables', 2000, 200, ph.id),
      line('C1', c.id, 3, 'vegetables', 7300, 730, p49.id, true),
      line('R1', r.id, 3, 'fruit', 730, 73, ph.id),
      line('O1', null, 3, 'fruit', 500, 50, null),
      line('T1', t.id, 3, 'vegetables', 1000, 100, p49.id),
      { ...line('X1', a.id, 5, 'vegetables', 99999, 9999, ph.id), deletedAt: new Date('2024-01-01') },
    ],
  });
  // 10 NOK per EUR in 2023.
  const key = 'exchange_rate_eur_nok';
  const indicatorData = { ...s, externalId: key, key, names: { en: 'NOK per EUR' }, unit: 'NOK per EUR', kind: 'OBSERVED' as const };
  const indicator = await prisma.indicator.upsert({ where: { key }, create: indicatorData, update: indicatorData });
  await prisma.observation.create({
    data: { ...s, externalId: `${key}-2023`, indicatorId: indicator.id, date: new Date('2023-01-01'), periodType: 'YEAR', value: 10 },
  });
}

const YEAR_2023 = { from: new Date('2023-01-01'), to: new Date('2023-12-31') };
const MARCH = 31 / 365;
const SEPTEMBER = 30 / 365;

describe.each(databaseKinds)('deliveryStats per meal on %s', (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadMeals(db);
  });
  afterAll(() => db?.close());

  /** Rows with their figures per meal, and the statements the figures took. */
  async function perMeal(request: Omit<StatsRequest, 'local' | 'measure'> & Partial<StatsRequest>, fromLines = false) {
    const full: StatsRequest = { local: 'SAME_MUNICIPALITY', measure: 'VALUE', unsuppressed: true, ...request };
    const rows = await computeDeliveryStats(db, full);
    let statements = 0;
    const figures = await computePerMeal(db, full, rows, {
      fromLines,
      run: (sql, params) => {
        statements += 1;
        return db.sql.query(sql, params);
      },
    });
    return { rows: rows.map((r, i) => ({ ...r, perMeal: figures[i]! })), statements };
  }

  it('divides a year’s lines at kitchens with meal counts by their meals, with the coverage of the rest', async () => {
    const { rows, statements } = await perMeal({ filter: { municipalities: ['NO-3901'] }, groupBy: ['YEAR'] });
    expect(rows).toHaveLength(1);
    const { total, perMeal: m } = rows[0]!;
    // All Horten lines: 3000 + 1000 + 2000 + 7300 + 730 + 500.
    expect(total).toBe(14_530);
    // A 57,000 + C 73,000; R's 18,250 are inside C's (both in the row); B gives no counts.
    expect(m!.meals).toBeCloseTo(130_000, 6);
    // At A, C, R: 3000 + 1000 + 7300 + 730 = 12,030; organic 3000 + 7300; local (PH) 3000 + 730.
    expect(m!.total).toBeCloseTo(12_030 / 130_000, 12);
    expect(m!.organic).toBeCloseTo(10_300 / 130_000, 12);
    expect(m!.local).toBeCloseTo(3_730 / 130_000, 12);
    expect(m!.coverage).toBeCloseTo(12_030 / 14_530, 12);
    // B's and O1's lines are left out: read from Horten's lines, in a second statement.
    expect(statements).toBe(2);
  });

  it('by weight, in kg per meal', async () => {
    const { rows } = await perMeal({ filter: { municipalities: ['NO-3901'] }, groupBy: ['YEAR'], measure: 'WEIGHT' });
    // 300 + 100 + 730 + 73 of 300 + 100 + 200 + 730 + 73 + 50.
    expect(rows[0]!.perMeal!.total).toBeCloseTo(1_203 / 130_000, 12);
    expect(rows[0]!.perMeal!.coverage).toBeCloseTo(1_203 / 1_453, 12);
  });

  it('in a target currency, per meal of the converted money', async () => {
    const { rows } = await perMeal({ filter: { municipalities: ['NO-3901'] }, groupBy: ['YEAR'], currency: 'EUR' });
    expect(rows.map((r) => [r.currency, r.total])).toEqual([['EUR', 1_453]]);
    // 12,030 NOK / 10 over the same 130,000 meals.
    expect(rows[0]!.perMeal!.total).toBeCloseTo(1_203 / 130_000, 12);
    expect(rows[0]!.perMeal!.coverage).toBeCloseTo(1_203 / 1_453, 12);
  });

  it('by month: meals of the month’s days, kitchens counted only in months with their lines', async () => {
    const { rows } = await perMeal({ filter: { municipalities: ['NO-3901'] }, groupBy: ['MONTH'] });
    expect(rows.map((r) => [r.year, r.month, r.total])).toEqual([
      [2023, 3, 13_530],
      [2023, 9, 1_000],
    ]);
    const [march, september] = rows.map((r) => r.perMeal!);
    // March: A 57,000 × 31/365 + C 73,000 × 31/365 (= 6,200); at them 3000 + 7300 + 730.
    const marchMeals = 57_000 * MARCH + 73_000 * MARCH;
    expect(march!.meals).toBeCloseTo(marchMeals, 6);
    expect(march!.total).toBeCloseTo(11_030 / marchMeals, 12);
    expect(march!.coverage).toBeCloseTo(11_030 / 13_530, 12);
    // September: only A bought (C is not counted): 57,000 × 30/365.
    expect(september!.meals).toBeCloseTo(57_000 * SEPTEMBER, 6);
    expect(september!.total).toBeCloseTo(1_000 / (57_000 * SEPTEMBER), 12);
    expect(september!.coverage).toBe(1);
  });

  it('clips a row’s period to from–to, and takes from–to when not grouped by time', async () => {
    const march = { municipalities: ['NO-3901'], from: new Date('2023-03-01'), to: new Date('2023-03-31') };
    const byYear = await perMeal({ filter: march, groupBy: ['YEAR'] });
    const whole = await perMeal({ filter: march, groupBy: [] });
    for (const { rows } of [byYear, whole]) {
      expect(rows[0]!.perMeal!.meals).toBeCloseTo(130_000 * MARCH, 6);
      expect(rows[0]!.perMeal!.total).toBeCloseTo(11_030 / (130_000 * MARCH), 12);
    }
  });

  it('by municipality: each place its own kitchens; where all give meal counts the rows’ own figures, in one statement', async () => {
    const { rows } = await perMeal({ filter: YEAR_2023, groupBy: ['MUNICIPALITY'] });
    expect(rows.map((r) => [r.municipalityCode, r.total, r.perMeal!.meals])).toEqual([
      ['NO-3901', 14_530, expect.closeTo(130_000, 6)],
      ['NO-3905', 1_000, expect.closeTo(20_000, 6)],
    ]);
    // Tønsberg: T1 1000 (local: P49 is in Tønsberg) over T's 20,000 meals.
    expect(rows[1]!.perMeal).toEqual({ meals: expect.closeTo(20_000, 6), total: 0.05, organic: 0, local: 0.05, coverage: 1 });
    const tonsberg = await perMeal({ filter: { ...YEAR_2023, municipalities: ['NO-3905'] }, groupBy: ['MUNICIPALITY'] });
    expect(tonsberg.statements).toBe(1);
    expect(tonsberg.rows[0]!.perMeal).toEqual(rows[1]!.perMeal);
  });

  it('by category: each category over all the meals of the kitchens counted', async () => {
    const { rows } = await perMeal({ filter: { municipalities: ['NO-3901'] }, groupBy: ['YEAR', 'CATEGORY'], categoryDepth: 1 });
    expect(rows.map((r) => [r.categoryCode, r.total])).toEqual([
      ['fruit', 2_230], // A2 1000 + R1 730 + O1 500
      ['vegetables', 12_300], // A1 3000 + B1 2000 + C1 7300
    ]);
    const [fruit, vegetables] = rows.map((r) => r.perMeal!);
    expect(fruit!.meals).toBeCloseTo(130_000, 6);
    expect(fruit!.total).toBeCloseTo(1_730 / 130_000, 12);
    expect(fruit!.coverage).toBeCloseTo(1_730 / 2_230, 12);
    expect(vegetables!.meals).toBeCloseTo(130_000, 6);
    expect(vegetables!.total).toBeCloseTo(10_300 / 130_000, 12);
    expect(vegetables!.organic).toBeCloseTo(10_300 / 130_000, 12);
    expect(vegetables!.coverage).toBeCloseTo(10_300 / 12_300, 12);
  });

  it('by kitchen kind and kitchen: a receiving kitchen counts its own meals apart from its central kitchen; null where no meal counts', async () => {
    const kinds = await perMeal({ filter: { municipalities: ['NO-3901'] }, groupBy: ['YEAR', 'KITCHEN_KIND'] });
    expect(kinds.rows.map((r) => [r.kitchenKind, r.total, r.perMeal])).toEqual([
      ['ELDERLY_CARE', 7_300, { meals: expect.closeTo(73_000, 6), total: expect.closeTo(0.1, 12), organic: expect.closeTo(0.1, 12), local: 0, coverage: 1 }],
      // A 57,000 + R 18,250 (C is in another row); at them 3000 + 1000 + 730 of 6730 with B's 2000.
      [
        'SCHOOL',
        6_730,
        {
          meals: expect.closeTo(75_250, 6),
          total: expect.closeTo(4_730 / 75_250, 12),
          organic: expect.closeTo(3_000 / 75_250, 12),
          local: expect.closeTo(3_730 / 75_250, 12),
          coverage: expect.closeTo(4_730 / 6_730, 12),
        },
      ],
      [null, 500, { meals: null, total: null, organic: null, local: null, coverage: 0 }],
    ]);
    const kitchens = await perMeal({ filter: { municipalities: ['NO-3901'] }, groupBy: ['YEAR', 'KITCHEN'] });
    expect(kitchens.rows.map((r) => [r.kitchenName, r.perMeal!.meals, r.perMeal!.total, r.perMeal!.coverage])).toEqual([
      ['A', expect.closeTo(57_000, 6), expect.closeTo(4_000 / 57_000, 12), 1],
      ['B', null, null, 0],
      ['C', expect.closeTo(73_000, 6), expect.closeTo(0.1, 12), 1],
      ['R', expect.closeTo(18_250, 6), expect.closeTo(0.04, 12), 1],
      [null, null, null, 0],
    ]);
    // Each row one kitchen's: only the statement over the rows' kitchens; a page gives the same figures.
    expect(kitchens.statements).toBe(1);
    const page = await perMeal({ filter: { municipalities: ['NO-3901'] }, groupBy: ['YEAR', 'KITCHEN'], page: { offset: 2, limit: 2 } });
    expect(page.rows.map((r) => [r.kitchenName, r.perMeal])).toEqual(kitchens.rows.slice(2, 4).map((r) => [r.kitchenName, r.perMeal]));
    expect(page.statements).toBe(1);
  });

  it('gives the same figures from the rollup and from the lines', async () => {
    const requests: Omit<StatsRequest, 'local' | 'measure'>[] = [
      { filter: {}, groupBy: ['YEAR'] },
      { filter: {}, groupBy: ['MONTH', 'MUNICIPALITY'] },
      { filter: { municipalities: ['NO-3905'] }, groupBy: ['YEAR', 'REGION'] },
      { filter: {}, groupBy: ['YEAR', 'CATEGORY', 'MUNICIPALITY'], categoryDepth: 1 },
      { filter: { kitchenKinds: ['SCHOOL'] }, groupBy: ['YEAR', 'KITCHEN_KIND'] },
      { filter: YEAR_2023, groupBy: ['COUNTRY'] },
    ];
    const close = (figures: unknown) => JSON.parse(JSON.stringify(figures, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
    for (const request of requests) {
      expect(statsPath({ ...request, local: 'SAME_MUNICIPALITY', measure: 'VALUE' })).toBe('rollup');
      // The rows from the rollup less the lines elsewhere; from the lines less the same; the part at kitchens with counts read directly.
      const rollup = await perMeal({ ...request, path: 'rollup' });
      const raw = await perMeal({ ...request, path: 'raw' });
      const lines = await perMeal({ ...request, path: 'raw' }, true);
      expect(rollup.rows.length).toBeGreaterThan(0);
      expect(close(rollup.rows.map((r) => r.perMeal))).toEqual(close(lines.rows.map((r) => r.perMeal)));
      expect(close(raw.rows.map((r) => r.perMeal))).toEqual(close(lines.rows.map((r) => r.perMeal)));
    }
    // By kitchen (from the lines only): each row's own figures, or none, against the part read directly.
    const byKitchen = { filter: {}, groupBy: ['MONTH', 'KITCHEN', 'CATEGORY'] } satisfies Omit<StatsRequest, 'local' | 'measure'>;
    const own = await perMeal(byKitchen);
    const direct = await perMeal(byKitchen, true);
    expect(own.rows.length).toBe(7); // A in March and September, B, C, R, T, and O1 without a kitchen
    expect(close(own.rows.map((r) => r.perMeal))).toEqual(close(direct.rows.map((r) => r.perMeal)));
  });

  describe('through GraphQL', () => {
    const horten = `municipality: ["NO-3901"]`;

    it('computes perMeal only when asked, priced apart', async () => {
      const api = graphqlClient(db);
      const query = `{ deliveryStats(filter: { ${horten} }, groupBy: [YEAR]) { rows { year total perMeal { meals total organic local coverage } } } }`;
      const result = await api.query(query);
      expect(result.errors).toBeUndefined();
      // Six suppliers: not suppressed.
      expect(result.data!.deliveryStats.rows).toEqual([
        {
          year: 2023,
          total: 14_530,
          perMeal: {
            meals: expect.closeTo(130_000, 6),
            total: expect.closeTo(12_030 / 130_000, 12),
            organic: expect.closeTo(10_300 / 130_000, 12),
            local: expect.closeTo(3_730 / 130_000, 12),
            coverage: expect.closeTo(12_030 / 14_530, 12),
          },
        },
      ]);
      const without = await api.query(`{ deliveryStats(filter: { ${horten} }, groupBy: [YEAR]) { rows { year total } } }`);
      expect((result as { extensions?: { cost: { requested: number } } }).extensions!.cost.requested).toBeGreaterThan(
        (without as { extensions?: { cost: { requested: number } } }).extensions!.cost.requested + 1_999,
      );
    });

    it('is null for a suppressed row', async () => {
      const api = graphqlClient(db);
      const result = await api.query(`{ deliveryStats(filter: { municipality: ["NO-3905"] }, groupBy: [YEAR]) { rows { suppressed perMeal { meals } } } }`);
      expect(result.data!.deliveryStats.rows).toEqual([{ suppressed: true, perMeal: null }]);
    });

    it('refuses combinations it cannot answer, naming them', async () => {
      const api = graphqlClient(db);
      const allocated = await api.query(
        `{ deliveryStats(filter: { ${horten} }, groupBy: [YEAR, KITCHEN], allocateCentralKitchens: true) { rows { ...m } } } fragment m on DeliveryStatsRow { perMeal { meals } }`,
      );
      expect(allocated.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'allocateCentralKitchens' });
      expect(allocated.errors![0]!.message).toMatch(/perMeal cannot be combined with allocateCentralKitchens/);
      const timeless = await api.query(`{ deliveryStats(filter: { ${horten}, from: "2023-01-01" }) { rows { perMeal { meals } } } }`);
      expect(timeless.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.to' });
      expect(timeless.errors![0]!.message).toMatch(/group by YEAR or MONTH, or give both filter.from and filter.to/);
      // Not asked for (skipped), nothing to refuse.
      const skipped = await api.query(
        `{ deliveryStats(filter: { ${horten} }, groupBy: [KITCHEN], allocateCentralKitchens: true) { rows { total perMeal @skip(if: true) { meals } } } }`,
      );
      expect(skipped.errors).toBeUndefined();
    });
  });
});
