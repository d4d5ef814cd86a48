import type { CertificationScheme } from '../generated/prisma/enums.js';

/**
 * The schemes that certify organic production under the EU organic rules. MSC, ASC, Nyt Norge,
 * Svenskt Sigill and the like are other labels, never organic. One scheme of this list is accepted as
 * equivalent to another where a tender asks for one "or equivalent".
 */
export const ORGANIC_SCHEMES: readonly CertificationScheme[] = ['EU_ORGANIC', 'KRAV', 'DEBIO', 'OE_MAERKET', 'LUOMU'];

/** Whether the scheme certifies organic production. */
export const isOrganicScheme = (scheme: CertificationScheme): boolean => ORGANIC_SCHEMES.includes(scheme);
