import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The server's Prometheus metrics, in one registry served at /metrics. Metrics belong to the
 * process, so they are module singletons: the HTTP layer, the GraphQL plugins and domain code
 * (imports, webhooks) import them from here; this module imports nothing of the project's, so any
 * layer may. Gauges that need the database (queue depth, change-feed position, pool use) are
 * collected at scrape time by the /metrics route (`scrape`).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'fc_process_' });

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Time to a response's head, per GraphQL operation name (or route pattern) and status. */
export const requestDuration = new Histogram({
  name: 'fc_http_request_duration_seconds',
  help: 'Time from a request to its response head, by kind (graphql or http), operation name or route pattern, and HTTP status.',
  labelNames: ['kind', 'operation', 'status'] as const,
  buckets: DURATION_BUCKETS,
  registers: [registry],
});

/** The cost in points of the GraphQL operations run. */
export const operationCost = new Histogram({
  name: 'fc_graphql_operation_cost',
  help: 'Cost in points of each GraphQL operation, by operation name.',
  labelNames: ['operation'] as const,
  buckets: [1, 10, 50, 100, 500, 1000, 5000, 10_000, 50_000],
  registers: [registry],
});

export const rateLimitRejections = new Counter({
  name: 'fc_rate_limit_rejections_total',
  help: 'Requests refused by the rate limit, by what was limited (graphql or http) and caller (anonymous or key).',
  labelNames: ['kind', 'caller'] as const,
  registers: [registry],
});

export const statementTimeouts = new Counter({
  name: 'fc_statement_timeouts_total',
  help: 'Requests that failed because a statement or the request ran past its time limit, by cause (statement or deadline).',
  labelNames: ['cause'] as const,
  registers: [registry],
});

export const databaseUnavailable = new Counter({
  name: 'fc_database_unavailable_total',
  help: 'Requests answered as unavailable because no database connection could be had or it was lost.',
  registers: [registry],
});

export const poolConnections = new Gauge({
  name: 'fc_db_pool_connections',
  help: 'PostgreSQL pool connections by state (total, idle, in_use); PGlite has one connection.',
  labelNames: ['state'] as const,
  registers: [registry],
});

export const poolWaiting = new Gauge({
  name: 'fc_db_pool_waiting',
  help: 'Requests waiting for a pooled PostgreSQL connection at scrape time.',
  registers: [registry],
});

export const importPhases = new Counter({
  name: 'fc_import_phases_total',
  help: 'Import phases entered, by kind and phase (checking, writing, committing).',
  labelNames: ['kind', 'phase'] as const,
  registers: [registry],
});

export const importRows = new Counter({
  name: 'fc_import_rows_total',
  help: 'Rows of finished imports by kind and outcome (created, updated, unchanged, failed).',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

export const imports = new Counter({
  name: 'fc_imports_total',
  help: 'Finished imports by kind and result (committed, rolled_back, dry_run, skipped).',
  labelNames: ['kind', 'result'] as const,
  registers: [registry],
});

export const webhookQueueDepth = new Gauge({
  name: 'fc_webhook_queue_depth',
  help: 'Webhook deliveries waiting (pending, failed awaiting retry, sending), at scrape time.',
  registers: [registry],
});

export const webhookDeliveryDuration = new Histogram({
  name: 'fc_webhook_delivery_duration_seconds',
  help: 'Duration of webhook delivery attempts, by outcome (delivered, failed, dead).',
  labelNames: ['outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const webhookFailures = new Counter({
  name: 'fc_webhook_delivery_failures_total',
  help: 'Failed webhook delivery attempts, by category (http_3xx, http_4xx, http_5xx, timeout, refused, tls, connection, other).',
  labelNames: ['category'] as const,
  registers: [registry],
});

export const changeFeedPosition = new Gauge({
  name: 'fc_change_feed_position',
  help: 'The newest change-feed position (largest change id), at scrape time.',
  registers: [registry],
});

export const responseCacheLookups = new Counter({
  name: 'fc_response_cache_lookups_total',
  help: 'Queries looked up in the response cache, by result: hit, shared (the same query computed at the same time), miss, bypass (an API key sent it), error (the store or the change feed did not answer).',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const scrapeFailures = new Counter({
  name: 'fc_metrics_collect_failures_total',
  help: 'Scrape-time collections that failed or timed out (their gauges keep the last value).',
  labelNames: ['collector'] as const,
  registers: [registry],
});

/** A category for a webhook attempt's error text, few enough values to be a label. */
export function webhookFailureCategory(error: string): string {
  const status = /^HTTP (\d)\d\d$/.exec(error);
  if (status) return `http_${status[1]}xx`;
  if (error === 'timed out') return 'timeout';
  if (error.startsWith('refused')) return 'refused';
  if (error === 'TLS failed') return 'tls';
  if (error === 'connection failed') return 'connection';
  return 'other';
}

/** A gauge refreshed at scrape time; `collect` is given a signal aborted when its time is up. */
export interface Collector {
  name: string;
  collect(signal: AbortSignal): Promise<void> | void;
}

/**
 * The registry's text after running `collectors`, each bounded by `timeoutMs`: a busy database
 * delays a scrape by at most that, and the gauges it feeds keep their previous values.
 */
export async function scrape(collectors: Collector[], timeoutMs = 1000): Promise<{ contentType: string; body: string }> {
  await Promise.all(
    collectors.map(async (c) => {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          controller.abort(new Error('timed out'));
          reject(new Error('timed out'));
        }, timeoutMs);
      });
      const running = Promise.resolve().then(() => c.collect(controller.signal));
      running.catch(() => {});
      try {
        await Promise.race([running, bound]);
      } catch {
        scrapeFailures.inc({ collector: c.name });
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { contentType: registry.contentType, body: await registry.metrics() };
}

const counted = new WeakSet<object>();

/**
 * Counts a request failure of the server protecting itself or of the database, once per cause: a
 * cancelled statement shared by several fields (a data loader's batch) is one timeout.
 */
export function countFailure(kind: 'statement' | 'deadline' | 'unavailable', cause: unknown): void {
  if (typeof cause === 'object' && cause !== null) {
    if (counted.has(cause)) return;
    counted.add(cause);
  }
  if (kind === 'unavailable') databaseUnavailable.inc();
  else statementTimeouts.inc({ cause: kind });
}
