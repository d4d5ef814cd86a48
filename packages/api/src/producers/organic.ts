import type { CertificationScheme } from '../generated/prisma/enums.js';

/**
 * The schemes that certify organic production under the EU organic rules: the EU logo itself (the
 * one Estonia and Lithuania use, having no national organic logo of their own) and the national
 * logos that certify under the same regulation: KRAV (Sweden), Debio (Norway), Ø-mærket (Denmark),
 * Luomu (Finland) and the Bio-Siegel (Germany). MSC, ASC, Nyt Norge,
 * Svenskt Sigill and the like are other labels, never organic. One scheme of this list is accepted as
 * equivalent to another where a tender asks for one "or equivalent".
 */
export const ORGANIC_SCHEMES: readonly CertificationScheme[] = ['EU_ORGANIC', 'KRAV', 'DEBIO', 'OE_MAERKET', 'LUOMU', 'BIO_SIEGEL'];

/** Whether the scheme certifies organic production. */
export const isOrganicScheme = (scheme: CertificationScheme): boolean => ORGANIC_SCHEMES.includes(scheme);
