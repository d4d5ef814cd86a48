import { GraphQLError } from 'graphql';
import { encodeGlobalId } from '../ids.js';
import type { Session, Viewer } from '../access/auth.js';
import { requireScope } from '../access/policy.js';
import type { Database, SqlSession } from '../db/database.js';
import { ErrorCode, UserError, badInput } from '../errors.js';
import type { Source } from '../generated/prisma/client.js';
import { containsIdentityNumber } from '../privacy/identity-numbers.js';
import { type Actor, type ChangeRecorder, type Tx, writeTransaction } from './changes.js';

export const MAX_BATCH = 1000;

export type ItemStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'DELETED' | 'SKIPPED' | 'ERROR';

export interface ItemError {
  field: string;
  message: string;
  code: string;
  value?: string | null;
}

export interface ItemResult {
  index: number;
  externalId: string;
  status: ItemStatus;
  recordType: string;
  id: number | bigint | null;
  version: number | null;
  errors: ItemError[];
  notes: string[];
}

export interface BatchResult {
  /** Whether the batch was written (false when any item failed outside partial mode, or in a dry run). */
  committed: boolean;
  items: ItemResult[];
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  /** Position of the last change written, for following the feed from here. */
  lastPosition: bigint | null;
}

/** What a normalizer may use: the transaction, the source, and caches shared across the batch. */
export interface WriteEnv {
  db: Database;
  tx: Tx;
  sql: SqlSession;
  source: Source;
  changes: ChangeRecorder;
  /** A Session for the shared code resolvers (`resolveMunicipalityCodes`…), inside the transaction. */
  ctx: Session;
  cache: Map<string, unknown>;
}

export interface Normalized {
  /** Scalar columns (Prisma field names), with references already resolved to row IDs. */
  data: Record<string, unknown>;
  /** The record as the partner gave it after normalization: stored on the change, compared on replay. */
  canonical: Record<string, unknown>;
  /** Writes owned rows (products, lots, served municipalities) after the record itself. */
  nested?: (id: number, env: WriteEnv) => Promise<void>;
  notes?: string[];
}

export interface KindSpec<I extends { externalId: string }> {
  recordType: string;
  model: 'producer' | 'kitchen' | 'hub' | 'demand' | 'agreement' | 'goal' | 'observation';
  normalize(item: I, env: WriteEnv, path: string): Promise<Normalized>;
  /** Runs once after all items were written (e.g. refreshing public locations). */
  afterBatch?(ids: number[], env: WriteEnv): Promise<void>;
}

/** Raised inside the transaction to roll it back while keeping the per-item report. */
class RollBack extends Error {
  constructor(readonly items: ItemResult[]) {
    super('roll back');
  }
}

export const requireWriter = (viewer: Viewer | null): Viewer => requireScope(viewer, 'write', 'Writing');

/** The source named by key, checked to belong to the caller's organization. */
export async function writableSource(db: Database, viewer: Viewer | null, sourceKey: string): Promise<Source> {
  const writer = requireWriter(viewer);
  const source = await db.prisma.source.findUnique({ where: { key: sourceKey } });
  if (!source || source.deletedAt) {
    throw new UserError(ErrorCode.NOT_FOUND, `No source "${sourceKey}"; create it with \`createSource\` or \`npx pnpm fc sources create\`.`, {
      field: 'source',
    });
  }
  // The operator's key (scope operate) writes for the organization that owns the source.
  if (source.organizationId !== writer.organizationId && !(source.organizationId !== null && writer.scopes.includes('operate'))) {
    throw new UserError(ErrorCode.FORBIDDEN, `Source "${sourceKey}" belongs to another organization; your key may write only to your organization's sources.`, {
      field: 'source',
    });
  }
  return source;
}

export const actorOf = (viewer: Viewer | null): Actor => ({ organizationId: viewer?.organizationId ?? null, apiKeyId: viewer?.apiKeyId ?? null });

/** Turns any expected error into an item error with its field path. */
export function itemErrorOf(error: unknown, path: string): ItemError {
  if (error instanceof GraphQLError) {
    const ext = error.extensions as { code?: string; field?: string; value?: unknown };
    const field = ext.field ? (ext.field.startsWith(path) ? ext.field : `${path}.${ext.field}`) : path;
    return { field, message: error.message, code: ext.code ?? ErrorCode.BAD_USER_INPUT, value: ext.value == null ? null : String(ext.value) };
  }
  // A key that collides with another record of the source (e.g. two producers naming the same product
  // externalId) is the caller's input too.
  const code = (error as { code?: string } | null)?.code;
  if (code === 'P2002') {
    const target = (error as { meta?: { target?: unknown } }).meta?.target;
    return {
      field: path,
      code: ErrorCode.BAD_USER_INPUT,
      message: `Another record of this source already has this key${target ? ` (${String(target)})` : ''}; externalIds must be unique within a source.`,
    };
  }
  throw error;
}

/** Canonical JSON: keys sorted, so that equal records compare equal whatever the input order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return typeof v === 'bigint' ? v.toString() : v;
  });
}

export function checkBatch(items: readonly { externalId: string }[]) {
  if (items.length > MAX_BATCH) {
    throw new UserError(ErrorCode.BAD_USER_INPUT, `At most ${MAX_BATCH} items a call; got ${items.length}. Split the batch, or use importFile.`, {
      field: 'items',
    });
  }
}

export function summarize(items: ItemResult[], committed: boolean, lastPosition: bigint | null): BatchResult {
  const count = (s: ItemStatus) => items.filter((i) => i.status === s).length;
  return {
    committed,
    items,
    created: count('CREATED'),
    updated: count('UPDATED'),
    unchanged: count('UNCHANGED'),
    deleted: count('DELETED'),
    failed: count('ERROR'),
    lastPosition,
  };
}

/**
 * Upserts a batch keyed by source + externalId. Each item is written under a savepoint so that one
 * bad item cannot spoil the others' report; unless `partial`, any bad item rolls the whole batch back.
 * A replayed item whose normalized form equals its last recorded change is `UNCHANGED`: no write,
 * no version bump, no change.
 */
export async function upsertBatch<I extends { externalId: string }>(
  ctx: Session,
  spec: KindSpec<I>,
  sourceKey: string,
  items: readonly I[],
  options: { partial?: boolean; dryRun?: boolean } = {},
): Promise<BatchResult> {
  checkBatch(items);
  const source = await writableSource(ctx.db, ctx.viewer, sourceKey);
  try {
    const { result, positions } = await writeTransaction(
      ctx.db,
      actorOf(ctx.viewer),
      async (w) => {
        const env: WriteEnv = { ...w, source, ctx: { ...ctx, db: w.db }, cache: new Map() };
        const results: ItemResult[] = [];
        const seen = new Map<string, number>();
        const written: number[] = [];
        for (const [index, item] of items.entries()) {
          const path = `items[${index}]`;
          const base = { index, externalId: item.externalId, recordType: spec.recordType, id: null, version: null, notes: [] as string[] };
          const externalId = item.externalId.trim();
          if (!externalId) {
            results.push({
              ...base,
              status: 'ERROR',
              errors: [{ field: `${path}.externalId`, code: ErrorCode.BAD_USER_INPUT, message: 'externalId is empty.' }],
            });
            continue;
          }
          if (seen.has(externalId)) {
            results.push({
              ...base,
              status: 'ERROR',
              errors: [
                {
                  field: `${path}.externalId`,
                  code: ErrorCode.BAD_USER_INPUT,
                  message: `externalId "${externalId}" already appears at item ${seen.get(externalId)}.`,
                  value: externalId,
                },
              ],
            });
            continue;
          }
          seen.set(externalId, index);
          await w.sql.exec('SAVEPOINT fc_item');
          try {
            const result = await upsertOne(env, spec, { ...item, externalId }, path);
            await w.sql.exec('RELEASE SAVEPOINT fc_item');
            results.push({ ...base, ...result, errors: [] });
            if (result.status !== 'UNCHANGED' && result.id !== null) written.push(Number(result.id));
          } catch (error) {
            await w.sql.exec('ROLLBACK TO SAVEPOINT fc_item');
            results.push({ ...base, status: 'ERROR', errors: [itemErrorOf(error, path)] });
          }
        }
        const failed = results.some((r) => r.status === 'ERROR');
        if ((failed && !options.partial) || options.dryRun) throw new RollBack(results);
        if (written.length && spec.afterBatch) await spec.afterBatch(written, env);
        return results;
      },
      { retryOnConflict: true },
    );
    return summarize(result, true, positions?.last ?? null);
  } catch (error) {
    if (error instanceof RollBack) {
      // A dry run reports what would have happened; a refused batch marks its good items skipped.
      return summarize(options.dryRun && !error.items.some((i) => i.status === 'ERROR') ? error.items : error.items.map(skipGood), false, null);
    }
    throw error;
  }
}

export const skipGood = (item: ItemResult): ItemResult => (item.status === 'ERROR' ? item : { ...item, status: 'SKIPPED', id: null, version: null });

type Delegate = {
  findUnique(args: unknown): Promise<{ id: number; version: number; deletedAt: Date | null; mergedIntoId?: number | null } | null>;
  create(args: unknown): Promise<{ id: number; version: number }>;
  update(args: unknown): Promise<{ id: number; version: number }>;
};

export async function upsertOne<I extends { externalId: string }>(env: WriteEnv, spec: KindSpec<I>, item: I, path: string) {
  // Keys are published (feed, exports, GraphQL): a person's identity number is never one.
  if (containsIdentityNumber(item.externalId)) {
    throw badInput(
      `${path}.externalId`,
      'This externalId carries a personal identity number, and keys are published: key the record by something else, such as your own record number.',
    );
  }
  const normalized = await spec.normalize(item, env, path);
  const delegate = (env.tx as unknown as Record<string, Delegate>)[spec.model]!;
  const key = { sourceId_externalId: { sourceId: env.source.id, externalId: item.externalId } };
  const mergeable = spec.model === 'producer';
  const existing = await delegate.findUnique({
    where: key,
    select: { id: true, version: true, deletedAt: true, ...(mergeable ? { mergedIntoId: true } : {}) },
  });
  // A record merged into another stays merged (tombstoned, with mergedInto) when its source sends it again.
  const merged = existing?.mergedIntoId != null;
  const canonical = canonicalJson(normalized.canonical);
  if (existing && (!existing.deletedAt || merged)) {
    const [last] = await env.sql.query<{ data: unknown }>(`SELECT data FROM change WHERE record_type = $1 AND record_id = $2 ORDER BY id DESC LIMIT 1`, [
      spec.recordType,
      String(existing.id),
    ]);
    if (last && last.data != null && canonicalJson(typeof last.data === 'string' ? JSON.parse(last.data) : last.data) === canonical) {
      return { status: 'UNCHANGED' as const, id: existing.id, version: existing.version, notes: normalized.notes ?? [] };
    }
  }
  const row = existing
    ? await delegate.update({
        where: { id: existing.id },
        data: { ...normalized.data, ...(merged ? {} : { deletedAt: null }), version: { increment: 1 } },
        select: { id: true, version: true },
      })
    : await delegate.create({ data: { ...normalized.data, sourceId: env.source.id, externalId: item.externalId }, select: { id: true, version: true } });
  if (normalized.nested) await normalized.nested(row.id, env);
  env.changes.add({
    operation: existing ? 'UPDATE' : 'CREATE',
    recordType: spec.recordType,
    recordId: row.id,
    sourceId: env.source.id,
    externalId: item.externalId,
    version: row.version,
    data: JSON.parse(canonical),
  });
  const notes = [...(normalized.notes ?? [])];
  if (merged) notes.push(`This producer was merged into ${encodeGlobalId('Producer', existing!.mergedIntoId!)}; it stays merged and hidden from lists.`);
  return { status: existing ? ('UPDATED' as const) : ('CREATED' as const), id: row.id, version: row.version, notes };
}
