/** The delivery statistics the chart, kitchen and ranking elements read (`deliveryStats`). */

export const LOCAL_DEFINITIONS = ['SAME_MUNICIPALITY', 'SAME_REGION', 'WITHIN_KM', 'SAME_COUNTRY'] as const;

export interface StatsRow {
  year: number | null;
  currency: string | null;
  municipality: { code: string; name: string | null } | null;
  total: number | null;
  organicShare: number | null;
  localShare: number | null;
  localShareOfKnown: number | null;
  lines: number | null;
  suppressed: boolean;
}

export const STATS_ROW_FIELDS = 'year currency municipality { code name } total organicShare localShare localShareOfKnown lines suppressed';

/** `local` argument from the `local` / `local-km` attributes (default: same municipality). */
export function localInput(local: string, km: number | undefined): { definition: string; km?: number } {
  const definition = local.trim().toUpperCase().replace(/-/g, '_') || 'SAME_MUNICIPALITY';
  return definition === 'WITHIN_KM' ? { definition, km: km && km > 0 ? km : 50 } : { definition };
}

/** `measure` from the attribute: VALUE (money excluding VAT, default) or WEIGHT (kg). */
export const measureInput = (measure: string) => (measure.trim().toUpperCase() === 'WEIGHT' ? 'WEIGHT' : 'VALUE');

/**
 * Shares are only comparable within one currency: when the municipalities span countries, convert
 * money to EUR (the API uses its stored exchange rates) — by weight no currency is needed.
 */
export function currencyFor(municipalities: string[], measure: string): string | undefined {
  if (measure === 'WEIGHT') return undefined;
  const countries = new Set(municipalities.map((m) => m.slice(0, 2).toUpperCase()));
  return countries.size > 1 || municipalities.length === 0 ? 'EUR' : undefined;
}
