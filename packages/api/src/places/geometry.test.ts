import { describe, expect, it } from 'vitest';
import { bbox, boundingBox, centroid, contains, haversineKm } from './geometry.js';

describe('haversineKm', () => {
  it('matches known distances', () => {
    // Oslo (59.9139, 10.7522) to Stockholm (59.3293, 18.0686) ≈ 416 km.
    expect(haversineKm(59.9139, 10.7522, 59.3293, 18.0686)).toBeCloseTo(416.0, 0);
    // One degree of latitude ≈ 111.195 km on the mean sphere.
    expect(haversineKm(60, 10, 61, 10)).toBeCloseTo(111.195, 2);
    expect(haversineKm(60, 10, 60, 10)).toBe(0);
  });
});

describe('boundingBox', () => {
  it('contains every point within the radius', () => {
    const box = boundingBox(59.4, 10.48, 50);
    for (let bearing = 0; bearing < 360; bearing += 7.5) {
      // walk 49.99 km along the bearing (small steps on the sphere)
      const rad = (bearing * Math.PI) / 180;
      const d = 49.99 / 6371.0088;
      const lat1 = (59.4 * Math.PI) / 180;
      const lon1 = (10.48 * Math.PI) / 180;
      const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(rad));
      const lon2 = lon1 + Math.atan2(Math.sin(rad) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
      const lat = (lat2 * 180) / Math.PI;
      const lon = (lon2 * 180) / Math.PI;
      expect(haversineKm(59.4, 10.48, lat, lon)).toBeCloseTo(49.99, 6);
      expect(lat).toBeGreaterThanOrEqual(box.minLat);
      expect(lat).toBeLessThanOrEqual(box.maxLat);
      expect(lon).toBeGreaterThanOrEqual(box.minLon);
      expect(lon).toBeLessThanOrEqual(box.maxLon);
    }
  });
});

describe('polygon helpers', () => {
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [10, 59],
        [11, 59],
        [11, 60],
        [10, 60],
        [10, 59],
      ] as [number, number][],
    ],
  };
  it('centroid, bbox and containment of a square', () => {
    expect(centroid(square)).toEqual({ lat: 59.5, lon: 10.5 });
    expect(bbox(square)).toEqual({ minLat: 59, minLon: 10, maxLat: 60, maxLon: 11 });
    expect(contains(square, 59.5, 10.5)).toBe(true);
    expect(contains(square, 60.5, 10.5)).toBe(false);
  });
});
