/**
 * Real server processes for the tests that need them (replicas, faults): the production entry point
 * (`dist/server.js` when it is newer than every source file, else `src/server.ts` through tsx) with an
 * environment of the test's choosing, a Redis server of the test's own, and PostgreSQL databases of
 * the test's own. Nothing here touches the shared Redis on 6379 or another test's database.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from '../config.js';
import { adminUrl, databaseUrl } from './postgres.js';

const apiDir = path.join(repoRoot, 'packages/api');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, checking every `everyMs`; fails naming `what` after `ms` (a bound that only catches a hang). */
export async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 60_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(everyMs);
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Newest modification time of the files tsc compiles to dist/. */
export function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * The command that runs the server: the compiled one when it is fresh (faster to start), else the
 * sources. FC_TEST_SERVER=dist or =src chooses one.
 */
export function serverCommand(): string[] {
  const built = path.join(apiDir, 'dist/server.js');
  const choice = process.env.FC_TEST_SERVER;
  if (choice === 'dist' || (choice !== 'src' && fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource(path.join(apiDir, 'src'))))
    return ['--max-semi-space-size=32', built]; // as `pnpm start` and the image run it
  return ['--import', 'tsx', path.join(apiDir, 'src/server.ts')];
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines written so far. */
  lines(): Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (nothing is flushed or closed) and waits for the exit. */
  kill(): Promise<void>;
}

/**
 * Starts the server with `env` over a clean environment for its settings (no DATABASE_URL or REDIS_URL
 * unless given), JSON logs, on a free port; resolves once it says it is running.
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: {
    port?: number;
    /** Keeps only the last this many characters of the output (long runs); everything by default. */
    keepOutput?: number;
    /** Sees every chunk of output as it comes. */
    onOutput?: (chunk: string) => void;
  } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  // The operator key the server writes at its first start goes to a folder of its own, never to the
  // checkout's .data/ where a developer's server keeps its key.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-server-'));
  const child = spawn(process.execPath, serverCommand(), {
    cwd: apiDir,
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      FC_DEMO_DATA: 'false',
      OPERATOR_KEY_FILE: path.join(scratch, 'operator-key'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let running = false;
  const take = (c: Buffer) => {
    const text = c.toString('utf8');
    options.onOutput?.(text);
    out += text;
    running ||= out.includes('Food Commons is running');
    if (options.keepOutput !== undefined && out.length > options.keepOutput * 2) out = out.slice(-options.keepOutput);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  // 'close', not 'exit': by then everything the process wrote has been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      fs.rmSync(scratch, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  const server: ServerProcess = {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    lines,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  let gone = false;
  void exited.then(() => (gone = true));
  await until(
    'the server is running',
    () => {
      if (gone) throw new Error(`the server exited before it was ready:\n${out}`);
      return running;
    },
    240_000,
  );
  return server;
}

/** Stops every server given, whatever state it is in. */
export async function killAll(servers: (ServerProcess | undefined)[]): Promise<void> {
  await Promise.all(servers.map((s) => s?.kill()));
}

export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

export interface RedisProcess {
  url: string;
  port: number;
  /** Starts it again on the same port (empty: nothing is saved). */
  restart(): Promise<void>;
  /** Ends it at once (SIGKILL). */
  kill(): Promise<void>;
}

/** A redis-server of the test's own on a free port, saving nothing. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const started = child;
    await until(`redis-server answers on port ${port}`, async () => {
      if (started.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${started.exitCode}`);
      return answers(port);
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: launch,
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
  };
}

/** Whether a Redis on the port answers PING (a raw RESP exchange, no client library state). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (c: Buffer) => {
      reply += c.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.once('error', () => resolve(false));
  });
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs one statement as the administrator on the test's own database. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** An empty PostgreSQL database of the test's own (`fc_<prefix>_<random>`). */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `fc_${prefix}_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(name);
  return {
    name,
    url,
    query: <T>(sql: string, params?: unknown[]) => admin(async (c) => (await c.query(sql, params)).rows as T[], url),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/** Runs `sql` as the administrator from the maintenance database (for statements about `db` itself). */
export function adminQuery<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
  return admin(async (c) => (await c.query(sql, params)).rows as T[]);
}

export interface GraphQLAnswer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, any> };
  headers: Headers;
}

/** One GraphQL POST to a server process. */
export async function postGraphQL(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GraphQLAnswer['body'];
  try {
    body = JSON.parse(text) as GraphQLAnswer['body'];
  } catch {
    throw new Error(`not JSON (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  return { status: response.status, body, headers: response.headers };
}

export interface ImportAnswer {
  status: number;
  body: {
    data?: { importFile: { committed: boolean; created: number; rows: number } } | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

/** Uploads a CSV file to `importFile` (multipart) with an API key. */
export async function uploadCsv(base: string, key: string, kind: 'DELIVERIES' | 'KITCHENS' | 'PRODUCERS', source: string, csv: string): Promise<ImportAnswer> {
  const form = new FormData();
  const operation = `mutation TestImport($file: File!) { importFile(kind: ${kind}, source: "${source}", file: $file) { committed created rows } }`;
  form.append('operations', JSON.stringify({ query: operation, variables: { file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([csv], { type: 'text/csv' }), `${kind.toLowerCase()}.csv`);
  const response = await fetch(`${base}/graphql`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: (await response.json()) as ImportAnswer['body'] };
}

/** A kitchens file of `count` school kitchens in Horten, `k0` … */
export function kitchensCsv(count: number): string {
  const lines = ['external_id,name,kind,municipality_code,production_type,meals_per_day'];
  for (let i = 0; i < count; i++) lines.push(`k${i},Skolekjøkken ${i},school,NO-3901,cooking,100`);
  return lines.join('\n');
}

/** A deliveries file of `rows` one-day lines spread over `kitchens` kitchens (no two overlap). */
export function deliveriesCsv(rows: number, kitchens: number, prefix = 'line'): string {
  const lines = ['external_id,kitchen_external_id,category,period_start,period_end,value,currency,organic'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2020, 0, 1 + Math.floor(i / kitchens))).toISOString().slice(0, 10);
    lines.push(`${prefix}-${i},k${i % kitchens},vegetables.root.potatoes,${day},${day},${(i % 997) + 10},NOK,${i % 3 === 0 ? 'true' : 'false'}`);
  }
  return lines.join('\n');
}
