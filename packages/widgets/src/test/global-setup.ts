import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../../api/src/db.js';
import { applyMigrations } from '../../../api/src/migrate.js';
import { refreshPublicLocations } from '../../../api/src/privacy.js';
import { DEMO_SCALE, seedDemo } from '../../../api/src/seed/demo.js';
import { loadReferenceData } from '../../../api/src/seed/reference.js';
import { createServer } from '../../../api/src/yoga.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the API the browser tests load widgets and data from (demo data on PGlite). */
    apiUrl: string;
  }
}

const TEST_DELIVERIES = 1_200;

/**
 * Starts the API once for all browser tests: an in-memory PGlite with the reference and demo data,
 * served on an ephemeral port, with the built widget bundle at /widgets/.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const db = await openPglite('memory://');
  await applyMigrations(db);
  await loadReferenceData(db);
  // The demo dataset with fewer delivery lines: same producers, kitchens, goals and story, and
  // statistics that PGlite answers in seconds (the widgets' tests check rendering, not the sums).
  await seedDemo(db, { scale: { ...DEMO_SCALE, deliveries: TEST_DELIVERIES } });
  await refreshPublicLocations(db);
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
