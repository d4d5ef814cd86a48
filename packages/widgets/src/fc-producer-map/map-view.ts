/**
 * The Leaflet part of <fc-producer-map>, loaded lazily as its own chunk: map, tiles or the offline
 * basemap, clustering with supercluster, and popups. Leaflet positions things through
 * element.style (CSSOM), which a strict CSP allows; nothing here writes `style=` attributes.
 */
import leafletCss from 'leaflet/dist/leaflet.css?inline';
import * as L from 'leaflet';
import Supercluster from 'supercluster';
import { BOUNDARY_SOURCES } from './boundary-sources.js';

/** How long a tile server may stay silent before the map uses the boundary basemap instead. */
export const TILE_TIMEOUT_MS = 8000;

export interface ProducerPoint {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

export interface MapViewOptions {
  container: HTMLElement;
  points: ProducerPoint[];
  /** Tile URL template, or null for the offline basemap from the start. */
  tileUrl: string | null;
  /** The tiles' attribution (HTML), shown once a tile has loaded. */
  attribution: string;
  reducedMotion: boolean;
  /** `boundaries`: the credit for the boundaries drawn, given their sources (BOUNDARY_SOURCES) as one text. */
  labels: { cluster: (n: number) => string; offline: string; boundaries: (sources: string) => string };
  /** Loads the municipality boundaries within a bbox [minLon, minLat, maxLon, maxLat]. */
  loadBoundaries: (bbox: [number, number, number, number]) => Promise<GeoJSON.FeatureCollection>;
  onSelect: (point: ProducerPoint, anchor: HTMLElement) => void;
  onOffline: () => void;
  onPainted: (markers: number) => void;
}

let sheet: CSSStyleSheet | undefined;
/** Leaflet's stylesheet, for adopting into the element's shadow root. */
export function leafletStyleSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(leafletCss);
  }
  return sheet;
}

export class MapView {
  private readonly map: L.Map;
  private readonly index: Supercluster<{ i: number }>;
  private readonly markers = L.layerGroup();
  private tiles: L.TileLayer | undefined;
  private offline = false;
  private tileTimer: ReturnType<typeof setTimeout> | undefined;
  private painted = false;
  private readonly points: ProducerPoint[];
  private popup: L.Popup | undefined;

  constructor(private readonly o: MapViewOptions) {
    this.points = o.points;
    this.map = L.map(o.container, {
      zoomAnimation: !o.reducedMotion,
      fadeAnimation: !o.reducedMotion,
      markerZoomAnimation: !o.reducedMotion,
      keyboard: true,
      worldCopyJump: false,
    });
    this.map.attributionControl.setPrefix(false);
    this.index = new Supercluster<{ i: number }>({ radius: 60, maxZoom: 16 });
    this.index.load(this.points.map((p, i) => ({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })));
    this.markers.addTo(this.map);
    this.map.on('moveend', () => this.redraw());
    this.fit();
    if (o.tileUrl) this.useTiles(o.tileUrl);
    else void this.goOffline();
  }

  private fit() {
    if (this.points.length === 0) {
      this.map.setView([62, 15], 4);
      return;
    }
    const bounds = L.latLngBounds(this.points.map((p) => [p.lat, p.lon] as [number, number]));
    this.map.fitBounds(bounds.pad(0.1), { animate: false, maxZoom: 12 });
  }

  private useTiles(url: string) {
    let loaded = 0;
    let failed = 0;
    const tiles = L.tileLayer(url, { maxZoom: 18, crossOrigin: true });
    // Tiles that never load switch the map to the boundary basemap: refused or blocked (errors), or
    // swallowed by a firewall that never answers (nothing within TILE_TIMEOUT_MS). Their credit
    // appears with the first tile shown, and goes with them.
    tiles.on('tileload', () => {
      if (loaded++ === 0 && this.o.attribution) this.map.attributionControl.addAttribution(this.o.attribution);
      clearTimeout(this.tileTimer);
    });
    tiles.on('remove', () => this.map.attributionControl.removeAttribution(this.o.attribution));
    tiles.on('tileerror', () => {
      failed++;
      if (loaded === 0 && failed >= 2) void this.goOffline();
    });
    // Every visible tile settled, and none of them loaded.
    tiles.on('load', () => {
      if (loaded === 0 && failed > 0) void this.goOffline();
    });
    this.tileTimer = setTimeout(() => {
      if (loaded === 0) void this.goOffline();
    }, TILE_TIMEOUT_MS);
    tiles.addTo(this.map);
    this.tiles = tiles;
  }

  private async goOffline() {
    if (this.offline) return;
    this.offline = true;
    if (this.tiles) {
      this.tiles.remove();
      this.tiles = undefined;
    }
    this.o.container.classList.add('offline');
    this.o.onOffline();
    const b = this.map.getBounds().pad(0.5);
    try {
      const geo = await this.o.loadBoundaries([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
      const layer = L.geoJSON(geo, {
        interactive: false,
        style: () => ({ className: 'boundary', weight: 1, fill: true, fillOpacity: 1 }),
      });
      layer.addTo(this.map);
      layer.bringToBack();
      // Credit the boundaries drawn: each country's own source.
      const countries = [...new Set(geo.features.map((f) => String(f.id ?? f.properties?.code ?? '').slice(0, 2)))].sort();
      const sources = countries.flatMap((c) => BOUNDARY_SOURCES[c] ?? []);
      if (sources.length) this.map.attributionControl.addAttribution(this.o.labels.boundaries(sources.join(', ')));
    } catch {
      // Without boundaries the markers still show on a plain background.
    }
  }

  get isOffline() {
    return this.offline;
  }

  private redraw() {
    const b = this.map.getBounds();
    const zoom = Math.round(this.map.getZoom());
    const clusters = this.index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    this.markers.clearLayers();
    for (const c of clusters) {
      const [lon, lat] = c.geometry.coordinates as [number, number];
      const props = c.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; i?: number };
      if (props.cluster) {
        const n = props.point_count ?? 0;
        const size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
        const marker = L.marker([lat, lon], {
          icon: L.divIcon({ html: `<span>${n}</span>`, className: `fc-cluster ${size}`, iconSize: null as unknown as L.PointExpression }),
          title: this.o.labels.cluster(n),
          alt: this.o.labels.cluster(n),
          keyboard: true,
        });
        this.activate(marker, this.o.labels.cluster(n), () => {
          const z = Math.min(this.index.getClusterExpansionZoom(props.cluster_id!), 18);
          this.map.setView([lat, lon], z, { animate: !this.o.reducedMotion });
        });
        this.markers.addLayer(marker);
      } else {
        const p = this.points[props.i!]!;
        const marker = L.marker([lat, lon], {
          icon: L.divIcon({ html: '', className: 'fc-marker', iconSize: null as unknown as L.PointExpression }),
          title: p.name,
          alt: p.name,
          keyboard: true,
        });
        this.activate(marker, p.name, () => this.o.onSelect(p, marker.getElement()!));
        this.markers.addLayer(marker);
      }
    }
    if (!this.painted && clusters.length > 0) {
      this.painted = true;
      requestAnimationFrame(() => this.o.onPainted(clusters.length));
    }
  }

  /**
   * Leaflet gives marker icons tabindex=0 and role="button" but only clicks activate them: name
   * them for screen readers and let Enter and Space activate them too.
   */
  private activate(marker: L.Marker, label: string, action: () => void) {
    marker.on('add', () => marker.getElement()?.setAttribute('aria-label', label));
    marker.on('click', action);
    marker.on('keypress', (e) => {
      const key = (e as L.LeafletKeyboardEvent).originalEvent;
      if (key.key === 'Enter' || key.key === ' ') {
        key.preventDefault();
        action();
      }
    });
  }

  /** Opens a popup with `content` at the producer and centres the map there. */
  showPopup(point: ProducerPoint, content: HTMLElement) {
    this.popup?.remove();
    this.popup = L.popup({ maxWidth: 280, autoPanPadding: [20, 20] })
      .setLatLng([point.lat, point.lon])
      .setContent(content)
      .openOn(this.map);
  }

  /** Zooms to a producer (from the list alternative). */
  focusPoint(point: ProducerPoint) {
    this.map.setView([point.lat, point.lon], Math.max(this.map.getZoom(), 13), { animate: !this.o.reducedMotion });
  }

  invalidateSize() {
    this.map.invalidateSize();
  }

  destroy() {
    clearTimeout(this.tileTimer);
    this.map.remove();
  }
}
