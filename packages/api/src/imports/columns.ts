import { DELIVERY } from '../records/deliveries.js';
import { type FieldSpec, type InputOf, LANGUAGE_NAMES, type RecordTable, columnOf, describe, describeFlat, fieldOf } from '../records/fields.js';
import { KITCHEN } from '../records/kitchens.js';
import { PRODUCER } from '../records/producers.js';
import { OBSERVATION } from '../records/goals.js';
import { parseDecimal } from './csv.js';

/**
 * The record table of each importable kind: the fields it reads from CSV files are the file's
 * columns (docs/import-formats.md and the Table Schemas are generated from them).
 */
export const IMPORT_TABLES = { deliveries: DELIVERY, producers: PRODUCER, kitchens: KITCHEN, observations: OBSERVATION } as const;
export type ImportKind = keyof typeof IMPORT_TABLES;
export const IMPORT_KINDS = Object.keys(IMPORT_TABLES) as ImportKind[];

export interface HeaderProblem {
  column: string | null;
  message: string;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length]![b.length]!;
}

/** Where each column of a file is, by name; knows the kind's required columns, whose cells may not be empty. */
export class ColumnIndex extends Map<string, number> {
  constructor(readonly required: readonly string[]) {
    super();
  }
}

/** Checks the header row: every problem named, with a suggestion for a misspelt column. */
export function checkHeader(kind: ImportKind, header: string[]): { index: ColumnIndex; problems: HeaderProblem[] } {
  const spec = KIND_COLUMNS[kind];
  const known: readonly string[] = [...spec.required, ...spec.optional];
  const index = new ColumnIndex(spec.required);
  const problems: HeaderProblem[] = [];
  const names = header.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const unknown: { name: string; raw: string }[] = [];
  names.forEach((name, i) => {
    if (name === '') problems.push({ column: null, message: `Column ${i + 1} has no name.` });
    else if (index.has(name)) problems.push({ column: name, message: `Column "${name}" appears twice (columns ${index.get(name)! + 1} and ${i + 1}).` });
    else if (known.includes(name)) index.set(name, i);
    else unknown.push({ name, raw: header[i]! });
  });
  const missing = spec.required.filter((c) => !index.has(c));
  for (const u of unknown) {
    const candidates = known.filter((c) => !index.has(c)).map((c) => ({ c, d: distance(u.name, c) }));
    const best = candidates.sort((a, b) => a.d - b.d)[0];
    problems.push({
      column: u.raw,
      message:
        best && best.d <= Math.max(2, Math.floor(best.c.length / 4))
          ? `Unknown column "${u.raw}"; did you mean "${best.c}"?`
          : `Unknown column "${u.raw}"; the ${kind} columns are ${known.join(', ')}.`,
    });
  }
  for (const m of missing) {
    if (!problems.some((p) => p.message.includes(`did you mean "${m}"`))) problems.push({ column: m, message: `Required column "${m}" is missing.` });
  }
  return { index, problems };
}

export interface CellProblem {
  column: string;
  value: string;
  message: string;
}

const NUL_IN_CELL = 'The cell holds a null byte (U+0000), which text cannot contain; remove it.';

/** Reads typed cells of one record, collecting problems instead of stopping at the first. */
export class RowReader {
  problems: CellProblem[] = [];
  constructor(
    private readonly index: Map<string, number>,
    private fields: string[],
  ) {}

  reset(fields: string[]) {
    this.fields = fields;
    this.problems = [];
    // A required column's cell must hold a value: an empty kind is not read as "other".
    if (this.index instanceof ColumnIndex) {
      for (const column of this.index.required) {
        if (this.text(column) === null && !this.problems.some((p) => p.column === column)) this.bad(column, '', `${column} is empty.`);
      }
    }
  }

  text(column: string): string | null {
    const i = this.index.get(column);
    if (i === undefined) return null;
    const v = this.fields[i];
    if (v === undefined) return null;
    const t = v.trim();
    if (t.includes('\0')) {
      // PostgreSQL text cannot hold NUL: a bad cell of this row, not a failed import.
      if (!this.problems.some((p) => p.column === column && p.message === NUL_IN_CELL)) this.bad(column, t.replace(/\0/g, '\\0'), NUL_IN_CELL);
      return null;
    }
    return t === '' ? null : t;
  }

  bad(column: string, value: string, message: string) {
    if (this.problems.some((p) => p.column === column && p.value === value && p.message === message)) return;
    this.problems.push({ column, value, message });
  }

  number(column: string): number | null {
    const t = this.text(column);
    if (t === null) return null;
    const n = parseDecimal(t);
    if (Number.isNaN(n)) this.bad(column, t, `"${t}" is not a number (write 1234.5 or 1 234,5).`);
    return Number.isNaN(n) ? null : n;
  }

  date(column: string): Date | null {
    const t = this.text(column);
    if (t === null) return null;
    let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    let iso = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
    if (!iso) {
      m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t); // 31.01.2025, as Norwegian spreadsheets write it
      if (m) iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    }
    const d = iso ? new Date(`${iso}T00:00:00Z`) : null;
    if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
      this.bad(column, t, `"${t}" is not a date; write YYYY-MM-DD (e.g. 2025-01-31).`);
      return null;
    }
    return d;
  }

  boolean(column: string): boolean | null {
    const t = this.text(column)?.toLowerCase() ?? null;
    if (t === null) return null;
    if (TRUE_VALUES.includes(t)) return true;
    if (FALSE_VALUES.includes(t)) return false;
    this.bad(column, t, `"${t}" is not true or false.`);
    return null;
  }

  enumValue<T extends string>(column: string, values: readonly T[]): T | null {
    const t = this.text(column);
    if (t === null) return null;
    const v = t.toUpperCase().replace(/[\s-]+/g, '_') as T;
    if (values.includes(v)) return v;
    this.bad(column, t, `"${t}" is not one of ${values.map((x) => x.toLowerCase()).join(', ')}.`);
    return null;
  }

  numberList(column: string): number[] {
    const out: number[] = [];
    for (const part of (this.text(column) ?? '')
      .split(/[;|]/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const n = parseDecimal(part);
      if (Number.isNaN(n)) this.bad(column, part, `"${part}" is not a number (write 1234.5 or 1 234,5).`);
      else out.push(n);
    }
    return out;
  }

  enumList<T extends string>(column: string, values: readonly T[]): T[] {
    const t = this.text(column);
    if (t === null) return [];
    const out: T[] = [];
    for (const part of t
      .split(/[;|]/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const scheme = part.split(':')[0]!;
      const v = scheme.toUpperCase().replace(/[\s-]+/g, '_') as T;
      if (values.includes(v)) out.push(v);
      else this.bad(column, part, `"${scheme}" is not one of ${values.map((x) => x.toLowerCase()).join(', ')}.`);
    }
    return out;
  }
}

/** Cells read as true and as false (in any case). */
export const TRUE_VALUES: readonly string[] = ['true', 'yes', 'ja', 'j', 'y', '1', 'x'];
export const FALSE_VALUES: readonly string[] = ['false', 'no', 'nei', 'nej', 'n', '0'];

// ─── What each column holds ─────────────────────────────────────────────────────
// The published Table Schemas (`/schemas/<kind>.json`) and docs/import-formats.md are generated from
// these definitions, which come from the record tables (records/).

/** How a column's cells read, as a Frictionless Table Schema field type. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface ColumnDefinition {
  type: ColumnType;
  description: string;
  /** A value as it would appear in a file. */
  example: string;
  /** The codes a cell may hold (the enum names the import compares with; files write them in lower case). */
  codes?: readonly string[];
  /** Several values in one cell, separated by `;`; `codes` then applies to each value. */
  list?: boolean;
  /** Each value of the list may be followed by `:` and a number (certifications as `SCHEME:number`). */
  numbered?: boolean;
  /** A whole-value regular expression (XML Schema style, so without `^` and `$`) in the canonical form. */
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

/** One column of a kind's files: the field it belongs to (a localized field has one per language). */
export interface CsvColumn {
  name: string;
  field: FieldSpec;
  required: boolean;
  def: ColumnDefinition;
}

const exampleOf = (f: FieldSpec, language?: string): string => {
  const example = f.example;
  if (typeof example === 'string') return example;
  return (language && example?.[language]) || '';
};

function definition(table: RecordTable, f: FieldSpec): ColumnDefinition {
  const v = f.value;
  const base = { description: describe(table, f, 'csv'), example: exampleOf(f) };
  switch (v.kind) {
    case 'text':
      return { type: 'string', ...base, ...(v.pattern ? { pattern: v.pattern } : {}) };
    case 'ref':
      return { type: 'string', ...base };
    case 'number':
    case 'integer':
      return { type: v.kind, ...base, ...(v.minimum !== undefined ? { minimum: v.minimum } : {}), ...(v.maximum !== undefined ? { maximum: v.maximum } : {}) };
    case 'boolean':
    case 'date':
      return { type: v.kind, ...base };
    case 'enum':
      return { type: 'string', ...base, codes: v.enum.values };
    case 'list': {
      const numbered = typeof f.csv === 'object' && !!f.csv.numbered;
      return { type: 'string', ...base, ...(v.of.kind === 'enum' ? { codes: v.of.enum.values } : {}), list: true, ...(numbered ? { numbered } : {}) };
    }
    case 'records': {
      if (!f.flat) throw new Error(`${table.name}.${f.name}: owned records in a CSV column need a flat form.`);
      const each = fieldOf(v.of, f.flat.each).value;
      return {
        type: 'string',
        description: describeFlat(table, { ...f, flat: f.flat }, 'csv'),
        example: base.example,
        ...(each.kind === 'enum' ? { codes: each.enum.values } : {}),
        list: true,
        ...(f.flat.numbered ? { numbered: true } : {}),
      };
    }
    case 'localized':
      throw new Error(`${table.name}.${f.name}: a localized field has a column per language.`);
  }
}

/** The columns of a table's CSV files, in the table's order. */
export function csvColumns(table: RecordTable): CsvColumn[] {
  return table.fields
    .filter((f) => f.csv)
    .flatMap((f): CsvColumn[] => {
      const required = !!f.required;
      if (f.value.kind !== 'localized') return [{ name: columnOf(f), field: f, required, def: definition(table, f) }];
      const { label, languages } = f.value;
      return languages.map((l) => ({
        name: `${columnOf(f)}_${l}`,
        field: f,
        required,
        def: { type: 'string', description: `${label} in ${LANGUAGE_NAMES[l] ?? l}.`, example: exampleOf(f, l) },
      }));
    });
}

function kindColumns(kind: ImportKind): { required: readonly string[]; optional: readonly string[] } {
  const columns = csvColumns(IMPORT_TABLES[kind]);
  return { required: columns.filter((c) => c.required).map((c) => c.name), optional: columns.filter((c) => !c.required).map((c) => c.name) };
}

/** The columns of each importable kind, as docs/import-formats.md documents them; `required` ones must be present. */
export const KIND_COLUMNS: Readonly<Record<ImportKind, { required: readonly string[]; optional: readonly string[] }>> = {
  deliveries: kindColumns('deliveries'),
  producers: kindColumns('producers'),
  kitchens: kindColumns('kitchens'),
  observations: kindColumns('observations'),
};

/** The CSV column of each field of a table (a localized field's first language), for naming a problem's column. */
export function fieldColumns(table: RecordTable): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of csvColumns(table)) out[c.field.name] ??= c.name;
  return out;
}

// ─── Reading a row ──────────────────────────────────────────────────────────────

const parts = (cell: string | null) =>
  cell
    ? cell
        .split(/[;|]/)
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
const code = (t: string) => t.toUpperCase().replace(/[\s-]+/g, '_');

function cellOf(table: RecordTable, f: FieldSpec, r: RowReader): unknown {
  const column = columnOf(f);
  const v = f.value;
  switch (v.kind) {
    case 'text':
    case 'ref':
      return r.text(column);
    case 'number':
    case 'integer':
      return r.number(column);
    case 'boolean':
      return r.boolean(column);
    case 'date':
      return r.date(column);
    case 'enum':
      return r.enumValue(column, v.enum.values);
    case 'list':
      if (v.of.kind === 'enum') return r.enumList(column, v.of.enum.values);
      if (v.of.kind === 'integer') return r.numberList(column);
      return parts(r.text(column));
    case 'localized': {
      const texts = Object.fromEntries(v.languages.map((l) => [l, r.text(`${column}_${l}`)]).filter(([, t]) => t));
      return Object.keys(texts).length ? texts : null;
    }
    case 'records': {
      if (!f.flat) throw new Error(`${table.name}.${f.name}: owned records in a CSV column need a flat form.`);
      const each = fieldOf(v.of, f.flat.each);
      const numbered = f.flat.numbered;
      const items: Record<string, unknown>[] = [];
      for (const part of parts(r.text(column))) {
        const [first = '', ...rest] = numbered ? part.split(':') : [part];
        let value: string = first;
        if (each.value.kind === 'enum') {
          const codes = each.value.enum.values;
          value = code(first);
          if (!codes.includes(value)) {
            r.bad(column, value, `"${value}" is not one of ${codes.map((c) => c.toLowerCase()).join(', ')}.`);
            continue;
          }
        }
        items.push({ [each.name]: value, ...(numbered ? { [numbered]: rest.join(':') || null } : {}) });
      }
      return items;
    }
  }
}

/** Whether the values hold every required field of the table: then they are an input item. */
function complete<F extends readonly FieldSpec[]>(table: RecordTable<F>, values: object): values is InputOf<F> {
  const given: Readonly<Record<string, unknown>> = { ...values };
  return table.fields.every((f) => !f.required || given[f.name] != null);
}

/**
 * One row as an input item of the table: every CSV field read by its type, bad cells collected on the
 * reader. `input` is null when any cell of the row is bad.
 */
export function readRow<F extends readonly FieldSpec[]>(
  table: RecordTable<F>,
  r: RowReader,
): { values: Readonly<Record<string, unknown>>; input: InputOf<F> | null } {
  const values: Record<string, unknown> = {};
  for (const f of table.fields) if (f.csv) values[f.name] = cellOf(table, f, r);
  return { values, input: r.problems.length === 0 && complete(table, values) ? values : null };
}
