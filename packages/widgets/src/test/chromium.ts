import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where Chromium or Chrome is usually installed (Debian and Ubuntu packages, Google's, snap, macOS). */
export const COMMON_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Headless, without the sandbox (containers) and without the background traffic of a desktop browser. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type ChromiumLookup = { path: string; tried: string[] } | { path: null; tried: string[] };

/** Playwright's own browser (`npx playwright install chromium`), where its downloads work. */
const playwrightChromium = (): string | null => chromium.executablePath() || null;

/** A lookup that fails (Playwright knows no browser for this platform) finds nothing. */
function attempt(lookup: () => string | null): string | null {
  try {
    return lookup();
  } catch {
    return null;
  }
}

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set (a path that does not exist is an
 * error, not a reason to look elsewhere), else Playwright's own browser, else the first of the
 * common install paths that exists. `tried` lists where it looked.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, candidates = COMMON_CHROMIUM_PATHS, playwright = playwrightChromium): ChromiumLookup {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!existsSync(explicit))
      throw new Error(
        `CHROMIUM_PATH is ${explicit}, which does not exist: point it at a Chromium or Chrome executable, or unset it to look in the usual places.`,
      );
    return { path: explicit, tried: [explicit] };
  }
  const tried: string[] = [];
  for (const path of [attempt(playwright), ...candidates]) {
    if (!path || tried.includes(path)) continue;
    tried.push(path);
    if (existsSync(path)) return { path, tried };
  }
  return { path: null, tried };
}

/** The one message for a machine without Chromium: what is skipped, where we looked, how to install it. */
export const missingChromiumMessage = (tried: string[]) =>
  `Chromium was not found (CHROMIUM_PATH is not set; looked at ${tried.join(', ')}): the widgets' browser tests are skipped. ` +
  'Install it (Debian/Ubuntu: apt-get install -y chromium; elsewhere Chromium or Google Chrome from your package manager), ' +
  'or set CHROMIUM_PATH to its executable. With it, the browser tests take about 2 minutes.';
