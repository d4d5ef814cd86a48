import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { seedDatabase } from './setup.js';
import { type DatabaseKind, databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { EXAMPLE_QUERIES } from '../graphql/examples.js';
import { demoChecksum } from './demo.js';
import { loadReferenceData } from './reference.js';
import { REFERENCE_LANGUAGES } from '../records/fields.js';

const seeded = new Map<DatabaseKind, { db: Database; counts: Record<string, number> }>();
beforeAll(async () => {
  await Promise.all(
    databaseKinds.map(async (kind) => {
      const db = await migratedDatabase(kind);
      seeded.set(kind, { db, counts: await seedDatabase(db) });
    }),
  );
});
afterAll(async () => {
  for (const { db } of seeded.values()) await db.close();
});

// The seed's randomness is its own (a seeded generator), so one engine shows it is deterministic.
it('is deterministic: the same rows and checksums every time', async () => {
  const again = await migratedDatabase('pglite');
  try {
    await seedDatabase(again);
    const [a, b] = await Promise.all([demoChecksum(seeded.get('pglite')!.db), demoChecksum(again)]);
    expect(Object.keys(a).length).toBeGreaterThan(10);
    expect(a).toEqual(b);
  } finally {
    await again.close();
  }
});

describe.each(databaseKinds)('reference and demo data on %s', (kind) => {
  let first: Database;
  let counts: Record<string, number>;
  beforeAll(() => {
    ({ db: first, counts } = seeded.get(kind)!);
  });

  it('tells its story at the promised size', async () => {
    const [producers, kitchens, deliveries] = await Promise.all([first.prisma.producer.count(), first.prisma.kitchen.count(), first.prisma.delivery.count()]);
    expect(producers).toBeGreaterThanOrEqual(150);
    expect(kitchens).toBeGreaterThanOrEqual(60);
    expect(deliveries).toBeGreaterThanOrEqual(20_000);
    // The seed reports what it wrote: the same figures as counting the tables.
    expect(counts).toMatchObject({ producer: producers, kitchen: kitchens, delivery: deliveries });
    const years = await first.sql.query<{ year: number }>('SELECT DISTINCT extract(year FROM period_start)::int AS year FROM delivery ORDER BY 1');
    expect(years.map((y) => y.year)).toEqual([2023, 2024, 2025]);
    const demo = await first.prisma.source.findUniqueOrThrow({ where: { key: 'demo' } });
    expect(demo.licence).toBe('CC0-1.0');
  });

  it('answers the quickstart query with the count a direct SQL count gives', async () => {
    const api = graphqlClient(first);
    const result = await api.query('{ municipality(code: "NO-3901") { name producers(first: 5) { totalCount edges { node { name } } } } }');
    expect(result.errors).toBeUndefined();
    const [{ n }] = (await first.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM producer WHERE municipality_code = 'NO-3901' AND deleted_at IS NULL",
    )) as [{ n: number }];
    expect(n).toBeGreaterThan(5);
    expect(result.data!.municipality).toMatchObject({ name: 'Horten', producers: { totalCount: n } });
    expect(result.data!.municipality.producers.edges).toHaveLength(5);
  });

  it('publishes every producer location, sole traders without consent only at municipality level', async () => {
    const rows = await first.sql.query<{ precision: string; hidden: boolean; n: number }>(
      `SELECT p.location_precision::text AS precision,
              (o.natural_person AND NOT EXISTS (SELECT 1 FROM consent_record c WHERE c.organization_id = o.id AND c.scope = 'EXACT_LOCATION' AND c.withdrawn_at IS NULL)) AS hidden,
              count(*)::int AS n
         FROM producer p LEFT JOIN organization o ON o.id = p.organization_id
        WHERE p.municipality_code IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    for (const row of rows) expect(row.precision).toBe(row.hidden ? 'MUNICIPALITY' : 'EXACT');
    const [{ missing }] = (await first.sql.query<{ missing: number }>(
      'SELECT count(*)::int AS missing FROM producer WHERE lat IS NOT NULL AND public_lat IS NULL',
    )) as [{ missing: number }];
    expect(missing).toBe(0);
  });

  it('ranks tender-ready producers for Horten school kitchens’ root vegetables next autumn, with reasons', async () => {
    const api = graphqlClient(first);
    const example = EXAMPLE_QUERIES.find((e) => e.name === 'Who could deliver to Horten next autumn?')!;
    const { data } = await api.query(example.query);
    const demands = data!.demands.edges.map((e: { node: any }) => e.node);
    expect(demands.length).toBeGreaterThanOrEqual(3);
    for (const d of demands) {
      expect(d.kitchen.kind).toBe('SCHOOL');
      expect(d.procurementRoute).toBe('CALL_OFF');
      expect(d.matches.rankedByDistance).toBe(false);
      for (const m of d.matches.edges) {
        expect(m.node.reasons.map((r: { criterion: string }) => r.criterion)).toEqual(
          expect.arrayContaining(['CATEGORY', 'SEASON', 'REACH', 'CAPACITY', 'TENDER_READY']),
        );
        expect(
          m.node.reasons.every((r: { status: string; criterion: string }) => r.status === 'MET' || (r.criterion === 'CAPACITY' && r.status === 'UNKNOWN')),
        ).toBe(true);
      }
    }
    // Potatoes and carrots have qualifying growers; swede (in season September–March) is wanted from August, so none qualifies.
    const qualifying = Object.fromEntries(demands.map((d: { title: string; matches: { qualifyingCount: number } }) => [d.title, d.matches.qualifyingCount]));
    expect(qualifying['Poteter til skolemåltid høsten 2027']).toBeGreaterThan(0);
    expect(qualifying['Gulrøtter høsten 2027']).toBeGreaterThan(0);
    expect(data!.demandGaps.length).toBeGreaterThan(0);
  });
});

describe.each(databaseKinds)('reference data loaded again on %s', (kind) => {
  it('names every category in every language, and brings names written by an older file up to date once', async () => {
    const db = await migratedDatabase(kind);
    try {
      const rows = await db.sql.query<{ code: string; names: Record<string, string> }>('SELECT code, names FROM product_category');
      expect(rows).toHaveLength(80);
      for (const row of rows) expect(Object.keys(row.names).sort(), row.code).toEqual([...REFERENCE_LANGUAGES].sort());
      // A database loaded by a version whose file named potatoes in three languages only.
      await db.sql.query(`UPDATE product_category SET names = '{"en": "Potatoes", "nb": "Poteter", "sv": "Potatis"}' WHERE code = 'vegetables.root.potatoes'`);
      const before = await db.sql.query<{ code: string; version: number }>('SELECT code, version FROM product_category ORDER BY code');
      await loadReferenceData(db);
      await loadReferenceData(db);
      const after = await db.sql.query<{ code: string; version: number; names: Record<string, string> }>(
        'SELECT code, version, names FROM product_category ORDER BY code',
      );
      const potatoes = after.find((r) => r.code === 'vegetables.root.potatoes')!;
      expect(potatoes.names).toMatchObject({ et: 'Kartul', lv: 'Kartupeļi', lt: 'Bulvės', pl: 'Ziemniaki', nn: 'Poteter' });
      // Only the changed row moved, and only once.
      const moved = after.filter((r, i) => r.version !== before[i]!.version).map((r) => r.code);
      expect(moved).toEqual(['vegetables.root.potatoes']);
      expect(potatoes.version).toBe(before.find((r) => r.code === potatoes.code)!.version + 1);
    } finally {
      await db.close();
    }
  });
});
