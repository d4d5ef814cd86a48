// The "safe to expose" budgets, measured on PostgreSQL with the demo data:
//
// 1. A flood of the most expensive allowed queries from one address (50 connections, 60 s): a second
//    client's cheap query and /healthz, one request at a time, with their p50 and p99, and the
//    server's peak RSS. Budget: the cheap query's p99 ≤ 250 ms, RSS < 1 GB.
// 2. What cost analysis and rate limiting cost: the producer-list page (8 connections) against the
//    same server with and without them, alternating rounds. Budget: ≤ 5 % throughput.
//
//   pnpm bench:safety [--duration 60] [--connections 50] [--rounds 3] [--url postgresql://…/postgres]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    serve: { type: 'string' },
    limits: { type: 'string', default: 'on' },
    budget: { type: 'string', default: 'default' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    url: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
  },
});

/** The most expensive queries the limits allow, each close to the 25,000-point ceiling. */
const FLOOD_QUERIES = [
  // Statistics from the delivery lines, five groupings of them (5 × 2,000 + rows).
  `{ ${['KITCHEN', 'PRODUCER', 'CATEGORY', 'KITCHEN_KIND', 'MONTH'].map((g, i) => `s${i}: deliveryStats(groupBy: [${g}, CATEGORY], categoryDepth: 3) { rows { total organic local } }`).join(' ')} }`,
  // Goal progress of every goal of four places.
  `{ ${['NO-3901', 'SE-0181', 'SE-2080', 'SE-2081'].map((m, i) => `g${i}: goals(filter: { municipality: ["${m}"] }, first: 50) { edges { node { progress { currentValue onTrack series { year value } } } } }`).join(' ')} }`,
  // Matching: every open demand of Horten with its ranked producers and the gaps.
  `{ demands(filter: { municipality: ["NO-3901"], status: [OPEN] }, first: 20) { edges { node { matches(first: 10) { edges { node { rank producer { name } reasons { message } } } } } } }
     demandGaps(municipality: ["NO-3901"], from: "2027-01-01", to: "2027-12-31") { gapKg } }`,
];
const CHEAP_QUERY = '{ municipality(code: "NO-3901") { name region { name } } }';
const LIST_QUERY =
  'query ProducerList($first: Int) { producers(first: $first) { totalCount edges { node { id name kind tenderReady categories { code name } certifications { scheme organic } } } } }';

if (values.serve) {
  // Server mode: the API on the given database, client addresses from X-Forwarded-For.
  const { openPostgres } = await import('../packages/api/src/db/database.js');
  const { createServer } = await import('../packages/api/src/graphql/yoga.js');
  const db = await openPostgres(values.serve, { statementTimeoutMs: 15_000 });
  // The overhead runs give every caller a budget it cannot spend: the limiter still counts each request.
  const budget = values.budget === 'huge' ? { rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 } } : {};
  const yoga = createServer(db, { logLevel: 'silent', trustProxy: 1, limits: values.limits !== 'off', ...budget });
  const server = createHttpServer(yoga);
  server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => process.exit(0));
} else {
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const rounds = Number(values.rounds);

  // A database of its own, migrated and loaded with the demo data.
  const name = `fc_safety_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: values.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(values.url);
  url.pathname = `/${name}`;
  const { openPostgres } = await import('../packages/api/src/db/database.js');
  const { applyMigrations } = await import('../packages/api/src/db/migrate.js');
  const { seedDatabase } = await import('../packages/api/src/seed/setup.js');
  const setup = await openPostgres(url.toString());
  await applyMigrations(setup);
  console.log('Loading the demo data…');
  await seedDatabase(setup);
  await setup.close();

  const startServer = (limits: 'on' | 'off', budget: 'default' | 'huge' = 'default') =>
    new Promise<{ child: ChildProcess; port: number }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', url.toString(), '--limits', limits, '--budget', budget],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, NODE_ENV: 'production' },
        },
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve({ child, port: Number(match[1]) });
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });

  const rssMb = (pid: number) => {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  };
  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  const summary = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (${sorted.length} requests)`;
  };

  try {
    // 1. The flood.
    const { child, port } = await startServer('on');
    try {
      let peak = rssMb(child.pid!);
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 250);
      const cheap: number[] = [];
      const health: number[] = [];
      let failures = 0;
      const victim = async (seconds: number) => {
        const end = performance.now() + seconds * 1000;
        let i = 0;
        while (performance.now() < end) {
          let started = performance.now();
          const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${(i++ % 200) + 1}` },
            body: JSON.stringify({ query: CHEAP_QUERY }),
          });
          await response.arrayBuffer();
          if (response.status !== 200) failures++;
          cheap.push(performance.now() - started);
          started = performance.now();
          const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
          await healthz.arrayBuffer();
          health.push(performance.now() - started);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      let q = 0;
      const flood = autocannon({
        url: `http://127.0.0.1:${port}/graphql`,
        method: 'POST',
        connections,
        duration,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
        requests: [
          { setupRequest: (req: Record<string, unknown>) => ({ ...req, body: JSON.stringify({ query: FLOOD_QUERIES[q++ % FLOOD_QUERIES.length] }) }) },
        ],
      });
      const [result] = await Promise.all([flood, victim(duration)]);
      clearInterval(sampler);
      const codes = result.statusCodeStats as Record<string, { count: number }>;
      console.log(`\nFlood: ${connections} connections from one address for ${duration} s, the most expensive allowed queries`);
      console.log(
        `  flood answered ${codes['200']?.count ?? 0}, refused with 429: ${codes['429']?.count ?? 0}, other: ${
          Object.entries(codes)
            .filter(([c]) => c !== '200' && c !== '429')
            .map(([c, v]) => `${c}×${v.count}`)
            .join(' ') || 'none'
        }`,
      );
      console.log(`  cheap query from another address: ${summary(cheap)}; not 200: ${failures}   (budget p99 ≤ 250 ms)`);
      console.log(`  /healthz: ${summary(health)}`);
      console.log(`  server RSS peak ${peak.toFixed(0)} MB   (budget < 1,024 MB)`);
    } finally {
      child.kill('SIGTERM');
    }

    // 2. Overhead of cost analysis and rate limiting on the producer list.
    const best: Record<'on' | 'off', number> = { on: 0, off: 0 };
    for (let round = 0; round < rounds; round++) {
      for (const limits of ['off', 'on'] as const) {
        const server = await startServer(limits, 'huge');
        try {
          const options = {
            url: `http://127.0.0.1:${server.port}/graphql`,
            method: 'POST' as const,
            connections: 8,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: LIST_QUERY, variables: { first: 20 } }),
          };
          await autocannon({ ...options, duration: 2 });
          const r = await autocannon({ ...options, duration: 10 });
          best[limits] = Math.max(best[limits], r.requests.average);
          console.log(`  round ${round + 1}, limits ${limits}: ${r.requests.average.toFixed(1)} req/s, p50 ${r.latency.p50} ms, non-2xx ${r.non2xx}`);
        } finally {
          server.child.kill('SIGTERM');
        }
      }
    }
    const overhead = (1 - best.on / best.off) * 100;
    console.log(
      `\nProducer list (8 connections, best of ${rounds}): ${best.off.toFixed(1)} req/s without limits, ${best.on.toFixed(1)} with: overhead ${overhead.toFixed(1)} %   (budget ≤ 5 %)`,
    );
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
