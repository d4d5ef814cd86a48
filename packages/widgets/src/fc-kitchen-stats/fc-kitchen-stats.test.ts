import { expect, it } from 'vitest';
import { apiQuery, axeViolations, browserDescribe, closePage, screenshot, useBrowser } from '../test/harness.js';

browserDescribe('<fc-kitchen-stats> in Chromium', () => {
  const { api, open: openPage } = useBrowser();
  const open = (body: string, lang: string) => openPage(body, { lang, settle: 'fc-kitchen-stats', timeout: 120_000 });

  it('counts Horten’s kitchens and meals per day and shows the latest complete year’s shares, in Norwegian, without axe violations', async () => {
    const data = await apiQuery<{
      kitchens: { totalCount: number; edges: { node: { mealsPerDay: number | null } }[] };
      deliveryStats: { rows: { year: number; organicShare: number | null; localShare: number | null; suppressed: boolean }[] };
    }>(
      api,
      `{ kitchens(filter: { municipality: ["NO-3901"] }, first: 100) { totalCount edges { node { mealsPerDay } } }
         deliveryStats(filter: { municipality: ["NO-3901"] }, groupBy: [YEAR]) { rows { year organicShare localShare suppressed } } }`,
    );
    expect(data.kitchens.totalCount).toBeLessThanOrEqual(100);
    const meals = data.kitchens.edges.reduce((s, e) => s + (e.node.mealsPerDay ?? 0), 0);
    const latest = data.deliveryStats.rows.filter((r) => !r.suppressed && r.year < new Date().getFullYear()).sort((a, b) => b.year - a.year)[0]!;
    const page = await open(`<fc-kitchen-stats municipality="NO-3901"></fc-kitchen-stats>`, 'nb');
    const figures = await page
      .locator('fc-kitchen-stats dl.figures > div')
      .evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]));
    const nb = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 1 });
    expect(figures).toEqual([
      ['Kjøkken', nb.format(data.kitchens.totalCount)],
      ['Måltider per dag', nb.format(meals)],
      [`Økologisk andel ${latest.year}`, percent.format(latest.organicShare!)],
      [`Lokal andel ${latest.year}`, percent.format(latest.localShare!)],
    ]);
    // The local share says what local means here.
    expect(await page.locator('fc-kitchen-stats .definition').textContent()).toBe('Lokal: samme kommune');
    // The table by kind adds up to the totals.
    const byKind = await page
      .locator('fc-kitchen-stats tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Number(tr.children[1]!.textContent!.replace(/\s/g, ''))));
    expect(byKind.reduce((a, b) => a + b, 0)).toBe(data.kitchens.totalCount);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'fc-kitchen-stats-nb', 'fc-kitchen-stats');
    await closePage(page);
  });
});
