import { createServer as createHttpServer } from 'node:http';
import { ensureOperatorKey, operatorKeyNotice } from './access/operator-key.js';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseLockedError, openDatabase } from './db/database.js';
import { MigrationError } from './db/migrate.js';
import { nodeListener } from './http/answer-cache.js';
import { guardProcess } from './http/process-guards.js';
import { prepareDatabase } from './seed/setup.js';
import { startWebhookDispatcher } from './sync/webhooks.js';
import { createServer } from './graphql/yoga.js';
import { type Logger, createLogger, prettyDestination } from './observability/log.js';
import { ServerState } from './observability/readiness.js';
import { gracefulShutdown } from './observability/shutdown.js';

let logger: Logger | undefined;

async function main() {
  const config = loadConfig();
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const log = (logger = createLogger(config.logLevel, pretty ? prettyDestination() : undefined));
  // A failure in one request (a lost database connection mid-stream) must not end the server.
  guardProcess((line) => log.error(line));
  const started = performance.now();
  const prepared = await prepareDatabase(config, (message) => log.info(message));
  const { applied, seeded } = prepared;
  let db = prepared.db;
  if (db.kind === 'postgresql') {
    // Migrating and seeding may take long; serving may not: reopen with the statement timeout.
    await db.close();
    db = await openDatabase(config, { statementTimeoutMs: config.requestTimeoutMs });
  }
  // Before listening, so that `fc` finds the key as soon as the server answers.
  const operatorKey = await ensureOperatorKey(db, config.operatorKeyFile).catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  );
  const state = new ServerState();
  const yoga = createServer(db, { ...config, logger: log, state });
  const stopWebhooks = startWebhookDispatcher(db, config, { log });
  const server = createHttpServer(nodeListener(yoga));
  // Idle keep-alive connections outlive a proxy's (nginx keeps upstream connections 60 s): the proxy
  // must never send a request on a connection the server is closing, as it does not retry a POST.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log.info(
    {
      graphql: `${config.publicUrl}/graphql`,
      graphiql: `${config.publicUrl}/graphql`,
      health: `${config.publicUrl}/healthz`,
      readiness: `${config.publicUrl}/readyz`,
      metrics: `${config.publicUrl}/metrics`,
      database: db.kind === 'pglite' ? `embedded PGlite in ${db.location}` : `PostgreSQL ${db.location}`,
      migrationsApplied: applied.length,
      ...(seeded ? { loaded: `${seeded} data` } : {}),
    },
    `Food Commons is running (ready in ${seconds} s) at ${config.publicUrl}/graphql`,
  );
  // Shown only to a person at a terminal; logs collected from a service never carry it.
  const notice = operatorKeyNotice(operatorKey, config.operatorKeyFile, { showKey: process.stdout.isTTY === true });
  if (notice) log[notice.level](notice.message);
  const shutdown = gracefulShutdown({
    server,
    state,
    logger: log,
    graceMs: config.shutdownGraceMs,
    stopWebhooks: (graceMs) => stopWebhooks({ graceMs }),
    // Closes what the server holds open, such as its Redis connection for rate limits.
    disposeServer: async () => {
      await yoga.dispose();
    },
    closeDatabase: () => db.close(),
  });
  const stop = (signal: string) =>
    void shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const log = logger ?? createLogger('info');
  if (error instanceof ConfigError || error instanceof DatabaseLockedError || error instanceof MigrationError) {
    log.fatal(`Food Commons cannot start: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    log.fatal(`Food Commons cannot start: the port is in use (${(error as Error).message}). Set PORT to another port.`);
  } else {
    log.fatal({ err: error }, 'Food Commons cannot start');
  }
  process.exit(1);
});
