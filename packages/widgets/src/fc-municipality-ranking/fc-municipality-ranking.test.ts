import { expect, it } from 'vitest';
import { apiQuery, axeViolations, browserDescribe, closePage, screenshot, useBrowser } from '../test/harness.js';

browserDescribe('<fc-municipality-ranking> in Chromium', () => {
  const { api, open: openPage } = useBrowser();
  const open = (body: string, lang: string) => openPage(body, { lang, settle: 'fc-municipality-ranking', timeout: 120_000 });

  it('ranks Swedish municipalities by organic share in 2025, highest first, in Swedish, without axe violations', async () => {
    const data = await apiQuery<{
      deliveryStats: { rows: { municipality: { code: string; name: string }; organicShare: number | null; suppressed: boolean }[] };
    }>(
      api,
      `{ deliveryStats(filter: { country: ["SE"], from: "2025-01-01", to: "2025-12-31" }, groupBy: [MUNICIPALITY]) { rows { municipality { code name } organicShare suppressed } } }`,
    );
    const shown = data.deliveryStats.rows.filter((r) => !r.suppressed).sort((a, b) => b.organicShare! - a.organicShare!);
    expect(shown.length).toBeGreaterThan(1);
    const page = await open(`<fc-municipality-ranking country="SE" year="2025" highlight="SE-0181"></fc-municipality-ranking>`, 'sv');
    expect(await page.locator('fc-municipality-ranking caption').textContent()).toBe('Kommuner rankade efter ekologisk andel 2025');
    const rows = await page
      .locator('fc-municipality-ranking tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 3).map((c) => c.textContent!.trim())));
    const percent = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 1 });
    expect(rows.slice(0, shown.length)).toEqual(shown.map((r, i) => [String(i + 1), r.municipality.name, percent.format(r.organicShare!)]));
    // Suppressed cells come last, without numbers.
    for (const r of rows.slice(shown.length)) expect(r).toEqual(['–', expect.any(String), 'Dold (färre än 3 leverantörer)']);
    expect(rows.length).toBe(data.deliveryStats.rows.length);
    expect(await page.locator('fc-municipality-ranking tr[aria-current="true"] th').textContent()).toBe('Södertälje');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'fc-municipality-ranking-sv', 'fc-municipality-ranking');
    await closePage(page);
  });

  it('compares one municipality with its own region by default, highlighted, and names the definition of local when ranking by local share', async () => {
    const { municipality } = await apiQuery<{ municipality: { name: string; region: { code: string; name: string; municipalities: { name: string }[] } } }>(
      api,
      `{ municipality(code: "SE-0181") { name region { code name municipalities { name } } } }`,
    );
    const data = await apiQuery<{ deliveryStats: { rows: { year: number; municipality: { name: string } }[] } }>(
      api,
      `{ deliveryStats(filter: { region: ["${municipality.region.code}"] }, groupBy: [MUNICIPALITY, YEAR]) { rows { year municipality { name } } } }`,
    );
    const year = Math.max(...data.deliveryStats.rows.map((r) => r.year).filter((y) => y < new Date().getFullYear()));
    const page = await open(`<fc-municipality-ranking municipality="SE-0181" share="local" local="within-km" local-km="50"></fc-municipality-ranking>`, 'sv');
    expect(await page.locator('fc-municipality-ranking caption').textContent()).toBe(
      `Kommuner rankade efter lokal andel ${year} – ${municipality.region.name}`,
    );
    const names = await page.locator('fc-municipality-ranking tbody th').allTextContents();
    expect(names.sort()).toEqual(
      data.deliveryStats.rows
        .filter((r) => r.year === year)
        .map((r) => r.municipality.name)
        .sort(),
    );
    for (const name of names) expect(municipality.region.municipalities.map((m) => m.name)).toContain(name);
    expect(await page.locator('fc-municipality-ranking tr[aria-current="true"] th').textContent()).toBe(municipality.name);
    expect(await page.locator('fc-municipality-ranking .definition').textContent()).toBe('Lokalt: inom 50 km');
    await closePage(page);
  });
});
