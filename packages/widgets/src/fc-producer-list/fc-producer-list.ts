import { type CertificationScheme, FcProducerListDocument, type FcProducerListQuery } from '@food-commons/client';
import { Task } from '@lit/task';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { graphql, sameArgs, splitList } from '../internal/api.js';
import type { FcProducerListEvents } from '../events.js';
import { FcElement } from '../internal/base.js';
import { chip, listStyles, pager } from '../internal/controls.js';
import { cardStyles, producerCard, schemeName } from '../internal/producer-card.js';
import { baseStyles } from '../internal/styles.js';
import { styles } from './fc-producer-list.styles.js';

const CERTIFICATION_CHIPS = ['EU_ORGANIC', 'KRAV', 'DEBIO', 'NYT_NORGE', 'SVENSKT_SIGILL', 'MSC', 'ASC'];

/**
 * A searchable, filterable, paged list of producers.
 *
 * @tagname fc-producer-list
 * @summary Producers with search, filter chips (category, certification, tender-ready) and paging.
 * @fires fc-load - Data loaded; `detail.totalCount` is the number of matching producers.
 * @fires fc-error - Loading failed; `detail.message` says why.
 * @fires fc-filter-change - The user changed search or filters; `detail` has `search`, `category`, `certification`, `tenderReady`.
 * @csspart base - The wrapper of everything.
 * @csspart controls - Search field and filter chips.
 * @csspart chip - Each filter chip (a toggle button).
 * @csspart list - The list of producers.
 * @csspart card - A producer card.
 * @csspart card-title - A producer card's heading.
 * @csspart pager - Paging buttons.
 * @csspart state - Loading, empty and error messages.
 * @cssprop --fc-accent - Accent colour of buttons and chips (default #1f6f43).
 * @cssprop --fc-on-accent - Text on the accent colour (default #ffffff).
 * @cssprop --fc-text - Text colour (default #1b1b1b).
 * @cssprop --fc-muted - Secondary text (default #595959).
 * @cssprop --fc-border - Borders (default #8a8a8a).
 * @cssprop --fc-surface - Card background (default #ffffff).
 * @cssprop --fc-focus - Focus ring (default #1a5fb4).
 * @cssprop --fc-radius - Corner radius (default 4px).
 * @cssprop --fc-font - Font family (default: inherited).
 */
export class FcProducerList extends FcElement<FcProducerListEvents> {
  static override styles = [baseStyles, listStyles, cardStyles, styles];
  static override properties: PropertyDeclarations = {
    category: { type: String },
    certification: { type: String },
    tenderReady: { type: Boolean, attribute: 'tender-ready' },
    pageSize: { type: Number, attribute: 'page-size' },
    hideFilters: { type: Boolean, attribute: 'hide-filters' },
    search: { type: String },
    selectedCategories: { state: true },
    selectedCertifications: { state: true },
    cursors: { state: true },
  };

  /** Category codes (comma list) the list is limited to, e.g. "vegetables,dairy.milk". */
  declare category: string;
  /** Certification schemes (comma list), e.g. "KRAV,EU_ORGANIC". */
  declare certification: string;
  /** Only producers able to answer public tenders. */
  declare tenderReady: boolean;
  /** Producers per page (1–100, default 10). */
  declare pageSize: number;
  /** Hides the search field and chips (the list shows only what the attributes select). */
  declare hideFilters: boolean;
  /** Search text (name contains). */
  declare search: string;
  declare private selectedCategories: string[];
  declare private selectedCertifications: string[];
  /** The `after` cursor of each page visited so far; the last one is the current page. */
  declare private cursors: (string | null)[];
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.category = '';
    this.certification = '';
    this.tenderReady = false;
    this.pageSize = 10;
    this.hideFilters = false;
    this.search = '';
    this.selectedCategories = [];
    this.selectedCertifications = [];
    this.cursors = [null];
  }

  private readonly data = new Task(this, {
    // Arguments are arrays and objects built per render: compare them by value, not identity.
    argsEqual: sameArgs,
    task: async ([api, filter, first, after, lang], { signal }) => {
      const data = await graphql(api, FcProducerListDocument, { filter, first, after, lang }, signal);
      this.emit('fc-load', { totalCount: data.producers.totalCount });
      return data;
    },
    args: () =>
      [this.api, this.filter(), Math.min(100, Math.max(1, this.pageSize || 10)), this.cursors[this.cursors.length - 1] ?? null, this.language] as const,
  });

  private filter() {
    const category = this.selectedCategories.length ? this.selectedCategories : splitList(this.category);
    // An unknown scheme in the attribute goes to the API as written, which refuses it with a message the element shows.
    const certification = (
      this.selectedCertifications.length ? this.selectedCertifications : splitList(this.certification).map((c) => c.toUpperCase())
    ) as CertificationScheme[];
    return {
      ...(this.municipalities.length ? { municipality: this.municipalities } : {}),
      ...(category.length ? { category } : {}),
      ...(certification.length ? { certification } : {}),
      ...(this.tenderReady ? { tenderReady: true } : {}),
      ...(this.search.trim() ? { search: this.search.trim() } : {}),
    };
  }

  private changed() {
    this.cursors = [null];
    this.emit('fc-filter-change', {
      search: this.search,
      category: this.selectedCategories,
      certification: this.selectedCertifications,
      tenderReady: this.tenderReady,
    });
  }

  private onSearch(e: Event) {
    const value = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.search = value;
      this.changed();
    }, 250);
  }

  private toggle(list: 'selectedCategories' | 'selectedCertifications', code: string) {
    const current = this[list];
    this[list] = current.includes(code) ? current.filter((c) => c !== code) : [...current, code];
    this.changed();
  }

  protected override renderContent() {
    const l = this.l10n;
    return html`${this.hideFilters ? nothing : this.renderControls()}
    ${this.renderTask(
      this.data,
      (d) => (d.producers.totalCount === 0 ? this.renderEmpty(l.t('noProducers')) : this.renderResults(d, false)),
      () => (this.data.value ? this.renderResults(this.data.value, true) : this.renderLoading()),
    )}`;
  }

  private renderControls() {
    const l = this.l10n;
    const categories = this.data.value?.categories.edges.map((e) => e.node) ?? [];
    const fixedCategories = splitList(this.category);
    const categoryChips = fixedCategories.length
      ? categories.filter((c) => fixedCategories.some((f) => f === c.code || f.startsWith(`${c.code}.`)))
      : categories;
    return html`<div class="controls" part="controls">
      <label>
        <span class="visually-hidden">${l.t('search')}</span>
        <input type="search" placeholder=${l.t('search')} .value=${this.search} @input=${this.onSearch} />
      </label>
      ${
        categoryChips.length > 1
          ? html`<fieldset>
            <legend>${l.t('category')}</legend>
            ${categoryChips.map((c) => chip(c.name, this.selectedCategories.includes(c.code), () => this.toggle('selectedCategories', c.code)))}
          </fieldset>`
          : nothing
      }
      <fieldset>
        <legend>${l.t('certification')}</legend>
        ${CERTIFICATION_CHIPS.map((s) => chip(schemeName(l, s), this.selectedCertifications.includes(s), () => this.toggle('selectedCertifications', s)))}
        ${chip(l.t('tenderReady'), this.tenderReady, () => {
          this.tenderReady = !this.tenderReady;
          this.changed();
        })}
      </fieldset>
    </div>`;
  }

  private renderResults(d: FcProducerListQuery, busy: boolean) {
    const l = this.l10n;
    const size = Math.min(100, Math.max(1, this.pageSize || 10));
    const page = this.cursors.length;
    const pages = Math.max(1, Math.ceil(d.producers.totalCount / size));
    return html`<p class="muted" role="status" aria-live="polite">${l.t('producerCount', { n: d.producers.totalCount })}</p>
      <ol class="results" part="list" aria-busy=${busy ? 'true' : 'false'}>
        ${d.producers.edges.map((e) => html`<li>${producerCard(e.node, l)}</li>`)}
      </ol>
      ${pager(l, page, pages, d.producers.pageInfo.hasNextPage, (step) => {
        this.cursors = step < 0 ? this.cursors.slice(0, -1) : [...this.cursors, d.producers.pageInfo.endCursor];
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-producer-list': FcProducerList;
  }
}
