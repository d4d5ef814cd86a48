import { createHash } from 'node:crypto';
import type { Viewer } from '../access/auth.js';
import { importPhases, importRows, imports } from '../observability/metrics.js';
import type { Database, SqlSession } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import type { Source } from '../generated/prisma/client.js';
import { sqlWriteTransaction, writeTransaction } from '../sync/changes.js';
import { type DeliveryInput, DeliveryLookups, DeliveryStage, type StagedProblem, normalizeDelivery } from '../sync/deliveries.js';
import { kitchenSpec, observationSpec, producerSpec } from '../sync/kinds.js';
import { type KindSpec, type WriteEnv, actorOf, itemErrorOf, upsertOne, writableSource } from '../sync/upsert.js';
import type { RecordTable } from '../records/fields.js';
import { DELIVERY } from '../records/deliveries.js';
import { KITCHEN } from '../records/kitchens.js';
import { PRODUCER } from '../records/producers.js';
import { OBSERVATION } from '../records/goals.js';
import { type HeaderProblem, type ImportKind, KIND_COLUMNS, RowReader, checkHeader, fieldColumns, readRow } from './columns.js';
import { type CsvInfo, CsvFormatError, readCsv } from './csv.js';

/** Every bad row is counted; the first this many are reported in full. */
export const MAX_REPORTED_ERRORS = 10_000;
/** Sort and hash memory of a delivery import's transaction on PostgreSQL (the default is 4 MB). */
const IMPORT_WORK_MEM = '128MB';
const CHUNK = 5000;
/**
 * Rows read between turns of the event loop: the database stores the previous chunk meanwhile, and
 * its replies (a COPY done, so the next statement can go) are only seen in a turn.
 */
const TURN = 1000;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface RowError {
  /** Line in the file (the header is line 1). */
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

export interface ImportReport {
  kind: ImportKind;
  source: string;
  fileName: string | null;
  sha256: string;
  encoding: string | null;
  delimiter: string | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  committed: boolean;
  dryRun: boolean;
  /** The same file imported into the same source before (detected by its SHA-256). */
  previousImport: { id: number; at: Date; rows: number } | null;
  headerProblems: HeaderProblem[];
  errors: RowError[];
  errorCount: number;
  notes: string[];
  lastPosition: bigint | null;
}

export interface ImportOptions {
  kind: ImportKind;
  source: string;
  fileName?: string | null;
  dryRun?: boolean;
  partial?: boolean;
  /** Import a file again even though the same bytes were imported before. */
  force?: boolean;
  onProgress?: (progress: { rows: number; errors: number }) => void;
  /**
   * Called when the import moves on from reading rows to a phase over the whole file, with the
   * number of rows that phase works on (rows read, rows to write, rows written).
   */
  onPhase?: (phase: ImportPhase, rows: number) => void;
  /** Rows read and staged at a time (default 5,000): fewer means more statements and less memory. */
  chunkRows?: number;
}

/**
 * The phases after reading: `checking` duplicates and overlaps across the file (deliveries),
 * `writing` the checked lines (deliveries), `committing` the change log and the transaction.
 */
export type ImportPhase = 'checking' | 'writing' | 'committing';

export type ByteSource = () => AsyncIterable<Uint8Array>;

async function sha256Of(bytes: ByteSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of bytes()) hash.update(chunk);
  return hash.digest('hex');
}

class Abort extends Error {
  constructor(readonly report: ImportReport) {
    super('import rolled back');
  }
}

/**
 * Imports a CSV file of one kind into the caller's source in one transaction: all or nothing by
 * default (every bad row reported), or only the good rows in partial mode. Rows stream through in
 * chunks; memory stays flat whatever the file size.
 */
export async function importCsv(db: Database, viewer: Viewer | null, bytes: ByteSource, options: ImportOptions): Promise<ImportReport> {
  if (!(options.kind in KIND_COLUMNS)) {
    throw new UserError(ErrorCode.BAD_USER_INPUT, `Unknown import kind "${options.kind}"; kinds are ${Object.keys(KIND_COLUMNS).join(', ')}.`, {
      field: 'kind',
    });
  }
  const onPhase = options.onPhase;
  options = {
    ...options,
    onPhase(phase, rows) {
      importPhases.inc({ kind: options.kind, phase });
      onPhase?.(phase, rows);
    },
  };
  const source = await writableSource(db, viewer, options.source);
  const sha256 = await sha256Of(bytes);
  const previous = await db.prisma.importRun.findFirst({ where: { sourceId: source.id, kind: options.kind, sha256 }, orderBy: { id: 'desc' } });
  const report: ImportReport = {
    kind: options.kind,
    source: source.key,
    fileName: options.fileName ?? null,
    sha256,
    encoding: null,
    delimiter: null,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    committed: false,
    dryRun: options.dryRun ?? false,
    previousImport: previous ? { id: previous.id, at: previous.createdAt, rows: previous.rows } : null,
    headerProblems: [],
    errors: [],
    errorCount: 0,
    notes: [],
    lastPosition: null,
  };
  if (previous && !options.force && !options.dryRun) {
    report.notes.push(
      `This file was already imported into "${source.key}" on ${previous.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (${previous.rows} rows); nothing was done. Import it again with force if you mean to.`,
    );
    imports.inc({ kind: options.kind, result: 'skipped' });
    return report;
  }
  try {
    const body = async (w: { db: Database; sql: SqlSession; tx?: WriteEnv['tx']; changes: WriteEnv['changes'] }) => {
      const env: WriteEnv = { ...w, tx: w.tx as WriteEnv['tx'], source, ctx: { db: w.db, viewer }, cache: new Map() };
      // The set-based checks and the merge sort and join the whole file's staged lines: on a server,
      // in memory rather than in temporary files (the embedded database's files are memory anyway).
      if (options.kind === 'deliveries' && db.kind === 'postgresql') await w.sql.exec(`SET LOCAL work_mem = '${IMPORT_WORK_MEM}'`);
      await runRows(env, bytes, options, report);
      if (options.kind === 'deliveries') await finishDeliveries(env, options, report);
      if ((report.errorCount > 0 || report.headerProblems.length > 0) && !options.partial) throw new Abort(report);
      if (options.dryRun) throw new Abort(report);
      options.onPhase?.('committing', report.created + report.updated);
      await w.sql.query(
        `INSERT INTO import_run (source_id, kind, sha256, file_name, rows, created, updated, unchanged, failed, organization_id, api_key_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          source.id,
          options.kind,
          sha256,
          options.fileName ?? null,
          report.rows,
          report.created,
          report.updated,
          report.unchanged,
          report.failed,
          viewer?.organizationId ?? null,
          viewer?.apiKeyId ?? null,
        ],
      );
    };
    // Deliveries need plain SQL only and take the faster path; producers and kitchens use the ORM.
    const { positions } =
      options.kind === 'deliveries'
        ? await sqlWriteTransaction(db, actorOf(viewer), body, { timeoutMs: 6 * 3600_000 })
        : await writeTransaction(db, actorOf(viewer), body, { timeoutMs: 6 * 3600_000 });
    report.committed = true;
    report.lastPosition = positions?.last ?? null;
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
    report.committed = false;
    if (!options.dryRun) {
      // Nothing was written: say so in the counts.
      report.unchanged += report.created + report.updated;
      report.created = 0;
      report.updated = 0;
    }
  }
  report.errors.sort((a, b) => a.row - b.row);
  imports.inc({ kind: options.kind, result: report.committed ? 'committed' : options.dryRun ? 'dry_run' : 'rolled_back' });
  if (report.committed) {
    for (const outcome of ['created', 'updated', 'unchanged', 'failed'] as const) importRows.inc({ kind: options.kind, outcome }, report[outcome]);
  }
  return report;
}

function addError(report: ImportReport, error: RowError) {
  report.errorCount++;
  if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(error);
}

async function runRows(env: WriteEnv, bytes: ByteSource, options: ImportOptions, report: ImportReport) {
  let header: { index: Map<string, number> } | null = null;
  let chunk: { line: number; fields: string[] }[] = [];
  const onInfo = (info: CsvInfo) => {
    report.encoding = info.encoding;
    report.delimiter = info.delimiter === '\t' ? 'tab' : info.delimiter;
  };
  const flush = async () => {
    if (!header || chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    if (options.kind === 'deliveries') await deliveryChunk(env, header.index, rows, report);
    else await itemChunk(env, options.kind, header.index, rows, report);
    options.onProgress?.({ rows: report.rows, errors: report.errorCount });
  };
  try {
    for await (const record of readCsv(bytes(), onInfo)) {
      if (!header) {
        const checked = checkHeader(options.kind, record.fields);
        if (checked.problems.length) {
          report.headerProblems = checked.problems;
          return;
        }
        header = checked;
        continue;
      }
      chunk.push(record);
      if (chunk.length >= (options.chunkRows ?? CHUNK)) await flush();
      else if (chunk.length % TURN === 0) await turn();
    }
    await flush();
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    addError(report, { row: error.line, column: null, value: null, message: error.message });
    return;
  }
  if (!header) report.headerProblems = [{ column: null, message: 'The file is empty: a header row is required.' }];
}

async function duplicates(sql: SqlSession, ids: string[]): Promise<Set<string>> {
  await sql.exec('CREATE TEMP TABLE IF NOT EXISTS fc_import_keys (external_id text PRIMARY KEY) ON COMMIT DROP');
  const fresh = await sql.query<{ external_id: string }>(
    'INSERT INTO fc_import_keys SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING external_id',
    [ids],
  );
  const inserted = new Set(fresh.map((r) => r.external_id));
  return new Set(ids.filter((id) => !inserted.has(id)));
}

/** The CSV column of each delivery input field, for reporting problems by column; a period problem is the end's. */
const DELIVERY_FIELD_COLUMN: Record<string, string> = { ...fieldColumns(DELIVERY), period: 'period_end' };

/** Validates a chunk of delivery rows and stages them; checks across the file and writing happen at the end. */
async function deliveryChunk(env: WriteEnv, index: Map<string, number>, records: { line: number; fields: string[] }[], report: ImportReport) {
  let look = env.cache.get('deliveryLookups') as DeliveryLookups | undefined;
  let stage = env.cache.get('deliveryStage') as DeliveryStage | undefined;
  if (!look || !stage) {
    look = new DeliveryLookups(env.sql, env.source);
    await look.loadReference();
    stage = new DeliveryStage(env.sql, env.source.id);
    await stage.open();
    env.cache.set('deliveryLookups', look);
    env.cache.set('deliveryStage', stage);
  }
  const reader = new RowReader(index, []);
  const parsed: { line: number; externalId: string | null; input: DeliveryInput | null }[] = [];
  for (const record of records) {
    reader.reset(record.fields);
    const { values, input } = readRow(DELIVERY, reader);
    for (const p of reader.problems) addError(report, { row: record.line, column: p.column, value: p.value, message: p.message });
    parsed.push({ line: record.line, externalId: typeof values.externalId === 'string' ? values.externalId : null, input });
  }
  report.rows += records.length;
  await look.loadFor(parsed.flatMap((p) => (p.input ? [p.input] : [])));
  for (const [i, p] of parsed.entries()) {
    if (i % TURN === TURN - 1) await turn();
    const ext = p.externalId;
    if (!p.input) {
      report.failed++;
      stage.add(p.line, ext, null);
      continue;
    }
    const n = normalizeDelivery(p.input, look);
    for (const problem of n.problems) {
      addError(report, { row: p.line, column: DELIVERY_FIELD_COLUMN[problem.field] ?? problem.field, value: problem.value ?? null, message: problem.message });
    }
    if (report.notes.length < 100) report.notes.push(...n.notes.map((note) => `Line ${p.line}: ${note}`));
    if (n.row && n.problems.length === 0) stage.add(p.line, ext, n.row);
    else {
      report.failed++;
      stage.add(p.line, ext, null);
    }
  }
  // Stored while the next chunk is read and checked.
  await stage.writeBehind();
}

/**
 * The checks that need the whole file (an external ID on an earlier line, lines overlapping each
 * other or stored lines), then one set-based write of the good lines, unless a bad row stops it.
 */
async function finishDeliveries(env: WriteEnv, options: ImportOptions, report: ImportReport) {
  const stage = env.cache.get('deliveryStage') as DeliveryStage | undefined;
  const look = env.cache.get('deliveryLookups') as DeliveryLookups | undefined;
  if (!stage || !look || report.headerProblems.length > 0) return;
  await stage.write();
  const report_ = (found: { count: number; first: StagedProblem[] }, message: (p: StagedProblem) => string) => {
    for (const p of found.first)
      addError(report, { row: p.line, column: DELIVERY_FIELD_COLUMN[p.problem.field] ?? p.problem.field, value: p.problem.value ?? null, message: message(p) });
    report.errorCount += found.count - found.first.length;
  };
  options.onPhase?.('checking', report.rows);
  const duplicates = await stage.markDuplicates(MAX_REPORTED_ERRORS);
  report_(duplicates, (p) => `external_id "${p.externalId}" appears on an earlier line of the file.`);
  report.failed += duplicates.newlyFailed;
  const overlaps = await stage.markOverlaps(look.maxPeriodDays, MAX_REPORTED_ERRORS);
  report_(overlaps, (p) => p.problem.message);
  report.failed += overlaps.count;
  if (report.errorCount > 0 && !options.partial) return;
  options.onPhase?.('writing', stage.staged);
  const written = await stage.merge(env.changes);
  report.created += written.created;
  report.updated += written.updated;
  report.unchanged += written.unchanged;
}

/** Producers and kitchens: one record at a time through the upsert rules, each under a savepoint. */
async function itemChunk(env: WriteEnv, kind: ImportKind, index: Map<string, number>, records: { line: number; fields: string[] }[], report: ImportReport) {
  if (kind === 'producers') await upsertRows(env, PRODUCER, (r) => readRow(PRODUCER, r).input, producerSpec, index, records, report);
  else if (kind === 'observations') await upsertRows(env, OBSERVATION, (r) => readRow(OBSERVATION, r).input, observationSpec, index, records, report);
  else await upsertRows(env, KITCHEN, (r) => readRow(KITCHEN, r).input, kitchenSpec, index, records, report);
}

async function upsertRows<I extends { externalId: string }>(
  env: WriteEnv,
  table: RecordTable,
  read: (r: RowReader) => I | null,
  spec: KindSpec<I>,
  index: Map<string, number>,
  records: { line: number; fields: string[] }[],
  report: ImportReport,
) {
  const reader = new RowReader(index, []);
  const columns = fieldColumns(table);
  const written: number[] = [];
  const ids = records.map((r) => {
    reader.reset(r.fields);
    return reader.text('external_id') ?? '';
  });
  const dup = await duplicates(env.sql, ids.filter(Boolean));
  for (const [i, record] of records.entries()) {
    reader.reset(record.fields);
    report.rows++;
    const input = read(reader);
    const externalId = ids[i]!;
    if (externalId && dup.has(externalId)) reader.bad('external_id', externalId, `external_id "${externalId}" appears on an earlier line of the file.`);
    if (!externalId) reader.bad('external_id', '', 'external_id is empty.');
    dup.add(externalId);
    if (reader.problems.length || !input) {
      for (const p of reader.problems) addError(report, { row: record.line, column: p.column, value: p.value, message: p.message });
      report.failed++;
      continue;
    }
    await env.sql.exec('SAVEPOINT fc_row');
    try {
      const result = await upsertOne(env, spec, input, 'row');
      await env.sql.exec('RELEASE SAVEPOINT fc_row');
      report[result.status === 'CREATED' ? 'created' : result.status === 'UPDATED' ? 'updated' : 'unchanged']++;
      if (result.status !== 'UNCHANGED') written.push(Number(result.id));
      if (report.notes.length < 100) report.notes.push(...result.notes.map((n) => `Line ${record.line}: ${n}`));
    } catch (error) {
      await env.sql.exec('ROLLBACK TO SAVEPOINT fc_row');
      const e = itemErrorOf(error, 'row');
      // The field the upsert names (`row.products[2].category`), as the file's column.
      const name = e.field.replace(/^row\.?/, '').split(/[.[]/)[0]!;
      addError(report, { row: record.line, column: columns[name] ?? name, value: e.value ?? null, message: e.message });
      report.failed++;
    }
  }
  if (written.length && spec.afterBatch) await spec.afterBatch(written, env);
}

export type { Source };
