/**
 * Serves the API with the demo data on an in-memory database, for trying the widgets and the
 * examples locally: `pnpm --filter @food-commons/widgets demo-server [port] [deliveries]` (default
 * port 4100, 3,000 delivery lines: the statistics answer in seconds on PGlite; `pnpm start` loads the
 * full demo).
 */
import http from 'node:http';
import { applyMigrations, createServer, DEMO_SCALE, loadReferenceData, openPglite, refreshPublicLocations, seedDemo } from '@food-commons/api/testing';

const port = Number(process.argv[2] ?? 4100);
const db = await openPglite('memory://');
await applyMigrations(db);
await loadReferenceData(db);
await seedDemo(db, { scale: { ...DEMO_SCALE, deliveries: Number(process.argv[3] ?? 3000) } });
await refreshPublicLocations(db);
const server = http.createServer(createServer(db, { corsOrigins: ['*'], logLevel: 'silent' }));
server.listen(port, '127.0.0.1', () => console.log(`Demo API with widgets on http://127.0.0.1:${port} (embed builder: /embed)`));
