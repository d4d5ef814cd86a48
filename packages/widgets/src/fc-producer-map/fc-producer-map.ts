import { FcProducerCardDocument, type FcProducerCardFieldsFragment } from '@food-commons/client';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, render, type PropertyDeclarations, type PropertyValues } from 'lit';
import { getJson, graphql, sameArgs, splitList } from '../internal/api.js';
import type { FcProducerMapEvents } from '../events.js';
import { FcElement } from '../internal/base.js';
import { cardStyles, producerCard } from '../internal/producer-card.js';
import { baseStyles } from '../internal/styles.js';
import { styles } from './fc-producer-map.styles.js';
import type { MapView, ProducerPoint } from './map-view.js';

const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const OSM = '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
const LIST_PAGE = 50;

interface PointCollection {
  features: { id: string; properties: { name: string }; geometry: { coordinates: [number, number] } }[];
}

/** Leaflet's chunk, loaded once per page when the first map needs it. */
let mapModule: Promise<typeof import('./map-view.js')> | undefined;
const loadMapModule = () => (mapModule ??= import('./map-view.js'));

/**
 * A map of producers with clustering, popups with a producer card and a keyboard-usable list of the
 * same producers. OpenStreetMap tiles by default; with `tiles="none"`, or when tiles fail to load,
 * the map draws municipality boundaries from the API instead, so it works offline and on intranets.
 * The attribution, in the page's language, credits only what is shown: the tiles once one has
 * loaded, and the boundaries of each country drawn (Kartverket, Valmyndigheten, the National Land Survey
 * of Finland, the Danish Geodata Agency, Maa-amet, Registrų centras, BKG).
 *
 * @tagname fc-producer-map
 * @summary Producer map with clustering, popups and a list alternative.
 * @fires fc-load - Producers loaded; `detail.count` is how many.
 * @fires fc-render - First markers painted; `detail.markers` is how many markers and clusters, `detail.producers` how many producers.
 * @fires fc-select - A producer was opened; `detail.id` and `detail.name`.
 * @fires fc-offline - The map switched to the boundary basemap (tiles off or failing).
 * @fires fc-error - Loading failed; `detail.message` says why.
 * @csspart base - The wrapper of everything.
 * @csspart toolbar - Count and the list toggle.
 * @csspart map - The map area.
 * @csspart list - The list alternative.
 * @csspart card - A producer card (popup and list selection).
 * @csspart card-title - A producer card's heading.
 * @csspart state - Loading, empty and error messages.
 * @cssprop --fc-map-height - Height of the map (default 420px).
 * @cssprop --fc-map-background - Sea/background colour of the map (default #dfe9f2).
 * @cssprop --fc-land - Land fill of the offline basemap (default #f3f1ea).
 * @cssprop --fc-boundary - Municipality boundary lines of the offline basemap (default #7a7a7a).
 * @cssprop --fc-cluster-ring - Ring around cluster markers (default #bfe0cc).
 * @cssprop --fc-accent - Markers and buttons (default #1f6f43).
 * @cssprop --fc-on-accent - Text on the accent colour (default #ffffff).
 * @cssprop --fc-link - Links and list entries (default #0b5394).
 * @cssprop --fc-focus - Focus ring (default #1a5fb4).
 * @cssprop --fc-border - Borders (default #8a8a8a).
 * @cssprop --fc-radius - Corner radius (default 4px).
 */
export class FcProducerMap extends FcElement<FcProducerMapEvents> {
  static override styles = [baseStyles, cardStyles, styles];
  static override properties: PropertyDeclarations = {
    category: { type: String },
    certification: { type: String },
    tenderReady: { type: Boolean, attribute: 'tender-ready' },
    tiles: { type: String },
    tileUrl: { type: String, attribute: 'tile-url' },
    tileAttribution: { type: String, attribute: 'tile-attribution' },
    listOpen: { type: Boolean, attribute: 'list-open', reflect: true },
    offline: { state: true },
    listPage: { state: true },
    selected: { state: true },
  };

  /** Category codes (comma list), e.g. "vegetables.root". */
  declare category: string;
  /** Certification schemes (comma list), e.g. "DEBIO,KRAV". */
  declare certification: string;
  /** Only producers able to answer public tenders. */
  declare tenderReady: boolean;
  /** "osm" (default) for tiles, "none" for the offline basemap of municipality boundaries. */
  declare tiles: string;
  /** Tile URL template ({z}/{x}/{y}); defaults to OpenStreetMap's. */
  declare tileUrl: string;
  /** Attribution (HTML) for `tile-url`'s tiles. */
  declare tileAttribution: string;
  /** Shows the list alternative. */
  declare listOpen: boolean;
  declare private offline: boolean;
  declare private listPage: number;
  declare private selected: FcProducerCardFieldsFragment | null;

  private view: MapView | undefined;
  private viewPoints: ProducerPoint[] | undefined;

  constructor() {
    super();
    this.category = '';
    this.certification = '';
    this.tenderReady = false;
    this.tiles = 'osm';
    this.tileUrl = '';
    this.tileAttribution = '';
    this.listOpen = false;
    this.offline = false;
    this.listPage = 0;
    this.selected = null;
  }

  private readonly points = new Task(this, {
    // Arguments are arrays and objects built per render: compare them by value, not identity.
    argsEqual: sameArgs,
    task: async ([api, query], { signal }) => {
      const [collection, module] = await Promise.all([getJson<PointCollection>(api, `/geo/producers.geojson${query}`, signal), loadMapModule()]);
      this.adoptLeafletStyles(module.leafletStyleSheet());
      const points: ProducerPoint[] = collection.features.map((f) => ({
        id: f.id,
        name: f.properties.name,
        lon: f.geometry.coordinates[0],
        lat: f.geometry.coordinates[1],
      }));
      this.listPage = 0;
      this.emit('fc-load', { count: points.length });
      return points;
    },
    args: () => [this.api, this.query()] as const,
  });

  private query(): string {
    const q = new URLSearchParams();
    if (this.municipalities.length) q.set('municipality', this.municipalities.join(','));
    const category = splitList(this.category);
    if (category.length) q.set('category', category.join(','));
    const certification = splitList(this.certification);
    if (certification.length) q.set('certification', certification.join(',').toUpperCase());
    if (this.tenderReady) q.set('tender-ready', 'true');
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  private adoptLeafletStyles(sheet: CSSStyleSheet) {
    const root = this.shadowRoot;
    if (!root || root.adoptedStyleSheets.includes(sheet)) return;
    // Leaflet's rules first, so this element's own styles win.
    root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.destroy();
    this.view = undefined;
    this.viewPoints = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    try {
      const points = this.points.value;
      const container = this.renderRoot.querySelector<HTMLElement>('.map');
      const tilesChanged = changed.has('tiles') || changed.has('tileUrl');
      if (!points || !container || this.points.status !== TaskStatus.COMPLETE) return;
      if (this.view && this.viewPoints === points && !tilesChanged) return;
      void loadMapModule().then((m) => {
        if (!this.isConnected) return;
        this.view?.destroy();
        this.offline = false;
        container.classList.remove('offline');
        this.viewPoints = points;
        this.view = new m.MapView({
          container,
          points,
          tileUrl: this.tiles === 'none' ? null : this.tileUrl || OSM_TILES,
          attribution: this.tileUrl ? this.tileAttribution : this.l10n.t('osmCredit', { osm: OSM }),
          reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
          labels: {
            cluster: (n) => this.l10n.t('cluster', { n }),
            offline: this.l10n.t('offlineMap'),
            boundaries: (sources) => this.l10n.t('boundaryCredit', { sources }),
          },
          loadBoundaries: (bbox) => getJson(this.api, `/geo/municipalities.geojson?bbox=${bbox.map((n) => n.toFixed(4)).join(',')}`),
          onSelect: (p) => void this.select(p, true),
          onOffline: () => {
            this.offline = true;
            this.emit('fc-offline', {});
          },
          onPainted: (markers) => this.emit('fc-render', { markers, producers: points.length }),
        });
      });
    } catch (error) {
      console.error('<fc-producer-map>:', error);
    }
  }

  /** Opens a producer: its card in a popup on the map (from a marker) or below the list. */
  private async select(point: ProducerPoint, popup: boolean) {
    this.emit('fc-select', { id: point.id, name: point.name });
    try {
      const { node } = await graphql(this.api, FcProducerCardDocument, { id: point.id, lang: this.language });
      if (node?.__typename !== 'Producer') return;
      if (popup && this.view) {
        const content = document.createElement('div');
        content.tabIndex = -1;
        render(producerCard(node, this.l10n, 4), content);
        this.view.showPopup(point, content);
        // Keyboard users land in the card; Escape or the close button returns them to the map.
        content.focus({ preventScroll: true });
      } else {
        this.selected = node;
        this.view?.focusPoint(point);
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.selected')?.focus();
      }
    } catch (error) {
      console.error('<fc-producer-map>:', error);
    }
  }

  protected override renderContent() {
    const l = this.l10n;
    const points = this.points.value;
    const count = points?.length ?? 0;
    return html`<div class="toolbar" part="toolbar">
        <span role="status" aria-live="polite">${points ? l.t('producerCount', { n: count }) : ''}</span>
        <button
          type="button"
          class="secondary"
          aria-expanded=${this.listOpen ? 'true' : 'false'}
          aria-controls="list"
          @click=${() => (this.listOpen = !this.listOpen)}
        >
          ${this.listOpen ? l.t('hideList') : l.t('showList')}
        </button>
      </div>
      ${this.renderTask(this.points, (p) => (p.length === 0 ? this.renderEmpty(l.t('noProducers')) : nothing))}
      <div class="map" part="map" role="region" aria-label=${l.t('mapLabel')}></div>
      ${this.offline ? html`<p class="muted">${l.t('offlineMap')}</p>` : nothing}
      ${this.listOpen && points ? this.renderList(points) : nothing}
      ${
        this.selected
          ? html`<div class="selected" tabindex="-1" aria-live="polite">
            ${producerCard(this.selected, l)}
            <button type="button" class="secondary" @click=${() => (this.selected = null)}>${l.t('close')}</button>
          </div>`
          : nothing
      }`;
  }

  private renderList(points: ProducerPoint[]) {
    const l = this.l10n;
    const pages = Math.max(1, Math.ceil(points.length / LIST_PAGE));
    const page = Math.min(this.listPage, pages - 1);
    const shown = points.slice(page * LIST_PAGE, (page + 1) * LIST_PAGE);
    return html`<section class="list" id="list" part="list" aria-label=${l.t('listTitle')}>
      <ol start=${page * LIST_PAGE + 1}>
        ${shown.map((p) => html`<li><button type="button" @click=${() => void this.select(p, false)}>${p.name}</button></li>`)}
      </ol>
      ${
        pages > 1
          ? html`<nav class="pager" aria-label=${l.t('pageOf', { page: page + 1, pages })}>
            <button type="button" class="secondary" ?disabled=${page === 0} @click=${() => (this.listPage = page - 1)}>${l.t('previous')}</button>
            <span>${l.t('pageOf', { page: page + 1, pages })}</span>
            <button type="button" class="secondary" ?disabled=${page >= pages - 1} @click=${() => (this.listPage = page + 1)}>${l.t('next')}</button>
          </nav>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-producer-map': FcProducerMap;
  }
}
