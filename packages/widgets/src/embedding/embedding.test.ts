import { expect, it } from 'vitest';
import { browserDescribe, closePage, embedHtml, newPage, screenshot, settled, shadowText, useBrowser } from '../test/harness.js';

browserDescribe('embedding the widgets in a host page (Chromium)', () => {
  const session = useBrowser();
  const { api } = session;

  it('two copies of the bundle on one page do not throw', async () => {
    const page = await newPage(session.browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const html = embedHtml(api, `<fc-producer-list municipality="NO-3901" page-size="3"></fc-producer-list>`, {
      lang: 'nb',
      head: `<script type="module" src="${api}/widgets/0.1.0/foodcommons.js"></script>`,
    });
    await page.goto(session.host.set('/two-bundles.html', { html }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await settled(page, 'fc-producer-list');
    expect(await page.locator('fc-producer-list [part="card-title"]').count()).toBe(3);
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('with the API down, shows the error state with a retry button, and the host page’s own script still runs', async () => {
    const page = await newPage(session.browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The bundle loads, but every data request fails as if the API were down.
    await page.route(/\/(graphql|geo\/)/, (route) => route.abort('connectionrefused'));
    const html = embedHtml(
      api,
      `<fc-producer-map municipality="NO-3901"></fc-producer-map><fc-goal-progress municipality="NO-3901"></fc-goal-progress><p id="host">waiting</p>`,
      { lang: 'nb', head: `<script type="module" src="/host.js"></script>` },
    );
    session.host.set('/host.js', { html: '' });
    await page.route(`${session.host.url}/host.js`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `document.addEventListener('fc-error', (e) => { document.getElementById('host').textContent = 'host script ran: ' + e.target.localName; });`,
      }),
    );
    await page.goto(session.host.set('/api-down.html', { html }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await settled(page, 'fc-producer-map');
    await settled(page, 'fc-goal-progress');
    for (const tag of ['fc-producer-map', 'fc-goal-progress']) {
      expect(await page.locator(`${tag} [role="alert"]`).textContent()).toContain('Dataene kunne ikke lastes.');
      expect(await page.locator(`${tag} [role="alert"] button`).textContent()).toBe('Prøv igjen');
    }
    await expect.poll(() => page.locator('#host').textContent()).toMatch(/^host script ran: fc-/);
    expect(errors).toEqual([]);
    await screenshot(page, 'error-state-nb', 'fc-goal-progress');

    // The API comes back: retry loads the data.
    await page.unroute(/\/(graphql|geo\/)/);
    await page.locator('fc-goal-progress [role="alert"] button').click();
    await settled(page, 'fc-goal-progress', 60_000);
    expect(await page.locator('fc-goal-progress li[part="goal"]').count()).toBeGreaterThan(0);
    await closePage(page);
  });

  it('follows <html lang> when the page changes it, and its own lang attribute first', async () => {
    const page = await newPage(session.browser);
    const html = embedHtml(
      api,
      `<fc-producer-list municipality="NO-3901" page-size="2" hide-filters></fc-producer-list><fc-producer-list id="en" lang="en" municipality="NO-3901" page-size="2" hide-filters></fc-producer-list>`,
      {
        lang: 'nb',
      },
    );
    await page.goto(session.host.set('/lang.html', { html }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await settled(page, 'fc-producer-list');
    await settled(page, '#en');
    expect(await shadowText(page, 'fc-producer-list')).toMatch(/\d+ produsenter/);
    expect(await shadowText(page, '#en')).toMatch(/\d+ producers/);
    await page.evaluate(() => (document.documentElement.lang = 'sv-SE'));
    await expect.poll(() => shadowText(page, 'fc-producer-list')).toMatch(/\d+ producenter/);
    expect(await shadowText(page, '#en')).toMatch(/\d+ producers/);
    await closePage(page);
  });

  it('on a page without a language, speaks that of the municipality’s country, then the browser’s', async () => {
    const page = await newPage(session.browser);
    const list = (id: string, municipality: string) =>
      `<fc-producer-list id="${id}" ${municipality ? `municipality="${municipality}"` : ''} page-size="2" hide-filters></fc-producer-list>`;
    const html = embedHtml(
      api,
      [
        list('fi', 'FI-853'),
        list('da', 'DK-101,DK-461'),
        list('et', 'EE-0796'),
        list('lt', 'LT-13'),
        list('de', 'DE-11000'),
        list('nb', 'NO-3901'),
        list('sv', 'SE-0181'),
        list('none', ''),
        `<div lang="en">${list('inside', 'FI-853')}</div>`,
      ].join(''),
      { lang: '' },
    );
    await page.goto(session.host.set('/country-lang.html', { html }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const langOf = (id: string) =>
      page.evaluate((sel) => document.querySelector(sel)!.shadowRoot!.querySelector('[part="base"]')!.getAttribute('lang'), `#${id}`);
    for (const id of ['fi', 'da', 'et', 'lt', 'de', 'nb', 'sv']) {
      await settled(page, `#${id}`);
      expect(await langOf(id), id).toBe(id);
    }
    // No municipality: the browser's language (Chromium here runs in en-US); a [lang] around the element wins.
    expect(await page.evaluate(() => navigator.language)).toMatch(/^en/);
    await settled(page, '#none');
    expect(await langOf('none')).toBe('en');
    await settled(page, '#inside');
    expect(await langOf('inside')).toBe('en');
    // What the reader sees: the Finnish and Danish texts (the demo's producers in Turku; none in Copenhagen or Horsens).
    expect(await shadowText(page, '#fi')).toMatch(/\d+ tuottajaa/);
    expect(await shadowText(page, '#da')).toContain('Ingen producenter passer.');
    // Once the page says its language, it wins over the municipality's country.
    await page.evaluate(() => (document.documentElement.lang = 'sv'));
    await expect.poll(() => langOf('fi')).toBe('sv');
    await closePage(page);
  });

  it('/embed builds the snippet for the chosen widget, municipality, filters and language, with a live preview', async () => {
    const page = await newPage(session.browser, { viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api}/embed`, { timeout: 60_000 });
    const builder = page.locator('fc-embed-builder');
    await builder.locator('select[name="widget"]').selectOption('fc-producer-list');
    await builder.locator('input[name="municipality"]').fill('SE-0181');
    await builder.locator('select[name="lang"]').selectOption('sv');
    await builder.locator('select[name="certification"]').selectOption('EU_ORGANIC');
    await builder.locator('input[name="tender-ready"]').check();
    // Map-only settings are hidden for the list.
    expect(await builder.locator('[data-field="tiles"]').isHidden()).toBe(true);
    const snippet = await builder.locator('textarea').inputValue();
    expect(snippet).toBe(
      `<script type="module" src="${api}/widgets/0.1.0/foodcommons.js"></script>\n<fc-producer-list municipality="SE-0181" lang="sv" certification="EU_ORGANIC" tender-ready></fc-producer-list>`,
    );
    await page.waitForFunction(() => {
      const root = document.querySelector('fc-embed-builder')?.shadowRoot?.querySelector('fc-producer-list')?.shadowRoot;
      return !!root?.querySelector('.base') && !root.querySelector('.state.loading');
    });
    expect(await page.locator('fc-embed-builder fc-producer-list p[role="status"]').textContent()).toMatch(/^(1 producent|\d+ producenter)$/);
    expect(errors).toEqual([]);
    await screenshot(page, 'embed-builder');
    await closePage(page);
  });

  it('/embed offers the places of the demo data, the Baltic ones included, and previews Turku in Finnish', async () => {
    const page = await newPage(session.browser, { viewport: { width: 1100, height: 900 } });
    await page.goto(`${api}/embed`, { timeout: 60_000 });
    const builder = page.locator('fc-embed-builder');
    const offered = await builder.locator('datalist#municipalities option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['NO-3901', 'SE-0181', 'SE-2080', 'FI-853', 'DK-751', 'EE-0793', 'LT-13', 'DE-13003']);
    await builder.locator('select[name="widget"]').selectOption('fc-producer-list');
    await builder.locator('input[name="municipality"]').fill('FI-853');
    await builder.locator('select[name="lang"]').selectOption('fi');
    await builder.locator('select[name="certification"]').selectOption('LUOMU');
    expect(await builder.locator('textarea').inputValue()).toBe(
      `<script type="module" src="${api}/widgets/0.1.0/foodcommons.js"></script>\n<fc-producer-list municipality="FI-853" lang="fi" certification="LUOMU"></fc-producer-list>`,
    );
    await page.waitForFunction(() => {
      const root = document.querySelector('fc-embed-builder')?.shadowRoot?.querySelector('fc-producer-list')?.shadowRoot;
      return !!root?.querySelector('.base') && !root.querySelector('.state.loading');
    });
    // The producers certified Luomu in Turku: the demo's organic vegetable farm and dairy.
    const cards = await page.evaluate(() =>
      [...document.querySelector('fc-embed-builder')!.shadowRoot!.querySelector('fc-producer-list')!.shadowRoot!.querySelectorAll('ol.results > li')].map(
        (li) => li.textContent ?? '',
      ),
    );
    expect(cards.length).toBe(2);
    expect(cards.join(' ')).toContain('Esimerkkilän tila');
    await closePage(page);
  });

  it('/embed offers the demand board with its status choice', async () => {
    const page = await newPage(session.browser, { viewport: { width: 1100, height: 900 } });
    await page.goto(`${api}/embed`, { timeout: 60_000 });
    const builder = page.locator('fc-embed-builder');
    await builder.locator('select[name="widget"]').selectOption('fc-demand-board');
    await builder.locator('select[name="lang"]').selectOption('nb');
    await builder.locator('select[name="status"]').selectOption('open,matched');
    expect(await builder.locator('[data-field="certification"]').isHidden()).toBe(true);
    expect(await builder.locator('textarea').inputValue()).toBe(
      `<script type="module" src="${api}/widgets/0.1.0/foodcommons.js"></script>\n<fc-demand-board municipality="NO-3901" lang="nb" status="open,matched"></fc-demand-board>`,
    );
    await page.waitForFunction(() => {
      const root = document.querySelector('fc-embed-builder')?.shadowRoot?.querySelector('fc-demand-board')?.shadowRoot;
      return !!root?.querySelector('.base') && !root.querySelector('.state.loading');
    });
    expect(await page.locator('fc-embed-builder fc-demand-board p[role="status"]').textContent()).toMatch(/^\d+ behov$/);
    await closePage(page);
  });
});
