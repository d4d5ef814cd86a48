import { nice, ticks } from 'd3-array';

/** A linear map from `domain` to `range`, with d3-array's ticks over the domain. */
export function linear(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const map = (v: number) => (k === 0 ? (r0 + r1) / 2 : r0 + (v - d0) * k);
  map.ticks = (count: number) => ticks(d0, d1, count);
  return map;
}

/** The domain extended to round tick values, as d3-scale's `nice()` does (0–0.66 becomes 0–0.7). */
export const niceDomain = (start: number, stop: number): [number, number] => nice(start, stop, 10) as [number, number];

/**
 * An SVG path through the points, broken where a point is missing: what d3-shape's
 * `line().defined()` draws for straight segments, without its path builder.
 */
export function polyline(points: readonly ([number, number] | null)[]): string {
  let d = '';
  let drawing = false;
  for (const p of points) {
    d += p ? `${drawing ? 'L' : 'M'}${p[0]},${p[1]}` : '';
    drawing = !!p;
  }
  return d;
}
