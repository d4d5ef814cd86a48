/**
 * Who reads personal and private data besides the public (DESIGN "Personal data", "Delivery lines
 * are not public"). The scopes and the checks that refuse a call stay in `access/policy.ts`; these
 * decide what a caller is shown.
 */
import { type Viewer, hasScope, ownsSource } from '../access/policy.js';

/**
 * Delivery lines, and statistics cells smaller than the suppression threshold, are private: only the
 * source's own organization sees them, with a key that carries `read:private`.
 */
export const canReadPrivate = (viewer: Viewer | null, sourceOrganizationId: number | null | undefined): boolean =>
  ownsSource(viewer, sourceOrganizationId) && viewer.scopes.includes('read:private');

/** The organization whose own sources' private data the caller may read, if any. */
export const privateReaderOf = (viewer: Viewer | null): number | null => (hasScope(viewer, 'read:private') ? viewer.organizationId : null);

/**
 * Personal data (a contact person; a sole trader's name, identity number, exact location) is shown
 * whole only to the organization owning the record's source; to everyone else only with the
 * person's consent.
 */
export const canReadPersonalData = (viewer: Viewer | null, sourceOrganizationId: number | null | undefined): boolean =>
  ownsSource(viewer, sourceOrganizationId);
