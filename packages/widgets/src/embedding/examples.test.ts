import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { axeViolations, browserDescribe, closePage, newPage, screenshot, settled, useBrowser } from '../test/harness.js';
import { contradictions } from '../test/page-truth.js';

const examples = new URL('../../../../examples/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, examples), 'utf8');

/**
 * The examples as a municipality publishes them: plain HTML on another origin, the two-line embed.
 * Their `http://localhost:4000` (the default `pnpm start` address) points at the test API here. Each
 * page must never contradict itself (see page-truth.ts): a chart's value under a goal is the goal
 * card's, every local share names its definition, the ranking stays in the municipality's region, the
 * map credits only what it draws, in the page's language.
 */
browserDescribe('the example pages (Chromium)', () => {
  const session = useBrowser();
  const { api } = session;

  // The KISMET pages hold every widget: Swedish under a strict CSP, English without one; axe on both.
  const pages = [
    {
      dir: 'municipal-page',
      file: 'index.html',
      name: 'horten-nb',
      lang: 'nb',
      municipality: 'NO-3901',
      expect: ['produsenter', 'Økologisk andel', 'Avrop på rammeavtale', 'Lokal: samme fylke'],
      strict: false,
      axe: false,
    },
    {
      dir: 'kismet-page',
      file: 'index.html',
      name: 'kismet-sv',
      lang: 'sv',
      municipality: 'SE-0181',
      expect: ['producenter', 'Kök', 'Ekologisk andel', 'Kommun', 'behov', 'Lokalt: inom 50 km', 'EU-ekologisk'],
      strict: true,
      axe: true,
    },
    {
      dir: 'kismet-page',
      file: 'en.html',
      name: 'kismet-en',
      lang: 'en',
      municipality: 'SE-0181',
      expect: ['producers', 'Kitchens', 'Organic share', 'Municipality', 'needs', 'Local: within 50 km'],
      strict: false,
      axe: true,
    },
  ];
  for (const example of pages) {
    const title = `${example.dir}/${example.file} renders its widgets with the demo data${example.strict ? ' under a strict CSP' : ''}${example.axe ? ', without axe violations' : ''}, and never contradicts itself`;
    it(title, async () => {
      // What a municipality adds to its policy: the API's origin for scripts and data, nothing inline.
      const csp = example.strict
        ? `default-src 'none'; script-src 'self' ${api}; style-src 'self'; connect-src ${api}; img-src 'self' data: https://tile.openstreetmap.org`
        : undefined;
      const html = read(`${example.dir}/${example.file}`)
        .replaceAll('http://localhost:4000', api)
        .replace(/<link rel="stylesheet"[^>]*>/, '');
      const page = await newPage(session.browser, { viewport: { width: 960, height: 900 } });
      await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      await page.goto(session.host.set(`/${example.name}.html`, { html, csp }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const tags = await page.evaluate(() => [...document.querySelectorAll('main *')].map((e) => e.localName).filter((t) => t.startsWith('fc-')));
      expect(tags.length).toBeGreaterThan(2);
      for (const tag of tags) await settled(page, tag, 120_000);
      const failed = await page.evaluate(() =>
        [...document.querySelectorAll('main *')].flatMap((e) => {
          const error = e.shadowRoot?.querySelector('.state.error');
          return error ? [`${e.localName}: ${error.textContent!.replace(/\s+/g, ' ').trim()}`] : [];
        }),
      );
      expect(failed).toEqual([]);
      const text = await page.evaluate(() => [...document.querySelectorAll('main *')].map((e) => e.shadowRoot?.textContent ?? '').join(' '));
      for (const words of example.expect) expect(text).toContain(words);
      expect(errors).toEqual([]);
      expect(violations).toEqual([]);
      await page.waitForSelector('fc-producer-map >> .leaflet-marker-icon');
      if (example.strict) {
        // Leaflet's stylesheet is adopted into the shadow root (no <style>, no style=): its panes are
        // positioned, so the markers sit inside the map.
        const inside = await page.evaluate(() => {
          const root = document.querySelector('fc-producer-map')!.shadowRoot!;
          const map = root.querySelector('.map')!.getBoundingClientRect();
          const marker = root.querySelector('.leaflet-marker-icon')!.getBoundingClientRect();
          return marker.top >= map.top && marker.bottom <= map.bottom && getComputedStyle(root.querySelector('.leaflet-pane')!).position === 'absolute';
        });
        expect(inside).toBe(true);
      }
      // The boundary basemap (the tiles are refused here) and its credit are in before the page is read.
      await expect
        .poll(() => page.locator('fc-producer-map .leaflet-control-attribution').textContent(), { timeout: 30_000 })
        .toMatch(/Kartverket|Valmyndigheten/);
      expect(await contradictions(page, api, example.lang as 'nb' | 'sv' | 'en', example.municipality)).toEqual([]);
      if (example.axe) expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `example-${example.name}`);
      await closePage(page);
    });
  }
});
