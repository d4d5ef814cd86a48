import { describe, expect, it } from 'vitest';
import { findChromium, missingChromiumMessage } from './chromium.js';

/** Any file that exists stands in for a browser executable here: Node's own. */
const existing = process.execPath;
const missing = '/nonexistent/chromium';

describe('finding Chromium for the browser tests', () => {
  it('takes CHROMIUM_PATH first', () => {
    expect(findChromium({ CHROMIUM_PATH: existing }, [missing], () => missing)).toEqual({ path: existing, tried: [existing] });
  });

  it('refuses a CHROMIUM_PATH that does not exist, naming it, rather than looking elsewhere', () => {
    expect(() => findChromium({ CHROMIUM_PATH: missing }, [existing], () => existing)).toThrow(`CHROMIUM_PATH is ${missing}, which does not exist`);
  });

  it('then takes Playwright’s own browser, then the first common path that exists', () => {
    expect(findChromium({}, [missing], () => existing).path).toBe(existing);
    expect(findChromium({}, [missing, existing], () => null)).toEqual({ path: existing, tried: [missing, existing] });
    expect(
      findChromium({}, [missing, existing], () => {
        throw new Error('no playwright browser');
      }).path,
    ).toBe(existing);
  });

  it('finds none when none exists, and says where it looked and how to install one', () => {
    const lookup = findChromium({ CHROMIUM_PATH: ' ' }, [missing, `${missing}-2`], () => `${missing}-3`);
    expect(lookup).toEqual({ path: null, tried: [`${missing}-3`, missing, `${missing}-2`] });
    const message = missingChromiumMessage(lookup.tried);
    expect(message).toContain(`${missing}-2`);
    expect(message).toContain('apt-get install -y chromium');
    expect(message).toContain('CHROMIUM_PATH');
  });
});
