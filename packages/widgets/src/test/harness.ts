import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { CHROMIUM_ARGS } from './chromium.js';

export { CHROMIUM_ARGS };

/**
 * The Chromium the global set-up found (CHROMIUM_PATH, Playwright's own, or a common install path;
 * see chromium.ts), driven by playwright-core; "" when there is none.
 */
export const CHROMIUM = inject('chromiumPath');

/** `describe` when Chromium is there, else a skipped suite (the global set-up said why, once). */
export const browserDescribe = CHROMIUM ? describe : describe.skip;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A page in its own browser context (axe needs one); close it with `closePage`. Default timeouts are
 * short so that a failure shows quickly.
 */
export async function newPage(browser: Browser, options: { viewport?: { width: number; height: number }; reducedMotion?: 'reduce' | 'no-preference' } = {}) {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 900, height: 800 }, reducedMotion: options.reducedMotion ?? 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export const closePage = (page: Page) => page.context().close();

/** Where screenshots go (git-ignored test artifacts). */
export const artifactsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));

export async function screenshot(page: Page, name: string, selector?: string) {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface HostPage {
  html: string;
  /** Content-Security-Policy header for the page. */
  csp?: string;
}

/**
 * A "municipality website" on another origin than the API: serves the pages registered with `set`,
 * so embeds are tested cross-origin, as in a CMS.
 */
export async function startHost() {
  const pages = new Map<string, HostPage>();
  const server = http.createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(page.csp ? { 'content-security-policy': page.csp } : {}) });
    res.end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // "localhost" rather than 127.0.0.1: a different origin from the API's.
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url,
    set(pathname: string, page: HostPage) {
      pages.set(pathname, page);
      return `${url}${pathname}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Host = Awaited<ReturnType<typeof startHost>>;

export interface OpenOptions {
  /** The host page's `<html lang>` (default nb). */
  lang?: string;
  /** Wait until this element has settled (see `settled`); `false` to return right after loading. */
  settle?: string | false;
  /** How long to wait for it (default 20 s; statistics on PGlite take longer). */
  timeout?: number;
  /** Runs on the new page before it loads (routes, init scripts). */
  prepare?: (page: Page) => Promise<unknown>;
}

/**
 * The set-up every browser test file shares: one Chromium and one host site (another origin than
 * the API) for the file, closed after it. Call inside a `browserDescribe` block; `open` serves
 * `body` in a host page that loads the bundle from the test API, on a fresh page, and waits until
 * the element has settled.
 */
export function useBrowser() {
  const api = inject('apiUrl');
  const state: { browser?: Browser; host?: Host } = {};
  beforeAll(async () => {
    [state.browser, state.host] = await Promise.all([launchBrowser(), startHost()]);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.host?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (!value) throw new Error('useBrowser(): the browser starts in beforeAll; use it inside tests.');
    return value;
  };
  return {
    /** Base URL of the test API (demo data). */
    api,
    get browser(): Browser {
      return ready(state.browser);
    },
    get host(): Host {
      return ready(state.host);
    },
    async open(body: string, { lang = 'nb', settle, timeout = 20_000, prepare }: OpenOptions = {}): Promise<Page> {
      const page = await newPage(ready(state.browser));
      await prepare?.(page);
      const name = (settle || 'page').replace(/^fc-/, '');
      const url = ready(state.host).set(`/${name}-${lang}-${Math.random().toString(36).slice(2)}.html`, { html: embedHtml(api, body, { lang }) });
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      if (settle) await settled(page, settle, timeout);
      return page;
    },
  };
}

/** A plain host page that loads the bundle from the API and contains `body`. */
export function embedHtml(apiUrl: string, body: string, { lang = 'nb', head = '' } = {}) {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>Host page</title>
<script type="module" src="${apiUrl}/widgets/foodcommons.js"></script>${head}
</head>
<body>
<main>
<h1>Host page</h1>
${body}
</main>
</body>
</html>`;
}

/** Waits until an element's shadow root no longer shows its loading state. */
export async function settled(page: Page, selector: string, timeout = 20_000) {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      const root = el?.shadowRoot;
      return !!root && !!root.querySelector('.base') && !root.querySelector('.state.loading');
    },
    selector,
    { timeout },
  );
}

/** WCAG 2.1 A and AA, the level the EU Web Accessibility Directive requires. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's WCAG 2.1 A/AA violations on the page, as "rule: targets" lines (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const { AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** GraphQL against the test API from Node, to compare what the widgets show with the data. */
export async function apiQuery<T>(api: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

/** Text of the element's shadow root, whitespace collapsed. */
export const shadowText = (page: Page, selector: string) =>
  page.evaluate((sel) => (document.querySelector(sel)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim(), selector);
