// Goal progress kept in goal_progress equals goal progress computed afresh, after random writes
// through the API of everything it is computed from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createApiKey } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { createGoalProgressLoader } from './goal-progress.js';
import { loadGoalFixture, loadStatsFixture } from './stats-fixture.js';
import { mulberry32 } from '../test/random.js';

const ROUNDS = 14;

describe.each(databaseKinds)('goal progress kept on %s', (kind) => {
  let db: Database;
  let key: string;
  let api: ReturnType<typeof graphqlClient>;
  let goalIds: number[];
  let indicatorKeys: string[];
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const base = await loadStatsFixture(db);
    await loadGoalFixture(db, base);
    key = (await createApiKey(db, base.horten.id, 'writes', ['write'])).key;
    api = graphqlClient(db);
    goalIds = (await db.prisma.goal.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((g) => g.id);
    indicatorKeys = (await db.prisma.indicator.findMany({ select: { key: true } })).map((i) => i.key).filter((k) => !k.startsWith('exchange_rate'));
  });
  afterAll(() => db?.close());

  const seed = Number(process.env.FC_TEST_SEED ?? Date.now() % 100_000);

  it(`equals progress computed afresh after each of ${ROUNDS} random writes (seed ${seed})`, async () => {
    const next = mulberry32(seed);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const today = new Date();
    const write = async (mutation: string, items: unknown[]) => {
      const result = await api.query(
        `mutation($items: [${mutation}Input!]!) { upsert${mutation === 'Delivery' ? 'Deliverie' : mutation}s(source: "stats", items: $items) { committed } }`,
        { items },
        {
          authorization: `Bearer ${key}`,
        },
      );
      expect(result.errors, `seed ${seed}: ${JSON.stringify(result.errors)}`).toBeUndefined();
    };
    const writes: [string, () => Promise<void>][] = [
      [
        'a delivery line',
        () =>
          write('Delivery', [
            {
              externalId: `rand-${Math.floor(next() * 1e9)}`,
              kitchenExternalId: pick(['k1', 'k2']),
              municipalityCode: 'NO-3901',
              category: pick(['vegetables.root.potatoes', 'vegetables.root.carrots', 'fruit.apples']),
              periodStart: `${pick([2023, 2024, 2025])}-0${1 + Math.floor(next() * 9)}-01`,
              periodEnd: '2025-12-31',
              value: Math.round(100 + next() * 5000),
              currency: 'NOK',
              organic: next() < 0.5,
              producerExternalId: pick(['p49', 'p50', 'ph', 'pse']),
            },
          ]),
      ],
      [
        'a producer moved or made (not) tender-ready',
        () =>
          write('Producer', [
            {
              externalId: pick(['p49', 'ph', 'pf']),
              name: pick(['Nordgården', 'Hortengården', 'Fruktgården']),
              kind: 'FARM',
              countryCode: 'NO',
              municipalityCode: pick(['NO-3901', 'NO-3905', 'NO-3301']),
              tenderReady: next() < 0.6,
              deliveryRadiusKm: Math.round(5 + next() * 80),
            },
          ]),
      ],
      [
        'a kitchen’s meals',
        () =>
          write('Kitchen', [
            {
              externalId: pick(['k1', 'k2']),
              name: 'Kjøkken',
              kind: pick(['SCHOOL', 'ELDERLY_CARE']),
              municipalityCode: 'NO-3901',
              productionType: 'COOKING',
              mealsPerDay: Math.round(next() * 400),
              servingDaysPerYear: 200,
            },
          ]),
      ],
      [
        'an observation',
        () =>
          write('Observation', [
            {
              externalId: `obs-${Math.floor(next() * 1e9)}`,
              indicatorKey: pick(indicatorKeys),
              municipalityCode: 'NO-3901',
              date: `${pick([2024, 2025])}-12-31`,
              periodType: 'YEAR',
              value: Math.round(next() * 1000) / 10,
            },
          ]),
      ],
      ['nothing', async () => {}],
    ];
    const compare = async (label: string, at: Date) => {
      const kept = await createGoalProgressLoader(db, at).loadMany(goalIds);
      const again = await createGoalProgressLoader(db, at).loadMany(goalIds);
      const fresh = await createGoalProgressLoader(db, at, { materialised: false }).loadMany(goalIds);
      expect(kept, `seed ${seed}, after ${label}`).toEqual(fresh);
      expect(again, `seed ${seed}, after ${label}, read twice`).toEqual(fresh);
    };
    await compare('loading', today);
    const done: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [label, run] = pick(writes);
      await run();
      done.push(label);
      await compare(done.join(' → '), today);
    }
    // Another day: what counts as today's agreements and the last complete year may move.
    await compare('a day later', new Date(today.getTime() + 86_400_000));
    const rows = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM goal_progress');
    expect(rows[0]!.n).toBe(goalIds.length);
  });
});
