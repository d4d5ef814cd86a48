import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { persistedOperationOf } from '../graphql/plugins/persisted.js';
import { MIN_COMPRESS_BYTES, editHeaders, negotiateEncoding, withBody } from './compression.js';
import { addVary } from './cors.js';
import { normalizePath } from './routes.js';

export interface CachePolicy {
  /** Seconds a browser or CDN may answer from its copy without asking (`max-age`). */
  maxAge: number;
  /** Seconds after that it may still answer from its copy while it fetches a fresh one (`stale-while-revalidate`). */
  staleWhileRevalidate: number;
}

/** Data partners change during the day: producers, kitchens, demand. */
const RECORDS: CachePolicy = { maxAge: 60, staleWhileRevalidate: 300 };
/** Figures computed from the deliveries (the rollup moves with each import) and the goals they are held to. */
const FIGURES: CachePolicy = { maxAge: 300, staleWhileRevalidate: 3_600 };
/** Reference data that changes with a release of the reference sources: categories, places. */
const REFERENCE: CachePolicy = { maxAge: 3_600, staleWhileRevalidate: 86_400 };

/**
 * How long each persisted operation's answer may be reused, by operation name (docs/caching.md has
 * the same table). Every operation of the manifest has an entry (a test checks it); an operation
 * without one is not cached.
 */
export const CACHE_POLICY: Record<string, CachePolicy> = {
  ProducerList: RECORDS,
  ProducerMap: RECORDS,
  FcProducerList: RECORDS,
  FcProducerCard: RECORDS,
  FcKitchens: RECORDS,
  FcDemandBoard: RECORDS,
  DeliveryStats: FIGURES,
  SharesByMunicipalityYear: FIGURES,
  GoalProgress: FIGURES,
  FcGoals: FIGURES,
  FcRanking: FIGURES,
  FcShareChart: FIGURES,
  FcSharesByYear: FIGURES,
  FcReportedValues: FIGURES,
  FcDemandCategories: REFERENCE,
  FcEmbedCategories: REFERENCE,
  FcEmbedMunicipalities: REFERENCE,
  FcRegionOf: REFERENCE,
};

/** Header value of a cacheable answer. */
export const cacheControl = (policy: CachePolicy) => `public, max-age=${policy.maxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}`;

/** The entity tags of an `If-None-Match` header, unquoted, `W/` dropped (the comparison is weak). */
function entityTags(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((t) =>
      t
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .filter(Boolean);
}

/** Whether an `If-None-Match` header names the representation whose body hashes to `hash` (any content coding), or `*`. */
export const namesEntity = (header: string | null, hash: string) => entityTags(header).some((t) => t === '*' || t.replace(/-(br|gzip)$/, '') === hash);

type Answer = { data?: unknown; errors?: unknown[]; extensions?: Extensions };
type Extensions = { cost?: Record<string, unknown>; responseCache?: string };

/**
 * The public representation of a GraphQL answer: the answer without what differs between requests
 * for the same data (the caller's remaining budget in `extensions.cost.throttleStatus`; whether the
 * server's response cache answered, `extensions.responseCache`: a hit and a miss of the same data are
 * the same bytes with the same tag, so that a copy kept by a browser, a CDN or the answer cache is
 * served again and a revalidation after either gets its 304). Null for an answer that is not public:
 * errors, no data, or not JSON.
 */
export function representation(text: string): string | null {
  // An answer with data and no error anywhere (errors come first in an answer; an "errors" key in the
  // data, an alias, takes the full reading), whose extensions are its last key: only they are read
  // and written again, not the data, which is most of the bytes.
  const tail = text.lastIndexOf(EXTENSIONS_KEY);
  if (text.startsWith('{"data":{') && !text.includes('"errors":') && tail > 0 && text.endsWith('}}')) {
    let extensions: Extensions | undefined;
    try {
      extensions = JSON.parse(text.slice(tail + EXTENSIONS_KEY.length, -1)) as Extensions;
    } catch {
      extensions = undefined; // not the answer's own extensions: the full reading below decides
    }
    if (extensions && typeof extensions === 'object' && !Array.isArray(extensions)) {
      const kept = publicExtensions(extensions);
      return `${text.slice(0, tail)}${kept ? `${EXTENSIONS_KEY}${JSON.stringify(kept)}` : ''}}`;
    }
  }
  let answer: Answer;
  try {
    answer = JSON.parse(text) as Answer;
  } catch {
    return null;
  }
  if (answer.errors?.length || answer.data == null) return null;
  if (answer.extensions) {
    const kept = publicExtensions(answer.extensions);
    if (kept) answer.extensions = kept;
    else delete answer.extensions;
  }
  return JSON.stringify(answer);
}

const EXTENSIONS_KEY = ',"extensions":';

function publicExtensions(extensions: Extensions): Extensions | undefined {
  if (extensions.cost) delete extensions.cost.throttleStatus;
  delete extensions.responseCache;
  return Object.keys(extensions).length ? extensions : undefined;
}

/**
 * Cache headers of the GraphQL endpoint's answers (GraphiQL's page aside, which the HTTP layer serves
 * with `no-cache`).
 *
 * A persisted operation run by GET without an API key that succeeds (200, data, no errors) is public:
 * `Cache-Control: public, max-age=…, stale-while-revalidate=…` from CACHE_POLICY, a strong `ETag`
 * (the SHA-256 of the body, with the content coding the HTTP layer will apply: `"<hash>-br"`), and
 * `If-None-Match` naming it is answered `304` without a body. `Vary: Authorization, Accept` (the
 * layer adds `Accept-Encoding` and, for CORS, `Origin`); the answer does not depend on
 * `Accept-Language` (the language is a variable). The per-caller rate-limit figures are left out of
 * a shared answer (`extensions.cost.throttleStatus`, the `RateLimit-*` headers): the cost itself
 * stays; so is `extensions.responseCache` (whether this request was answered from the cache).
 *
 * Anything else is `no-store`: POSTs, requests with a key (`private, no-store`), errors, operations
 * sent as documents.
 *
 * Runs before the HTTP layer, which compresses the body afterwards.
 */
export function cacheHeaders(options: { graphqlEndpoint: string }): Plugin {
  const endpoint = normalizePath(options.graphqlEndpoint);
  return {
    async onResponse({ request, response, setResponse }) {
      if (request.method === 'OPTIONS' || normalizePath(new URL(request.url).pathname) !== endpoint) return;
      if (/^text\/html/i.test(response.headers.get('content-type') ?? '')) return;
      const keyed = request.headers.has('authorization');
      const operation = persistedOperationOf(request);
      const policy = operation && CACHE_POLICY[operation.name];
      const noStore = (out: Response) => editHeaders(out, (headers) => headers.set('cache-control', keyed ? 'private, no-store' : 'no-store'));
      if (request.method !== 'GET' || keyed || !policy || response.status !== 200 || !response.body) {
        setResponse(noStore(response));
        return;
      }
      const text = await response.text();
      const body = representation(text);
      if (body === null) {
        setResponse(noStore(withBody(response, text)));
        return;
      }
      const hash = createHash('sha256').update(body).digest('base64url');
      // The HTTP layer compresses bodies of this size for this Accept-Encoding: each coding is its own
      // representation, with its own strong tag.
      const encoding = Buffer.byteLength(body) >= MIN_COMPRESS_BYTES ? negotiateEncoding(request.headers.get('accept-encoding')) : null;
      const etag = `"${hash}${encoding ? `-${encoding}` : ''}"`;
      const headers = new Headers(response.headers);
      for (const name of [...headers.keys()]) if (name.startsWith('ratelimit-')) headers.delete(name);
      headers.set('cache-control', cacheControl(policy));
      headers.set('etag', etag);
      headers.delete('content-length');
      addVary(headers, 'Authorization', 'Accept', 'Accept-Encoding');
      if (namesEntity(request.headers.get('if-none-match'), hash)) {
        headers.delete('content-type');
        setResponse(new Response(null, { status: 304, headers }));
        return;
      }
      setResponse(withBody(response, body, headers));
    },
  };
}
