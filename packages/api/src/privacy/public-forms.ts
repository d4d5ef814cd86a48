/**
 * How a personal field may be published in the open-data export: only through one of these rules,
 * each an SQL expression over the kind's table alias `t` that withholds the value where the person
 * has not consented. `exports/kinds.ts` refuses a field marked personal or natural-person (see
 * `records/fields.ts` `Privacy`) whose export is not one of them, and any private field.
 */
export const PUBLIC_RULES = {
  /** A contact person's detail: only with the producer's contact consent and an exact (consented) location. */
  consent: (column: string) => `CASE WHEN t.contact_consent AND t.location_precision = 'EXACT' THEN t.${column} END`,
  /** A coordinate: the public one (a sole trader without consent at the municipality centre; `public-location.ts`). */
  'public-location': (column: string) => `t.public_${column}`,
  /** A street address: only where the location is published exactly. */
  'exact-location': (column: string) => `CASE WHEN t.location_precision = 'EXACT' THEN t.${column} END`,
  /** An organization's own detail: withheld when it is a natural person. */
  'unless-natural-person': (column: string) => `CASE WHEN t.natural_person THEN NULL ELSE t.${column} END`,
} as const;

export type PublicRule = keyof typeof PUBLIC_RULES;

/** The export form of a personal field under a rule, for the column it is stored in. */
export const publicForm = <R extends PublicRule>(rule: R, column: string, description?: string) =>
  ({ rule, sql: PUBLIC_RULES[rule](column), ...(description ? { description } : {}) }) as const;
