import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { KOLADA_INDICATOR } from '../imports/kolada.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { loadStatsFixture } from './stats-fixture.js';

const SERIES = `query($reported: [String!]) {
  municipality(code: "SE-0181") {
    indicatorSeries(indicator: "organic_share_value", reported: $reported, fromYear: 2023, toYear: 2025) {
      year computed coverage lines difference reported { value status source { key } indicator { key } }
    }
  }
}`;

describe.each(databaseKinds)('an indicator computed beside what was reported, on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const fixture = await loadStatsFixture(db);
    const s = { sourceId: fixture.source.id };
    // organic_share_value (organic share by value, in percent) is a standard indicator of the reference data.
    const kolada = await db.prisma.indicator.findUniqueOrThrow({ where: { key: KOLADA_INDICATOR } });
    const reported = (year: number, value: number, status: 'OFFICIAL' | 'PROVISIONAL') =>
      db.prisma.observation.create({
        data: {
          ...s,
          externalId: `k-${year}`,
          indicatorId: kolada.id,
          municipalityCode: 'SE-0181',
          date: new Date(`${year}-01-01`),
          periodType: 'YEAR',
          value,
          status,
        },
      });
    await reported(2023, 60, 'OFFICIAL');
    await reported(2024, 68, 'PROVISIONAL');
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  it('gives each year the value computed from the deliveries, the values reported and their difference', async () => {
    const result = await api.query(SERIES, { reported: [KOLADA_INDICATOR] });
    expect(result.errors).toBeUndefined();
    const years = result.data!.municipality.indicatorSeries;
    expect(years.map((y: any) => y.year)).toEqual([2023, 2024, 2025]);
    // 2023: no deliveries; Kolada says 60.
    expect(years[0]).toMatchObject({ computed: null, lines: 0, difference: null, reported: [{ value: 60, status: 'OFFICIAL' }] });
    // 2024: Södertälje's SEK lines 10000 organic + 5000 + 2000 organic: 12000 / 17000; its one kitchen reported.
    expect(years[1].computed).toBeCloseTo((12000 / 17000) * 100, 10);
    expect(years[1]).toMatchObject({
      coverage: 1,
      lines: 3,
      reported: [{ value: 68, status: 'PROVISIONAL', indicator: { key: KOLADA_INDICATOR }, source: { key: 'stats' } }],
    });
    expect(years[1].difference).toBeCloseTo(68 - (12000 / 17000) * 100, 10);
    // 2025: 800 conventional from the other source; nothing reported.
    expect(years[2]).toMatchObject({ computed: 0, coverage: 1, lines: 1, reported: [], difference: null });
  });

  it('names what it cannot find or compute', async () => {
    const unknown = await api.query(SERIES, { reported: ['no_such_indicator'] });
    expect(unknown.errors![0]!).toMatchObject({
      message: 'No indicator "no_such_indicator"; the `indicators` query lists them.',
      extensions: { field: 'reported' },
    });
    const observed = await api.query(
      `{ municipality(code: "SE-0181") { indicatorSeries(indicator: "${KOLADA_INDICATOR}", fromYear: 2023, toYear: 2025) { year computed reported { value } } } }`,
    );
    expect(observed.errors).toBeUndefined();
    // An observed indicator has no computed values: its own observations are the reported ones.
    expect(observed.data!.municipality.indicatorSeries).toEqual([
      { year: 2023, computed: null, reported: [{ value: 60 }] },
      { year: 2024, computed: null, reported: [{ value: 68 }] },
    ]);
  });
});
