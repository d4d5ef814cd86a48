import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, maskError as defaultMaskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from './auth.js';
import { type Config, loadConfig } from './config.js';
import type { Context } from './context.js';
import type { Database } from './db.js';
import { EXAMPLE_QUERIES } from './examples.js';
import { exportRoutes } from './export/routes.js';
import { dfcRoutes } from './dfc/dfc.js';
import { createLoaders } from './loaders.js';
import { schema } from './schema/index.js';
import { widgetRoutes } from './widgets/routes.js';

type ServerContext = Record<string, never>;
export type FoodCommonsYoga = YogaServerInstance<ServerContext, Context>;

/** Plain HTTP endpoints served next to GraphQL. */
function routes(db: Database): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname === '/') {
        endResponse(new Response(null, { status: 302, headers: { location: '/graphql' } }));
      } else if (url.pathname === '/healthz') {
        try {
          await db.sql.query('SELECT 1');
          endResponse(Response.json({ status: 'ok', database: db.kind }));
        } catch {
          endResponse(Response.json({ status: 'error', database: db.kind }, { status: 503 }));
        }
      }
    },
  };
}

/** The GraphQL server as a fetch handler: tests call `yoga.fetch(...)`, server.ts only listens. */
export function createServer(db: Database, options: Partial<Config> = {}): FoodCommonsYoga {
  // Tests pass the few settings they need; the rest are the defaults of an empty environment.
  const config: Config = { ...loadConfig({}), ...options };
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    maskedErrors: {
      // Pothos reports a malformed cursor as a validation error: that is the caller's input, say so.
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : undefined;
        if (original?.name === 'PothosValidationError') {
          return new GraphQLError(original.message.replace(/^Invalid cursor/, 'Invalid cursor (use a cursor this API returned)'), {
            nodes: (error as GraphQLError).nodes,
            path: (error as GraphQLError).path,
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        return defaultMaskError(error, message, isDev);
      },
    },
    logging: config.logLevel === 'silent' ? false : config.logLevel,
    cors: config.corsOrigins.includes('*')
      ? { origin: '*', methods: ['GET', 'POST', 'OPTIONS'] }
      : { origin: config.corsOrigins, methods: ['GET', 'POST', 'OPTIONS'] },
    graphiql: {
      title: 'Food Commons GraphQL',
      defaultTabs: EXAMPLE_QUERIES.map((e) => ({ query: e.query, variables: e.variables ? JSON.stringify(e.variables, null, 2) : null })),
    },
    // Served from this server, not a CDN, so GraphiQL works offline and on intranets.
    renderGraphiQL,
    plugins: [routes(db), widgetRoutes(db, config.corsOrigins), exportRoutes(db), dfcRoutes(db)],
    context: async ({ request }) => ({
      db,
      config,
      viewer: await authenticate(db, request.headers.get('authorization')),
      loaders: createLoaders(db),
      signal: request.signal,
    }),
  });
}
