import { type FoodCommonsClient, type LocalDefinition, SharesByMunicipalityYearDocument } from '@food-commons/client';

export interface SharesOptions {
  /** Municipality codes; all municipalities when empty. */
  municipalities?: string[];
  /** The definition of local, e.g. { definition: 'WITHIN_KM', km: 50 }. */
  local?: { definition: LocalDefinition; km?: number };
  /** Convert money to one currency with the stored annual rates; per currency otherwise. */
  currency?: 'NOK' | 'SEK' | 'EUR' | 'DKK' | 'PLN';
}

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

const field = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Organic and local shares by municipality and year, as CSV text (RFC 4180, shares 0–1). */
export async function sharesCsv(client: FoodCommonsClient, options: SharesOptions = {}): Promise<string> {
  const data = await client.request(SharesByMunicipalityYearDocument, {
    filter: options.municipalities?.length ? { municipality: options.municipalities } : null,
    local: options.local ?? { definition: 'SAME_MUNICIPALITY' },
    currency: options.currency ?? null,
  });
  const lines = [SHARES_COLUMNS.join(',')];
  for (const r of data.deliveryStats.rows) {
    lines.push(
      [
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
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
