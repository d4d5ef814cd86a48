import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPglite } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareDatabase, seedDatabase } from './setup.js';
import { buildStarter } from '../cli/build-starter.js';
import { STARTER_FINGERPRINT, readStarter } from './starter.js';
import { rebuildDeliveryRollup } from '../stats/rollup.js';
import { type DatabaseKind, databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { EXAMPLE_QUERIES } from '../graphql/examples.js';
import { demoChecksum } from './demo.js';
import { loadReferenceData } from './reference.js';
import { REFERENCE_LANGUAGES } from '../records/fields.js';
import { type AreaGeometry, contains } from '../places/geometry.js';

/** Check digits as each register defines them, written out again here rather than taken from the seed. */
const weighted = (digits: string, weights: number[]) => weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);
const VALID: Record<string, (n: string) => boolean> = {
  // Y-tunnus: 7 digits, check = 11 − (Σ weights 7, 9, 10, 5, 8, 4, 2 mod 11), 0 when the remainder is 0.
  '0037': (n) => {
    if (!/^\d{8}$/.test(n)) return false;
    const r = weighted(n, [7, 9, 10, 5, 8, 4, 2]) % 11;
    return r !== 1 && (r === 0 ? 0 : 11 - r) === Number(n[7]);
  },
  // CVR: Σ weights 2, 7, 6, 5, 4, 3, 2, 1 over all 8 digits is a multiple of 11.
  '0184': (n) => /^[1-9]\d{7}$/.test(n) && weighted(n, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0,
  // Estonian registry code and Lithuanian legal entity code: weights 1, 2, … (then 3, 4, … when that gives 10) mod 11.
  '0191': (n) => /^\d{8}$/.test(n) && balticCheck(n.slice(0, 7)) === Number(n[7]),
  '0200': (n) => /^\d{9}$/.test(n) && balticCheck(n.slice(0, 8)) === Number(n[8]),
};
function balticCheck(d: string): number {
  const r = weighted(d, [1, 2, 3, 4, 5, 6, 7, 8, 9, 1].slice(0, d.length)) % 11;
  if (r < 10) return r;
  const again = weighted(d, [3, 4, 5, 6, 7, 8, 9, 1, 2, 3].slice(0, d.length)) % 11;
  return again < 10 ? again : 0;
}

it('checks company numbers as the registers do (hand-checked examples)', () => {
  // 0112038-9: 0·7 + 1·9 + 1·10 + 2·5 + 0·8 + 3·4 + 8·2 = 57, 57 mod 11 = 2, 11 − 2 = 9.
  expect(VALID['0037']!('01120389')).toBe(true);
  expect(VALID['0037']!('01120388')).toBe(false);
  // 10150817: 2 + 0 + 6 + 25 + 0 + 24 + 2 + 7 = 66 = 6 · 11.
  expect(VALID['0184']!('10150817')).toBe(true);
  expect(VALID['0184']!('10150818')).toBe(false);
  // 1013731: 1 + 0 + 3 + 12 + 35 + 18 + 7 = 76, mod 11 = 10; again with 3…9: 108, mod 11 = 9.
  expect(VALID['0191']!('10137319')).toBe(true);
  // 11005384: 1 + 2 + 0 + 0 + 25 + 18 + 56 + 32 = 134, mod 11 = 2.
  expect(VALID['0200']!('110053842')).toBe(true);
  expect(VALID['0200']!('110053843')).toBe(false);
});

const seeded = new Map<DatabaseKind, { db: Database; counts: Record<string, number> }>();
beforeAll(async () => {
  await Promise.all(
    databaseKinds.map(async (kind) => {
      // PGlite as a first start builds it (not from the test template, whose reference data loaded
      // earlier gives other ids): the starter database below is compared with it.
      const db = kind === 'pglite' ? await openPglite('memory://') : await migratedDatabase(kind);
      if (kind === 'pglite') await applyMigrations(db);
      seeded.set(kind, { db, counts: await seedDatabase(db) });
    }),
  );
});
afterAll(async () => {
  for (const { db } of seeded.values()) await db.close();
});

// The seed's randomness is its own (a seeded generator), so one engine shows it is deterministic. The
// second seed is the starter database that `pnpm build` makes, unpacked as a first start unpacks it:
// the same test shows that a first start from it gives the database a first start without it builds.
describe('the starter database', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-starter-'));
    await buildStarter(path.join(dir, 'starter'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is deterministic: a first start from it holds the same rows and checksums as seeding again', async () => {
    const config = { databaseUrl: undefined, pgliteDir: path.join(dir, 'pglite'), demoData: true };
    const starter = () => readStarter(path.join(dir, 'starter'), { requireCompiled: false });
    const first = await prepareDatabase(config, () => {}, { starter });
    try {
      expect(first.seeded).toBe('reference and demo');
      expect(first.applied).toEqual([]);
      const [a, b] = await Promise.all([demoChecksum(seeded.get('pglite')!.db), demoChecksum(first.db)]);
      expect(Object.keys(a).length).toBeGreaterThan(10);
      expect(b).toEqual(a);
      // The statistics came with it: the rollup is the one rebuilding it from the lines gives.
      const rollup = () =>
        Promise.all(
          ['delivery_rollup', 'delivery_rollup_category', 'delivery_rollup_category_top'].map((table) =>
            first.db.sql.query<{ n: number; md5: string }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM ${table} t`),
          ),
        );
      const before = await rollup();
      expect(before.map((rows) => rows[0]!.n)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
      expect(Math.min(...before.map((rows) => rows[0]!.n))).toBeGreaterThan(100);
      await rebuildDeliveryRollup(first.db);
      expect(await rollup()).toEqual(before);
    } finally {
      await first.db.close();
    }
    // A second start finds the database there: nothing unpacked, migrated or seeded again.
    let asked = false;
    const second = await prepareDatabase(config, () => {}, {
      starter: () => {
        asked = true;
        return starter();
      },
    });
    try {
      expect([asked, second.seeded, second.applied]).toEqual([false, undefined, []]);
    } finally {
      await second.db.close();
    }
  });

  it('is used only when built from the same migrations and reference data, by the compiled code', () => {
    const starterDir = path.join(dir, 'starter');
    expect(readStarter(starterDir, { requireCompiled: false })).toBeInstanceOf(Blob);
    // These sources are not the compiled code that was built with it.
    expect(readStarter(starterDir)).toBeUndefined();
    const copy = path.join(dir, 'stale');
    fs.cpSync(starterDir, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, STARTER_FINGERPRINT), `${'0'.repeat(64)}\n`);
    expect(readStarter(copy, { requireCompiled: false })).toBeUndefined();
    expect(readStarter(path.join(dir, 'none'), { requireCompiled: false })).toBeUndefined();
  });
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

  it('tells a small story in Turku, Aarhus, Tartu, Vilnius and Rostock: producers and kitchens inside the place, a year of lines in its currency, one goal', async () => {
    const places = { 'FI-853': 'EUR', 'DK-751': 'DKK', 'EE-0793': 'EUR', 'LT-13': 'EUR', 'DE-13003': 'EUR' };
    const boundaries = new Map(
      (
        await first.sql.query<{ code: string; boundary: AreaGeometry | string }>('SELECT code, boundary FROM municipality WHERE code = ANY($1::text[])', [
          Object.keys(places),
        ])
      ).map((r) => [r.code, (typeof r.boundary === 'string' ? JSON.parse(r.boundary) : r.boundary) as AreaGeometry]),
    );
    const source = `(SELECT id FROM source WHERE key = 'demo')`;
    for (const [code, currency] of Object.entries(places)) {
      const producers = await first.sql.query<{ name: string; lat: number; lon: number; org_number: string | null }>(
        `SELECT p.name, p.lat, p.lon, o.org_number FROM producer p JOIN organization o ON o.id = p.organization_id WHERE p.municipality_code = $1 AND p.source_id = ${source}`,
        [code],
      );
      const kitchens = await first.sql.query<{ name: string; lat: number; lon: number; meals_per_day: number }>(
        `SELECT name, lat, lon, meals_per_day FROM kitchen WHERE municipality_code = $1 AND source_id = ${source}`,
        [code],
      );
      expect(producers.length, code).toBeGreaterThanOrEqual(4);
      expect(producers.length, code).toBeLessThanOrEqual(8);
      expect(kitchens.length, code).toBeGreaterThanOrEqual(2);
      expect(kitchens.length, code).toBeLessThanOrEqual(4);
      for (const p of [...producers, ...kitchens]) expect(contains(boundaries.get(code)!, Number(p.lat), Number(p.lon)), `${p.name} in ${code}`).toBe(true);
      for (const k of kitchens) expect(k.meals_per_day, k.name).toBeGreaterThan(0);
      for (const p of producers) {
        if (code === 'DE-13003') expect(p.org_number, p.name).toBeNull();
        else {
          const [scheme, number] = p.org_number!.split(':') as [string, string];
          expect(VALID[scheme]!(number), `${p.name}: ${p.org_number}`).toBe(true);
        }
      }
      const lines = await first.sql.query<{ currency: string; first: string; last: string; n: number }>(
        `SELECT currency::text AS currency, min(period_start)::text AS first, max(period_end)::text AS last, count(*)::int AS n
           FROM delivery WHERE municipality_code = $1 GROUP BY 1`,
        [code],
      );
      expect(lines, code).toEqual([{ currency, first: '2025-01-01', last: '2025-12-31', n: expect.any(Number) }]);
      expect(lines[0]!.n).toBeGreaterThan(150);
    }
    const api = graphqlClient(first);
    const { data, errors } = await api.query(
      `{ goals(filter: { municipality: ["FI-853", "DK-751", "EE-0793", "LT-13", "DE-13003"] }, first: 20) { edges { node { municipality { code } indicator { key } progress { basis coverage asOf } } } } }`,
    );
    expect(errors).toBeUndefined();
    const goals = data!.goals.edges.map((e: { node: any }) => e.node);
    expect(goals.map((g: any) => g.municipality.code).sort()).toEqual(Object.keys(places).sort());
    for (const g of goals) expect(g.progress, g.municipality.code).toEqual({ basis: 'COMPUTED', coverage: 1, asOf: '2025-12-31' });
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
