import { decodeGlobalId, encodeGlobalId } from '../ids.js';
import type { Viewer } from '../access/auth.js';
import { requireCurator } from '../access/policy.js';
import type { Database, SqlSession } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { writeTransaction } from './changes.js';
import { actorOf } from './upsert.js';

/**
 * Identity across sources: the same farm or company can arrive from two sources. Merging names one
 * record (the duplicate) as the same as another (the survivor):
 *
 * - the duplicate gets `mergedInto` and is tombstoned at the same moment, so every list, export,
 *   statistic and DFC page that skips tombstones skips it; `node(id)` of its ID still answers, with
 *   `mergedInto`;
 * - references are repointed in the same transaction (deliveries' producer and supplier, awards;
 *   for organizations also producers, hubs, kitchens, demand, agreements, goals, projects and
 *   consent records), so statistics and matching need no read-time resolution; records the
 *   duplicate's source writes later by the duplicate's external ID resolve through `mergedInto`;
 * - an organization keeps every identifier: the duplicate's org number and its (source, external
 *   ID) are recorded as identifiers of the survivor, and the duplicate's identifiers move to it;
 * - records merged into the duplicate earlier now point at the survivor (chains stay one step);
 * - one MERGE change (of the duplicate, with the survivor's global ID in `data.mergedInto`) goes
 *   out on the change feed and to webhooks.
 *
 * The duplicate's products and certificates stay with it: they belong to its source.
 */
export type MergeType = 'Producer' | 'Organization';

export interface MergeResult {
  recordType: MergeType;
  duplicateId: number;
  survivorId: number;
  /** References (rows of other records) that now point at the survivor. */
  repointed: number;
  lastPosition: bigint | null;
}

export { requireCurator };

/** The row ID behind a global ID of the expected type, as a typed error otherwise. */
export function idOf(globalId: string, type: string, field: string): number {
  const { typename, id } = decodeGlobalId(globalId);
  if (typename !== type) throw new UserError(ErrorCode.INVALID_ID, `"${globalId}" is the ID of a ${typename}, not of a ${type}.`, { field });
  return Number(id);
}

interface Mergeable {
  id: number;
  name: string;
  sourceId: number;
  externalId: string;
  deletedAt: Date | null;
  mergedIntoId: number | null;
  source: { key: string; organizationId: number | null };
}

function checkPair(type: MergeType, duplicate: Mergeable | null, survivor: Mergeable | null, ids: { duplicate: string; into: string }) {
  const label = type === 'Producer' ? 'producer' : 'organization';
  if (!duplicate) throw new UserError(ErrorCode.NOT_FOUND, `No ${label} ${ids.duplicate}.`, { field: 'duplicate' });
  if (!survivor) throw new UserError(ErrorCode.NOT_FOUND, `No ${label} ${ids.into}.`, { field: 'into' });
  if (duplicate.id === survivor.id) throw new UserError(ErrorCode.BAD_USER_INPUT, `A ${label} cannot be merged into itself.`, { field: 'into' });
  if (duplicate.mergedIntoId !== null) {
    throw new UserError(ErrorCode.BAD_USER_INPUT, `${duplicate.name} was already merged into ${encodeGlobalId(type, duplicate.mergedIntoId)}.`, {
      field: 'duplicate',
    });
  }
  if (duplicate.deletedAt) throw new UserError(ErrorCode.BAD_USER_INPUT, `${duplicate.name} is deleted; only live records are merged.`, { field: 'duplicate' });
  if (survivor.mergedIntoId !== null) {
    throw new UserError(
      ErrorCode.BAD_USER_INPUT,
      `${survivor.name} was itself merged into ${encodeGlobalId(type, survivor.mergedIntoId)}; merge into that one.`,
      { field: 'into' },
    );
  }
  if (survivor.deletedAt) throw new UserError(ErrorCode.BAD_USER_INPUT, `${survivor.name} is deleted; merge into a live record.`, { field: 'into' });
}

/** UPDATE statements that repoint references; returns how many rows they moved. */
async function repoint(sql: SqlSession, statements: string[], from: number, to: number): Promise<number> {
  let moved = 0;
  for (const statement of statements) {
    const rows = await sql.query<{ n: number }>(`WITH u AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM u`, [from, to]);
    moved += rows[0]?.n ?? 0;
  }
  return moved;
}

const PRODUCER_REFERENCES = [
  'UPDATE delivery SET producer_id = $2 WHERE producer_id = $1',
  'UPDATE delivery SET supplier_producer_id = $2 WHERE supplier_producer_id = $1',
  'UPDATE award SET producer_id = $2 WHERE producer_id = $1',
];

const ORGANIZATION_REFERENCES = [
  'UPDATE producer SET organization_id = $2 WHERE organization_id = $1',
  'UPDATE hub SET operator_id = $2 WHERE operator_id = $1',
  'UPDATE kitchen SET organization_id = $2 WHERE organization_id = $1',
  'UPDATE demand SET buyer_organization_id = $2 WHERE buyer_organization_id = $1',
  'UPDATE agreement SET buyer_organization_id = $2 WHERE buyer_organization_id = $1',
  'UPDATE award SET supplier_organization_id = $2 WHERE supplier_organization_id = $1',
  'UPDATE delivery SET supplier_organization_id = $2 WHERE supplier_organization_id = $1',
  'UPDATE delivery SET buyer_organization_id = $2 WHERE buyer_organization_id = $1',
  'UPDATE goal SET organization_id = $2 WHERE organization_id = $1',
  'UPDATE project SET lead_organization_id = $2 WHERE lead_organization_id = $1',
  'UPDATE consent_record SET organization_id = $2 WHERE organization_id = $1',
  'UPDATE organization_identifier SET organization_id = $2 WHERE organization_id = $1',
];

/** Merges a duplicate producer or organization into a survivor (see the module comment). */
export async function mergeRecords(db: Database, viewer: Viewer | null, type: MergeType, ids: { duplicate: string; into: string }): Promise<MergeResult> {
  const duplicateId = idOf(ids.duplicate, type, 'duplicate');
  const survivorId = idOf(ids.into, type, 'into');
  const select = {
    id: true,
    name: true,
    sourceId: true,
    externalId: true,
    deletedAt: true,
    mergedIntoId: true,
    source: { select: { key: true, organizationId: true } },
  } as const;
  const delegate = type === 'Producer' ? db.prisma.producer : db.prisma.organization;
  const [duplicate, survivor] = await Promise.all([
    (delegate as typeof db.prisma.producer).findUnique({ where: { id: duplicateId }, select }),
    (delegate as typeof db.prisma.producer).findUnique({ where: { id: survivorId }, select }),
  ]);
  checkPair(type, duplicate, survivor, ids);
  requireCurator(viewer, duplicate!.source.organizationId, 'Merging');
  const table = type === 'Producer' ? 'producer' : 'organization';
  const { result, positions } = await writeTransaction(
    db,
    actorOf(viewer),
    async (w) => {
      // Guarded by the state checked above, so two concurrent merges of the same record cannot both win.
      const [merged] = await w.sql.query<{ version: number }>(
        `UPDATE ${table} SET merged_into_id = $2, deleted_at = now(), updated_at = now(), version = version + 1
        WHERE id = $1 AND merged_into_id IS NULL AND deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM ${table} s WHERE s.id = $2 AND s.merged_into_id IS NULL AND s.deleted_at IS NULL)
        RETURNING version`,
        [duplicateId, survivorId],
      );
      if (!merged)
        throw new UserError(ErrorCode.BAD_USER_INPUT, 'One of the two records changed while merging; look them up and try again.', { field: 'duplicate' });
      await w.sql.query(`UPDATE ${table} SET merged_into_id = $2 WHERE merged_into_id = $1`, [duplicateId, survivorId]);
      let repointed: number;
      if (type === 'Producer') {
        repointed = await repoint(w.sql, PRODUCER_REFERENCES, duplicateId, survivorId);
      } else {
        repointed = await repoint(w.sql, ORGANIZATION_REFERENCES, duplicateId, survivorId);
        // Project partners are keyed by (project, organization): move them without colliding.
        await w.sql.query(
          `INSERT INTO project_partner (project_id, organization_id, role) SELECT project_id, $2, role FROM project_partner WHERE organization_id = $1 ON CONFLICT DO NOTHING`,
          [duplicateId, survivorId],
        );
        repointed +=
          (
            await w.sql.query<{ n: number }>(
              'WITH d AS (DELETE FROM project_partner WHERE organization_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d',
              [duplicateId],
            )
          )[0]?.n ?? 0;
        // The survivor keeps the duplicate's identities: its org number and its key in its own source.
        await w.sql.query(
          `INSERT INTO organization_identifier (organization_id, scheme, value, source_id)
         SELECT $2, x.scheme, x.value, o.source_id
           FROM organization o JOIN source s ON s.id = o.source_id
           CROSS JOIN LATERAL (VALUES ('iso6523', o.org_number), ('source:' || s.key, o.external_id)) AS x(scheme, value)
          WHERE o.id = $1 AND x.value IS NOT NULL
         ON CONFLICT (scheme, value) DO NOTHING`,
          [duplicateId, survivorId],
        );
        // A sole trader stays one after merging: the stricter privacy rules win.
        await w.sql.query(
          'UPDATE organization s SET natural_person = true FROM organization d WHERE s.id = $2 AND d.id = $1 AND d.natural_person AND NOT s.natural_person',
          [duplicateId, survivorId],
        );
        const producers = await w.sql.query<{ id: number }>('SELECT id FROM producer WHERE organization_id = $1', [survivorId]);
        if (producers.length)
          await refreshPublicLocations(
            w.db,
            producers.map((p) => p.id),
          );
      }
      w.changes.add({
        operation: 'MERGE',
        recordType: type,
        recordId: duplicateId,
        sourceId: duplicate!.sourceId,
        externalId: duplicate!.externalId,
        version: merged.version,
        data: { mergedInto: encodeGlobalId(type, survivorId), survivorSource: survivor!.source.key, survivorExternalId: survivor!.externalId },
      });
      return repointed;
    },
    { retryOnConflict: true },
  );
  return { recordType: type, duplicateId, survivorId, repointed: result, lastPosition: positions?.last ?? null };
}
