/**
 * Prints the gzip sizes of the built bundle against its budgets (run `pnpm build` first).
 *
 * "Everything but the map" is what a page showing every widget except the map loads: the entry
 * `foodcommons.js` with its static imports (Lit), the chart's drawing chunk, and the texts of the
 * page's language — counted as the largest language chunk, since a page loads one. Each file is
 * compressed on its own, as a server sends it. Budget ≤ 25 kB. The map chunk (Leaflet, its CSS,
 * supercluster), which only pages with a map load, has its own budget of ≤ 60 kB. The reported
 * values' chunk, which only a chart with `reported` loads, is shown on its own and added to the
 * total of such a page, with a budget of ≤ 27 kB.
 *
 * Exits with 1 when a budget is exceeded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const raw = (file: string) => readFileSync(path.join(dist, file)).length;
const sum = (files: Iterable<string>, size = gz) => [...files].reduce((s, f) => s + size(f), 0);

/** The files an entry loads before running: itself and its static imports, transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(path.join(dist, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["'`]\.\/([^"'`]+)["'`]/g)) {
    staticClosure(path.posix.join(path.posix.dirname(file), m[1]!), seen);
  }
  return seen;
}

const chunks = readdirSync(path.join(dist, 'chunks'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `chunks/${f}`);
const entry = staticClosure('foodcommons.js');
const only = (prefix: string) => {
  const found = chunks.filter((f) => f.startsWith(`chunks/${prefix}`));
  if (found.length !== 1) throw new Error(`Expected one ${prefix}* chunk in dist/chunks, found ${found.length}: run the build again.`);
  return found[0]!;
};
const map = only('map-view-');
const chart = only('share-chart-view-');
const reported = only('reported-marks-');
const languages = chunks
  .filter((f) => f.startsWith('chunks/messages-'))
  .map((f) => ({ file: f, lang: /messages-([a-z]{2})-/.exec(f)![1]!, gz: gz(f) }))
  .sort((a, b) => b.gz - a.gz);
const largest = languages[0]!;
// Every chunk must be accounted for: a new lazy chunk has to be placed in one of the rows below.
const known = new Set([...entry, map, chart, reported, ...languages.map((l) => l.file)]);
const unknown = chunks.filter((f) => !known.has(f));
if (unknown.length) throw new Error(`Chunks the size script does not account for: ${unknown.join(', ')}`);

const entryGz = sum(entry);
const allButMap = entryGz + gz(chart) + largest.gz;
const withReported = allButMap + gz(reported);
const rows: [string, number, string, string][] = [
  ['entry: foodcommons.js + static imports', entryGz, '', [...entry].join(', ')],
  ['chart drawing chunk (d3-array)', gz(chart), '', chart],
  [`one language's texts (largest: ${largest.lang})`, largest.gz, '', `${languages.length} chunks, ${kb(languages.at(-1)!.gz)}–${kb(largest.gz)}`],
  ['everything but the map', allButMap, '≤ 25 kB', 'entry + chart + one language'],
  ['reported values chunk (charts with `reported`)', gz(reported), '', reported],
  ['everything but the map, with reported values', withReported, '≤ 27 kB', 'the above + reported values'],
  ['map chunk (Leaflet, its CSS, supercluster)', gz(map), '≤ 60 kB', map],
  ['/embed builder (not part of the bundle)', gz('embed.js'), '', 'embed.js'],
];
console.log('gzip -9 sizes of packages/widgets/dist, each file on its own\n');
for (const [what, size, budget, files] of rows) console.log(`${what.padEnd(46)} ${kb(size).padStart(9)}  ${budget.padEnd(8)} ${files}`);
console.log(
  `\nraw: entry ${kb(sum(entry, raw))}, chart ${kb(raw(chart))}, reported ${kb(raw(reported))}, ${largest.lang} ${kb(raw(largest.file))}, map ${kb(raw(map))}`,
);
const over = [
  allButMap > 25_000 && `everything but the map is ${kb(allButMap)}, over 25 kB`,
  withReported > 27_000 && `everything but the map with reported values is ${kb(withReported)}, over 27 kB`,
  gz(map) > 60_000 && `the map chunk is ${kb(gz(map))}, over 60 kB`,
].filter(Boolean);
console.log(
  over.length ? `\nOver budget: ${over.join('; ')}.` : '\nWithin budget: everything but the map ≤ 25 kB (≤ 27 kB with reported values), map chunk ≤ 60 kB.',
);
if (over.length) process.exitCode = 1;
