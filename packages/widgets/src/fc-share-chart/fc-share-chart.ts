import { FcShareChartDocument, FcSharesByYearDocument, type KitchenKind } from '@food-commons/client';
import { Task } from '@lit/task';
import { type PropertyDeclarations } from 'lit';
import { graphql, sameArgs, splitList } from '../internal/api.js';
import type { FcShareChartEvents } from '../events.js';
import { FcElement } from '../internal/base.js';
import { currencyFor, definitionLine, localInput, measureInput } from '../internal/stats.js';
import { baseStyles } from '../internal/styles.js';
import { styles } from './fc-share-chart.styles.js';
import type { ChartData } from './share-chart-view.js';

/** The drawing code (d3) is its own chunk, loaded when a chart first needs it. */
let viewModule: Promise<typeof import('./share-chart-view.js')> | undefined;
const loadView = () => (viewModule ??= import('./share-chart-view.js'));

/**
 * Organic and local share of deliveries per year (Σ/Σ from delivery lines, by value or weight),
 * with the goal of the place as a dashed line from baseline to target. A goal's line is drawn only
 * over a series measured the way the goal measures it (its indicator's definition of local, measure,
 * kitchen kinds and categories, over the goal's own municipalities): attributes left unset follow the
 * goal, and a goal that an attribute contradicts is not drawn. The municipality's own goal wins over
 * a project's; a region's or country's goal is measured over the whole region or country, so it is
 * never drawn over one municipality's shares. The chart names its definition of local, and the same
 * numbers are in an accessible data table below it.
 *
 * With `reported`, the values reported for the municipality (national statistics such as Kolada's
 * U07409, the municipality's own figures) are drawn as marks beside the computed shares — one shape
 * per indicator, hollow when provisional or estimated, none in a year without a report — named with
 * their source in the legend, and with their value, status and source in the data table. They are
 * one more request, made only when the attribute is set; if it fails, the chart stays as it is with
 * a note.
 *
 * @tagname fc-share-chart
 * @summary Organic and local share over time, with the goal's target line.
 * @fires fc-load - Statistics loaded; `detail.years` is how many years.
 * @fires fc-error - Loading failed; `detail.message` says why.
 * @csspart base - The wrapper of everything.
 * @csspart chart - The SVG chart.
 * @csspart legend - The legend.
 * @csspart definition - The line naming the definition of local (and "by weight").
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
    reported: { type: String },
  };

  /** Category codes (comma list) to count, e.g. "vegetables,dairy"; unset: the goal's, else all. */
  declare category: string;
  /** Kitchen kinds (comma list), e.g. "SCHOOL,PRESCHOOL"; unset: the goal's, else all. */
  declare kitchenKind: string;
  /** "value" (excluding VAT) or "weight" (kg); unset: the goal's, else value. */
  declare measure: string;
  /** Definition of local: same-municipality, same-region, within-km, same-country; unset: the local goal's, else same-municipality. */
  declare local: string;
  /** Kilometres for `local="within-km"` (default 50). */
  declare localKm: number | undefined;
  /** Which series: "organic,local" (default), "organic" or "local". */
  declare show: string;
  /**
   * Values reported for the municipality, drawn as marks beside the computed shares: indicator keys
   * (comma list) of figures in percent, e.g. "kolada_u07409" (Sweden's Kolada U07409); unset: none.
   */
  declare reported: string;

  constructor() {
    super();
    this.category = '';
    this.kitchenKind = '';
    this.measure = '';
    this.local = '';
    this.localKm = undefined;
    this.show = 'organic,local';
    this.reported = '';
  }

  private readonly stats = new Task(this, {
    // Arguments are arrays and objects built per render: compare them by value, not identity.
    argsEqual: sameArgs,
    task: async ([api, municipality, category, kitchenKind, measure, local, lang, keys, reported], { signal }) => {
      // Reported values: their own chunk and request; a failure leaves the chart as it is, with a note.
      const marks = reported.length
        ? import('./reported-marks.js').then((m) => m.fetchReported(graphql, api, reported, municipality, lang, signal)).catch(() => 'reportedFailed' as const)
        : undefined;
      // Only goals of the chart's own municipalities can be drawn: without any, there is none to ask for.
      const [goals, view] = await Promise.all([
        municipality.length ? graphql(api, FcShareChartDocument, { goals: { municipality }, lang }, signal).then((d) => d.goals.edges.map((e) => e.node)) : [],
        loadView(),
      ]);
      const plan = view.planChart(keys, goals, municipality, { category, kitchenKind, measure, local });
      const b = plan.basis;
      const filter = {
        ...(municipality.length ? { municipality } : {}),
        ...(b.category.length ? { category: b.category } : {}),
        ...(b.kitchenKind.length ? { kitchenKind: b.kitchenKind } : {}),
      };
      const data = await graphql(
        api,
        FcSharesByYearDocument,
        { filter, local: b.local, measure: b.measure, currency: currencyFor(municipality, b.measure) },
        signal,
      );
      const rows = data.deliveryStats.rows.filter((r) => r.year !== null).sort((a, c) => a.year! - c.year!);
      this.emit('fc-load', { years: rows.length });
      return { data: { ...plan, rows } satisfies ChartData, view, marks: await marks };
    },
    args: () =>
      [
        this.api,
        this.municipalities.map((m) => m.toUpperCase()),
        // Unset attributes are null: the goal decides them.
        this.category.trim() ? splitList(this.category) : null,
        // An unknown kind goes to the API as written, which refuses it with a message the element shows.
        this.kitchenKind.trim() ? splitList(this.kitchenKind).map((k) => k.toUpperCase() as KitchenKind) : null,
        this.measure.trim() ? measureInput(this.measure) : null,
        this.local.trim() ? localInput(this.local, this.localKm) : null,
        this.language,
        this.series,
        splitList(this.reported),
      ] as const,
  });

  private get series(): ('organic' | 'local')[] {
    const s = splitList(this.show).map((v) => v.toLowerCase());
    return (['organic', 'local'] as const).filter((k) => s.length === 0 || s.includes(k));
  }

  protected override renderContent() {
    return this.renderTask(this.stats, ({ data, view, marks }) => {
      if (data.rows.length === 0) return this.renderEmpty();
      const { local, measure, kitchenKind } = data.basis;
      return view.renderShareChart(
        data,
        this.l10n,
        this.series,
        definitionLine(this.l10n, this.series.includes('local') ? local : null, measure, kitchenKind),
        typeof marks === 'string'
          ? { notes: [this.l10n.t(marks)] }
          : marks?.layer(
              this.l10n,
              data.rows.map((r) => r.year!),
            ),
      );
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-share-chart': FcShareChart;
  }
}
