import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiQuery, axeViolations, browserDescribe, closePage, screenshot, useBrowser } from '../test/harness.js';

interface DemandNode {
  quantity: number;
  unit: string;
  periodStart: string;
  periodEnd: string;
  procurementRoute: string;
  organicRequired: boolean;
  requiredCertifications: string[];
  category: { name: string };
  kitchen: { name: string } | null;
  municipality: { name: string };
}
const DEMANDS = `query($filter: DemandFilter, $first: Int, $lang: String) {
  demands(filter: $filter, first: $first) {
    totalCount
    edges { node { quantity unit periodStart periodEnd procurementRoute organicRequired requiredCertifications category { name(lang: $lang) } kitchen { name } municipality { name } } }
  }
}`;

browserDescribe('<fc-demand-board> in Chromium', () => {
  const { api, open: openPage } = useBrowser();
  const today = new Date().toISOString().slice(0, 10);
  /** What the API answers for the filter the board sends by default (open demand whose period has not ended). */
  const demands = async (filter: Record<string, unknown>, lang = 'en', first = 100) =>
    (
      await apiQuery<{ demands: { totalCount: number; edges: { node: DemandNode }[] } }>(api, DEMANDS, {
        filter: { status: ['OPEN'], from: today, ...filter },
        first,
        lang,
      })
    ).demands;

  const open = (body: string, lang: string, prepare?: (page: Page) => Promise<unknown>) => openPage(body, { lang, settle: 'fc-demand-board', prepare });
  const status = (page: Page) => page.locator('fc-demand-board p[role="status"]').textContent();
  const titles = (page: Page) => page.locator('fc-demand-board [part="card-title"]').allTextContents();

  it('shows Horten’s open demand in Norwegian: category, quantity, period, requirements, route, kitchen and municipality', async () => {
    const expected = await demands({ municipality: ['NO-3901'] }, 'nb');
    expect(expected.totalCount).toBeGreaterThan(2);
    const page = await open(`<fc-demand-board municipality="NO-3901"></fc-demand-board>`, 'nb');
    expect(await status(page)).toBe(`${expected.totalCount} behov`);
    expect(await titles(page)).toEqual(expected.edges.map((e) => e.node.category.name));

    const kg = new Intl.NumberFormat('nb-NO', { style: 'unit', unit: 'kilogram', maximumFractionDigits: 1 });
    const dates = new Intl.DateTimeFormat('nb-NO', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    const route: Record<string, string> = { CALL_OFF: 'Avrop på rammeavtale', DIRECT_AWARD: 'Direkte anskaffelse' };
    const cards = page.locator('fc-demand-board [part="card"]');
    for (const [i, { node }] of expected.edges.entries()) {
      const fields = await cards
        .nth(i)
        .evaluate((card) => Object.fromEntries([...card.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])));
      expect(node.unit).toBe('KG');
      expect(fields).toEqual({
        Mengde: kg.format(node.quantity),
        Periode: dates.formatRange(new Date(node.periodStart), new Date(node.periodEnd)),
        Krav: node.organicRequired || node.requiredCertifications.length ? expect.any(String) : 'Ingen særskilte krav',
        Innkjøp: route[node.procurementRoute],
        Kjøper: node.kitchen!.name,
        Kommune: node.municipality.name,
      });
    }
    // Lists, headings and the count as a live region.
    expect(await page.locator('fc-demand-board ol[part="list"] > li').count()).toBe(expected.totalCount);
    expect(await page.locator('fc-demand-board ol[part="list"]').getAttribute('aria-label')).toBe('Behov fra offentlige kjøkken');
    await screenshot(page, 'fc-demand-board-nb', 'fc-demand-board');
    await closePage(page);
  });

  it('filters by category chips, announcing fc-filter-change, and shows requirements and other statuses', async () => {
    const page = await open(
      `<fc-demand-board municipality="NO-3901,SE-0181,SE-2080" category="vegetables.root,meat,pulses" status="open,matched"></fc-demand-board>`,
      'en',
    );
    const all = await demands({
      municipality: ['NO-3901', 'SE-0181', 'SE-2080'],
      category: ['vegetables.root', 'meat', 'pulses'],
      status: ['OPEN', 'MATCHED'],
    });
    expect(await status(page)).toBe(`${all.totalCount} needs`);
    // The chips are the attribute's categories, named by the API.
    const names = Object.fromEntries(
      (
        await apiQuery<{ categories: { edges: { node: { code: string; name: string } }[] } }>(
          api,
          `{ categories(first: 100) { edges { node { code name(lang: "en") } } } }`,
        )
      ).categories.edges.map((e) => [e.node.code, e.node.name]),
    );
    expect(await page.locator('fc-demand-board .chip').allTextContents()).toEqual([names['vegetables.root'], names.meat, names.pulses]);
    const changed = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => document.addEventListener('fc-filter-change', (e) => resolve((e as CustomEvent).detail.category), { once: true })),
    );
    const meat = page.locator('fc-demand-board .chip', { hasText: 'Meat' });
    await meat.click();
    expect(await changed).toEqual(['meat']);
    expect(await meat.getAttribute('aria-pressed')).toBe('true');
    const onlyMeat = await demands({ municipality: ['NO-3901', 'SE-0181', 'SE-2080'], category: ['meat'], status: ['OPEN', 'MATCHED'] });
    expect(onlyMeat.totalCount).toBeGreaterThan(0);
    await expect.poll(() => status(page)).toBe(`${onlyMeat.totalCount} needs`);
    expect(await titles(page)).toEqual(onlyMeat.edges.map((e) => e.node.category.name));
    // Two states asked for: each need says its own.
    expect(await page.locator('fc-demand-board .status').first().textContent()).toMatch(/^(Open|Matched)$/);
    await meat.click();
    const pulses = page.locator('fc-demand-board .chip', { hasText: names.pulses });
    await pulses.click();
    const onlyPulses = await demands({ municipality: ['NO-3901', 'SE-0181', 'SE-2080'], category: ['pulses'], status: ['OPEN', 'MATCHED'] });
    expect(onlyPulses.edges.some((e) => e.node.organicRequired)).toBe(true);
    await expect.poll(() => titles(page)).toEqual(onlyPulses.edges.map((e) => e.node.category.name));
    // Organic required: the requirement is shown.
    expect(await page.locator('fc-demand-board dd').allTextContents()).toContain('Organic');
    await closePage(page);
  });

  it('pages with the keyboard alone, moving focus to the new page’s list', async () => {
    const expected = await demands({ municipality: ['NO-3901'] });
    const page = await open(`<fc-demand-board municipality="NO-3901" page-size="2" hide-filters></fc-demand-board>`, 'en');
    expect(await page.locator('fc-demand-board nav.pager span').textContent()).toBe(`Page 1 of ${Math.ceil(expected.totalCount / 2)}`);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement?.shadowRoot?.activeElement;
        return el ? `${el.localName}:${el.textContent?.replace(/\s+/g, ' ').trim().slice(0, 20)}` : '';
      });
    // Tab until "Next" has focus (Previous is disabled and skipped), then Enter.
    for (let i = 0; i < 10 && !(await focused()).startsWith('button:Next'); i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:Next');
    await page.keyboard.press('Enter');
    await expect.poll(() => titles(page)).toEqual(expected.edges.slice(2, 4).map((e) => e.node.category.name));
    await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.localName)).toBe('ol');
    expect(await page.locator('fc-demand-board nav.pager span').textContent()).toBe(`Page 2 of ${Math.ceil(expected.totalCount / 2)}`);
    await closePage(page);
  });

  it('limits demand to a radius around a point with near and radius-km', async () => {
    // Horten's town centre: the Horten kitchens lie within 15 km, Södertälje's and Falun's far outside.
    const near = { lat: 59.417, lon: 10.483, radiusKm: 15 };
    const expected = await demands({ near });
    expect(expected.totalCount).toBeGreaterThan(0);
    expect(expected.edges.every((e) => e.node.municipality.name === 'Horten')).toBe(true);
    const page = await open(`<fc-demand-board near="59.417,10.483" radius-km="15"></fc-demand-board>`, 'en');
    expect(await status(page)).toBe(`${expected.totalCount} ${expected.totalCount === 1 ? 'need' : 'needs'}`);
    expect(await titles(page)).toEqual(expected.edges.map((e) => e.node.category.name));
    await closePage(page);
  });

  it('shows the error state, with the reason, for a bad attribute and when the API is down; retry recovers', async () => {
    const bad = await open(`<fc-demand-board near="north of Horten"></fc-demand-board>`, 'en');
    expect(await bad.locator('fc-demand-board [role="alert"]').textContent()).toContain('near="north of Horten" is not "latitude,longitude"');
    await closePage(bad);

    const errors: string[] = [];
    const page = await open(`<fc-demand-board municipality="NO-3901"></fc-demand-board>`, 'sv', async (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      await p.route(/\/graphql/, (route) => route.abort('connectionrefused'));
    });
    const alert = page.locator('fc-demand-board [role="alert"]');
    expect(await alert.textContent()).toContain('Data kunde inte laddas.');
    await screenshot(page, 'fc-demand-board-error-sv', 'fc-demand-board');
    await page.unroute(/\/graphql/);
    await alert.locator('button', { hasText: 'Försök igen' }).click();
    await expect.poll(() => status(page)).toMatch(/^\d+ behov$/);
    expect(errors).toEqual([]);
    await closePage(page);
  });

  for (const lang of ['nb', 'sv', 'en']) {
    it(`has no WCAG 2.1 A/AA violations (axe) in ${lang}`, async () => {
      const page = await open(`<fc-demand-board municipality="NO-3901,SE-0181" status="open,matched" page-size="4"></fc-demand-board>`, lang);
      expect(await page.locator('fc-demand-board [part="card"]').count()).toBeGreaterThan(0);
      expect(await axeViolations(page)).toEqual([]);
      await closePage(page);
    });
  }
});
