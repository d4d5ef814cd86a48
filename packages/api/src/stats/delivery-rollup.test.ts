import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { CENTRE, destination } from '../test/fixture.js';
import {
  type GroupDimension,
  type LocalKind,
  type MeasureKind,
  type StatsRequest,
  byTopCategoryOnly,
  computeDeliveryStats,
  statsPath,
} from './delivery-stats.js';
import { loadStatsFixture } from './stats-fixture.js';
import { mulberry32 } from '../test/random.js';

/** Groupings the rollup serves (every combination of these is checked somewhere below). */
const ROLLUP_GROUPINGS: GroupDimension[][] = [
  [],
  ['YEAR'],
  ['MONTH'],
  ['COUNTRY'],
  ['REGION'],
  ['MUNICIPALITY'],
  ['MUNICIPALITY', 'YEAR'],
  ['REGION', 'MONTH'],
  ['COUNTRY', 'YEAR'],
  ['YEAR', 'MONTH', 'COUNTRY', 'REGION', 'MUNICIPALITY'],
];

/** Groupings the rollup per category and kitchen kind serves, at category depth 1 and 2. */
const CATEGORY_GROUPINGS: GroupDimension[][] = [
  ['CATEGORY'],
  ['KITCHEN_KIND'],
  ['CATEGORY', 'KITCHEN_KIND'],
  ['MUNICIPALITY', 'YEAR', 'CATEGORY'],
  ['YEAR', 'KITCHEN_KIND'],
  ['REGION', 'CATEGORY'],
  ['COUNTRY', 'YEAR', 'KITCHEN_KIND', 'CATEGORY'],
  // Filtered by category or kitchen kind (the filters below), not grouped by them.
  [],
  ['YEAR', 'MUNICIPALITY'],
];

/** Filters for those groupings: whole years, with categories (at depth 1 and 2) and kitchen kinds. */
const categoryFilters = (extra: StatsRequest['filter'][]): StatsRequest['filter'][] => [
  { categories: ['vegetables'] },
  { categories: ['vegetables.root', 'fruit'], from: new Date('2024-01-01'), to: new Date('2024-12-31') },
  { kitchenKinds: ['SCHOOL'] },
  { kitchenKinds: ['SCHOOL', 'ELDERLY_CARE'], categories: ['fruit.apples'], regions: ['NO-39'] },
  { categories: ['dairy'], to: new Date('2024-12-31') },
  ...extra,
];

type Local = { local: LocalKind; localKm?: number };
const locals = (extraKm: number[]): Local[] => [
  { local: 'SAME_MUNICIPALITY' },
  { local: 'SAME_REGION' },
  { local: 'SAME_COUNTRY' },
  ...[0.5, 3, 49.85, 49.9, 50, 50.1, 50.15, 2000, ...extraKm].map((km) => ({ local: 'WITHIN_KM' as const, localKm: km })),
];

/** Both paths of one request, which must give the very same rows. */
async function bothPaths(db: Database, request: StatsRequest) {
  const raw = await computeDeliveryStats(db, { ...request, path: 'raw' });
  const rollup = await computeDeliveryStats(db, { ...request, path: 'rollup' });
  return { raw, rollup };
}

/**
 * Compares the paths over groupings × definitions of local × measures (or alternating measures) ×
 * viewers × filters (and, for categories, depths 1 and 2).
 */
async function compareAll(
  db: Database,
  extraKm: number[],
  filters: StatsRequest['filter'][],
  owner: number | null,
  everyMeasure = true,
  groupings = ROLLUP_GROUPINGS,
  definitions = locals(extraKm),
) {
  let compared = 0;
  let rows = 0;
  let tops = 0;
  let i = 0;
  for (const groupBy of groupings) {
    for (const local of definitions) {
      for (const measure of (everyMeasure ? ['VALUE', 'WEIGHT'] : [i % 2 ? 'VALUE' : 'WEIGHT']) as MeasureKind[]) {
        // Rotate viewers and filters so that every one meets every grouping somewhere.
        const filter = filters[i % filters.length]!;
        const viewer = i % 3;
        i++;
        const request: StatsRequest = {
          filter,
          groupBy,
          categoryDepth: groupBy.includes('CATEGORY') ? 1 + (i % 2) : undefined,
          ...local,
          measure,
          privateOrganizationId: viewer === 1 ? owner : null,
          unsuppressed: viewer === 2,
        };
        expect(statsPath(request), JSON.stringify(request)).toBe('rollup');
        const { raw, rollup } = await bothPaths(db, request);
        expect(rollup, JSON.stringify(request)).toEqual(raw);
        compared++;
        if ((groupBy.includes('CATEGORY') || filter.categories?.length) && byTopCategoryOnly(request)) tops++;
        rows += raw.length;
      }
    }
  }
  return { compared, rows, tops };
}

/** The maintained rollup (monthly and yearly) equals one rebuilt from scratch. */
async function expectRollupMatchesRebuild(db: Database) {
  const snapshot = (table = 'delivery_rollup', month = 'month', extraKeys = '') =>
    db.sql.query<Record<string, unknown>>(
      // trim_scale: a sum may carry trailing zeros (0.00 against 0) and still be the same number.
      `SELECT r.municipality_code, r.${month}, r.source_id, r.measure, r.currency${extraKeys.replace(/(\w+)/g, 'r.$1')},
              ${[
                'amount',
                'organic',
                'unknown_km',
                'local_municipality',
                'unknown_municipality',
                'local_region',
                'unknown_region',
                'local_country',
                'unknown_country',
              ]
                .map((c) => `trim_scale(r.${c})::text AS ${c}`)
                .join(', ')},
              ARRAY(SELECT trim_scale(x) FROM unnest(r.local_km) x)::text AS local_km,
              r.lines, r.lines_continued, r.unconverted, r.unconverted_continued, r.suppliers
         FROM ${table} r
        ORDER BY municipality_code, ${month}, source_id, measure, currency${extraKeys}`,
    );
  const years = () => snapshot('delivery_rollup_year', 'year');
  const categories = async () => ({
    rows: await snapshot('delivery_rollup_category', 'year', ', category, kitchen_kind'),
    suppliers: await db.sql.query('SELECT * FROM delivery_rollup_category_supplier ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'),
  });
  const tops = () => snapshot('delivery_rollup_category_top', 'year', ', category');
  const origins = () => db.sql.query<Record<string, unknown>>('SELECT * FROM delivery_origin ORDER BY delivery_id');
  const state = async () => ({ rollup: await snapshot(), years: await years(), categories: await categories(), tops: await tops(), origins: await origins() });
  const before = await state();
  // The yearly level kept by deltas equals the years summed from the months, and the level per
  // top-level category the rows per category and kitchen kind summed.
  await db.sql.query('SELECT fc_delivery_rollup_year_from_months()');
  expect(await years()).toEqual(before.years);
  await db.sql.query('SELECT fc_delivery_rollup_top_from_categories()');
  expect(await tops()).toEqual(before.tops);
  await db.sql.query('SELECT fc_delivery_rollup_rebuild()');
  const after = await state();
  expect(before.rollup).toEqual(after.rollup);
  expect(before.years).toEqual(after.years);
  expect(before.categories).toEqual(after.categories);
  expect(before.tops).toEqual(after.tops);
  expect(before.origins).toEqual(after.origins);
  expect(after.years.length).toBeLessThanOrEqual(after.rollup.length);
  if (after.rollup.length) expect(after.years.length).toBeGreaterThan(0);
  // Split by category and kitchen kind, the yearly level holds at least as many rows.
  expect(after.categories.rows.length).toBeGreaterThanOrEqual(after.years.length);
  expect(after.tops.length).toBeGreaterThanOrEqual(after.years.length);
  expect(after.tops.length).toBeLessThanOrEqual(after.categories.rows.length);
  return after.rollup.length;
}

describe.each(databaseKinds)('statistics from the rollup equal statistics from the lines on %s', (kind) => {
  describe('on the hand-computed fixture', () => {
    let db: Database;
    let fixture: Awaited<ReturnType<typeof loadStatsFixture>>;
    let kismet: number;
    beforeAll(async () => {
      db = await migratedDatabase(kind);
      fixture = await loadStatsFixture(db);
      const project = await db.prisma.project.create({
        data: {
          name: 'KISMET',
          sourceId: fixture.source.id,
          externalId: 'kismet',
          municipalities: { create: [{ municipalityCode: 'SE-0181' }, { municipalityCode: 'NO-3905' }] },
        },
      });
      kismet = project.id;
    });
    afterAll(() => db?.close());

    it('for every grouping, definition of local (49.9 and 50.1 km around 50), measure, viewer and filter', async () => {
      const { compared, rows } = await compareAll(
        db,
        [],
        [
          {},
          { municipalities: ['NO-3901'] },
          { regions: ['NO-39'], from: new Date('2024-01-01'), to: new Date('2024-12-31') },
          { countries: ['NO', 'SE'], from: new Date('2025-01-01') },
          { to: new Date('2024-12-31') },
          { exportableOnly: true },
          { sourceIds: [fixture.other.id] },
          { sourceIds: [fixture.source.id], countries: ['SE'] },
          { projectIds: [kismet] },
        ],
        fixture.horten.id,
      );
      expect(compared).toBeGreaterThan(200);
      expect(rows).toBeGreaterThan(500);
    });

    it('by category (depth 1 and 2) and kitchen kind, grouped and filtered, for every definition of local, measure and viewer', async () => {
      const { compared, rows, tops } = await compareAll(
        db,
        [],
        categoryFilters([{}, { sourceIds: [fixture.other.id] }, { projectIds: [kismet] }, { exportableOnly: true, municipalities: ['NO-3901'] }]),
        fixture.horten.id,
        false,
        CATEGORY_GROUPINGS,
        // Each kind of definition, and distances on, below and above the 50 km edge (measures alternate).
        locals([]).filter((l) => l.local !== 'WITHIN_KM' || [3, 49.9, 50, 50.1].includes(l.localKm!)),
      );
      expect(compared).toBeGreaterThan(50);
      expect(rows).toBeGreaterThan(100);
      expect(tops).toBeGreaterThan(5);
    });

    it('keeps the hand-computed figures: L5 split over two years, the wholesaler-only EUR cell suppressed', async () => {
      const rows = await computeDeliveryStats(db, {
        filter: { municipalities: ['NO-3901'] },
        groupBy: ['YEAR'],
        local: 'WITHIN_KM',
        localKm: 50,
        measure: 'VALUE',
        path: 'rollup',
      });
      expect(rows.map((r) => [r.year, r.currency, r.suppressed, r.total, r.local, r.lines])).toEqual([
        [2024, 'EUR', true, null, null, null],
        [2024, 'NOK', false, 6010, 2210, 7],
        [2025, 'NOK', true, null, null, null],
      ]);
    });

    it('sends kitchens, producers, depth-3 categories, categories by month, target currencies, partial months and allocation to the lines', () => {
      const base: StatsRequest = { filter: {}, groupBy: ['YEAR'], local: 'SAME_REGION', measure: 'VALUE' };
      expect(statsPath(base)).toBe('rollup');
      for (const g of ['KITCHEN', 'PRODUCER'] as GroupDimension[]) expect(statsPath({ ...base, groupBy: [g] })).toBe('raw');
      expect(statsPath({ ...base, groupBy: ['KITCHEN_KIND'] })).toBe('rollup');
      expect(statsPath({ ...base, groupBy: ['CATEGORY'], categoryDepth: 2 })).toBe('rollup');
      expect(statsPath({ ...base, groupBy: ['CATEGORY'], categoryDepth: 3 })).toBe('raw');
      expect(statsPath({ ...base, groupBy: ['CATEGORY', 'MONTH'], categoryDepth: 1 })).toBe('raw');
      expect(statsPath({ ...base, filter: { categories: ['fruit'] } })).toBe('rollup');
      expect(statsPath({ ...base, filter: { categories: ['fruit.apples'] } })).toBe('rollup');
      expect(statsPath({ ...base, filter: { categories: ['vegetables.root.potatoes'] } })).toBe('raw');
      expect(statsPath({ ...base, filter: { kitchenKinds: ['SCHOOL'] } })).toBe('rollup');
      expect(statsPath({ ...base, filter: { kitchenKinds: ['SCHOOL'], from: new Date('2024-02-01') } })).toBe('raw');
      expect(statsPath({ ...base, filter: { kitchenIds: [1] } })).toBe('raw');
      expect(statsPath({ ...base, filter: { from: new Date('2024-01-02') } })).toBe('raw');
      expect(statsPath({ ...base, filter: { to: new Date('2024-12-30') } })).toBe('raw');
      expect(statsPath({ ...base, filter: { from: new Date('2024-02-01'), to: new Date('2024-02-29') } })).toBe('rollup');
      expect(statsPath({ ...base, currency: 'EUR' })).toBe('raw');
      expect(statsPath({ ...base, allocateCentralKitchens: true })).toBe('raw');
    });

    it('is maintained by the triggers exactly as a rebuild computes it', async () => {
      expect(await expectRollupMatchesRebuild(db)).toBeGreaterThan(0);
    });

    it('inlines the per-line SQL functions instead of calling them row by row', async () => {
      // An IMMUTABLE SQL function whose body is less than immutable is called per row (10× slower).
      const plan = await db.sql.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN VERBOSE SELECT fc_supplier_key(d.supplier_producer_id, d.supplier_organization_id, d.supplier_name),
                                fc_distance_km(d.period_start - date '2000-01-01', 10, 59.4, 10.5)
           FROM delivery d`,
      );
      const output = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(output).toMatch(/Output: /);
      expect(output).not.toMatch(/fc_supplier_key|fc_distance_km/);
      const keys = await db.sql.query<{ p: string; o: string; n: string; none: string | null }>(
        `SELECT fc_supplier_key(7, 3, 'x') AS p, fc_supplier_key(NULL, 3, 'x') AS o, fc_supplier_key(NULL, NULL, '  Grossist AS ') AS n, fc_supplier_key(NULL, NULL, NULL) AS none`,
      );
      expect(keys).toEqual([{ p: 'p7', o: 'o3', n: 'ngrossist as', none: null }]);
    });
  });

  describe('on a randomized dataset, through inserts, corrections, deletions and moves', () => {
    const seed = Number(process.env.FC_STATS_SEED ?? Date.now() % 100_000);
    let db: Database;
    let random: () => number;
    const data = { owner: 0, producers: [] as number[], kitchens: [] as number[], lines: [] as bigint[], exactKm: [] as number[] };

    beforeAll(async () => {
      db = await migratedDatabase(kind);
      await loadReferenceData(db);
      random = mulberry32(seed);
      const { prisma } = db;
      const owned = await prisma.source.create({ data: { key: 'r-own', name: 'Own', publisher: 'P', licence: 'CC0-1.0' } });
      const other = await prisma.source.create({ data: { key: 'r-other', name: 'Other', publisher: 'P', licence: 'CC-BY-4.0', exportable: false } });
      const org = await prisma.organization.create({
        data: { sourceId: owned.id, externalId: 'org', name: 'Owner', kind: 'MUNICIPALITY', municipalityCode: 'NO-3901' },
      });
      await prisma.source.update({ where: { id: owned.id }, data: { organizationId: org.id } });
      data.owner = org.id;
      const wholesaler = await prisma.organization.create({ data: { sourceId: owned.id, externalId: 'ws', name: 'Grossist', kind: 'WHOLESALER' } });
      const places = ['NO-3901', 'NO-3905', 'NO-3301', 'SE-0181'];
      for (let i = 0; i < 12; i++) {
        // Around Horten at 0–120 km, some exactly on an edge's side, one without a location.
        const km = [49.9, 50.1, 50, 3, 0.4][i] ?? random() * 120;
        const point = i === 11 ? null : destination(CENTRE.lat, CENTRE.lon, random() * 360, km);
        const p = await prisma.producer.create({
          data: {
            sourceId: owned.id,
            externalId: `p${i}`,
            name: `P${i}`,
            kind: 'FARM',
            countryCode: i === 10 ? 'SE' : 'NO',
            municipalityCode: i === 9 ? null : pick(random, places),
            lat: point?.lat ?? null,
            lon: point?.lon ?? null,
          },
        });
        data.producers.push(p.id);
      }
      await refreshPublicLocations(db);
      for (let i = 0; i < 6; i++) {
        const municipalityCode = pick(random, places);
        const point = i === 0 ? null : destination(CENTRE.lat, CENTRE.lon, random() * 360, random() * 30);
        const k = await prisma.kitchen.create({
          data: {
            sourceId: owned.id,
            externalId: `k${i}`,
            name: `K${i}`,
            kind: pick(random, ['SCHOOL', 'SCHOOL', 'ELDERLY_CARE', 'PRESCHOOL'] as const),
            municipalityCode,
            productionType: 'COOKING',
            lat: point?.lat ?? null,
            lon: point?.lon ?? null,
          },
        });
        data.kitchens.push(k.id);
      }
      const suppliers = [
        { supplierOrganizationId: wholesaler.id },
        { supplierName: 'Bonde A' },
        { supplierName: ' bonde a ' },
        { supplierName: 'Bonde B' },
        { supplierName: 'Gris C' },
      ];
      const lines = (n: number, prefix: string) =>
        Array.from({ length: n }, (_, i) => {
          const startMonth = Math.floor(random() * 30);
          const start = new Date(Date.UTC(2023, startMonth, 1 + Math.floor(random() * 3) * 10));
          const spanDays = random() < 0.2 ? 20 + Math.floor(random() * 400) : 0;
          const end = spanDays ? new Date(start.getTime() + spanDays * 86_400_000) : new Date(Date.UTC(2023, startMonth + 1, 0));
          const kitchen = random() < 0.85 ? pick(random, data.kitchens) : null;
          const producer = random() < 0.7 ? pick(random, data.producers) : null;
          const supplier = producer && random() < 0.3 ? { supplierProducerId: producer } : pick(random, suppliers);
          const hasValue = random() < 0.9;
          const quantity = random() < 0.8 ? Math.round(random() * 500) : null;
          return {
            sourceId: random() < 0.8 ? owned.id : other.id,
            externalId: `${prefix}${i}`,
            kitchenId: kitchen,
            municipalityCode: kitchen ? pick(random, places) : pick(random, places),
            producerId: producer,
            ...supplier,
            originCountry: producer ? null : random() < 0.5 ? pick(random, ['NO', 'SE', 'ES']) : null,
            categoryCode: pick(random, [
              'vegetables.root.potatoes',
              'vegetables.root',
              'vegetables',
              'fruit.apples',
              'dairy.milk',
              'fruit.berries.blueberries',
            ]),
            periodStart: start,
            periodEnd: end,
            value: hasValue ? ((random() < 0.1 ? -1 : 1) * Math.round(random() * 1e6)) / 100 : null,
            currency: hasValue ? pick(random, ['NOK', 'NOK', 'SEK', 'EUR'] as const) : null,
            quantity,
            unit: quantity === null ? null : ('KG' as const),
            quantityKg: quantity === null || random() < 0.2 ? null : Math.round(quantity * random() * 1000) / 1000,
            organic: random() < 0.4,
          };
        });
      // One bulk statement, then a few single-row ones.
      await prisma.delivery.createMany({ data: lines(400, 'b') });
      for (const line of lines(5, 's')) await prisma.delivery.create({ data: line });
      data.lines = (await prisma.delivery.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((d) => d.id);
      const km = await db.sql.query<{ km: number }>('SELECT origin_km AS km FROM delivery_origin WHERE origin_km IS NOT NULL ORDER BY delivery_id LIMIT 3');
      data.exactKm = km.map((r) => Number(r.km));
    });
    afterAll(() => db?.close());

    const filters = (): StatsRequest['filter'][] => [
      {},
      { municipalities: ['NO-3901', 'SE-0181'] },
      { regions: ['NO-39'], from: new Date('2024-01-01'), to: new Date('2024-12-31') },
      { countries: ['NO'], from: new Date('2023-07-01') },
      { to: new Date('2024-06-30') },
      { exportableOnly: true },
    ];

    // Each kind of definition once, and distances on and around an edge and at a line's own distance.
    const someLocals = () =>
      locals(data.exactKm.slice(0, 1)).filter((l) => l.local !== 'WITHIN_KM' || [3, 49.9, 50, 50.1, data.exactKm[0]].includes(l.localKm!));
    const wholeYears = (): StatsRequest['filter'][] =>
      categoryFilters([{}, { municipalities: ['NO-3901', 'SE-0181'] }, { countries: ['NO'], from: new Date('2024-01-01') }, { exportableOnly: true }]);

    it(`after a bulk insert and single inserts (seed ${seed})`, async () => {
      const { compared } = await compareAll(db, data.exactKm, filters(), data.owner, false);
      expect(compared).toBeGreaterThan(100);
      const byCategory = await compareAll(db, data.exactKm, wholeYears(), data.owner, false, CATEGORY_GROUPINGS, someLocals());
      expect(byCategory.compared).toBeGreaterThan(50);
      // Some of them read the rows per top-level category.
      expect(byCategory.tops).toBeGreaterThan(5);
      await expectRollupMatchesRebuild(db);
    });

    it(`after corrections, soft and hard deletions, updates and moves of producers and kitchens (seed ${seed})`, async () => {
      const { prisma } = db;
      const some = (n: number) => Array.from({ length: n }, () => pick(random, data.lines));
      // Corrections: new lines replacing others, in one statement; then one replacement withdrawn.
      const replaced = [...new Set(some(12))];
      const originals = await prisma.delivery.findMany({ where: { id: { in: replaced } } });
      await prisma.delivery.createMany({
        data: originals.map((o) => ({
          sourceId: o.sourceId,
          externalId: `${o.externalId}-fix`,
          replacesId: o.id,
          kitchenId: o.kitchenId,
          municipalityCode: o.municipalityCode,
          producerId: o.producerId,
          supplierProducerId: o.supplierProducerId,
          supplierOrganizationId: o.supplierOrganizationId,
          supplierName: o.supplierName,
          originCountry: o.originCountry,
          categoryCode: o.categoryCode,
          periodStart: o.periodStart,
          periodEnd: o.periodEnd,
          value: o.value === null ? null : Number(o.value) / 2,
          currency: o.currency,
          quantity: o.quantity,
          unit: o.unit,
          quantityKg: o.quantityKg,
          organic: o.organic,
        })),
      });
      await prisma.delivery.updateMany({ where: { externalId: `${originals[0]!.externalId}-fix` }, data: { deletedAt: new Date() } });
      await prisma.delivery.updateMany({ where: { id: { in: some(10) } }, data: { deletedAt: new Date() } });
      await prisma.delivery.updateMany({ where: { id: { in: some(10) } }, data: { organic: true, value: 123.45, currency: 'SEK' } });
      await db.sql.query(`UPDATE delivery SET period_end = period_end + 40 WHERE id = ANY($1::bigint[])`, [some(10)]);
      await db.sql.query(`UPDATE delivery SET producer_id = $1 WHERE id = ANY($2::bigint[])`, [data.producers[0], some(8)]);
      const gone = some(6).filter((id) => !replaced.includes(id));
      await db.sql.query('UPDATE delivery SET replaces_id = NULL WHERE replaces_id = ANY($1::bigint[])', [gone]);
      await db.sql.query('DELETE FROM delivery WHERE id = ANY($1::bigint[])', [gone]);
      // A producer and a kitchen move; a producer's location becomes private (municipality centre).
      await prisma.producer.update({ where: { id: data.producers[2]! }, data: { lat: CENTRE.lat + 0.01, lon: CENTRE.lon } });
      await refreshPublicLocations(db);
      await prisma.producer.update({ where: { id: data.producers[3]! }, data: { municipalityCode: 'NO-3905', countryCode: 'NO' } });
      await prisma.kitchen.update({ where: { id: data.kitchens[1]! }, data: { lat: null, lon: null } });
      await prisma.kitchen.update({ where: { id: data.kitchens[2]! }, data: { lat: CENTRE.lat - 0.3, lon: CENTRE.lon } });
      // A kitchen changes kind; lines change category.
      await prisma.kitchen.update({ where: { id: data.kitchens[3]! }, data: { kind: 'DAY_CENTRE' } });
      await db.sql.query(`UPDATE delivery SET category_code = 'dairy.milk' WHERE id = ANY($1::bigint[])`, [some(10)]);

      const { compared } = await compareAll(db, data.exactKm, filters(), data.owner, false);
      expect(compared).toBeGreaterThan(100);
      expect((await compareAll(db, data.exactKm, wholeYears(), data.owner, false, CATEGORY_GROUPINGS, someLocals())).compared).toBeGreaterThan(50);
      await expectRollupMatchesRebuild(db);
    });

    it('empties with the lines', async () => {
      await db.sql.query('UPDATE delivery SET replaces_id = NULL');
      await db.sql.query('DELETE FROM delivery');
      expect(await db.sql.query('SELECT * FROM delivery_rollup')).toEqual([]);
      expect(await db.sql.query('SELECT * FROM delivery_rollup_supplier')).toEqual([]);
      expect(await db.sql.query('SELECT * FROM delivery_rollup_year')).toEqual([]);
      expect(await db.sql.query('SELECT * FROM delivery_rollup_category')).toEqual([]);
      expect(await db.sql.query('SELECT * FROM delivery_rollup_category_supplier')).toEqual([]);
      expect(await db.sql.query('SELECT * FROM delivery_rollup_category_top')).toEqual([]);
      expect(await db.sql.query('SELECT * FROM delivery_origin')).toEqual([]);
    });
  });
});

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}
