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
  /** The address widgets and exports link back to. */
  publicUrl: string;
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
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${env.LOG_LEVEL}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host === '127.0.0.1' ? 'localhost' : host;
  const publicUrl = env.PUBLIC_URL
    ? parseUrl('PUBLIC_URL', env.PUBLIC_URL, ['http:', 'https:']).replace(/\/$/, '')
    : `http://${displayHost}:${port}`;
  return { port, host, databaseUrl, pgliteDir, redisUrl, corsOrigins, logLevel, publicUrl };
}
