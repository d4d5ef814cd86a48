/**
 * The SVG drawing of <fc-share-chart>, loaded lazily as its own chunk with d3-array's ticks, so
 * pages without a chart do not download them. The scales are linear maps over d3-array's nice
 * domains and ticks: d3-scale's linear scale would bring d3-interpolate, d3-color and d3-format
 * along (three times the chart's weight) for what is one multiplication here; the lines are plain
 * polylines (d3-shape's `line` and its path builder weighed a third of the chunk).
 * Also here: which goal each series draws, and how the series is then measured (`planSeries`).
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Localizer } from '../internal/i18n.js';
import type { FcGoalBasisFragment, FcStatsRowFragment, KitchenKind, LocalInput, Measure } from '@food-commons/client';
import { linear, niceDomain, polyline } from './scale.js';

export type StatsRow = FcStatsRowFragment;
export type ChartGoal = FcGoalBasisFragment;
type Key = 'organic' | 'local';

/** How the chart's series are measured: the arguments of its `deliveryStats` request. */
export interface Basis {
  local: LocalInput;
  measure: Measure;
  category: string[];
  kitchenKind: KitchenKind[];
}

/** What the element's attributes ask for; null where an attribute is unset (then the goal decides). */
export interface Wanted {
  local: LocalInput | null;
  measure: Measure | null;
  category: string[] | null;
  kitchenKind: KitchenKind[] | null;
}

export interface ChartPlan {
  basis: Basis;
  /** The goals drawn: each measured as the series is, over the chart's own municipalities. */
  goals: { organic?: ChartGoal; local?: ChartGoal };
}

export interface ChartData extends ChartPlan {
  rows: StatsRow[];
}

/**
 * What another module adds to the chart (the reported values: reported-marks.ts): legend entries,
 * marks over the series, values the y axis must reach, columns of the data table, a sentence for the
 * chart's label and notes under it. Every part is optional.
 */
export interface ChartLayer {
  legend?: unknown;
  /** Shares (0–1) the y axis must reach. */
  values?: number[];
  marks?: (x: (year: number) => number, y: (share: number) => number) => unknown;
  head?: unknown;
  cells?: (year: number) => unknown;
  summary?: string;
  notes?: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v) => b.includes(v));

/** The goal indicator's definition of local, as the `local` argument. */
const goalLocal = (i: ChartGoal['indicator']): LocalInput =>
  i.localDefinition === 'WITHIN_KM' ? { definition: 'WITHIN_KM', km: i.localKm ?? 50 } : { definition: i.localDefinition ?? 'SAME_MUNICIPALITY' };

/** The municipality's own goal first, then a project's; a region's or country's goal is never drawn. */
const OWNER_RANK: Partial<Record<ChartGoal['ownerKind'], number>> = { MUNICIPALITY: 1, PROJECT: 2 };

/**
 * How the series are measured and which goals they draw. A goal is drawn only when its progress
 * measures exactly what the chart shows: the same municipalities (its own, or its project's; a
 * region's or country's goal covers more than the chart), and the measure, categories, kitchen kinds
 * and (for the local share) definition of local of its indicator — attributes left unset follow the
 * goal, attributes set must agree with it. The municipality's own goal wins over a project's, the
 * nearest target over later ones; the local goal decides how both series are measured (the organic
 * share does not depend on the definition of local), and an organic goal measured otherwise is not drawn.
 */
export function planChart(keys: Key[], goals: ChartGoal[], municipalities: string[], want: Wanted): ChartPlan {
  const pick = (key: Key, w: Wanted) =>
    keys.includes(key)
      ? goals
          .filter(
            (g) =>
              g.indicator.kind === (key === 'organic' ? 'ORGANIC_SHARE' : 'LOCAL_SHARE') &&
              OWNER_RANK[g.ownerKind] &&
              sameSet(g.municipality ? [g.municipality.code] : (g.project?.municipalities.map((m) => m.code) ?? []), municipalities),
          )
          .sort((a, b) => OWNER_RANK[a.ownerKind]! - OWNER_RANK[b.ownerKind]! || a.targetYear - b.targetYear)
          .find(
            ({ indicator: i }) =>
              (!w.measure || w.measure === (i.measure ?? 'VALUE')) &&
              (!w.category || sameSet(w.category, i.categoryCodes)) &&
              (!w.kitchenKind || sameSet(w.kitchenKind, i.kitchenKinds)) &&
              (key === 'organic' || !w.local || (w.local.definition === goalLocal(i).definition && w.local.km === goalLocal(i).km)),
          )
      : undefined;
  const basisOf = (g: ChartGoal | undefined): Basis => ({
    local: g?.indicator.kind === 'LOCAL_SHARE' ? goalLocal(g.indicator) : (want.local ?? { definition: 'SAME_MUNICIPALITY' }),
    measure: g ? (g.indicator.measure ?? 'VALUE') : (want.measure ?? 'VALUE'),
    category: g ? g.indicator.categoryCodes : (want.category ?? []),
    kitchenKind: g ? g.indicator.kitchenKinds : (want.kitchenKind ?? []),
  });
  const local = pick('local', want);
  const organic = pick('organic', local ? basisOf(local) : want);
  return { basis: basisOf(local ?? organic), goals: { organic, local } };
}

const W = 640;
const H = 300;
const M = { top: 16, right: 24, bottom: 28, left: 44 };

const toShare = (g: ChartGoal, v: number | string) => (g.indicator.unit === 'percent' || g.indicator.unit === '%' ? Number(v) / 100 : Number(v));

/** The chart, its legend, the line naming how it measures (`definition`), and its data table; `layer` adds to them. */
export function renderShareChart(d: ChartData, l: Localizer, series: Key[], definition: TemplateResult | typeof nothing, layer: ChartLayer = {}) {
  // A row's share of a series, and its name: `organicShare` and `localShare` in both.
  const share = (r: StatsRow, k: Key) => r[`${k}Share`];
  const goalOf = (k: Key) => d.goals[k];
  const years = d.rows.map((r) => r.year!);
  const goalYears = series.flatMap((k) => {
    const g = goalOf(k);
    return g ? [g.targetYear, ...(g.baselineYear ? [g.baselineYear] : [])] : [];
  });
  const x0 = Math.min(...years, ...goalYears);
  const x1 = Math.max(...years, ...goalYears);
  const maxValue = Math.max(
    0.1,
    ...d.rows.flatMap((r) => series.map((k) => share(r, k) ?? 0)),
    ...series.flatMap((k) => {
      const g = goalOf(k);
      return g ? [toShare(g, g.targetValue)] : [];
    }),
    ...(layer.values ?? []),
  );
  const x = linear(x0 === x1 ? [x0 - 1, x1 + 1] : [x0, x1], [M.left, W - M.right]);
  // Extended to round tick values, as d3-scale's `nice()` does: 0–0.66 becomes 0–0.7.
  const y = linear(niceDomain(0, Math.min(1, maxValue * 1.1)), [H - M.bottom, M.top]);
  const xTicks = x.ticks(Math.min(10, x1 - x0 + 1)).filter((t) => Number.isInteger(t));
  const yTicks = y.ticks(5);
  const path = (k: Key) => polyline(d.rows.map((r) => (r.suppressed || share(r, k) === null ? null : [x(r.year!), y(share(r, k)!)])));
  const label = (k: Key) => l.t(`${k}Share`);
  const goalLine = (k: Key) => {
    const g = goalOf(k);
    if (!g) return nothing;
    const target = toShare(g, g.targetValue);
    const start: [number, number] = g.baselineYear !== null && g.baselineValue !== null ? [g.baselineYear, toShare(g, g.baselineValue)] : [x0, target];
    const goalPath = polyline([
      [x(start[0]), y(start[1])],
      [x(g.targetYear), y(target)],
    ]);
    return svg`<g class="target ${k}"><path d=${goalPath}></path>
      <text x=${x(g.targetYear) - 4} y=${y(target) - 6} text-anchor="end">${l.t('goalLine')}: ${l.formatPercent(target)} (${g.targetYear})</text></g>`;
  };
  const summary = series
    .map((k) => {
      const last = [...d.rows].reverse().find((r) => !r.suppressed && share(r, k) !== null);
      return last ? `${label(k)} ${last.year}: ${l.formatPercent(share(last, k)!)}` : '';
    })
    .concat(layer.summary ?? '')
    .filter(Boolean)
    .join('; ');
  return html`<figure>
    <ul class="legend" part="legend">
      ${series.map((k) => html`<li><span class="swatch ${k}"></span>${label(k)}</li>`)}
      ${series.some((k) => goalOf(k)) ? html`<li><span class="swatch dashed"></span>${l.t('goalLine')}</li>` : nothing} ${layer.legend}
    </ul>
    <svg class="chart" part="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${l.t('chartLabel')}. ${summary}">
      <g class="grid">${yTicks.map((t) => svg`<line x1=${M.left} x2=${W - M.right} y1=${y(t)} y2=${y(t)}></line>`)}</g>
      <g class="axis">
        ${yTicks.map((t) => svg`<text x=${M.left - 6} y=${y(t) + 4} text-anchor="end">${l.formatPercent(t)}</text>`)}
        ${xTicks.map((t) => svg`<text x=${x(t)} y=${H - M.bottom + 18} text-anchor="middle">${t}</text>`)}
      </g>
      ${series.map((k) => goalLine(k))}
      ${series.map(
        (k) => svg`<g class="series ${k}"><path d=${path(k)}></path>
          ${d.rows.filter((r) => !r.suppressed && share(r, k) !== null).map((r) => svg`<circle cx=${x(r.year!)} cy=${y(share(r, k)!)} r="3.5"></circle>`)}</g>`,
      )}
      ${layer.marks?.(x, y)}
    </svg>
    ${definition} ${layer.notes?.map((n) => html`<p class="muted definition">${n}</p>`)}
    <details>
      <summary>${l.t('dataTable')}</summary>
      <table part="table">
        <caption>${l.t('chartLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">${l.t('year')}</th>
            ${series.map((k) => html`<th scope="col" class="num">${label(k)}</th>`)}
            <th scope="col" class="num">${l.t('lines')}</th>
            ${layer.head}
          </tr>
        </thead>
        <tbody>
          ${d.rows.map(
            (r) => html`<tr>
              <th scope="row">${r.year}</th>
              ${
                r.suppressed
                  ? html`<td class="num" colspan=${series.length + 1}>${l.t('suppressed')}</td>`
                  : html`${series.map((k) => html`<td class="num">${share(r, k) === null ? '–' : l.formatPercent(share(r, k)!)}</td>`)}
                    <td class="num">${r.lines === null ? '–' : l.formatNumber(r.lines)}</td>`
              }
              ${layer.cells?.(r.year!)}
            </tr>`,
          )}
          ${series.map((k) => {
            const g = goalOf(k);
            return g
              ? html`<tr class="goal ${k}">
                  <th scope="row">${l.t('goalLine')} ${g.targetYear}</th>
                  <td class="num" colspan=${series.length + 1}>${g.title}: ${l.formatPercent(toShare(g, g.targetValue))}</td>
                </tr>`
              : nothing;
          })}
        </tbody>
      </table>
    </details>
  </figure>`;
}
