/** Geometry helpers on WGS84 longitude/latitude (GeoJSON order). */

export type Position = [number, number];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine, mean Earth radius). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The latitude/longitude box that contains every point within `radiusKm` of a centre: a cheap,
 * index-friendly pre-filter before the exact haversine test.
 */
export function boundingBox(lat: number, lon: number, radiusKm: number) {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const maxAbsLat = Math.min(90, Math.abs(lat) + dLat);
  const cos = Math.cos((maxAbsLat * Math.PI) / 180);
  const dLon = cos < 1e-9 ? 180 : Math.min(180, (radiusKm / (EARTH_RADIUS_KM * cos)) * (180 / Math.PI));
  return { minLat: Math.max(-90, lat - dLat), maxLat: Math.min(90, lat + dLat), minLon: lon - dLon, maxLon: lon + dLon };
}

function polygons(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Area-weighted centroid of the outer rings (planar, fine for municipality-sized shapes). */
export function centroid(geometry: AreaGeometry): { lat: number; lon: number } {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const polygon of polygons(geometry)) {
    const ring = polygon[0]!;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j]!;
      const [x1, y1] = ring[i]!;
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
  }
  if (Math.abs(area) < 1e-12) {
    const first = polygons(geometry)[0]![0]![0]!;
    return { lon: first[0], lat: first[1] };
  }
  return { lon: cx / (3 * area), lat: cy / (3 * area) };
}

export function bbox(geometry: AreaGeometry) {
  let minLat = Infinity;
  let minLon = Infinity;
  let maxLat = -Infinity;
  let maxLon = -Infinity;
  for (const polygon of polygons(geometry)) {
    for (const [lon, lat] of polygon[0]!) {
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
    }
  }
  return { minLat, minLon, maxLat, maxLon };
}

/** Whether a point lies inside the area (even-odd rule, holes respected). */
export function contains(geometry: AreaGeometry, lat: number, lon: number): boolean {
  let inside = false;
  for (const polygon of polygons(geometry)) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/** Rounds coordinates to `digits` decimals (5 ≈ 1 m) to keep stored boundaries small. */
export function roundGeometry<T extends AreaGeometry>(geometry: T, digits = 5): T {
  const f = 10 ** digits;
  const round = (ring: Position[]) => ring.map(([x, y]) => [Math.round(x * f) / f, Math.round(y * f) / f] as Position);
  return (
    geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: geometry.coordinates.map(round) }
      : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(round)) }
  ) as T;
}

/** Signed area of a ring (shoelace, planar degrees²): positive when counter-clockwise. */
export function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return sum / 2;
}

/**
 * The union of areas whose common borders run through the same vertices, as boundaries simplified
 * with their topology kept (or cut from one source) do: edges two areas share cancel out, and what is
 * left is chained into rings. Used to merge a municipality into its neighbour.
 */
export function dissolve(geometries: AreaGeometry[]): AreaGeometry {
  const key = (p: Position) => `${p[0]},${p[1]}`;
  const edges = new Map<string, [Position, Position]>();
  const add = (a: Position, b: Position) => {
    const reverse = `${key(b)}>${key(a)}`;
    if (edges.has(reverse)) edges.delete(reverse);
    else edges.set(`${key(a)}>${key(b)}`, [a, b]);
  };
  for (const geometry of geometries) {
    for (const polygon of polygons(geometry)) {
      polygon.forEach((ring, i) => {
        // Outer rings counter-clockwise, holes clockwise, so a shared border runs both ways.
        const r = ringArea(ring) > 0 === (i === 0) ? ring : [...ring].reverse();
        for (let k = 0; k + 1 < r.length; k++) if (key(r[k]!) !== key(r[k + 1]!)) add(r[k]!, r[k + 1]!);
      });
    }
  }
  const from = new Map<string, [Position, Position][]>();
  for (const edge of edges.values()) {
    const list = from.get(key(edge[0])) ?? [];
    list.push(edge);
    from.set(key(edge[0]), list);
  }
  const rings: Position[][] = [];
  for (const start of edges.values()) {
    if (!from.get(key(start[0]))?.includes(start)) continue; // used already
    const ring: Position[] = [start[0]];
    let edge: [Position, Position] | undefined = start;
    while (edge) {
      const list = from.get(key(edge[0]))!;
      list.splice(list.indexOf(edge), 1);
      ring.push(edge[1]);
      if (key(edge[1]) === key(ring[0]!)) break;
      edge = from.get(key(edge[1]))?.[0];
    }
    if (ring.length >= 4 && key(ring[0]!) === key(ring[ring.length - 1]!)) rings.push(ring);
  }
  const outers = rings.filter((r) => ringArea(r) > 0).map((r) => [r]);
  for (const hole of rings.filter((r) => ringArea(r) < 0)) {
    const [lon, lat] = hole[0]!;
    const owner = outers.find((p) => contains({ type: 'Polygon', coordinates: [p[0]!] }, lat, lon)) ?? outers[0];
    owner?.push(hole);
  }
  return outers.length === 1 ? { type: 'Polygon', coordinates: outers[0]! } : { type: 'MultiPolygon', coordinates: outers };
}
