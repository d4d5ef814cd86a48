import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig, repoRoot } from '../config.js';
import { IMPORT_KINDS, type ImportKind } from '../imports/columns.js';
import { KOLADA_KPI, fetchKolada, observationsCsv, parseYears, readKolada } from '../imports/kolada.js';
import { redactIdentityNumbers } from '../privacy/identity-numbers.js';
import { type Backend, FcError } from './backend.js';
import { type Command, type Values, type Whereabouts, need, parseCommandLine } from './commands.js';
import * as out from './output.js';
import { type KeySource, checkServer, listening, remoteBackend } from './remote.js';

/**
 * `npx pnpm fc …`: the operator's command line. It sends each command to the running server (over
 * HTTP, with the operator key the server wrote at its first start), or opens the database itself when
 * no server answers. This module loads only what parsing and HTTP need, so that a command answers in
 * about a second; the database code is loaded only for the direct way.
 */

/** A command ready to run: its arguments are checked before anything is opened. */
type Task = { run: (backend: Backend, config: Config) => Promise<number>; largeUpload?: number };

function resolveFile(file: string): string {
  if (path.isAbsolute(file)) return file;
  const fromRoot = path.resolve(repoRoot, file);
  return fs.existsSync(fromRoot) ? fromRoot : path.resolve(file);
}

/** What `import` and `observations import` send: the file, its source and the import's flags. */
const importRequest = (kind: ImportKind, file: string, source: string, values: Values) => ({
  kind,
  file,
  source,
  key: values.key,
  dryRun: values['dry-run'] === true,
  partial: values.partial === true,
  force: values.force === true,
});

const print = (text: string | string[]) => console.log(Array.isArray(text) ? text.join('\n') : text);

/** Checks the command's arguments and options; what runs once a server or the database is there. */
function prepare(command: Command, args: string[], values: Values): Task {
  const done = (text: string | string[]) => {
    print(text);
    return 0;
  };
  switch (command.name) {
    case 'orgs create': {
      const input = { name: need(values.name, '--name <name>', command), orgNumber: values['org-number'], kind: values.kind };
      return { run: async (b) => done(out.organizationText(await b.addOrganization(input))) };
    }
    case 'orgs list':
      return { run: async (b) => done(out.organizationLines(await b.listOrganizations())) };
    case 'sources create': {
      const input = {
        organization: need(values.org, '--org <org>', command),
        key: need(values.key, '--key <key>', command),
        name: need(values.name, '--name <name>', command),
        licence: need(values.licence, '--licence <SPDX identifier>', command),
        url: values['dataset-url'],
        attribution: values.attribution,
      };
      return { run: async (b) => done(out.sourceText(await b.addSource(input))) };
    }
    case 'keys create': {
      const scopes = need(values.scopes, '--scopes <scope,…>', command)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const input = { organization: need(values.org, '--org <org>', command), scopes, name: values.name };
      return { run: async (b) => done(out.createdKeyText(await b.addApiKey(input))) };
    }
    case 'keys list': {
      const organization = need(values.org, '--org <org>', command);
      return { run: async (b) => done(out.keyLines(await b.listApiKeys(organization))) };
    }
    case 'keys revoke': {
      const prefix = need(args[0], 'the key prefix', command);
      return { run: async (b) => done(out.revokedText(await b.revokeKey(prefix))) };
    }
    case 'webhooks deliver':
      return { run: async (b) => done(out.deliveredText(await b.deliverWebhooks())) };
    case 'webhooks seal-secrets':
      return { run: async (b) => done(out.sealedText(await b.sealSecrets())) };
    case 'import': {
      const kind = need(args[0], 'the kind of file', command) as ImportKind;
      if (!IMPORT_KINDS.includes(kind)) throw new FcError(`unknown kind of file "${kind}"; the kinds are ${IMPORT_KINDS.join(', ')}.`, 2);
      const file = resolveFile(need(args[1], 'the CSV file', command));
      const source = need(values.source, '--source <key>', command);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new FcError(`No file ${file}.`);
      const request = importRequest(kind, file, source, values);
      return { run: async (b) => (out.printImport(file, await b.importFile(request)) ? 0 : 1), largeUpload: fs.statSync(file).size };
    }
    case 'observations import': {
      const [format, ...files] = args;
      if (format !== 'kolada')
        throw new FcError(`observations import reads "kolada" files; "${format ?? ''}" is not a format it knows (npx pnpm fc observations import --help).`, 2);
      const source = need(values.source, '--source <key>', command);
      if (values.fetch === true && files.length) throw new FcError('observations import kolada takes files or --fetch, not both.', 2);
      if (values.fetch !== true && values.years) throw new FcError('--years goes with --fetch.', 2);
      if (values.fetch !== true && !files.length) throw new FcError('observations import kolada needs the saved Kolada files, or --fetch --years <years>.', 2);
      let years: number[] = [];
      try {
        if (values.fetch === true) years = parseYears(need(values.years, '--years <years>', command));
      } catch (error) {
        if (error instanceof FcError) throw error;
        throw new FcError((error as Error).message, 2);
      }
      // Files are read and checked before anything is opened.
      const read = files.map((name) => {
        const file = resolveFile(name);
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new FcError(`No file ${file}.`);
        let document: unknown;
        try {
          document = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (error) {
          throw new FcError(`${shown(file)} is not JSON: ${(error as Error).message}`);
        }
        try {
          return readKolada(document, shown(file));
        } catch (error) {
          throw new FcError((error as Error).message);
        }
      });
      return {
        run: async (b, config) => {
          let readings = read;
          if (values.fetch === true) {
            try {
              readings = [await fetchKolada(config.fc.koladaUrl, years)];
            } catch (error) {
              throw new FcError((error as Error).message);
            }
          }
          const observations = readings.flatMap((r) => r.observations);
          const skipped = readings.flatMap((r) => r.skipped);
          print(
            `Kolada ${KOLADA_KPI}: ${observations.length} figures of ${new Set(observations.map((o) => o.municipality_code || o.region_code || o.country_code)).size} places` +
              (skipped.length
                ? `; ${skipped.length} without a value left out (${skipped
                    .slice(0, 5)
                    .map((s) => `${s.municipality} ${s.period}: ${s.reason}`)
                    .join(', ')}${skipped.length > 5 ? ', …' : ''})`
                : ''),
          );
          if (!observations.length) throw new FcError('no figures to import.');
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-kolada-'));
          const file = path.join(dir, `kolada-${KOLADA_KPI.toLowerCase()}.csv`);
          fs.writeFileSync(file, observationsCsv(observations));
          try {
            return out.printImport(file, await b.importFile(importRequest('observations', file, source, values))) ? 0 : 1;
          } finally {
            // The converted file goes; a problem report written beside it (<file>.errors.csv) stays, as printed.
            fs.rmSync(file, { force: true });
            if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
          }
        },
      };
    }
    default:
      throw new FcError(`unknown command "${command.name}".`, 2);
  }
}

/** The server `fc` looks for when neither --url nor FC_URL names one: this configuration's port here. */
function defaultUrl(config: Config): string | undefined {
  if (config.port === 0) return undefined;
  const host = config.host === '0.0.0.0' || config.host === '::' || config.host === '' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** A path as the operator would type it: relative to the repository when inside it. */
function shown(file: string): string {
  const relative = path.relative(repoRoot, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function whereabouts(config: Config | null): Whereabouts {
  return {
    url: (config && defaultUrl(config)) ?? 'http://127.0.0.1:<PORT>',
    keyFile: config ? shown(config.operatorKeyFile) : '.data/operator-key',
  };
}

/** The key for the operator's requests: FC_API_KEY, else the file the server wrote; read when first needed. */
function operatorKey(config: Config): () => KeySource {
  let known: KeySource | undefined;
  return () => {
    if (known) return known;
    if (config.fc.apiKey) return (known = { key: config.fc.apiKey, from: 'FC_API_KEY' });
    const file = shown(config.operatorKeyFile);
    let key: string;
    try {
      key = fs.readFileSync(config.operatorKeyFile, 'utf8').trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new FcError(
          `No operator key in ${file}: the server writes it there at its first start. If the server runs with another PGLITE_DIR or OPERATOR_KEY_FILE, run fc with the same; or set FC_API_KEY to a key with the operate scope.`,
        );
      }
      throw new FcError(
        `Cannot read the operator key in ${file} (${code === 'EACCES' ? 'permission denied: run fc as the user that runs the server, or set FC_API_KEY' : (error as Error).message}).`,
      );
    }
    return (known = { key, from: `the operator key in ${file}` });
  };
}

function serverUrl(raw: string, from: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FcError(`${from} "${raw}" is not a URL such as http://127.0.0.1:4000.`, 2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FcError(`${from} "${raw}" must start with http:// or https://.`, 2);
  return url.toString().replace(/\/+$/, '');
}

async function openDirect(config: Config, why: string): Promise<Backend> {
  const { directBackend } = await import('./direct.js');
  try {
    return await directBackend(config);
  } catch (error) {
    if ((error as Error).name !== 'DatabaseLockedError') throw error;
    const { dir, pid } = error as Error & { dir: string; pid: number };
    throw new FcError(
      `The embedded database in ${shown(dir)} is open in another process (pid ${pid}) and ${why}: if that process is the server, give fc its address with --url or FC_URL; otherwise stop it.`,
    );
  }
}

/** The running server when one answers (or is named), else the database itself. */
async function connect(config: Config, values: Values, task: Task): Promise<Backend> {
  if (values.direct) {
    if (values.url) throw new FcError('--direct and --url exclude each other: --direct opens the database, --url names a server.', 2);
    return openDirect(config, 'fc was asked to open it directly (--direct)');
  }
  const named = values.url !== undefined ? serverUrl(values.url, '--url') : config.fc.url;
  const base = named ?? defaultUrl(config);
  const up = base !== undefined && (await listening(new URL(base)));
  if (!up) {
    if (named)
      throw new FcError(
        `Nothing answers at ${named}: start the server (npx pnpm start), or leave out ${values.url !== undefined ? '--url' : 'FC_URL'} to open the database directly.`,
      );
    return openDirect(config, `no server answers at ${base ?? 'PORT 0'}`);
  }
  if (task.largeUpload !== undefined && task.largeUpload > config.maxBodyBytes) {
    // Bigger than one upload may be: PostgreSQL can take it beside the server, the embedded database cannot.
    if (config.databaseUrl) return openDirect(config, 'the file is larger than MAX_BODY_BYTES');
    throw new FcError(
      `The file has ${task.largeUpload.toLocaleString('en')} bytes, more than the server takes in one upload (MAX_BODY_BYTES, ${config.maxBodyBytes.toLocaleString('en')}): stop the server and import it again (fc then opens the database itself), or split the file.`,
    );
  }
  await checkServer(base!);
  return remoteBackend(base!, operatorKey(config));
}

/** An error as one line: what went wrong, never a stack. */
function oneLine(error: unknown): { line: string; exitCode: number } {
  const e = error as Error & { exitCode?: number; extensions?: { code?: unknown } };
  const expected =
    e instanceof FcError ||
    ['ConfigError', 'DatabaseLockedError', 'MigrationError'].includes(e?.name) ||
    (e?.name === 'GraphQLError' && typeof e.extensions?.code === 'string');
  const text = expected ? e.message : `unexpected error: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
  return { line: `fc: ${redactIdentityNumbers(text.replace(/\s*\n\s*/g, ' ').trim())}`, exitCode: e instanceof FcError ? e.exitCode : 1 };
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    let config: Config | null = null;
    try {
      config = loadConfig();
    } catch {
      // A bad setting is reported when a command runs; the help is shown anyway.
    }
    print(parsed.text(whereabouts(config)));
    return 0;
  }
  const task = prepare(parsed.command, parsed.args, parsed.values);
  const config = loadConfig();
  const backend = await connect(config, parsed.values, task);
  try {
    return await task.run(backend, config);
  } finally {
    await backend.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { line, exitCode } = oneLine(error);
    console.error(line);
    process.exitCode = exitCode;
  },
);
