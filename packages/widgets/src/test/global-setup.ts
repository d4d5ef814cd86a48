import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { applyMigrations, createServer, openPglite, seedDatabase } from '@food-commons/api/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the API the browser tests load widgets and data from (demo data on PGlite). */
    apiUrl: string;
  }
}

/**
 * Starts the API once for all browser tests: an in-memory PGlite with the reference and demo data,
 * served on an ephemeral port, with the built widget bundle at /widgets/.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const db = await openPglite('memory://');
  await applyMigrations(db);
  // The same reference and demo data as `pnpm start` loads.
  await seedDatabase(db);
  const yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent' });
  const server = http.createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  project.provide('apiUrl', `http://127.0.0.1:${port}`);
  console.log(`API with demo data on http://127.0.0.1:${port} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  };
}
