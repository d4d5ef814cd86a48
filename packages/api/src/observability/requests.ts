import { randomUUID } from 'node:crypto';
import { Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './log.js';
import { operationCost, requestDuration } from './metrics.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept when it is short plain text; anything else is replaced. */
const USABLE_REQUEST_ID = /^[\w.:@+=/-]{1,128}$/;
/** GraphQL names, the only operation names that become labels and log fields. */
const OPERATION_NAME = /^[A-Za-z_]\w{0,99}$/;
/** Distinct operation names kept as metric labels; further ones are counted as `other`. */
const MAX_OPERATION_LABELS = 500;

export interface RequestObserverOptions {
  logger: Logger;
  graphqlEndpoint: string;
  /** The route pattern (`/export/:table`) that answers a plain request, undefined for none. */
  routeOf(method: string, path: string): string | undefined;
  /** The client's address as the rate limit buckets it (IPv6 by /64). */
  clientAddress(request: Request): string;
}

/** The id of a request: the caller's `X-Request-Id` when usable, a new one otherwise. */
export const requestIdOf = (given: string | null | undefined): string => {
  const trimmed = given?.trim();
  return trimmed && USABLE_REQUEST_ID.test(trimmed) ? trimmed : randomUUID();
};

/** One answered request, as the log line and the metrics tell it. */
export interface Answered {
  id: string;
  /** performance.now() when the request arrived. */
  started: number;
  method: string;
  /** The path, without the query string. */
  path: string;
  status: number;
  /** A GraphQL request: its operation name and cost; else the route pattern that answered. */
  graphql: boolean;
  operation: string | undefined;
  cost?: number;
  keyId?: number;
  address: string;
}

interface Seen {
  id: string;
  started: number;
  graphql: boolean;
  operation?: string;
  keyId?: number;
  cost?: number;
}

interface OperationContext {
  request?: Request;
  viewer?: { apiKeyId: number } | null;
  cost?: { requested: number };
}

function operationNameOf(document: DocumentNode | undefined, given: string | null | undefined): string | undefined {
  if (given) return given;
  const operations = document?.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION) ?? [];
  return operations.length === 1 && operations[0]!.kind === Kind.OPERATION_DEFINITION ? operations[0]!.name?.value : undefined;
}

/**
 * One log line and one duration sample per request, and the request id: taken from `X-Request-Id`
 * when the caller (or a proxy) sent a usable one, generated otherwise, and echoed in the response.
 * Returns two plugins: `first` goes before every other plugin (so that requests answered early, such
 * as rate-limit refusals, are seen), `last` after every other (so that it sees the final response).
 *
 * Written per request: id, method, path (no query string), status, duration, GraphQL operation name
 * and cost, the API key's id and the client's address bucket. Never headers, query text, variables
 * or keys: those may hold personal data or secrets.
 */
export function observeRequests(options: RequestObserverOptions): {
  first: Plugin;
  last: Plugin;
  requestId(request: Request): string | undefined;
  /** Logs and counts a request answered without the plugins (the answer cache's hits, http/answer-cache.ts). */
  record(answered: Answered): void;
} {
  const seen = new WeakMap<Request, Seen>();
  const labels = new Set<string>();
  const label = (operation: string | undefined) => {
    if (!operation) return 'anonymous';
    if (labels.has(operation)) return operation;
    if (labels.size >= MAX_OPERATION_LABELS) return 'other';
    labels.add(operation);
    return operation;
  };

  function record(answered: Answered) {
    const { graphql, operation, status } = answered;
    const ms = performance.now() - answered.started;
    requestDuration.observe(
      { kind: graphql ? 'graphql' : 'http', operation: graphql ? label(operation) : (operation ?? 'unmatched'), status: String(status) },
      ms / 1000,
    );
    if (graphql && answered.cost !== undefined) operationCost.observe({ operation: label(operation) }, answered.cost);
    const line = {
      reqId: answered.id,
      method: answered.method,
      path: answered.path.slice(0, 200),
      status,
      ms: Math.round(ms * 10) / 10,
      ...(graphql ? { operation: operation ?? null, cost: answered.cost ?? null } : {}),
      keyId: answered.keyId ?? null,
      address: answered.address,
    };
    if (status >= 500) options.logger.error(line, 'request failed');
    else options.logger.info(line, 'request');
  }

  const first: Plugin<OperationContext> = {
    onRequest({ request, url }) {
      seen.set(request, {
        id: requestIdOf(request.headers.get(REQUEST_ID_HEADER)),
        started: performance.now(),
        graphql: url.pathname === options.graphqlEndpoint || url.pathname === `${options.graphqlEndpoint}/`,
      });
    },
    onParams({ request, params }) {
      const s = seen.get(request);
      if (s && params.operationName && OPERATION_NAME.test(params.operationName)) s.operation = params.operationName;
    },
    onExecute({ args }) {
      const context = args.contextValue;
      const s = context.request ? seen.get(context.request) : undefined;
      if (!s) return;
      const name = operationNameOf(args.document, args.operationName);
      if (name && OPERATION_NAME.test(name)) s.operation = name;
      if (context.viewer) s.keyId = context.viewer.apiKeyId;
      // The cost limit, a later plugin, sets the cost before execution.
      return {
        onExecuteDone() {
          if (context.cost) s.cost = context.cost.requested;
        },
      };
    },
  };

  const last: Plugin = {
    onResponse({ request, response, setResponse }) {
      const s = seen.get(request);
      if (!s) return;
      let out = response;
      try {
        out.headers.set(REQUEST_ID_HEADER, s.id);
      } catch {
        // Headers of a response that came from fetch are immutable: answer with a copy.
        out = new Response(response.body, response);
        out.headers.set(REQUEST_ID_HEADER, s.id);
        setResponse(out);
      }
      const url = new URL(request.url);
      record({
        id: s.id,
        started: s.started,
        method: request.method,
        path: url.pathname,
        status: out.status,
        graphql: s.graphql,
        operation: s.graphql ? s.operation : options.routeOf(request.method, url.pathname),
        cost: s.cost,
        keyId: s.keyId,
        address: options.clientAddress(request),
      });
    },
  };

  return { first: first as Plugin, last, requestId: (request) => seen.get(request)?.id, record };
}
