// Soak: two API replicas (the production entry point, as compose.yaml runs them) on one PostgreSQL
// database with the demo data and one Redis, under `--connections` connections of mixed traffic for
// `--minutes` minutes:
//
//   - the widgets' operations, sent as their persisted text (packages/client/src/generated/persisted-documents.json),
//     from many client addresses, as municipal pages would;
//   - researcher statistics (deliveryStats with several groupings);
//   - a partner's upserts of producers with an API key, and its reading of the change feed;
//   - one scraper that asks for the dearest statistics from a single address without pause, on one
//     connection in twenty: the only client meant to be refused (429).
//
// Prints errors by kind (everything but the scraper's 429s is an error), p50/p99 by kind of traffic,
// each replica's mean RSS minute by minute, and its growth from minute 2 to the last minute
// (budget: ≤ 10 %).
//
//   pnpm bench:soak [--minutes 10] [--connections 100] [--url postgresql://postgres@127.0.0.1:5432/postgres]
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    minutes: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    url: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
  },
});
const minutes = Number(values.minutes);
const connections = Number(values.connections);
if (!(minutes > 0) || !Number.isInteger(connections) || connections < 4) {
  console.error('--minutes must be more than 0 and --connections a whole number of at least 4.');
  process.exit(2);
}

const { openPostgres } = await import('../packages/api/src/db/database.js');
const { applyMigrations } = await import('../packages/api/src/db/migrate.js');
const { seedDatabase } = await import('../packages/api/src/seed/setup.js');
const { createApiKey, createOrganization, createSource } = await import('../packages/api/src/sync/keys.js');
const { hasRedisServer, startRedis, startServerProcess, serverCommand } = await import('../packages/api/src/test/server-process.js');

const persisted = JSON.parse(
  readFileSync(fileURLToPath(new URL('../packages/client/src/generated/persisted-documents.json', import.meta.url)), 'utf8'),
) as Record<string, string>;
const operations = new Map<string, string>();
for (const text of Object.values(persisted)) {
  const name = /\bquery (\w+)/.exec(text)?.[1];
  if (name) operations.set(name, text);
}

// ─── The database ───────────────────────────────────────────────────────────────

const name = `fc_soak_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: values.url });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(values.url);
url.pathname = `/${name}`;
const cleanups: (() => Promise<unknown>)[] = [
  async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  },
];
async function cleanUp() {
  for (const step of cleanups.splice(0).reverse()) await step().catch((error: unknown) => console.error(`clean-up: ${(error as Error).message}`));
}
process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

try {
  const setup = await openPostgres(url.toString());
  await applyMigrations(setup);
  console.log('Loading the demo data…');
  await seedDatabase(setup);
  const organization = await createOrganization(setup, { name: 'Soak partner' });
  await createSource(setup, organization.id, { key: 'soak-partner', name: 'Soak partner', licence: 'CC0-1.0' });
  const partnerKey = (await createApiKey(setup, organization.id, 'soak', ['write'])).key;
  const municipalities = (
    await setup.sql.query<{ code: string }>(`SELECT DISTINCT municipality_code AS code FROM kitchen WHERE deleted_at IS NULL ORDER BY 1 LIMIT 12`)
  ).map((r) => r.code);
  const goalPlaces = (
    await setup.sql.query<{ code: string }>(`SELECT DISTINCT municipality_code AS code FROM goal WHERE municipality_code IS NOT NULL ORDER BY 1 LIMIT 8`)
  ).map((r) => r.code);
  const [centre] = await setup.sql.query<{ lat: number; lon: number }>(
    `SELECT avg(lat)::float AS lat, avg(lon)::float AS lon FROM producer WHERE lat IS NOT NULL`,
  );
  await setup.close();

  // ─── Redis and two replicas ─────────────────────────────────────────────────────

  const redis = hasRedisServer ? await startRedis() : undefined;
  if (redis) cleanups.push(() => redis.kill());
  else console.log('redis-server is not on the PATH: the replicas count rate limits each in its own memory.');
  const logCounts = { warn: 0, error: 0, fatal: 0 };
  const logSamples: string[] = [];
  const countLogs = (chunk: string) => {
    for (const level of ['warn', 'error', 'fatal'] as const) {
      const needle = `"level":"${level}"`;
      let at = chunk.indexOf(needle);
      while (at >= 0) {
        logCounts[level]++;
        if (logSamples.length < 10) logSamples.push(chunk.slice(chunk.lastIndexOf('\n', at) + 1, chunk.indexOf('\n', at)).slice(0, 400));
        at = chunk.indexOf(needle, at + 1);
      }
    }
  };
  const env = { DATABASE_URL: url.toString(), REDIS_URL: redis?.url ?? '', TRUST_PROXY: '1', LOG_LEVEL: 'info' };
  console.log(
    `Starting two replicas (${serverCommand()
      .join(' ')
      .replace(/.*packages\/api\//, 'packages/api/')})…`,
  );
  const replicas = await Promise.all([0, 1].map(() => startServerProcess(env, { keepOutput: 20_000, onOutput: countLogs })));
  cleanups.push(() => Promise.all(replicas.map((r) => r.stop())));

  // ─── Traffic ────────────────────────────────────────────────────────────────────

  type Kind = 'widget' | 'statistics' | 'partner write' | 'partner feed' | 'scraper';
  interface Request {
    kind: Kind;
    operation: string;
    query: string;
    variables: Record<string, unknown>;
    key?: string;
  }

  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
  const LANGS = ['nb', 'sv', 'en'];
  const producerIds: string[] = [];

  /** Variables a widget would send with each of its operations. */
  function widgetVariables(operation: string): Record<string, unknown> | null {
    const m = [pick(municipalities)];
    const lang = pick(LANGS);
    // Widgets count food from the same municipality as local unless a page asks for a radius.
    const local = Math.random() < 0.7 ? { definition: 'SAME_MUNICIPALITY' } : { definition: 'WITHIN_KM', km: 50 };
    switch (operation) {
      case 'FcProducerList':
      case 'ProducerList':
        return { first: 20, lang, filter: Math.random() < 0.5 ? { municipality: m } : {} };
      case 'FcProducerCard':
        return producerIds.length ? { id: pick(producerIds), lang } : null;
      case 'ProducerMap': {
        const d = 0.5 + Math.random();
        return { first: 100, bbox: { minLat: centre!.lat - d, maxLat: centre!.lat + d, minLon: centre!.lon - 2 * d, maxLon: centre!.lon + 2 * d } };
      }
      case 'FcGoals':
        return { lang, filter: { municipality: [pick(goalPlaces.length ? goalPlaces : municipalities)] } };
      case 'GoalProgress':
        return { first: 20, lang, municipality: [pick(goalPlaces.length ? goalPlaces : municipalities)] };
      case 'FcShareChart':
        return { lang, goals: { municipality: m } };
      case 'FcKitchenShares':
      case 'FcSharesByYear':
      case 'FcRanking':
      case 'SharesByMunicipalityYear':
        return { filter: { municipality: m }, measure: 'VALUE', local };
      case 'DeliveryStats':
        return { filter: { municipality: m }, groupBy: ['YEAR', 'CATEGORY'], lang, measure: 'VALUE', local };
      case 'FcDemandBoard':
        return { first: 20, lang, filter: { municipality: m } };
      case 'FcDemandCategories':
        return { lang };
      case 'FcEmbedCategories':
        return {};
      case 'FcEmbedMunicipalities':
        return { search: pick(['Hor', 'Sö', 'Ber', 'Os', 'Tr']) };
      case 'FcKitchens':
        return { filter: { municipality: m } };
      case 'FcRegionOf':
        return { code: pick(municipalities) };
      default:
        return null;
    }
  }

  const STATISTICS = [
    `query ResearcherByKitchenKind($m: [String!]) { deliveryStats(filter: { municipality: $m }, groupBy: [KITCHEN_KIND, YEAR], measure: VALUE) { rows { year total organicShare localShare lines suppressed } } }`,
    `query ResearcherByCategory($from: Date, $to: Date) { deliveryStats(filter: { from: $from, to: $to }, groupBy: [CATEGORY, COUNTRY], categoryDepth: 2) { rows { category { code } country total organicShare } } }`,
    `query ResearcherByMunicipality { deliveryStats(groupBy: [MUNICIPALITY, YEAR], local: { definition: WITHIN_KM, km: 100 }) { rows { municipality { code } year total localShare localShareOfKnown } } }`,
  ];
  const SCRAPER = `query Scraper { ${['KITCHEN', 'PRODUCER', 'CATEGORY', 'KITCHEN_KIND', 'MONTH'].map((g, i) => `s${i}: deliveryStats(groupBy: [${g}, CATEGORY], categoryDepth: 3) { rows { total organic local } }`).join(' ')} }`;
  const UPSERT = `mutation PartnerUpsert($items: [ProducerInput!]!) { upsertProducers(source: "soak-partner", items: $items) { committed created updated unchanged failed lastPosition } }`;
  const FEED = `query PartnerFeed($after: String) { changes(source: "soak-partner", after: $after, first: 100) { changes { position operation externalId version } endCursor hasMore } }`;
  let feedCursor: string | undefined;

  function nextRequest(scraper: boolean): Request {
    if (scraper) return { kind: 'scraper', operation: 'Scraper', query: SCRAPER, variables: {} };
    const roll = Math.random();
    if (roll < 0.7) {
      for (;;) {
        const [operation, query] = pick([...operations]);
        const variables = widgetVariables(operation);
        if (variables) return { kind: 'widget', operation, query, variables };
      }
    }
    if (roll < 0.85) {
      const query = pick(STATISTICS);
      const year = 2020 + Math.floor(Math.random() * 5);
      return {
        kind: 'statistics',
        operation: /query (\w+)/.exec(query)![1]!,
        query,
        variables: { m: [pick(municipalities)], from: `${year}-01-01`, to: `${year}-12-31` },
      };
    }
    if (roll < 0.95) {
      const n = 1 + Math.floor(Math.random() * 10);
      const items = Array.from({ length: n }, () => {
        const i = Math.floor(Math.random() * 2000);
        return {
          externalId: `soak-${i}`,
          name: `Soakgården ${i}`,
          kind: 'FARM',
          countryCode: 'NO',
          municipalityCode: pick(municipalities.filter((c) => c.startsWith('NO-'))) ?? 'NO-3901',
          // Most upserts change something (a new description), some repeat the stored record.
          descriptions: { en: Math.random() < 0.7 ? `Batch ${Math.floor(Math.random() * 1e6)}` : 'Unchanged' },
        };
      });
      return { kind: 'partner write', operation: 'PartnerUpsert', query: UPSERT, variables: { items }, key: partnerKey };
    }
    return { kind: 'partner feed', operation: 'PartnerFeed', query: FEED, variables: { after: feedCursor ?? null }, key: partnerKey };
  }

  interface Answer {
    status: number;
    body: string;
    ms: number;
  }

  const agents = replicas.map(() => new http.Agent({ keepAlive: true, maxSockets: Math.ceil(connections / 2) + 1 }));
  function send(replica: number, request: Request, address: string): Promise<Answer> {
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operation });
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: replicas[replica]!.port,
          method: 'POST',
          path: '/graphql',
          agent: agents[replica],
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-forwarded-for': address,
            ...(request.key ? { authorization: `Bearer ${request.key}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            res.complete
              ? resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started })
              : reject(new Error('response cut short')),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  // Producer IDs for the producer card, as a page of the list hands them to it.
  {
    const list = await send(0, { kind: 'widget', operation: 'ProducerList', query: operations.get('ProducerList')!, variables: { first: 100 } }, '192.0.2.1');
    for (const edge of (JSON.parse(list.body) as { data: { producers: { edges: { node: { id: string } }[] } } }).data.producers.edges)
      producerIds.push(edge.node.id);
  }

  // Every operation once, before the clock starts: a wrong variable is a mistake of this script.
  for (const [operation, query] of operations) {
    const variables = widgetVariables(operation);
    if (!variables) {
      console.log(`  (no variables known for ${operation}: left out)`);
      continue;
    }
    const answer = await send(0, { kind: 'widget', operation, query, variables }, '192.0.2.2');
    const parsed = JSON.parse(answer.body) as { errors?: { message: string }[] };
    if (answer.status !== 200 || parsed.errors) throw new Error(`${operation} fails before the soak: ${answer.status} ${answer.body.slice(0, 300)}`);
  }
  for (const query of [...STATISTICS, UPSERT, FEED]) {
    const request =
      query === UPSERT
        ? nextRequestOf('partner write')
        : query === FEED
          ? nextRequestOf('partner feed')
          : { kind: 'statistics' as const, operation: 'x', query, variables: { m: municipalities.slice(0, 1) } };
    const answer = await send(1, { ...request, operation: /(?:query|mutation) (\w+)/.exec(query)![1]! }, '192.0.2.3');
    const parsed = JSON.parse(answer.body) as { errors?: { message: string }[] };
    if (answer.status !== 200 || parsed.errors)
      throw new Error(`${/(?:query|mutation) (\w+)/.exec(query)![1]} fails before the soak: ${answer.status} ${answer.body.slice(0, 300)}`);
  }
  function nextRequestOf(kind: Kind): Request {
    for (;;) {
      const r = nextRequest(false);
      if (r.kind === kind) return r;
    }
  }

  // ─── The run ────────────────────────────────────────────────────────────────────

  const errors = new Map<string, number>();
  const countError = (kind: string) => errors.set(kind, (errors.get(kind) ?? 0) + 1);
  const latencies = new Map<Kind, number[]>();
  const minuteLatencies: number[][] = [];
  let intended429 = 0;
  let answered = 0;

  const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  // Each replica's RSS sampled every second; a minute's figure is the mean of its samples (a single
  // sample moves by tens of MB with each garbage collection).
  const rssSamples: { sum: number; n: number }[][] = replicas.map(() => []);
  const rssByMinute: number[][] = replicas.map(() => []);
  const loadByMinute: number[] = [];
  const started = performance.now();
  const end = started + minutes * 60_000;
  const minuteOf = () => Math.floor((performance.now() - started) / 60_000);

  // One scraper (a few connections from one address) among the clients.
  const scrapers = Math.max(1, Math.round(connections / 20));
  async function client(index: number) {
    const scraper = index < scrapers;
    const replica = index % 2;
    // Municipal pages' visitors come from many addresses: each connection is a new visitor after every
    // nine requests (a page view of a page with every widget), not one visitor asking twice a second
    // for ten minutes. The partner's key has its own budget; the scraper keeps its one address.
    const visitor = () => `10.${(index >> 8) & 255}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;
    let address = scraper ? '203.0.113.66' : visitor();
    let sent = 0;
    while (performance.now() < end) {
      if (!scraper && ++sent % 9 === 0) address = visitor();
      const request = nextRequest(scraper);
      try {
        const answer = await send(replica, request, address);
        answered++;
        let parsed: { errors?: { extensions?: { code?: string } }[]; data?: Record<string, any> };
        try {
          parsed = JSON.parse(answer.body);
        } catch {
          countError(`${request.kind}: HTTP ${answer.status}, not JSON`);
          continue;
        }
        const code = parsed.errors?.[0]?.extensions?.code;
        if (answer.status === 429 || code === 'RATE_LIMITED') {
          if (scraper) intended429++;
          else countError(`${request.kind}: 429 RATE_LIMITED (not the scraper)`);
          continue;
        }
        if (answer.status !== 200 || parsed.errors) {
          countError(`${request.kind}: HTTP ${answer.status} ${code ?? 'no code'}`);
          continue;
        }
        if (request.kind === 'partner feed') feedCursor = parsed.data?.changes?.endCursor ?? feedCursor;
        const list = latencies.get(request.kind) ?? [];
        list.push(answer.ms);
        latencies.set(request.kind, list);
        (minuteLatencies[minuteOf()] ??= []).push(answer.ms);
      } catch (error) {
        countError(`${request.kind}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
  }

  const percentile = (values: number[], p: number) => {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  };
  const fmt = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : n.toFixed(0));

  console.log(
    `Soak: ${connections} connections for ${minutes} min against two replicas on PostgreSQL ${redis ? 'and one Redis' : '(no Redis)'}; load average before ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const sampler = setInterval(() => {
    const minute = minuteOf();
    if (minute >= Math.ceil(minutes)) return;
    replicas.forEach((r, i) => {
      const m = (rssSamples[i]![minute] ??= { sum: 0, n: 0 });
      m.sum += rss(r.child.pid!);
      m.n++;
      rssByMinute[i]![minute] = m.sum / m.n;
    });
    loadByMinute[minute] = os.loadavg()[0]!;
  }, 1000);
  let printed = 0;
  const reporter = setInterval(() => {
    const minute = minuteOf();
    while (printed < minute) {
      const times = minuteLatencies[printed] ?? [];
      console.log(
        `  minute ${printed + 1}: ${times.length} answered, p50 ${fmt(percentile(times, 50))} ms, p99 ${fmt(percentile(times, 99))} ms, RSS ${rssByMinute.map((r) => `${fmt(r[printed] ?? NaN)} MB`).join(' / ')}, load ${fmt(loadByMinute[printed] ?? NaN)}, errors so far ${[...errors.values()].reduce((a, b) => a + b, 0)}`,
      );
      printed++;
    }
  }, 5000);
  try {
    await Promise.all(Array.from({ length: connections }, (_, i) => client(i)));
  } finally {
    clearInterval(sampler);
    clearInterval(reporter);
  }
  const lastMinute = Math.max(0, Math.ceil(minutes) - 1);
  const times = minuteLatencies[lastMinute] ?? [];
  if (printed <= lastMinute)
    console.log(
      `  minute ${lastMinute + 1}: ${times.length} answered, p50 ${fmt(percentile(times, 50))} ms, p99 ${fmt(percentile(times, 99))} ms, RSS ${rssByMinute.map((r) => `${fmt(r[lastMinute] ?? NaN)} MB`).join(' / ')}`,
    );

  const withData = [...latencies.values()].reduce((a, l) => a + l.length, 0);
  const unanswered = [...errors].filter(([k]) => !/: (HTTP \d+|429)/.test(k)).reduce((a, [, n]) => a + n, 0);
  console.log(
    `\nRequests answered: ${answered} (${(answered / (minutes * 60)).toFixed(1)} a second): ${withData} with data, ${intended429} refused with 429 as intended (the scraper), ${answered - withData - intended429} with an error; ${unanswered} without an answer.`,
  );
  console.log('Latency of the answers with data, by kind:');
  for (const [kind, list] of latencies)
    console.log(`  ${kind.padEnd(14)} ${String(list.length).padStart(7)} requests, p50 ${fmt(percentile(list, 50))} ms, p99 ${fmt(percentile(list, 99))} ms`);
  const all = [...latencies.values()].flat();
  console.log(`  ${'all'.padEnd(14)} ${String(all.length).padStart(7)} requests, p50 ${fmt(percentile(all, 50))} ms, p99 ${fmt(percentile(all, 99))} ms`);
  console.log(`Refused with 429 as intended (the scraper): ${intended429}`);
  console.log(`Errors: ${errors.size === 0 ? 'none' : ''}`);
  for (const [kind, n] of [...errors].sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${kind}`);
  console.log(`Server log lines: ${logCounts.warn} warn, ${logCounts.error} error, ${logCounts.fatal} fatal`);
  for (const line of logSamples) console.log(`  ${line}`);
  const from = Math.min(1, lastMinute);
  for (const [i, series] of rssByMinute.entries()) {
    const growth = ((series[lastMinute]! - series[from]!) / series[from]!) * 100;
    console.log(
      `Replica ${i + 1} mean RSS by minute (MB): ${series.map((v) => fmt(v)).join(', ')}; growth from minute ${from + 1} to minute ${lastMinute + 1}: ${growth.toFixed(1)} %   (budget ≤ 10 %)`,
    );
  }
  // The response cache's lookups, summed over the replicas (docs/caching.md).
  const cache: Record<string, number> = {};
  for (const replica of replicas) {
    const text = await (await fetch(`${replica.base}/metrics`)).text();
    for (const m of text.matchAll(/^fc_response_cache_lookups_total\{result="(\w+)"\} (\d+)/gm)) cache[m[1]!] = (cache[m[1]!] ?? 0) + Number(m[2]);
  }
  const looked = (cache.hit ?? 0) + (cache.miss ?? 0);
  console.log(
    `Response cache: ${cache.hit ?? 0} hits, ${cache.miss ?? 0} misses (${looked ? (((cache.hit ?? 0) / looked) * 100).toFixed(1) : '–'} % hits), ${cache.bypass ?? 0} with a key, ${cache.error ?? 0} errors`,
  );
  for (const agent of agents) agent.destroy();
} finally {
  await cleanUp();
}
