/**
 * Benchmark: time from `<fc-producer-map>` attached to the page to its first markers painted, with
 * 1,000 / 5,000 / 10,000 producers, in headless Chromium against the API on PGlite. Budget: ≤ 1 s
 * at 10,000. Prints the median of five runs per size, and the share of it spent fetching the
 * producers' GeoJSON. Run `pnpm --filter @food-commons/widgets build` first.
 *
 *   pnpm --filter @food-commons/widgets bench
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { applyMigrations, createServer, loadReferenceData, openPglite, refreshPublicLocations } from '@food-commons/api/testing';
import { CHROMIUM_ARGS, findChromium, missingChromiumMessage } from '../src/test/chromium.js';

const SIZES = [1_000, 5_000, 10_000];
const RUNS = 5;

const db = await openPglite('memory://');
await applyMigrations(db);
await loadReferenceData(db);
const source = await db.prisma.source.create({ data: { key: 'bench', name: 'Benchmark producers', publisher: 'Benchmark', licence: 'CC0-1.0' } });
const municipalities = await db.prisma.municipality.findMany({ select: { code: true, countryCode: true, centroidLat: true, centroidLon: true } });

// Deterministic pseudo-random producers around municipality centres across Norway and Sweden.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
let made = 0;
async function grow(to: number) {
  const rows = [];
  for (; made < to; made++) {
    const m = municipalities[Math.floor(random() * municipalities.length)]!;
    rows.push({
      sourceId: source.id,
      externalId: `bench-${made}`,
      name: `Gård ${made}`,
      kind: 'FARM' as const,
      countryCode: m.countryCode,
      municipalityCode: m.code,
      lat: m.centroidLat + (random() - 0.5) * 0.2,
      lon: m.centroidLon + (random() - 0.5) * 0.4,
    });
  }
  await db.prisma.producer.createMany({ data: rows });
  await refreshPublicLocations(db);
}

const yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
const api = http.createServer(yoga);
await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
const page = `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>bench</title>
<script type="module" src="${apiUrl}/widgets/foodcommons.js"></script></head><body><main id="main"></main></body></html>`;
const host = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/`;

const found = findChromium();
if (!found.path) throw new Error(missingChromiumMessage(found.tried));
const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`<fc-producer-map>: attached → first markers painted (median of ${RUNS}; Chromium headless, PGlite, tiles="none")\n`);
console.log('producers   total      of which GeoJSON fetch   markers+clusters drawn');
for (const size of SIZES) {
  await grow(size);
  const totals: number[] = [];
  const fetches: number[] = [];
  let markers = 0;
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const tab = await context.newPage();
    await tab.goto(hostUrl);
    await tab.waitForFunction(() => customElements.get('fc-producer-map'));
    // A fresh context each run: the lazily loaded map chunk is fetched and parsed every time, as on
    // a first visit; the time includes it.
    const result = await tab.evaluate(async () => {
      const el = document.createElement('fc-producer-map');
      el.setAttribute('tiles', 'none');
      const start = performance.now();
      const painted = new Promise<{ markers: number; producers: number }>((resolve) =>
        el.addEventListener('fc-render', (e) => resolve((e as CustomEvent).detail), { once: true }),
      );
      document.getElementById('main')!.append(el);
      const detail = await painted;
      const total = performance.now() - start;
      const entry = performance.getEntriesByType('resource').find((r) => r.name.includes('/geo/producers.geojson')) as PerformanceResourceTiming | undefined;
      return { total, fetch: entry ? entry.responseEnd - entry.startTime : NaN, ...detail };
    });
    if (result.producers !== size) throw new Error(`expected ${size} producers, the map had ${result.producers}`);
    totals.push(result.total);
    fetches.push(result.fetch);
    markers = result.markers;
    await context.close();
  }
  console.log(
    `${String(size).padStart(9)}   ${median(totals).toFixed(0).padStart(5)} ms   ${median(fetches).toFixed(0).padStart(6)} ms                ${markers}`,
  );
}
await browser.close();
api.closeAllConnections();
api.close();
host.close();
await db.close();
