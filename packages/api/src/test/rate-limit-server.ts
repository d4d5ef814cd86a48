/**
 * A server for tests that need real processes (rate limits shared through Redis): an in-memory
 * database, the configuration of the environment, Redis keys under the prefix given as the first
 * argument, an ephemeral port on 127.0.0.1. Prints `listening <port>` once it accepts requests.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config.js';
import { openPglite } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { createServer } from '../graphql/yoga.js';

const config = loadConfig();
const db = await openPglite('memory://');
await applyMigrations(db);
const yoga = createServer(db, { ...config, logLevel: 'silent', rateLimit: { ...config.rateLimit, redisPrefix: process.argv[2] } });
const server = createHttpServer(yoga);
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));

const stop = async () => {
  server.close();
  await yoga.dispose();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
