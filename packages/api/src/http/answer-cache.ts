import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Plugin } from 'graphql-yoga';
import type { AnswerBuilt } from '../graphql/plugins/response-cache.js';
import type { ChangeWatcher, ResponseStore } from '../graphql/plugins/response-cache-store.js';
import { responseCacheLookups } from '../observability/metrics.js';
import { type Answered, REQUEST_ID_HEADER, requestIdOf } from '../observability/requests.js';
import { namesEntity } from './cache-headers.js';
import { negotiateEncoding } from './compression.js';
import { type CorsPolicy, type CorsScope, EXPOSED_RESPONSE_HEADERS } from './cors.js';
import { type RateLimiter, clientAddressFrom, rateLimitHeaders } from './rate-limit.js';

/** The rate limit an answer from this cache is charged to, as the plugins would charge it. */
export interface AnswerRateLimit {
  limiter: RateLimiter;
  /** Points a minute of an anonymous caller (its bucket's capacity). */
  anonymousPerMinute: number;
}

export interface AnswerCacheOptions {
  store: ResponseStore;
  watcher: ChangeWatcher;
  /** The most the entries may take, bodies, keys and headers counted. */
  maxBytes: number;
  cors: CorsPolicy;
  corsScope: (path: string) => CorsScope;
  /** Null when the server has no rate limits. */
  rateLimit: AnswerRateLimit | null;
  /** Reverse proxies in front (TRUST_PROXY): how the client's address is read. */
  trustProxy: number;
  /** Logs and counts an answered request as every other (observability/requests.ts). */
  record: (answered: Answered) => void;
  /** Seconds an answer may be kept (its `max-age`), by its GraphQL operation's name or its route. */
  ttlSeconds: (operation: string | undefined, graphql: boolean) => number;
  warn: (message: string) => void;
}

/** What the server noted while it built an answer: what it depends on, what it costs. */
interface Built extends AnswerBuilt {
  /** Points charged to the caller's rate-limit bucket. */
  points: number;
  /** GraphQL: the operation's name; a plain route: its pattern. */
  operation: string | undefined;
  graphql: boolean;
}

interface Entry {
  built: Built;
  status: number;
  /** The answer's headers but those of each request (request id, CORS, rate-limit figures). */
  headers: Record<string, string>;
  /** Headers of the `304` to a revalidation naming the entity tag. */
  notModified: Record<string, string>;
  /** Whether the answer carries the caller's `RateLimit-*` figures (the plain routes' do). */
  rateLimitHeaders: boolean;
  body: Uint8Array;
  /** The entity tag's hash (without the content coding), for `If-None-Match`. */
  hash: string;
  path: string;
  scope: CorsScope;
  expires: number;
  size: number;
}

/** Headers that belong to one request or are set when the answer is sent. */
const PER_REQUEST = new Set([
  REQUEST_ID_HEADER,
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
]);

/** The paths whose anonymous GETs may be answered from this cache (a persisted GraphQL operation, the producers' GeoJSON). */
const PATHS = ['/graphql', '/geo/producers.geojson'];

/** Whether a request may be answered from the cache, or its answer kept: an anonymous GET. */
function anonymousGet(req: IncomingMessage): boolean {
  return req.method === 'GET' && req.headers.authorization === undefined && req.headers['x-api-key'] === undefined;
}

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

/**
 * Everything of a request that its answer depends on: the path and query string as sent (operation
 * id and variables), `Accept` (the content type) and the content coding negotiated from
 * `Accept-Encoding`. `Origin` is applied to each answer (CORS), `Accept-Language` changes nothing
 * (a widget's language is one of its variables).
 */
const keyOf = (req: IncomingMessage) => `${req.url}\n${req.headers.accept ?? ''}\n${encodingOf(req.headers['accept-encoding'])}`;

/** The content coding negotiated for each `Accept-Encoding` value seen (browsers send a handful). */
const encodings = new Map<string, string>();
function encodingOf(acceptEncoding: string | undefined): string {
  if (acceptEncoding === undefined) return '';
  let encoding = encodings.get(acceptEncoding);
  if (encoding === undefined) {
    encoding = negotiateEncoding(acceptEncoding) ?? '';
    if (encodings.size >= 256) encodings.clear();
    if (acceptEncoding.length <= 256) encodings.set(acceptEncoding, encoding);
  }
  return encoding;
}

/** The client address of each connection, where no proxy header is read (it is the same for every request on it). */
const socketAddresses = new WeakMap<Socket, string>();

const sameGenerations = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((g, i) => g === b[i]);

/**
 * The answer cache (docs/caching.md): the final bytes of anonymous, public answers (a persisted
 * GraphQL GET, the producers' GeoJSON) as they were sent, compressed for their content coding, with
 * their headers, served in front of the GraphQL server without parsing, executing, serializing or
 * compressing again. An entry is served only while the response cache's generations of the record
 * kinds its answer was built from are those it was built at (after the same look at the change feed
 * the response cache makes), and at most its time to live; the least recently used entries go first
 * once they take `maxBytes`.
 *
 * A hit is charged to the caller's rate limit, answers `If-None-Match` with `304`, gets its CORS
 * headers, its request id, its log line and its metrics, as the same answer from the plugins would.
 * A request with a key, a POST, a document sent as text, a bucket without the points, an answer
 * with errors, anything but a `public` answer: the GraphQL server answers as without this cache.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly built = new WeakMap<Request, Built>();
  private bytes = 0;
  private failing = false;

  constructor(private readonly options: AnswerCacheOptions) {}

  /** Entries held, and the bytes they take. */
  get size() {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Notes what an anonymous GraphQL answer was built from (the response cache's onAnswer). */
  noteGraphQL(request: Request, built: AnswerBuilt, operation: string | undefined) {
    this.built.set(request, { ...built, points: Math.max(1, Math.ceil(built.cost ?? 1)), operation, graphql: true });
  }

  /**
   * Notes, before a plain route computes its answer, the generations of the kinds it is built from
   * (after a look at the change feed if the last is a second old). Counted as a miss of the cache.
   */
  async notePlain(request: Request, route: string, kinds: readonly string[], points: number): Promise<void> {
    if (request.method !== 'GET') return;
    if (request.headers.has('authorization') || request.headers.has('x-api-key')) {
      responseCacheLookups.inc({ result: 'bypass' });
      return;
    }
    try {
      await this.options.watcher.current();
      const generations = await this.options.store.generations(kinds);
      this.built.set(request, { kinds, generations, cost: undefined, points, operation: route, graphql: false });
      responseCacheLookups.inc({ result: 'miss' });
    } catch {
      // The response cache reports the store's and the feed's failures; this answer is just not kept.
    }
  }

  /**
   * Keeps the final answer (put after the HTTP layer, which compresses it, and before the request
   * log): a `200` marked `public` whose request was an anonymous GET that the server noted.
   */
  readonly plugin: Plugin = {
    onResponse: async ({ request, response, serverContext, setResponse }) => {
      const built = this.built.get(request);
      const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
      if (!built || !req?.url || !anonymousGet(req) || !PATHS.includes(pathOf(req.url))) return;
      const cacheControl = response.headers.get('cache-control') ?? '';
      const etag = response.headers.get('etag');
      if (response.status !== 200 || !response.body || !/^public\b/.test(cacheControl) || !etag || response.headers.has('set-cookie')) return;
      const body = new Uint8Array(await response.arrayBuffer());
      const sent = new Headers(response.headers);
      sent.set('content-length', String(body.byteLength));
      setResponse(new Response(body, { status: response.status, headers: sent }));
      const headers: Record<string, string> = {};
      let rateLimited = false;
      let size = body.byteLength + req.url.length * 2 + 256;
      response.headers.forEach((value, name) => {
        if (name.startsWith('ratelimit-')) rateLimited = true;
        else if (!PER_REQUEST.has(name)) {
          headers[name] = value;
          size += (name.length + value.length) * 2;
        }
      });
      if (size > this.options.maxBytes / 16) return;
      const notModified = { ...headers };
      delete notModified['content-type'];
      delete notModified['content-encoding'];
      const path = pathOf(req.url);
      this.put(keyOf(req), {
        built,
        status: response.status,
        headers,
        notModified,
        rateLimitHeaders: rateLimited,
        body,
        hash: etag
          .replace(/^W\//, '')
          .replace(/^"(.*)"$/, '$1')
          .replace(/-(br|gzip)$/, ''),
        path,
        scope: this.options.corsScope(path),
        // No longer than the response cache's entry it came from, if it did.
        expires: Math.min(built.expires ?? Infinity, Date.now() + this.options.ttlSeconds(built.operation, built.graphql) * 1000),
        size,
      });
    },
  };

  private put(key: string, entry: Entry) {
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, entry);
    this.bytes += entry.size;
    for (const [oldest, e] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.remove(oldest, e);
    }
  }

  private remove(key: string, entry: Entry) {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  /** Drops every entry (on dispose). */
  clear() {
    this.entries.clear();
    this.bytes = 0;
  }

  /** A Node request listener: what the cache holds is answered here, anything else by `next` (the GraphQL server). */
  listener(next: RequestListener): RequestListener {
    return (req, res) => {
      const started = performance.now();
      const url = req.url;
      if (!url || !anonymousGet(req) || !PATHS.includes(pathOf(url))) return next(req, res);
      const key = keyOf(req);
      const entry = this.entries.get(key);
      if (!entry) return next(req, res);
      if (entry.expires <= Date.now()) {
        this.remove(key, entry);
        return next(req, res);
      }
      this.answer(req, res, key, entry, started).then(
        (answered) => {
          if (!answered) next(req, res);
        },
        (error: unknown) => {
          if (!this.failing) this.options.warn(`Answer cache: ${(error as Error).message}; answering without it until it works again.`);
          this.failing = true;
          if (!res.headersSent) next(req, res);
        },
      );
    };
  }

  private addressOf(req: IncomingMessage): string {
    const { trustProxy } = this.options;
    const forwarded = trustProxy > 0 ? (req.headers['x-forwarded-for'] as string | undefined) : undefined;
    if (forwarded !== undefined) return clientAddressFrom(req.socket.remoteAddress, forwarded, trustProxy);
    let address = socketAddresses.get(req.socket);
    if (address === undefined) socketAddresses.set(req.socket, (address = clientAddressFrom(req.socket.remoteAddress, null, trustProxy)));
    return address;
  }

  private async answer(req: IncomingMessage, res: ServerResponse, key: string, entry: Entry, started: number): Promise<boolean> {
    const { store, watcher, rateLimit } = this.options;
    try {
      await watcher.current();
      const current = await store.generations(entry.built.kinds);
      if (!sameGenerations(current, entry.built.generations)) {
        this.remove(key, entry);
        return false;
      }
    } catch {
      // The store or the feed does not answer: the GraphQL server answers without the cache, and says so.
      return false;
    }
    const address = this.addressOf(req);
    let limitHeaders: Record<string, string> | undefined;
    if (rateLimit) {
      const capacity = rateLimit.anonymousPerMinute;
      const result = await rateLimit.limiter.take(`ip:${address}`, Math.min(entry.built.points, capacity), capacity, capacity / 60);
      // A bucket without the points: the plugins refuse it, as they do every refusal.
      if (!result.allowed) return false;
      if (entry.rateLimitHeaders) limitHeaders = rateLimitHeaders({ result, capacity });
    }
    this.failing = false;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    const revalidated = namesEntity((req.headers['if-none-match'] as string | undefined) ?? null, entry.hash);
    const headers: Record<string, string> = { ...(revalidated ? entry.notModified : entry.headers), ...limitHeaders };
    const id = requestIdOf(req.headers[REQUEST_ID_HEADER] as string | undefined);
    headers[REQUEST_ID_HEADER] = id;
    const allow = this.options.cors.allowOrigin(req.headers.origin ?? null, entry.scope);
    if (allow) {
      headers['access-control-allow-origin'] = allow;
      headers['access-control-expose-headers'] = EXPOSED_RESPONSE_HEADERS.join(', ');
    }
    const status = revalidated ? 304 : entry.status;
    if (!revalidated) headers['content-length'] = String(entry.body.byteLength);
    responseCacheLookups.inc({ result: 'hit' });
    this.options.record({
      id,
      started,
      method: 'GET',
      path: entry.path,
      status,
      graphql: entry.built.graphql,
      operation: entry.built.operation,
      cost: entry.built.cost,
      address,
    });
    res.writeHead(status, headers);
    res.end(revalidated ? undefined : entry.body);
    return true;
  }
}

const caches = new WeakMap<object, AnswerCache>();

/** Ties an answer cache to the GraphQL server whose answers it keeps. */
export function attachAnswerCache(server: object, cache: AnswerCache) {
  caches.set(server, cache);
}

/**
 * The Node request listener of a GraphQL server: its answer cache in front of it, when it has one.
 * `next` answers what the cache does not (the server itself unless given).
 */
export function nodeListener(server: RequestListener, next: RequestListener = server): RequestListener {
  const cache = caches.get(server);
  return cache ? cache.listener(next) : next;
}
