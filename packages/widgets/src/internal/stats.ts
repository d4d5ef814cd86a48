/**
 * The arguments of the delivery statistics the chart, kitchen and ranking elements read
 * (`deliveryStats`; their rows are the client's `FcStatsRow` fragment).
 */
import type { Currency, LocalDefinition, LocalInput, Measure } from '@food-commons/client';

/**
 * `local` argument from the `local` / `local-km` attributes (default: same municipality). Another
 * word is passed on as written: the API refuses it with a message the element's error state shows.
 */
export function localInput(local: string, km: number | undefined): LocalInput {
  const definition = (local.trim().toUpperCase().replace(/-/g, '_') || 'SAME_MUNICIPALITY') as LocalDefinition;
  return definition === 'WITHIN_KM' ? { definition, km: km && km > 0 ? km : 50 } : { definition };
}

/** `measure` from the attribute: VALUE (money excluding VAT, default) or WEIGHT (kg). */
export const measureInput = (measure: string): Measure => (measure.trim().toUpperCase() === 'WEIGHT' ? 'WEIGHT' : 'VALUE');

/**
 * Shares are only comparable within one currency: when the municipalities span countries, convert
 * money to EUR (the API uses its stored exchange rates) — by weight no currency is needed.
 */
export function currencyFor(municipalities: string[], measure: Measure): Currency | undefined {
  if (measure === 'WEIGHT') return undefined;
  const countries = new Set(municipalities.map((m) => m.slice(0, 2).toUpperCase()));
  return countries.size > 1 || municipalities.length === 0 ? 'EUR' : undefined;
}
