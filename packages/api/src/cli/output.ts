import fs from 'node:fs';
import path from 'node:path';
import type { CreatedKeyResult, KeyList, OrganizationLine, OrganizationResult, RevokedKey, SourceResult } from '../access/operator.js';
import { csvLine } from '../exports/csv.js';
import { redactIdentityNumbers } from '../privacy/identity-numbers.js';
import type { ImportView } from './backend.js';

/** What `fc` prints on stdout for each result: the same whether a server or the database gave it. */

export const organizationText = (o: OrganizationResult) => `Organization ${o.id}: ${o.name}${o.orgNumber ? ` (${o.orgNumber})` : ''}`;

export const organizationLines = (list: OrganizationLine[]) =>
  list.map((o) => `${o.id}\t${o.name}\t${o.orgNumber ?? ''}\tsources: ${o.sources.join(', ') || '–'}`);

export const sourceText = (s: SourceResult) => `Source "${s.key}" (${s.licence}) owned by ${s.organization}.`;

export const createdKeyText = (k: CreatedKeyResult) =>
  `API key for ${k.organization} (${k.scopes.join(', ')}), shown only now — store it safely:\n\n  ${k.key}\n\nUse it as the header  Authorization: Bearer ${k.prefix}…`;

export const keyLines = (list: KeyList) =>
  list.keys.map((k) => `${k.prefix}…\t${k.name}\t${k.scopes.join(',')}\tlast used ${k.lastUsedAt ?? 'never'}${k.revokedAt ? `\tREVOKED ${k.revokedAt}` : ''}`);

export const revokedText = (k: RevokedKey) => `Key ${k.prefix}… revoked on ${k.revokedAt}.`;

export const deliveredText = (r: { delivered: number; failed: number; dead: number }) =>
  `Delivered ${r.delivered}, failed ${r.failed} (will be retried), gave up ${r.dead}.`;

export const sealedText = (r: { sealed: number }) => `Encrypted ${r.sealed} signing secret(s).`;

const ENCODINGS: Record<string, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'windows-1252': 'Windows-1252' };
const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', tab: 'tab' };

/** "deliveries; Windows-1252, semicolon-separated", or just the kind when the file was not read. */
function fileFacts(view: ImportView): string {
  const facts = [
    view.encoding ? (ENCODINGS[view.encoding] ?? view.encoding) : null,
    view.delimiter ? `${DELIMITERS[view.delimiter] ?? `"${view.delimiter}"`}-separated` : null,
  ].filter(Boolean);
  return facts.length ? `${view.kind}; ${facts.join(', ')}` : view.kind;
}

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Prints an import's report; more than 20 problems are all written to `<file>.errors.csv`. Returns
 * whether the import did what was asked (false: rows or the header were bad, nothing written).
 */
export function printImport(file: string, view: ImportView, log: (line: string) => void = console.log): boolean {
  const name = path.basename(file);
  if (view.previousImport && !view.committed && !view.dryRun) {
    log(
      `Already imported: ${name} → source "${view.source}" (${view.kind}) on ${minute(view.previousImport.at)}, ${view.previousImport.rows} rows; ` +
        'nothing was written this time. Add --force to import it again.',
    );
    return true;
  }
  const status = view.committed ? 'Imported' : view.dryRun ? 'Checked (dry run, nothing written)' : 'Nothing written';
  log(`${status}: ${name} → source "${view.source}" (${fileFacts(view)})`);
  log(`  rows ${view.rows}  created ${view.created}  updated ${view.updated}  unchanged ${view.unchanged}  bad ${view.failed}`);
  for (const note of view.notes.slice(0, 10)) log(`  note: ${note}`);
  for (const p of view.headerProblems) log(`  header: ${p.message}`);
  for (const e of view.errors.slice(0, 20)) {
    log(`  line ${e.row}${e.column ? `, ${e.column}` : ''}${e.value ? ` = "${redactIdentityNumbers(e.value)}"` : ''}: ${redactIdentityNumbers(e.message)}`);
  }
  if (view.errors.length > 20) {
    const out = `${file}.errors.csv`;
    // Values come from the imported file: a spreadsheet opening this report must show formulas, not run them.
    const types = ['integer', 'string', 'string', 'string'] as const;
    fs.writeFileSync(
      out,
      csvLine(['row', 'column', 'value', 'message']) + view.errors.map((e) => csvLine([e.row, e.column, e.value, e.message], types)).join(''),
    );
    log(`  … ${view.errorCount - 20} more problems; all are listed in ${out}`);
  }
  if (!view.committed && !view.dryRun)
    log(`  Fix the problems listed and run it again${view.headerProblems.length ? '' : ', or add --partial to write the good rows'}.`);
  if (view.lastPosition) log(`  last change position ${view.lastPosition} (changes(after: …) follows on from any position you stored)`);
  return view.committed || view.dryRun;
}
