import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder (where .data/, prisma/ and data/ live). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; undefined means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database. */
  pgliteDir: string;
  redisUrl: string | undefined;
  /** Origins allowed by CORS; ['*'] allows any (the default: the API serves open data). */
  corsOrigins: string[];
  logLevel: LogLevel;
  /** `json` (one object a line), `pretty` (for a person), or `auto`: pretty on a terminal, JSON otherwise. */
  logFormat: 'json' | 'pretty' | 'auto';
  /** The address widgets and exports link back to. */
  publicUrl: string;
  /** Key (32 bytes, hex or base64) that encrypts webhook signing secrets at rest; unset stores them as they are. */
  secretKey: Buffer | undefined;
  /**
   * Private targets webhooks may still deliver to (CIDR ranges such as `10.20.0.0/16` or host names), for
   * intranets and tests. Empty by default: loopback, private, link-local and similar addresses are refused.
   */
  webhookAllowedTargets: string[];
  /** Deadline of one request in milliseconds: its SQL is cancelled and its resolvers stop after it. */
  requestTimeoutMs: number;
  /** Rate limits in cost points per minute: anonymous callers (per client address) and API keys (per key). */
  rateLimit: {
    anonymousPerMinute: number;
    keyPerMinute: number;
    /** Prefix of the Redis keys (default `fc:ratelimit:`), for deployments or test runs that share one Redis. */
    redisPrefix?: string;
  };
  /** Hops of reverse proxies in front whose `X-Forwarded-For` is trusted for the client address (0: none). */
  trustProxy: number;
  /** Largest request body accepted (bytes), uploads included. */
  maxBodyBytes: number;
  /**
   * `anonymous` (PERSISTED_ONLY): callers without a key may run only the persisted operations of the
   * client and the widgets (by id); keys may send any document. `off` (the default): anyone may.
   */
  persistedOnly: 'off' | 'anonymous';
  /**
   * Whether an empty database gets the invented demo dataset next to the reference data (`FC_DEMO_DATA`).
   * Default: yes on the embedded PGlite database (a newcomer's first start), no with `DATABASE_URL`
   * (a production instance must not start life with fake producers and deliveries).
   */
  demoData: boolean;
  /**
   * The response cache of queries without an API key (RESPONSE_CACHE): `memory` (this process),
   * `redis` (shared by replicas; needs REDIS_URL) or `off`. Default: `redis` with REDIS_URL, else `memory`.
   */
  responseCache: 'memory' | 'redis' | 'off';
  /** Largest size of the in-memory response cache, in MB (RESPONSE_CACHE_MB). */
  responseCacheMb: number;
  /** Prefix of the response cache's Redis keys (RESPONSE_CACHE_PREFIX, default `fc:cache:`): deployments sharing one Redis each need their own. */
  responseCachePrefix: string;
  /** When set, /metrics answers only requests with `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** How long a shutdown waits for requests and streams in flight before it cuts them (ms). */
  shutdownGraceMs: number;
  /** The operator key the server creates at its first start and `fc` reads (OPERATOR_KEY_FILE; default `operator-key` beside the embedded database's folder). */
  operatorKeyFile: string;
  /** The running server `fc` talks to (FC_URL; unset: this configuration's port on this machine) and the key it uses (FC_API_KEY; unset: the operator key). */
  fc: { url: string | undefined; apiKey: string | undefined; koladaUrl: string };
}

/** A configuration value that cannot be used. Start-up stops with its message. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 4000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `"${raw}" is not a port number (0–65535)`);
  }
  return port;
}

function parseUrl(variable: string, raw: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, `"${raw}" is not a URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(variable, `"${raw}" must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function parsePositiveInt(variable: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(variable, `"${raw}" is not a whole number from ${min} to ${max}`);
  }
  return value;
}

function parseBoolean(variable: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(variable, `"${raw}" is not true or false`);
}

function parseSecretKey(raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError('SECRET_KEY', 'must be 32 bytes, as 64 hex digits or base64 (for example `openssl rand -hex 32`)');
  return key;
}

/** Reads and validates the configuration once. Nothing else reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL ? parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgresql:', 'postgres:']) : undefined;
  const pgliteDir = path.resolve(repoRoot, env.PGLITE_DIR || '.data/pglite');
  const redisUrl = env.REDIS_URL ? parseUrl('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:']) : undefined;
  const corsOrigins = (env.CORS_ORIGINS || '*')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*') parseUrl('CORS_ORIGINS', origin, ['http:', 'https:']);
  }
  const logFormat = (env.LOG_FORMAT || 'auto') as Config['logFormat'];
  if (!['json', 'pretty', 'auto'].includes(logFormat)) throw new ConfigError('LOG_FORMAT', `"${env.LOG_FORMAT}" is not one of json, pretty, auto`);
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${env.LOG_LEVEL}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host === '127.0.0.1' ? 'localhost' : host;
  const publicUrl = env.PUBLIC_URL ? parseUrl('PUBLIC_URL', env.PUBLIC_URL, ['http:', 'https:']).replace(/\/$/, '') : `http://${displayHost}:${port}`;
  const secretKey = env.SECRET_KEY ? parseSecretKey(env.SECRET_KEY) : undefined;
  const webhookAllowedTargets = (env.WEBHOOK_ALLOWED_TARGETS || '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const requestTimeoutMs = parsePositiveInt('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 15_000, 100, 600_000);
  const rateLimit = {
    anonymousPerMinute: parsePositiveInt('RATE_LIMIT_ANONYMOUS', env.RATE_LIMIT_ANONYMOUS, 50_000, 1, 1e9),
    keyPerMinute: parsePositiveInt('RATE_LIMIT_KEY', env.RATE_LIMIT_KEY, 250_000, 1, 1e9),
  };
  const trustProxy = parsePositiveInt('TRUST_PROXY', env.TRUST_PROXY, 0, 0, 10);
  const maxBodyBytes = parsePositiveInt('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 100 * 1024 * 1024, 1024, 2 ** 31);
  const persistedOnly = (env.PERSISTED_ONLY?.trim().toLowerCase() || 'off') as Config['persistedOnly'];
  if (!['off', 'anonymous'].includes(persistedOnly)) throw new ConfigError('PERSISTED_ONLY', `"${env.PERSISTED_ONLY}" is not one of off, anonymous`);
  const demoData = parseBoolean('FC_DEMO_DATA', env.FC_DEMO_DATA, databaseUrl === undefined);
  const responseCache = (env.RESPONSE_CACHE?.trim().toLowerCase() || (redisUrl ? 'redis' : 'memory')) as Config['responseCache'];
  if (!['memory', 'redis', 'off'].includes(responseCache)) throw new ConfigError('RESPONSE_CACHE', `"${env.RESPONSE_CACHE}" is not one of memory, redis, off`);
  if (responseCache === 'redis' && !redisUrl) throw new ConfigError('RESPONSE_CACHE', 'is redis, but REDIS_URL is not set');
  const responseCacheMb = parsePositiveInt('RESPONSE_CACHE_MB', env.RESPONSE_CACHE_MB, 64, 1, 65_536);
  const responseCachePrefix = env.RESPONSE_CACHE_PREFIX?.trim() || 'fc:cache:';
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16)
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters (for example `openssl rand -hex 32`)');
  const shutdownGraceMs = parsePositiveInt('SHUTDOWN_GRACE_MS', env.SHUTDOWN_GRACE_MS, 25_000, 0, 600_000);
  const operatorKeyFile = path.resolve(repoRoot, env.OPERATOR_KEY_FILE || path.join(path.dirname(pgliteDir), 'operator-key'));
  const fc = {
    url: env.FC_URL ? parseUrl('FC_URL', env.FC_URL, ['http:', 'https:']).replace(/\/+$/, '') : undefined,
    apiKey: env.FC_API_KEY?.trim() || undefined,
    // Where `fc observations import kolada --fetch` downloads Kolada's figures.
    koladaUrl: env.FC_KOLADA_URL ? parseUrl('FC_KOLADA_URL', env.FC_KOLADA_URL, ['http:', 'https:']).replace(/\/+$/, '') : 'https://api.kolada.se',
  };
  return {
    port,
    host,
    databaseUrl,
    pgliteDir,
    redisUrl,
    corsOrigins,
    logLevel,
    logFormat,
    publicUrl,
    secretKey,
    webhookAllowedTargets,
    requestTimeoutMs,
    rateLimit,
    trustProxy,
    maxBodyBytes,
    persistedOnly,
    demoData,
    responseCache,
    responseCacheMb,
    responseCachePrefix,
    metricsToken,
    shutdownGraceMs,
    operatorKeyFile,
    fc,
  };
}
