/**
 * The arguments of the delivery statistics the chart, kitchen and ranking elements read
 * (`deliveryStats`; their rows are the client's `FcStatsRow` fragment), and the line that names how
 * their shares are measured.
 */
import type { Currency, LocalDefinition, LocalInput, Measure } from '@food-commons/client';
import { html, nothing } from 'lit';
import type { Localizer, MessageKey } from './i18n.js';

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

/** The definition of local in words: "Lokal: samme kommune", "Local: within 50 km". */
export const localText = (l: Localizer, local: LocalInput) => l.t(`local_${local.definition}` as MessageKey, { km: local.km ?? 50 });

/**
 * The line under a chart or figures that says how its shares are measured: the definition of local
 * (when a local share is shown), the kitchen kinds counted (when not all) and "by weight" (when not
 * by value). Every element showing a local share shows it, so two figures on one page never differ
 * without saying why.
 */
export function definitionLine(l: Localizer, local: LocalInput | null, measure: Measure, kinds: readonly string[] = []) {
  const text = [local && localText(l, local), kinds.map((k) => l.t(`kk_${k}` as MessageKey)).join(', '), measure === 'WEIGHT' && l.t('byWeight')]
    .filter(Boolean)
    .join(' · ');
  return text ? html`<p class="muted definition" part="definition">${text}</p>` : nothing;
}
