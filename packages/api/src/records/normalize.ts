/**
 * The generic part of normalizing an input item: what follows from each field's declared type. Texts
 * are trimmed (empty ones are null; a required one may not be empty), numbers are checked against
 * their range, lists of codes lose repeats, lists of whole numbers are checked, deduplicated and
 * sorted, localized texts are checked, defaults fill what was left out. Fields marked `custom`,
 * references and owned records are left to the kind's own normalizer (`sync/kinds.ts`).
 */
import { badInput } from '../errors.js';
import type { FieldSpec, InputOf, ItemValue, NumberValue, RecordTable, StoredOf } from './fields.js';

/** The normalized values of the generic fields, by their stored (Prisma) names. */
export interface PlainFields<F extends readonly FieldSpec[] = readonly FieldSpec[]> {
  /** As written to the database. */
  data: StoredOf<F>;
  /** As recorded on the change feed (dates as YYYY-MM-DD, a missing localized text as null). */
  canonical: Record<string, unknown>;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Whether the kind's own normalizer handles the field. */
export const isCustom = (f: FieldSpec) =>
  !!f.custom || f.value.kind === 'ref' || f.value.kind === 'records' || (f.value.kind === 'list' && f.value.of.kind === 'ref');

function range(v: NumberValue, value: number): string | null {
  const whole = v.kind === 'integer';
  const { minimum: min, maximum: max } = v;
  const fits = Number.isFinite(value) && (!whole || Number.isInteger(value)) && (min === undefined || value >= min) && (max === undefined || value <= max);
  if (fits) return null;
  const bounds =
    min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `${min} or more` : max !== undefined ? `${max} or less` : '';
  if (whole) return `A whole number${bounds ? (min !== undefined && max !== undefined ? ' ' : ', ') + bounds : ''}; got ${value}.`;
  return `Must be ${Number.isFinite(value) && bounds ? bounds : 'a number'}; got ${value}.`;
}

/** Checks a localized text: texts by language code. */
export function localizedText(v: unknown, path: string): Record<string, string> | null {
  if (v == null) return null;
  if (typeof v !== 'object' || Array.isArray(v) || Object.entries(v).some(([k, t]) => !/^[a-z]{2,3}$/.test(k) || typeof t !== 'string')) {
    throw badInput(path, 'Give texts by language code, e.g. {"nb": "…", "sv": "…", "en": "…"}.');
  }
  return { ...(v as Record<string, string>) };
}

const trimmed = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function item(of: ItemValue, v: unknown, path: string): unknown {
  if (of.kind === 'integer') {
    const problem = range(of, v as number);
    if (problem) throw badInput(path, problem);
  }
  return v;
}

/** One field's value as stored and as recorded. */
function plain(f: FieldSpec, v: unknown, path: string): [unknown, unknown] {
  const value = f.value;
  switch (value.kind) {
    case 'text': {
      const t = trimmed(v);
      if (f.required && t === null) throw badInput(path, `${f.name} is empty.`);
      return [t, t];
    }
    case 'number':
    case 'integer': {
      if (v == null) return [null, null];
      const problem = range(value, v as number);
      if (problem) throw badInput(path, problem);
      return [v, v];
    }
    case 'boolean':
    case 'enum': {
      const out = v ?? f.default ?? null;
      return [out, out];
    }
    case 'date': {
      const d = (v as Date | null | undefined) ?? null;
      if (d && Number.isNaN(d.getTime())) throw badInput(path, 'Not a date; write YYYY-MM-DD.');
      return [d, d ? iso(d) : null];
    }
    case 'localized': {
      const texts = localizedText(v, path);
      // Prisma leaves a JSON column as it is when given undefined (a JSON null needs a marker).
      return [texts ?? undefined, texts];
    }
    case 'list': {
      const list = (v as unknown[] | null | undefined) ?? [];
      if (value.of.kind === 'text') return [list, list];
      const checked = list.map((x) => item(value.of, x, path));
      const unique = [...new Set(checked)];
      if (value.of.kind === 'integer') (unique as number[]).sort((a, b) => a - b);
      return [unique, unique];
    }
    default:
      throw new Error(`${f.name}: a ${value.kind} field is normalized by its kind's own code.`);
  }
}

/** The generic fields of an item, normalized; throws a bad-input error naming the first bad field. */
export function plainFields<F extends readonly FieldSpec[]>(table: RecordTable<F>, input: InputOf<F>, path: string): PlainFields<F>;
export function plainFields(table: RecordTable, values: Readonly<Record<string, unknown>>, path: string): PlainFields {
  const data: Record<string, unknown> = {};
  const canonical: Record<string, unknown> = {};
  for (const f of table.fields) {
    if (isCustom(f)) continue;
    const [stored, recorded] = plain(f, values[f.name], `${path}.${f.name}`);
    data[f.stored ?? f.name] = stored;
    canonical[f.stored ?? f.name] = recorded;
  }
  return { data, canonical };
}
