import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import ipaddr from 'ipaddr.js';
import { hashApiKey } from '../access/auth.js';
import type { Config } from '../config.js';
import type { Context } from '../graphql/context.js';
import type { Database } from '../db/database.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../observability/log.js';
import { rateLimitRejections } from '../observability/metrics.js';
import { httpError } from './errors.js';

/**
 * Rate limits in cost points, as token buckets: a caller's bucket holds at most its per-minute budget
 * and refills continuously (budget / 60 points a second), so a burst may spend the whole budget at
 * once and then gets as much as it is given back. Anonymous callers are counted per client address
 * (IPv6 per /64), API keys per key. Buckets live in this process's memory, or in Redis when
 * REDIS_URL is set so that every replica draws from the same budget.
 */

/** The outcome of taking points from a bucket. */
export interface TakeResult {
  /** Whether the bucket held the points (and they were taken). */
  allowed: boolean;
  /** Whole points left in the bucket afterwards. */
  remaining: number;
  /** Seconds until the bucket holds the points asked for (0 when allowed). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

export interface RateLimiter {
  /**
   * Takes `points` from the bucket `bucketKey` (capacity `capacity`, refilled with `refillPerSecond`
   * points a second), or takes nothing and says how long to wait when it holds fewer.
   */
  take(bucketKey: string, points: number, capacity: number, refillPerSecond: number): Promise<TakeResult>;
  /** Checks that the shared store answers (readiness); absent for limiters in memory. */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

function outcome(allowed: boolean, tokens: number, points: number, capacity: number, refillPerSecond: number): TakeResult {
  return {
    allowed,
    remaining: Math.max(0, Math.floor(tokens)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((points - tokens) / refillPerSecond)),
    resetSeconds: Math.max(0, Math.ceil((capacity - tokens) / refillPerSecond)),
  };
}

interface Bucket {
  tokens: number;
  /** Milliseconds (clock of the limiter) when `tokens` was counted. */
  at: number;
  capacity: number;
  refillPerSecond: number;
}

/**
 * Buckets in this process's memory. A full bucket is the same as no bucket, so only partly spent ones
 * are kept; past `maxBuckets` the ones that have refilled are dropped, then the least recently used,
 * so a flood from many addresses cannot grow memory without bound.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxBuckets: number;
  private readonly now: () => number;

  constructor(options: { maxBuckets?: number; now?: () => number } = {}) {
    this.maxBuckets = options.maxBuckets ?? 100_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Buckets held (partly spent ones). */
  get size(): number {
    return this.buckets.size;
  }

  async take(bucketKey: string, points: number, capacity: number, refillPerSecond: number): Promise<TakeResult> {
    return this.takeNow(bucketKey, points, capacity, refillPerSecond);
  }

  takeNow(bucketKey: string, points: number, capacity: number, refillPerSecond: number): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(bucketKey);
    let tokens = bucket ? Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * refillPerSecond) : capacity;
    const allowed = tokens >= points;
    if (allowed) tokens -= points;
    // Deleting and setting again keeps the map in order of last use, oldest first.
    this.buckets.delete(bucketKey);
    if (tokens < capacity) {
      this.buckets.set(bucketKey, { tokens, at: now, capacity, refillPerSecond });
      if (this.buckets.size > this.maxBuckets) this.evict(now);
    }
    return outcome(allowed, tokens, points, capacity, refillPerSecond);
  }

  private evict(now: number) {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * b.refillPerSecond >= b.capacity) this.buckets.delete(key);
    }
    // Down to 90 % so the sweep above runs once per many new buckets, not on every one.
    const target = Math.floor(this.maxBuckets * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

/**
 * One atomic step of a bucket in Redis, timed by the Redis server's clock so that replicas with
 * skewed clocks agree. The hash holds the points (`t`) and when they were counted (`ts`, ms); it
 * expires once the bucket would be full again, which is the same as no bucket.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local points = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
elseif now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate / 1000)
else
  now = ts
end
local allowed = 0
if tokens >= points then
  tokens = tokens - points
  allowed = 1
end
if tokens < capacity then
  redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
else
  redis.call('DEL', KEYS[1])
end
return { allowed, tostring(tokens) }
`;
const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

/** The address of a Redis URL without its password, for messages. */
function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'Redis';
  }
}

/**
 * Buckets in Redis, shared by every replica. While Redis does not answer, the buckets of this
 * process's memory take over (one warning line), and Redis again once it answers.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly redis: Redis;
  private readonly fallback: RateLimiter;
  private readonly warn: (message: string) => void;
  private readonly label: string;
  private connecting: Promise<void> | undefined;
  private degraded = false;
  /** After a failed command, Redis is asked again only from this time on (performance.now() ms). */
  private skipUntil = 0;

  constructor(url: string, options: { prefix?: string; fallback?: RateLimiter; warn?: (message: string) => void; commandTimeoutMs?: number } = {}) {
    this.fallback = options.fallback ?? new MemoryRateLimiter();
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.label = redisLabel(url);
    this.redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      // Fail at once while disconnected, so requests are limited in memory instead of waiting.
      enableOfflineQueue: false,
      // A Redis that accepts connections but does not answer must not hold requests either.
      commandTimeout: options.commandTimeoutMs ?? 1000,
      keyPrefix: options.prefix ?? 'fc:ratelimit:',
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Without a listener ioredis prints every failed reconnection attempt.
    this.redis.on('error', (error: Error) => this.degrade(error));
  }

  private degrade(error: Error) {
    if (this.degraded) return;
    this.degraded = true;
    this.warn(`Rate limits: Redis at ${this.label} does not answer (${error.message}); counting in this process's memory until it does.`);
  }

  async ping(): Promise<void> {
    this.connecting ??= this.redis.connect().catch((error: Error) => this.degrade(error));
    await this.connecting;
    await this.redis.ping();
  }

  async take(bucketKey: string, points: number, capacity: number, refillPerSecond: number): Promise<TakeResult> {
    this.connecting ??= this.redis.connect().catch((error: Error) => this.degrade(error));
    await this.connecting;
    if (this.redis.status !== 'ready' || performance.now() < this.skipUntil) {
      this.degrade(new Error(`connection ${this.redis.status}`));
      return this.fallback.take(bucketKey, points, capacity, refillPerSecond);
    }
    try {
      const args = [String(capacity), String(refillPerSecond), String(points)];
      let reply: unknown;
      try {
        reply = await this.redis.evalsha(TAKE_SHA, 1, bucketKey, ...args);
      } catch (error) {
        if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
        reply = await this.redis.eval(TAKE_SCRIPT, 1, bucketKey, ...args);
      }
      const [allowed, tokens] = reply as [number, string];
      if (this.degraded) {
        this.degraded = false;
        this.warn(`Rate limits: Redis at ${this.label} answers again; budgets are shared across replicas again.`);
      }
      return outcome(allowed === 1, Number(tokens), points, capacity, refillPerSecond);
    } catch (error) {
      // A Redis that times out would hold every request for the timeout: ask it again in a second.
      this.skipUntil = performance.now() + 1000;
      this.degrade(error as Error);
      return this.fallback.take(bucketKey, points, capacity, refillPerSecond);
    }
  }

  async close(): Promise<void> {
    await this.fallback.close();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}

/**
 * The bucket of a client address: IPv4-mapped IPv6 as IPv4, IPv6 by its /64 (one subscriber's
 * network usually holds a whole /64), anything unreadable as `unknown`.
 */
export function normalizeAddress(raw: string | undefined | null): string {
  if (!raw) return 'unknown';
  // Every request asks, and a proxy or a busy client asks with the same few addresses: parsing one
  // (ipaddr.js tries each form in turn) cost 0.1 ms, a tenth of a small query's time. Only what could
  // be an address is kept (the longest IPv6 text with a zone is under 64 characters): a client's own
  // X-Forwarded-For entries of kilobytes would otherwise fill the memory with keys.
  if (raw.length > MAX_ADDRESS_TEXT) return parseAddress(raw);
  let bucket = addressBuckets.get(raw);
  if (bucket === undefined) {
    if (addressBuckets.size >= ADDRESS_BUCKETS_KEPT) addressBuckets.clear();
    bucket = parseAddress(raw);
    addressBuckets.set(raw, bucket);
  }
  return bucket;
}

/** Addresses already normalized, at most this many (then forgotten all at once: a flood of new addresses costs only their parsing). */
const ADDRESS_BUCKETS_KEPT = 10_000;
const MAX_ADDRESS_TEXT = 64;
const addressBuckets = new Map<string, string>();

function parseAddress(raw: string): string {
  const text = raw
    ?.trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (!text || !ipaddr.isValid(text)) return 'unknown';
  let address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/**
 * The calling client's address: the socket's peer, or with `trustProxy` reverse proxies in front the
 * address `trustProxy` hops from the right of `X-Forwarded-For` (the furthest one when the header has
 * fewer). Addresses further left were written by the client and prove nothing.
 */
export function clientAddressOf(request: Request, serverContext: unknown, trustProxy: number): string {
  const socketAddress = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress;
  return clientAddressFrom(socketAddress, trustProxy > 0 ? request.headers.get('x-forwarded-for') : null, trustProxy);
}

/** As `clientAddressOf`, from the socket's peer address and the `X-Forwarded-For` header. */
export function clientAddressFrom(socketAddress: string | undefined, forwarded: string | null | undefined, trustProxy: number): string {
  const chain = [socketAddress ?? 'unknown'];
  if (trustProxy > 0 && forwarded)
    chain.push(
      ...forwarded
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean)
        .reverse(),
    );
  return normalizeAddress(chain[Math.min(trustProxy, chain.length - 1)]);
}

/**
 * Points a plain HTTP request costs, or null for routes without a limit (GraphQL is charged by each
 * operation's cost instead; health checks, the widget files and the embed page cost nothing).
 */
export function routePoints(method: string, pathname: string): number | null {
  if (method === 'OPTIONS') return null;
  if (pathname === '/graphql' || pathname === '/' || pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return null;
  if (pathname.startsWith('/widgets/') || pathname === '/embed' || pathname === '/embed/') return null;
  // A whole table as CSV.
  if (pathname === '/export' || pathname.startsWith('/export/')) return 200;
  // Every public producer location in one document.
  if (pathname === '/geo/producers.geojson') return 50;
  // One page of DFC JSON-LD.
  if (pathname.startsWith('/dfc/')) return 20;
  return 10;
}

export interface Charge {
  result: TakeResult;
  capacity: number;
}

export function rateLimitHeaders({ result, capacity }: Charge): Record<string, string> {
  return {
    'RateLimit-Limit': String(capacity),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': String(result.resetSeconds),
    'RateLimit-Policy': `${capacity};w=60`,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function isExecutionResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}

export interface RateLimits {
  /**
   * Put before the plain HTTP routes: notes each request's client address, charges plain routes their
   * points (429 once spent), refuses GraphQL requests from an address whose bucket is empty before
   * they are parsed, and adds the RateLimit-* headers to every limited response. Closes Redis on dispose.
   */
  http: Plugin;
  /** Put after the cost limit: takes each operation's cost from the caller's bucket before it executes. */
  graphql: Plugin<Context>;
  /** The client address of a request seen by `http` (for the context). */
  clientAddress(request: Request): string;
  limiter: RateLimiter;
  close(): Promise<void>;
}

/** Rate limits of one server, in memory or in Redis when `config.redisUrl` is set. */
export function createRateLimits(
  db: Database,
  config: Pick<Config, 'redisUrl' | 'rateLimit' | 'trustProxy'>,
  options: { limiter?: RateLimiter; refusalDelayMs?: number; log?: Logger } = {},
): RateLimits {
  const log = options.log;
  const limiter =
    options.limiter ??
    (config.redisUrl
      ? new RedisRateLimiter(config.redisUrl, { prefix: config.rateLimit.redisPrefix, warn: log ? (message) => log.warn(message) : undefined })
      : new MemoryRateLimiter());
  const addresses = new WeakMap<Request, string>();
  const charges = new WeakMap<Request, Charge>();
  const anonymous = config.rateLimit.anonymousPerMinute;
  const refusalDelayMs = options.refusalDelayMs ?? 1000;
  let held = 0;

  /**
   * Holds a refusal for a moment before it is sent. A client told to wait gains nothing by asking
   * sooner, and a flood gets one answer a second per connection instead of as many as the server can
   * write, which leaves the CPU to everyone else. Never more than 10,000 held at once, and none for a
   * client that went away.
   */
  async function holdRefusal(request: Request) {
    if (refusalDelayMs <= 0 || held >= 10_000) return;
    held++;
    try {
      await sleep(refusalDelayMs, undefined, { signal: request.signal });
    } catch {
      // The client went away.
    } finally {
      held--;
    }
  }
  const keyed = config.rateLimit.keyPerMinute;

  async function charge(request: Request, bucketKey: string, capacity: number, points: number): Promise<Charge> {
    // An operation dearer than the whole budget may still run, with a full bucket, and empties it.
    const result = await limiter.take(bucketKey, Math.min(points, capacity), capacity, capacity / 60);
    const spent = { result, capacity };
    charges.set(request, spent);
    return spent;
  }

  /** The API key's ID behind a bearer token, when it is a key in use; plain routes do not need one. */
  async function keyIdOf(authorization: string | null): Promise<number | null> {
    const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
    if (!match) return null;
    const key = await db.prisma.apiKey.findUnique({ where: { hash: hashApiKey(match[1]!) }, select: { id: true, revokedAt: true } });
    return key && !key.revokedAt ? key.id : null;
  }

  const clientAddress = (request: Request) => addresses.get(request) ?? clientAddressOf(request, undefined, config.trustProxy);

  const http: Plugin = {
    async onRequest({ request, url, serverContext, endResponse }) {
      const address = clientAddressOf(request, serverContext, config.trustProxy);
      addresses.set(request, address);
      if (url.pathname === '/graphql') {
        // A client that has spent its budget is refused before its query is parsed, so a flood from
        // one address costs the others little. Keyed callers are checked per operation (their key is
        // only known after authentication).
        if (request.method === 'OPTIONS' || request.headers.has('authorization')) return;
        // GraphiQL's page is not an operation; a persisted one by id is.
        if (request.method === 'GET' && !url.searchParams.has('query') && !url.searchParams.has('id')) return;
        const spent = await charge(request, `ip:${address}`, anonymous, 0);
        if (spent.result.remaining >= 1) return;
        const retryAfter = Math.max(1, Math.ceil(1 / (anonymous / 60)));
        const error = new GraphQLError(`Rate limit: the budget of ${anonymous} points a minute for this address is spent; try again in ${retryAfter} s.`, {
          extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter },
        });
        rateLimitRejections.inc({ kind: 'graphql', caller: 'anonymous' });
        await holdRefusal(request);
        endResponse(
          new Response(JSON.stringify({ errors: [error.toJSON()] }), {
            status: 429,
            headers: { 'content-type': 'application/json; charset=utf-8', 'Retry-After': String(retryAfter), ...rateLimitHeaders(spent) },
          }),
        );
        return;
      }
      const points = routePoints(request.method, url.pathname);
      if (points === null) return;
      const keyId = await keyIdOf(request.headers.get('authorization'));
      const spent = keyId === null ? await charge(request, `ip:${address}`, anonymous, points) : await charge(request, `key:${keyId}`, keyed, points);
      if (spent.result.allowed) return;
      const retryAfter = spent.result.retryAfterSeconds;
      rateLimitRejections.inc({ kind: 'http', caller: keyId === null ? 'anonymous' : 'key' });
      await holdRefusal(request);
      endResponse(
        httpError(
          429,
          'TOO_MANY_REQUESTS',
          `Rate limit: this request costs ${points} points and ${spent.result.remaining} of ${spent.capacity} are left; try again in ${retryAfter} s.`,
          { headers: { 'Retry-After': String(retryAfter), ...rateLimitHeaders(spent) } },
        ),
      );
    },
    onResponse({ request, response, setResponse }) {
      const spent = charges.get(request);
      if (!spent) return;
      let out = response;
      try {
        out.headers.set('RateLimit-Limit', String(spent.capacity));
      } catch {
        // Headers of a response that came from fetch are immutable: answer with a copy.
        out = new Response(response.body, response);
        setResponse(out);
      }
      for (const [name, value] of Object.entries(rateLimitHeaders(spent))) out.headers.set(name, value);
    },
    onDispose: () => limiter.close(),
  };

  const graphql: Plugin<Context> = {
    async onExecute({ args, setResultAndStopExecution }) {
      const context: Context & { request?: Request } = args.contextValue;
      const request = context.request;
      const points = Math.max(1, Math.ceil(context.cost?.requested ?? 1));
      const capacity = context.viewer ? keyed : anonymous;
      const bucketKey = context.viewer ? `key:${context.viewer.apiKeyId}` : `ip:${context.clientAddress ?? (request ? clientAddress(request) : 'unknown')}`;
      const spent = request
        ? await charge(request, bucketKey, capacity, points)
        : { result: await limiter.take(bucketKey, Math.min(points, capacity), capacity, capacity / 60), capacity };
      const throttleStatus = { maximumAvailable: capacity, currentlyAvailable: spent.result.remaining, restoreRate: round2(capacity / 60) };
      if (!spent.result.allowed) {
        const retryAfter = spent.result.retryAfterSeconds;
        rateLimitRejections.inc({ kind: 'graphql', caller: context.viewer ? 'key' : 'anonymous' });
        if (request) await holdRefusal(request);
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `Rate limit: this operation costs ${points} points and ${spent.result.remaining} of ${capacity} are left; try again in ${retryAfter} s.`,
              {
                extensions: {
                  code: ErrorCode.RATE_LIMITED,
                  retryAfterSeconds: retryAfter,
                  http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
                },
              },
            ),
          ],
          extensions: { cost: { ...(context.cost ?? {}), throttleStatus } },
        });
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (!isExecutionResult(result)) return;
          const cost = (result.extensions?.cost ?? {}) as Record<string, unknown>;
          setResult({ ...result, extensions: { ...result.extensions, cost: { ...cost, throttleStatus } } });
        },
      };
    },
  };

  return { http, graphql, clientAddress, limiter, close: () => limiter.close() };
}
