import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { linearTarget } from './goal-progress.js';
import { loadGoalFixture, loadStatsFixture } from './stats-fixture.js';

describe.each(databaseKinds)('goal progress for every computable indicator on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  let goals: Awaited<ReturnType<typeof loadGoalFixture>>['goals'];

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const base = await loadStatsFixture(db);
    goals = (await loadGoalFixture(db, base)).goals;
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  const progress = async (goal: { id: number }) => {
    const result = await api.query(
      `query($id: ID!) { node(id: $id) { ... on Goal { progress { basis currentValue asOf expectedValue onTrack coverage series { year value coverage lines } note } } } }`,
      { id: encodeGlobalId('Goal', goal.id) },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.node.progress;
  };

  it('LOCAL_SHARE under its own WITHIN_KM 50 definition, converting a year with two currencies', async () => {
    const p = await progress(goals.localWithin50);
    // 2024: NOK 6010 of which 2210 local (P49 at 49.9 km, PH), at 10 NOK/EUR: 601 and 221; EUR 100, all local (PH).
    // 2025: L5's 310 NOK from PH, all local. Coverage: K1 and K2 report in 2024, only K1 in 2025.
    expect(p.series.map((s: any) => [s.year, s.coverage])).toEqual([
      [2024, 1],
      [2025, 0.5],
    ]);
    expect(p.series[0].value).toBeCloseTo((321 / 701) * 100, 10);
    expect(p.series[1].value).toBeCloseTo(100, 10);
    expect(p.basis).toBe('COMPUTED');
    expect(p.asOf).toBe('2025-12-31');
    // 20 % (2020) → 60 % (2030): 40 % expected for 2025.
    expect(p.expectedValue).toBeCloseTo(40, 10);
    expect(p.onTrack).toBe(true);
    expect(p.note).toContain('within 50 km');
  });

  it('LOCAL_SHARE by weight under SAME_REGION', async () => {
    const p = await progress(goals.localRegionWeight);
    // 2024 kg: 100 (P49, Tønsberg) + 200 (P50, Drammen: other region) + 50 (PH) + 31 (L5's 2024 half) + 30 (unknown)
    // + 40 (P49) + 10 (PH); the 10 pieces of L4 do not convert. Local: 100 + 50 + 31 + 40 + 10 = 231 of 461.
    expect(p.series[0].year).toBe(2024);
    expect(p.series[0].value).toBeCloseTo((231 / 461) * 100, 10);
    expect(p.series[1].value).toBeCloseTo(100, 10);
  });

  it('KITCHENS_WITH_DIRECT_PRODUCER counts buyers supplied by a registered producer, per year', async () => {
    const p = await progress(goals.directHorten);
    // 2024: K1 (L1 from P49 directly) and K2 (L3 from PH); the wholesaler and a supplier name do not count.
    // 2025: only L5, through the wholesaler.
    expect(p.series).toEqual([
      { year: 2024, value: 2, coverage: 1, lines: 2 },
      { year: 2025, value: 0, coverage: 0.5, lines: 0 },
    ]);
    expect(p.currentValue).toBe(0);
    expect(p.expectedValue).toBeCloseTo(6, 10); // 1 (2020) → 11 (2030)
    expect(p.onTrack).toBe(false);
  });

  it('KITCHENS_WITH_DIRECT_PRODUCER as a share: a restaurant buying from a producer’s company counts', async () => {
    const p = await progress(goals.directTonsberg);
    // Tønsberg 2025: the restaurant buys from Nordgården AS (P49's company); the school through the wholesaler.
    expect(p.series).toEqual([{ year: 2025, value: 50, coverage: 1, lines: 1 }]);
    expect(p.expectedValue).toBeCloseTo(50, 10); // 0 (2023) → 100 (2027)
    expect(p.onTrack).toBe(true);
  });

  it('TENDER_READY_PRODUCERS_PER_LOT: the fewest over lots of active agreements covering the scope', async () => {
    const p = await progress(goals.tenderHorten);
    const year = new Date().getUTCFullYear();
    // Lot A: P49 (radius) and PH (hub) = 2; lot B: PF = 1.
    expect(p.basis).toBe('COMPUTED');
    expect(p.currentValue).toBe(1); // every procurement area: min(2, 1)
    expect(p.asOf.slice(0, 4)).toBe(String(year));
    expect(p.series).toEqual([{ year, value: 1, coverage: null, lines: 0 }]);
    expect(p.note).toContain('A: root vegetables: 2; B: fruit: 1');
    const expected = linearTarget({ baselineValue: 1, baselineYear: 2024, targetValue: 3, targetYear: 2028 }, year);
    expect(p.expectedValue).toBeCloseTo(expected, 10);
    expect(p.onTrack).toBe(1 >= expected);
  });

  it('computes a page of goals together: each as alone, in statements that do not grow with the page', async () => {
    const PROGRESS = 'progress { basis currentValue asOf expectedValue onTrack coverage series { year value coverage lines } note }';
    const page = async (computed = true) => {
      // Computed (nothing kept from an earlier read), or from goal_progress.
      if (computed) await db.sql.query('DELETE FROM goal_progress');
      const before = db.statements.count;
      const result = await api.query(`{ goals(first: 100) { edges { node { id externalId ${PROGRESS} } } } }`);
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.goals.edges.map((e: any) => e.node);
      return { nodes, statements: db.statements.count - before };
    };
    const first = await page();
    expect(first.nodes.length).toBeGreaterThanOrEqual(6);
    for (const node of first.nodes) {
      const alone = await api.query(`query($id: ID!) { node(id: $id) { ... on Goal { ${PROGRESS} } } }`, { id: node.id });
      expect(node.progress, node.externalId).toEqual(alone.data!.node.progress);
    }
    // Every goal twice: the same statements for twice the goals, and each copy progresses as its original.
    const originals = await db.prisma.goal.findMany();
    await db.prisma.goal.createMany({
      data: originals.map(({ id: _id, ...g }) => ({ ...g, externalId: `${g.externalId}-copy`, title: g.title ?? undefined })) as never,
    });
    const second = await page();
    expect(second.nodes.length).toBe(2 * first.nodes.length);
    expect(second.statements).toBe(first.statements);
    const byExternalId = new Map(second.nodes.map((n: any) => [n.externalId, n.progress]));
    for (const node of first.nodes) expect(byExternalId.get(`${node.externalId}-copy`), node.externalId).toEqual(node.progress);
    // Read again with nothing changed: the same progress from goal_progress, in fewer statements.
    const kept = await page(false);
    expect(kept.nodes.map((n: any) => n.progress)).toEqual(second.nodes.map((n: any) => n.progress));
    expect(kept.statements).toBeLessThan(second.statements);
    await db.prisma.goal.deleteMany({ where: { externalId: { endsWith: '-copy' } } });
  });

  it('says so when no lot covers the scope', async () => {
    const p = await progress(goals.tenderSodertalje);
    expect(p.basis).toBe('NONE');
    expect(p.currentValue).toBeNull();
    expect(p.note).toContain('No lot of an active agreement');
  });
});
