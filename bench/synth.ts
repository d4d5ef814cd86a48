// Fills a PostgreSQL database with a large generated dataset for the benchmarks: the demo story plus
// generated producers, kitchens and delivery lines (default 50,000 / 5,000 / 2,000,000).
//   pnpm db:synth [--producers N] [--kitchens N] [--deliveries N] [--url postgresql://…/fc_bench] [--force]
// The target database (default fc_bench on 127.0.0.1) is created; an existing one is replaced only
// with --force.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../packages/api/src/db/database.js';
import { applyMigrations } from '../packages/api/src/db/migrate.js';
import { refreshPublicLocations } from '../packages/api/src/privacy/public-location.js';
import { seedDemo } from '../packages/api/src/seed/demo.js';
import { loadReferenceData } from '../packages/api/src/seed/reference.js';
import { rebuildDeliveryRollup } from '../packages/api/src/stats/rollup.js';

export const DEFAULT_BENCH_URL = 'postgresql://postgres@127.0.0.1:5432/fc_bench';

// `pnpm <script> -- --flag` passes the `--` through.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
  options: {
    url: { type: 'string', default: process.env.FC_BENCH_URL ?? DEFAULT_BENCH_URL },
    producers: { type: 'string', default: '50000' },
    kitchens: { type: 'string', default: '5000' },
    deliveries: { type: 'string', default: '2000000' },
    force: { type: 'boolean', default: false },
  },
});

const scale = { producers: Number(values.producers), kitchens: Number(values.kitchens), deliveries: Number(values.deliveries) };
for (const [name, n] of Object.entries(scale)) {
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number; got ${n}.`);
}

const url = new URL(values.url);
const name = url.pathname.slice(1);
if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Database name "${name}" must be lower case letters, digits and underscores.`);
const adminUrl = new URL(url);
adminUrl.pathname = '/postgres';
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
if (exists && !values.force) {
  await admin.end();
  throw new Error(`Database ${name} exists; pass --force to replace it.`);
}
if (exists) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
// JIT compilation costs seconds per statement here and never pays off for these queries (measured:
// 6.3 s → 2.7 s for deliveryStats over 342,000 lines). Production databases should do the same.
await admin.query(`ALTER DATABASE ${name} SET jit = off`);
await admin.end();

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const db = await openPostgres(url.toString());
try {
  await applyMigrations(db);
  await loadReferenceData(db);
  console.log(`[${seconds()} s] migrated, reference data loaded`);
  const counts = await seedDemo(db, { scale, onProgress: (msg) => console.log(`[${seconds()} s] ${msg}`) });
  await refreshPublicLocations(db);
  console.log(`[${seconds()} s] building the statistics rollup…`);
  await rebuildDeliveryRollup(db);
  // Refreshing the public locations rewrote every producer row; autovacuum may be off on the server.
  console.log(`[${seconds()} s] vacuuming and analyzing…`);
  await db.sql.exec('VACUUM (ANALYZE)');
  console.log(`[${seconds()} s] done: ${url.toString()}`);
  console.table(counts);
} finally {
  await db.close();
}
