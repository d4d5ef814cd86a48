import { ErrorCode, UserError } from '../errors.js';
import type { Scope } from './scopes.js';

/**
 * The one access policy: which scopes exist (scopes.ts), what each allows, and the checks every layer
 * calls. Reading open data needs no key at all; everything else is decided here.
 */
export { SCOPES, type Scope, isScope } from './scopes.js';

/** Who is calling: anonymous, or a partner's API key. */
export interface Viewer {
  organizationId: number;
  apiKeyId: number;
  /** What the key may do (see SCOPES). */
  scopes: Scope[];
}

/** Whether the caller's key carries the scope. */
export const hasScope = (viewer: Viewer | null, scope: Scope): viewer is Viewer => viewer !== null && viewer.scopes.includes(scope);

/**
 * The caller, when its key carries the scope; `UNAUTHENTICATED` without a key and `FORBIDDEN` without
 * the scope, each saying what `action` needs.
 */
export function requireScope(viewer: Viewer | null, scope: Scope, action: string): Viewer {
  if (!viewer) throw new UserError(ErrorCode.UNAUTHENTICATED, `${action} needs an API key with the ${scope} scope (Authorization: Bearer <key>).`);
  if (!viewer.scopes.includes(scope)) throw new UserError(ErrorCode.FORBIDDEN, `${action} needs the ${scope} scope, which this API key lacks.`);
  return viewer;
}

/** Whether the caller belongs to the organization that owns a record's source. */
export const ownsSource = (viewer: Viewer | null, sourceOrganizationId: number | null | undefined): viewer is Viewer =>
  viewer !== null && sourceOrganizationId != null && viewer.organizationId === sourceOrganizationId;

// Who reads personal and private data (canReadPrivate, canReadPersonalData, privateReaderOf) is decided in privacy/readers.ts.

/** Merging and erasure: the organization owning the record's source (with `write`), or a key with `curate`. */
export function requireCurator(viewer: Viewer | null, ownerOrganizationId: number | null, what: string): Viewer {
  if (!viewer) throw new UserError(ErrorCode.UNAUTHENTICATED, `${what} needs an API key (Authorization: Bearer <key>).`);
  if (viewer.scopes.includes('curate')) return viewer;
  if (ownsSource(viewer, ownerOrganizationId) && viewer.scopes.includes('write')) return viewer;
  throw new UserError(
    ErrorCode.FORBIDDEN,
    `${what} is allowed to the organization that owns the record's source (with the write scope), or to a key with the curate scope.`,
  );
}
