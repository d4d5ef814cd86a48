import { createHash } from 'node:crypto';
import type { Database } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import { type Viewer, isScope } from './policy.js';

/** The caller with the database: what domain operations take, instead of a GraphQL context. */
export interface Session {
  db: Database;
  viewer: Viewer | null;
}

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * The caller behind an `Authorization: Bearer <key>` header: null without a header, an error for an
 * unknown or revoked key (never silently anonymous, so a partner notices a bad key at once).
 */
export async function authenticate(db: Database, authorization: string | null): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new UserError(ErrorCode.UNAUTHENTICATED, 'The Authorization header must be "Bearer <API key>".');
  const key = await db.prisma.apiKey.findUnique({ where: { hash: hashApiKey(match[1]!) } });
  if (!key) throw new UserError(ErrorCode.UNAUTHENTICATED, 'Unknown API key.');
  if (key.revokedAt) throw new UserError(ErrorCode.UNAUTHENTICATED, `API key ${key.prefix}… was revoked on ${key.revokedAt.toISOString().slice(0, 10)}.`);
  // Recording last use must not slow or fail the request.
  void db.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return { organizationId: key.organizationId, apiKeyId: key.id, scopes: key.scopes.filter(isScope) };
}

export type { Viewer };
