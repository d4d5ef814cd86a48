/**
 * The one error format of the plain HTTP routes (/export, /geo, /dfc, /widgets, /embed, /healthz, …):
 * `{ "error": { "code": "...", "message": "...", "field"?: "..." } }`. Never a stack trace or a path.
 */
import { isDatabaseUnavailable } from '../db/database.js';

export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  /** More results match than one response carries: narrow the request. */
  | 'TOO_MANY_RESULTS'
  | 'TOO_MANY_REQUESTS'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'INTERNAL';

export function httpError(status: number, code: HttpErrorCode, message: string, options: { field?: string; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify({ error: { code, message, ...(options.field ? { field: options.field } : {}) } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...options.headers },
  });
}

/** What an error thrown while answering a plain HTTP request means for the caller. */
export interface Failure {
  status: number;
  code: HttpErrorCode;
  message: string;
  field?: string;
  headers?: Record<string, string>;
  /** Unexpected failures are logged; the caller's own mistakes are not. */
  log: boolean;
}

const INTERNAL: Failure = { status: 500, code: 'INTERNAL', message: 'Unexpected error; it was logged.', log: true };

/** Text the database cannot store or compare: a NUL byte, or bytes that are not UTF-8. */
const BAD_TEXT_CODES = new Set(['22021', '22P05']);
const BAD_TEXT_MESSAGE = /invalid byte sequence|null character not permitted|unsupported unicode escape sequence|0x00/i;

/** Codes and messages of an error and its causes (pg errors, Prisma errors and the driver adapters' causes). */
function facts(error: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 5) return;
    seen.add(value);
    const v = value as Record<string, unknown>;
    for (const key of ['code', 'originalCode', 'kind', 'errorCode']) if (typeof v[key] === 'string') codes.push(v[key]);
    for (const key of ['message', 'originalMessage']) if (typeof v[key] === 'string') messages.push(v[key]);
    for (const key of ['cause', 'meta', 'driverAdapterError', 'originalError']) visit(v[key], depth + 1);
  };
  visit(error, 0);
  return { codes, messages };
}

/** Status codes of the typed errors of errors.ts (a UserError thrown by shared domain code). */
const USER_ERROR_STATUS: Record<string, [number, HttpErrorCode]> = {
  NOT_FOUND: [404, 'NOT_FOUND'],
  UNAUTHENTICATED: [401, 'UNAUTHENTICATED'],
  FORBIDDEN: [403, 'FORBIDDEN'],
};

/**
 * Sorts an error thrown by a route handler: the caller's input (a UserError, text the database cannot
 * hold) is a 4xx with its message; an unreachable database or a statement timeout is a 503; anything
 * else is a 500 whose message says nothing about the code. Never a stack trace, a path or SQL.
 */
export function classifyFailure(error: unknown): Failure {
  if (error instanceof Error && error.name === 'GraphQLError') {
    const extensions = (error as Error & { extensions?: Record<string, unknown> }).extensions ?? {};
    const code = typeof extensions.code === 'string' ? extensions.code : undefined;
    // A GraphQLError without a code of errors.ts is not an expected failure.
    if (code) {
      const [status, httpCode] = USER_ERROR_STATUS[code] ?? [400, 'BAD_USER_INPUT' as const];
      const field = typeof extensions.field === 'string' ? extensions.field.replace(/^filter\./, '') : undefined;
      return { status, code: httpCode, message: error.message, field, log: false };
    }
  }
  const { codes, messages } = facts(error);
  if (codes.some((c) => BAD_TEXT_CODES.has(c)) || messages.some((m) => BAD_TEXT_MESSAGE.test(m))) {
    return { status: 400, code: 'BAD_USER_INPUT', message: 'The request holds text that cannot be searched or stored (such as a NUL byte).', log: false };
  }
  if (codes.includes('57014') || messages.some((m) => /canceling statement due to statement timeout/i.test(m))) {
    return {
      status: 504,
      code: 'TIMEOUT',
      message: 'A database statement of this request ran past its time limit and was cancelled. Ask for less or try again later.',
      log: true,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: 'UNAVAILABLE', message: 'The database is unavailable; try again shortly.', headers: { 'retry-after': '5' }, log: true };
  }
  return INTERNAL;
}

/** One log line about an error: its name, code and first message line, never its stack. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0]!.slice(0, 500);
  const { codes } = facts(error);
  const code = codes.length ? ` [${[...new Set(codes)].join(', ')}]` : '';
  return `${error.name}: ${error.message.replace(/\s+/g, ' ').trim().slice(0, 500)}${code}`;
}

/**
 * A yoga plugin whose `onRequest` answers in this format if it throws: the plugins that run before
 * the route table (body guard, rate limits) would otherwise leave the error to the server library,
 * which answers with its stack.
 */
export function answeringErrors<P extends { onRequest?: (payload: never) => unknown }>(plugin: P, log: (line: string) => void): P {
  const onRequest = plugin.onRequest as ((payload: { request: Request; endResponse(response: Response): void }) => unknown) | undefined;
  if (!onRequest) return plugin;
  return {
    ...plugin,
    async onRequest(payload: { request: Request; endResponse(response: Response): void }) {
      try {
        return await onRequest.call(plugin, payload);
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.log)
          log(
            `http: ${payload.request.method} ${new URL(payload.request.url).pathname} failed before routing (${failure.status} ${failure.code}): ${describeError(error)}`,
          );
        payload.endResponse(httpError(failure.status, failure.code, failure.message, { field: failure.field, headers: failure.headers }));
      }
    },
  } as P;
}
