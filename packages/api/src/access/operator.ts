import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import { OrganizationKind } from '../generated/prisma/enums.js';
import { redactIdentityNumbers } from '../privacy/identity-numbers.js';
import { createApiKey, createOrganization, createSource, findOrganization, revokeApiKey } from '../sync/keys.js';
import { type DeliveryCounts, deliverDueWebhooks, sealStoredSecrets } from '../sync/webhooks.js';

/**
 * What the operator of this server does, one function per `fc` command: `fc` runs them on the
 * database when no server runs, and a running server runs them for `fc` behind /operator/… (operator
 * key only). Both hand back the same plain values (dates as ISO text, identity numbers redacted), so
 * `fc` prints the same either way.
 */

export interface OrganizationResult {
  id: number;
  name: string;
  orgNumber: string | null;
}
export interface OrganizationLine extends OrganizationResult {
  /** Keys of the sources it owns. */
  sources: string[];
}
export interface SourceResult {
  key: string;
  licence: string;
  organization: string;
}
export interface CreatedKeyResult {
  /** The whole key: shown this once. */
  key: string;
  prefix: string;
  scopes: string[];
  organization: string;
}
export interface KeyLine {
  prefix: string;
  name: string;
  scopes: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface KeyList {
  organization: string;
  keys: KeyLine[];
}
export interface RevokedKey {
  prefix: string;
  revokedAt: string;
}

const organizationResult = (o: { id: number; name: string; orgNumber: string | null }): OrganizationResult => ({
  id: o.id,
  name: o.name,
  orgNumber: o.orgNumber === null ? null : redactIdentityNumbers(o.orgNumber),
});

const KINDS = Object.values(OrganizationKind);

/** `value` as an organization kind, given as the enum name in any case ("project_partner"). */
function organizationKind(value: string | null | undefined): OrganizationKind | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const kind = value.toUpperCase() as OrganizationKind;
  if (!KINDS.includes(kind)) {
    throw new UserError(ErrorCode.BAD_USER_INPUT, `Unknown organization kind "${value}"; kinds are ${KINDS.map((k) => k.toLowerCase()).join(', ')}.`, {
      field: 'kind',
    });
  }
  return kind;
}

function required(value: string | null | undefined, field: string, what: string): string {
  const text = value?.trim();
  if (!text) throw new UserError(ErrorCode.BAD_USER_INPUT, `Give ${what} (${field}).`, { field });
  return text;
}

export async function addOrganization(db: Database, input: { name: string; orgNumber?: string | null; kind?: string | null }): Promise<OrganizationResult> {
  const organization = await createOrganization(db, {
    name: required(input.name, 'name', 'the organization’s name'),
    orgNumber: input.orgNumber?.trim() || null,
    kind: organizationKind(input.kind),
  });
  return organizationResult(organization);
}

/** The organizations that take part: those with API keys or sources of their own. */
export async function listOrganizations(db: Database): Promise<OrganizationLine[]> {
  const organizations = await db.prisma.organization.findMany({
    where: { OR: [{ apiKeys: { some: {} } }, { ownedSources: { some: {} } }] },
    include: { ownedSources: { orderBy: { key: 'asc' } } },
    orderBy: { id: 'asc' },
  });
  return organizations.map((o) => ({ ...organizationResult(o), sources: o.ownedSources.map((s) => s.key) }));
}

export async function addSource(
  db: Database,
  input: { organization: string; key: string; name: string; licence: string; url?: string | null; attribution?: string | null },
): Promise<SourceResult> {
  const organization = await findOrganization(db, required(input.organization, 'org', 'the organization'));
  const source = await createSource(db, organization.id, {
    key: required(input.key, 'key', 'the source key'),
    name: required(input.name, 'name', 'the source’s name'),
    licence: required(input.licence, 'licence', 'the licence'),
    url: input.url || null,
    attribution: input.attribution || null,
  });
  return { key: source.key, licence: source.licence, organization: organization.name };
}

/** A key for any organization, with any scopes (curate and operate included: this is the operator). */
export async function addApiKey(db: Database, input: { organization: string; scopes: string[]; name?: string | null }): Promise<CreatedKeyResult> {
  const organization = await findOrganization(db, required(input.organization, 'org', 'the organization'));
  const { key, record } = await createApiKey(db, organization.id, input.name?.trim() || 'partner key', input.scopes);
  return { key, prefix: record.prefix, scopes: record.scopes, organization: organization.name };
}

export async function listApiKeys(db: Database, organizationRef: string): Promise<KeyList> {
  const organization = await findOrganization(db, required(organizationRef, 'org', 'the organization'));
  const keys = await db.prisma.apiKey.findMany({ where: { organizationId: organization.id }, orderBy: { id: 'asc' } });
  return {
    organization: organization.name,
    keys: keys.map((k) => ({
      prefix: k.prefix,
      name: k.name,
      scopes: k.scopes,
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    })),
  };
}

/** Revokes any organization's key by its prefix (or ID); revoking twice keeps the first date. */
export async function revokeKey(db: Database, prefix: string): Promise<RevokedKey> {
  const key = await revokeApiKey(db, required(prefix, 'prefix', 'the key prefix'));
  return { prefix: key.prefix, revokedAt: key.revokedAt!.toISOString() };
}

/** Delivers the due webhook events now (a running server also does so every few seconds). */
export const deliverWebhooksNow = (db: Database, config: Pick<Config, 'webhookAllowedTargets' | 'secretKey'>): Promise<DeliveryCounts> =>
  deliverDueWebhooks(db, config);

/** Encrypts the webhook signing secrets stored in clear with SECRET_KEY. */
export async function sealWebhookSecrets(db: Database, config: Pick<Config, 'secretKey'>): Promise<{ sealed: number }> {
  if (!config.secretKey) {
    throw new UserError(
      ErrorCode.BAD_USER_INPUT,
      'SECRET_KEY is not set: set it (32 bytes, e.g. `openssl rand -hex 32`) for the server and restart it (or, with no server running, for fc), then seal.',
      {
        field: 'SECRET_KEY',
      },
    );
  }
  return { sealed: await sealStoredSecrets(db, config.secretKey) };
}
