import type { Session } from '../access/auth.js';
import { writeTransaction } from './changes.js';
import { type BatchResult, type ItemResult, actorOf, checkBatch, skipGood, summarize, writableSource } from './upsert.js';

const TABLES: Record<string, string> = {
  Producer: 'producer',
  Kitchen: 'kitchen',
  Hub: 'hub',
  Demand: 'demand',
  Agreement: 'agreement',
  Delivery: 'delivery',
  Goal: 'goal',
  Observation: 'observation',
};
export const DELETABLE_TYPES = Object.keys(TABLES);

/**
 * Soft-deletes records of the caller's source (tombstones: `deletedAt` set, version + 1) and
 * publishes each delete on the change feed. Deleting a record twice reports it unchanged.
 */
export async function deleteRecords(
  ctx: Session,
  sourceKey: string,
  recordType: string,
  externalIds: readonly string[],
  options: { partial?: boolean } = {},
): Promise<BatchResult> {
  checkBatch(externalIds.map((externalId) => ({ externalId })));
  const source = await writableSource(ctx.db, ctx.viewer, sourceKey);
  const table = TABLES[recordType]!;
  let refused: ItemResult[] | null = null;
  const { result, positions } = await writeTransaction(
    ctx.db,
    actorOf(ctx.viewer),
    async (w) => {
      const rows = await w.sql.query<{ id: string; external_id: string; deleted: boolean }>(
        `SELECT id::text, external_id, deleted_at IS NOT NULL AS deleted FROM ${table} WHERE source_id = $1 AND external_id = ANY($2::text[])`,
        [source.id, [...externalIds]],
      );
      const byExt = new Map(rows.map((r) => [r.external_id, r]));
      const results: ItemResult[] = externalIds.map((externalId, index) => {
        const row = byExt.get(externalId);
        const base = { index, externalId, recordType, id: row ? BigInt(row.id) : null, version: null, notes: [] };
        if (!row) {
          return {
            ...base,
            status: 'ERROR',
            errors: [
              {
                field: `externalIds[${index}]`,
                code: 'NOT_FOUND',
                message: `No ${recordType} with externalId "${externalId}" in source "${sourceKey}".`,
                value: externalId,
              },
            ],
          };
        }
        return { ...base, status: row.deleted ? 'UNCHANGED' : 'DELETED', errors: [] };
      });
      if (results.some((r) => r.status === 'ERROR') && !options.partial) {
        refused = results.map(skipGood);
        throw new Error('roll back');
      }
      const targets = results.filter((r) => r.status === 'DELETED');
      if (targets.length) {
        const done = await w.sql.query<{ id: string; external_id: string; version: number }>(
          `UPDATE ${table} SET deleted_at = now(), updated_at = now(), version = version + 1
          WHERE source_id = $1 AND external_id = ANY($2::text[]) AND deleted_at IS NULL
          RETURNING id::text, external_id, version`,
          [source.id, targets.map((t) => t.externalId)],
        );
        const byDone = new Map(done.map((d) => [d.external_id, d]));
        for (const t of targets) {
          const d = byDone.get(t.externalId)!;
          t.version = d.version;
          w.changes.add({ operation: 'DELETE', recordType, recordId: d.id, sourceId: source.id, externalId: t.externalId, version: d.version, data: null });
        }
      }
      return results;
    },
    { retryOnConflict: true },
  ).catch((error: unknown) => {
    if (refused) return { result: refused, positions: null };
    throw error;
  });
  return summarize(result, refused === null, positions?.last ?? null);
}
