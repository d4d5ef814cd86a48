import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { loadFixture } from '../test/fixture.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { createServer } from '../graphql/yoga.js';

/**
 * One client floods the most expensive queries the limits allow, over many connections, through a
 * real socket; meanwhile another client's cheap query and /healthz keep answering, and the flooder
 * is held to its budget.
 */
describe.each(databaseKinds)('a flood from one address (%s)', (kind) => {
  let db: Database;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadFixture(db);
    // A small budget, so that the flood reaches it within the test.
    const yoga = createServer(db, { logLevel: 'silent', trustProxy: 1, rateLimit: { anonymousPerMinute: 30_000, keyPerMinute: 30_000 } });
    server = createHttpServer(yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  const HEAVY = `{ ${['KITCHEN', 'PRODUCER', 'CATEGORY', 'KITCHEN_KIND', 'MONTH'].map((g, i) => `s${i}: deliveryStats(groupBy: [${g}, CATEGORY], categoryDepth: 3) { rows { total organic local } }`).join(' ')}
    g: goals(first: 50) { edges { node { progress { currentValue series { year value } } } } } }`;

  const post = (address: string, query: string, signal?: AbortSignal) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query }),
      signal,
    });

  it('keeps /healthz and another client answering while the flooder is refused', async () => {
    const stop = new AbortController();
    const statuses: number[] = [];
    const flooder = async () => {
      while (!stop.signal.aborted) {
        try {
          const response = await post('203.0.113.66', HEAVY, stop.signal);
          await response.arrayBuffer();
          statuses.push(response.status);
        } catch {
          // aborted at the end
        }
      }
    };
    const floods = Array.from({ length: 20 }, flooder);
    const cheap: number[] = [];
    const health: number[] = [];
    const started = performance.now();
    // Until the flooder has been refused, and at least 3 s.
    while (performance.now() - started < 3_000 || !statuses.includes(429)) {
      let t = performance.now();
      const response = await post('198.51.100.7', '{ municipality(code: "NO-3901") { name } }');
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: { municipality: { name: string } } }).data.municipality.name).toBe('Horten');
      cheap.push(performance.now() - t);
      t = performance.now();
      const healthz = await fetch(`${base}/healthz`);
      expect(healthz.status).toBe(200);
      await healthz.arrayBuffer();
      health.push(performance.now() - t);
      if (performance.now() - started > 60_000) break;
    }
    stop.abort();
    await Promise.all(floods);
    // The flooder spent its budget and was refused; the other client never was.
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    // Generous bounds that hold on a busy machine; the benchmark (bench:safety) measures the p99.
    expect(Math.max(...cheap)).toBeLessThan(10_000);
    expect(Math.max(...health)).toBeLessThan(10_000);
  });
});
