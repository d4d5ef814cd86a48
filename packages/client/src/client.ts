import type { TypedDocumentString } from './generated/graphql.js';

/** An error the API reported: typed errors carry a `code` (and a `field` for bad input). */
export class FoodCommonsError extends Error {
  constructor(
    message: string,
    readonly errors: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; [key: string]: unknown } }[],
    readonly status: number,
  ) {
    super(message);
    this.name = 'FoodCommonsError';
  }

  /** The code of the first error, e.g. "UNKNOWN_CODE" or "PAGE_SIZE". */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface ClientOptions {
  /** The API's GraphQL endpoint, e.g. "https://foodcommons.example/graphql". */
  url: string;
  /** A partner API key (sent as a Bearer token); leave out for public data. */
  apiKey?: string;
  /** A fetch implementation; the global fetch of Node ≥ 20 or the browser by default. */
  fetch?: (input: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<Response>;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
}

export interface FoodCommonsClient {
  /** Runs one of the generated, named operations with its typed variables and returns its typed data. */
  request<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables?: TVariables): Promise<TResult>;
}

/** A minimal typed client: one POST per operation, no cache, no dependencies; Node and browsers alike. */
export function createClient(options: ClientOptions): FoodCommonsClient {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    async request(document, variables) {
      const query = document.toString();
      const operationName = /\b(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1];
      const response = await fetchImpl(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables: variables ?? {}, operationName }),
      });
      let body: { data?: unknown; errors?: FoodCommonsError['errors'] };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new FoodCommonsError(`The API answered ${response.status} without a GraphQL response.`, [], response.status);
      }
      if (body.errors?.length) throw new FoodCommonsError(body.errors.map((e) => e.message).join('; '), body.errors, response.status);
      if (!body.data) throw new FoodCommonsError(`The API answered ${response.status} without data.`, [], response.status);
      return body.data as never;
    },
  };
}
