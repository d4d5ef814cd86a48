/**
 * Writing CSV (RFC 4180) for people who open it in a spreadsheet: the open-data export and the
 * reports of the command line.
 */
import type { FieldType } from './kinds.js';

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"):
 * `=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, `-2+3`, and a tab or carriage return in front of one. Text
 * that already has single quotes before such a character gets one more, so that taking the first
 * quote off always gives the original text back.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a delimiter, a quote, a line break or edge spaces.
 * A text field (`string` in the Table Schema) that starts like a formula is neutralised as OWASP
 * recommends: prefixed with a single quote `'` and quoted, so spreadsheets show it as text. Numbers,
 * booleans and dates are written as they are, so `-12.5` stays a number.
 */
export function csvField(value: unknown, type: FieldType = 'string'): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : String(value);
  if (type === 'string' && FORMULA_START.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its line break; `types` are the fields' Table Schema types (text when missing). */
export const csvLine = (values: unknown[], types: readonly FieldType[] = []) => `${values.map((v, i) => csvField(v, types[i] ?? 'string')).join(',')}\r\n`;

/** How exported text that looks like a formula is written, for the data package's descriptions. */
export const FORMULA_NOTE =
  "Text fields (type string) that start with =, +, -, @, a tab or a carriage return are prefixed with a single quote (') and quoted, so that spreadsheets do not run them as formulas (OWASP CSV injection); text starting with single quotes before one of those characters gets one quote more. Remove the first quote of such a field to get the original text. Number and integer fields are never prefixed, so negative numbers stay numbers.";
