import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, repoRoot } from './config.js';

describe('configuration', () => {
  it('has defaults for a newcomer', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      corsOrigins: ['*'],
      logLevel: 'info',
      publicUrl: 'http://localhost:4000',
    });
    expect(config.pgliteDir).toBe(path.join(repoRoot, '.data/pglite'));
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: "eighty" is not a port number'],
    [{ PORT: '70000' }, 'PORT: "70000" is not a port number'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: "mysql://x" must start with postgresql:// or postgres://'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL: "not a url" is not a URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: "loud" is not one of debug, info, warn, error, silent'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT: "xml" is not one of json, pretty, auto'],
    [{ CORS_ORIGINS: 'https://a.no,ftp://b' }, 'CORS_ORIGINS: "ftp://b" must start with http:// or https://'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL: "http://x" must start with redis:// or rediss://'],
    [{ FC_DEMO_DATA: 'yes' }, 'FC_DEMO_DATA: "yes" is not true or false'],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads PostgreSQL, origins and the public address', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u@h/db',
      CORS_ORIGINS: 'https://www.horten.kommune.no, https://www.sodertalje.se',
      PUBLIC_URL: 'https://api.example.org/',
    });
    expect(config.databaseUrl).toBe('postgresql://u@h/db');
    expect(config.corsOrigins).toEqual(['https://www.horten.kommune.no', 'https://www.sodertalje.se']);
    expect(config.publicUrl).toBe('https://api.example.org');
  });

  it('loads the demo data by default only on the embedded database', () => {
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig({ FC_DEMO_DATA: 'false' }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db', FC_DEMO_DATA: 'true' }).demoData).toBe(true);
  });
});
