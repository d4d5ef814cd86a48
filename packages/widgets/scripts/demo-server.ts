/**
 * Serves the API with the demo data on an in-memory database, for trying the widgets and the
 * examples locally: `pnpm --filter @food-commons/widgets demo-server [port] [deliveries]` (default
 * port 4100, 3,000 delivery lines: the statistics answer in seconds on PGlite; `pnpm start` loads the
 * full demo).
 */
import http from 'node:http';
import { openPglite } from '../../api/src/db.js';
import { applyMigrations } from '../../api/src/migrate.js';
import { refreshPublicLocations } from '../../api/src/privacy.js';
import { DEMO_SCALE, seedDemo } from '../../api/src/seed/demo.js';
import { loadReferenceData } from '../../api/src/seed/reference.js';
import { createServer } from '../../api/src/yoga.js';

const port = Number(process.argv[2] ?? 4100);
const db = await openPglite('memory://');
await applyMigrations(db);
await loadReferenceData(db);
await seedDemo(db, { scale: { ...DEMO_SCALE, deliveries: Number(process.argv[3] ?? 3000) } });
await refreshPublicLocations(db);
const server = http.createServer(createServer(db, { corsOrigins: ['*'], logLevel: 'silent' }));
server.listen(port, '127.0.0.1', () => console.log(`Demo API with widgets on http://127.0.0.1:${port} (embed builder: /embed)`));
