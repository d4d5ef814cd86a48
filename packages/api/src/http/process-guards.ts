import { createLogger } from '../observability/log.js';
import { classifyFailure, describeError } from './errors.js';

/**
 * Keeps one failed request from taking the server down, without hiding real breakage:
 *
 * - An unhandled promise rejection is one operation that failed with nobody awaiting it (a response
 *   stream, a background delivery): it is logged on one line and the server keeps serving. Node's
 *   default would end the process.
 * - An uncaught exception is kept alive only when it is known to be harmless to the process: a
 *   database connection that was lost (a pg client's 'error' event emitted while nobody listened, a
 *   backend terminated, a reset socket). The pool drops such a connection and opens another on demand,
 *   so no state is left broken. Any other uncaught exception means state we cannot vouch for: it is
 *   logged on one line and the process exits with status 1, so that its supervisor restarts it.
 *
 * Returns a function that removes the guards (for tests).
 */
export function guardProcess(
  log: (line: string) => void = (line) => createLogger('error').error(line),
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onRejection = (reason: unknown) => {
    log(`process: unhandled rejection (kept serving): ${describeError(reason)}`);
  };
  const onException = (error: unknown) => {
    if (isLostConnection(error)) {
      log(`process: a database connection was lost (kept serving): ${describeError(error)}`);
      return;
    }
    log(`process: uncaught exception, exiting: ${describeError(error)}`);
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

/** A lost database connection: an error the HTTP layer answers with 503 UNAVAILABLE. */
export function isLostConnection(error: unknown): boolean {
  return classifyFailure(error).code === 'UNAVAILABLE';
}
