// Benchmark of `matches` over the large generated dataset (fill it first with `pnpm db:synth`): for
// each open demand and each lot, the first page of ranked producers with their reasons, through the
// GraphQL server in process. Prints p50 / p99 per subject, candidates judged, SQL statements per request,
// and the budget (p50 ≤ 50 ms for a demand at 50,000 producers).
//   pnpm bench:matches [--url postgresql://…/fc_bench] [--runs 30]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { encodeGlobalId } from '../packages/api/src/graphql/builder.js';
import { openPostgres } from '../packages/api/src/db/database.js';
import { createServer } from '../packages/api/src/graphql/yoga.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    url: { type: 'string', default: process.env.FC_BENCH_URL ?? 'postgresql://postgres@127.0.0.1:5432/fc_bench' },
    runs: { type: 'string', default: '30' },
  },
});
const runs = Number(values.runs);
const BUDGET_MS = 50;

const db = await openPostgres(values.url);
const yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
const [{ producers }] = await db.sql.query<{ producers: number }>('SELECT count(*)::int AS producers FROM producer WHERE deleted_at IS NULL');
const [{ products }] = await db.sql.query<{ products: number }>('SELECT count(*)::int AS products FROM producer_product WHERE deleted_at IS NULL');
const demands = await db.sql.query<{ id: number; title: string; category_code: string }>(
  "SELECT id, coalesce(title, category_code) AS title, category_code FROM demand WHERE deleted_at IS NULL AND status = 'OPEN' AND NOT internal ORDER BY id LIMIT 8",
);
const lots = await db.sql.query<{ id: number; title: string }>('SELECT id, title FROM lot WHERE deleted_at IS NULL ORDER BY id LIMIT 4');

const QUERY = `query($demand: ID, $lot: ID) {
  matches(demandId: $demand, lotId: $lot, first: 20) {
    totalCount qualifyingCount
    edges { node { rank qualifies missing distanceKm capacityShare producer { id name } reasons { criterion status message } } }
  }
}`;

async function run(variables: Record<string, string>) {
  const body = JSON.stringify({ query: QUERY, variables });
  const before = db.statements.count;
  const started = performance.now();
  const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await response.json()) as { data?: { matches: { totalCount: number; qualifyingCount: number } }; errors?: unknown[] };
  const ms = performance.now() - started;
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return { ms, statements: db.statements.count - before, ...json.data!.matches };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

// Other work on the machine stretches every figure: say how busy it was.
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `matches over ${producers.toLocaleString('en')} producers (${products.toLocaleString('en')} products), ${runs} runs each after 3 warm-up runs; load average ${load()}\n`,
);
console.log('subject'.padEnd(58), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'matches'.padStart(8), 'qualify'.padStart(8), 'stmts'.padStart(6));
const p50s: number[] = [];
for (const [kind, list] of [
  ['Demand', demands],
  ['Lot', lots],
] as const) {
  for (const subject of list) {
    const variables = kind === 'Demand' ? { demand: encodeGlobalId('Demand', subject.id) } : { lot: encodeGlobalId('Lot', subject.id) };
    for (let i = 0; i < 3; i++) await run(variables);
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof run>> | undefined;
    for (let i = 0; i < runs; i++) {
      last = await run(variables);
      times.push(last.ms);
    }
    times.sort((a, b) => a - b);
    const p50 = quantile(times, 0.5);
    if (kind === 'Demand') p50s.push(p50);
    console.log(
      `${kind.toLowerCase()} ${subject.id}: ${subject.title}`.slice(0, 58).padEnd(58),
      p50.toFixed(1).padStart(8),
      quantile(times, 0.99).toFixed(1).padStart(8),
      String(last!.totalCount).padStart(8),
      String(last!.qualifyingCount).padStart(8),
      String(last!.statements).padStart(6),
    );
  }
}
p50s.sort((a, b) => a - b);
const median = p50s.length ? quantile(p50s, 0.5) : Number.NaN;
console.log(`\nmedian p50 over demands: ${median.toFixed(1)} ms — budget ${BUDGET_MS} ms: ${median <= BUDGET_MS ? 'met' : 'NOT met'} (load average ${load()})`);
await db.close();
