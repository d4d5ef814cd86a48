import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openPglite } from '../db/database.js';
import { serverCommand } from '../test/server-process.js';

/**
 * The server process itself, started as in production (src/server.ts, embedded database in a
 * temporary folder), sent SIGTERM while requests are in flight.
 */
const apiDir = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Started {
  child: ChildProcess;
  port: number;
  dir: string;
  output: () => string;
  exited: Promise<number | null>;
}

const started: Started[] = [];

async function startServer(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-shutdown-'));
  // The run's ready database (migrated, with the reference data) in the server's folder, when there is one: a quicker start.
  const ready = inject('databaseTemplates')?.pglite;
  if (ready) await (await openPglite(path.join(dir, 'db'), { from: new Blob([fs.readFileSync(ready)]) })).close();
  const child = spawn(process.execPath, serverCommand(), {
    cwd: apiDir,
    env: {
      ...process.env,
      PGLITE_DIR: path.join(dir, 'db'),
      DATABASE_URL: '',
      REDIS_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      FC_DEMO_DATA: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const s = { child, port, dir, output: () => out, exited };
  started.push(s);
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('Food Commons is running')) {
        clearInterval(check);
        resolve();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(check);
      reject(new Error(`the server exited (${code}) before it was ready:\n${out}`));
    });
  });
  return s;
}

afterEach(async () => {
  for (const s of started.splice(0)) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

/** A GET whose body is read only once `go` resolves; the whole body, or the error that cut it. */
function pausedGet(port: number, pathname: string, go: Promise<void>): { headers: Promise<void>; body: Promise<Buffer> } {
  let gotHeaders!: () => void;
  const headers = new Promise<void>((resolve) => (gotHeaders = resolve));
  const body = new Promise<Buffer>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, headers: { 'accept-encoding': 'identity' }, agent: false }, (response) => {
      response.pause();
      gotHeaders();
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => (response.complete ? resolve(Buffer.concat(chunks)) : reject(new Error('response cut short'))));
      response.on('error', reject);
      void go.then(() => response.resume());
    });
    request.on('error', reject);
  });
  return { headers, body };
}

/** A POST whose body is sent in two halves: the second once `go` resolves. */
function slowPost(port: number, body: string, go: Promise<void>): { sentHalf: Promise<void>; response: Promise<{ status: number; text: string }> } {
  let sent!: () => void;
  const sentHalf = new Promise<void>((resolve) => (sent = resolve));
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const bytes = Buffer.from(body);
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/graphql',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': bytes.length, 'accept-encoding': 'identity' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    request.on('error', reject);
    const half = Math.floor(bytes.length / 2);
    request.write(bytes.subarray(0, half), () => sent());
    void go.then(() => request.end(bytes.subarray(half)));
  });
  return { sentHalf, response };
}

/** Whether a new connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function until(condition: () => Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const QUERY = JSON.stringify({ query: 'query ShutdownProbe { countries { code name } }', operationName: 'ShutdownProbe' });

describe('graceful shutdown of the server process', () => {
  it('on SIGTERM refuses new connections, finishes the requests in flight, then exits 0', async () => {
    const server = await startServer({ SHUTDOWN_GRACE_MS: '20000' });
    const base = `http://127.0.0.1:${server.port}`;
    // What complete answers look like.
    const fullExport = Buffer.from(await (await fetch(`${base}/export/municipalities.csv`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    expect(fullExport.length).toBeGreaterThan(10_000);
    const fullQuery = await (await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY })).text();
    expect(JSON.parse(fullQuery).data.countries.length).toBeGreaterThan(0);

    let release!: () => void;
    const go = new Promise<void>((resolve) => (release = resolve));
    const download = pausedGet(server.port, '/export/municipalities.csv', go);
    const upload = slowPost(server.port, QUERY, go);
    await Promise.all([download.headers, upload.sentHalf]);

    server.child.kill('SIGTERM');
    await until(() => refused(server.port), 'new connections are refused');
    expect(server.child.exitCode).toBeNull(); // still finishing what is in flight

    release();
    expect((await download.body).equals(fullExport)).toBe(true);
    const answered = await upload.response;
    expect(answered.status).toBe(200);
    // The same data (the rate limit's figures in the extensions move on).
    expect(JSON.parse(answered.text).data).toEqual(JSON.parse(fullQuery).data);

    expect(await server.exited).toBe(0);
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const messages = lines.map((l) => String(l.msg));
    expect(messages).toContain('shutting down: no new connections; waiting for requests in flight');
    expect(messages.at(-1)).toBe('shut down');
    expect(messages).not.toContain('shutdown: the grace period ended; cutting the connections still open');
    // The request finished during the shutdown was logged with its operation.
    expect(lines.filter((l) => l.operation === 'ShutdownProbe')).toHaveLength(2);
  });

  it('cuts what is still open when the grace period ends, and still exits 0', async () => {
    const server = await startServer({ SHUTDOWN_GRACE_MS: '500' });
    const never = new Promise<void>(() => {});
    const upload = slowPost(server.port, QUERY, never);
    await upload.sentHalf;
    server.child.kill('SIGTERM');
    await expect(upload.response).rejects.toThrow();
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutdown: the grace period ended; cutting the connections still open');
  });
});
