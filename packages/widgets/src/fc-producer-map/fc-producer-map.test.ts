import { beforeAll, expect, it } from 'vitest';
import { axeViolations, browserDescribe, closePage, screenshot, settled, useBrowser } from '../test/harness.js';

/** A 1×1 PNG, served as every tile. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000000000200016a0a2b0f0000000049454e44ae426082',
  'hex',
);

browserDescribe('<fc-producer-map> in Chromium', () => {
  const { api, open: openPage } = useBrowser();
  let expected: { id: string; name: string }[];

  beforeAll(async () => {
    const geo = (await (await fetch(`${api}/geo/producers.geojson?municipality=NO-3901`)).json()) as {
      features: { id: string; properties: { name: string } }[];
    };
    expected = geo.features.map((f) => ({ id: f.id, name: f.properties.name }));
  });

  const open = (body: string, lang = 'nb', blockTiles = true) =>
    openPage(body, {
      lang,
      settle: false,
      prepare: async (page) => {
        // No tile server is reachable in tests; blocking makes the failure immediate.
        if (blockTiles) await page.route(/tile\.openstreetmap\.org|tiles\.example/, (route) => route.abort());
        // Listen from the start: the map may switch to its offline basemap before the page settles.
        await page.addInitScript(() =>
          document.addEventListener('fc-offline', () => document.documentElement.setAttribute('data-fc-offline', ''), { once: true }),
        );
      },
    });

  it('renders the demo producers of Horten as markers, with the count in Norwegian', async () => {
    expect(expected.length).toBeGreaterThan(3);
    const page = await open(`<fc-producer-map municipality="NO-3901" tiles="none"></fc-producer-map>`);
    await page.waitForSelector('fc-producer-map >> .leaflet-marker-icon');
    await expect.poll(() => page.locator('fc-producer-map [role="status"]').first().textContent()).toBe(`${expected.length} produsenter`);
    // Every producer is in a marker or a cluster: the cluster counts and single markers add up.
    const total = await page.evaluate(() => {
      const root = document.querySelector('fc-producer-map')!.shadowRoot!;
      let n = 0;
      for (const el of root.querySelectorAll('.leaflet-marker-icon')) n += el.classList.contains('fc-cluster') ? Number(el.textContent) : 1;
      return n;
    });
    expect(total).toBe(expected.length);
    await screenshot(page, 'fc-producer-map-offline-nb', 'fc-producer-map');
    await closePage(page);
  });

  it('draws the offline basemap from municipality boundaries when tiles fail', async () => {
    const page = await open(`<fc-producer-map municipality="NO-3901"></fc-producer-map>`);
    await page.waitForSelector('html[data-fc-offline]', { state: 'attached', timeout: 30_000 });
    await page.waitForSelector('fc-producer-map >> path.boundary', { state: 'attached' });
    const boundaries = await page.locator('fc-producer-map >> path.boundary').count();
    expect(boundaries).toBeGreaterThan(1);
    expect(await page.locator('fc-producer-map >> .leaflet-tile').count()).toBe(0);
    // Credited in the page's language, naming only the boundaries drawn (Norwegian: Kartverket), and no tiles.
    await expect.poll(() => page.locator('fc-producer-map .leaflet-control-attribution').textContent()).toBe('Kommunegrenser: © Kartverket (CC BY 4.0)');
    await closePage(page);
  });

  it('switches to the offline basemap when the tile server never answers', async () => {
    const page = await open(`<fc-producer-map municipality="NO-3901" tile-url="https://tiles.example/{z}/{x}/{y}.png"></fc-producer-map>`, 'nb', false);
    // A firewall that swallows the requests: no error, no tile, ever.
    await page.route('https://tiles.example/**', () => undefined);
    await page.reload({ waitUntil: 'domcontentloaded' });
    const started = Date.now();
    await page.waitForSelector('html[data-fc-offline]', { state: 'attached', timeout: 30_000 });
    expect(Date.now() - started).toBeLessThan(20_000);
    await page.waitForSelector('fc-producer-map >> path.boundary', { state: 'attached' });
    expect(await page.locator('fc-producer-map >> .leaflet-tile').count()).toBe(0);
    await closePage(page);
  });

  it('opens a popup with the producer card from a marker, by keyboard', async () => {
    const page = await open(`<fc-producer-map municipality="NO-3901" tiles="none"></fc-producer-map>`);
    await page.waitForSelector('fc-producer-map >> .leaflet-marker-icon');
    // Enter on a cluster zooms in; repeat until single markers show.
    for (let i = 0; i < 8 && (await page.locator('fc-producer-map .fc-marker').count()) === 0; i++) {
      await page.locator('fc-producer-map .fc-cluster').first().press('Enter');
      await page.waitForTimeout(300);
    }
    const marker = page.locator('fc-producer-map .fc-marker').first();
    const name = await marker.getAttribute('aria-label');
    const selected = page.evaluate(
      () => new Promise<string>((resolve) => document.addEventListener('fc-select', (e) => resolve((e as CustomEvent).detail.name), { once: true })),
    );
    await marker.focus();
    await page.keyboard.press('Enter');
    expect(await selected).toBe(name);
    await expect(page.locator('fc-producer-map .leaflet-popup-content h4').textContent()).resolves.toBe(name);
    await screenshot(page, 'fc-producer-map-popup', 'fc-producer-map');
    await closePage(page);
  });

  it('reaches every producer with the keyboard alone through the list alternative', async () => {
    const page = await open(`<fc-producer-map municipality="NO-3901" tiles="none"></fc-producer-map>`, 'en');
    await page.waitForSelector('fc-producer-map >> .leaflet-marker-icon');
    const reached = new Set<string>();
    // Tab to the list toggle, open it, then tab through the list (and its pages).
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent?.trim());
      if (label === 'Show as list') break;
    }
    await page.keyboard.press('Enter');
    for (let i = 0; i < expected.length * 2 + 40 && reached.size < expected.length; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement?.shadowRoot?.activeElement as HTMLElement | null | undefined;
        return el ? { text: el.textContent?.trim() ?? '', inList: !!el.closest('.list ol'), next: el.textContent?.trim() === 'Next' } : null;
      });
      if (focused?.inList) reached.add(focused.text);
    }
    expect([...reached].sort()).toEqual(expected.map((p) => p.name).sort());
    // Enter on a list entry shows its card.
    await page.locator('fc-producer-map .list ol button').first().press('Enter');
    await expect(page.locator('fc-producer-map .selected h3').textContent()).resolves.toBe(expected[0]!.name);
    await closePage(page);
  });

  for (const lang of ['nb', 'sv', 'en']) {
    it(`has no WCAG 2.1 A/AA violations (axe) in ${lang}`, async () => {
      const page = await open(`<fc-producer-map municipality="NO-3901,SE-0181" tiles="none" list-open></fc-producer-map>`, lang);
      await page.waitForSelector('fc-producer-map >> .leaflet-marker-icon');
      await page.waitForSelector('fc-producer-map >> path.boundary', { state: 'attached' });
      expect(await axeViolations(page)).toEqual([]);
      await closePage(page);
    });
  }

  it('credits OpenStreetMap in the page’s language once its tiles show, and no boundaries it does not draw', async () => {
    const page = await openPage(`<fc-producer-map municipality="SE-0181"></fc-producer-map>`, {
      lang: 'sv',
      settle: false,
      prepare: (p) => p.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG })),
    });
    await page.waitForSelector('fc-producer-map >> .leaflet-tile-loaded');
    await expect.poll(() => page.locator('fc-producer-map .leaflet-control-attribution').textContent()).toBe('© OpenStreetMap-bidragsgivare');
    expect(await page.locator('fc-producer-map .leaflet-control-attribution a').getAttribute('href')).toBe('https://www.openstreetmap.org/copyright');
    await closePage(page);
  });

  it('credits the Swedish boundaries to Valmyndigheten, in English on an English page', async () => {
    const page = await open(`<fc-producer-map municipality="SE-0181" tiles="none"></fc-producer-map>`, 'en');
    await page.waitForSelector('fc-producer-map >> path.boundary', { state: 'attached', timeout: 30_000 });
    await expect.poll(() => page.locator('fc-producer-map .leaflet-control-attribution').textContent()).toBe('Municipal boundaries: Valmyndigheten');
    await closePage(page);
  });

  it('credits each country whose boundaries it draws: Finland’s to the National Land Survey, in Finnish on a Finnish page', async () => {
    // No producers in Helsinki: the map shows the Nordic overview, with Norway's and Sweden's boundaries too.
    const page = await open(`<fc-producer-map municipality="FI-091" tiles="none"></fc-producer-map>`, 'fi');
    await page.waitForSelector('fc-producer-map >> path.boundary', { state: 'attached', timeout: 30_000 });
    const credit = () => page.locator('fc-producer-map .leaflet-control-attribution').textContent();
    await expect.poll(credit, { timeout: 30_000 }).toContain('Kuntarajat: ');
    const text = (await credit())!;
    expect(text).toContain('Contains data from the National Land Survey of Finland, Division into administrative areas 1:4 500 000, 2023 (CC BY 4.0)');
    expect(text).toContain('© Kartverket (CC BY 4.0)');
    expect(text).toContain('Valmyndigheten');
    await closePage(page);
  });

  it('uses tile-url for tiles when given, with its attribution', async () => {
    let requested = 0;
    const page = await openPage(
      `<fc-producer-map municipality="NO-3901" tile-url="https://tiles.example/{z}/{x}/{y}.png" tile-attribution="Example tiles"></fc-producer-map>`,
      {
        settle: false,
        prepare: (p) =>
          p.route('https://tiles.example/**', (route) => {
            requested++;
            return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
          }),
      },
    );
    await page.waitForSelector('fc-producer-map >> .leaflet-tile-loaded');
    expect(requested).toBeGreaterThan(0);
    expect(await page.locator('fc-producer-map .leaflet-control-attribution').textContent()).toContain('Example tiles');
    await settled(page, 'fc-producer-map');
    await closePage(page);
  });
});
