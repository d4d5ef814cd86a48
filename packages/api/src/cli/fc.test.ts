import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openPglite } from '../db/database.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { type ServerProcess, freePort, postGraphQL, serverCommand, startServerProcess } from '../test/server-process.js';

/**
 * `fc` as operators run it: the server and the command line as processes, the compiled ones when
 * dist/ is newer than every source file (as after `npx pnpm install`), else the sources through tsx.
 */
const apiDir = path.resolve(import.meta.dirname, '../..');
const repoRoot = path.resolve(apiDir, '../..');
const distFresh = serverCommand()[0] !== '--import';
const fcEntry = distFresh ? [path.join(apiDir, 'dist/cli/fc.js')] : ['--import', 'tsx', path.join(apiDir, 'src/cli/fc.ts')];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** One instance: its own database, key file and port, for the server and `fc` alike; nothing from this machine's settings. */
function instance(dir: string, port: number, settings: Record<string, string> = {}) {
  const env: Record<string, string> = {
    PGLITE_DIR: path.join(dir, 'db'),
    DATABASE_URL: '',
    REDIS_URL: '',
    OPERATOR_KEY_FILE: '',
    FC_URL: '',
    FC_API_KEY: '',
    PORT: String(port),
    HOST: '127.0.0.1',
    ...settings,
  };
  const fc = (args: string[], extra: Record<string, string> = {}) =>
    run(process.execPath, [...fcEntry, ...args], { cwd: apiDir, env: { ...process.env, ...env, ...extra } });
  let server: ServerProcess | undefined;
  return {
    fc,
    /** Starts the server; resolves with what it printed once it answers `fc`. */
    async start(): Promise<string> {
      server = await startServerProcess(env, { port });
      // The operator key's notice follows the "running" line in the same turn; an answer proves it is written.
      expect((await fc(['orgs', 'list'])).code).toBe(0);
      return server.output();
    },
    async stop() {
      await server?.stop();
    },
  };
}

/** The server's output is not a terminal here, so it names the key's file and never shows the key. */
const announcedKey = (output: string, file: string) => {
  const key = fs.readFileSync(file, 'utf8').trim();
  expect(output).toContain(`A new operator key is in ${file}`);
  expect(output).not.toContain(key.slice(3));
  return key;
};
const example = (file: string) => path.join(repoRoot, 'examples/partner-sync', file);

describe('fc, the command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-cli-'));
  const cli = instance(dir, 1); // nothing listens on port 1: commands that need no database stop before

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints its usage for --help and <command> --help with exit status 0', async () => {
    const help = await cli.fc(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: npx pnpm fc <command>/);
    for (const command of ['orgs create', 'sources create', 'keys create', 'keys list', 'keys revoke', 'import', 'webhooks deliver', 'webhooks seal-secrets']) {
      expect(help.stdout).toContain(`  ${command}`);
    }
    const keys = await cli.fc(['keys', 'create', '--help']);
    expect(keys).toMatchObject({ code: 0, stderr: '' });
    expect(keys.stdout).toMatch(/^Usage: npx pnpm fc keys create --org <org> --scopes/);
    expect(keys.stdout).toMatch(/operate\s+act for every organization/);
  });

  it('says what is wrong with a command line in one line, with exit status 2', async () => {
    const cases: [string[], RegExp][] = [
      [['nosuch'], /^fc: unknown command "nosuch"; the commands are orgs, sources, keys, import, observations, webhooks/],
      [['keys', 'drop'], /^fc: unknown command "keys drop"; keys has create, list, revoke\./],
      [['orgs', 'create'], /^fc: orgs create needs --name <name>/],
      [['keys', 'list', '--org', 'x', '--bogus'], /^fc: unknown option --bogus/],
      [['keys', 'list', '--org', 'x', '--scopes', 'write'], /^fc: keys list has no option --scopes/],
      [['import', 'pictures', 'x.csv', '--source', 's'], /^fc: unknown kind of file "pictures"; the kinds are deliveries, producers, kitchens, observations\./],
    ];
    for (const [args, message] of cases) {
      const result = await cli.fc(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it('runs from the root script as the compiled CLI under node, not through a filtered pnpm run', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.fc).toBe('node packages/api/dist/cli/fc.js');
  });

  // The root script runs dist/: only meaningful when dist/ holds these sources (after an install, in CI).
  it.runIf(distFresh)('npx pnpm fc: --help exits 0; a mistake exits non-zero without pnpm’s recursive-run block', async () => {
    const env = { ...process.env, PNPM_CONFIG_VERIFY_DEPS_BEFORE_RUN: 'false', PORT: '1' };
    const help = await run('npx', ['pnpm', 'fc', '--help'], { cwd: repoRoot, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npx pnpm fc <command>');
    const wrong = await run('npx', ['pnpm', 'fc', 'nosuch'], { cwd: repoRoot, env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.match(/^fc: .*$/gm)).toEqual([
      'fc: unknown command "nosuch"; the commands are orgs, sources, keys, import, observations, webhooks (npx pnpm fc --help).',
    ]);
    expect(wrong.stderr).not.toMatch(/ERR_PNPM|recursive run/i);
  });
});

describe('fc beside a running server on the embedded database, and without one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-pglite-'));
  const keyFile = path.join(dir, 'operator-key');
  let port: number;
  let pglite: ReturnType<typeof instance>;
  let operatorKey: string;
  let partnerKey: string;
  /** What the commands printed through the server, to hold the direct way to. */
  const overHttp: Record<string, Run> = {};

  beforeAll(async () => {
    port = await freePort();
    pglite = instance(dir, port);
    // The run's ready database (migrated, with the reference data) in the server's folder, when there is one: a quicker first start.
    const ready = inject('databaseTemplates')?.pglite;
    if (ready) await (await openPglite(path.join(dir, 'db'), { from: new Blob([fs.readFileSync(ready)]) })).close();
  });
  afterAll(async () => {
    await pglite?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the first start creates the operator key, stores it readable by its user only (0600) and keeps it out of the log', async () => {
    const output = await pglite.start();
    operatorKey = announcedKey(output, keyFile);
    expect(operatorKey).toMatch(/^fc_/);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('sends every command to the running server, which holds the database', async () => {
    const org = await pglite.fc(['orgs', 'create', '--name', 'Vestfold matnettverk', '--org-number', '0192:912345678']);
    expect(org).toMatchObject({ code: 0, stderr: '' });
    expect(org.stdout).toMatch(/^Organization \d+: Vestfold matnettverk \(0192:912345678\)\n$/);
    const source = await pglite.fc([
      'sources',
      'create',
      '--org',
      'Vestfold matnettverk',
      '--key',
      'vestfold-hub',
      '--name',
      'Vestfold hub',
      '--licence',
      'CC-BY-4.0',
    ]);
    expect(source).toMatchObject({ code: 0, stdout: 'Source "vestfold-hub" (CC-BY-4.0) owned by Vestfold matnettverk.\n' });
    const key = await pglite.fc(['keys', 'create', '--org', 'Vestfold matnettverk', '--scopes', 'write,read:private', '--name', 'sync']);
    expect(key.code).toBe(0);
    partnerKey = /^ {2}(fc_[\w-]+)$/m.exec(key.stdout)![1]!;

    // The operator imports for the source's organization; a re-run is recognised and says so plainly.
    const kitchens = await pglite.fc(['import', 'kitchens', example('kitchens.csv'), '--source', 'vestfold-hub']);
    expect(kitchens.code).toBe(0);
    expect(lines(kitchens.stdout)[0]).toBe('Imported: kitchens.csv → source "vestfold-hub" (kitchens; UTF-8, comma-separated)');
    expect(kitchens.stdout).toContain('rows 3  created 3  updated 0  unchanged 0  bad 0');
    expect(kitchens.stdout).toContain('NO-3801 is an older code, mapped to NO-3901');
    const again = await pglite.fc(['import', 'kitchens', example('kitchens.csv'), '--source', 'vestfold-hub']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^Already imported: kitchens\.csv → source "vestfold-hub" \(kitchens\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC, 3 rows; nothing was written this time\. Add --force to import it again\.\n$/,
    );
    overHttp.again = again;

    // A partner's key imports as that partner (importFile, like any partner's upload).
    const deliveries = await pglite.fc(['import', 'deliveries', example('deliveries.csv'), '--source', 'vestfold-hub', '--key', partnerKey]);
    expect(deliveries.code).toBe(0);
    expect(lines(deliveries.stdout)[0]).toBe('Imported: deliveries.csv → source "vestfold-hub" (deliveries; Windows-1252, semicolon-separated)');
    const refused = await pglite.fc(['import', 'deliveries', example('deliveries.csv'), '--source', 'vestfold-hub', '--key', 'fc_notakey']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^fc: The server refused the key given with --key: Unknown API key\.$/m);

    const answer = await postGraphQL(`http://127.0.0.1:${port}`, '{ kitchens(first: 1) { totalCount } }');
    expect(answer.body.data).toEqual({ kitchens: { totalCount: 3 } });

    overHttp.orgs = await pglite.fc(['orgs', 'list']);
    expect(lines(overHttp.orgs.stdout)).toEqual([
      expect.stringMatching(/^\d+\tFood Commons operators\t\tsources: –$/),
      expect.stringMatching(/^\d+\tVestfold matnettverk\t0192:912345678\tsources: vestfold-hub$/),
    ]);
    const keys = await pglite.fc(['keys', 'list', '--org', 'Vestfold matnettverk']);
    expect(keys.stdout).toMatch(new RegExp(`^${partnerKey.slice(0, 11)}…\\tsync\\twrite,read:private\\tlast used \\d{4}-`));
    expect(await pglite.fc(['webhooks', 'deliver'])).toMatchObject({ code: 0, stdout: 'Delivered 0, failed 0 (will be retried), gave up 0.\n' });

    const direct = await pglite.fc(['orgs', 'list', '--direct']);
    expect(direct.code).toBe(1);
    expect(lines(direct.stderr)).toEqual([expect.stringMatching(/^fc: The embedded database in .* is open in another process \(pid \d+\)/)]);
    const badKey = await pglite.fc(['orgs', 'list'], { FC_API_KEY: 'fc_notakey' });
    expect(badKey).toMatchObject({ code: 1, stdout: '', stderr: 'fc: The server refused FC_API_KEY: Unknown API key.\n' });
    const scopes = await pglite.fc(['keys', 'create', '--org', 'Vestfold matnettverk', '--scopes', 'write,everything']);
    expect(scopes).toMatchObject({ code: 1, stderr: 'fc: Unknown scope "everything"; scopes are write, read:private, admin, curate, operate.\n' });
  });

  it('without a server, opens the database itself and prints the same', async () => {
    await pglite.stop();
    expect(await pglite.fc(['orgs', 'list'])).toEqual(overHttp.orgs);
    const again = await pglite.fc(['import', 'kitchens', example('kitchens.csv'), '--source', 'vestfold-hub']);
    expect(again.stdout).toBe(overHttp.again!.stdout);
    expect(again.code).toBe(0);
    const producers = await pglite.fc(['import', 'producers', path.join(repoRoot, 'examples/import/producers.csv'), '--source', 'vestfold-hub']);
    expect(producers.code).toBe(0);
    expect(lines(producers.stdout)[0]).toBe('Imported: producers.csv → source "vestfold-hub" (producers; UTF-8, comma-separated)');
    // Kolada's answers, saved as two pages, as observations of the source.
    const pages = ['kolada-u07409-page1.json', 'kolada-u07409-page2.json'].map((f) => path.join(apiDir, 'src/imports/fixtures', f));
    const kolada = await pglite.fc(['observations', 'import', 'kolada', ...pages, '--source', 'vestfold-hub']);
    expect(kolada.code).toBe(0);
    expect(lines(kolada.stdout).slice(0, 3)).toEqual([
      'Kolada U07409: 5 figures of 4 places; 1 without a value left out (2080 2024: no value)',
      'Imported: kolada-u07409.csv → source "vestfold-hub" (observations; UTF-8, comma-separated)',
      '  rows 5  created 5  updated 0  unchanged 0  bad 0',
    ]);
    const noFiles = await pglite.fc(['observations', 'import', 'kolada', '--source', 'vestfold-hub']);
    expect(noFiles).toMatchObject({ code: 2, stderr: 'fc: observations import kolada needs the saved Kolada files, or --fetch --years <years>.\n' });
    const named = await pglite.fc(['orgs', 'list', '--url', `http://127.0.0.1:${port}`]);
    expect(named).toMatchObject({ code: 1, stdout: '' });
    expect(named.stderr).toMatch(/^fc: Nothing answers at http:\/\/127\.0\.0\.1:\d+: start the server/);
  });

  it('a second start keeps the key without showing it; a revoked key is refused at once', async () => {
    const second = await pglite.start();
    expect(second).not.toContain('Operator key');
    expect(second).not.toContain(operatorKey);
    expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(operatorKey);

    const revoke = await pglite.fc(['keys', 'revoke', operatorKey.slice(0, 11)]);
    expect(revoke).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Key fc_\S+… revoked on /) });
    const refused = await pglite.fc(['orgs', 'list']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^fc: The server refused the operator key in .*operator-key: API key fc_\S+… was revoked on \d{4}-\d\d-\d\d\.\n$/);
  });

  it('a revoked operator key is replaced at the next start, and said so', async () => {
    await pglite.stop();
    const third = await pglite.start();
    expect(third).toContain('does not work with this database');
    const replaced = announcedKey(third, keyFile);
    expect(replaced).not.toBe(operatorKey);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });
});

describe.skipIf(!databaseKinds.includes('postgresql'))('fc beside a running server on PostgreSQL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-postgresql-'));
  let db: Database;
  let postgres: ReturnType<typeof instance>;

  beforeAll(async () => {
    db = await migratedDatabase('postgresql');
    postgres = instance(dir, await freePort(), { DATABASE_URL: db.location, OPERATOR_KEY_FILE: path.join(dir, 'key') });
  });
  afterAll(async () => {
    await postgres?.stop();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the operator key at the first start and takes the commands through the server', async () => {
    const output = await postgres.start();
    expect(announcedKey(output, path.join(dir, 'key'))).toMatch(/^fc_/);
    expect((await postgres.fc(['orgs', 'create', '--name', 'Matnettverket'])).code).toBe(0);
    expect((await postgres.fc(['sources', 'create', '--org', 'Matnettverket', '--key', 'hub', '--name', 'Hub', '--licence', 'CC-BY-4.0'])).code).toBe(0);
    expect((await postgres.fc(['keys', 'create', '--org', 'Matnettverket', '--scopes', 'write'])).code).toBe(0);
    const imported = await postgres.fc(['import', 'kitchens', example('kitchens.csv'), '--source', 'hub']);
    expect(lines(imported.stdout)[0]).toBe('Imported: kitchens.csv → source "hub" (kitchens; UTF-8, comma-separated)');
  });

  it('with --direct opens the database beside the running server, and prints what the server’s way prints', async () => {
    for (const args of [
      ['keys', 'list', '--org', 'Matnettverket'],
      ['import', 'kitchens', example('kitchens.csv'), '--source', 'hub'],
    ]) {
      const server = await postgres.fc(args);
      expect(server.code, args.join(' ')).toBe(0);
      expect((await postgres.fc([...args, '--direct'])).stdout, args.join(' ')).toBe(server.stdout);
    }
  });
});
