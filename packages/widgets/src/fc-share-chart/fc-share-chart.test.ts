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
  const open = (body: string, lang: string) => openPage(body, { lang, settle: 'fc-share-chart', timeout: 120_000 });
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
});
