// What a flood from one address does to everyone else: one client asks a small query over and over
// and we print its p50 and p99, alone, under a flood from another address with the default rate
// limits, and under the same flood with limits so large they never refuse. The server runs in its own
// process (embedded PGlite in memory, reference data), the flood comes from autocannon.
//   pnpm --filter @food-commons/bench exec tsx flood.ts [--duration 10] [--connections 32]
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    serve: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
  },
});

const VICTIM_QUERY = '{ municipalities(first: 5) { edges { node { code name } } } }';
const FLOOD_QUERY = '{ categories(first: 100) { edges { node { code name } } } }';

if (values.serve) {
  // Server mode: budget as given, client addresses from X-Forwarded-For.
  const { openPglite } = await import('../packages/api/src/db/database.js');
  const { applyMigrations } = await import('../packages/api/src/db/migrate.js');
  const { loadReferenceData } = await import('../packages/api/src/seed/reference.js');
  const { createServer } = await import('../packages/api/src/graphql/yoga.js');
  const db = await openPglite('memory://');
  await applyMigrations(db);
  await loadReferenceData(db);
  const { loadConfig } = await import('../packages/api/src/config.js');
  const perMinute = values.serve === 'default' ? loadConfig({}).rateLimit.anonymousPerMinute : Number(values.serve);
  const yoga = createServer(db, { logLevel: 'silent', trustProxy: 1, rateLimit: { anonymousPerMinute: perMinute, keyPerMinute: perMinute } });
  const server = createHttpServer(yoga);
  server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => process.exit(0));
} else {
  const duration = Number(values.duration);
  const connections = Number(values.connections);

  const startServer = (perMinute: number | 'default') =>
    new Promise<{ child: ChildProcess; port: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', String(perMinute)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve({ child, port: Number(match[1]) });
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });

  const post = (port: number, address: string, query: string) =>
    fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query }),
    });

  /** One client, one request at a time, for `seconds`: its latencies in ms. */
  async function victim(port: number, seconds: number): Promise<number[]> {
    const times: number[] = [];
    const end = performance.now() + seconds * 1000;
    let i = 0;
    while (performance.now() < end) {
      const started = performance.now();
      // A few addresses so the victim never spends its own budget.
      const response = await post(port, `198.51.100.${(i++ % 200) + 1}`, VICTIM_QUERY);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`the measured client got ${response.status}`);
      times.push(performance.now() - started);
    }
    return times;
  }

  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

  const summary = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    if (!sorted.length) return 'no requests'.padEnd(40);
    return `p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms  (${String(sorted.length).padStart(4)})`;
  };

  /**
   * The measured client alone, then under the flood: while the flooder spends its budget (the burst a
   * token bucket allows) and afterwards, once it is refused (or after `duration` s when it never is).
   */
  async function scenario(name: string, perMinute: number | 'default', flood: boolean) {
    const { child, port } = await startServer(perMinute);
    try {
      await victim(port, 2); // warm up
      if (!flood) {
        console.log(`${name}: ${summary(await victim(port, duration))}`);
        return;
      }
      let firstRefusal: (() => void) | undefined;
      const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
      const flooding = autocannon({
        url: `http://127.0.0.1:${port}/graphql`,
        method: 'POST',
        connections,
        duration: 3600,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
        body: JSON.stringify({ query: FLOOD_QUERY }),
      });
      flooding.on('response', (_client: unknown, status: number) => {
        if (status === 429) firstRefusal?.();
      });
      const burstStarted = performance.now();
      const burst: number[] = [];
      let burstOver = false;
      void Promise.race([refused, new Promise((resolve) => setTimeout(resolve, duration * 1000))]).then(() => (burstOver = true));
      while (!burstOver) burst.push(...(await victim(port, 0.001)));
      const burstSeconds = (performance.now() - burstStarted) / 1000;
      const steady = await victim(port, duration);
      flooding.stop();
      const result = await flooding;
      const codes = result.statusCodeStats as Record<string, { count: number }>;
      console.log(
        `${name}\n  while the flooder spends its budget (${burstSeconds.toFixed(1)} s): ${summary(burst)}\n` +
          `  afterwards (${duration} s): ${summary(steady)}\n` +
          `  flood: ${codes['200']?.count ?? 0} answered, ${codes['429']?.count ?? 0} refused with 429`,
      );
    } finally {
      child.kill('SIGTERM');
    }
  }

  console.log(`Measured client: ${VICTIM_QUERY}\nFlood from one address, ${connections} connections: ${FLOOD_QUERY}\n`);
  await scenario('alone', 'default', false);
  await scenario('flood, default limits', 'default', true);
  await scenario('flood, limits that never refuse', 1_000_000_000, true);
}
