// The researcher's question answered three ways with the same numbers: GraphQL (through the typed
// client), this example's CSV, and the open-data export.
import { createClient } from '@food-commons/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../packages/api/src/db/database.js';
import { loadStatsFixture } from '../../packages/api/src/stats/stats-fixture.js';
import { migratedDatabase } from '../../packages/api/src/test/databases.js';
import { createServer } from '../../packages/api/src/graphql/yoga.js';
import { SHARES_COLUMNS, sharesCsv } from './shares.js';

const rows = (csv: string) => {
  const [header, ...lines] = csv.trimEnd().split('\r\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
};

describe('researcher example', () => {
  let db: Database;
  let yoga: ReturnType<typeof createServer>;

  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    await loadStatsFixture(db);
    yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
  });
  afterAll(() => db?.close());

  it('writes organic and local shares by municipality and year, equal to the open-data export', async () => {
    const client = createClient({ url: 'http://localhost/graphql', fetch: (url, init) => Promise.resolve(yoga.fetch(url, init)) });
    const csv = await sharesCsv(client, { local: { definition: 'SAME_MUNICIPALITY' } });
    const mine = rows(csv);
    expect(Object.keys(mine[0]!)).toEqual([...SHARES_COLUMNS]);
    const exported = rows(await (await yoga.fetch('http://localhost/export/delivery_stats.csv')).text());
    expect(mine).toHaveLength(exported.length);
    for (const [i, r] of mine.entries()) {
      const e = exported[i]!;
      expect([r.municipality_code, r.year, r.currency, r.suppressed, r.total, r.organic, r.organic_share, r.local, r.local_share]).toEqual([
        e.municipality_code,
        e.year,
        e.currency,
        e.suppressed,
        e.total,
        e.organic,
        e.organic_share,
        e.local_same_municipality,
        e.local_share_same_municipality,
      ]);
    }
    // Hand computation (see the statistics fixture): Horten 2024 in NOK, 1810 organic of 6010.
    const horten = mine.find((r) => r.municipality_code === 'NO-3901' && r.year === '2024' && r.currency === 'NOK')!;
    expect([horten.total, horten.organic, horten.local]).toEqual(['6010', '1810', '810']);
    expect(Number(horten.organic_share)).toBeCloseTo(1810 / 6010, 12);
  });
});
