/**
 * Prints the gzip sizes of the built bundle against its budgets (run `pnpm build` first):
 * the entry with what it imports statically (every element, the map and chart drawing excepted)
 * ≤ 25 kB, and the map chunk (Leaflet, its CSS, supercluster) ≤ 60 kB. The chart drawing chunk
 * (d3-scale, d3-shape) is listed on its own, and the sum of everything but the map too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const raw = (file: string) => readFileSync(path.join(dist, file)).length;

/** The files an entry loads before running: itself and its static imports, transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(path.join(dist, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+)["']/g)) {
    staticClosure(path.posix.join(path.posix.dirname(file), m[1]!), seen);
  }
  return seen;
}

const chunks = readdirSync(path.join(dist, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`);
const entry = staticClosure('foodcommons.js');
const map = chunks.find((f) => f.startsWith('chunks/map-view-'))!;
const chart = chunks.find((f) => f.startsWith('chunks/share-chart-view-'))!;
const entryGz = [...entry].reduce((s, f) => s + gz(f), 0);
const allButMap = [...new Set([...entry, ...chunks.filter((f) => f !== map)])].reduce((s, f) => s + gz(f), 0);

const rows: [string, string, string, string][] = [
  ['entry: foodcommons.js + static imports', [...entry].join(', '), kb(entryGz), '≤ 25 kB'],
  ['chart drawing chunk (lazy, d3)', chart, kb(gz(chart)), ''],
  ['everything but the map', 'entry + every other chunk', kb(allButMap), '≤ 25 kB'],
  ['map chunk (lazy: Leaflet, CSS, supercluster)', map, kb(gz(map)), '≤ 60 kB'],
  ['/embed builder (not part of the bundle)', 'embed.js', kb(gz('embed.js')), ''],
];
console.log('gzip -9 sizes of packages/widgets/dist\n');
for (const [what, files, size, budget] of rows) console.log(`${what.padEnd(46)} ${size.padStart(9)}  ${budget.padEnd(8)} ${files}`);
console.log(`\nraw: entry ${kb([...entry].reduce((s, f) => s + raw(f), 0))}, map ${kb(raw(map))}, chart ${kb(raw(chart))}`);
const over = [
  entryGz > 25_000 && 'entry over 25 kB',
  gz(map) > 60_000 && 'map chunk over 60 kB',
  allButMap > 25_000 && `everything but the map is ${kb(allButMap)}, over 25 kB (the chart's d3 chunk loads only on pages with a chart)`,
].filter(Boolean);
console.log(over.length ? `\nOver budget: ${over.join('; ')}.` : '\nWithin budget.');
