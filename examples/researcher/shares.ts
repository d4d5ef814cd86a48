import { type FoodCommonsClient, type LocalDefinition, SharesByMunicipalityYearDocument } from '@food-commons/client';

export interface SharesOptions {
  /** Municipality codes; all municipalities when empty. */
  municipalities?: string[];
  /** The definition of local, e.g. { definition: 'WITHIN_KM', km: 50 }. */
  local?: { definition: LocalDefinition; km?: number };
  /** Convert money to one currency with the stored annual rates; per currency otherwise. */
  currency?: Currency;
}

export const CURRENCIES = ['NOK', 'SEK', 'EUR', 'DKK', 'PLN'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const LOCAL_DEFINITIONS = ['SAME_MUNICIPALITY', 'SAME_REGION', 'SAME_COUNTRY', 'WITHIN_KM'] as const satisfies readonly LocalDefinition[];

/** The columns, and which of them hold text (the others hold numbers or true/false). */
export const SHARES_COLUMNS = [
  'municipality_code',
  'municipality_name',
  'year',
  'currency',
  'suppressed',
  'lines',
  'total',
  'organic',
  'organic_share',
  'local',
  'local_share',
  'local_share_of_known',
  'unknown_origin',
] as const;
const TEXT_COLUMNS = new Set<string>(['municipality_code', 'municipality_name', 'currency']);

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (it starts with =, +, -, @,
 * a tab or a carriage return, possibly after single quotes) gets a leading ' and quotes, as the API's
 * open-data export writes it (OWASP "CSV injection"); numbers are never prefixed, so -1.5 stays a
 * number. Taking the first ' off gives the original text back.
 */
export function csvCell(value: unknown, text = true): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  const quoted = `"${s.replace(/"/g, '""')}"`;
  if (text && /^'*[=+\-@\t\r]/.test(s)) return `"'${quoted.slice(1)}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? quoted : s;
}

/** Organic and local shares by municipality and year, as CSV text (RFC 4180, shares 0–1). */
export async function sharesCsv(client: FoodCommonsClient, options: SharesOptions = {}): Promise<string> {
  const data = await client.request(SharesByMunicipalityYearDocument, {
    filter: options.municipalities?.length ? { municipality: options.municipalities } : null,
    local: options.local ?? { definition: 'SAME_MUNICIPALITY' },
    currency: options.currency ?? null,
  });
  const lines = [SHARES_COLUMNS.join(',')];
  for (const r of data.deliveryStats.rows) {
    const values = [
      r.municipality?.code,
      r.municipality?.name,
      r.year,
      r.currency,
      r.suppressed,
      r.lines,
      r.total,
      r.organic,
      r.organicShare,
      r.local,
      r.localShare,
      r.localShareOfKnown,
      r.unknownOrigin,
    ];
    lines.push(values.map((v, i) => csvCell(v, TEXT_COLUMNS.has(SHARES_COLUMNS[i]!))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
