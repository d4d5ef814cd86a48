import { GraphQLError } from 'graphql';
import { RequestAbortedError, isDatabaseUnavailable } from '../../db/database.js';
import { ErrorCode } from '../../errors.js';
import { countFailure } from '../../observability/metrics.js';
import { DeadlineExceeded } from './deadline.js';

/** The errors along an error's `cause` and `originalError` chain. */
function* chain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && !seen.has(current)) {
    seen.add(current);
    yield current;
    const e = current as { originalError?: unknown; cause?: unknown };
    current = e.originalError ?? e.cause;
  }
}

const PG_CANCELLED = '57014'; // query_canceled: a statement timeout or a cancel request

/**
 * Failures that are not bugs but the server protecting itself or a database that is away, told to
 * the caller with a code instead of masked: `TIMEOUT` (the request's deadline passed, or the client
 * left) and `UNAVAILABLE` (no database connection within the pool's wait, or the database is
 * restarting). Null for anything else.
 */
export function classifyFailure(
  error: unknown,
): { code: 'TIMEOUT' | 'UNAVAILABLE'; message: string; status: number; cause: unknown; kind: 'statement' | 'deadline' | 'cancelled' | 'unavailable' } | null {
  for (const e of chain(error)) {
    if (e instanceof DeadlineExceeded)
      return {
        code: ErrorCode.TIMEOUT,
        message: `${e.message} Ask for less (smaller pages, fewer groupings) or try again later.`,
        status: 504,
        cause: e,
        kind: 'deadline',
      };
    if (e instanceof RequestAbortedError) {
      const reason = e.reason instanceof DeadlineExceeded ? e.reason.message : 'The request was cancelled.';
      const kind = e.reason instanceof DeadlineExceeded ? 'deadline' : 'cancelled';
      return {
        code: ErrorCode.TIMEOUT,
        message: `${reason} Ask for less (smaller pages, fewer groupings) or try again later.`,
        status: 504,
        cause: e.reason ?? e,
        kind,
      };
    }
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : '';
    if (code === PG_CANCELLED || /canceling statement due to (statement timeout|user request)/.test(message)) {
      return {
        code: ErrorCode.TIMEOUT,
        message: 'A database statement of this request ran past its time limit and was cancelled. Ask for less or try again later.',
        status: 504,
        cause: e,
        kind: 'statement',
      };
    }
  }
  // However deep the driver's error is wrapped (Prisma keeps it in `meta`).
  if (isDatabaseUnavailable(error))
    return {
      code: ErrorCode.UNAVAILABLE,
      message: 'The database is busy or unavailable; try again in a moment.',
      status: 503,
      cause: error,
      kind: 'unavailable',
    };
  return null;
}

/** A masked error's replacement when it is one of the classified failures. */
export function failureAsGraphQLError(error: unknown): GraphQLError | null {
  const failure = classifyFailure(error);
  if (!failure) return null;
  // A client that went away is not the server's failure; the rest are counted once per cause.
  if (failure.kind !== 'cancelled') countFailure(failure.kind, failure.cause);
  const located = error instanceof GraphQLError ? error : undefined;
  return new GraphQLError(failure.message, {
    nodes: located?.nodes,
    path: located?.path,
    extensions: { code: failure.code, http: { status: failure.status } },
  });
}
