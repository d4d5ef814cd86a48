/**
 * Municipality code history: which older codes map to which current ones (mergers, renumberings,
 * splits), read from files in one documented format (docs/code-history.md) for any country.
 * Pure: no database. The reference loader turns the rows into `municipality_alias` rows, and merges
 * whose older area is still in a country's boundary file into the area they joined.
 */
import { parseCsvRows } from '../seed/csv.js';

export type CodeChangeKind = 'UNCHANGED' | 'RENUMBERED' | 'SPLIT' | 'MERGED';

export interface CodeHistoryRow {
  /** ISO 3166-1 alpha-2, e.g. "DE". */
  country: string;
  /** The older official number, without the country, e.g. "16056". */
  oldCode: string;
  oldName: string;
  /** The current official number it maps to, e.g. "16063". */
  newCode: string;
  change: CodeChangeKind;
  /** The first day of the new code (YYYY-MM-DD); the older code was valid until the day before. */
  validFrom: string;
  /** Where the change is documented. */
  source: string;
}

/** The columns of a code history file, in this order. */
export const CODE_HISTORY_COLUMNS = ['country', 'old_code', 'old_name', 'new_code', 'change', 'valid_from', 'source'] as const;

const KINDS: Record<string, CodeChangeKind> = { unchanged: 'UNCHANGED', renumbered: 'RENUMBERED', split: 'SPLIT', merged: 'MERGED' };

/** A code history file that cannot be read: names the file, line and column. */
export class CodeHistoryError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string | null,
    message: string,
  ) {
    super(`${file}, line ${line}${column ? `, column ${column}` : ''}: ${message}`);
    this.name = 'CodeHistoryError';
  }
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * Reads a code history file (UTF-8 CSV with the header `country,old_code,old_name,new_code,change,
 * valid_from,source`). Every row is checked; the first bad one is reported with its line and column.
 * A code that maps to several current codes must be a split on every row, and a split needs two rows
 * or more; an older code may not map to itself unless unchanged.
 */
export function parseCodeHistory(text: string, file: string): CodeHistoryRow[] {
  const [header, ...lines] = parseCsvRows(text);
  if (!header || header.map((h) => h.trim()).join(',') !== CODE_HISTORY_COLUMNS.join(',')) {
    throw new CodeHistoryError(file, 1, null, `the header must be "${CODE_HISTORY_COLUMNS.join(',')}", not "${(header ?? []).join(',')}".`);
  }
  const rows = lines.map((cells, i): CodeHistoryRow => {
    const line = i + 2;
    const cell = (name: (typeof CODE_HISTORY_COLUMNS)[number]) => (cells[CODE_HISTORY_COLUMNS.indexOf(name)] ?? '').trim();
    const bad = (column: string, message: string): never => {
      throw new CodeHistoryError(file, line, column, message);
    };
    if (cells.length !== CODE_HISTORY_COLUMNS.length) bad('', `${cells.length} cells, expected ${CODE_HISTORY_COLUMNS.length}.`);
    const country = cell('country');
    if (!/^[A-Z]{2}$/.test(country)) bad('country', `"${country}" is not an ISO 3166-1 alpha-2 country code (like DE).`);
    const oldCode = cell('old_code');
    const newCode = cell('new_code');
    for (const [column, code] of [
      ['old_code', oldCode],
      ['new_code', newCode],
    ] as const) {
      if (!/^\d{2,5}$/.test(code)) bad(column, `"${code}" is not an official municipality number (2 to 5 digits, without the country).`);
    }
    const oldName = cell('old_name');
    if (!oldName) bad('old_name', 'the older name is missing.');
    const kindText = cell('change');
    const change = KINDS[kindText.toLowerCase()] ?? bad('change', `"${kindText}" is not one of ${Object.keys(KINDS).join(', ')}.`);
    if (change === 'UNCHANGED' && oldCode !== newCode) bad('new_code', `an unchanged code maps to itself, not ${oldCode} → ${newCode}.`);
    if (change !== 'UNCHANGED' && oldCode === newCode) bad('new_code', `${oldCode} maps to itself but the change is "${kindText}".`);
    const validFrom = cell('valid_from');
    if (!isDate(validFrom)) bad('valid_from', `"${validFrom}" is not a date (YYYY-MM-DD).`);
    const source = cell('source');
    if (!source) bad('source', 'say where the change is documented.');
    return { country, oldCode, oldName, newCode, change, validFrom, source };
  });
  const byOld = new Map<string, { rows: CodeHistoryRow[]; lines: number[] }>();
  rows.forEach((row, i) => {
    const key = `${row.country}-${row.oldCode}`;
    const entry = byOld.get(key) ?? { rows: [], lines: [] };
    if (entry.rows.some((r) => r.newCode === row.newCode)) {
      throw new CodeHistoryError(file, i + 2, 'new_code', `${key} → ${row.country}-${row.newCode} is given twice.`);
    }
    entry.rows.push(row);
    entry.lines.push(i + 2);
    byOld.set(key, entry);
  });
  for (const [key, { rows: targets, lines: at }] of byOld) {
    const splits = targets.filter((r) => r.change === 'SPLIT').length;
    if ((targets.length > 1 || splits > 0) && splits !== targets.length) {
      throw new CodeHistoryError(
        file,
        at[0]!,
        'change',
        `${key} maps to ${targets.length} codes: every row of it must be "split", or it must map to one code.`,
      );
    }
    if (splits === 1) throw new CodeHistoryError(file, at[0]!, 'change', `${key} is a split into one code only; give a row for each part.`);
  }
  return rows;
}

/** The year of the last day an older code was valid: the division it belongs to, when none is named. */
export function lastYearOf(validFrom: string): number {
  const day = new Date(`${validFrom}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.getUTCFullYear();
}
