import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { COSTS } from '../graphql/plugins/cost.js';
import { encodeGlobalId } from '../ids.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { loadGoalFixture, loadStatsFixture } from './stats-fixture.js';

const PROGRESS = 'basis currentValue asOf coverage note series { year value coverage lines }';

/**
 * Goal progress counting only some delivery lines: of some sources, or bought in some projects'
 * municipalities. On top of the goal fixture, two Horten lines from the other source (stats-other):
 *   X1  K1 2024-04  1000 NOK  origin P50 (Drammen, 50.1 km: not within 50 km), not organic
 *   X2  K1 2025-04   400 NOK  origin PH (local), not organic
 * Goals: g-local-50 (Horten, local within 50 km, by value) and an organic-share goal of Vestfold
 * (NO-39: Horten and Tønsberg). Kitchens in Vestfold: K1, K2 (Horten), R1, T1 (Tønsberg), each
 * 100 meals × 200 days.
 */
describe.each(databaseKinds)('goal progress filtered by source and project on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  let local50: { id: number };
  let organicVestfold: { id: number };
  let horten: string;
  let tonsberg: string;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const base = await loadStatsFixture(db);
    const { goals } = await loadGoalFixture(db, base);
    local50 = goals.localWithin50;
    const { prisma } = db;
    const s = { sourceId: base.source.id };
    const x = (externalId: string, y: number, m: number, value: number, producerId: number) => ({
      sourceId: base.other.id,
      externalId,
      kitchenId: base.kitchens.k1.id,
      municipalityCode: 'NO-3901',
      categoryCode: 'vegetables.root.potatoes',
      periodStart: new Date(Date.UTC(y, m - 1, 1)),
      periodEnd: new Date(Date.UTC(y, m, 0)),
      value,
      currency: 'NOK' as const,
      organic: false,
      producerId,
      supplierName: 'Annen AS',
    });
    await prisma.delivery.createMany({ data: [x('X1', 2024, 4, 1000, base.producers.p50.id), x('X2', 2025, 4, 400, base.producers.ph.id)] });
    const organic = await prisma.indicator.create({
      data: {
        ...s,
        externalId: 'organic_share_test',
        key: 'organic_share_test',
        names: { en: 'Organic share' },
        unit: 'percent',
        kind: 'ORGANIC_SHARE',
        measure: 'VALUE',
      },
    });
    organicVestfold = await prisma.goal.create({
      data: {
        ...s,
        externalId: 'g-organic-vestfold',
        ownerKind: 'REGION',
        regionCode: 'NO-39',
        title: { en: 'Organic Vestfold' },
        indicatorId: organic.id,
        baselineValue: 10,
        baselineYear: 2020,
        targetValue: 50,
        targetYear: 2030,
        direction: 'INCREASE',
      },
    });
    const project = (externalId: string, municipalityCode: string) =>
      prisma.project.create({ data: { ...s, externalId, name: externalId, municipalities: { create: [{ municipalityCode }] } } });
    horten = encodeGlobalId('Project', (await project('p-horten', 'NO-3901')).id);
    tonsberg = encodeGlobalId('Project', (await project('p-tonsberg', 'NO-3905')).id);
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  const progress = async (goal: { id: number }, args = '') => {
    const result = await api.query(`query($id: ID!) { node(id: $id) { ... on Goal { progress${args ? `(${args})` : ''} { ${PROGRESS} } } } }`, {
      id: encodeGlobalId('Goal', goal.id),
    });
    expect(result.errors).toBeUndefined();
    return result.data!.node.progress;
  };
  const values = (p: any) => p.series.map((s: any) => [s.year, s.value, s.coverage, s.lines]);

  it('counts only the lines of the sources asked for; unfiltered, all of them', async () => {
    // All sources. 2024: NOK 7010, of it within 50 km 2210 (L1, L3, L5's half, L7); EUR 100, all local:
    // in EUR (10 NOK/EUR) (221 + 100) / (701 + 100). 2025: L5's 310 and X2's 400, all local.
    const all = await progress(local50);
    expect(values(all)).toEqual([
      [2024, expect.closeTo((321 / 801) * 100, 10), 1, 9],
      [2025, 100, 0.5, 2],
    ]);
    // The fixture's own source: 2024 as without X1, (221 + 100) / (601 + 100); 2025 L5 only.
    const own = await progress(local50, 'source: ["stats"]');
    expect(values(own)).toEqual([
      [2024, expect.closeTo((321 / 701) * 100, 10), 1, 8],
      [2025, 100, 0.5, 1],
    ]);
    // The other source: X1 (not local) in 2024, X2 (local) in 2025; only K1 reported there: coverage 0.5.
    const other = await progress(local50, 'source: ["stats-other"]');
    expect(values(other)).toEqual([
      [2024, 0, 0.5, 1],
      [2025, 100, 0.5, 1],
    ]);
    expect(other).toMatchObject({ basis: 'COMPUTED', currentValue: 100, asOf: '2025-12-31' });
    expect(await progress(local50, 'source: ["stats", "stats-other"]')).toEqual(all);
  });

  it('counts only the lines bought in the projects’ municipalities of the goal’s scope', async () => {
    // Vestfold, all lines. 2024: Horten NOK 7010, organic 1810 (L1, L3, L5's half); EUR 100 organic: (181 + 100) / (701 + 100).
    // 2025: Horten 310 (L5, organic) + 400 (X2), Tønsberg 1000 + 500: 310 / 2210. Coverage: K1, K2 of 4 kitchens in 2024; K1, R1, T1 in 2025.
    const all = await progress(organicVestfold);
    expect(values(all)).toEqual([
      [2024, expect.closeTo((281 / 801) * 100, 10), 0.5, 9],
      [2025, expect.closeTo((310 / 2210) * 100, 10), 0.75, 4],
    ]);
    // Horten's project: Horten's lines and kitchens only.
    const inHorten = await progress(organicVestfold, `project: ["${horten}"]`);
    expect(values(inHorten)).toEqual([
      [2024, expect.closeTo((281 / 801) * 100, 10), 1, 9],
      [2025, expect.closeTo((310 / 710) * 100, 10), 0.5, 2],
    ]);
    // Tønsberg's project: 2025's two lines, neither organic; both its kitchens reported.
    const inTonsberg = await progress(organicVestfold, `project: ["${tonsberg}"]`);
    expect(values(inTonsberg)).toEqual([[2025, 0, 1, 2]]);
    expect(inTonsberg.currentValue).toBe(0);
    // Both filters: the other source's Horten lines, neither organic.
    expect(values(await progress(organicVestfold, `project: ["${horten}"], source: ["stats-other"]`))).toEqual([
      [2024, 0, 0.5, 1],
      [2025, 0, 0.5, 1],
    ]);
    // Both projects together: the whole region again.
    expect(await progress(organicVestfold, `project: ["${horten}", "${tonsberg}"]`)).toEqual(all);
    // A project outside the goal's scope leaves nothing to compute.
    const outside = await progress(local50, `project: ["${tonsberg}"]`);
    expect(outside.basis).toBe('NONE');
    expect(outside.note).toContain('None of the goal’s municipalities is in the projects asked for.');
  });

  it('keeps only the unfiltered progress; a filtered one is computed every time and leaves it unchanged', async () => {
    await db.sql.query('DELETE FROM goal_progress');
    const filtered = await progress(local50, 'source: ["stats-other"]');
    expect(await db.sql.query('SELECT goal_id FROM goal_progress')).toEqual([]);
    const unfiltered = await progress(local50);
    expect(await db.sql.query<{ goal_id: number }>('SELECT goal_id FROM goal_progress')).toEqual([{ goal_id: local50.id }]);
    expect(await progress(local50, 'source: ["stats-other"]')).toEqual(filtered);
    expect(await progress(local50)).toEqual(unfiltered);
    expect(unfiltered).not.toEqual(filtered);
  });

  it('prices a filtered progress above a kept one', () => {
    const price = COSTS['Goal.progress'] as (args: Record<string, unknown>) => number;
    expect(price({})).toBe(100);
    expect(price({ source: ['stats'] })).toBe(500);
    expect(price({ project: ['x'] })).toBe(500);
  });

  it('refuses an unknown source or a project ID of another type', async () => {
    const query = (args: string) =>
      api.query(`query($id: ID!) { node(id: $id) { ... on Goal { progress(${args}) { currentValue } } } }`, { id: encodeGlobalId('Goal', local50.id) });
    const unknown = await query('source: ["nowhere"]');
    expect(unknown.errors?.[0]?.extensions?.field).toBe('source');
    const wrong = await query(`project: ["${encodeGlobalId('Kitchen', 1)}"]`);
    expect(wrong.errors?.[0]?.extensions?.field).toBe('project');
  });
});
