import type { Database } from '../db/database.js';
import { createServer } from '../graphql/yoga.js';

export interface GraphQLResult<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
}

/** Runs GraphQL operations against the server's fetch handler (no port). */
export function graphqlClient(db: Database) {
  // Budgets no suite spends: the rate limits have tests of their own (src/http/rate-limit.test.ts).
  const yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent', rateLimit: { anonymousPerMinute: 1e9, keyPerMinute: 1e9 } });
  return {
    yoga,
    async query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as GraphQLResult<T>) };
    },
  };
}
