// Benchmark of the researchers' statistics: `deliveryStats` by municipality × year × category (and by
// kitchen kind) for one region and for a whole country, under every definition of local and both
// measures, through the API (in process, one request at a time, response cache off). Prints p50 and
// p90 per request, the path it took (rollup or lines), the lines alone once for comparison, and the
// budgets of the issue "Researchers at scale". Fill the database first with `npx pnpm db:synth`.
// With --per-meal, each request is timed again with `perMeal` in its rows, and the overhead is set
// against its budget (≤ 10 % over the same query without it).
//   npx pnpm bench:stats [--url postgresql://…/fc_bench] [--runs 15] [--lines-too] [--per-meal]
import { parseArgs } from 'node:util';
import { openPostgres } from '../packages/api/src/db/database.js';
import { applyMigrations } from '../packages/api/src/db/migrate.js';
import { createServer } from '../packages/api/src/graphql/yoga.js';

// `pnpm <script> -- --flag` passes the `--` through.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    url: { type: 'string', default: process.env.FC_BENCH_URL ?? 'postgresql://postgres@127.0.0.1:5432/fc_bench' },
    runs: { type: 'string', default: '15' },
    // Also time each shape once from the lines (the path before the rollup served it).
    'lines-too': { type: 'boolean', default: false },
    // Also time each request with the figures per meal (rows { perMeal { … } }).
    'per-meal': { type: 'boolean', default: false },
  },
});
const runs = Math.max(3, Number(values.runs));

const db = await openPostgres(values.url);
await applyMigrations(db);
const [{ lines }] = await db.sql.query<{ lines: string }>('SELECT count(*)::text AS lines FROM delivery WHERE deleted_at IS NULL');
// The region and the country with the most lines.
const [busiest] = await db.sql.query<{ region: string; country: string }>(
  `SELECT m.region_code AS region, m.country_code AS country FROM delivery_rollup_year r JOIN municipality m ON m.code = r.municipality_code
    GROUP BY 1, 2 ORDER BY sum(r.lines) DESC LIMIT 1`,
);
if (!busiest) throw new Error('The database holds no delivery lines: run `npx pnpm db:synth` first.');
const [{ regionLines, countryLines }] = await db.sql.query<{ regionLines: string; countryLines: string }>(
  `SELECT sum(r.lines) FILTER (WHERE m.region_code = $1)::text AS "regionLines", sum(r.lines) FILTER (WHERE m.country_code = $2)::text AS "countryLines"
     FROM delivery_rollup_year r JOIN municipality m ON m.code = r.municipality_code WHERE r.measure = 'VALUE'`,
  [busiest.region, busiest.country],
);
console.log(
  `Database: ${Number(lines).toLocaleString('en')} lines; region ${busiest.region} (${Number(regionLines).toLocaleString('en')} line-years), country ${busiest.country} (${Number(countryLines).toLocaleString('en')}).`,
);

const server = createServer(db, { corsOrigins: ['*'], logLevel: 'silent', responseCache: 'off', limits: false });
const QUERY = `query Stats($filter: DeliveryStatsFilter, $groupBy: [StatsGroup!], $depth: Int, $local: LocalInput, $measure: Measure) {
  deliveryStats(filter: $filter, groupBy: $groupBy, categoryDepth: $depth, local: $local, measure: $measure) {
    rows { year municipality { code } category { code } kitchenKind currency suppressed total organicShare localShare lines }
  }
}`;
const PER_MEAL_QUERY = QUERY.replace('localShare lines }', 'localShare lines perMeal { meals total organic local coverage } }');
if (PER_MEAL_QUERY === QUERY) throw new Error('The per-meal query could not be built from the query.');
async function ask(variables: object, query = QUERY): Promise<number> {
  const response = await server.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { message: string }[]; data?: { deliveryStats: { rows: unknown[] } } };
  if (body.errors) throw new Error(body.errors[0]!.message);
  return body.data!.deliveryStats.rows.length;
}
const overhead = (withIt: number, without: number) => `${withIt >= without ? '+' : ''}${(((withIt - without) / without) * 100).toFixed(1)} %`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

const LOCALS = [
  { definition: 'SAME_MUNICIPALITY' },
  { definition: 'SAME_REGION' },
  { definition: 'SAME_COUNTRY' },
  { definition: 'WITHIN_KM', km: 50 },
  { definition: 'WITHIN_KM', km: 37 },
];
const SHAPES = [
  {
    name: 'region × municipality × year × category (depth 1)',
    budget: 150,
    filter: { region: [busiest.region] },
    groupBy: ['MUNICIPALITY', 'YEAR', 'CATEGORY'],
    depth: 1,
  },
  {
    name: 'country × municipality × year × category (depth 1)',
    budget: 500,
    filter: { country: [busiest.country] },
    groupBy: ['MUNICIPALITY', 'YEAR', 'CATEGORY'],
    depth: 1,
  },
  {
    name: 'region × municipality × year × category (depth 2)',
    budget: null,
    filter: { region: [busiest.region] },
    groupBy: ['MUNICIPALITY', 'YEAR', 'CATEGORY'],
    depth: 2,
  },
  { name: 'country × year × kitchen kind', budget: null, filter: { country: [busiest.country] }, groupBy: ['YEAR', 'KITCHEN_KIND'], depth: 1 },
  {
    name: 'country × municipality × year, schools, vegetables',
    budget: null,
    filter: { country: [busiest.country], kitchenKind: ['SCHOOL'], category: ['vegetables'] },
    groupBy: ['MUNICIPALITY', 'YEAR'],
    depth: 1,
  },
];

/** p50 and p90 of `runs` requests, after one to warm. */
async function time(variables: object, query = QUERY): Promise<{ rows: number; times: number[] }> {
  const rows = await ask(variables, query); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await ask(variables, query);
    times.push(performance.now() - t);
  }
  return { rows, times: times.sort((a, b) => a - b) };
}

const results: {
  shape: string;
  local: string;
  measure: string;
  rows: number;
  p50: number;
  p90: number;
  budget: number | null;
  lines?: number;
  perMeal?: number;
}[] = [];
for (const shape of SHAPES) {
  for (const local of LOCALS) {
    for (const measure of ['VALUE', 'WEIGHT']) {
      const variables = { filter: shape.filter, groupBy: shape.groupBy, depth: shape.depth, local, measure };
      const { rows, times } = await time(variables);
      const perMeal = values['per-meal'] ? percentile((await time(variables, PER_MEAL_QUERY)).times, 50) : undefined;
      const label = local.definition === 'WITHIN_KM' ? `WITHIN_KM ${local.km}` : local.definition;
      let fromLines: number | undefined;
      if (values['lines-too'] && measure === 'VALUE' && local.definition === 'WITHIN_KM' && local.km === 50) {
        // The same request from the lines: the statement the rollup replaces.
        const { computeDeliveryStats } = await import('../packages/api/src/stats/delivery-stats.js');
        const t = performance.now();
        await computeDeliveryStats(db, {
          filter: shape.filter.region ? { regions: shape.filter.region } : { countries: shape.filter.country },
          groupBy: shape.groupBy as never,
          categoryDepth: shape.depth,
          local: 'WITHIN_KM',
          localKm: 50,
          measure: 'VALUE',
          path: 'raw',
        });
        fromLines = performance.now() - t;
      }
      results.push({
        shape: shape.name,
        local: label,
        measure,
        rows,
        p50: percentile(times, 50),
        p90: percentile(times, 90),
        budget: shape.budget,
        lines: fromLines,
        perMeal,
      });
      console.log(
        `${shape.name.padEnd(54)} ${label.padEnd(18)} ${measure.padEnd(6)} ${String(rows).padStart(6)} rows  p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p90 ${percentile(times, 90).toFixed(1).padStart(7)} ms${fromLines === undefined ? '' : `  (from the lines: ${(fromLines / 1000).toFixed(1)} s)`}${perMeal === undefined ? '' : `  per meal p50 ${perMeal.toFixed(1)} ms (${overhead(perMeal, percentile(times, 50))})`}`,
      );
    }
  }
}

if (values['per-meal']) {
  // The issue's budget: figures per meal ≤ 10 % over the same query without them.
  const worst = results.reduce((w, r) => (r.perMeal! / r.p50 > w.perMeal! / w.p50 ? r : w));
  console.log(
    `\nPer meal, worst overhead: ${worst.shape}, ${worst.local}, ${worst.measure}: ${overhead(worst.perMeal!, worst.p50)}, budget ≤ +10 %: ${worst.perMeal! <= worst.p50 * 1.1 ? 'met' : 'NOT met'}`,
  );
}

console.log('\nBudgets (p50, every definition of local and both measures):');
for (const shape of SHAPES.filter((s) => s.budget !== null)) {
  const worst = Math.max(...results.filter((r) => r.shape === shape.name).map((r) => r.p50));
  console.log(`  ${shape.name}: worst p50 ${worst.toFixed(1)} ms, budget ≤ ${shape.budget} ms: ${worst <= shape.budget! ? 'met' : 'NOT met'}`);
}
await db.close();
