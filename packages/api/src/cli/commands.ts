import { parseArgs } from 'node:util';
import { SCOPES } from '../access/scopes.js';
import { IMPORT_KINDS } from '../imports/columns.js';
import { FcError } from './backend.js';

/** Every option `fc` knows; each command accepts its own and the global ones. */
const OPTIONS = {
  name: { type: 'string' },
  'org-number': { type: 'string' },
  kind: { type: 'string' },
  org: { type: 'string' },
  key: { type: 'string' },
  licence: { type: 'string' },
  'dataset-url': { type: 'string' },
  attribution: { type: 'string' },
  scopes: { type: 'string' },
  source: { type: 'string' },
  'dry-run': { type: 'boolean' },
  partial: { type: 'boolean' },
  force: { type: 'boolean' },
  url: { type: 'string' },
  direct: { type: 'boolean' },
  fetch: { type: 'boolean' },
  years: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof OPTIONS;
export type Values = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

const GLOBAL: OptionName[] = ['url', 'direct', 'help'];

export interface Command {
  /** The words that name it: "keys create", "import". */
  name: string;
  /** Its arguments after the name, e.g. ["<prefix>"]. */
  args: string[];
  options: OptionName[];
  synopsis: string;
  summary: string;
  /** More about it, for `fc <command> --help`. */
  details?: string;
  /** Whether its last argument may be given more than once (files). */
  variadic?: boolean;
}

export const COMMANDS: Command[] = [
  {
    name: 'orgs create',
    args: [],
    options: ['name', 'org-number', 'kind'],
    synopsis: 'orgs create --name <name> [--org-number 0192:…] [--kind <kind>]',
    summary: 'register a partner organization',
    details:
      'Kinds: municipality, region, national_agency, producer_company, cooperative, wholesaler, logistics, food_service, project_partner (the default), research, ngo, other.',
  },
  { name: 'orgs list', args: [], options: [], synopsis: 'orgs list', summary: 'the organizations with API keys or sources, and their sources' },
  {
    name: 'sources create',
    args: [],
    options: ['org', 'key', 'name', 'licence', 'dataset-url', 'attribution'],
    synopsis: 'sources create --org <org> --key <key> --name <name> --licence <SPDX> [--dataset-url <url>] [--attribution <text>]',
    summary: 'a source (dataset) the organization owns: only its keys write to it',
    details: '--key is the source\'s stable key (2–63 characters of a–z, 0–9, ".", "_", "-"); --dataset-url is where the dataset is published.',
  },
  {
    name: 'keys create',
    args: [],
    options: ['org', 'scopes', 'name'],
    synopsis: 'keys create --org <org> --scopes <scope,…> [--name <name>]',
    summary: 'an API key for the organization, printed once (only its hash is stored)',
  },
  { name: 'keys list', args: [], options: ['org'], synopsis: 'keys list --org <org>', summary: "the organization's keys: prefix, name, scopes, last use" },
  {
    name: 'keys revoke',
    args: ['<prefix>'],
    options: [],
    synopsis: 'keys revoke <prefix>',
    summary: 'refuse a key from now on (by the prefix `keys list` shows)',
  },
  {
    name: 'import',
    args: ['<kind>', '<file.csv>'],
    options: ['source', 'key', 'dry-run', 'partial', 'force'],
    synopsis: `import <${IMPORT_KINDS.join('|')}> <file.csv> --source <key> [--key <API key>] [--dry-run] [--partial] [--force]`,
    summary: 'import a CSV file into a source, all or nothing',
    details:
      "Without --key the operator imports for the organization that owns the source; with it, the key's organization imports (as a partner would).\n" +
      '  --dry-run   check every row and report, write nothing\n' +
      '  --partial   write the good rows even when others are bad\n' +
      '  --force     import a file again that was already imported into the source\n' +
      'More than 20 problems are all written to <file.csv>.errors.csv. Columns: docs/import-formats.md.',
  },
  {
    name: 'observations import',
    args: ['kolada', '[<file.json> …]'],
    options: ['source', 'key', 'dry-run', 'partial', 'force', 'fetch', 'years'],
    variadic: true,
    synopsis: 'observations import kolada <file.json> [<page2.json> …] --source <key> | --fetch --years 2019-2025 --source <key>',
    summary: "import Kolada's municipal figures on organic food (KPI U07409) as observations",
    details:
      "Reads saved answers of Kolada's GET /v3/data/kpi/U07409/year/<years> (one file a page), or with --fetch downloads them\n" +
      '(FC_KOLADA_URL, default https://api.kolada.se). Each municipality, region and year becomes an observation of the\n' +
      'indicator kolada_u07409, imported into the source as `import observations` would; figures without a value are left out.\n' +
      '  --years     with --fetch: 2019-2025 or 2019,2021\n' +
      '  --dry-run, --partial, --force   as for import',
  },
  {
    name: 'webhooks deliver',
    args: [],
    options: [],
    synopsis: 'webhooks deliver',
    summary: 'deliver due webhook events now (a running server does so every few seconds)',
  },
  {
    name: 'webhooks seal-secrets',
    args: [],
    options: [],
    synopsis: 'webhooks seal-secrets',
    summary: 'encrypt the webhook signing secrets stored in clear, with SECRET_KEY',
  },
];

const GROUPS = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!))];

/** Where `fc` runs, filled in with this configuration's address and key file. */
export interface Whereabouts {
  url: string;
  keyFile: string;
}

const wrap = (synopsis: string, summary: string) =>
  synopsis.length <= 30 ? `  ${synopsis.padEnd(32)}${summary}` : `  ${synopsis}\n  ${' '.repeat(32)}${summary}`;

function whereItRuns(where: Whereabouts): string {
  return `Where it runs:
  fc sends each command to the running server at --url, FC_URL or else ${where.url}, with the
  operator key the server wrote to ${where.keyFile} at its first start (or FC_API_KEY).
  When nothing answers there, fc opens the database itself: PostgreSQL with DATABASE_URL, else the
  embedded database (which one process at a time may open). --direct opens the database even when
  a server answers (for PostgreSQL).`;
}

const COMMON = `Options of every command:
  --url <url>       the server to send the command to (FC_URL)
  --direct          open the database instead of going through a server
  -h, --help        this text; \`fc <command> --help\` for one command`;

export function usage(where: Whereabouts): string {
  return `Usage: npx pnpm fc <command> [options]

${COMMANDS.map((c) => wrap(c.synopsis, c.summary)).join('\n')}

${whereItRuns(where)}

${COMMON}

<org> is an organization's ID, its org number (0192:…) or its exact name.
Scopes: ${Object.entries(SCOPES)
    .map(([k, v]) => `${k} (${v})`)
    .join('; ')}.
File paths are taken relative to the repository root, else to the current folder.
Exit status: 0 done, 1 failed (the reason on one line of stderr), 2 a mistake in the command line.`;
}

export function commandUsage(command: Command, where: Whereabouts): string {
  const scopes =
    command.name === 'keys create'
      ? `\nScopes:\n${Object.entries(SCOPES)
          .map(([k, v]) => `  ${k.padEnd(14)}${v}`)
          .join('\n')}`
      : '';
  const org = command.options.includes('org') ? "\n<org> is an organization's ID, its org number (0192:…) or its exact name." : '';
  return `Usage: npx pnpm fc ${command.synopsis}

${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.${command.details ? `\n${command.details}` : ''}${org}${scopes}

${whereItRuns(where)}

${COMMON}`;
}

function groupUsage(group: string): string {
  return `Usage: npx pnpm fc ${group} <command> [options]\n\n${COMMANDS.filter((c) => c.name.startsWith(`${group} `))
    .map((c) => wrap(c.synopsis, c.summary))
    .join('\n')}\n\n\`npx pnpm fc ${group} <command> --help\` tells more about one.`;
}

export type Parsed = { kind: 'help'; text: (where: Whereabouts) => string } | { kind: 'run'; command: Command; args: string[]; values: Values };

const usageError = (message: string) => new FcError(message, 2);

/** Reads the command line; a mistake in it is an FcError with exit status 2 and one line. */
export function parseCommandLine(argv: string[]): Parsed {
  let parsed: { values: Values; positionals: string[]; tokens: { kind: string; name?: string }[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true }) as typeof parsed;
  } catch (error) {
    throw usageError(parseError(error));
  }
  const { values, positionals } = parsed;
  const [first, second, ...rest] = positionals;
  if (!first || first === 'help') return { kind: 'help', text: usage };
  const named = first === 'import' ? COMMANDS.find((c) => c.name === 'import') : COMMANDS.find((c) => c.name === `${first} ${second ?? ''}`);
  if (!named) {
    if (!GROUPS.includes(first)) throw usageError(`unknown command "${first}"; the commands are ${GROUPS.join(', ')} (npx pnpm fc --help).`);
    if (values.help && !second) return { kind: 'help', text: () => groupUsage(first) };
    const subs = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.split(' ')[1]);
    throw usageError(second ? `unknown command "${first} ${second}"; ${first} has ${subs.join(', ')}.` : `${first} needs a command: ${subs.join(', ')}.`);
  }
  if (values.help) return { kind: 'help', text: (where) => commandUsage(named, where) };
  const args = named.name === 'import' ? [second, ...rest].filter((a): a is string => a !== undefined) : rest;
  if (!named.variadic && args.length > named.args.length)
    throw usageError(`${named.name} does not take "${args[named.args.length]}" (npx pnpm fc ${named.name} --help).`);
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const option = token.name as OptionName;
    if (!GLOBAL.includes(option) && !named.options.includes(option)) {
      throw usageError(`${named.name} has no option --${option} (npx pnpm fc ${named.name} --help).`);
    }
  }
  return { kind: 'run', command: named, args, values };
}

/** node:util's message for a bad option, said shortly. */
function parseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option} (npx pnpm fc --help lists the options).`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return OPTIONS[option.replace(/^-+/, '') as OptionName]?.type === 'boolean' ? `${option} takes no value.` : `${option} needs a value.`;
  }
  return message.split('\n')[0]!;
}

/** A required option or argument, or a usage error naming it. */
export function need<T>(value: T | undefined, what: string, command: Command): T {
  if (value === undefined || value === '') throw usageError(`${command.name} needs ${what} (npx pnpm fc ${command.name} --help).`);
  return value;
}
