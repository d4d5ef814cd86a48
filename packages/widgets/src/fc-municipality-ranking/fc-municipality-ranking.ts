import { FcRankingDocument, FcRegionOfDocument, type LocalInput, type Measure } from '@food-commons/client';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { FcLoadError, graphql, sameArgs, splitList } from '../internal/api.js';
import type { FcMunicipalityRankingEvents } from '../events.js';
import { FcElement } from '../internal/base.js';
import { definitionLine, localInput, measureInput } from '../internal/stats.js';
import { baseStyles } from '../internal/styles.js';
import { styles } from './fc-municipality-ranking.styles.js';

interface Ranked {
  year: number;
  /** The region compared by default (a municipality's own), named in the caption. */
  region: string | null;
  /** The municipality highlighted: the attribute's, or the one whose region is compared. */
  highlight: string;
  local: LocalInput;
  measure: Measure;
  rows: { code: string; name: string; share: number | null; suppressed: boolean; rank: number | null }[];
}

/**
 * Municipalities ranked by the organic or local share of their kitchens' deliveries in one year,
 * like the national organic league tables. Suppressed cells (fewer than 3 suppliers) are listed
 * last, without numbers. By default a municipality is compared with its own region: one code in
 * `municipality` (or only `highlight`) ranks the municipalities of that code's region, with it
 * highlighted; `country`, `region` or a list of codes compare those instead.
 *
 * @tagname fc-municipality-ranking
 * @summary Municipalities ranked by a share.
 * @fires fc-load - Ranking loaded; `detail.year` and `detail.count`.
 * @fires fc-error - Loading failed; `detail.message` says why.
 * @csspart base - The wrapper of everything.
 * @csspart table - The ranking table.
 * @csspart definition - The line naming the definition of local (for `share="local"`) and "by weight".
 * @csspart state - Loading, empty and error messages.
 * @cssprop --fc-accent - Bars (default #1f6f43).
 * @cssprop --fc-highlight - Background of the highlighted municipality (default #fff4c2).
 */
export class FcMunicipalityRanking extends FcElement<FcMunicipalityRankingEvents> {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    share: { type: String },
    year: { type: Number },
    country: { type: String },
    region: { type: String },
    highlight: { type: String },
    limit: { type: Number },
    measure: { type: String },
    local: { type: String },
    localKm: { type: Number, attribute: 'local-km' },
  };

  /** "organic" (default) or "local". */
  declare share: string;
  /** The year ranked; defaults to the latest complete year with data. */
  declare year: number | undefined;
  /** Country codes (comma list) whose municipalities are ranked, e.g. "SE". */
  declare country: string;
  /** Region codes (comma list), e.g. "NO-39". */
  declare region: string;
  /** Municipality code to highlight, e.g. "SE-0181"; alone, its region is ranked. */
  declare highlight: string;
  /** Show at most this many rows (default all). */
  declare limit: number | undefined;
  /** "value" (default) or "weight". */
  declare measure: string;
  /** Definition of local for `share="local"`. */
  declare local: string;
  /** Kilometres for `local="within-km"`. */
  declare localKm: number | undefined;

  constructor() {
    super();
    this.share = 'organic';
    this.year = undefined;
    this.country = '';
    this.region = '';
    this.highlight = '';
    this.limit = undefined;
    this.measure = 'value';
    this.local = 'same-municipality';
    this.localKm = undefined;
  }

  private readonly data = new Task(this, {
    // Arguments are arrays and objects built per render: compare them by value, not identity.
    argsEqual: sameArgs,
    task: async ([api, codes, country, region, year, measure, local, share, highlighted], { signal }) => {
      // One municipality (or only the one highlighted), and no country or region: its own region.
      const own = !country.length && !region.length && (codes.length === 1 ? codes[0]! : codes.length ? '' : highlighted);
      const place = own ? (await graphql(api, FcRegionOfDocument, { code: own }, signal)).municipality : null;
      if (own && !place?.region) throw new FcLoadError(`Unknown municipality ${own}`, 'input');
      const municipality = place ? [] : codes;
      const filter = {
        ...(municipality.length ? { municipality } : {}),
        ...(country.length ? { country } : {}),
        ...(place ? { region: [place.region!.code] } : region.length ? { region } : {}),
        ...(year ? { from: `${year}-01-01`, to: `${year}-12-31` } : {}),
      };
      const countries = new Set(
        municipality.length
          ? municipality.map((m) => m.slice(0, 2))
          : place
            ? [place.code.slice(0, 2)]
            : country.length
              ? country
              : region.map((r) => r.slice(0, 2)),
      );
      // Shares compare across currencies only after conversion; one country means one currency.
      const currency = measure === 'WEIGHT' || countries.size === 1 ? undefined : 'EUR';
      const d = await graphql(api, FcRankingDocument, { filter, local, measure, currency }, signal);
      const thisYear = new Date().getFullYear();
      const years = [...new Set(d.deliveryStats.rows.map((r) => r.year!).filter((y) => y !== null))].sort((a, b) => b - a);
      const chosen = year ?? years.find((y) => y < thisYear) ?? years[0];
      const key = share === 'local' ? 'localShare' : 'organicShare';
      const rows = d.deliveryStats.rows
        .filter((r) => r.year === chosen && r.municipality)
        .map((r) => ({
          code: r.municipality!.code,
          name: r.municipality!.name ?? r.municipality!.code,
          share: r.suppressed ? null : r[key],
          suppressed: r.suppressed,
          rank: null as number | null,
        }))
        .sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || a.name.localeCompare(b.name));
      // Equal shares share a rank (1, 2, 2, 4).
      rows.forEach((r, i) => {
        if (r.share === null) return;
        const prev = rows[i - 1];
        r.rank = prev && prev.share === r.share ? prev.rank : i + 1;
      });
      this.emit('fc-load', { year: chosen ?? null, count: rows.length });
      return { year: chosen ?? 0, region: place?.region!.name ?? null, highlight: highlighted || (place?.code ?? ''), local, measure, rows } satisfies Ranked;
    },
    args: () =>
      [
        this.api,
        this.municipalities.map((m) => m.toUpperCase()),
        splitList(this.country).map((c) => c.toUpperCase()),
        splitList(this.region).map((c) => c.toUpperCase()),
        this.year,
        measureInput(this.measure),
        localInput(this.local, this.localKm),
        this.share === 'local' ? 'local' : 'organic',
        this.highlight.trim().toUpperCase(),
      ] as const,
  });

  protected override renderContent() {
    return this.renderTask(this.data, (d) => (d.rows.length === 0 ? this.renderEmpty() : this.renderTable(d)));
  }

  private renderTable(d: Ranked) {
    const l = this.l10n;
    const shareName = this.share === 'local' ? l.t('localShare') : l.t('organicShare');
    const rows = this.limit && this.limit > 0 ? d.rows.slice(0, this.limit) : d.rows;
    const highlight = d.highlight;
    const max = Math.max(...rows.map((r) => r.share ?? 0), 0.0001);
    return html`<table part="table">
      <caption>${l.t('rankingLabel', { share: shareName.toLowerCase(), year: String(d.year) })}${d.region ? ` – ${d.region}` : ''}</caption>
      <thead>
        <tr>
          <th scope="col" class="num">${l.t('rank')}</th>
          <th scope="col">${l.t('municipality')}</th>
          <th scope="col" class="num">${shareName}</th>
          <th scope="col" aria-hidden="true"></th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr class=${r.code === highlight ? 'highlight' : ''} aria-current=${r.code === highlight ? 'true' : 'false'}>
            <td class="num">${r.rank ?? '–'}</td>
            <th scope="row">${r.name}</th>
            <td class="num">${r.suppressed ? l.t('suppressed') : r.share === null ? '–' : l.formatPercent(r.share)}</td>
            <td class="bar" aria-hidden="true">
              ${
                r.share !== null
                  ? html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none"><rect x="0" y="0" height="10" width=${(r.share / max) * 100}></rect></svg>`
                  : nothing
              }
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${definitionLine(l, this.share === 'local' ? d.local : null, d.measure)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-municipality-ranking': FcMunicipalityRanking;
  }
}
