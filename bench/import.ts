/**
 * Import throughput: writes a deliveries CSV of N rows (default 200,000; `--rows 1000000` for the
 * memory check), imports it into a fresh PostgreSQL database through the same code path as
 * `importFile` and `pnpm fc import`, and prints rows per second and memory over time, the seconds
 * of each phase (as `fc import` shows them), and the CPU seconds of Node and of the PostgreSQL
 * backends (when the server runs on this machine).
 *
 *   pnpm bench:import [--rows N] [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--without-triggers]
 *
 * `--without-triggers` switches off the user triggers on `delivery` (the statistics rollup) in the
 * benchmark's own database, to show what they cost; the import itself never does that.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres } from '../packages/api/src/db/database.js';
import { importCsv } from '../packages/api/src/imports/import.js';
import { applyMigrations } from '../packages/api/src/db/migrate.js';
import { loadReferenceData } from '../packages/api/src/seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../packages/api/src/sync/keys.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const ROWS = Number(arg('rows', '200000'));
const ADMIN = arg('postgres', 'postgresql://postgres@127.0.0.1:5432/postgres');
const WITHOUT_TRIGGERS = process.argv.includes('--without-triggers');
let LOAD_BEFORE = '';

/**
 * CPU seconds used so far by the PostgreSQL backends serving database `name` (read from /proc: the
 * server runs on this machine). On a machine shared with other work, CPU time says what the import
 * costs where wall time also says how busy the machine was.
 */
function backendCpuSeconds(name: string): number | null {
  let ticks = 0;
  let found = false;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${name} `)) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return found ? ticks / 100 : null;
}
const KITCHENS = 500;
const CATEGORIES = ['vegetables.root.potatoes', 'vegetables.root.carrots', 'dairy.milk', 'fruit.apples', 'eggs', 'cereals.bread'];

function writeCsv(file: string) {
  const out = fs.openSync(file, 'w');
  fs.writeSync(
    out,
    '\uFEFFexternal_id;kitchen_external_id;supplier_name;category;period_start;period_end;quantity;unit;value;currency;organic;certifications\n',
  );
  let buffer = '';
  for (let i = 0; i < ROWS; i++) {
    // Each kitchen and category gets one line a day: no two lines overlap.
    const kitchen = i % KITCHENS;
    const category = CATEGORIES[Math.floor(i / KITCHENS) % CATEGORIES.length]!;
    const day = Math.floor(i / (KITCHENS * CATEGORIES.length));
    const date = new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10);
    const organic = i % 3 === 0;
    const unit = category === 'dairy.milk' ? 'l' : category === 'eggs' ? 'piece' : 'kg';
    buffer += `line-${i};k${kitchen};Grossist ${i % 17} AS;${category};${date};${date};${(i % 97) + 1},5;${unit};${(i % 997) + 10},25;NOK;${organic ? 'ja' : 'nei'};${organic ? 'DEBIO' : ''}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(out, buffer);
      buffer = '';
    }
  }
  fs.writeSync(out, buffer);
  fs.closeSync(out);
}

async function main() {
  const file = path.join(os.tmpdir(), `fc-bench-deliveries-${ROWS}.csv`);
  if (!fs.existsSync(file)) writeCsv(file);
  const size = fs.statSync(file).size;
  const name = `fc_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  try {
    await applyMigrations(db);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Bench' });
    await createSource(db, org.id, { key: 'bench', name: 'Bench', licence: 'CC0-1.0' });
    const { record } = await createApiKey(db, org.id, 'bench', ['write']);
    const viewer = { organizationId: org.id, apiKeyId: record.id, scopes: ['write'] };
    const source = await db.prisma.source.findUniqueOrThrow({ where: { key: 'bench' } });
    await db.prisma.kitchen.createMany({
      data: Array.from({ length: KITCHENS }, (_, k) => ({
        sourceId: source.id,
        externalId: `k${k}`,
        name: `Kitchen ${k}`,
        kind: 'SCHOOL' as const,
        municipalityCode: 'NO-3901',
        productionType: 'COOKING' as const,
      })),
    });
    const triggers = await db.sql.query<{ name: string }>(
      `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'delivery'::regclass AND NOT tgisinternal ORDER BY 1`,
    );
    if (WITHOUT_TRIGGERS) await db.sql.exec('ALTER TABLE delivery DISABLE TRIGGER USER');
    console.log(`Triggers on delivery: ${triggers.map((t) => t.name).join(', ') || 'none'}${WITHOUT_TRIGGERS ? ' (switched off for this run)' : ''}`);
    global.gc?.();
    const rss: number[] = [];
    const heap: number[] = [];
    const sample = setInterval(() => {
      rss.push(process.memoryUsage().rss);
      heap.push(process.memoryUsage().heapUsed);
    }, 250);
    const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
    LOAD_BEFORE = os.loadavg()[0]!.toFixed(1);
    const cpuBefore = { node: process.cpuUsage(), server: backendCpuSeconds(name) };
    const started = performance.now();
    let lastShown = 0;
    // Seconds of each phase: reading (and staging) until the first whole-file phase, then those.
    const phases: [string, number][] = [['reading', started]];
    const report = await importCsv(db, viewer, () => fs.createReadStream(file, { highWaterMark: 1 << 20 }), {
      kind: 'deliveries',
      source: 'bench',
      fileName: path.basename(file),
      onPhase: (phase) => phases.push([phase, performance.now()]),
      onProgress: ({ rows }) => {
        if (rows - lastShown >= 100_000) {
          lastShown = rows;
          const s = (performance.now() - started) / 1000;
          console.log(
            `  ${rows.toLocaleString('en')} rows  ${Math.round(rows / s).toLocaleString('en')} rows/s  rss ${mb(process.memoryUsage().rss)}  heap ${mb(process.memoryUsage().heapUsed)}`,
          );
        }
      },
    });
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    const nodeCpu = process.cpuUsage(cpuBefore.node);
    const serverCpu = backendCpuSeconds(name);
    clearInterval(sample);
    if (!report.committed || report.created !== ROWS) throw new Error(`Import failed: ${JSON.stringify({ ...report, errors: report.errors.slice(0, 5) })}`);
    const tenth = Math.max(1, Math.floor(rss.length / 10));
    console.log(`Imported ${ROWS.toLocaleString('en')} delivery rows (${mb(size)} CSV, BOM, semicolons, decimal commas) into PostgreSQL`);
    console.log(`  ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s (incl. validation, overlap checks, change log)`);
    console.log(`  phases: ${phases.map(([phase, at], i) => `${phase} ${(((phases[i + 1]?.[1] ?? ended) - at) / 1000).toFixed(1)} s`).join(', ')}`);
    console.log(
      `  CPU: node ${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)} s, PostgreSQL backends ${serverCpu === null || cpuBefore.server === null ? 'unknown (not on this machine)' : `${(serverCpu - cpuBefore.server).toFixed(1)} s`}`,
    );
    console.log(`  rss after first tenth ${mb(Math.max(...rss.slice(0, tenth)))}, peak ${mb(Math.max(...rss))}; heap peak ${mb(Math.max(...heap))}`);
    console.log(
      `  changes logged: ${(await db.prisma.change.count()).toLocaleString('en')}; load average before/after ${LOAD_BEFORE} / ${os.loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
