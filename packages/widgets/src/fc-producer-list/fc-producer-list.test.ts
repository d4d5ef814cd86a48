import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiQuery, axeViolations, browserDescribe, closePage, screenshot, useBrowser } from '../test/harness.js';

const COUNT = `query($filter: ProducerFilter) { producers(filter: $filter) { totalCount } }`;

browserDescribe('<fc-producer-list> in Chromium', () => {
  const { api, open: openPage } = useBrowser();
  const count = async (filter: Record<string, unknown>) => (await apiQuery<{ producers: { totalCount: number } }>(api, COUNT, { filter })).producers.totalCount;

  const open = (body: string, lang: string) => openPage(body, { lang, settle: 'fc-producer-list' });
  const status = (page: Page) => page.locator('fc-producer-list p[role="status"]').textContent();
  const titles = (page: Page) => page.locator('fc-producer-list [part="card-title"]').allTextContents();

  it('lists Södertälje’s producers in Swedish, with category names from the API', async () => {
    const total = await count({ municipality: ['SE-0181'] });
    expect(total).toBeGreaterThan(3);
    const page = await open(`<fc-producer-list municipality="SE-0181" page-size="50"></fc-producer-list>`, 'sv');
    expect(await status(page)).toBe(`${total} producenter`);
    const names = (
      await apiQuery<{ producers: { edges: { node: { name: string } }[] } }>(
        api,
        `{ producers(filter: { municipality: ["SE-0181"] }, first: 50) { edges { node { name } } } }`,
      )
    ).producers.edges.map((e) => e.node.name);
    expect(await titles(page)).toEqual(names);
    expect(await page.locator('fc-producer-list fieldset legend').first().textContent()).toBe('Kategori');
    expect(await page.locator('fc-producer-list .chip').first().textContent()).toBe('Grönsaker');
    await screenshot(page, 'fc-producer-list-sv', 'fc-producer-list');
    await closePage(page);
  });

  it('filters by chips and search, and pages through the results', async () => {
    const page = await open(`<fc-producer-list municipality="NO-3901,SE-0181" page-size="3"></fc-producer-list>`, 'en');
    const all = await count({ municipality: ['NO-3901', 'SE-0181'] });
    expect(await status(page)).toBe(`${all} producers`);
    expect(await page.locator('fc-producer-list nav.pager span').textContent()).toBe(`Page 1 of ${Math.ceil(all / 3)}`);

    // Paging: the second page starts where the API's second page does.
    const pages = await apiQuery<{ producers: { edges: { node: { name: string } }[] } }>(
      api,
      `{ producers(filter: { municipality: ["NO-3901", "SE-0181"] }, first: 6) { edges { node { name } } } }`,
    );
    await page.locator('fc-producer-list nav.pager button', { hasText: 'Next' }).click();
    await expect.poll(() => titles(page)).toEqual(pages.producers.edges.slice(3, 6).map((e) => e.node.name));
    await page.locator('fc-producer-list nav.pager button', { hasText: 'Previous' }).click();
    await expect.poll(() => titles(page)).toEqual(pages.producers.edges.slice(0, 3).map((e) => e.node.name));

    // The EU organic chip, pressed: aria-pressed and the count follow.
    const krav = page.locator('fc-producer-list .chip', { hasText: 'EU organic' });
    await krav.click();
    expect(await krav.getAttribute('aria-pressed')).toBe('true');
    const withKrav = await count({ municipality: ['NO-3901', 'SE-0181'], certification: ['EU_ORGANIC'] });
    expect(withKrav).toBeGreaterThan(0);
    await expect.poll(() => status(page)).toBe(`${withKrav} producers`);
    await krav.click();

    const tender = page.locator('fc-producer-list .chip', { hasText: 'Tender-ready' });
    await tender.click();
    await expect.poll(() => status(page)).toBe(`${await count({ municipality: ['NO-3901', 'SE-0181'], tenderReady: true })} producers`);
    await tender.click();

    await page.locator('fc-producer-list input[type="search"]').fill('gård');
    await expect.poll(() => status(page)).toBe(`${await count({ municipality: ['NO-3901', 'SE-0181'], search: 'gård' })} producers`);
    await page.locator('fc-producer-list input[type="search"]').fill('zzzz-no-such-farm');
    await expect.poll(() => page.locator('fc-producer-list .state.empty').textContent()).toBe('No producers match.');
    await closePage(page);
  });

  for (const lang of ['nb', 'sv', 'en']) {
    it(`has no WCAG 2.1 A/AA violations (axe) in ${lang}`, async () => {
      const page = await open(`<fc-producer-list municipality="NO-3901" page-size="5"></fc-producer-list>`, lang);
      expect(await axeViolations(page)).toEqual([]);
      await closePage(page);
    });
  }
});
