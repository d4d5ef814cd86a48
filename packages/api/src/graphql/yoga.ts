import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import { createYoga, maskError as defaultMaskError, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from '../access/auth.js';
import { type Config, loadConfig } from '../config.js';
import type { Context } from './context.js';
import type { Database } from '../db/database.js';
import { EXAMPLE_QUERIES } from './examples.js';
import { costLimitPlugin } from './plugins/cost.js';
import { Deadline, deadlinePlugin } from './plugins/deadline.js';
import { failureAsGraphQLError } from './plugins/failures.js';
import { inputGuard } from './plugins/input-guard.js';
import { exceptPersistedGets, persistedOperationOf, persistedOperations } from './plugins/persisted.js';
import { BUILT_FROM, responseCache } from './plugins/response-cache.js';
import { ChangeWatcher, MemoryResponseStore, RedisResponseStore } from './plugins/response-cache-store.js';
import { exportRoutes } from '../http/export-routes.js';
import { schemaRoutes } from '../http/schema-routes.js';
import { bodyGuard } from '../http/body-guard.js';
import { CACHE_POLICY, cacheHeaders } from '../http/cache-headers.js';
import { answeringErrors } from '../http/errors.js';
import { coreRoutes } from '../http/core-routes.js';
import { GraphiQLPage } from '../http/graphiql.js';
import { httpLayer } from '../http/layer.js';
import { createRateLimits, routePoints } from '../http/rate-limit.js';
import { type AnswerRateLimit, AnswerCache, attachAnswerCache } from '../http/answer-cache.js';
import { CorsPolicy, type CorsScope } from '../http/cors.js';
import { dfcRoutes } from '../http/dfc-routes.js';
import { operatorRoutes } from '../http/operator-routes.js';
import { createLoaders } from './loaders.js';
import { schema } from './schema/index.js';
import { widgetRoutes } from '../http/widget-routes.js';
import { type Route, RouteTable, normalizePath } from '../http/routes.js';
import { type Logger, createLogger } from '../observability/log.js';
import { ServerState } from '../observability/readiness.js';
import { type Answered, observeRequests } from '../observability/requests.js';

type ServerContext = Record<string, never>;

/** What the response cache's answer cache needs of the rest of the server. */
interface AnswerCacheWiring {
  cors: CorsPolicy;
  corsScope: (path: string) => CorsScope;
  record: (answered: Answered) => void;
  rateLimit: AnswerRateLimit | null;
  trustProxy: number;
}

/**
 * The response cache the configuration asks for (docs/caching.md), and the answer cache in front of
 * the GraphQL server that shares its generations; or none. In memory, a quarter of RESPONSE_CACHE_MB
 * holds the answer cache's final bytes and the rest the response cache's answers; on Redis, the
 * answer cache takes that quarter in each process.
 */
function responseCaching(db: Database, config: Config, logger: Logger, wiring: AnswerCacheWiring) {
  if (config.responseCache === 'off') return { plugins: [], answers: undefined };
  const budget = config.responseCacheMb * 1024 * 1024;
  const answerBytes = Math.floor(budget / 4);
  const store =
    config.responseCache === 'redis' && config.redisUrl
      ? new RedisResponseStore(config.redisUrl, { prefix: config.responseCachePrefix })
      : new MemoryResponseStore(budget - answerBytes);
  const watcher = new ChangeWatcher(db, store);
  const warn = (message: string) => logger.warn(message);
  const answers = new AnswerCache({
    store,
    watcher,
    maxBytes: answerBytes,
    ...wiring,
    ttlSeconds: (operation, graphql) => (graphql ? (CACHE_POLICY[operation ?? '']?.maxAge ?? 60) : CACHE_POLICY.ProducerMap!.maxAge),
    warn,
  });
  const plugin = responseCache({
    store,
    watcher,
    schema,
    ttlSeconds: (request) => CACHE_POLICY[persistedOperationOf(request)?.name ?? '']?.maxAge ?? 60,
    warn,
    onAnswer: (request, built) => answers.noteGraphQL(request, built, persistedOperationOf(request)?.name),
  });
  const dispose = async () => {
    answers.clear();
    await store.close();
  };
  return { plugins: [{ ...plugin, onDispose: dispose }], answers };
}

/** The producers' GeoJSON is built from the producers (and their organizations), as the map's query. */
const GEOJSON_PATH = '/geo/producers.geojson';

export type FoodCommonsYoga = YogaServerInstance<ServerContext, Context>;

/** The GraphQL server as a fetch handler: tests call `yoga.fetch(...)`, server.ts only listens. */
export function createServer(
  db: Database,
  // `limits: false` leaves out cost analysis and rate limits: only for measuring what they cost.
  // `logger` defaults to one at the configured level on stdout; `state` is the process's (shutdown).
  options: Partial<Config> & { limits?: boolean; logger?: Logger; state?: ServerState } = {},
): FoodCommonsYoga {
  // Tests pass the few settings they need; the rest are the defaults of an empty environment, but
  // for the response cache, which is on only when asked for (server.ts passes the configured one):
  // a test that writes with SQL between two reads must not read its first answer again.
  const config: Config = { ...loadConfig({}), responseCache: 'off', ...options };
  const logger = options.logger ?? createLogger(config.logLevel);
  const rateLimits = createRateLimits(db, config, { log: logger });
  const graphiqlOptions = {
    title: 'Food Commons GraphQL',
    defaultTabs: EXAMPLE_QUERIES.map((e) => ({ query: e.query, variables: e.variables ? JSON.stringify(e.variables, null, 2) : null })),
  };
  const graphiql = new GraphiQLPage(graphiqlOptions);
  const cache = responseCaching(db, config, logger, {
    cors: new CorsPolicy(config.corsOrigins),
    corsScope: (path) => table.corsScope(path),
    record: (answered) => requests.record(answered),
    rateLimit: options.limits === false ? null : { limiter: rateLimits.limiter, anonymousPerMinute: config.rateLimit.anonymousPerMinute },
    trustProxy: config.trustProxy,
  });
  const answers = cache.answers;
  const routes = [
    ...coreRoutes(db, {
      state: options.state ?? new ServerState(),
      pingRedis: rateLimits.limiter.ping?.bind(rateLimits.limiter),
      metricsToken: config.metricsToken,
    }),
    ...widgetRoutes(db).map((route): Route =>
      answers && route.path === GEOJSON_PATH
        ? {
            ...route,
            async handler(request, url, params) {
              await answers.notePlain(request, route.path, BUILT_FROM.Producer!, routePoints('GET', route.path) ?? 0);
              return route.handler(request, url, params);
            },
          }
        : route,
    ),
    ...exportRoutes(db),
    ...schemaRoutes(),
    ...dfcRoutes(db, config.publicUrl),
    ...operatorRoutes(db, config),
  ];
  const logError = (line: string) => logger.error(line);
  const http = httpLayer({ routes, corsOrigins: config.corsOrigins, graphqlEndpoint: '/graphql', graphiql, log: logError });
  const table = new RouteTable(routes);
  const requests = observeRequests({
    logger,
    graphqlEndpoint: '/graphql',
    routeOf(method, path) {
      const match = table.match(method, normalizePath(path));
      return match.kind === 'route' ? match.route.path : undefined;
    },
    clientAddress: rateLimits.clientAddress,
  });
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // yoga's own health route answers 200 on any path ending in its name, database or not; /healthz
    // is the health route. A URL never ends in a line feed, so this switches it off.
    healthCheckEndpoint: '\n',
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
        // A passed deadline, a cancelled statement or an unavailable database is said as such.
        const failure = failureAsGraphQLError(error);
        if (failure) return failure;
        return defaultMaskError(error, message, isDev);
      },
    },
    logging: config.logLevel === 'silent' ? false : logger,
    // One CORS policy for every route, GraphQL included: the HTTP layer's (src/http/cors.ts).
    cors: false,
    graphiql: graphiqlOptions,
    // Served from this server, not a CDN, so GraphiQL works offline and on intranets; rendered once.
    renderGraphiQL: graphiql.render,
    plugins: [
      requests.first,
      answeringErrors(bodyGuard(db, { maxBodyBytes: config.maxBodyBytes, graphqlEndpoint: '/graphql' }), logError),
      inputGuard(),
      // GET /graphql?id=sha256:…: the client's and widgets' operations by id (docs/caching.md).
      persistedOperations({ persistedOnly: config.persistedOnly }),
      ...(options.limits === false ? [] : [costLimitPlugin(), answeringErrors(rateLimits.graphql, logError), answeringErrors(rateLimits.http, logError)]),
      deadlinePlugin(),
      // After the rate limit and the deadline: a hit is charged and reported as a miss would be.
      ...cache.plugins,
      // Before the HTTP layer, which compresses what it answers.
      cacheHeaders({ graphqlEndpoint: '/graphql' }),
      http,
      // Keeps the final bytes of public answers, as compressed by the HTTP layer (http/answer-cache.ts).
      ...(answers ? [answers.plugin] : []),
      // A GraphQL request a browser could send cross-site without a preflight (a form post, a plain
      // GET) must carry a header that forces one; an Authorization header does (it is never "simple").
      // A persisted GET runs only a manifest query: browsers may send it simply, and cache it (persisted.ts).
      exceptPersistedGets(useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'authorization'] })),
      // Last, so that it logs the response as sent.
      requests.last,
    ],
    context: async ({ request }) => {
      const deadline = new Deadline(request.signal, config.requestTimeoutMs);
      const scoped = db.forRequest(deadline.signal);
      return {
        db: scoped,
        config,
        viewer: await authenticate(db, request.headers.get('authorization')),
        loaders: createLoaders(scoped),
        signal: deadline.signal,
        deadline,
        clientAddress: rateLimits.clientAddress(request),
      };
    },
  });
  // server.ts listens with nodeListener(yoga): the answer cache answers what it holds before yoga.
  if (answers) attachAnswerCache(yoga, answers);
  return yoga;
}
