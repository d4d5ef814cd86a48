import { createServer as createHttpServer } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseLockedError, openDatabase } from './db/database.js';
import { guardProcess } from './http/process-guards.js';
import { prepareDatabase } from './seed/setup.js';
import { startWebhookDispatcher } from './sync/webhooks.js';
import { createServer } from './graphql/yoga.js';

async function main() {
  const config = loadConfig();
  // A failure in one request (a lost database connection mid-stream) must not end the server.
  guardProcess();
  const started = performance.now();
  const prepared = await prepareDatabase(config, (message) => console.log(message));
  const { applied, seeded } = prepared;
  let db = prepared.db;
  if (db.kind === 'postgresql') {
    // Migrating and seeding may take long; serving may not: reopen with the statement timeout.
    await db.close();
    db = await openDatabase(config, { statementTimeoutMs: config.requestTimeoutMs });
  }
  const yoga = createServer(db, config);
  const stopWebhooks = startWebhookDispatcher(db, config);
  const server = createHttpServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    [
      `Food Commons is running (ready in ${seconds} s).`,
      `  GraphQL API:  ${config.publicUrl}/graphql`,
      `  GraphiQL:     ${config.publicUrl}/graphql (open it in a browser)`,
      `  Health:       ${config.publicUrl}/healthz`,
      `  Database:     ${db.kind === 'pglite' ? `embedded PGlite in ${db.location}` : `PostgreSQL ${db.location}`}` +
        (applied.length ? ` (applied ${applied.length} migration${applied.length > 1 ? 's' : ''})` : '') +
        (seeded ? ' (loaded reference and demo data)' : ''),
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopWebhooks();
    server.close();
    // Closes what the server holds open, such as its Redis connection for rate limits.
    await yoga.dispose();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseLockedError) {
    console.error(`Food Commons cannot start: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Food Commons cannot start: the port is in use (${(error as Error).message}). Set PORT to another port.`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
