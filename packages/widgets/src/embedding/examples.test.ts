import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { axeViolations, browserDescribe, closePage, newPage, screenshot, settled, useBrowser } from '../test/harness.js';
import { type Lang, Localizer, loadMessages } from '../internal/i18n.js';
import en from '../internal/messages/en.js';
import { BOUNDARY_CREDITS, contradictions } from '../test/page-truth.js';

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

  interface Example {
    dir: string;
    file: string;
    name: string;
    lang: Lang;
    municipality: string;
    /** Texts the widgets show on the page, in its language. */
    expect: string[];
    strict: boolean;
    axe: boolean;
    /** The place's goal as its card titles it in the page's language, and the year its purchases run to. */
    goal?: { title: string; year: string };
  }
  // The KISMET pages hold every widget: Swedish under a strict CSP, English without one; axe on both.
  // The other municipal pages are the places of five more countries in the demo data, in their own
  // languages, with their one goal each: the chart counts local as the goal does (same region in Turku
  // and Vilnius; the chart's own default, same municipality, where the goal is an organic share).
  const place = (file: string, lang: Lang, municipality: string, goal: string, local: string): Example => ({
    dir: 'municipal-page',
    file,
    name: `${file.replace('.html', '')}-${lang}`,
    lang,
    municipality,
    expect: [local],
    strict: false,
    axe: true,
    goal: { title: goal, year: '2025' },
  });
  const pages: Example[] = [
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
    place('turku.html', 'fi', 'FI-853', 'Lisää varsinaissuomalaista lähiruokaa Turun aterioihin', 'Paikallinen: sama maakunta'),
    place('aarhus.html', 'da', 'DK-751', 'Økologiandel i Aarhus Kommunes måltider', 'Lokal: samme kommune'),
    place('tartu.html', 'et', 'EE-0793', 'Rohkem mahetoitu Tartu koolides ja hooldekodudes', 'Kohalik: sama omavalitsus'),
    place('vilnius.html', 'lt', 'LT-13', 'Daugiau Vilniaus apskrities gamintojų maisto miesto virtuvėse', 'Vietiniai: ta pati apskritis'),
    place('rostock.html', 'de', 'DE-13003', 'Bio-Anteil in der Gemeinschaftsverpflegung Rostocks', 'Regional: gleiche Gemeinde'),
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
  const english = new Localizer('en', en);
  for (const example of pages) {
    const title = `${example.dir}/${example.file} renders its widgets with the demo data${example.strict ? ' under a strict CSP' : ''}${example.axe ? ', without axe violations' : ''}, and never contradicts itself`;
    it(title, async () => {
      // What a municipality adds to its policy: the API's origin for scripts and data, nothing inline.
      const csp = example.strict
        ? `default-src 'none'; script-src 'self' ${api}; style-src 'self'; connect-src ${api}; img-src 'self' data: https://tile.openstreetmap.org`
        : undefined;
      const source = read(`${example.dir}/${example.file}`);
      expect(source).toContain(`<html lang="${example.lang}">`);
      const html = source.replaceAll('http://localhost:4000', api).replace(/<link rel="stylesheet"[^>]*>/, '');
      const page = await newPage(session.browser, { viewport: { width: 960, height: 900 } });
      await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // Console errors too, but for the refused tiles (the map then draws the boundary basemap).
      page.on('console', (m) => {
        if (m.type() === 'error' && !/tile\.openstreetmap\.org/.test(m.location().url)) errors.push(`console: ${m.text()} (${m.location().url})`);
      });
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
      // The widgets' own labels in the page's language (from its table), not in English.
      const l = new Localizer(example.lang, await loadMessages(example.lang));
      for (const key of ['organicShare', 'localShare', 'current', 'dataTable'] as const) {
        expect(text).toContain(l.t(key));
        if (example.lang !== 'en') expect(text).not.toContain(english.t(key));
      }
      expect(errors).toEqual([]);
      expect(violations).toEqual([]);
      await page.waitForSelector('fc-producer-map >> .leaflet-marker-icon');
      expect(await page.locator('fc-producer-map .leaflet-marker-icon').count()).toBeGreaterThan(0);
      if (example.goal) {
        // The place's own goal, and a chart with the shares of the year its purchases are from.
        const { title, year } = example.goal;
        const shown = await page.evaluate((y) => {
          const goals = document.querySelector('fc-goal-progress')!.shadowRoot!;
          const chart = document.querySelector('fc-share-chart')!.shadowRoot!;
          const row = [...chart.querySelectorAll('tbody tr:not(.goal)')].find((tr) => tr.children[0]?.textContent?.trim() === y);
          return {
            titles: [...goals.querySelectorAll('li[part="goal"] h3')].map((h) => h.textContent!.trim()),
            row: row ? [...row.children].slice(1).map((c) => c.textContent!.trim()) : null,
          };
        }, year);
        expect(shown.titles).toEqual([title]);
        expect(shown.row, `the chart's row for ${year}`).not.toBeNull();
        for (const cell of shown.row!) expect(cell).toMatch(/\d/);
      }
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
      // The boundary basemap (the tiles are refused here) and its credit are in before the page is read;
      // the map credits its own country's boundaries and no other's (checked with the rest below).
      const attribution = () => page.locator('fc-producer-map .leaflet-control-attribution').textContent();
      await expect.poll(attribution, { timeout: 30_000 }).toContain(l.t('boundaryCredit', { sources: '' }).trim());
      expect(await attribution()).toContain(l.t('boundaryCredit', { sources: BOUNDARY_CREDITS[example.municipality.slice(0, 2)]! }));
      expect(await contradictions(page, api, example.lang, example.municipality)).toEqual([]);
      if (example.axe) expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `example-${example.name}`);
      await closePage(page);
    });
  }
});
