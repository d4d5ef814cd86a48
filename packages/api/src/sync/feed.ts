import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { ErrorCode, UserError, badInput } from '../errors.js';
import { containsIdentityNumber, withoutIdentityNumbers } from '../privacy/identity-numbers.js';
import { RECORD_TABLES, isPrivateRecord, namesMarked, personField } from '../privacy/personal-fields.js';
import { canReadPersonalData, canReadPrivate } from '../privacy/readers.js';

export const RECORD_TYPES = ['Producer', 'Kitchen', 'Hub', 'Demand', 'Agreement', 'Delivery', 'Goal', 'Observation', 'Organization'] as const;

export interface ChangeRow {
  id: bigint;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'MERGE' | 'PURGE';
  recordType: string;
  recordId: string;
  sourceId: number | null;
  sourceKey: string | null;
  sourceOrganizationId: number | null;
  externalId: string | null;
  version: number;
  organizationId: number | null;
  apiKeyId: number | null;
  data: unknown;
  at: Date;
  /**
   * Whether the organization the record belongs to is a natural person now (see `NATURAL_PERSON_SQL`);
   * null when that is unknown, which counts as one.
   */
  naturalPerson?: boolean | null;
}

/** The API's own page limit (100) is enforced for callers; internal readers may take more at once. */
const MAX_INTERNAL_PAGE = 1000;

/** Cursors are change positions in decimal: stable, resumable after a crash, comparable. */
export function parseCursor(after: string | null | undefined): bigint {
  if (after == null || after === '') return 0n;
  if (!/^\d{1,19}$/.test(after))
    throw badInput('after', `"${after}" is not a change-feed cursor (use a position this API returned, or leave it out to start from the beginning).`);
  return BigInt(after);
}

/** What the feed withholds from each record type, from the markers of its record table. */
const WITHHELD = new Map(
  Object.entries(RECORD_TABLES).map(([type, table]) => [
    type,
    {
      whole: isPrivateRecord(table),
      personal: namesMarked(table, 'personal'),
      naturalPerson: namesMarked(table, 'natural-person'),
      person: personField(table),
    },
  ]),
);

/** The table and column of the organization each record type's natural-person fields are about. */
const PERSON_COLUMN: Readonly<Record<string, readonly [table: string, column: string]>> = {
  Organization: ['organization', 'id'],
  Producer: ['producer', 'organization_id'],
  Hub: ['hub', 'operator_id'],
  Agreement: ['agreement', 'buyer_organization_id'],
};
for (const [type, w] of WITHHELD) {
  if (w.person && !PERSON_COLUMN[type]) throw new Error(`${type} has natural-person fields: the feed needs the column of the organization they are about.`);
}

/**
 * SQL over a change `c`: whether the organization its record belongs to is a natural person now
 * (null for a record without one, or of a kind without natural-person fields).
 */
export const NATURAL_PERSON_SQL = `CASE c.record_type ${Object.entries(PERSON_COLUMN)
  .map(([type, [table, column]]) =>
    table === 'organization'
      ? `WHEN '${type}' THEN (SELECT o.natural_person FROM organization o WHERE o.id = c.record_id::int)`
      : `WHEN '${type}' THEN (SELECT o.natural_person FROM ${table} r JOIN organization o ON o.id = r.${column} WHERE r.id = c.record_id::int)`,
  )
  .join(' ')} END`;

/**
 * The change's data as this caller may see it: private records (delivery lines) only to their
 * source's organization with read:private; to anyone else no personal fields, no natural-person
 * fields unless the organization they are about is known not to be a natural person, and no string
 * carrying a personal identity number wherever it sits (an operator's or buyer's org number, a
 * partner's reference).
 */
export function visibleData(change: ChangeRow, viewer: Viewer | null): unknown {
  if (change.data == null) return null;
  const withheld = WITHHELD.get(change.recordType);
  if (withheld?.whole) return canReadPrivate(viewer, change.sourceOrganizationId) ? change.data : null;
  if (canReadPersonalData(viewer, change.sourceOrganizationId)) return change.data;
  const data = { ...(change.data as Record<string, unknown>) };
  for (const f of withheld?.personal ?? []) delete data[f];
  if (change.naturalPerson !== false) for (const f of withheld?.naturalPerson ?? []) delete data[f];
  return withoutIdentityNumbers(data);
}

/** The record's key as this caller may see it: none when it carries a personal identity number, except to its own source. */
export function visibleExternalId(change: ChangeRow, viewer: Viewer | null): string | null {
  const own = viewer !== null && change.sourceOrganizationId === viewer.organizationId;
  return change.externalId !== null && !own && containsIdentityNumber(change.externalId) ? null : change.externalId;
}

const SELECT_CHANGES = `SELECT c.id::text AS id, c.operation::text AS operation, c.record_type, c.record_id, c.source_id, s.key AS source_key,
            s.organization_id AS source_organization_id, c.external_id, c.version, c.organization_id, c.api_key_id, c.data, c.at,
            ${NATURAL_PERSON_SQL} AS natural_person
       FROM change c LEFT JOIN source s ON s.id = c.source_id`;

/** A change as read from SQL (`SELECT_CHANGES`'s columns) to its row. */
export function toChangeRow(r: Record<string, unknown>): ChangeRow {
  return {
    id: BigInt(r.id as string),
    operation: r.operation as ChangeRow['operation'],
    recordType: r.record_type as string,
    recordId: r.record_id as string,
    sourceId: (r.source_id as number | null) ?? null,
    sourceKey: (r.source_key as string | null) ?? null,
    sourceOrganizationId: (r.source_organization_id as number | null) ?? null,
    externalId: (r.external_id as string | null) ?? null,
    version: Number(r.version),
    organizationId: (r.organization_id as number | null) ?? null,
    apiKeyId: (r.api_key_id as number | null) ?? null,
    data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
    at: new Date(r.at as string),
    naturalPerson: (r.natural_person as boolean | null | undefined) ?? null,
  };
}

/** The changes of several records of one type in one statement, oldest first (the latest 1,000 each). */
export async function readHistories(db: Database, recordType: string, recordIds: readonly string[]): Promise<ChangeRow[][]> {
  const rows = await db.sql.query<Record<string, unknown>>(`${SELECT_CHANGES} WHERE c.record_type = $1 AND c.record_id = ANY($2::text[]) ORDER BY c.id`, [
    recordType,
    [...recordIds],
  ]);
  const byRecord = new Map<string, ChangeRow[]>();
  for (const r of rows) {
    const change = toChangeRow(r);
    const list = byRecord.get(change.recordId) ?? [];
    list.push(change);
    byRecord.set(change.recordId, list);
  }
  return recordIds.map((id) => (byRecord.get(id) ?? []).slice(-MAX_INTERNAL_PAGE));
}

/**
 * Changes after a position, in commit order. Positions are assigned in commit order (see
 * CHANGE_LOG_LOCK), so reading `id > after` never skips a change that commits later.
 */
export async function readChanges(
  db: Database,
  args: { after?: string | null; first?: number | null; types?: readonly string[] | null; source?: string | null },
): Promise<{ changes: ChangeRow[]; hasMore: boolean; endCursor: string }> {
  const after = parseCursor(args.after);
  const first = args.first ?? 100;
  if (!(first >= 1 && first <= MAX_INTERNAL_PAGE))
    throw new UserError(ErrorCode.PAGE_SIZE, `first must be between 1 and 100; got ${first}.`, { field: 'first' });
  for (const t of args.types ?? []) {
    if (!(RECORD_TYPES as readonly string[]).includes(t)) throw badInput('types', `Unknown record type "${t}"; types are ${RECORD_TYPES.join(', ')}.`);
  }
  let sourceId: number | null = null;
  if (args.source) {
    const source = await db.prisma.source.findUnique({ where: { key: args.source } });
    if (!source) throw new UserError(ErrorCode.NOT_FOUND, `No source "${args.source}".`, { field: 'source' });
    sourceId = source.id;
  }
  const rows = await db.sql.query<Record<string, unknown>>(
    `${SELECT_CHANGES}
      WHERE c.id > $1::bigint
        AND ($2::text[] IS NULL OR c.record_type = ANY($2::text[]))
        AND ($3::int IS NULL OR c.source_id = $3::int)
      ORDER BY c.id
      LIMIT $4`,
    [after.toString(), args.types?.length ? args.types : null, sourceId, first + 1],
  );
  const changes = rows.slice(0, first).map(toChangeRow);
  return { changes, hasMore: rows.length > first, endCursor: (changes.at(-1)?.id ?? after).toString() };
}
