import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { createServer, openDemoDatabase } from '@food-commons/api/testing';
import { findChromium, missingChromiumMessage } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the API the browser tests load widgets and data from (demo data on PGlite). */
    apiUrl: string;
    /** The Chromium executable the tests drive; "" when there is none (the tests are then skipped). */
    chromiumPath: string;
  }
}

/**
 * Finds Chromium and starts the API once for all browser tests: an in-memory PGlite with the
 * reference and demo data, served on an ephemeral port, with the built widget bundle at /widgets/.
 * Without Chromium the tests are skipped with one message, and no API is started; in CI (`CI` set)
 * a missing Chromium fails the run.
 */
export default async function setup(project: TestProject) {
  const chromium = findChromium();
  project.provide('chromiumPath', chromium.path ?? '');
  if (!chromium.path) {
    if (process.env.CI) throw new Error(`CI needs Chromium for the widgets' browser tests. ${missingChromiumMessage(chromium.tried)}`);
    console.warn(missingChromiumMessage(chromium.tried));
    project.provide('apiUrl', '');
    return;
  }
  const started = Date.now();
  // The same reference and demo data as `pnpm start` loads (from the built starter database when current).
  const { db, from } = await openDemoDatabase();
  // Every page of every test file asks from the same address: budgets no suite spends (the rate
  // limits have tests of their own in the API package).
  const yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent', rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 } });
  const server = http.createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  project.provide('apiUrl', `http://127.0.0.1:${port}`);
  console.log(
    `API with demo data (${from === 'starter' ? 'from the starter database' : 'seeded'}) on http://127.0.0.1:${port} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  };
}
