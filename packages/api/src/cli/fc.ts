import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GraphQLError } from 'graphql';
import { authenticate } from '../access/auth.js';
import { ConfigError, loadConfig, repoRoot } from '../config.js';
import type { Viewer } from '../access/auth.js';
import { type Database, DatabaseLockedError, openDatabase } from '../db/database.js';
import { csvLine } from '../exports/csv.js';
import type { OrganizationKind } from '../generated/prisma/enums.js';
import { redactIdentityNumbers } from '../privacy/identity-numbers.js';
import { IMPORT_KINDS, type ImportKind } from '../imports/columns.js';
import { type ImportPhase, importCsv } from '../imports/import.js';
import { applyMigrations } from '../db/migrate.js';
import { SCOPES, createApiKey, createOrganization, createSource, findOrganization, revokeApiKey } from '../sync/keys.js';
import { deliverDueWebhooks, sealStoredSecrets } from '../sync/webhooks.js';

const USAGE = `Usage: pnpm fc <command> [options]

  orgs create --name <name> [--org-number 0192:…] [--kind project_partner]
  orgs list
  sources create --org <org> --key <key> --name <name> --licence <SPDX> [--url …] [--attribution …]
  keys create --org <org> --scopes write,read:private,admin [--name <name>]
                                  prints the key once; only its hash is stored
  keys list --org <org>
  keys revoke <prefix>
  import <${IMPORT_KINDS.join('|')}> <file.csv> --source <key> [--key <API key>] [--dry-run] [--partial] [--force]
  webhooks deliver                deliver due webhook events now (the server does this every few seconds)
  webhooks seal-secrets           encrypt signing secrets stored in clear with SECRET_KEY (after setting it)

<org> is an organization's ID, its org number (0192:…) or its exact name.
Scopes: ${Object.entries(SCOPES).map(([k, v]) => `${k} (${v})`).join('; ')}.
File paths are taken relative to the repository root. PostgreSQL when DATABASE_URL is set, else the embedded database.`;

const options = {
  name: { type: 'string' },
  'org-number': { type: 'string' },
  kind: { type: 'string' },
  org: { type: 'string' },
  key: { type: 'string' },
  licence: { type: 'string' },
  url: { type: 'string' },
  attribution: { type: 'string' },
  scopes: { type: 'string' },
  source: { type: 'string' },
  'dry-run': { type: 'boolean' },
  partial: { type: 'boolean' },
  force: { type: 'boolean' },
} as const;

class UsageError extends Error {}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`Missing ${what}.\n\n${USAGE}`);
  return value;
}

function resolveFile(file: string): string {
  if (path.isAbsolute(file)) return file;
  const fromRoot = path.resolve(repoRoot, file);
  return fs.existsSync(fromRoot) ? fromRoot : path.resolve(file);
}

/** A progress bar on stderr (only when it is a terminal; otherwise a line every 10 %). */
function progressBar(total: number) {
  let last = -1;
  let shownRows = -1;
  const started = Date.now();
  const show = (share: number, rows: number) => {
    const percent = Math.floor(share * 100);
    const rate = Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
    shownRows = rows;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)} %  ${rows.toLocaleString('en')} rows  ${rate.toLocaleString('en')} rows/s`);
    } else {
      process.stderr.write(`${percent} %  ${rows.toLocaleString('en')} rows\n`);
    }
  };
  return {
    update(done: number, rows: number) {
      const share = total ? Math.min(1, done / total) : 0;
      const percent = Math.floor(share * 100);
      if (percent === last) return;
      last = percent;
      if (process.stderr.isTTY || percent % 10 === 0) show(share, rows);
    },
    /** Every row read: the bar at 100 % with the final count, once, and the line ended. */
    finish(rows: number) {
      if (shownRows !== rows || last !== 100) show(1, rows);
      last = 100;
      if (process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}

const PHASE_TEXT: Record<ImportPhase, (rows: string, dryRun: boolean) => string> = {
  checking: (rows) => `checking duplicates and overlaps across ${rows} rows`,
  writing: (rows, dryRun) => `writing ${rows} good rows${dryRun ? ' (a dry run: rolled back at the end)' : ''}`,
  committing: (rows) => `logging ${rows} changes and committing`,
};

/** After the bar: one line a phase on stderr, each ended with the seconds it took. */
function phaseLog(bar: ReturnType<typeof progressBar>, dryRun: boolean) {
  let open: { text: string; started: number } | null = null;
  let barDone = false;
  const endBar = (rows: number) => {
    if (!barDone) bar.finish(rows);
    barDone = true;
  };
  const close = () => {
    if (open) process.stderr.write(` ${((Date.now() - open.started) / 1000).toFixed(1)} s\n`);
    open = null;
  };
  return {
    next(phase: ImportPhase, phaseRows: number, rowsRead: number) {
      endBar(rowsRead);
      close();
      open = { text: PHASE_TEXT[phase](phaseRows.toLocaleString('en'), dryRun), started: Date.now() };
      process.stderr.write(`${open.text}…`);
    },
    end(rows: number) {
      endBar(rows);
      close();
    },
  };
}

async function importCommand(db: Database, args: string[], values: Record<string, string | boolean | undefined>) {
  const kind = need(args[0], 'the kind of file') as ImportKind;
  if (!IMPORT_KINDS.includes(kind)) throw new UsageError(`Unknown kind "${kind}"; kinds are ${IMPORT_KINDS.join(', ')}.`);
  const file = resolveFile(need(args[1], 'the CSV file'));
  if (!fs.existsSync(file)) throw new UsageError(`No file ${file}.`);
  const sourceKey = need(values.source as string | undefined, '--source <key>');
  let viewer: Viewer;
  if (values.key) {
    viewer = (await authenticate(db, `Bearer ${values.key as string}`))!;
  } else {
    // Run by the operators on the machine: acts for the organization that owns the source.
    const source = await db.prisma.source.findUnique({ where: { key: sourceKey } });
    if (!source?.organizationId) throw new UsageError(`No source "${sourceKey}" owned by an organization; create it with \`pnpm fc sources create\`.`);
    viewer = { organizationId: source.organizationId, apiKeyId: null as unknown as number, scopes: ['write'] };
  }
  const size = fs.statSync(file).size;
  const bar = progressBar(size);
  const phases = phaseLog(bar, values['dry-run'] === true);
  let bytesRead = 0;
  let rows = 0;
  let pass = 0;
  const report = await importCsv(
    db,
    viewer,
    () => {
      pass++;
      const counting = pass > 1;
      return (async function* () {
        for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
          if (counting) {
            bytesRead += (chunk as Buffer).length;
            bar.update(bytesRead, rows);
          }
          yield chunk as Uint8Array;
        }
      })();
    },
    {
      kind,
      source: sourceKey,
      fileName: path.basename(file),
      dryRun: values['dry-run'] === true,
      partial: values.partial === true,
      force: values.force === true,
      onProgress: (p) => {
        rows = p.rows;
        bar.update(bytesRead, rows);
      },
      onPhase: (phase, phaseRows) => phases.next(phase, phaseRows, rows),
    },
  );
  phases.end(report.rows);
  const status = report.committed ? 'Imported' : report.dryRun ? 'Checked (dry run, nothing written)' : 'Nothing written';
  console.log(`${status}: ${path.basename(file)} → source "${report.source}" (${report.kind}; ${report.encoding ?? '?'}, delimiter ${report.delimiter ?? '?'})`);
  console.log(`  rows ${report.rows}  created ${report.created}  updated ${report.updated}  unchanged ${report.unchanged}  bad ${report.failed}`);
  for (const note of report.notes.slice(0, 10)) console.log(`  note: ${note}`);
  for (const p of report.headerProblems) console.log(`  header: ${p.message}`);
  for (const e of report.errors.slice(0, 20)) console.log(`  line ${e.row}${e.column ? `, ${e.column}` : ''}${e.value ? ` = "${redactIdentityNumbers(e.value)}"` : ''}: ${redactIdentityNumbers(e.message)}`);
  if (report.errors.length > 20) {
    const out = `${file}.errors.csv`;
    // Values come from the imported file: a spreadsheet opening this report must show formulas, not run them.
    const types = ['integer', 'string', 'string', 'string'] as const;
    fs.writeFileSync(out, csvLine(['row', 'column', 'value', 'message']) + report.errors.map((e) => csvLine([e.row, e.column, e.value, e.message], types)).join(''));
    console.log(`  … ${report.errorCount - 20} more problems; all are listed in ${out}`);
  }
  if (report.lastPosition) console.log(`  last change position ${report.lastPosition} (changes(after: …) follows on from any position you stored)`);
  if (!report.committed && !report.dryRun && !report.previousImport) process.exitCode = 1;
}

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [group, command, ...rest] = positionals;
  if (!group || group === 'help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await applyMigrations(db);
    const key = `${group} ${command ?? ''}`.trim();
    switch (key) {
      case 'orgs create': {
        const org = await createOrganization(db, {
          name: need(values.name, '--name'),
          orgNumber: values['org-number'] ?? null,
          kind: values.kind ? (values.kind.toUpperCase() as OrganizationKind) : undefined,
        });
        console.log(`Organization ${org.id}: ${org.name}${org.orgNumber ? ` (${redactIdentityNumbers(org.orgNumber)})` : ''}`);
        return;
      }
      case 'orgs list': {
        const orgs = await db.prisma.organization.findMany({ where: { OR: [{ apiKeys: { some: {} } }, { ownedSources: { some: {} } }] }, include: { ownedSources: true }, orderBy: { id: 'asc' } });
        for (const o of orgs) console.log(`${o.id}\t${o.name}\t${redactIdentityNumbers(o.orgNumber ?? '')}\tsources: ${o.ownedSources.map((s) => s.key).join(', ') || '–'}`);
        return;
      }
      case 'sources create': {
        const org = await findOrganization(db, need(values.org, '--org'));
        const source = await createSource(db, org.id, {
          key: need(values.key, '--key'),
          name: need(values.name, '--name'),
          licence: need(values.licence, '--licence'),
          url: values.url ?? null,
          attribution: values.attribution ?? null,
        });
        console.log(`Source "${source.key}" (${source.licence}) owned by ${org.name}.`);
        return;
      }
      case 'keys create': {
        const org = await findOrganization(db, need(values.org, '--org'));
        const scopes = need(values.scopes, '--scopes').split(',').map((s) => s.trim()).filter(Boolean);
        const { key, record } = await createApiKey(db, org.id, values.name ?? 'partner key', scopes);
        console.log(`API key for ${org.name} (${record.scopes.join(', ')}), shown only now — store it safely:\n\n  ${key}\n\nUse it as the header  Authorization: Bearer ${record.prefix}…`);
        return;
      }
      case 'keys list': {
        const org = await findOrganization(db, need(values.org, '--org'));
        for (const k of await db.prisma.apiKey.findMany({ where: { organizationId: org.id }, orderBy: { id: 'asc' } })) {
          console.log(`${k.prefix}…\t${k.name}\t${k.scopes.join(',')}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}${k.revokedAt ? `\tREVOKED ${k.revokedAt.toISOString()}` : ''}`);
        }
        return;
      }
      case 'keys revoke': {
        const revoked = await revokeApiKey(db, need(rest[0], 'the key prefix'));
        console.log(`Key ${revoked.prefix}… revoked on ${revoked.revokedAt!.toISOString()}.`);
        return;
      }
      case 'webhooks deliver': {
        const result = await deliverDueWebhooks(db, config);
        console.log(`Delivered ${result.delivered}, failed ${result.failed} (will be retried), gave up ${result.dead}.`);
        return;
      }
      case 'webhooks seal-secrets': {
        if (!config.secretKey) throw new UsageError('Set SECRET_KEY (32 bytes, e.g. `openssl rand -hex 32`) first.');
        console.log(`Encrypted ${await sealStoredSecrets(db, config.secretKey)} signing secret(s).`);
        return;
      }
      default:
        if (group === 'import') return await importCommand(db, [command!, ...rest], values);
        throw new UsageError(`Unknown command "${key}".\n\n${USAGE}`);
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof DatabaseLockedError || error instanceof GraphQLError) {
    console.error(redactIdentityNumbers(error.message));
  } else if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${error.message}\n\n${USAGE}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
