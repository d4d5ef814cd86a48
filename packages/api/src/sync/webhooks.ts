import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../observability/log.js';
import { webhookDeliveryDuration, webhookFailureCategory, webhookFailures } from '../observability/metrics.js';
import { ErrorCode, UserError, badInput } from '../errors.js';
import { NATURAL_PERSON_SQL, RECORD_TYPES, type ChangeRow, toChangeRow, visibleData } from './feed.js';
import {
  type AllowList,
  HostNotFound,
  type LookupAll,
  type PostOutcome,
  TargetRefused,
  checkTarget,
  parseAllowList,
  parseTargetUrl,
  postToTarget,
} from './safe-fetch.js';

/** Header names of a delivery. */
export const SIGNATURE_HEADER = 'foodcommons-signature';
export const EVENT_HEADER = 'foodcommons-event-id';

/** After this many failed attempts a delivery is given up (`dead`); it can still be replayed. */
export const MAX_ATTEMPTS = 8;

/** Endpoints (webhooks) sent to at once; each has at most one delivery in flight. */
export const ENDPOINT_CONCURRENCY = 8;

/** Deliveries of one endpoint claimed at a time, sent one after the other in change order. */
export const DELIVERIES_PER_ENDPOINT = 20;

/** Wait before attempt n+1: 30 s, 1 min, 2 min, … capped at 6 hours. */
export const backoffSeconds = (attempts: number) => Math.min(6 * 3600, 30 * 2 ** Math.max(0, attempts - 1));

/** The settings webhooks use: allowed private targets and the key for signing secrets at rest. */
export type WebhookConfig = Pick<Config, 'webhookAllowedTargets' | 'secretKey'>;

/**
 * The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is
 * signed with the body, so a captured delivery cannot be replayed later with a fresh timestamp.
 */
export function signPayload(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Checks a signature header against the raw body; refuses timestamps older than `toleranceSeconds`. */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex'), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const SEALED = 'enc:v1:';

/** Encrypts a signing secret for storage (AES-256-GCM, `enc:v1:<iv>:<tag>:<ciphertext>`); without a key it is stored as it is. */
export function sealSecret(secret: string, key: Buffer | undefined): string {
  if (!key) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${SEALED}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
}

/** The signing secret from its stored form; throws when it is encrypted and the key is missing or wrong. */
export function openSecret(stored: string, key: Buffer | undefined): string {
  if (!stored.startsWith(SEALED)) return stored;
  if (!key) throw new Error('The signing secret is encrypted and SECRET_KEY is not set.');
  const [iv, tag, sealed] = stored.slice(SEALED.length).split(':') as [string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}

/** Encrypts the signing secrets still stored in clear (after SECRET_KEY is first set); returns how many. */
export async function sealStoredSecrets(db: Database, key: Buffer): Promise<number> {
  const rows = await db.sql.query<{ id: number; secret: string }>(`SELECT id, secret FROM webhook WHERE secret NOT LIKE 'enc:v1:%'`);
  for (const r of rows) await db.sql.query(`UPDATE webhook SET secret = $2 WHERE id = $1 AND secret = $3`, [r.id, sealSecret(r.secret, key), r.secret]);
  return rows.length;
}

/** Parsed allow lists, per configuration (parsing throws ConfigError for a malformed entry). */
const allowLists = new WeakMap<readonly string[], AllowList>();
function allowListOf(config: WebhookConfig): AllowList {
  let list = allowLists.get(config.webhookAllowedTargets);
  if (!list) allowLists.set(config.webhookAllowedTargets, (list = parseAllowList(config.webhookAllowedTargets)));
  return list;
}

/**
 * Registers a webhook. The URL must be http(s) without credentials, and its host must not be or
 * resolve to a non-public address (unless allowed by WEBHOOK_ALLOWED_TARGETS). A name that does not
 * resolve yet is accepted: every delivery resolves and checks it again.
 */
export async function createWebhook(
  db: Database,
  config: WebhookConfig,
  organizationId: number,
  url: string,
  recordTypes: readonly string[],
  options: { lookup?: LookupAll } = {},
) {
  let parsed: URL;
  try {
    parsed = parseTargetUrl(url);
    await checkTarget(parsed, allowListOf(config), options.lookup);
  } catch (e) {
    if (e instanceof HostNotFound) parsed = new URL(url);
    else if (e instanceof TargetRefused) throw badInput('url', e.message);
    else throw e;
  }
  for (const t of recordTypes)
    if (!(RECORD_TYPES as readonly string[]).includes(t)) throw badInput('recordTypes', `Unknown record type "${t}"; types are ${RECORD_TYPES.join(', ')}.`);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const webhook = await db.prisma.webhook.create({
    data: { organizationId, url: parsed.toString(), recordTypes: [...new Set(recordTypes)], secret: sealSecret(secret, config.secretKey) },
  });
  return { webhook, secret };
}

export async function ownWebhook(db: Database, organizationId: number, id: number) {
  const webhook = await db.prisma.webhook.findUnique({ where: { id } });
  if (!webhook || webhook.organizationId !== organizationId)
    throw new UserError(ErrorCode.NOT_FOUND, `No webhook ${id} of your organization.`, { field: 'id' });
  return webhook;
}

/** Puts failed or given-up deliveries of active webhooks back in the queue (all of the organization's, or those named). */
export async function replayDeliveries(db: Database, organizationId: number, ids?: readonly number[] | null) {
  const rows = await db.sql.query<{ id: number }>(
    `UPDATE webhook_delivery d SET status = 'pending', next_attempt_at = now()
       FROM webhook w
      WHERE w.id = d.webhook_id AND w.organization_id = $1 AND w.active AND d.status IN ('failed', 'dead')
        AND ($2::int[] IS NULL OR d.id = ANY($2::int[]))
      RETURNING d.id`,
    [organizationId, ids?.length ? [...ids] : null],
  );
  return rows.map((r) => Number(r.id));
}

/** Cancels a webhook's queued deliveries (pending, failed or in flight); returns how many. */
export async function cancelQueuedDeliveries(db: Database, webhookId: number): Promise<number> {
  const rows = await db.sql.query<{ id: number }>(
    `UPDATE webhook_delivery SET status = 'cancelled', next_attempt_at = NULL
      WHERE webhook_id = $1 AND status IN ('pending', 'sending', 'failed') RETURNING id`,
    [webhookId],
  );
  return rows.length;
}

/** Stops queueing events for a webhook and cancels those queued; a delivery in flight finishes. */
export async function deactivateWebhook(db: Database, organizationId: number, id: number) {
  const webhook = await ownWebhook(db, organizationId, id);
  // Inactive first: the dispatcher claims deliveries of active webhooks only, so none is claimed after the cancel.
  await db.prisma.webhook.update({ where: { id: webhook.id }, data: { active: false } });
  await cancelQueuedDeliveries(db, webhook.id);
  return webhook;
}

/** Deletes a webhook with its queued deliveries and its delivery log. */
export async function deleteWebhook(db: Database, organizationId: number, id: number) {
  const webhook = await ownWebhook(db, organizationId, id);
  await db.prisma.webhook.update({ where: { id: webhook.id }, data: { active: false } });
  await cancelQueuedDeliveries(db, webhook.id);
  await db.prisma.webhook.delete({ where: { id: webhook.id } });
  return webhook;
}

interface DueDelivery {
  id: number;
  webhookId: number;
  eventId: string;
  attempts: number;
  url: string;
  /** As stored: possibly encrypted. */
  secret: string;
  organizationId: number;
  change: ChangeRow;
}

export interface DeliveryOptions {
  /** Endpoints sent to at once (default 8). */
  concurrency?: number;
  /** Deliveries of one endpoint claimed at a time (default 20). */
  perEndpoint?: number;
  /** Deadline of one attempt, the host's resolution included (default 10 s). */
  timeoutMs?: number;
  /** Resolves host names (the system resolver by default). */
  lookup?: LookupAll;
  /** Where failed attempts and dispatcher failures are logged (webhook and delivery ids, never the URL). */
  log?: Logger;
}

/** An error as log fields: its name, code and first line, never its stack or the values it quotes. */
const errorFields = (error: unknown) => ({
  name: error instanceof Error ? error.name : typeof error,
  code: (error as { code?: unknown } | null)?.code,
  message: error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : undefined,
});

export interface DeliveryCounts {
  delivered: number;
  failed: number;
  dead: number;
}

const DUE = `d.status IN ('pending', 'failed', 'sending') AND d.next_attempt_at <= now()`;

/**
 * Claims due deliveries of up to `endpoints` active webhooks that have none in flight (the longest
 * waiting first), at most `perEndpoint` each, in change order. A claimed delivery is `sending` with a
 * lease (`next_attempt_at`): should the process die, it is due again when the lease ends. Rows are
 * claimed with SKIP LOCKED, so several processes may deliver at once on PostgreSQL.
 */
async function claimDue(
  db: Database,
  o: { exclude: number[]; endpoints: number; perEndpoint: number; leaseSeconds: number },
): Promise<Map<number, DueDelivery[]>> {
  const claimed = await db.sql.query<Record<string, unknown>>(
    `WITH endpoints AS (
       SELECT w.id FROM webhook w
        WHERE w.active AND NOT (w.id = ANY($1::int[]))
          AND EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.webhook_id = w.id AND ${DUE})
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery s WHERE s.webhook_id = w.id AND s.status = 'sending' AND s.next_attempt_at > now())
        ORDER BY (SELECT min(d.next_attempt_at) FROM webhook_delivery d WHERE d.webhook_id = w.id AND ${DUE}), w.id
        LIMIT $2
        FOR UPDATE OF w SKIP LOCKED
     ), picked AS (
       SELECT x.id FROM endpoints e
       CROSS JOIN LATERAL (SELECT d.id FROM webhook_delivery d WHERE d.webhook_id = e.id AND ${DUE}
                            ORDER BY d.change_id, d.id LIMIT $3 FOR UPDATE SKIP LOCKED) x
     )
     UPDATE webhook_delivery d SET status = 'sending', next_attempt_at = now() + make_interval(secs => $4)
       FROM picked WHERE d.id = picked.id
     RETURNING d.id`,
    [o.exclude, o.endpoints, o.perEndpoint, o.leaseSeconds],
  );
  const lanes = new Map<number, DueDelivery[]>();
  if (claimed.length === 0) return lanes;
  const details = await db.sql.query<Record<string, unknown>>(
    `SELECT d.id, d.webhook_id, d.event_id, d.attempts, w.url, w.secret, w.organization_id, c.id::text AS cid, c.operation::text AS operation,
            c.record_type, c.record_id, c.source_id, s.key AS source_key, s.organization_id AS source_organization_id, c.external_id,
            c.version, c.organization_id AS actor, c.api_key_id, c.data, c.at, ${NATURAL_PERSON_SQL} AS natural_person
       FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN change c ON c.id = d.change_id
       LEFT JOIN source s ON s.id = c.source_id
      WHERE d.id = ANY($1::int[])
      ORDER BY d.webhook_id, c.id, d.id`,
    [claimed.map((r) => Number(r.id))],
  );
  for (const r of details) {
    const delivery: DueDelivery = {
      id: Number(r.id),
      webhookId: Number(r.webhook_id),
      eventId: r.event_id as string,
      attempts: Number(r.attempts),
      url: r.url as string,
      secret: r.secret as string,
      organizationId: Number(r.organization_id),
      // The delivery's query names the change's ID `cid` and its author `actor` (the webhook has its own).
      change: toChangeRow({ ...r, id: r.cid, organization_id: r.actor }),
    };
    const lane = lanes.get(delivery.webhookId) ?? [];
    lane.push(delivery);
    lanes.set(delivery.webhookId, lane);
  }
  return lanes;
}

function eventBody(d: DueDelivery): string {
  const c = d.change;
  return JSON.stringify({
    id: d.eventId,
    type: `${c.recordType}.${c.operation.toLowerCase()}`,
    position: c.id.toString(),
    recordType: c.recordType,
    operation: c.operation,
    externalId: c.externalId,
    source: c.sourceKey,
    version: c.version,
    at: c.at.toISOString(),
    data: visibleData(c, { organizationId: d.organizationId, apiKeyId: 0, scopes: ['read:private'] }),
  });
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * One attempt: the URL checked again (its host resolved, every address checked), then a signed POST
 * to the checked address. The outcome's error text is a category only (what the delivery log shows).
 */
async function attempt(d: DueDelivery, config: WebhookConfig, options: DeliveryOptions, signal: AbortSignal | undefined): Promise<PostOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let secret: string;
  try {
    secret = openSecret(d.secret, config.secretKey);
  } catch {
    return { error: 'signing secret unavailable' };
  }
  let target;
  try {
    target = await withDeadline(checkTarget(parseTargetUrl(d.url), allowListOf(config), options.lookup), timeoutMs);
  } catch (e) {
    return { error: e instanceof TargetRefused ? e.logText : 'timed out' };
  }
  const body = eventBody(d);
  return postToTarget(target, {
    headers: {
      'content-type': 'application/json',
      [EVENT_HEADER]: d.eventId,
      [SIGNATURE_HEADER]: signPayload(secret, body),
      'user-agent': 'FoodCommons-Webhooks/1',
    },
    body,
    timeoutMs,
    signal,
  });
}

/** Gives claimed deliveries back to the queue, due after `afterSeconds`, without counting an attempt. */
async function release(db: Database, ids: number[], afterSeconds: number) {
  if (ids.length === 0) return;
  await db.sql.query(
    `UPDATE webhook_delivery SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END, next_attempt_at = now() + make_interval(secs => $2)
      WHERE id = ANY($1::int[]) AND status = 'sending'`,
    [ids, afterSeconds],
  );
}

/**
 * Sends one endpoint's claimed deliveries in order, one at a time. After a failed attempt the rest
 * wait for its retry, so an endpoint that is down costs one attempt per backoff step, not one per event.
 * A delivery cancelled meanwhile (its webhook deactivated or deleted) is not sent.
 */
async function sendLane(
  db: Database,
  config: WebhookConfig,
  lane: DueDelivery[],
  options: DeliveryOptions,
  counts: DeliveryCounts,
  signal?: AbortSignal,
  draining?: AbortSignal,
) {
  for (let i = 0; i < lane.length; i++) {
    const d = lane[i]!;
    if (signal?.aborted || draining?.aborted)
      return release(
        db,
        lane.slice(i).map((x) => x.id),
        0,
      );
    const [row] = await db.sql.query<{ status: string }>(`SELECT status FROM webhook_delivery WHERE id = $1`, [d.id]);
    if (row?.status !== 'sending') continue;
    const started = performance.now();
    const outcome = await attempt(d, config, options, signal);
    if ('error' in outcome && outcome.error === 'aborted')
      return release(
        db,
        lane.slice(i).map((x) => x.id),
        0,
      );
    const seconds = (performance.now() - started) / 1000;
    const status = 'status' in outcome ? outcome.status : null;
    const error = 'error' in outcome ? outcome.error : status! < 200 || status! >= 300 ? `HTTP ${status}` : null;
    const attempts = d.attempts + 1;
    if (error) {
      const category = webhookFailureCategory(error);
      webhookFailures.inc({ category });
      webhookDeliveryDuration.observe({ outcome: attempts >= MAX_ATTEMPTS ? 'dead' : 'failed' }, seconds);
      options.log?.warn(
        { webhookId: d.webhookId, deliveryId: d.id, attempt: attempts, category, status, final: attempts >= MAX_ATTEMPTS },
        attempts >= MAX_ATTEMPTS ? 'webhook delivery failed for the last time' : 'webhook delivery failed; will retry',
      );
    } else webhookDeliveryDuration.observe({ outcome: 'delivered' }, seconds);
    if (!error) {
      counts.delivered++;
      // Recorded even if cancelled meanwhile: it did arrive.
      await db.sql.query(
        `UPDATE webhook_delivery SET status = 'delivered', attempts = $2, response_status = $3, last_error = NULL, delivered_at = now(), next_attempt_at = NULL WHERE id = $1`,
        [d.id, attempts, status],
      );
      continue;
    }
    if (attempts >= MAX_ATTEMPTS) {
      counts.dead++;
      await db.sql.query(
        `UPDATE webhook_delivery SET status = 'dead', attempts = $2, response_status = $3, last_error = $4, next_attempt_at = NULL WHERE id = $1 AND status = 'sending'`,
        [d.id, attempts, status, error],
      );
      continue;
    }
    counts.failed++;
    await db.sql.query(
      `UPDATE webhook_delivery SET status = 'failed', attempts = $2, response_status = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5)
        WHERE id = $1 AND status = 'sending'`,
      [d.id, attempts, status, error, backoffSeconds(attempts)],
    );
    return release(
      db,
      lane.slice(i + 1).map((x) => x.id),
      backoffSeconds(attempts),
    );
  }
}

/** Lanes per endpoint with bounded concurrency; shared by one-off runs and the dispatcher. */
function deliveryPool(db: Database, config: WebhookConfig, options: DeliveryOptions, signal?: AbortSignal, draining?: AbortSignal) {
  allowListOf(config); // a malformed WEBHOOK_ALLOWED_TARGETS fails here, not at the first delivery
  const concurrency = options.concurrency ?? ENDPOINT_CONCURRENCY;
  const perEndpoint = options.perEndpoint ?? DELIVERIES_PER_ENDPOINT;
  // Long enough for every claimed delivery to use its whole deadline twice (resolution and request).
  const leaseSeconds = Math.ceil((perEndpoint * 2 * (options.timeoutMs ?? 10_000)) / 1000) + 60;
  const busy = new Set<number>();
  const running = new Set<Promise<void>>();
  const counts: DeliveryCounts = { delivered: 0, failed: 0, dead: 0 };
  return {
    counts,
    running,
    /** Starts lanes for endpoints with due deliveries while there is room; returns the endpoints started. */
    async fill(skip: ReadonlySet<number> = new Set()): Promise<number[]> {
      const room = concurrency - busy.size;
      if (room <= 0 || signal?.aborted || draining?.aborted) return [];
      const lanes = await claimDue(db, { exclude: [...busy, ...skip], endpoints: room, perEndpoint, leaseSeconds });
      for (const [webhookId, lane] of lanes) {
        busy.add(webhookId);
        const run: Promise<void> = sendLane(db, config, lane, options, counts, signal, draining)
          // A lost database connection: the lease makes the deliveries due again.
          .catch((error: unknown) =>
            options.log?.warn({ webhookId, err: errorFields(error) }, 'webhook deliveries interrupted; they are due again when their lease ends'),
          )
          .finally(() => {
            busy.delete(webhookId);
            running.delete(run);
          });
        running.add(run);
      }
      return [...lanes.keys()];
    },
  };
}

/**
 * Sends the deliveries that are due now, each endpoint's in change order with one in flight, up to
 * `concurrency` endpoints at once, so a slow endpoint delays only its own deliveries. Each endpoint
 * is served once per run. Records each outcome and schedules retries with exponential backoff.
 */
export async function deliverDueWebhooks(db: Database, config: WebhookConfig, options: DeliveryOptions = {}): Promise<DeliveryCounts> {
  const pool = deliveryPool(db, config, options);
  const served = new Set<number>();
  for (;;) {
    for (const id of await pool.fill(served)) served.add(id);
    if (pool.running.size === 0) return pool.counts;
    await Promise.race(pool.running);
  }
}

/**
 * Delivers continuously for the server process: every `everyMs` it starts lanes for endpoints that
 * have due deliveries and none in flight, without waiting for slow endpoints. The returned function
 * stops it: no further delivery starts, the attempts in flight may finish within `graceMs` (default
 * 0), then those still running are aborted; deliveries not sent are given back to the queue.
 */
export function startWebhookDispatcher(
  db: Database,
  config: WebhookConfig,
  options: DeliveryOptions & { everyMs?: number } = {},
): (stop?: { graceMs?: number }) => Promise<void> {
  const stopping = new AbortController();
  const draining = new AbortController();
  const pool = deliveryPool(db, config, options, stopping.signal, draining.signal);
  let filling = false;
  const timer = setInterval(() => {
    if (filling) return;
    filling = true;
    pool
      .fill()
      .catch((error: unknown) => options.log?.warn({ err: errorFields(error) }, 'webhook dispatcher: claiming due deliveries failed'))
      .finally(() => {
        filling = false;
      });
  }, options.everyMs ?? 5000);
  timer.unref();
  return async ({ graceMs = 0 } = {}) => {
    clearInterval(timer);
    draining.abort();
    if (graceMs > 0 && pool.running.size > 0) {
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...pool.running]), new Promise((resolve) => (wait = setTimeout(resolve, graceMs)))]);
      clearTimeout(wait);
    }
    stopping.abort();
    await Promise.allSettled([...pool.running]);
  };
}
