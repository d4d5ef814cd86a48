/**
 * The SVG drawing of <fc-share-chart>, loaded lazily as its own chunk with d3-array's ticks and
 * d3-shape's lines, so pages without a chart do not download them. The scales are linear maps over
 * d3-array's nice domains and ticks: d3-scale's linear scale would bring d3-interpolate, d3-color
 * and d3-format along (three times the chart's weight) for what is one multiplication here.
 */
import { line } from 'd3-shape';
import { html, nothing, svg } from 'lit';
import type { Localizer } from '../internal/i18n.js';
import type { FcShareChartQuery, FcStatsRowFragment } from '@food-commons/client';
import { linear, niceDomain } from './scale.js';

type StatsRow = FcStatsRowFragment;
export type ChartGoal = FcShareChartQuery['goals']['edges'][number]['node'];
export interface ChartData {
  rows: StatsRow[];
  goals: { organic?: ChartGoal; local?: ChartGoal };
}
type Goal = ChartGoal;

const W = 640;
const H = 300;
const M = { top: 16, right: 24, bottom: 28, left: 44 };


/** The chart, its legend and its data table. */
export function renderShareChart(d: ChartData, l: Localizer, series: ('organic' | 'local')[]) {
  const shareKey = { organic: 'organicShare', local: 'localShare' } as const;
  const goalOf = (k: 'organic' | 'local') => d.goals[k];
  const years = d.rows.map((r) => r.year!);
  const goalYears = series.flatMap((k) => {
    const g = goalOf(k);
    return g ? [g.targetYear, ...(g.baselineYear ? [g.baselineYear] : [])] : [];
  });
  const x0 = Math.min(...years, ...goalYears);
  const x1 = Math.max(...years, ...goalYears);
  const toShare = (g: Goal, v: number | string) => (g.indicator.unit === 'percent' || g.indicator.unit === '%' ? Number(v) / 100 : Number(v));
  const maxValue = Math.max(
    0.1,
    ...d.rows.flatMap((r) => series.map((k) => r[shareKey[k]] ?? 0)),
    ...series.flatMap((k) => {
      const g = goalOf(k);
      return g ? [toShare(g, g.targetValue)] : [];
    }),
  );
  const x = linear(x0 === x1 ? [x0 - 1, x1 + 1] : [x0, x1], [M.left, W - M.right]);
  // Extended to round tick values, as d3-scale's `nice()` does: 0–0.66 becomes 0–0.7.
  const y = linear(niceDomain(0, Math.min(1, maxValue * 1.1)), [H - M.bottom, M.top]);
  const xTicks = x.ticks(Math.min(10, x1 - x0 + 1)).filter((t) => Number.isInteger(t));
  const yTicks = y.ticks(5);
  const path = (k: 'organic' | 'local') =>
    line<StatsRow>()
      .defined((r) => !r.suppressed && r[shareKey[k]] !== null)
      .x((r) => x(r.year!))
      .y((r) => y(r[shareKey[k]] ?? 0))(d.rows) ?? '';
  const label = (k: 'organic' | 'local') => (k === 'organic' ? l.t('organicShare') : l.t('localShare'));
  const goalLine = (k: 'organic' | 'local') => {
    const g = goalOf(k);
    if (!g) return nothing;
    const target = toShare(g, g.targetValue);
    const start: [number, number] =
      g.baselineYear !== null && g.baselineValue !== null ? [g.baselineYear, toShare(g, g.baselineValue)] : [x0, target];
    const d3path = line()([
      [x(start[0]), y(start[1])],
      [x(g.targetYear), y(target)],
    ]);
    return svg`<g class="target ${k}"><path d=${d3path ?? ''}></path>
      <text x=${x(g.targetYear) - 4} y=${y(target) - 6} text-anchor="end">${l.t('goalLine')}: ${l.formatPercent(target)} (${g.targetYear})</text></g>`;
  };
  const summary = series
    .map((k) => {
      const last = [...d.rows].reverse().find((r) => !r.suppressed && r[shareKey[k]] !== null);
      return last ? `${label(k)} ${last.year}: ${l.formatPercent(last[shareKey[k]]!)}` : '';
    })
    .filter(Boolean)
    .join('; ');
  return html`<figure>
    <ul class="legend" part="legend">
      ${series.map((k) => html`<li><span class="swatch ${k}"></span>${label(k)}</li>`)}
      ${series.some((k) => goalOf(k)) ? html`<li><span class="swatch dashed"></span>${l.t('goalLine')}</li>` : nothing}
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
          ${d.rows
            .filter((r) => !r.suppressed && r[shareKey[k]] !== null)
            .map((r) => svg`<circle cx=${x(r.year!)} cy=${y(r[shareKey[k]]!)} r="3.5"></circle>`)}</g>`,
      )}
    </svg>
    <details>
      <summary>${l.t('dataTable')}</summary>
      <table part="table">
        <caption>${l.t('chartLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">${l.t('year')}</th>
            ${series.map((k) => html`<th scope="col" class="num">${label(k)}</th>`)}
            <th scope="col" class="num">${l.t('lines')}</th>
          </tr>
        </thead>
        <tbody>
          ${d.rows.map(
            (r) => html`<tr>
              <th scope="row">${r.year}</th>
              ${r.suppressed
                ? html`<td class="num" colspan=${series.length + 1}>${l.t('suppressed')}</td>`
                : html`${series.map((k) => html`<td class="num">${r[shareKey[k]] === null ? '–' : l.formatPercent(r[shareKey[k]]!)}</td>`)}
                    <td class="num">${r.lines === null ? '–' : l.formatNumber(r.lines)}</td>`}
            </tr>`,
          )}
          ${series.map((k) => {
            const g = goalOf(k);
            return g
              ? html`<tr>
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
