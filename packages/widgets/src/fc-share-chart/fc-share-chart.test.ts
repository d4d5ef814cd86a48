import { FcReportedValuesDocument } from '@food-commons/client';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiQuery, axeViolations, browserDescribe, closePage, screenshot, shadowText, useBrowser } from '../test/harness.js';

interface Row {
  year: number;
  organicShare: number | null;
  localShare: number | null;
  lines: number | null;
  suppressed: boolean;
}

interface Goal {
  title: string;
  ownerKind: string;
  targetValue: number;
  targetYear: number;
  indicator: { kind: string; localDefinition: string | null; localKm: number | null };
  progress: { currentValue: number | null; asOf: string | null };
}

const LAST_COMPLETE_YEAR = new Date().getFullYear() - 1;

browserDescribe('<fc-share-chart> in Chromium', () => {
  const { api, open: openPage } = useBrowser();
  const open = (body: string, lang: string, prepare?: (page: Page) => Promise<unknown>) =>
    openPage(body, { lang, settle: 'fc-share-chart', timeout: 120_000, prepare });
  const data = (municipality: string, local: string, lang: string) =>
    apiQuery<{ deliveryStats: { rows: Row[] }; goals: { edges: { node: Goal }[] } }>(
      api,
      `query($m: [String!], $lang: String) {
         deliveryStats(filter: { municipality: $m }, groupBy: [YEAR], local: ${local}) { rows { year organicShare localShare lines suppressed } }
         goals(filter: { municipality: $m }) { edges { node { title(lang: $lang) ownerKind targetValue targetYear indicator { kind localDefinition localKm } progress { currentValue asOf } } } } }`,
      { m: [municipality], lang },
    );
  const tableOf = async (page: Awaited<ReturnType<typeof open>>) => {
    await page.locator('fc-share-chart summary').click();
    return page.locator('fc-share-chart tbody tr:not(.goal)').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
  };

  it('counts local as Horten’s goal does (same county) and says so, draws the goal over it with the goal card’s value, and has the same numbers in its table, without axe violations', async () => {
    const { deliveryStats, goals } = await data('NO-3901', '{ definition: SAME_REGION }', 'nb');
    const rows = deliveryStats.rows;
    expect(rows.length).toBeGreaterThan(1);
    const goal = goals.edges.map((e) => e.node).find((g) => g.indicator.kind === 'LOCAL_SHARE')!;
    expect(goal.indicator.localDefinition).toBe('SAME_REGION');
    const page = await open(`<fc-share-chart municipality="NO-3901"></fc-share-chart>`, 'nb');
    const percent = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 1 });
    const integer = new Intl.NumberFormat('nb-NO');
    expect(await page.locator('fc-share-chart .definition').textContent()).toBe('Lokal: samme fylke');
    const table = await tableOf(page);
    for (const [i, r] of rows.entries()) {
      expect(table[i]![0]).toBe(String(r.year));
      if (r.suppressed) expect(table[i]![1]).toBe('Skjult (færre enn 3 leverandører)');
      else expect(table[i]!.slice(1)).toEqual([percent.format(r.organicShare!), percent.format(r.localShare!), integer.format(r.lines!)]);
    }
    // The goal's line is the local one, and the chart's last complete year is the goal's current value.
    expect(await page.locator('fc-share-chart g.target').count()).toBe(1);
    expect(await page.locator('fc-share-chart g.target.local').count()).toBe(1);
    expect(goal.progress.asOf).toBe(`${LAST_COMPLETE_YEAR}-12-31`);
    const last = table.find((r) => r[0] === String(LAST_COMPLETE_YEAR))!;
    expect(last[2]).toBe(percent.format(goal.progress.currentValue! / 100));
    expect(await page.locator('fc-share-chart tr.goal.local').textContent()).toContain(goal.title);
    expect(await page.locator('fc-share-chart .series.organic circle').count()).toBe(rows.filter((r) => !r.suppressed).length);
    const label = await page.locator('fc-share-chart svg.chart').getAttribute('aria-label');
    expect(label).toContain('Økologisk og lokal andel over tid');
    await screenshot(page, 'fc-share-chart-nb', 'fc-share-chart');
    expect(await axeViolations(page)).toEqual([]);
    await closePage(page);
  });

  it('draws no goal over a local share counted otherwise than the goal counts it (local="same-municipality" in Horten)', async () => {
    const { deliveryStats } = await data('NO-3901', '{ definition: SAME_MUNICIPALITY }', 'en');
    const page = await open(`<fc-share-chart municipality="NO-3901" local="same-municipality"></fc-share-chart>`, 'en');
    expect(await page.locator('fc-share-chart .definition').textContent()).toBe('Local: same municipality');
    expect(await page.locator('fc-share-chart g.target').count()).toBe(0);
    expect(await page.locator('fc-share-chart tr.goal').count()).toBe(0);
    const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
    const table = await tableOf(page);
    const shown = deliveryStats.rows.filter((r) => !r.suppressed);
    expect(shown.length).toBeGreaterThan(0);
    for (const r of shown) expect(table.find((t) => t[0] === String(r.year))![2]).toBe(percent.format(r.localShare!));
    await closePage(page);
  });

  it('draws Södertälje’s own organic goal rather than Sweden’s, and KISMET’s goal over a local share within 50 km, each at its goal card’s value', async () => {
    const { deliveryStats, goals } = await data('SE-0181', '{ definition: WITHIN_KM, km: 50 }', 'sv');
    const all = goals.edges.map((e) => e.node);
    const own = all.find((g) => g.indicator.kind === 'ORGANIC_SHARE' && g.ownerKind === 'MUNICIPALITY')!;
    const national = all.find((g) => g.indicator.kind === 'ORGANIC_SHARE' && g.ownerKind === 'NATION')!;
    const kismet = all.find((g) => g.indicator.kind === 'LOCAL_SHARE')!;
    expect(kismet.indicator).toMatchObject({ localDefinition: 'WITHIN_KM', localKm: 50 });
    const page = await open(`<fc-share-chart municipality="SE-0181"></fc-share-chart>`, 'sv');
    expect(await page.locator('fc-share-chart .definition').textContent()).toBe('Lokalt: inom 50 km');
    const percent = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 1 });
    expect(await page.locator('fc-share-chart g.target.organic text').textContent()).toBe(`Mål: ${percent.format(own.targetValue / 100)} (${own.targetYear})`);
    expect(await page.locator('fc-share-chart tr.goal.organic').textContent()).toContain(own.title);
    expect(await shadowText(page, 'fc-share-chart')).not.toContain(national.title);
    expect(await page.locator('fc-share-chart tr.goal.local').textContent()).toContain(kismet.title);
    const table = await tableOf(page);
    const last = table.find((r) => r[0] === String(LAST_COMPLETE_YEAR))!;
    const row = deliveryStats.rows.find((r) => r.year === LAST_COMPLETE_YEAR)!;
    expect(last.slice(1, 3)).toEqual([percent.format(row.organicShare!), percent.format(row.localShare!)]);
    expect(last.slice(1, 3)).toEqual([percent.format(own.progress.currentValue! / 100), percent.format(kismet.progress.currentValue! / 100)]);
    await closePage(page);
  });

  // ─── Reported values beside the computed shares ──────────────────────────────
  /** The persisted id of the reported values' query: the one extra request a chart with `reported` makes. */
  const REPORTED_ID = (FcReportedValuesDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
  const isReported = (url: string) => new URL(url).searchParams.get('id') === REPORTED_ID;
  /** Requests to the API the page makes, recorded from before it loads. */
  const recordRequests = (urls: string[]) => (page: Page) => {
    page.on('request', (r) => urls.push(r.url()));
    return Promise.resolve();
  };
  const observation = (year: number, value: number, status: string | null, more: Record<string, unknown> = {}) => ({
    node: {
      date: `${year}-01-01`,
      periodType: 'YEAR',
      value: String(value),
      status,
      kitchen: null,
      indicator: { key: 'kolada_u07409', name: 'Ekologiska livsmedel i kommunens verksamhet, andel (%) (Kolada U07409)', unit: 'percent' },
      source: { name: 'Kolada', attribution: 'Källa: Kolada' },
      facetSource: null,
      ...more,
    },
  });
  const marksOf = (page: Page) =>
    page
      .locator('fc-share-chart g.reported > g')
      .evaluateAll((gs) =>
        gs.map((g) => ({ transform: g.getAttribute('transform'), kind: g.getAttribute('class'), title: g.querySelector('title')!.textContent })),
      );

  it('draws reported values as marks at their years and shares, hollow when provisional, none where nothing is reported, with their source in the legend and their value, status and source in the table', async () => {
    // By weight, Horten's goals (by value) are not drawn: the x axis runs from the first year to the last.
    const { deliveryStats } = await apiQuery<{ deliveryStats: { rows: Row[] } }>(
      api,
      `{ deliveryStats(filter: { municipality: ["NO-3901"] }, groupBy: [YEAR], measure: WEIGHT) { rows { year organicShare localShare lines suppressed } } }`,
    );
    const years = deliveryStats.rows.map((r) => r.year).sort((a, b) => a - b);
    expect(years.length).toBeGreaterThanOrEqual(3);
    // 90 % is above every computed share, so the y axis runs 0–100 % (0.9 × 1.1 = 0.99, extended to 1).
    for (const r of deliveryStats.rows) expect(Math.max(r.organicShare ?? 0, r.localShare ?? 0)).toBeLessThan(0.9);
    const [first, second] = [years[0]!, years[1]!];
    const last = years.at(-1)!;
    const urls: string[] = [];
    const page = await open(`<fc-share-chart municipality="NO-3901" measure="weight" reported="kolada_u07409"></fc-share-chart>`, 'sv', async (p) => {
      await recordRequests(urls)(p);
      await p.route(
        (url) => isReported(url.href),
        (route) =>
          route.fulfill({
            headers: { 'access-control-allow-origin': '*' },
            json: {
              data: {
                observations: {
                  edges: [
                    observation(first - 1, 40, 'OFFICIAL'), // before the chart's years: not drawn
                    observation(first, 90, 'OFFICIAL'),
                    observation(last, 50, 'PROVISIONAL'),
                    observation(second, 70, null, { periodType: 'MONTH' }), // a month, not a year: not drawn
                    observation(second, 75, null, { kitchen: { id: 'k' } }), // one kitchen's, not the municipality's
                  ],
                },
              },
            },
          }),
      );
    });
    expect(urls.filter(isReported)).toHaveLength(1);
    expect(await page.locator('fc-share-chart g.target').count()).toBe(0);
    const sv = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 1 });
    // x: 44 + (year − first) × 572 / (last − first); y: 272 − share × 256.
    expect(await marksOf(page)).toEqual([
      {
        transform: `translate(44,${272 - 0.9 * 256})`,
        kind: 'filled',
        title: `Ekologiska livsmedel i kommunens verksamhet, andel (%) (Kolada U07409) ${first}: ${sv.format(0.9)} (officiell)`,
      },
      {
        transform: 'translate(616,144)',
        kind: 'hollow',
        title: `Ekologiska livsmedel i kommunens verksamhet, andel (%) (Kolada U07409) ${last}: ${sv.format(0.5)} (preliminär)`,
      },
    ]);
    const legend = await page.locator('fc-share-chart li.reported').allTextContents();
    expect(legend.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      'Ekologiska livsmedel i kommunens verksamhet, andel (%) (Kolada U07409) (Kolada)',
      'Ihålig: preliminär eller uppskattad',
    ]);
    expect(await shadowText(page, 'fc-share-chart')).toContain('Källa: Kolada');
    expect(await page.locator('fc-share-chart svg.chart').getAttribute('aria-label')).toContain(`Kolada U07409) ${last}: ${sv.format(0.5)} (preliminär)`);
    await page.locator('fc-share-chart summary').click();
    const head = await page.locator('fc-share-chart thead th').allTextContents();
    expect(head.slice(-3).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      'Ekologiska livsmedel i kommunens verksamhet, andel (%) (Kolada U07409)',
      'Status (Ekologiska livsmedel i kommunens verksamhet, andel (%) (Kolada U07409))',
      'Källa (Ekologiska livsmedel i kommunens verksamhet, andel (%) (Kolada U07409))',
    ]);
    const rows = await page
      .locator('fc-share-chart tbody tr:not(.goal)')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
    const byYear = new Map(rows.map((r) => [r[0], r.slice(-3)]));
    expect(byYear.get(String(first))).toEqual([sv.format(0.9), 'officiell', 'Kolada']);
    expect(byYear.get(String(second))).toEqual(['–', '', '']);
    expect(byYear.get(String(last))).toEqual([sv.format(0.5), 'preliminär', 'Kolada']);
    await screenshot(page, 'fc-share-chart-reported-sv', 'fc-share-chart');
    expect(await axeViolations(page)).toEqual([]);
    await closePage(page);
  });

  it('asks the API for reported values once, as a persisted GET, and shows each year’s reported value of the demo data', async () => {
    const { observations } = await apiQuery<{ observations: { edges: { node: { date: string; value: number | string } }[] } }>(
      api,
      `{ observations(filter: { indicator: ["reported_organic_share"], municipality: ["NO-3901"] }, first: 100) { edges { node { date value } } } }`,
    );
    const reported = new Map(observations.edges.map((e) => [Number(e.node.date.slice(0, 4)), Number(e.node.value) / 100]));
    const responses: number[] = [];
    const page = await open(`<fc-share-chart municipality="NO-3901" reported="reported_organic_share"></fc-share-chart>`, 'nb', async (p) => {
      p.on('response', (r) => void (isReported(r.url()) && responses.push(r.status())));
    });
    expect(responses).toEqual([200]);
    const percent = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 1 });
    await page.locator('fc-share-chart summary').click();
    const rows = await page
      .locator('fc-share-chart tbody tr:not(.goal)')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
    const shown = rows.filter((r) => reported.has(Number(r[0])));
    expect(shown.length).toBeGreaterThan(0);
    for (const r of rows) {
      const share = reported.get(Number(r[0]));
      expect(r.slice(-3)).toEqual(share === undefined ? ['–', '', ''] : [percent.format(share), '–', 'Food Commons demo data']);
    }
    expect(await page.locator('fc-share-chart g.reported > g.filled').count()).toBe(shown.length);
    expect(await page.locator('fc-share-chart li.reported').first().textContent()).toContain(
      'Økologisk andel rapportert til nasjonal statistikk (Food Commons demo data)',
    );
    expect(await axeViolations(page)).toEqual([]);
    await closePage(page);
  });

  it('makes no request for reported values without the attribute, and none for a chart of several municipalities, which says why', async () => {
    const urls: string[] = [];
    const page = await open(`<fc-share-chart municipality="NO-3901"></fc-share-chart>`, 'en', recordRequests(urls));
    expect(await page.locator('fc-share-chart .series.organic circle').count()).toBeGreaterThan(0);
    expect(urls.some((u) => u.includes('/graphql?id='))).toBe(true);
    expect(urls.filter(isReported)).toEqual([]);
    expect(urls.filter((u) => u.includes('reported-marks'))).toEqual([]);
    expect(await page.locator('fc-share-chart .reported').count()).toBe(0);
    await closePage(page);

    const several: string[] = [];
    const two = await open(`<fc-share-chart municipality="NO-3901,NO-3903" reported="reported_organic_share"></fc-share-chart>`, 'en', recordRequests(several));
    expect(several.filter(isReported)).toEqual([]);
    expect(await shadowText(two, 'fc-share-chart')).toContain('Reported values are shown for one municipality at a time.');
    expect(await two.locator('fc-share-chart g.reported').count()).toBe(0);
    await closePage(two);
  });

  it('degrades to the computed chart with a polite note when the reported values cannot be loaded, without an error event or axe violations', async () => {
    for (const failure of ['http', 'network'] as const) {
      const page = await open(`<fc-share-chart municipality="NO-3901" reported="kolada_u07409"></fc-share-chart>`, 'nn', async (p) => {
        await p.addInitScript(() => {
          (window as unknown as { fcErrors: unknown[] }).fcErrors = [];
          document.addEventListener('fc-error', (e) => (window as unknown as { fcErrors: unknown[] }).fcErrors.push((e as CustomEvent).detail), true);
        });
        await p.route(
          (url) => isReported(url.href),
          (route) =>
            failure === 'http'
              ? route.fulfill({ status: 500, headers: { 'access-control-allow-origin': '*' }, body: 'Internal Server Error' })
              : route.abort('connectionrefused'),
        );
      });
      expect(await page.locator('fc-share-chart .series.organic circle').count()).toBeGreaterThan(0);
      expect(await page.locator('fc-share-chart .state.error').count()).toBe(0);
      expect(await page.locator('fc-share-chart g.reported').count()).toBe(0);
      expect(await shadowText(page, 'fc-share-chart')).toContain('Dei rapporterte verdiane kunne ikkje lastast.');
      expect(await page.evaluate(() => (window as unknown as { fcErrors: unknown[] }).fcErrors)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await closePage(page);
    }
  });
});
