import {
  FcKitchensDocument,
  FcSharesByYearDocument,
  type FcKitchensQuery,
  type FcStatsRowFragment,
  type KitchenKind,
  type LocalInput,
  type Measure,
} from '@food-commons/client';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { graphql, sameArgs, splitList } from '../internal/api.js';
import type { FcKitchenStatsEvents } from '../events.js';
import { FcElement } from '../internal/base.js';
import type { MessageKey } from '../internal/i18n.js';
import { currencyFor, definitionLine, localInput, measureInput } from '../internal/stats.js';
import { baseStyles } from '../internal/styles.js';
import { styles } from './fc-kitchen-stats.styles.js';

type KitchenNode = FcKitchensQuery['kitchens']['edges'][number]['node'];
interface KitchenData {
  local: LocalInput;
  measure: Measure;
  count: number;
  meals: number;
  byKind: { kind: KitchenKind; count: number; meals: number }[];
  shares: FcStatsRowFragment | undefined;
}

/**
 * Key figures of a municipality's public kitchens: how many, meals served per day, by kind, and the
 * organic and local share of their deliveries in the latest complete year, with the definition of
 * local named below the figures.
 *
 * @tagname fc-kitchen-stats
 * @summary Kitchens, meals per day and shares.
 * @fires fc-load - Figures loaded; `detail.kitchens` and `detail.mealsPerDay`.
 * @fires fc-error - Loading failed; `detail.message` says why.
 * @csspart base - The wrapper of everything.
 * @csspart figures - The key figures.
 * @csspart definition - The line naming the definition of local (and "by weight").
 * @csspart table - Kitchens by kind.
 * @csspart state - Loading, empty and error messages.
 * @cssprop --fc-figure - Colour of the big numbers (default #1b1b1b).
 * @cssprop --fc-border - Borders (default #8a8a8a).
 */
export class FcKitchenStats extends FcElement<FcKitchenStatsEvents> {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    kitchenKind: { type: String, attribute: 'kitchen-kind' },
    measure: { type: String },
    local: { type: String },
    localKm: { type: Number, attribute: 'local-km' },
  };

  /** Kitchen kinds (comma list), e.g. "SCHOOL,PRESCHOOL". */
  declare kitchenKind: string;
  /** Shares by "value" (default) or "weight". */
  declare measure: string;
  /** Definition of local: same-municipality (default), same-region, within-km, same-country. */
  declare local: string;
  /** Kilometres for `local="within-km"`. */
  declare localKm: number | undefined;

  constructor() {
    super();
    this.kitchenKind = '';
    this.measure = 'value';
    this.local = 'same-municipality';
    this.localKm = undefined;
  }

  private readonly data = new Task(this, {
    // Arguments are arrays and objects built per render: compare them by value, not identity.
    argsEqual: sameArgs,
    task: async ([api, municipality, kind, measure, local], { signal }) => {
      const filter = { ...(municipality.length ? { municipality } : {}), ...(kind.length ? { kind } : {}) };
      const kitchens: KitchenNode[] = [];
      let after: string | null = null;
      let count = 0;
      // At most 100 per page: follow the pages (a municipality has tens to a few hundred kitchens).
      for (let page = 0; page < 50; page++) {
        const d: FcKitchensQuery = await graphql(api, FcKitchensDocument, { filter, after }, signal);
        count = d.kitchens.totalCount;
        kitchens.push(...d.kitchens.edges.map((e) => e.node));
        if (!d.kitchens.pageInfo.hasNextPage) break;
        after = d.kitchens.pageInfo.endCursor;
      }
      const stats = await graphql(
        api,
        FcSharesByYearDocument,
        {
          filter: { ...(municipality.length ? { municipality } : {}), ...(kind.length ? { kitchenKind: kind } : {}) },
          local,
          measure,
          currency: currencyFor(municipality, measure),
        },
        signal,
      );
      const thisYear = new Date().getFullYear();
      const years = stats.deliveryStats.rows.filter((r) => r.year !== null && !r.suppressed).sort((a, b) => b.year! - a.year!);
      const shares = years.find((r) => r.year! < thisYear) ?? years[0];
      const byKind = new Map<KitchenKind, { kind: KitchenKind; count: number; meals: number }>();
      for (const k of kitchens) {
        const row = byKind.get(k.kind) ?? { kind: k.kind, count: 0, meals: 0 };
        row.count++;
        row.meals += k.mealsPerDay ?? 0;
        byKind.set(k.kind, row);
      }
      const meals = kitchens.reduce((s, k) => s + (k.mealsPerDay ?? 0), 0);
      this.emit('fc-load', { kitchens: count, mealsPerDay: meals });
      return { local, measure, count, meals, byKind: [...byKind.values()].sort((a, b) => b.meals - a.meals), shares } satisfies KitchenData;
    },
    args: () =>
      [
        this.api,
        this.municipalities,
        // An unknown kind goes to the API as written, which refuses it with a message the element shows.
        splitList(this.kitchenKind).map((k) => k.toUpperCase() as KitchenKind),
        measureInput(this.measure),
        localInput(this.local, this.localKm),
      ] as const,
  });

  protected override renderContent() {
    return this.renderTask(this.data, (d) => (d.count === 0 ? this.renderEmpty() : this.renderFigures(d)));
  }

  private renderFigures(d: KitchenData) {
    const l = this.l10n;
    const s = d.shares;
    return html`<dl class="figures" part="figures">
        <div><dt>${l.t('kitchens')}</dt><dd>${l.formatNumber(d.count)}</dd></div>
        <div><dt>${l.t('mealsPerDay')}</dt><dd>${l.formatNumber(d.meals)}</dd></div>
        ${s && s.organicShare !== null ? html`<div><dt>${l.t('organicShare')} ${s.year}</dt><dd>${l.formatPercent(s.organicShare)}</dd></div>` : nothing}
        ${s && s.localShare !== null ? html`<div><dt>${l.t('localShare')} ${s.year}</dt><dd>${l.formatPercent(s.localShare)}</dd></div>` : nothing}
      </dl>
      ${s ? definitionLine(l, s.localShare === null ? null : d.local, d.measure) : nothing}
      <table part="table">
        <caption>${l.t('kitchens')}</caption>
        <thead>
          <tr>
            <th scope="col">${l.t('kind')}</th>
            <th scope="col" class="num">${l.t('kitchens')}</th>
            <th scope="col" class="num">${l.t('mealsPerDay')}</th>
          </tr>
        </thead>
        <tbody>
          ${d.byKind.map(
            (k) => html`<tr>
              <th scope="row">${l.t(`kk_${k.kind}` as MessageKey)}</th>
              <td class="num">${l.formatNumber(k.count)}</td>
              <td class="num">${l.formatNumber(k.meals)}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-kitchen-stats': FcKitchenStats;
  }
}
