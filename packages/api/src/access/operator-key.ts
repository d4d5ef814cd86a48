import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database.js';
import { createApiKey, partnerRegistrySource } from '../sync/keys.js';
import { hashApiKey } from './auth.js';
import type { Scope } from './scopes.js';

/**
 * The operator key: the API key `fc` uses to talk to a running server. The server creates it at its
 * first start (and again whenever the file is gone or its key no longer works in this database) and
 * writes it to a file only its own user can read (mode 0600). The database keeps its hash, like any
 * other key; it is listed under the organization "Food Commons operators" and revoked like any other.
 */

/** Everything, for every organization: `operate` lets it act for any of them. */
export const OPERATOR_SCOPES: readonly Scope[] = ['operate', 'admin', 'write', 'read:private', 'curate'];
export const OPERATOR_ORGANIZATION = 'Food Commons operators';
const OPERATORS_EXTERNAL_ID = 'operators';

/** The organization operator keys belong to, registered like partner organizations (once). */
export async function operatorOrganization(db: Database) {
  const registry = await partnerRegistrySource(db);
  return db.prisma.organization.upsert({
    where: { sourceId_externalId: { sourceId: registry.id, externalId: OPERATORS_EXTERNAL_ID } },
    update: {},
    create: { name: OPERATOR_ORGANIZATION, kind: 'OTHER', sourceId: registry.id, externalId: OPERATORS_EXTERNAL_ID },
  });
}

/** The key stored in `file`, or null when there is no such file. Other failures (permissions) throw. */
function readOperatorKey(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export type OperatorKeyOutcome =
  /** The file holds a key this database accepts; `tightened` when the file was readable by others and is 0600 now. */
  | { status: 'kept'; tightened: boolean }
  /** A new key, in the file now: `key` is its only showing. `replaced` when the file held a key this database refuses. */
  | { status: 'created'; key: string; replaced: boolean };

/**
 * Makes sure `file` holds a key with the operate scope that this database accepts: keeps a working
 * one, or creates a key and writes it whole (a temporary file renamed into place, mode 0600). The
 * file is checked to be writable before the key is created, so no key is made that nobody can read.
 */
export async function ensureOperatorKey(db: Database, file: string): Promise<OperatorKeyOutcome> {
  const existing = readOperatorKey(file);
  if (existing) {
    const record = await db.prisma.apiKey.findUnique({ where: { hash: hashApiKey(existing) } });
    if (record && !record.revokedAt && record.scopes.includes('operate')) {
      const tightened = (fs.statSync(file).mode & 0o077) !== 0;
      if (tightened) fs.chmodSync(file, 0o600);
      return { status: 'kept', tightened };
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, '', { mode: 0o600, flag: 'wx' });
  try {
    fs.chmodSync(temp, 0o600); // whatever the umask
    const organization = await operatorOrganization(db);
    const { key } = await createApiKey(db, organization.id, 'operator key (created at server start)', OPERATOR_SCOPES);
    fs.writeFileSync(temp, `${key}\n`);
    fs.renameSync(temp, file);
    return { status: 'created', key, replaced: existing !== null };
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** What the server says about the operator key once it is running; null when there is nothing to say. */
export function operatorKeyNotice(
  outcome: OperatorKeyOutcome | Error,
  file: string,
  options: { showKey?: boolean } = {},
): { level: 'info' | 'warn'; message: string } | null {
  if (outcome instanceof Error) {
    return {
      level: 'warn',
      message: `No operator key in ${file} (${outcome.message}). \`fc\` cannot talk to this server without one: let this user write that folder and restart, or give \`fc\` a key with the operate scope in FC_API_KEY.`,
    };
  }
  if (outcome.status === 'kept') {
    return outcome.tightened
      ? { level: 'warn', message: `The operator key file ${file} was readable by other users; it is readable by this user only now.` }
      : null;
  }
  const why = outcome.replaced ? `The key in ${file} does not work with this database (revoked, or made for another one), so a new one replaced it. ` : '';
  // A key is a secret: it reaches a person at a terminal once, never a log store.
  return {
    level: 'info',
    message: options.showKey
      ? `${why}Operator key, shown only this once: ${outcome.key}  (\`npx pnpm fc …\` reads it from ${file}, readable by this user only)`
      : `${why}A new operator key is in ${file}, readable by this user only; \`npx pnpm fc …\` reads it there. It is not written to the log.`,
  };
}
