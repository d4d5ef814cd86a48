import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database.js';
import { badInput } from '../errors.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { loadFixture } from '../test/fixture.js';
import { captureLogs } from '../test/logs.js';
import { createServer } from '../graphql/yoga.js';
import { httpLayer } from './layer.js';
import { guardProcess } from './process-guards.js';
import { type Route, RouteTable, compilePath } from './routes.js';

type ErrorBody = { error: { code: string; message: string; field?: string } };

/** Unhandled rejections and uncaught exceptions seen while a test runs (none expected). */
function watchProcess() {
  const seen: unknown[] = [];
  const listener = (error: unknown) => seen.push(error);
  process.on('unhandledRejection', listener);
  process.on('uncaughtException', listener);
  return {
    seen,
    stop() {
      process.off('unhandledRejection', listener);
      process.off('uncaughtException', listener);
    },
  };
}

describe('route table', () => {
  it('compiles path patterns with segment and rest parameters', () => {
    expect(compilePath('/geo/municipalities/:code.geojson').exec('/geo/municipalities/NO-3901.geojson')?.groups).toEqual({ code: 'NO-3901' });
    expect(compilePath('/geo/municipalities/:code.geojson').test('/geo/municipalities/a/b.geojson')).toBe(false);
    expect(compilePath('/widgets/*file').exec('/widgets/0.1.0/chunks/a.js')?.groups).toEqual({ file: '0.1.0/chunks/a.js' });
    expect(compilePath('/export/:name').test('/export')).toBe(false);
  });

  it('tells a missing path from a method the path does not answer, HEAD riding on GET', () => {
    const handler = () => new Response('x');
    const table = new RouteTable([
      { method: 'GET', path: '/a', handler },
      { method: 'POST', path: '/b', handler },
    ]);
    expect(table.match('GET', '/nothing')).toEqual({ kind: 'not-found' });
    expect(table.match('HEAD', '/a')).toMatchObject({ kind: 'route', methods: ['GET', 'HEAD', 'OPTIONS'] });
    expect(table.match('POST', '/a')).toMatchObject({ kind: 'method-not-allowed', methods: ['GET', 'HEAD', 'OPTIONS'] });
  });
});

describe('the HTTP layer around handlers', () => {
  const log = vi.fn<(line: string) => void>();
  const routes: Route[] = [
    {
      method: 'GET',
      path: '/boom',
      handler: () => {
        throw new Error(`broke in ${process.cwd()}/src/secret.ts: SELECT password FROM users`);
      },
    },
    {
      method: 'GET',
      path: '/input',
      handler: () => {
        throw badInput('filter.municipality', 'No municipality NO-9999.');
      },
    },
    {
      method: 'GET',
      path: '/unavailable',
      handler: () => {
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      },
    },
    {
      method: 'GET',
      path: '/stream',
      handler: () => {
        let n = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            n++;
            if (n <= 3) controller.enqueue(new TextEncoder().encode(`line ${n}\n`.repeat(200)));
            else controller.error(new Error('the database went away'));
          },
        });
        return new Response(stream, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
      },
    },
  ];
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
    logging: false,
    cors: false,
    plugins: [httpLayer({ routes, corsOrigins: ['*'], graphqlEndpoint: '/graphql', log })],
  });
  afterEach(() => log.mockClear());

  it('answers any error a handler throws with the JSON 500, logged on one line, no stack, path or SQL', async () => {
    const watch = watchProcess();
    const response = await yoga.fetch('http://localhost/boom');
    watch.stop();
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Unexpected error; it was logged.' } });
    expect(text).not.toMatch(/secret|SELECT|\/src\/|at .*\(/);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/^http: GET \/boom failed \(500 INTERNAL\): Error: broke in/);
    expect(log.mock.calls[0]![0]).not.toContain('\n');
    expect(watch.seen).toEqual([]);
  });

  it('answers a UserError with 400 naming the field, and a lost database with 503', async () => {
    const input = await yoga.fetch('http://localhost/input');
    expect(input.status).toBe(400);
    expect(await input.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'No municipality NO-9999.', field: 'municipality' } });
    expect(log).not.toHaveBeenCalled();
    const unavailable = await yoga.fetch('http://localhost/unavailable');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('5');
    expect(((await unavailable.json()) as ErrorBody).error.code).toBe('UNAVAILABLE');
  });

  it('answers unknown paths with 404 and other methods with 405, in the JSON format', async () => {
    const missing = await yoga.fetch('http://localhost/nothing/here');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error.code).toBe('NOT_FOUND');
    const post = await yoga.fetch('http://localhost/boom', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(((await post.json()) as ErrorBody).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses a NUL byte in a query parameter before any handler runs', async () => {
    const response = await yoga.fetch('http://localhost/boom?search=a%00b');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'search' } });
  });

  it('ends a stream that fails midway with an error for its reader, logs it once, and goes on serving', async () => {
    const watch = watchProcess();
    // Compressed or not, the reader sees the failure rather than a complete-looking body.
    for (const encoding of ['identity', 'gzip']) {
      const response = await yoga.fetch('http://localhost/stream', { headers: { 'accept-encoding': encoding } });
      expect(response.status).toBe(200);
      await expect(response.arrayBuffer()).rejects.toThrow();
    }
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0]![0]).toMatch(/^http: GET \/stream: the response stream failed after 4200 bytes and was cut off: Error: the database went away$/);
    expect((await yoga.fetch('http://localhost/input')).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    watch.stop();
    expect(watch.seen).toEqual([]);
  });
});

describe('process guards', () => {
  it('keep serving after an unhandled rejection and a lost connection, and exit on anything else', () => {
    const lines: string[] = [];
    const exits: number[] = [];
    const emit = (event: 'unhandledRejection' | 'uncaughtException', error: unknown) => {
      for (const listener of process.listeners(event as 'uncaughtException').slice(-1)) (listener as (e: unknown) => void)(error);
    };
    const stop = guardProcess(
      (line) => lines.push(line),
      (code) => exits.push(code),
    );
    try {
      emit('unhandledRejection', new Error('nobody awaited this'));
      emit('uncaughtException', Object.assign(new Error('Connection terminated unexpectedly'), {}));
      emit('uncaughtException', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
      expect(exits).toEqual([]);
      emit('uncaughtException', new TypeError("Cannot read properties of undefined (reading 'x')"));
      expect(exits).toEqual([1]);
    } finally {
      stop();
    }
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('process: unhandled rejection (kept serving): Error: nobody awaited this');
    expect(lines[1]).toMatch(/^process: a database connection was lost \(kept serving\)/);
    expect(lines[3]).toMatch(/^process: uncaught exception, exiting: TypeError/);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });
});

describe.each(databaseKinds)('plain HTTP routes on %s', (kind) => {
  let db: Database;
  let yoga: ReturnType<typeof createServer>;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadFixture(db);
    yoga = createServer(db, { corsOrigins: ['*'], logLevel: 'silent', publicUrl: 'https://data.example.org' });
  });
  afterAll(() => db?.close());

  it('answers a NUL byte in the producer search with 400 BAD_USER_INPUT, not a stack trace', async () => {
    const response = await yoga.fetch('http://localhost/geo/producers.geojson?search=a%00b');
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'BAD_USER_INPUT', message: '`search` holds a NUL character.', field: 'search' } });
  });

  it('builds every absolute link from PUBLIC_URL, never from the Host header', async () => {
    const texts: string[] = [];
    for (const path of ['/dfc/enterprises?limit=2', '/dfc/supplied_products?limit=2', '/export/datapackage.json', '/export/producers.csv', '/embed']) {
      const response = await yoga.fetch(`http://evil.example${path}`, { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } });
      expect(response.status, path).toBe(200);
      texts.push(`${[...response.headers].join('\n')}\n${await response.text()}`);
    }
    expect(texts.join('\n')).not.toContain('evil.example');
    const dfc = JSON.parse(texts[0]!.slice(texts[0]!.indexOf('\n{') + 1)) as {
      '@id': string;
      '@graph': { '@id': string }[];
      'hydra:view': { 'hydra:next'?: string };
    };
    expect(dfc['@id']).toBe('https://data.example.org/dfc/enterprises?limit=2');
    expect(dfc['@graph'].length).toBeGreaterThan(0);
    expect(dfc['@graph'].every((n) => n['@id'].startsWith('https://data.example.org/dfc/'))).toBe(true);
    expect(dfc['hydra:view']['hydra:next']).toMatch(/^https:\/\/data\.example\.org\/dfc\/enterprises\?limit=2&after=\d+$/);
  });

  it('answers a database error with a JSON 503 or 500 and no stack, and keeps serving', async () => {
    const closed = await migratedDatabase(kind);
    await closed.close();
    const logs = captureLogs('error');
    const server = createServer(closed, { logLevel: 'error', logger: logs.logger });
    const response = await server.fetch('http://localhost/geo/municipalities/NO-3901.geojson');
    expect([500, 503]).toContain(response.status);
    const text = await response.text();
    expect(Object.keys((JSON.parse(text) as ErrorBody).error)).toEqual(['code', 'message']);
    expect(text).not.toMatch(/\/work\/|node_modules|\.ts:\d|\bat\b.*\(/);
    const failures = logs.messages().filter((m) => m.startsWith('http:'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^http: GET \/geo\/municipalities\/NO-3901\.geojson failed \((500 INTERNAL|503 UNAVAILABLE)\)/);
    // The request's own line names the same failure by its status, at the error level.
    expect(logs.lines.filter((l) => l.msg === 'request failed').map((l) => l.status)).toEqual([response.status]);
    expect((await yoga.fetch('http://localhost/healthz')).status).toBe(200);
  });
});

describe.skipIf(!databaseKinds.includes('postgresql'))('an export cut off by a lost database connection, over a socket', () => {
  let db: Database;
  let server: http.Server;
  let base: string;
  const logs = captureLogs('error');
  beforeAll(async () => {
    db = await migratedDatabase('postgresql');
    await loadFixture(db);
    server = http.createServer(createServer(db, { logLevel: 'error', logger: logs.logger }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  it('cuts a compressed download short, logs one line, does not crash, and the server answers /healthz after', async () => {
    const database = new URL(db.location).pathname.slice(1);
    const locker = new pg.Client({ connectionString: db.location });
    const killer = new pg.Client({ connectionString: db.location });
    await Promise.all([locker.connect(), killer.connect()]);
    const watch = watchProcess();
    try {
      // The export's first batch waits on this lock: a statement in flight, on a backend we can name
      // (by its start: pg_stat_activity keeps only the first 1 kB of the statement).
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE producer IN ACCESS EXCLUSIVE MODE');
      const response = await fetch(`${base}/export/producers.csv`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe('gzip');
      const body = response.arrayBuffer();
      body.catch(() => {});
      let killed = 0;
      for (let i = 0; i < 200 && killed === 0; i++) {
        const rows = await killer.query<{ ok: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND query LIKE 'SELECT t.id AS k,%'`,
          [database],
        );
        killed = rows.rows.filter((r) => r.ok).length;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(killed).toBe(1);
      await locker.query('COMMIT');
      await expect(body).rejects.toThrow();
      const lines = logs.messages().filter((l) => l.startsWith('http:') && l.includes('producers.csv'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^http: GET \/export\/producers\.csv: the response stream failed after \d+ bytes and was cut off: .*terminating connection due to administrator command/,
      );
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', database: 'postgresql' });
      // A whole export still works afterwards, compressed.
      const again = await fetch(`${base}/export/producers.csv`, { headers: { 'accept-encoding': 'gzip' } });
      expect(again.headers.get('content-encoding')).toBe('gzip');
      // fetch decompresses: the text is the whole CSV, one line per exported producer and the header.
      const exported = await db.prisma.producer.count({ where: { deletedAt: null, mergedIntoId: null, source: { exportable: true } } });
      expect((await again.text()).trimEnd().split('\r\n')).toHaveLength(exported + 1);
      expect(watch.seen).toEqual([]);
    } finally {
      watch.stop();
      await locker.end();
      await killer.end();
    }
  });
});
