import { builder } from '../builder.js';
import { decodeGlobalId } from '../../ids.js';
import type { Context } from '../context.js';
import { badInput } from '../../errors.js';
import { boundingBox } from '../../places/geometry.js';
import { SourceRef } from './source.js';

// ─── Localized text ─────────────────────────────────────────────────────────────

/** Picks a text in the wanted language, falling back through related languages to English. */
export function pickLocalized(texts: unknown, lang: string | null | undefined): string | null {
  if (!texts || typeof texts !== 'object') return typeof texts === 'string' ? texts : null;
  const map = texts as Record<string, string>;
  const primary = (lang ?? 'en').toLowerCase().split(/[-_]/)[0]!;
  const fallbacks: Record<string, string[]> = { nn: ['nb'], nb: ['nn', 'no'], no: ['nb', 'nn'], da: ['nb'], fi: ['sv'] };
  for (const candidate of [primary, ...(fallbacks[primary] ?? []), 'en', 'nb', 'sv']) {
    if (map[candidate]) return map[candidate];
  }
  return Object.values(map).find(Boolean) ?? null;
}

export const langArg = (t: { arg: { string: (o: object) => unknown } }) =>
  t.arg.string({
    description: 'Language (BCP 47, e.g. "nb", "sv", "en"). Falls back to a related language, then English.',
    required: false,
  });

// ─── Provenance ─────────────────────────────────────────────────────────────────

export interface ProvenanceShape {
  sourceId: number;
  externalId: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const SourcedInterface = builder.interfaceRef<ProvenanceShape>('Sourced').implement({
  description: 'A record with provenance: where it comes from, its key there, and its version.',
  fields: (t) => ({
    source: t.field({
      type: SourceRef,
      description: 'The dataset the record comes from, with its licence.',
      resolve: async (record, _args, ctx) => (await ctx.loaders.source.load(record.sourceId))!,
    }),
    externalId: t.exposeString('externalId', { description: "The record's ID within its source (the key for idempotent sync)." }),
    createdAt: t.field({ type: 'DateTime', description: 'When the record was created here.', resolve: (r) => r.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When the record last changed.', resolve: (r) => r.updatedAt }),
    version: t.exposeInt('version', { description: 'Incremented on every change.' }),
  }),
});

// ─── Geography ──────────────────────────────────────────────────────────────────

export const GeoPoint = builder.objectRef<{ lat: number; lon: number }>('GeoPoint').implement({
  description: 'A WGS84 point.',
  fields: (t) => ({
    lat: t.exposeFloat('lat', { description: 'Latitude in degrees.' }),
    lon: t.exposeFloat('lon', { description: 'Longitude in degrees.' }),
  }),
});

export const pointOf = (r: { lat: number | null; lon: number | null }) => (r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon });

export const NearInput = builder.inputType('NearInput', {
  description: 'Within a great-circle distance of a point.',
  fields: (t) => ({
    lat: t.float({ required: true, description: 'Latitude of the centre (−90 to 90).' }),
    lon: t.float({ required: true, description: 'Longitude of the centre (−180 to 180).' }),
    radiusKm: t.float({ required: true, description: 'Radius in kilometres (more than 0, at most 2,000).' }),
  }),
});

export const BBoxInput = builder.inputType('BBoxInput', {
  description: 'A latitude/longitude box; edges included.',
  fields: (t) => ({
    minLat: t.float({ required: true, description: 'Southern edge.' }),
    minLon: t.float({ required: true, description: 'Western edge.' }),
    maxLat: t.float({ required: true, description: 'Northern edge.' }),
    maxLon: t.float({ required: true, description: 'Eastern edge.' }),
  }),
});

export interface Near {
  lat: number;
  lon: number;
  radiusKm: number;
}
export interface BBox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

function checkLatLon(field: string, lat: number, lon: number) {
  if (!(lat >= -90 && lat <= 90)) throw badInput(`${field}.lat`, `Latitude must be between −90 and 90; got ${lat}.`);
  if (!(lon >= -180 && lon <= 180)) throw badInput(`${field}.lon`, `Longitude must be between −180 and 180; got ${lon}.`);
}

export function validateNear(near: Near): Near {
  checkLatLon('near', near.lat, near.lon);
  if (!(near.radiusKm > 0 && near.radiusKm <= 2000)) {
    throw badInput('near.radiusKm', `radiusKm must be more than 0 and at most 2000; got ${near.radiusKm}.`);
  }
  return near;
}

export function validateBBox(box: BBox): BBox {
  checkLatLon('bbox', box.minLat, box.minLon);
  checkLatLon('bbox', box.maxLat, box.maxLon);
  if (box.minLat > box.maxLat) throw badInput('bbox', `minLat (${box.minLat}) is north of maxLat (${box.maxLat}).`);
  if (box.minLon > box.maxLon) throw badInput('bbox', `minLon (${box.minLon}) is east of maxLon (${box.maxLon}).`);
  return box;
}

/** Prisma conditions for a point inside a box (index-friendly). */
export function bboxWhere(box: BBox) {
  return { lat: { gte: box.minLat, lte: box.maxLat }, lon: { gte: box.minLon, lte: box.maxLon } };
}

/**
 * IDs of the rows of `table` whose point lies within the radius: a box pre-filter on the indexed
 * columns, then the exact haversine distance, in one statement with bound parameters.
 */
export async function idsNear(ctx: Context, table: 'producer' | 'kitchen' | 'hub', near: Near): Promise<number[]> {
  // Producers are found by their published location, so a hidden farm cannot be located by probing.
  const [lat, lon] = table === 'producer' ? ['public_lat', 'public_lon'] : ['lat', 'lon'];
  const params: unknown[] = [];
  const rows = await ctx.db.sql.query<{ id: number }>(`SELECT id FROM ${table} WHERE deleted_at IS NULL AND ${nearSql(lat, lon, near, params)}`, params);
  return rows.map((r) => Number(r.id));
}

/**
 * SQL condition for a point within a great-circle distance: a box pre-filter on the indexed columns,
 * then the exact haversine distance. Appends its bound parameters to `params`.
 */
export function nearSql(lat: string, lon: string, near: Near, params: unknown[]): string {
  const box = boundingBox(near.lat, near.lon, near.radiusKm);
  const $ = (value: number) => `$${params.push(value)}::float8`;
  const [minLat, maxLat, minLon, maxLon, cLat, cLon, radius] = [box.minLat, box.maxLat, box.minLon, box.maxLon, near.lat, near.lon, near.radiusKm].map($);
  return `${lat} BETWEEN ${minLat} AND ${maxLat} AND ${lon} BETWEEN ${minLon} AND ${maxLon}
        AND 2 * 6371.0088 * asin(least(1, sqrt(
              power(sin(radians(${lat} - ${cLat}) / 2), 2)
            + cos(radians(${cLat})) * cos(radians(${lat})) * power(sin(radians(${lon} - ${cLon}) / 2), 2)))) <= ${radius}`;
}

// ─── Codes ──────────────────────────────────────────────────────────────────────

/** Prisma condition on a category code column: the codes and all their descendants. */
export function categoryCodeWhere(codes: readonly string[]) {
  return { OR: codes.flatMap((code) => [{ categoryCode: code }, { categoryCode: { startsWith: `${code}.` } }]) };
}

export const notDeleted = { deletedAt: null };

const builtFor = new WeakMap<object, Promise<unknown>>();

/**
 * Builds a connection's Prisma condition once per field resolution: its page and its `totalCount`
 * receive the same arguments object, so code checks and geo look-ups are not run twice.
 */
export function oncePerArgs<T>(args: object, build: () => Promise<T>): Promise<T> {
  let built = builtFor.get(args) as Promise<T> | undefined;
  if (!built) {
    built = build();
    builtFor.set(args, built);
  }
  return built;
}

/** The row ID of a global ID that must be of `typename`; a typed error naming `field` otherwise. */
export function decodeTypedId(raw: string | number, typename: string, field: string): number {
  const { typename: found, id } = decodeGlobalId(String(raw));
  if (found !== typename) throw badInput(field, `"${raw}" is a ${found} ID, not a ${typename} ID.`);
  return Number(id);
}
