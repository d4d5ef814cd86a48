import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../access/auth.js';
import { SCOPES, type Scope, isScope } from '../access/policy.js';
import type { Database } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import { isPersonalIdentityNumber } from '../privacy/identity-numbers.js';
import { ISO_6523, checkOrgNumber, orgNumberKey } from '../records/org-numbers.js';
import type { OrganizationKind } from '../generated/prisma/enums.js';

export function checkScopes(scopes: readonly string[], field = 'scopes'): Scope[] {
  if (scopes.length === 0) throw new UserError(ErrorCode.BAD_USER_INPUT, `Give at least one scope: ${Object.keys(SCOPES).join(', ')}.`, { field });
  for (const scope of scopes) {
    if (!isScope(scope)) {
      throw new UserError(ErrorCode.BAD_USER_INPUT, `Unknown scope "${scope}"; scopes are ${Object.keys(SCOPES).join(', ')}.`, { field, value: scope });
    }
  }
  return [...new Set(scopes)] as Scope[];
}

/** The source that holds the organizations registered for partners (not an open dataset). */
export async function partnerRegistrySource(db: Database) {
  return db.prisma.source.upsert({
    where: { key: 'partners' },
    update: {},
    create: { key: 'partners', name: 'Partner organizations', publisher: 'Food Commons', licence: 'CC0-1.0', exportable: false },
  });
}

/** Finds an organization by numeric ID, org number or exact name, for the command line. */
export async function findOrganization(db: Database, ref: string) {
  const where = /^\d+$/.test(ref) ? { id: Number(ref) } : /^\d{4}:/.test(ref) ? { orgNumber: orgNumberKey(ref) } : { name: ref };
  const found = await db.prisma.organization.findMany({ where: { ...where, deletedAt: null }, take: 2 });
  if (found.length === 0) throw new UserError(ErrorCode.NOT_FOUND, `No organization "${ref}"; create it with \`npx pnpm fc orgs create\`.`);
  if (found.length > 1) throw new UserError(ErrorCode.BAD_USER_INPUT, `Several organizations are called "${ref}"; give its ID instead.`);
  return found[0]!;
}

export async function createOrganization(db: Database, input: { name: string; kind?: OrganizationKind; orgNumber?: string | null }) {
  const registry = await partnerRegistrySource(db);
  let orgNumber = input.orgNumber?.trim() || null;
  if (orgNumber && !ISO_6523.test(orgNumber)) {
    const shown = isPersonalIdentityNumber(orgNumber) ? 'A personal identity number' : `"${orgNumber}"`;
    throw new UserError(ErrorCode.BAD_USER_INPUT, `${shown} is not an ISO 6523 org number such as "0192:912345678" or "0007:5560000000".`, {
      field: 'orgNumber',
    });
  }
  if (orgNumber) {
    const checked = checkOrgNumber(orgNumber);
    if (!checked.ok) throw new UserError(ErrorCode.BAD_USER_INPUT, checked.message, { field: 'orgNumber' });
    orgNumber = checked.value;
  }
  // Random, never the org number: a sole trader's is their personal identity number, and keys are published.
  const externalId = `org-${randomBytes(6).toString('hex')}`;
  return db.prisma.organization.create({
    data: {
      name: input.name,
      kind: input.kind ?? 'PROJECT_PARTNER',
      orgNumber,
      naturalPerson: isPersonalIdentityNumber(orgNumber),
      sourceId: registry.id,
      externalId,
    },
  });
}

export async function createSource(
  db: Database,
  organizationId: number,
  input: { key: string; name: string; licence: string; publisher?: string | null; url?: string | null; attribution?: string | null },
) {
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(input.key)) {
    throw new UserError(ErrorCode.BAD_USER_INPUT, `Source key "${input.key}" must be 2–63 characters of a–z, 0–9, ".", "_" or "-".`, { field: 'key' });
  }
  if (!/^[A-Za-z0-9.+-]+$/.test(input.licence)) {
    throw new UserError(ErrorCode.BAD_USER_INPUT, `"${input.licence}" is not an SPDX licence identifier such as "CC-BY-4.0".`, { field: 'licence' });
  }
  const existing = await db.prisma.source.findUnique({ where: { key: input.key } });
  if (existing) throw new UserError(ErrorCode.BAD_USER_INPUT, `A source with the key "${input.key}" already exists.`, { field: 'key' });
  const organization = await db.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } });
  return db.prisma.source.create({
    data: {
      key: input.key,
      name: input.name,
      licence: input.licence,
      publisher: input.publisher ?? organization.name,
      url: input.url ?? null,
      attribution: input.attribution ?? null,
      organizationId,
    },
  });
}

/**
 * Creates a key and returns it in full: the only time it is shown. Only its SHA-256 and its first
 * characters (to recognise it in lists) are stored.
 */
export async function createApiKey(db: Database, organizationId: number, name: string, scopes: readonly string[]) {
  const checked = checkScopes(scopes);
  const secret = randomBytes(24).toString('base64url');
  const key = `fc_${secret}`;
  const record = await db.prisma.apiKey.create({
    data: { organizationId, name, scopes: checked, prefix: key.slice(0, 11), hash: hashApiKey(key) },
  });
  return { key, record };
}

/** Revokes a key of the organization (by prefix or ID); revoking twice keeps the first date. */
export async function revokeApiKey(db: Database, ref: string, organizationId?: number) {
  const where = /^\d+$/.test(ref) ? { id: Number(ref) } : { prefix: ref.replace(/…$/, '').slice(0, 11) };
  const key = await db.prisma.apiKey.findFirst({ where });
  if (!key || (organizationId !== undefined && key.organizationId !== organizationId)) {
    throw new UserError(ErrorCode.NOT_FOUND, `No API key "${ref}"${organizationId !== undefined ? ' of your organization' : ''}.`, { field: 'key' });
  }
  if (key.revokedAt) return key;
  return db.prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
}

export { SCOPES, type Scope, isScope };
