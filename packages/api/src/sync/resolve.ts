import { randomUUID } from 'node:crypto';
import { ErrorCode, UserError, badInput } from '../errors.js';
import { isPersonalIdentityNumber } from '../privacy/identity-numbers.js';
import { resolveMunicipalityCodes } from '../places/codes.js';
import { ORGANIZATION } from '../records/organizations.js';
import { ISO_6523, checkOrgNumber } from '../records/org-numbers.js';
import type { OrganizationSizeClass } from '../generated/prisma/enums.js';
import type { WriteEnv } from './upsert.js';

export { ORGANIC_SCHEMES } from '../producers/organic.js';

function cached<T>(env: WriteEnv, key: string, load: () => Promise<T>): Promise<T> {
  const hit = env.cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const value = load();
  env.cache.set(key, value);
  value.catch(() => env.cache.delete(key));
  return value;
}

/**
 * A current municipality code for `code`, with a note when an older (2020) code was mapped to it.
 * Unknown codes and split municipalities are errors (a split is never guessed).
 */
export async function municipalityCode(env: WriteEnv, code: string, field: string): Promise<{ code: string; note?: string }> {
  const wanted = code.trim().toUpperCase();
  const [resolved] = await cached(env, `m:${wanted}`, () => resolveMunicipalityCodes(env.ctx, [wanted], field));
  return resolved === wanted ? { code: resolved } : { code: resolved!, note: `${field}: ${wanted} is an older code, mapped to ${resolved}.` };
}

export async function categoryCode(env: WriteEnv, code: string, field: string): Promise<string> {
  const wanted = code.trim();
  const found = await cached(env, `c:${wanted}`, () => env.tx.productCategory.findUnique({ where: { code: wanted }, select: { code: true, deletedAt: true } }));
  if (!found || found.deletedAt) {
    throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown category code "${wanted}"; see the \`categories\` query for the codes.`, { field, value: wanted });
  }
  return found.code;
}

type RefModel = 'producer' | 'kitchen' | 'hub' | 'agreement' | 'lot' | 'indicator' | 'organization' | 'project';
const LABEL: Record<RefModel, string> = {
  producer: 'producer',
  kitchen: 'kitchen',
  hub: 'hub',
  agreement: 'agreement',
  lot: 'lot',
  indicator: 'indicator',
  organization: 'organization',
  project: 'project',
};

/** The row ID of a record the partner refers to by its own external ID, in the same source. */
export async function refId(env: WriteEnv, model: RefModel, externalId: string, field: string): Promise<number> {
  const id = await findRefId(env, model, externalId);
  if (id === null) {
    throw new UserError(
      ErrorCode.NOT_FOUND,
      `No ${LABEL[model]} with externalId "${externalId}" in source "${env.source.key}"; send it first (or in an earlier item of this batch).`,
      { field, value: externalId },
    );
  }
  return id;
}

export async function findRefId(env: WriteEnv, model: RefModel, externalId: string): Promise<number | null> {
  const delegate = (
    env.tx as unknown as Record<string, { findUnique(a: unknown): Promise<{ id: number; deletedAt: Date | null; mergedIntoId?: number | null } | null> }>
  )[model]!;
  const mergeable = model === 'producer' || model === 'organization';
  const row = await delegate.findUnique({
    where: { sourceId_externalId: { sourceId: env.source.id, externalId } },
    select: { id: true, deletedAt: true, ...(mergeable ? { mergedIntoId: true } : {}) },
  });
  // A merged record is referred to by its old external ID and resolves to the survivor.
  if (row?.mergedIntoId) return row.mergedIntoId;
  return row && !row.deletedAt ? row.id : null;
}

/**
 * Finds the organization with this ISO 6523 number, or registers it in the partner's source. A new
 * organization's key is random, never the number: a sole trader's number is their personal identity
 * number, and keys are published. A number that is a personal identity number makes the
 * organization a natural person even when the caller did not say so.
 */
export async function organizationFor(
  env: WriteEnv,
  input: { orgNumber: string; name: string; naturalPerson?: boolean | null; kind?: 'PRODUCER_COMPANY' | 'WHOLESALER'; countryCode?: string | null },
  field: string,
): Promise<number> {
  const given = input.orgNumber.trim();
  const personal = isPersonalIdentityNumber(given);
  if (!ISO_6523.test(given)) {
    // The message goes back to the caller only, but it is not the place to repeat a person's number.
    throw badInput(
      field,
      personal
        ? 'This is a personal identity number, not an ISO 6523 org number: give it with its scheme, such as "0007:" (Sweden) or "0192:" (Norway).'
        : `"${given}" is not an ISO 6523 org number such as "0192:912345678" (Norway) or "0007:5560000000" (Sweden).`,
    );
  }
  const checked = checkOrgNumber(given);
  if (!checked.ok) throw badInput(field, checked.message);
  const orgNumber = checked.value;
  const naturalPerson = input.naturalPerson === true || personal;
  const existing = await env.tx.organization.findFirst({
    where: { orgNumber, deletedAt: null, mergedIntoId: null },
    orderBy: { id: 'asc' },
    select: { id: true, naturalPerson: true, sourceId: true, externalId: true },
  });
  if (!existing) {
    // The org number of an organization merged into another names the survivor.
    const known = await env.tx.organizationIdentifier.findUnique({
      where: { scheme_value: { scheme: 'iso6523', value: orgNumber } },
      select: { organizationId: true },
    });
    if (known) return known.organizationId;
  }
  if (existing) {
    if (naturalPerson && !existing.naturalPerson) {
      // Learning that a company is a sole trader changes what may be published about it: a change too.
      const updated = await env.tx.organization.update({ where: { id: existing.id }, data: { naturalPerson: true, version: { increment: 1 } } });
      env.changes.add({
        operation: 'UPDATE',
        recordType: 'Organization',
        recordId: updated.id,
        sourceId: updated.sourceId,
        externalId: updated.externalId,
        version: updated.version,
        data: organizationData(updated),
      });
    }
    return existing.id;
  }
  return createOrganizationRecord(env, {
    name: input.name,
    kind: input.kind ?? 'PRODUCER_COMPANY',
    orgNumber,
    naturalPerson,
    countryCode: input.countryCode ?? checked.country,
    externalId: newOrganizationKey(),
  });
}

/**
 * Sets an organization's EU SME size class, as a producer's record says it. Only a different class
 * is written (version up, an UPDATE on the change feed); the same class again changes nothing.
 */
export async function setOrganizationSizeClass(env: WriteEnv, organizationId: number, sizeClass: OrganizationSizeClass): Promise<void> {
  const current = await env.tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { sizeClass: true } });
  if (current.sizeClass === sizeClass) return;
  const updated = await env.tx.organization.update({ where: { id: organizationId }, data: { sizeClass, version: { increment: 1 } } });
  env.changes.add({
    operation: 'UPDATE',
    recordType: 'Organization',
    recordId: updated.id,
    sourceId: updated.sourceId,
    externalId: updated.externalId,
    version: updated.version,
    data: organizationData(updated),
  });
}

/** Creates an organization in the writing source and puts it on the feed as a record of its own. */
async function createOrganizationRecord(
  env: WriteEnv,
  data: { name: string; kind: 'PRODUCER_COMPANY' | 'WHOLESALER'; orgNumber?: string; naturalPerson: boolean; countryCode: string | null; externalId: string },
): Promise<number> {
  const created = await env.tx.organization.create({ data: { ...data, sourceId: env.source.id } });
  // Registered as a side effect of another record, it is still a record of its own on the feed.
  env.changes.add({
    operation: 'CREATE',
    recordType: 'Organization',
    recordId: created.id,
    sourceId: created.sourceId,
    externalId: created.externalId,
    version: created.version,
    data: organizationData(created),
  });
  return created.id;
}

/**
 * The organization of a sole trader sent without an org number: one per producer record, so that the
 * rules for natural persons (location at municipality level, no name, no contact) still hold. Its key
 * is derived from the producer's own key in the same source, which never carries an identity number.
 */
export async function personOrganizationFor(env: WriteEnv, producer: { externalId: string; name: string; countryCode: string }): Promise<number> {
  const externalId = `person-of:${producer.externalId}`;
  const existing = await env.tx.organization.findUnique({ where: { sourceId_externalId: { sourceId: env.source.id, externalId } }, select: { id: true } });
  if (existing) return existing.id;
  const created = await env.tx.organization.create({
    data: { name: producer.name, kind: 'PRODUCER_COMPANY', naturalPerson: true, countryCode: producer.countryCode, sourceId: env.source.id, externalId },
  });
  env.changes.add({
    operation: 'CREATE',
    recordType: 'Organization',
    recordId: created.id,
    sourceId: created.sourceId,
    externalId: created.externalId,
    version: created.version,
    data: organizationData(created),
  });
  return created.id;
}

/** The key of an organization registered by its org number: random, so that it says nothing about it. */
export const newOrganizationKey = () => `org:${randomUUID()}`;

/** An organization as the change feed carries it: the fields of its record table (the feed hides a sole trader's name and number from others). */
export function organizationData(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(ORGANIZATION.fields.map((f) => [f.name, o[f.name] ?? null]));
}

export function checkLat(lat: number | null | undefined, lon: number | null | undefined, field: string) {
  if ((lat == null) !== (lon == null)) throw badInput(field, 'Give both latitude and longitude, or neither.');
  if (lat != null && !(lat >= -90 && lat <= 90)) throw badInput(`${field}.lat`, `Latitude must be between −90 and 90; got ${lat}.`);
  if (lon != null && !(lon >= -180 && lon <= 180)) throw badInput(`${field}.lon`, `Longitude must be between −180 and 180; got ${lon}.`);
}

export function checkPeriod(start: Date, end: Date, field: string) {
  if (Number.isNaN(start.getTime())) throw badInput(`${field}Start`, 'The period start is not a date.');
  if (Number.isNaN(end.getTime())) throw badInput(`${field}End`, 'The period end is not a date.');
  if (end < start) throw badInput(`${field}End`, `The period ends (${iso(end)}) before it starts (${iso(start)}).`);
}

export const iso = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

export function nonNegative(value: number | null | undefined, field: string) {
  if (value != null && !(value >= 0)) throw badInput(field, `Must be 0 or more; got ${value}.`);
}
