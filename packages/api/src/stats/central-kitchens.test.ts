import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { CENTRE } from '../test/fixture.js';
import { graphqlClient } from '../test/graphql.js';
import { type StatsRequest, computeDeliveryStats } from './delivery-stats.js';
import { PRIVATE_KEY, loadStatsFixture } from './stats-fixture.js';

/**
 * Central kitchens on top of the statistics fixture (Horten, NOK, March 2024, where the fixture has
 * only L4: 1500 without a kitchen):
 *
 *   C1 (central, at Horten town) feeds R1 (100 meals × 200 days) and R2 (300 × 200): shares 1/4, 3/4.
 *      A deleted receiving kitchen and one without meals get nothing.
 *      Lines: 800 via the wholesaler, origin P49 (49.9 km); 400 organic from "Bonde X", origin PH (3 km).
 *   C2 feeds R3 (50 meals, serving days unknown) and R4 (150 × 190): days are not known for all, so
 *      meals per day decide: 1/4, 3/4. Line: 1000 from "Bonde Y", origin unknown.
 *   C3 feeds only R5, which states no meals: C3 keeps its line of 200 ("Bonde Z").
 *   R1 also reports 100 of its own ("Bonde Q").
 */
async function loadCentralKitchens(db: Database) {
  const base = await loadStatsFixture(db);
  const { prisma } = db;
  const s = { sourceId: base.source.id };
  const kitchen = (externalId: string, data: Record<string, unknown>) =>
    prisma.kitchen.create({ data: { ...s, externalId, name: externalId, kind: 'SCHOOL', municipalityCode: 'NO-3901', productionType: 'RECEIVING', ...data } });
  const c1 = await kitchen('C1', { productionType: 'CENTRAL', lat: CENTRE.lat, lon: CENTRE.lon, mealsPerDay: 400, servingDaysPerYear: 200 });
  const c2 = await kitchen('C2', { productionType: 'CENTRAL', mealsPerDay: 200 });
  const c3 = await kitchen('C3', { productionType: 'CENTRAL' });
  const r1 = await kitchen('R1', { centralKitchenId: c1.id, mealsPerDay: 100, servingDaysPerYear: 200 });
  const r2 = await kitchen('R2', { centralKitchenId: c1.id, kind: 'PRESCHOOL', mealsPerDay: 300, servingDaysPerYear: 200 });
  await kitchen('R1-deleted', { centralKitchenId: c1.id, mealsPerDay: 1000, servingDaysPerYear: 200, deletedAt: new Date('2024-01-01') });
  await kitchen('R1-no-meals', { centralKitchenId: c1.id, servingDaysPerYear: 200 });
  const r3 = await kitchen('R3', { centralKitchenId: c2.id, kind: 'ELDERLY_CARE', mealsPerDay: 50 });
  const r4 = await kitchen('R4', { centralKitchenId: c2.id, mealsPerDay: 150, servingDaysPerYear: 190 });
  await kitchen('R5', { centralKitchenId: c3.id });
  const march = { periodStart: new Date('2024-03-01T00:00:00Z'), periodEnd: new Date('2024-03-31T00:00:00Z') };
  const line = (externalId: string, kitchenId: number, value: number, data: Record<string, unknown>) => ({
    ...s,
    externalId,
    kitchenId,
    municipalityCode: 'NO-3901',
    categoryCode: 'vegetables.root.potatoes',
    currency: 'NOK' as const,
    value,
    ...march,
    ...data,
  });
  await prisma.delivery.createMany({
    data: [
      line('C1-a', c1.id, 800, { producerId: base.producers.p49.id, supplierOrganizationId: base.wholesaler.id }),
      line('C1-b', c1.id, 400, { producerId: base.producers.ph.id, supplierName: 'Bonde X', organic: true }),
      line('C2-a', c2.id, 1000, { supplierName: 'Bonde Y' }),
      line('C3-a', c3.id, 200, { supplierName: 'Bonde Z' }),
      line('R1-a', r1.id, 100, { supplierName: 'Bonde Q' }),
    ],
  });
  return { base, kitchens: { c1, c2, c3, r1, r2, r3, r4 } };
}

describe.each(databaseKinds)('central kitchens allocated to their receiving kitchens on %s', (kind) => {
  let db: Database;
  let k: Awaited<ReturnType<typeof loadCentralKitchens>>['kitchens'];
  const MARCH: StatsRequest['filter'] = { municipalities: ['NO-3901'], from: new Date('2024-03-01'), to: new Date('2024-03-31') };

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    k = (await loadCentralKitchens(db)).kitchens;
  });
  afterAll(() => db?.close());

  const byKitchen = (allocate: boolean, filter = MARCH) =>
    computeDeliveryStats(db, {
      filter,
      groupBy: ['KITCHEN'],
      local: 'WITHIN_KM',
      localKm: 50,
      measure: 'VALUE',
      unsuppressed: true,
      allocateCentralKitchens: allocate,
    });

  it('shares each central kitchen’s lines by meals, in rows marked allocated', async () => {
    const rows = await byKitchen(true);
    expect(rows.map((r) => [r.kitchenName, r.allocated, r.total, r.organic, r.local, r.unknownOrigin, r.lines])).toEqual([
      ['C3', false, 200, 0, 0, 200, 1], // its only receiving kitchen states no meals
      ['R1', false, 100, 0, 0, 100, 1], // its own line
      ['R1', true, 300, 100, 300, 0, 2], // 1/4 of 800 + 400; local judged at C1 (P49 49.9 km, PH 3 km)
      ['R2', true, 900, 300, 900, 0, 2], // 3/4
      ['R3', true, 250, 0, 0, 250, 1], // 50 of 200 meals a day (R3's serving days unknown)
      ['R4', true, 750, 0, 0, 750, 1], // 150 of 200
      [null, false, 1500, 0, 0, 1500, 1], // L4, bought without a kitchen
    ]);
  });

  it('leaves totals unchanged, and without allocation keeps the lines at the central kitchens', async () => {
    const plain = await byKitchen(false);
    expect(plain.map((r) => [r.kitchenName, r.allocated, r.total])).toEqual([
      ['C1', false, 1200],
      ['C2', false, 1000],
      ['C3', false, 200],
      ['R1', false, 100],
      [null, false, 1500],
    ]);
    const sum = (rows: { total: number | null; organic: number | null; local: number | null }[], key: 'total' | 'organic' | 'local') =>
      rows.reduce((n, r) => n + (r[key] ?? 0), 0);
    const allocated = await byKitchen(true);
    for (const key of ['total', 'organic', 'local'] as const) expect(sum(allocated, key)).toBe(sum(plain, key));
  });

  it('filters by the receiving kitchen and groups by its kind', async () => {
    const r2 = await byKitchen(true, { ...MARCH, kitchenIds: [k.r2.id] });
    expect(r2.map((r) => [r.kitchenName, r.allocated, r.total])).toEqual([['R2', true, 900]]);
    const kinds = await computeDeliveryStats(db, {
      filter: MARCH,
      groupBy: ['KITCHEN_KIND'],
      local: 'SAME_REGION',
      measure: 'VALUE',
      unsuppressed: true,
      allocateCentralKitchens: true,
    });
    expect(kinds.map((r) => [r.kitchenKind, r.allocated, r.total])).toEqual([
      ['ELDERLY_CARE', true, 250],
      ['PRESCHOOL', true, 900],
      ['SCHOOL', false, 300], // C3 200 + R1's own 100
      ['SCHOOL', true, 1050], // R1 300 + R4 750
      [null, false, 1500],
    ]);
  });

  it('is an argument of deliveryStats with an allocated field, suppressed like any row', async () => {
    const api = graphqlClient(db);
    const query = `{ deliveryStats(filter: { kitchen: ["${encodeGlobalId('Kitchen', k.r1.id)}"], from: "2024-03-01", to: "2024-03-31" },
        groupBy: [KITCHEN], allocateCentralKitchens: true) { rows { kitchen { name } allocated suppressed total lines } } }`;
    const owner = await api.query(query, undefined, { authorization: `Bearer ${PRIVATE_KEY}` });
    expect(owner.errors).toBeUndefined();
    expect(owner.data!.deliveryStats.rows).toEqual([
      { kitchen: { name: 'R1' }, allocated: false, suppressed: false, total: 100, lines: 1 },
      { kitchen: { name: 'R1' }, allocated: true, suppressed: false, total: 300, lines: 2 },
    ]);
    // For the public, two suppliers are too few.
    const anonymous = await api.query(query);
    expect(anonymous.data!.deliveryStats.rows.map((r: { suppressed: boolean }) => r.suppressed)).toEqual([true, true]);
  });
});
