import type { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { compressResponse, negotiateEncoding, withBody } from './compression.js';
import { CorsPolicy, addVary } from './cors.js';
import { classifyFailure, describeError, httpError } from './errors.js';
import type { GraphQLPageLike } from './graphiql.js';
import { countFailure } from '../observability/metrics.js';
import { type Route, RouteTable, normalizePath } from './routes.js';

export interface HttpLayerOptions {
  routes: Route[];
  /** Origins allowed by CORS (`*` for any), see cors.ts. */
  corsOrigins: string[];
  /** The GraphQL endpoint: yoga answers it, this layer adds CORS, headers and compression. */
  graphqlEndpoint: string;
  /** GraphiQL's page, served by yoga at the endpoint, to which this layer adds its CSP and compression. */
  graphiql?: GraphQLPageLike;
  /** Where failures are reported, one line each. */
  log: (line: string) => void;
}

const isPreflight = (request: Request) => request.method === 'OPTIONS';

/** Raised inside a cut-off response stream for readers in this process (tests, proxies). */
export class ResponseStreamError extends Error {
  constructor(cause: unknown) {
    super('The response stream failed and was cut off (the cause was logged).', { cause });
    this.name = 'ResponseStreamError';
  }
}

/**
 * Wraps a response body so that an error while it streams (a database connection lost halfway through
 * a CSV export) ends the response instead of escaping: the failure is logged once; once the status
 * line is out the connection is destroyed, so the client sees a truncated transfer rather than a
 * complete-looking file; before that (and for readers in this process) the stream errors, and a
 * response not yet started is answered with the JSON error instead.
 */
export function guardBody(
  body: ReadableStream<Uint8Array>,
  onError: (error: unknown, bytes: number) => void,
  nodeResponse?: ServerResponse,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          onError(error, bytes);
          if (nodeResponse?.headersSent) {
            // The status line and part of the body are out: only cutting the connection tells the client.
            nodeResponse.destroy();
            controller.close();
          } else controller.error(new ResponseStreamError(error));
          return;
        }
        if (result.done) controller.close();
        else {
          bytes += result.value.byteLength;
          controller.enqueue(result.value);
        }
      },
      cancel: (reason) => reader.cancel(reason).catch(() => {}),
    },
    { highWaterMark: 0 },
  );
}

/** Makes a response's headers writable (responses built by others may hold immutable headers). */
function writable(response: Response): Response {
  try {
    response.headers.set('x-content-type-options', 'nosniff');
    return response;
  } catch {
    return withBody(response, response.body);
  }
}

/**
 * The HTTP layer: one route table for the plain routes (/export, /geo, /dfc, /widgets, /embed,
 * /healthz …), one JSON error format, one CORS policy, security headers and compression for every
 * response, GraphQL's included.
 */
export function httpLayer(options: HttpLayerOptions): Plugin {
  const table = new RouteTable(options.routes);
  const cors = new CorsPolicy(options.corsOrigins);
  const endpoint = normalizePath(options.graphqlEndpoint);
  const preflights = new WeakSet<Response>();
  const preflight = (response: Response) => {
    preflights.add(response);
    return response;
  };
  const where = (request: Request, url: URL) => `${request.method} ${url.pathname.slice(0, 200)}`;

  async function run(route: Route, request: Request, url: URL, params: Record<string, string>, nodeResponse?: ServerResponse): Promise<Response> {
    for (const [name, value] of url.searchParams) {
      // PostgreSQL text cannot hold NUL: say which parameter, rather than failing in SQL.
      if (name.includes('\0') || value.includes('\0'))
        return httpError(400, 'BAD_USER_INPUT', `\`${name.replace(/\0/g, '')}\` holds a NUL character.`, { field: name.replace(/\0/g, '') });
    }
    let response: Response;
    try {
      response = await route.handler(request, url, params);
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.code === 'TIMEOUT') countFailure('statement', error);
      else if (failure.code === 'UNAVAILABLE') countFailure('unavailable', error);
      if (failure.log) options.log(`http: ${where(request, url)} failed (${failure.status} ${failure.code}): ${describeError(error)}`);
      return httpError(failure.status, failure.code, failure.message, { field: failure.field, headers: failure.headers });
    }
    if (!response.body) return response;
    if (request.method === 'HEAD') {
      await response.body.cancel().catch(() => {});
      return withBody(response, null);
    }
    const body = guardBody(
      response.body,
      (error, bytes) => options.log(`http: ${where(request, url)}: the response stream failed after ${bytes} bytes and was cut off: ${describeError(error)}`),
      nodeResponse,
    );
    return withBody(response, body);
  }

  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      const path = normalizePath(url.pathname);
      const origin = request.headers.get('origin');
      if (path === endpoint) {
        if (isPreflight(request)) endResponse(preflight(cors.preflight(origin, 'configured', ['GET', 'POST', 'OPTIONS'])));
        return; // yoga answers GraphQL and GraphiQL
      }
      const match = table.match(request.method, path);
      if (match.kind === 'not-found') {
        endResponse(httpError(404, 'NOT_FOUND', `Nothing is served at ${path.slice(0, 200)}.`));
      } else if (isPreflight(request)) {
        endResponse(preflight(cors.preflight(origin, match.kind === 'route' ? (match.route.cors ?? 'configured') : match.cors, match.methods)));
      } else if (match.kind === 'method-not-allowed') {
        endResponse(
          httpError(405, 'METHOD_NOT_ALLOWED', `${path.slice(0, 200)} answers ${match.methods.join(', ')}.`, { headers: { allow: match.methods.join(', ') } }),
        );
      } else {
        endResponse(await run(match.route, request, url, match.params, (serverContext as { res?: ServerResponse } | undefined)?.res));
      }
    },

    async onResponse({ request, response, setResponse }) {
      try {
        const url = new URL(request.url);
        const path = normalizePath(url.pathname);
        let out = writable(response);
        if (!preflights.has(response)) cors.apply(out.headers, request.headers.get('origin'), table.corsScope(path));
        const isGraphiQL = path === endpoint && request.method === 'GET' && /^text\/html/i.test(out.headers.get('content-type') ?? '');
        if (isGraphiQL && options.graphiql) {
          out.headers.set('content-security-policy', options.graphiql.contentSecurityPolicy);
          out.headers.set('cache-control', 'no-cache');
          const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
          // The page is the same for every request: compressed once, at the highest settings.
          const ready = encoding && options.graphiql.compressedBody(encoding);
          if (encoding && ready) {
            await out.body?.cancel().catch(() => {});
            const headers = new Headers(out.headers);
            headers.set('content-encoding', encoding);
            headers.delete('content-length');
            addVary(headers, 'Accept-Encoding');
            out = withBody(out, ready, headers);
          } else out = await compressResponse(request, out);
        } else {
          out = await compressResponse(request, out);
        }
        setResponse(out);
      } catch (error) {
        // A body that failed before its first bytes went out can still be answered properly.
        const failure = classifyFailure(error instanceof ResponseStreamError ? error.cause : error);
        if (!(error instanceof ResponseStreamError)) {
          options.log(`http: ${request.method} ${new URL(request.url).pathname.slice(0, 200)}: preparing the response failed: ${describeError(error)}`);
        }
        const answer = httpError(failure.status, failure.code, failure.message, { field: failure.field, headers: failure.headers });
        cors.apply(answer.headers, request.headers.get('origin'), table.corsScope(normalizePath(new URL(request.url).pathname)));
        setResponse(answer);
      }
    },
  };
}
