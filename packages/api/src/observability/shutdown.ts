import type { Server } from 'node:http';
import type { Logger } from './log.js';
import type { ServerState } from './readiness.js';

export interface ShutdownSteps {
  server: Server;
  state: ServerState;
  logger: Logger;
  /** How long requests and streams in flight may take to finish before they are cut (ms). */
  graceMs: number;
  /** Stops the webhook dispatcher, letting the deliveries in flight finish within `graceMs`. */
  stopWebhooks(graceMs: number): Promise<void>;
  /** Closes what the GraphQL server holds (the rate limiter's Redis connection). */
  disposeServer(): Promise<void>;
  closeDatabase(): Promise<void>;
}

/**
 * A graceful shutdown, in order: readiness fails at once; the listening socket closes (new
 * connections are refused) and idle keep-alive connections are closed; requests and response
 * streams in flight finish, for up to `graceMs`, after which the connections left are cut; the
 * webhook dispatcher stops once its current deliveries are done (within the same grace); then the
 * GraphQL server and the database are closed. Resolves when all is closed; a second call returns
 * the first call's promise.
 */
export function gracefulShutdown(steps: ShutdownSteps): (signal: string) => Promise<void> {
  let running: Promise<void> | undefined;
  return (signal) => {
    running ??= shutdown(steps, signal);
    return running;
  };
}

async function shutdown(steps: ShutdownSteps, signal: string): Promise<void> {
  const { server, logger } = steps;
  const started = performance.now();
  steps.state.shuttingDown = true;
  logger.info({ signal, graceMs: steps.graceMs }, 'shutting down: no new connections; waiting for requests in flight');
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection that finishes its response becomes idle: close it then, not at its timeout.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), steps.graceMs);
  });
  const webhooks = steps.stopWebhooks(steps.graceMs).catch((error: unknown) => {
    logger.warn({ err: { name: (error as Error)?.name } }, 'shutdown: stopping the webhook dispatcher failed');
  });
  const outcome = await Promise.race([drained.then(() => 'drained' as const), graceOver]);
  clearInterval(sweep);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    logger.warn({ graceMs: steps.graceMs }, 'shutdown: the grace period ended; cutting the connections still open');
    server.closeAllConnections();
    await drained;
  }
  await webhooks;
  await steps.disposeServer();
  await steps.closeDatabase();
  logger.info({ ms: Math.round(performance.now() - started) }, 'shut down');
}
