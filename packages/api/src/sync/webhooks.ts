import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db.js';
import { ErrorCode, UserError, badInput } from '../errors.js';
import { RECORD_TYPES, type ChangeRow, visibleData } from './feed.js';

/** Header names of a delivery. */
export const SIGNATURE_HEADER = 'foodcommons-signature';
export const EVENT_HEADER = 'foodcommons-event-id';

/** After this many failed attempts a delivery is given up (`dead`); it can still be replayed. */
export const MAX_ATTEMPTS = 8;

/** Wait before attempt n+1: 30 s, 1 min, 2 min, … capped at 6 hours. */
export const backoffSeconds = (attempts: number) => Math.min(6 * 3600, 30 * 2 ** Math.max(0, attempts - 1));

/**
 * The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is
 * signed with the body, so a captured delivery cannot be replayed later with a fresh timestamp.
 */
export function signPayload(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Checks a signature header against the raw body; refuses timestamps older than `toleranceSeconds`. */
export function verifySignature(secret: string, header: string | null | undefined, body: string, options: { toleranceSeconds?: number; now?: number } = {}): boolean {
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

export async function createWebhook(db: Database, organizationId: number, url: string, recordTypes: readonly string[]) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput('url', `"${url}" is not a URL.`);
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw badInput('url', 'Webhook URLs are http:// or https://.');
  for (const t of recordTypes) if (!(RECORD_TYPES as readonly string[]).includes(t)) throw badInput('recordTypes', `Unknown record type "${t}"; types are ${RECORD_TYPES.join(', ')}.`);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const webhook = await db.prisma.webhook.create({ data: { organizationId, url: parsed.toString(), recordTypes: [...new Set(recordTypes)], secret } });
  return { webhook, secret };
}

export async function ownWebhook(db: Database, organizationId: number, id: number) {
  const webhook = await db.prisma.webhook.findUnique({ where: { id } });
  if (!webhook || webhook.organizationId !== organizationId) throw new UserError(ErrorCode.NOT_FOUND, `No webhook ${id} of your organization.`, { field: 'id' });
  return webhook;
}

/** Puts failed or given-up deliveries back in the queue (all of the organization's, or those named). */
export async function replayDeliveries(db: Database, organizationId: number, ids?: readonly number[] | null) {
  const rows = await db.sql.query<{ id: number }>(
    `UPDATE webhook_delivery d SET status = 'pending', next_attempt_at = now()
       FROM webhook w
      WHERE w.id = d.webhook_id AND w.organization_id = $1 AND d.status IN ('failed', 'dead')
        AND ($2::int[] IS NULL OR d.id = ANY($2::int[]))
      RETURNING d.id`,
    [organizationId, ids?.length ? [...ids] : null],
  );
  return rows.map((r) => Number(r.id));
}

interface DueDelivery {
  id: number;
  event_id: string;
  attempts: number;
  url: string;
  secret: string;
  organization_id: number;
  change: ChangeRow;
}

/**
 * Sends the deliveries that are due (one HTTP POST each, signed), records the outcome, and schedules
 * a retry with exponential backoff on failure. Safe to run from several processes at once on
 * PostgreSQL: each due delivery is claimed with SKIP LOCKED.
 */
export async function deliverDueWebhooks(
  db: Database,
  options: { limit?: number; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<{ delivered: number; failed: number; dead: number }> {
  const send = options.fetch ?? fetch;
  const result = { delivered: 0, failed: 0, dead: 0 };
  const due = await db.session(async (sql) => {
    const rows = await sql.query<Record<string, unknown>>(
      `UPDATE webhook_delivery d SET next_attempt_at = now() + interval '5 minutes'
        WHERE d.id IN (SELECT id FROM webhook_delivery WHERE status IN ('pending', 'failed') AND next_attempt_at <= now()
                        ORDER BY change_id, id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.event_id, d.attempts, d.webhook_id, d.change_id::text AS change_id`,
      [options.limit ?? 100],
    );
    if (rows.length === 0) return [];
    const details = await sql.query<Record<string, unknown>>(
      `SELECT d.id, w.url, w.secret, w.organization_id, c.id::text AS cid, c.operation::text AS operation, c.record_type, c.record_id,
              c.source_id, s.key AS source_key, s.organization_id AS source_organization_id, c.external_id, c.version,
              c.organization_id AS actor, c.api_key_id, c.data, c.at
         FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN change c ON c.id = d.change_id
         LEFT JOIN source s ON s.id = c.source_id
        WHERE d.id = ANY($1::int[])
        ORDER BY c.id, d.id`,
      [rows.map((r) => r.id)],
    );
    const attempts = new Map(rows.map((r) => [Number(r.id), { attempts: Number(r.attempts), eventId: r.event_id as string }]));
    return details.map(
      (r): DueDelivery => ({
        id: Number(r.id),
        event_id: attempts.get(Number(r.id))!.eventId,
        attempts: attempts.get(Number(r.id))!.attempts,
        url: r.url as string,
        secret: r.secret as string,
        organization_id: Number(r.organization_id),
        change: {
          id: BigInt(r.cid as string),
          operation: r.operation as ChangeRow['operation'],
          recordType: r.record_type as string,
          recordId: r.record_id as string,
          sourceId: (r.source_id as number | null) ?? null,
          sourceKey: (r.source_key as string | null) ?? null,
          sourceOrganizationId: (r.source_organization_id as number | null) ?? null,
          externalId: (r.external_id as string | null) ?? null,
          version: Number(r.version),
          organizationId: (r.actor as number | null) ?? null,
          apiKeyId: (r.api_key_id as number | null) ?? null,
          data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
          at: new Date(r.at as string),
        },
      }),
    );
  });
  for (const d of due) {
    const c = d.change;
    const body = JSON.stringify({
      id: d.event_id,
      type: `${c.recordType}.${c.operation.toLowerCase()}`,
      position: c.id.toString(),
      recordType: c.recordType,
      operation: c.operation,
      externalId: c.externalId,
      source: c.sourceKey,
      version: c.version,
      at: c.at.toISOString(),
      data: visibleData(c, { organizationId: d.organization_id, apiKeyId: 0, scopes: ['read:private'] }),
    });
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await send(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [EVENT_HEADER]: d.event_id, [SIGNATURE_HEADER]: signPayload(d.secret, body), 'user-agent': 'FoodCommons-Webhooks/1' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: 'manual',
      });
      status = response.status;
      await response.body?.cancel().catch(() => {});
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const attempts = d.attempts + 1;
    if (!error) {
      result.delivered++;
      await db.sql.query(`UPDATE webhook_delivery SET status = 'delivered', attempts = $2, response_status = $3, last_error = NULL, delivered_at = now(), next_attempt_at = NULL WHERE id = $1`, [d.id, attempts, status]);
    } else if (attempts >= MAX_ATTEMPTS) {
      result.dead++;
      await db.sql.query(`UPDATE webhook_delivery SET status = 'dead', attempts = $2, response_status = $3, last_error = $4, next_attempt_at = NULL WHERE id = $1`, [d.id, attempts, status, error]);
    } else {
      result.failed++;
      await db.sql.query(
        `UPDATE webhook_delivery SET status = 'failed', attempts = $2, response_status = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`,
        [d.id, attempts, status, error, backoffSeconds(attempts)],
      );
    }
  }
  return result;
}

/** Runs deliveries every few seconds until stopped; for the server process. */
export function startWebhookDispatcher(db: Database, everyMs = 5000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDueWebhooks(db)
      .catch(() => {})
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
