// The container's start sequence without a container engine: the runtime tree the Dockerfile's final
// stage copies (deploy/assemble.mjs), compose.yaml's one-shot database step and the image's CMD, with
// compose.yaml's environment, against a fresh PostgreSQL database and the local Redis. Then the
// image's HEALTHCHECK command, a GraphQL query through one proxy hop, SIGTERM, and the refusal of a
// database that a newer version migrated.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './config.js';
import { databaseKinds } from './test/databases.js';
import { freePort, newestSource } from './test/server-process.js';

const adminUrl = process.env.FC_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.FC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const apiDir = path.join(repoRoot, 'packages/api');

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
}
const compose = parse(fs.readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8')) as { services: Record<string, ComposeService> };
const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

/** The JSON-form argument list of a Dockerfile instruction's last occurrence (`CMD [...]`, `HEALTHCHECK ... CMD [...]`). */
function dockerfileArgs(pattern: RegExp): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, ' ');
  const matches = [...joined.matchAll(pattern)];
  expect(matches.length, `${pattern} in the Dockerfile`).toBeGreaterThan(0);
  return JSON.parse(matches.at(-1)![1]!) as string[];
}

/** The compose environment's variables that name a place on the compose network or a secret. */
const REPLACED = ['HOST', 'PORT', 'DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'SECRET_KEY'];

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(args[0]!, args.slice(1), { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const postgresOnly = databaseKinds.includes('postgresql') ? describe : describe.skip;

postgresOnly('the container start sequence, without containers', () => {
  const api = compose.services.api!;
  const migrate = compose.services.migrate!;
  let tree: string;
  let database: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let server: ChildProcess | undefined;
  let serverOutput = '';

  beforeAll(async () => {
    // Compile when dist/ is missing or older than the sources (tsc alone takes 10–30 s).
    const built = path.join(apiDir, 'dist/server.js');
    if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newestSource(path.join(apiDir, 'src'))) {
      execFileSync(path.join(apiDir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: apiDir, stdio: 'inherit' });
    }
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-image-'));
    execFileSync(process.execPath, [path.join(repoRoot, 'deploy/assemble.mjs'), tree], {
      cwd: repoRoot,
      env: { ...process.env, PATH: `${path.join(repoRoot, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    database = `fc_deploy_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    port = await freePort();
    env = {
      // What a container gets: PATH and the compose environment, nothing from this process.
      PATH: process.env.PATH,
      ...api.environment,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET_KEY: randomBytes(32).toString('hex'),
    };
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    if (database) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
    if (tree) fs.rmSync(tree, { recursive: true, force: true });
  });

  it('compose.yaml: two replicas after PostgreSQL, Redis and the database step, the configuration the test uses', () => {
    expect(api.deploy?.replicas).toBe(2);
    expect(api.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(migrate.environment).toEqual(api.environment);
    expect(api.command).toEqual(dockerfileArgs(/^CMD (\[.*\])$/gm));
    const environment = api.environment!;
    expect(Object.keys(environment).sort()).toEqual(
      ['DATABASE_URL', 'FC_DEMO_DATA', 'HOST', 'NODE_ENV', 'PORT', 'PUBLIC_URL', 'REDIS_URL', 'SECRET_KEY', 'TRUST_PROXY'].sort(),
    );
    expect(environment).toMatchObject({ NODE_ENV: 'production', TRUST_PROXY: '1', FC_DEMO_DATA: 'false', HOST: '0.0.0.0', PORT: '4000' });
    expect(environment.DATABASE_URL).toMatch(/^postgresql:\/\/foodcommons:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/foodcommons$/);
    expect(environment.REDIS_URL).toBe('redis://redis:6379');
    // Only the addresses and the secret differ between compose and this test.
    for (const [name, value] of Object.entries(environment)) {
      if (!REPLACED.includes(name)) expect(env[name], name).toBe(value);
    }
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22\.\d+\.\d+-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('holds only the runtime files', () => {
    expect(fs.readdirSync(tree).sort()).toEqual(['packages', 'prisma']);
    expect(fs.readdirSync(path.join(tree, 'packages')).sort()).toEqual(['api', 'client', 'widgets']);
    // The persisted operations' manifest only, not the client's sources.
    expect(fs.readdirSync(path.join(tree, 'packages/client'), { recursive: true }).sort()).toEqual([
      'src',
      'src/generated',
      'src/generated/persisted-documents.json',
    ]);
    const apiFiles = fs.readdirSync(path.join(tree, 'packages/api'));
    expect(apiFiles).toEqual(expect.arrayContaining(['dist', 'node_modules', 'package.json']));
    expect(apiFiles).not.toContain('src');
    expect(fs.existsSync(path.join(tree, 'packages/api/node_modules/vitest'))).toBe(false);
    expect(fs.existsSync(path.join(tree, 'packages/api/node_modules/pg'))).toBe(true);
    expect(fs.readdirSync(path.join(tree, 'prisma')).sort()).toEqual(['data', 'migrations', 'sql']);
  });

  it('migrates and loads the reference data, then the replica serves it without the demo data and is ready', async () => {
    const setup = await run(migrate.command!, tree, env);
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(/Seeded .* with the reference data\.$/m);
    // The database step is safe on every deploy: a second run changes nothing.
    const again = await run(migrate.command!, tree, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already has data/);

    server = spawn(api.command![0]!, api.command!.slice(1), { cwd: tree, env });
    server.stdout!.on('data', (chunk) => (serverOutput += chunk));
    server.stderr!.on('data', (chunk) => (serverOutput += chunk));
    const healthcheck = dockerfileArgs(/HEALTHCHECK .*?CMD (\[.*\])$/gm);
    const deadline = Date.now() + 60_000;
    for (;;) {
      expect(server.exitCode, serverOutput).toBeNull();
      const probe = await run(healthcheck, tree, env);
      if (probe.code === 0) break;
      expect(Date.now() < deadline, `not ready within 60 s:\n${serverOutput}`).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ municipalities(first: 1) { totalCount } categories(first: 1) { totalCount } producers(first: 1) { totalCount } kitchens(first: 1) { totalCount } }',
      }),
    });
    const body = (await response.json()) as { data?: Record<string, { totalCount: number }>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.municipalities!.totalCount).toBeGreaterThan(500);
    expect(body.data!.categories!.totalCount).toBeGreaterThan(50);
    expect(body.data!.producers!.totalCount).toBe(0);
    expect(body.data!.kitchens!.totalCount).toBe(0);
    // The widgets' operations by id, from the manifest in the tree.
    const manifest = JSON.parse(fs.readFileSync(path.join(tree, 'packages/client/src/generated/persisted-documents.json'), 'utf8')) as Record<string, string>;
    const [id] = Object.entries(manifest).find(([, text]) => /\bquery FcEmbedCategories\b/.test(text))!;
    const persisted = await fetch(`http://127.0.0.1:${port}/graphql?id=${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } });
    expect(persisted.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(((await persisted.json()) as { data?: { categories: { edges: unknown[] } } }).data?.categories.edges.length).toBeGreaterThan(5);

    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server!.once('exit', resolve));
    expect(code, serverOutput).toBe(0);
  });

  it('refuses, in the database step and at start, a database that a newer version migrated', async () => {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000002', 'x', '29991231000000_from_a_newer_version', now(), now(), 1)`,
    );
    await client.end();
    const step = await run(migrate.command!, tree, env);
    expect(step.code).toBe(1);
    expect(step.stderr).toContain('The database was migrated by a newer version of Food Commons');
    expect(step.stderr).toContain('29991231000000_from_a_newer_version');
    const start = await run(api.command!, tree, env);
    expect(start.code).toBe(1);
    // The message, whichever stream the server's logging writes it to.
    expect(start.stdout + start.stderr).toContain('The database was migrated by a newer version of Food Commons');
    expect(start.stdout + start.stderr).toContain('29991231000000_from_a_newer_version');
  });
});
