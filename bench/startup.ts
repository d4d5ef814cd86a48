// Start-up benchmark: cold start (empty data folder → first answered query) and warm start (existing
// folder → first answered query) of `pnpm start` on the embedded database: the compiled server with
// NODE_ENV=production, as the README's quickstart runs it. A cold start unpacks the starter database
// that `pnpm build` made (migrated, with the reference and demo data); `--without-starter` measures
// a cold start that builds the database itself. Prints figures against the budgets (cold ≤ 10 s, warm ≤ 3 s).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = fileURLToPath(new URL('../packages/api', import.meta.url));
const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3);
const withoutStarter = process.argv.includes('--without-starter');
const server = path.join(apiDir, 'dist/server.js');
const starter = path.join(apiDir, 'dist/starter');
if (!fs.existsSync(server)) throw new Error('packages/api/dist/server.js is missing: run `npx pnpm build` first.');
let hidden: string | undefined;
if (withoutStarter && fs.existsSync(starter)) {
  hidden = `${starter}.hidden-${process.pid}`;
  fs.renameSync(starter, hidden);
}
process.on('exit', () => {
  if (hidden) fs.renameSync(hidden, starter);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));

async function answered(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ municipality(code: "NO-3901") { name producers(first: 5) { totalCount } } }' }),
    });
    const body = (await response.json()) as { data?: { municipality?: { name: string } } };
    return body.data?.municipality?.name === 'Horten';
  } catch {
    return false;
  }
}

/** Starts the server on `dataDir` and returns the seconds until it answers the Horten query. */
async function timeStart(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [server], {
    cwd: apiDir,
    // The start measured is the quickstart's: `pnpm start` on the embedded database with the demo data.
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), PGLITE_DIR: dataDir, DATABASE_URL: '', FC_DEMO_DATA: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
      if (await answered(port)) return (performance.now() - started) / 1000;
      if (performance.now() - started > 120_000) throw new Error('no answer within 120 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const loadBefore = os.loadavg();
const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-bench-'));
  const dataDir = path.join(dir, 'pglite');
  try {
    cold.push(await timeStart(dataDir, 41_000 + i));
    warm.push(await timeStart(dataDir, 41_100 + i));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const fmt = (xs: number[]) => `median ${median(xs).toFixed(2)} s (runs: ${xs.map((x) => x.toFixed(2)).join(', ')})`;
console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(
  `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(', ')}; after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
console.log(
  `cold start (empty data folder → first answered query, ${withoutStarter ? 'without the starter database' : 'from the starter database'}): ${fmt(cold)}   budget ≤ 10 s`,
);
console.log(`warm start (existing data folder → first answered query): ${fmt(warm)}   budget ≤ 3 s`);
