// Writes organic and local shares by municipality and year to CSV through the typed client:
//   npx pnpm -C examples/researcher --silent shares --municipality NO-3901,SE-0181 --local WITHIN_KM:50
// into examples/researcher/out/shares.csv, or the file --out names (relative to where you ran it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type ClientOptions, FoodCommonsError, createClient } from '@food-commons/client';
import { CURRENCIES, type Currency, LOCAL_DEFINITIONS, type SharesOptions, sharesCsv } from './shares.js';

/** Where the CSV goes without --out: out/ beside this script (ignored by git). */
export const DEFAULT_OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out', 'shares.csv');

/** A failure worth one line: printed, and the script exits with 1. */
class Stop extends Error {}

export interface Io {
  /** The folder relative --out paths start from: where the command was typed (pnpm's INIT_CWD). */
  cwd: string;
  log: (line: string) => void;
  error: (line: string) => void;
  fetch?: ClientOptions['fetch'];
}

// A standalone script, not the API (whose settings are read in its config.ts): pnpm's INIT_CWD is the
// folder the command was typed in, while the script runs in this one.
// eslint-disable-next-line no-restricted-properties
const defaultIo: Io = { cwd: process.env.INIT_CWD || process.cwd(), log: console.log, error: console.error };

function parseLocal(value: string): SharesOptions['local'] {
  const [definition, km, ...rest] = value.split(':');
  const known = LOCAL_DEFINITIONS.find((d) => d === definition);
  if (!known || rest.length) throw new Stop(`--local ${value} is not one of ${LOCAL_DEFINITIONS.join(', ')} (WITHIN_KM:<km>, e.g. WITHIN_KM:50).`);
  if (known !== 'WITHIN_KM') {
    if (km !== undefined) throw new Stop(`--local ${value}: only WITHIN_KM takes a distance.`);
    return { definition: known };
  }
  const n = Number(km);
  if (!km || !Number.isFinite(n) || n <= 0) throw new Stop(`--local ${value}: WITHIN_KM needs a distance in km above 0, e.g. WITHIN_KM:50.`);
  return { definition: known, km: n };
}

function parseCurrency(value: string | undefined): Currency | undefined {
  if (value === undefined) return undefined;
  const known = CURRENCIES.find((c) => c === value);
  if (!known) throw new Stop(`--currency ${value} is not one of ${CURRENCIES.join(', ')}.`);
  return known;
}

function parseApi(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  throw new Stop(`--api ${value} is not an http(s) URL, e.g. http://localhost:4000/graphql.`);
}

/** Why a request did not reach the API, in one line that says what to do. */
function unreachable(api: string, error: unknown): Stop {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new Stop(
      `Nothing answers at ${api} (${code}): start the API with \`npx pnpm start\` in the repository (in another terminal), or pass --api <its URL>.`,
    );
  }
  return new Stop(`The request to ${api} failed: ${cause?.message ?? (error as Error).message}`);
}

/** Runs the script with these arguments; the exit code (0, or 1 after one line on `io.error`). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    let values;
    try {
      // `pnpm <script> -- --flag` passes the `--` through.
      ({ values } = parseArgs({
        args: argv.filter((arg, i) => !(i === 0 && arg === '--')),
        options: {
          api: { type: 'string', default: 'http://localhost:4000/graphql' },
          municipality: { type: 'string', default: '' },
          local: { type: 'string', default: 'SAME_MUNICIPALITY' },
          currency: { type: 'string' },
          key: { type: 'string' },
          out: { type: 'string' },
        },
      }));
    } catch (error) {
      throw new Stop(`${(error as Error).message} (options: --api, --municipality, --local, --currency, --key, --out).`);
    }
    const api = parseApi(values.api);
    const currency = parseCurrency(values.currency);
    const options: SharesOptions = {
      municipalities: values.municipality ? values.municipality.split(',').map((c) => c.trim()) : [],
      local: parseLocal(values.local),
      ...(currency ? { currency } : {}),
    };
    const out = values.out ? path.resolve(io.cwd, values.out) : DEFAULT_OUT;
    const client = createClient({ url: api, ...(values.key ? { apiKey: values.key } : {}), ...(io.fetch ? { fetch: io.fetch } : {}) });

    let csv: string;
    try {
      csv = await sharesCsv(client, options);
    } catch (error) {
      if (error instanceof FoodCommonsError) throw new Stop(`The API at ${api} refused the query: ${error.message}`);
      throw unreachable(api, error);
    }
    try {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, csv);
    } catch (error) {
      throw new Stop(`Could not write ${out}: ${(error as Error).message}`);
    }
    io.log(`Wrote ${csv.trimEnd().split('\r\n').length - 1} rows to ${out}`);
    return 0;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    io.error(error.message);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
