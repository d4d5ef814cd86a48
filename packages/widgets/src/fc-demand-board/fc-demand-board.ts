import { type DemandStatus, FcDemandBoardDocument, type FcDemandBoardQuery, FcDemandCategoriesDocument } from '@food-commons/client';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { FcLoadError, graphql, sameArgs, splitList } from '../internal/api.js';
import type { FcDemandBoardEvents } from '../events.js';
import { FcElement } from '../internal/base.js';
import { chip, listStyles, pager } from '../internal/controls.js';
import type { Localizer, MessageKey } from '../internal/i18n.js';
import { schemeName } from '../internal/producer-card.js';
import { baseStyles } from '../internal/styles.js';
import { styles } from './fc-demand-board.styles.js';

const STATUSES: readonly string[] = ['OPEN', 'MATCHED', 'CLOSED'] satisfies DemandStatus[];

type Demand = FcDemandBoardQuery['demands']['edges'][number]['node'];

/** `near="59.42,10.48"` → { lat, lon }; anything else is an input error the element shows. */
function parseNear(near: string): { lat: number; lon: number } | null {
  if (!near.trim()) return null;
  const [lat, lon, ...rest] = near.split(',').map((v) => Number(v.trim()));
  if (rest.length || lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new FcLoadError(`near="${near}" is not "latitude,longitude" in degrees`, 'input');
  }
  return { lat, lon };
}

/** Today as a calendar date (YYYY-MM-DD): demand whose period has ended is left out. */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Open demand from public kitchens and buyers — what they need, how much, when, under which
 * requirements and how it is bought — so that producers near a place can plan. Filter chips by
 * category; paged.
 *
 * @tagname fc-demand-board
 * @summary Published demand near a place, with category chips and paging.
 * @fires fc-load - Demand loaded; `detail.totalCount` is the number of matching needs.
 * @fires fc-error - Loading failed; `detail.message` says why.
 * @fires fc-filter-change - The user changed the category chips; `detail.category` lists the selected codes.
 * @csspart base - The wrapper of everything.
 * @csspart controls - The category chips.
 * @csspart chip - Each category chip (a toggle button).
 * @csspart list - The list of needs.
 * @csspart card - One need.
 * @csspart card-title - A need's heading (its category).
 * @csspart pager - Paging buttons.
 * @csspart state - Loading, empty and error messages.
 * @cssprop --fc-accent - Accent colour of chips, buttons and status badges (default #1f6f43).
 * @cssprop --fc-on-accent - Text on the accent colour (default #ffffff).
 * @cssprop --fc-text - Text colour (default #1b1b1b).
 * @cssprop --fc-muted - Labels (default #595959).
 * @cssprop --fc-border - Borders (default #8a8a8a).
 * @cssprop --fc-surface - Card background (default #ffffff).
 * @cssprop --fc-focus - Focus ring (default #1a5fb4).
 * @cssprop --fc-radius - Corner radius (default 4px).
 * @cssprop --fc-font - Font family (default: inherited).
 */
export class FcDemandBoard extends FcElement<FcDemandBoardEvents> {
  static override styles = [baseStyles, listStyles, styles];
  static override properties: PropertyDeclarations = {
    category: { type: String },
    status: { type: String },
    near: { type: String },
    radiusKm: { type: Number, attribute: 'radius-km' },
    pageSize: { type: Number, attribute: 'page-size' },
    hideFilters: { type: Boolean, attribute: 'hide-filters' },
    selectedCategories: { state: true },
    cursors: { state: true },
  };

  /** Category codes (comma list) the board is limited to and offers as chips, e.g. "vegetables.root,meat". */
  declare category: string;
  /** Demand states (comma list of open, matched, closed); default open. */
  declare status: string;
  /** Only demand delivered within `radius-km` of this point: "latitude,longitude" in degrees. */
  declare near: string;
  /** Radius around `near` in km (default 50). */
  declare radiusKm: number | undefined;
  /** Needs per page (1–100, default 10). */
  declare pageSize: number;
  /** Hides the category chips (the board shows only what the attributes select). */
  declare hideFilters: boolean;
  declare private selectedCategories: string[];
  /** The `after` cursor of each page visited so far; the last one is the current page. */
  declare private cursors: (string | null)[];
  /** After paging, focus moves to the new page's list so keyboard users start at its top. */
  private focusList = false;

  constructor() {
    super();
    this.category = '';
    this.status = 'open';
    this.near = '';
    this.radiusKm = undefined;
    this.pageSize = 10;
    this.hideFilters = false;
    this.selectedCategories = [];
    this.cursors = [null];
  }

  private readonly data = new Task(this, {
    // Arguments are arrays and objects built per render: compare them by value, not identity.
    argsEqual: sameArgs,
    task: async ([api, filter, first, after, lang], { signal }) => {
      // A bad `near` throws here, inside the task, and becomes the error state.
      const near = parseNear(filter.near);
      const input = {
        ...(filter.municipality.length ? { municipality: filter.municipality } : {}),
        ...(filter.category.length ? { category: filter.category } : {}),
        status: filter.status,
        from: filter.from,
        ...(near ? { near: { ...near, radiusKm: filter.radiusKm } } : {}),
      };
      const data = await graphql(api, FcDemandBoardDocument, { filter: input, first, after, lang }, signal);
      this.emit('fc-load', { totalCount: data.demands.totalCount });
      return data;
    },
    args: () => [this.api, this.filter(), this.size, this.cursors[this.cursors.length - 1] ?? null, this.language] as const,
  });

  /** The category tree's names in the page's language, for the chips. */
  private readonly categories = new Task(this, {
    task: async ([api, lang], { signal }) => (await graphql(api, FcDemandCategoriesDocument, { lang }, signal)).categories.edges.map((e) => e.node),
    args: () => [this.api, this.language] as const,
  });

  private get size() {
    return Math.min(100, Math.max(1, Math.trunc(this.pageSize) || 10));
  }

  /** What the attributes and chips select (the GraphQL filter is built from it in the task). */
  private filter() {
    const status = splitList(this.status)
      .map((s) => s.toUpperCase())
      .filter((s): s is DemandStatus => STATUSES.includes(s));
    return {
      municipality: this.municipalities,
      category: this.selectedCategories.length ? this.selectedCategories : splitList(this.category),
      status: status.length ? status : (['OPEN'] satisfies DemandStatus[]),
      near: this.near,
      radiusKm: this.radiusKm && this.radiusKm > 0 ? this.radiusKm : 50,
      from: today(),
    };
  }

  private toggle(code: string) {
    const current = this.selectedCategories;
    this.selectedCategories = current.includes(code) ? current.filter((c) => c !== code) : [...current, code];
    this.cursors = [null];
    this.emit('fc-filter-change', { category: this.selectedCategories });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const list = this.focusList ? this.renderRoot.querySelector<HTMLElement>('ol.results[aria-busy="false"]') : null;
    if (list) {
      this.focusList = false;
      list.focus();
    }
  }

  protected override renderContent() {
    const l = this.l10n;
    return html`${this.hideFilters ? nothing : this.renderChips(l)}
    ${this.renderTask(
      this.data,
      (d) => (d.demands.totalCount === 0 ? this.renderEmpty(l.t('noDemand')) : this.renderResults(d, l, false)),
      () => (this.data.value ? this.renderResults(this.data.value, l, true) : this.renderLoading()),
    )}`;
  }

  private renderChips(l: Localizer) {
    const all = this.categories.value ?? [];
    const fixed = splitList(this.category);
    // The attribute's categories when it names some, else the top of the tree.
    const chips = fixed.length ? fixed.flatMap((code) => all.filter((c) => c.code === code)) : all.filter((c) => c.depth === 1);
    if (chips.length < 2) return nothing;
    return html`<fieldset part="controls">
      <legend>${l.t('category')}</legend>
      ${chips.map((c) => chip(c.name, this.selectedCategories.includes(c.code), () => this.toggle(c.code)))}
    </fieldset>`;
  }

  private renderResults(d: FcDemandBoardQuery, l: Localizer, busy: boolean) {
    const page = this.cursors.length;
    const pages = Math.max(1, Math.ceil(d.demands.totalCount / this.size));
    const statuses = this.filter().status;
    const showStatus = statuses.length > 1 || statuses[0] !== 'OPEN';
    return html`<p class="muted" role="status" aria-live="polite">${l.t('demandCount', { n: d.demands.totalCount })}</p>
      <ol class="results" part="list" aria-label=${l.t('demandList')} aria-busy=${busy ? 'true' : 'false'} tabindex="-1">
        ${d.demands.edges.map((e) => html`<li>${this.renderDemand(e.node, l, showStatus)}</li>`)}
      </ol>
      ${pager(l, page, pages, d.demands.pageInfo.hasNextPage, (step) => {
        this.cursors = step < 0 ? this.cursors.slice(0, -1) : [...this.cursors, d.demands.pageInfo.endCursor];
        this.focusList = true;
      })}`;
  }

  private renderDemand(d: Demand, l: Localizer, showStatus: boolean) {
    const requirements = [...(d.organicRequired ? [l.t('organic')] : []), ...d.requiredCertifications.map((s) => schemeName(l, s))];
    const buyer = d.kitchen?.name ?? d.buyerOrganization?.name;
    const text = d.description ?? d.title;
    return html`<article class="demand" part="card">
      <h3 part="card-title">${d.category.name}</h3>
      ${showStatus ? html`<p><span class="status">${l.t(`status_${d.status}` as MessageKey) || d.status}</span></p>` : nothing}
      ${text ? html`<p>${text}</p>` : nothing}
      <dl>
        <dt>${l.t('quantity')}</dt>
        <dd>${l.formatQuantity(Number(d.quantity), d.unit)}</dd>
        <dt>${l.t('period')}</dt>
        <dd>${l.formatDateRange(d.periodStart, d.periodEnd)}</dd>
        <dt>${l.t('requirements')}</dt>
        <dd>${requirements.length ? requirements.join(', ') : l.t('noRequirements')}</dd>
        <dt>${l.t('procurement')}</dt>
        <dd>${l.t(`route_${d.procurementRoute}` as MessageKey) || d.procurementRoute}</dd>
        ${buyer ? html`<dt>${l.t('buyer')}</dt><dd>${buyer}</dd>` : nothing}
        <dt>${l.t('municipality')}</dt>
        <dd>${d.municipality.name}</dd>
      </dl>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-demand-board': FcDemandBoard;
  }
}
