import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeGlobalId } from '../ids.js';
import { repoRoot } from '../config.js';
import type { Context } from '../graphql/context.js';
import type { Database } from '../db/database.js';
import { UserError } from '../errors.js';
import { CACHE_POLICY, cacheControl, namesEntity } from './cache-headers.js';
import { MIN_COMPRESS_BYTES, negotiateEncoding } from './compression.js';
import { addVary } from './cors.js';
import { httpError } from './errors.js';
import type { Route } from './routes.js';
import { createLoaders } from '../graphql/loaders.js';
import { producerWhere } from '../graphql/schema/producer.js';
import { embedPage } from './embed-page.js';

/** Where `pnpm --filter @food-commons/widgets build` writes the bundle. */
export const widgetsDist = path.join(repoRoot, 'packages', 'widgets', 'dist');

/** The most producers one /geo/producers.geojson response carries (about 1.5 MB of GeoJSON). */
export const MAX_GEO_PRODUCERS = 20_000;

const CERTIFICATION_SCHEMES = [
  'ASC',
  'BIO_SIEGEL',
  'DEBIO',
  'EU_ORGANIC',
  'KRAV',
  'LUOMU',
  'MSC',
  'NYT_NORGE',
  'OE_MAERKET',
  'OTHER',
  'SVENSKT_SIGILL',
] as const;
type Scheme = (typeof CERTIFICATION_SCHEMES)[number];

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The unversioned entry changes with each release: caches keep it briefly. */
const SHORT = 'public, max-age=300';

/** The widgets package's version: the versioned, immutable URL is /widgets/<version>/foodcommons.js. */
let versionPromise: Promise<string> | undefined;
export function widgetsVersion(): Promise<string> {
  versionPromise ??= readFile(path.join(repoRoot, 'packages', 'widgets', 'package.json'), 'utf8').then(
    (text) => (JSON.parse(text) as { version: string }).version,
  );
  return versionPromise;
}

/**
 * The built widget bundle, the /embed page, and the GeoJSON the widgets draw:
 *
 * - `/widgets/foodcommons.js` (short cache) and `/widgets/<version>/foodcommons.js` (immutable), with
 *   their lazily loaded chunks under `chunks/` (content-hashed, immutable); open to any origin,
 *   since municipalities load the script from their own sites.
 * - `/embed`: the snippet builder.
 * - `/geo/municipalities/<code>.geojson`, `/geo/municipalities.geojson?codes=…|bbox=…`: simplified
 *   boundaries, the offline basemap of the producer map.
 * - `/geo/producers.geojson?municipality=…&bbox=…&category=…&certification=…&tender-ready=…&search=…&limit=…`:
 *   every matching producer's published location in one compact response, so a map of 10,000
 *   producers is one request rather than a hundred pages. At most `limit` (default and maximum
 *   20,000) producers: a request matching more is refused with a message saying how to narrow it,
 *   never silently cut.
 */
export function widgetRoutes(db: Database): Route[] {
  return [
    {
      method: 'GET',
      path: '/embed',
      handler: async () =>
        new Response(embedPage(await widgetsVersion()), {
          headers: {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy':
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'",
          },
        }),
    },
    // Module scripts loaded from another origin need CORS; the bundle is public, so any origin.
    { method: 'GET', path: '/widgets/*file', cors: 'any', handler: (_request, _url, { file }) => serveBundleFile(file!) },
    { method: 'GET', path: '/geo/municipalities/:code.geojson', handler: (_request, _url, { code }) => municipalityFeature(db, code!) },
    { method: 'GET', path: '/geo/municipalities.geojson', handler: (_request, url) => municipalitiesCollection(db, url.searchParams) },
    {
      method: 'GET',
      path: '/geo/producers.geojson',
      handler: async (request, url) => {
        const response = await producersCollection(db, url.searchParams);
        return response.ok ? revalidatable(request, response) : noStore(request, response);
      },
    },
  ];
}

async function serveBundleFile(rest: string): Promise<Response> {
  const version = await widgetsVersion();
  let file = rest;
  let cache = SHORT;
  if (rest.startsWith(`${version}/`)) {
    file = rest.slice(version.length + 1);
    cache = IMMUTABLE;
  } else if (rest.startsWith('chunks/')) {
    cache = IMMUTABLE; // content-hashed names
  }
  if (!/^(chunks\/)?[A-Za-z0-9_.-]+\.(js|map|json)$/.test(file) || file.includes('..')) {
    return httpError(404, 'NOT_FOUND', `No widget file ${rest}.`);
  }
  let body: Buffer;
  try {
    body = await readFile(path.join(widgetsDist, file));
  } catch {
    const built = await readFile(path.join(widgetsDist, 'foodcommons.js')).then(
      () => true,
      () => false,
    );
    return built
      ? httpError(404, 'NOT_FOUND', `No widget file ${rest}.`)
      : httpError(503, 'UNAVAILABLE', 'The widget bundle is not built: run `npx pnpm --filter @food-commons/widgets build`.');
  }
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': cache,
      'cross-origin-resource-policy': 'cross-origin',
    },
  });
}

const geojson = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'public, max-age=300' } });

/** A refusal is not kept: the same URL may be answered once the data or the request changes. */
function noStore(request: Request, response: Response): Response {
  response.headers.set('cache-control', request.headers.has('authorization') ? 'private, no-store' : 'no-store');
  return response;
}

/**
 * The producers' GeoJSON is cached like the map's persisted operation (cache-headers.ts): public for
 * `CACHE_POLICY.ProducerMap` (max-age 60 s, stale-while-revalidate 300 s), a strong `ETag` (the
 * SHA-256 of the body, with the content coding the HTTP layer will apply: `"<hash>-br"`), `304`
 * without a body for an `If-None-Match` naming it, and `Vary: Authorization, Accept, Accept-Encoding`.
 * A request with a key is `private, no-store`, as GraphQL's are.
 */
async function revalidatable(request: Request, response: Response): Promise<Response> {
  if (request.headers.has('authorization')) return noStore(request, response);
  const body = await response.text();
  const hash = createHash('sha256').update(body).digest('base64url');
  const encoding = Buffer.byteLength(body) >= MIN_COMPRESS_BYTES ? negotiateEncoding(request.headers.get('accept-encoding')) : null;
  const headers = new Headers(response.headers);
  headers.set('cache-control', cacheControl(CACHE_POLICY.ProducerMap!));
  headers.set('etag', `"${hash}${encoding ? `-${encoding}` : ''}"`);
  addVary(headers, 'Authorization', 'Accept', 'Accept-Encoding');
  if (namesEntity(request.headers.get('if-none-match'), hash)) {
    headers.delete('content-type');
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: response.status, headers });
}

const problem = (status: number, message: string, field?: string) =>
  httpError(status, status === 404 ? 'NOT_FOUND' : status === 413 ? 'TOO_MANY_RESULTS' : 'BAD_USER_INPUT', message, { field });

type Row = {
  code: string;
  name: string;
  names: Record<string, string> | string | null;
  level: string;
  boundary: unknown;
  centroid_lat: number;
  centroid_lon: number;
};
/** A municipality as a GeoJSON feature: its code, official name, names by language (or null), level and interior point. */
const feature = (m: Row) => ({
  type: 'Feature',
  id: m.code,
  properties: {
    code: m.code,
    name: m.name,
    names: typeof m.names === 'string' ? (JSON.parse(m.names) as Record<string, string>) : (m.names ?? null),
    level: m.level,
    centroid: [m.centroid_lon, m.centroid_lat],
  },
  geometry: m.boundary,
});
const FEATURE_COLUMNS = 'code, name, names, level::text AS level, boundary, centroid_lat, centroid_lon';

/** Parses `bbox=minLon,minLat,maxLon,maxLat`; null when absent, a problem response when malformed. */
function parseBbox(text: string | null): number[] | null | Response {
  if (!text) return null;
  const bbox = text.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  const [minLon, minLat, maxLon, maxLat] = bbox as [number, number, number, number];
  if (bbox.length !== 4 || bbox.some((n) => !Number.isFinite(n)) || minLon > maxLon || minLat > maxLat || minLat < -90 || maxLat > 90) {
    return problem(400, '`bbox` must be minLon,minLat,maxLon,maxLat in degrees, min before max.', 'bbox');
  }
  return bbox;
}

/** Parses a comma list query parameter ("a,b" or repeated), trimmed, without empties. */
const list = (params: URLSearchParams, name: string) =>
  params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

async function municipalityFeature(db: Database, code: string): Promise<Response> {
  if (!/^[A-Za-z]{2}-\d{2,5}$/.test(code)) return problem(404, `No municipality with code ${code.slice(0, 50)}.`, 'code');
  const rows = await db.sql.query<Row>(`SELECT ${FEATURE_COLUMNS} FROM municipality WHERE code = $1 AND deleted_at IS NULL`, [code.toUpperCase()]);
  const row = rows[0];
  return row ? geojson(feature(row)) : problem(404, `No municipality with code ${code}.`, 'code');
}

async function municipalitiesCollection(db: Database, params: URLSearchParams): Promise<Response> {
  const codes = list(params, 'codes').map((c) => c.toUpperCase());
  const bboxText = params.get('bbox');
  if (codes.length === 0 && !bboxText) return problem(400, 'Give `codes` (comma list, e.g. NO-3901,NO-3903) or `bbox` (minLon,minLat,maxLon,maxLat).', 'codes');
  if (codes.length > 2000) return problem(400, 'At most 2,000 codes.', 'codes');
  const bad = codes.find((c) => !/^[A-Z]{2}-\d{2,5}$/.test(c));
  if (bad) return problem(400, `"${bad}" is not a municipality code (like NO-3901).`, 'codes');
  const bbox = parseBbox(bboxText);
  if (bbox instanceof Response) return bbox;
  const rows = await db.sql.query<Row>(
    `SELECT ${FEATURE_COLUMNS} FROM municipality
      WHERE deleted_at IS NULL
        AND (cardinality($1::text[]) = 0 OR code = ANY($1::text[]))
        AND ($2::float8[] IS NULL OR (max_lon >= ($2::float8[])[1] AND min_lat <= ($2::float8[])[4] AND min_lon <= ($2::float8[])[3] AND max_lat >= ($2::float8[])[2]))
      ORDER BY code`,
    [codes, bbox],
  );
  const missing = codes.filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) return problem(404, `No municipality with code ${missing.join(', ')}.`, 'codes');
  return geojson({ type: 'FeatureCollection', features: rows.map(feature) });
}

async function producersCollection(db: Database, params: URLSearchParams): Promise<Response> {
  const certification = list(params, 'certification').map((c) => c.toUpperCase());
  const badScheme = certification.find((c) => !(CERTIFICATION_SCHEMES as readonly string[]).includes(c));
  if (badScheme) return problem(400, `"${badScheme}" is not a certification scheme (one of ${CERTIFICATION_SCHEMES.join(', ')}).`, 'certification');
  const tenderReadyText = params.get('tender-ready');
  if (tenderReadyText !== null && !['true', 'false', ''].includes(tenderReadyText))
    return problem(400, '`tender-ready` must be true or false.', 'tender-ready');
  const bbox = parseBbox(params.get('bbox'));
  if (bbox instanceof Response) return bbox;
  const limitText = params.get('limit');
  const limit = limitText === null ? MAX_GEO_PRODUCERS : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_GEO_PRODUCERS) {
    return problem(400, `\`limit\` must be a whole number from 1 to ${MAX_GEO_PRODUCERS.toLocaleString('en')}.`, 'limit');
  }
  const municipality = list(params, 'municipality');
  const category = list(params, 'category');
  const search = params.get('search')?.trim();
  const ctx: Context = { db, viewer: null, loaders: createLoaders(db) };
  let where;
  try {
    where = await producerWhere(ctx, {
      municipality: municipality.length ? municipality : undefined,
      category: category.length ? category : undefined,
      certification: certification.length ? (certification as Scheme[]) : undefined,
      tenderReady: tenderReadyText === null ? undefined : tenderReadyText !== 'false',
      search: search || undefined,
    });
  } catch (error) {
    if (error instanceof UserError) {
      const field = String(error.extensions.field ?? '').replace(/^filter\./, '');
      return problem(400, error.message, field || undefined);
    }
    throw error;
  }
  const [minLon, minLat, maxLon, maxLat] = bbox ?? [];
  const producers = await db.prisma.producer.findMany({
    where: {
      AND: [
        where,
        // The published location: a sole trader without consent is placed (and so found) at the municipality's centre.
        bbox ? { publicLat: { gte: minLat, lte: maxLat }, publicLon: { gte: minLon, lte: maxLon } } : { publicLat: { not: null }, publicLon: { not: null } },
      ],
    },
    select: { id: true, name: true, kind: true, tenderReady: true, publicLat: true, publicLon: true, municipalityCode: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    // One more than allowed tells that the request matches too many, without counting them all.
    take: limit + 1,
  });
  if (producers.length > limit) {
    return problem(
      413,
      `More than ${limit.toLocaleString('en')} producers match: narrow the request with municipality, bbox, category, certification, tender-ready or search.`,
      'limit',
    );
  }
  return geojson({
    type: 'FeatureCollection',
    features: producers.map((r) => ({
      type: 'Feature',
      id: encodeGlobalId('Producer', r.id),
      properties: { name: r.name, kind: r.kind, tenderReady: r.tenderReady, municipality: r.municipalityCode },
      geometry: { type: 'Point', coordinates: [r.publicLon, r.publicLat] },
    })),
  });
}
