import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { migratedDatabase } from '../test/databases.js';
import { loadFixture } from '../test/fixture.js';
import { widgetsVersion } from './widget-routes.js';
import { createServer } from '../graphql/yoga.js';
import { MIN_COMPRESS_BYTES, negotiateEncoding } from './compression.js';

const decode = (encoding: string | null, bytes: Buffer) =>
  (encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');

describe('content negotiation', () => {
  it('prefers brotli, honours q-values and refusals', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, *')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding(null)).toBeNull();
  });
});

describe('compression and headers of the responses', () => {
  let db: Database;
  let yoga: ReturnType<typeof createServer>;
  const get = (path: string, headers: Record<string, string> = {}) => yoga.fetch(`http://localhost${path}`, { headers });
  beforeAll(async () => {
    db = await migratedDatabase('pglite');
    await loadFixture(db);
    yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
  });
  afterAll(() => db?.close());

  it('compresses JSON, JSON-LD, CSV and GeoJSON with the encoding asked for, and the body decodes to the same text', async () => {
    for (const path of ['/export/datapackage.json', '/dfc/enterprises', '/export/municipalities.csv', '/geo/municipalities.geojson?codes=NO-3901,NO-3903']) {
      const plain = await (await get(path, { 'accept-encoding': 'identity' })).text();
      expect(plain.length, path).toBeGreaterThan(MIN_COMPRESS_BYTES);
      for (const encoding of ['br', 'gzip']) {
        const response = await get(path, { 'accept-encoding': `${encoding}, deflate` });
        expect(response.status, path).toBe(200);
        expect(response.headers.get('content-encoding'), path).toBe(encoding);
        expect(response.headers.get('vary'), path).toContain('Accept-Encoding');
        const bytes = Buffer.from(await response.arrayBuffer());
        expect(bytes.length, path).toBeLessThan(plain.length / 2);
        expect(decode(encoding, bytes).replace(/"created":"[^"]+"/, ''), path).toBe(plain.replace(/"created":"[^"]+"/, ''));
      }
    }
  });

  it('leaves small bodies and clients that ask for none uncompressed', async () => {
    const health = await get('/healthz', { 'accept-encoding': 'gzip, br' });
    expect(health.headers.get('content-encoding')).toBeNull();
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
    const plain = await get('/export/municipalities.csv');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await plain.text()).startsWith('code,')).toBe(true);
  });

  it('serves GraphiQL compressed, with nosniff and a CSP that forbids framing and allows only its own inline scripts', async () => {
    const plain = await get('/graphql', { accept: 'text/html' });
    const html = await plain.text();
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = plain.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp.match(/'sha256-[A-Za-z0-9+/=]+'/g)).toHaveLength(1); // the page's one inline script
    for (const encoding of ['br', 'gzip']) {
      const response = await get('/graphql', { accept: 'text/html', 'accept-encoding': encoding });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('content-security-policy')).toBe(csp);
      const bytes = Buffer.from(await response.arrayBuffer());
      // 9 MB of HTML and JavaScript: at most a third of it goes over the wire.
      expect(bytes.length).toBeLessThan(html.length / 3);
      expect(decode(encoding, bytes)).toBe(html);
    }
  });

  it('serves widget files compressed, the versioned ones immutable and the entry with a short cache', async () => {
    const entry = await get('/widgets/foodcommons.js', { 'accept-encoding': 'br' });
    if (entry.status === 503) return; // bundle not built in this checkout (its own test says how to build it)
    expect(entry.headers.get('content-encoding')).toBe('br');
    expect(entry.headers.get('cache-control')).toBe('public, max-age=300');
    const versioned = await get(`/widgets/${await widgetsVersion()}/foodcommons.js`, { 'accept-encoding': 'gzip' });
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(decode('gzip', Buffer.from(await versioned.arrayBuffer()))).toBe(decode('br', Buffer.from(await entry.arrayBuffer())));
  });
});
