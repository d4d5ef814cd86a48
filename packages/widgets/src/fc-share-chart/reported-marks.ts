/**
 * The reported values of <fc-share-chart reported="…">: a chunk of its own, with its request, loaded
 * only by a chart that asks for them. Each indicator (and source) is one series of marks beside the
 * shares computed from the deliveries: a shape of its own (diamond, square, triangle), filled when
 * the figure is official or its status unknown, hollow when provisional or estimated. A year
 * without a report has no mark; nothing is drawn between marks.
 */
import { FcReportedValuesDocument, type ObservationStatus } from '@food-commons/client';
import { html, nothing, svg } from 'lit';
import type { graphql } from '../internal/api.js';
import type { Localizer, MessageKey } from '../internal/i18n.js';
import type { ChartLayer } from './share-chart-view.js';

interface Report {
  /** Share 0–1. */
  share: number;
  status: ObservationStatus | null;
}

interface Series {
  name: string;
  source: string;
  attribution: string | null;
  byYear: Map<number, Report>;
}

/** Shapes around (0, 0), one per series in turn, and their colours (at least 3:1 against white). */
const SHAPES = ['M0-6 6 0 0 6-6 0Z', 'M-4.5-4.5h9v9h-9Z', 'M0-6 5.5 4h-11Z'];
const COLOURS = ['#6a3d9a', '#8c4a00', '#1b1b1b'];

const hollow = (r: Report) => r.status === 'PROVISIONAL' || r.status === 'ESTIMATED';

const shape = (i: number, r: Report | null) =>
  svg`<path d=${SHAPES[i % 3]} fill=${r && hollow(r) ? '#fff' : COLOURS[i % 3]} stroke=${COLOURS[i % 3]} stroke-width="2"></path>`;

const swatch = (i: number, r: Report | null) => html`<svg class="mark" width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true">${shape(i, r)}</svg>`;

/**
 * Asks for the values reported for the chart's one municipality under the indicator keys `keys`
 * (one persisted query, sent with the element's `request`: this chunk does not bundle its own copy)
 * and groups them by indicator and source; the chart's layer is then built for its years. Only
 * yearly figures of the municipality itself in percent are drawn. A chart of several municipalities
 * (or of all) asks for nothing and says that reported values are shown for one at a time.
 */
export async function fetchReported(request: typeof graphql, api: string, keys: string[], municipalities: string[], lang: string, signal: AbortSignal) {
  if (municipalities.length !== 1) return { layer: (l: Localizer): ChartLayer => ({ notes: [l.t('reportedOne')] }) };
  const data = await request(
    api,
    FcReportedValuesDocument,
    { indicator: keys, municipality: municipalities, fromYear: new Date().getFullYear() - 30, lang },
    signal,
  );
  const all = new Map<string, Series>();
  for (const { node: o } of data.observations.edges) {
    const unit = o.indicator.unit;
    if (o.periodType !== 'YEAR' || o.kitchen || (unit !== 'percent' && unit !== '%')) continue;
    const source = o.facetSource ?? o.source;
    const id = `${keys.indexOf(o.indicator.key)} ${o.indicator.key} ${source.name}`;
    let s = all.get(id);
    if (!s) all.set(id, (s = { name: o.indicator.name, source: source.name, attribution: source.attribution, byYear: new Map() }));
    // Newer records of the same year replace older ones (oldest first).
    s.byYear.set(Number(o.date.slice(0, 4)), { share: Number(o.value) / 100, status: o.status });
  }
  const series = [...all.keys()].sort((a, b) => parseInt(a) - parseInt(b)).map((id) => all.get(id)!);
  return { layer: (l: Localizer, years: number[]) => reportedLayer(series, keys, l, years) };
}

function reportedLayer(all: Series[], keys: string[], l: Localizer, years: number[]): ChartLayer {
  // Only the chart's years: the marks stand beside the computed shares.
  const series = all.filter((s) => years.some((y) => s.byYear.has(y)));
  if (!series.length) return { notes: [l.t('reportedNone', { keys: keys.join(', ') })] };
  const at = (s: Series, y: number) => s.byYear.get(y) ?? null;
  const status = (r: Report) => (r.status ? l.t(`obs_${r.status}` as MessageKey) : '');
  const text = (s: Series, y: number, r: Report) => `${s.name} ${y}: ${l.formatPercent(r.share)}${r.status ? ` (${status(r)})` : ''}`;
  const reports = series.flatMap((s) => years.flatMap((y) => at(s, y) ?? []));
  const attributions = [...new Set(series.map((s) => s.attribution).filter((a): a is string => !!a && !series.some((s) => s.source === a)))];
  return {
    values: reports.map((r) => r.share),
    legend: html`${series.map((s, i) => html`<li class="reported">${swatch(i, null)} ${s.name} (${s.source})</li>`)}
    ${reports.some(hollow) ? html`<li class="reported">${swatch(0, { share: 0, status: 'PROVISIONAL' })} ${l.t('reportedHollow')}</li>` : nothing}`,
    marks: (x, y) =>
      series.map(
        (s, i) =>
          svg`<g class="reported r${i}">${years.map((yr) => {
            const r = at(s, yr);
            return r
              ? svg`<g class=${hollow(r) ? 'hollow' : 'filled'} transform="translate(${x(yr)},${y(r.share)})">${shape(i, r)}<title>${text(s, yr, r)}</title></g>`
              : nothing;
          })}</g>`,
      ),
    summary: series
      .map((s) => {
        const y = [...years].reverse().find((y) => s.byYear.has(y));
        return y === undefined ? '' : text(s, y, at(s, y)!);
      })
      .filter(Boolean)
      .join('; '),
    head: series.map(
      (s) =>
        html`<th scope="col" class="num">${s.name}</th>
          <th scope="col">${l.t('status')}<span class="visually-hidden"> (${s.name})</span></th>
          <th scope="col">${l.t('source')}<span class="visually-hidden"> (${s.name})</span></th>`,
    ),
    cells: (y) =>
      series.map((s) => {
        const r = at(s, y);
        return r
          ? html`<td class="num reported">${l.formatPercent(r.share)}</td>
              <td>${status(r) || '–'}</td>
              <td>${s.source}</td>`
          : html`<td class="num reported">–</td>
              <td></td>
              <td></td>`;
      }),
    notes: attributions,
  };
}
