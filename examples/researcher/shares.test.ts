// The researcher's question answered three ways with the same numbers: GraphQL (through the typed
// client), this example's CSV, and the open-data export.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer as createHttpServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@food-commons/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../packages/api/src/db/database.js';
import { loadStatsFixture } from '../../packages/api/src/stats/stats-fixture.js';
import { migratedDatabase } from '../../packages/api/src/test/databases.js';
import { createServer } from '../../packages/api/src/graphql/yoga.js';
import { DEFAULT_OUT, type Io, main } from './main.js';
import { SHARES_COLUMNS, csvCell, sharesCsv } from './shares.js';

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

  /** Runs main() against the in-process API; what it printed, and its exit code. */
  const run = async (argv: string[], cwd: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { cwd, log: (l) => out.push(l), error: (l) => err.push(l), fetch: (url, init) => Promise.resolve(yoga.fetch(url, init)) };
    const code = await main(argv, io);
    return { code, out, err };
  };

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

  it('writes out/ beside the script by default, and --out relative to where it was run, saying where', async () => {
    expect(DEFAULT_OUT).toBe(path.join(import.meta.dirname, 'out', 'shares.csv'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-researcher-'));
    try {
      const r = await run(['--', '--municipality', 'NO-3901', '--local', 'WITHIN_KM:50', '--out', 'sub/shares.csv'], dir);
      const file = path.join(dir, 'sub', 'shares.csv');
      expect(r).toEqual({ code: 0, out: [`Wrote ${rows(fs.readFileSync(file, 'utf8')).length} rows to ${file}`], err: [] });
      expect(rows(fs.readFileSync(file, 'utf8')).every((row) => row.municipality_code === 'NO-3901')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad options in one line naming the option, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-researcher-'));
    try {
      for (const [argv, message] of [
        [['--local', 'NEARBY'], '--local NEARBY is not one of SAME_MUNICIPALITY, SAME_REGION, SAME_COUNTRY, WITHIN_KM'],
        [['--local', 'WITHIN_KM'], '--local WITHIN_KM: WITHIN_KM needs a distance in km above 0'],
        [['--local', 'WITHIN_KM:-5'], '--local WITHIN_KM:-5: WITHIN_KM needs a distance in km above 0'],
        [['--currency', 'USD'], '--currency USD is not one of NOK, SEK, EUR, DKK, PLN'],
        [['--api', 'localhost:4000'], '--api localhost:4000 is not an http(s) URL'],
        [['--municipality', 'XX-9999'], 'The API at http://localhost:4000/graphql refused the query: '],
        [['--frobnicate'], "Unknown option '--frobnicate'"],
      ] as const) {
        const r = await run([...argv, '--out', 'shares.csv'], dir);
        expect(r.code, argv.join(' ')).toBe(1);
        expect(r.err).toHaveLength(1);
        expect(r.err[0]).toContain(message);
      }
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('researcher example without a server', () => {
  it('says in one line which URL did not answer and how to start the server, and exits with 1', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const port = await new Promise<number>((resolve) => {
      const server = createHttpServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const api = `http://127.0.0.1:${port}/graphql`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts', '--api', api, '--out', path.join(os.tmpdir(), `fc-unused-${port}.csv`)], {
      cwd: import.meta.dirname,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      `Nothing answers at ${api} (ECONNREFUSED): start the API with \`npx pnpm start\` in the repository (in another terminal), or pass --api <its URL>.`,
    ]);
    expect(fs.existsSync(path.join(os.tmpdir(), `fc-unused-${port}.csv`))).toBe(false);
  });
});

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', true, '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['+47 cmd', true, '"\'+47 cmd"'],
    ['-2+3', true, '"\'-2+3"'],
    ['@SUM(A1)', true, '"\'@SUM(A1)"'],
    ['\t=1', true, '"\'\t=1"'],
    ["'=1", true, '"\'\'=1"'],
    ['Horten', true, 'Horten'],
    ['Sør-Odal, Innlandet', true, '"Sør-Odal, Innlandet"'],
    [-12.5, false, '-12.5'],
    [null, true, ''],
  ] as const)('write %j (text: %s) as %s: formulas neutralised, numbers as they are', (value, text, cell) => {
    expect(csvCell(value, text)).toBe(cell);
  });
});
