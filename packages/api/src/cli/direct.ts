import fs from 'node:fs';
import path from 'node:path';
import { authenticate } from '../access/auth.js';
import * as operator from '../access/operator.js';
import type { Viewer } from '../access/policy.js';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { ErrorCode, UserError } from '../errors.js';
import { type ImportReport, importCsv } from '../imports/import.js';
import type { Backend, ImportRequest, ImportView } from './backend.js';
import { phaseLog, progressBar } from './progress.js';

/** The report in the form GraphQL gives it (dates as ISO text, positions as text). */
export const importView = (r: ImportReport): ImportView => ({
  committed: r.committed,
  dryRun: r.dryRun,
  kind: r.kind,
  source: r.source,
  encoding: r.encoding,
  delimiter: r.delimiter,
  rows: r.rows,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  failed: r.failed,
  previousImport: r.previousImport && { at: r.previousImport.at.toISOString(), rows: r.previousImport.rows },
  headerProblems: r.headerProblems.map((p) => ({ message: p.message })),
  errors: r.errors,
  errorCount: r.errorCount,
  notes: r.notes,
  lastPosition: r.lastPosition?.toString() ?? null,
});

/**
 * `fc` on the database itself, when no server runs (or with --direct): migrates it first, as the
 * server would, and runs the operator's functions on it.
 */
export async function directBackend(config: Config): Promise<Backend> {
  const db = await openDatabase(config);
  try {
    await applyMigrations(db);
  } catch (error) {
    await db.close();
    throw error;
  }

  async function importFile(request: ImportRequest): Promise<ImportView> {
    let viewer: Viewer | null;
    if (request.key) {
      viewer = await authenticate(db, `Bearer ${request.key}`);
    } else {
      // The operator on this machine acts for the organization that owns the source.
      const source = await db.prisma.source.findUnique({ where: { key: request.source } });
      if (!source?.organizationId) {
        throw new UserError(ErrorCode.NOT_FOUND, `No source "${request.source}" owned by an organization; create it with \`npx pnpm fc sources create\`.`, {
          field: 'source',
        });
      }
      viewer = { organizationId: source.organizationId, apiKeyId: null as unknown as number, scopes: ['write'] };
    }
    const bar = progressBar(fs.statSync(request.file).size);
    const phases = phaseLog(bar, request.dryRun);
    let bytesRead = 0;
    let rows = 0;
    let pass = 0;
    const report = await importCsv(
      db,
      viewer,
      () => {
        // The first pass hashes the file; the second reads it, and moves the bar.
        const counting = ++pass > 1;
        return (async function* () {
          for await (const chunk of fs.createReadStream(request.file, { highWaterMark: 1 << 20 })) {
            if (counting) {
              bytesRead += (chunk as Buffer).length;
              bar.update(bytesRead, rows);
            }
            yield chunk as Uint8Array;
          }
        })();
      },
      {
        kind: request.kind,
        source: request.source,
        fileName: path.basename(request.file),
        dryRun: request.dryRun,
        partial: request.partial,
        force: request.force,
        onProgress: (p) => {
          rows = p.rows;
          bar.update(bytesRead, rows);
        },
        onPhase: (phase, phaseRows) => phases.next(phase, phaseRows, rows),
      },
    );
    if (report.rows > 0 || pass > 1) phases.end(report.rows);
    return importView(report);
  }

  return {
    addOrganization: (input) => operator.addOrganization(db, input),
    listOrganizations: () => operator.listOrganizations(db),
    addSource: (input) => operator.addSource(db, input),
    addApiKey: (input) => operator.addApiKey(db, input),
    listApiKeys: (organization) => operator.listApiKeys(db, organization),
    revokeKey: (prefix) => operator.revokeKey(db, prefix),
    deliverWebhooks: () => operator.deliverWebhooksNow(db, config),
    sealSecrets: () => operator.sealWebhookSecrets(db, config),
    importFile,
    close: () => db.close(),
  };
}
