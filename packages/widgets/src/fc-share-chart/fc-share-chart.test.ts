import { expect, it } from 'vitest';
import { apiQuery, axeViolations, browserDescribe, closePage, screenshot, useBrowser } from '../test/harness.js';

interface Row {
  year: number;
  organicShare: number | null;
  localShare: number | null;
  lines: number | null;
  suppressed: boolean;
}

browserDescribe('<fc-share-chart> in Chromium', () => {
  const { api, open: openPage } = useBrowser();
  const open = (body: string, lang: string) => openPage(body, { lang, settle: 'fc-share-chart', timeout: 120_000 });

  it('draws Horten’s organic and local share per year, with the goal line, and the same numbers in its table, without axe violations', async () => {
    const data = await apiQuery<{ deliveryStats: { rows: Row[] }; goals: { edges: { node: { targetValue: number; targetYear: number; indicator: { kind: string } } }[] } }>(
      api,
      `{ deliveryStats(filter: { municipality: ["NO-3901"] }, groupBy: [YEAR], local: { definition: SAME_MUNICIPALITY }) { rows { year organicShare localShare lines suppressed } }
         goals(filter: { municipality: ["NO-3901"] }) { edges { node { targetValue targetYear indicator { kind } } } } }`,
    );
    const rows = data.deliveryStats.rows;
    expect(rows.length).toBeGreaterThan(1);
    const page = await open(`<fc-share-chart municipality="NO-3901"></fc-share-chart>`, 'nb');
    const percent = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 1 });
    const integer = new Intl.NumberFormat('nb-NO');
    await page.locator('fc-share-chart summary').click();
    const table = await page.locator('fc-share-chart tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
    for (const [i, r] of rows.entries()) {
      expect(table[i]![0]).toBe(String(r.year));
      if (r.suppressed) expect(table[i]![1]).toBe('Skjult (færre enn 3 leverandører)');
      else expect(table[i]!.slice(1)).toEqual([percent.format(r.organicShare!), percent.format(r.localShare!), integer.format(r.lines!)]);
    }
    // One line per series through the unsuppressed years, and one dashed goal line per goal kind shown.
    expect(await page.locator('fc-share-chart .series.organic circle').count()).toBe(rows.filter((r) => !r.suppressed).length);
    const goalKinds = new Set(data.goals.edges.map((e) => e.node.indicator.kind).filter((k) => k === 'ORGANIC_SHARE' || k === 'LOCAL_SHARE'));
    expect(await page.locator('fc-share-chart g.target').count()).toBe(goalKinds.size);
    const label = await page.locator('fc-share-chart svg.chart').getAttribute('aria-label');
    expect(label).toContain('Økologisk og lokal andel over tid');
    await screenshot(page, 'fc-share-chart-nb', 'fc-share-chart');
    expect(await axeViolations(page)).toEqual([]);
    await closePage(page);
  });

});
