import { FcShareChartDocument, type IndicatorKind, type KitchenKind } from '@food-commons/client';
import { Task } from '@lit/task';
import { deepArrayEquals } from '@lit/task/deep-equals.js';
import { type PropertyDeclarations } from 'lit';
import { graphql, splitList } from '../internal/api.js';
import type { FcShareChartEvents } from '../events.js';
import { FcElement } from '../internal/base.js';
import { currencyFor, localInput, measureInput } from '../internal/stats.js';
import { baseStyles } from '../internal/styles.js';
import { styles } from './fc-share-chart.styles.js';
import type { ChartData } from './share-chart-view.js';

/** The drawing code (d3) is its own chunk, loaded when a chart first needs it. */
let viewModule: Promise<typeof import('./share-chart-view.js')> | undefined;
const loadView = () => (viewModule ??= import('./share-chart-view.js'));

/**
 * Organic and local share of deliveries per year (Σ/Σ from delivery lines, by value or weight),
 * with the municipality's goal as a dashed line from baseline to target. The same numbers are in an
 * accessible data table below the chart.
 *
 * @tagname fc-share-chart
 * @summary Organic and local share over time, with the goal's target line.
 * @fires fc-load - Statistics loaded; `detail.years` is how many years.
 * @fires fc-error - Loading failed; `detail.message` says why.
 * @csspart base - The wrapper of everything.
 * @csspart chart - The SVG chart.
 * @csspart legend - The legend.
 * @csspart table - The data table.
 * @csspart state - Loading, empty and error messages.
 * @cssprop --fc-organic - Organic share line (default #1f6f43).
 * @cssprop --fc-local - Local share line (default #0b5394).
 * @cssprop --fc-grid - Grid and axis lines (default #d0d0d0).
 * @cssprop --fc-chart-height - Maximum chart height (default 320px).
 */
export class FcShareChart extends FcElement<FcShareChartEvents> {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    category: { type: String },
    kitchenKind: { type: String, attribute: 'kitchen-kind' },
    measure: { type: String },
    local: { type: String },
    localKm: { type: Number, attribute: 'local-km' },
    show: { type: String },
  };

  /** Category codes (comma list) to count, e.g. "vegetables,dairy". */
  declare category: string;
  /** Kitchen kinds (comma list), e.g. "SCHOOL,PRESCHOOL". */
  declare kitchenKind: string;
  /** "value" (default, excluding VAT) or "weight" (kg). */
  declare measure: string;
  /** Definition of local: same-municipality (default), same-region, within-km, same-country. */
  declare local: string;
  /** Kilometres for `local="within-km"` (default 50). */
  declare localKm: number | undefined;
  /** Which series: "organic,local" (default), "organic" or "local". */
  declare show: string;

  constructor() {
    super();
    this.category = '';
    this.kitchenKind = '';
    this.measure = 'value';
    this.local = 'same-municipality';
    this.localKm = undefined;
    this.show = 'organic,local';
  }

  private readonly stats = new Task(this, {
    // Arguments are arrays and objects built per render: compare them by value, not identity.
    argsEqual: deepArrayEquals,
    task: async ([api, municipality, category, kitchenKind, measure, local, lang], { signal }) => {
      const filter = {
        ...(municipality.length ? { municipality } : {}),
        ...(category.length ? { category } : {}),
        ...(kitchenKind.length ? { kitchenKind } : {}),
      };
      const [data, view] = await Promise.all([graphql(
        api,
        FcShareChartDocument,
        {
          filter,
          local,
          measure,
          currency: currencyFor(municipality, measure),
          goals: municipality.length ? { municipality } : { ownerKind: ['NATION'] },
          lang,
        },
        signal,
      ), loadView()]);
      const rows = data.deliveryStats.rows.filter((r) => r.year !== null).sort((a, b) => a.year! - b.year!);
      const goals = data.goals.edges.map((e) => e.node);
      const pick = (kind: IndicatorKind) => goals.filter((g) => g.indicator.kind === kind).sort((a, b) => a.targetYear - b.targetYear)[0];
      this.emit('fc-load', { years: rows.length });
      return { data: { rows, goals: { organic: pick('ORGANIC_SHARE'), local: pick('LOCAL_SHARE') } } satisfies ChartData, view };
    },
    args: () =>
      [
        this.api,
        this.municipalities,
        splitList(this.category),
        // An unknown kind goes to the API as written, which refuses it with a message the element shows.
        splitList(this.kitchenKind).map((k) => k.toUpperCase() as KitchenKind),
        measureInput(this.measure),
        localInput(this.local, this.localKm),
        this.language,
      ] as const,
  });

  private get series(): ('organic' | 'local')[] {
    const s = splitList(this.show).map((v) => v.toLowerCase());
    return (['organic', 'local'] as const).filter((k) => s.length === 0 || s.includes(k));
  }

  protected override renderContent() {
    return this.stats.render({
      initial: () => this.renderLoading(),
      pending: () => this.renderLoading(),
      error: (e) => this.failed(e, () => void this.stats.run()),
      complete: ({ data, view }) => (data.rows.length === 0 ? this.renderEmpty() : view.renderShareChart(data, this.l10n, this.series)),
    });
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'fc-share-chart': FcShareChart;
  }
}
