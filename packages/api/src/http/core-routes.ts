import { timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import { type Collector, changeFeedPosition, poolConnections, poolWaiting, scrape, webhookQueueDepth } from '../observability/metrics.js';
import { type ServerState, readinessChecks } from '../observability/readiness.js';
import { httpError } from './errors.js';
import type { Route } from './routes.js';

export interface CoreRouteOptions {
  state: ServerState;
  /** Pings Redis when the server uses it, undefined otherwise. */
  pingRedis?: () => Promise<void>;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

const NO_STORE = { 'cache-control': 'no-store' };

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The gauges that read the database, refreshed at each scrape. */
function collectors(db: Database): Collector[] {
  return [
    {
      name: 'pool',
      collect() {
        const stats = db.poolStats?.() ?? { total: 1, idle: 0, waiting: 0 };
        poolConnections.set({ state: 'total' }, stats.total);
        poolConnections.set({ state: 'idle' }, stats.idle);
        poolConnections.set({ state: 'in_use' }, stats.total - stats.idle);
        poolWaiting.set(stats.waiting);
      },
    },
    {
      name: 'webhook_queue',
      async collect(signal) {
        const [row] = await db
          .forRequest(signal)
          .sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM webhook_delivery WHERE status IN ('pending', 'failed', 'sending')`);
        webhookQueueDepth.set(Number(row?.n ?? 0));
      },
    },
    {
      name: 'change_feed',
      async collect(signal) {
        const [row] = await db.forRequest(signal).sql.query<{ id: string | null }>(`SELECT max(id)::text AS id FROM change`);
        changeFeedPosition.set(Number(row?.id ?? 0));
      },
    },
  ];
}

/**
 * `/` sends people to GraphiQL. `/healthz` is liveness: the process answers, without touching the
 * database (a full pool must not get the process restarted). `/readyz` is readiness: the database,
 * its migrations and Redis answer within a second each, and the server is not shutting down.
 * `/metrics` is Prometheus's text format.
 */
export function coreRoutes(db: Database, options: CoreRouteOptions): Route[] {
  const readiness = readinessChecks(db, { state: options.state, pingRedis: options.pingRedis });
  const gauges = collectors(db);
  return [
    { method: 'GET', path: '/', handler: () => new Response(null, { status: 302, headers: { location: '/graphql' } }) },
    {
      method: 'GET',
      path: '/healthz',
      handler: () => Response.json({ status: 'ok', database: db.kind }, { headers: NO_STORE }),
    },
    {
      method: 'GET',
      path: '/readyz',
      async handler() {
        const { ready, checks } = await readiness();
        return Response.json({ status: ready ? 'ready' : 'not ready', checks }, { status: ready ? 200 : 503, headers: NO_STORE });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      async handler(request) {
        if (options.metricsToken) {
          const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization')?.trim() ?? '');
          if (!match || !sameToken(match[1]!, options.metricsToken)) {
            return httpError(401, 'UNAUTHENTICATED', 'The metrics need `Authorization: Bearer <METRICS_TOKEN>`.', {
              headers: { 'www-authenticate': 'Bearer' },
            });
          }
        }
        const { contentType, body } = await scrape(gauges);
        return new Response(body, { headers: { 'content-type': contentType, ...NO_STORE } });
      },
    },
  ];
}
