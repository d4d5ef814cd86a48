/**
 * The fields of a kind of record, declared once. A record table lists every field a partner can send
 * or the export publishes: its name in the API's input (camelCase), its column in CSV files and the
 * open-data export (snake_case), its value type, one description, an example, whether it is required,
 * whether and how it is exported, and its DFC property where one exists. Everything else is derived:
 * - the GraphQL input types (`graphql/schema/record-inputs.ts`),
 * - the CSV import's columns, Table Schemas and row reading (`imports/`),
 * - the export columns (`exports/kinds.ts`),
 * - the DFC property names (`dfc/dfc.ts`),
 * - the input's TypeScript type (`InputOf`) and the generic part of normalizing it (`normalize.ts`).
 * Adding a field to a kind is one entry in its table, plus the migration that adds its column.
 */

import type { PublicRule } from '../privacy/public-forms.js';

type Maybe<T> = T | null | undefined;

// ─── Value types ────────────────────────────────────────────────────────────────

/** The values of an enum, with its name: the GraphQL enum of that name carries the descriptions. */
export interface EnumValues<V extends string = string> {
  readonly name: string;
  readonly values: readonly V[];
}

/** Records a field may refer to by the partner's own external ID (in the same source). */
export type RefModel = 'producer' | 'kitchen' | 'hub' | 'agreement' | 'lot';

export interface TextValue {
  readonly kind: 'text';
  /** A whole-value regular expression (XML Schema style, without `^` and `$`), published in the Table Schema. */
  readonly pattern?: string;
}
export interface NumberValue {
  readonly kind: 'number' | 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
}
export interface EnumValue<V extends string = string> {
  readonly kind: 'enum';
  readonly enum: EnumValues<V>;
}
export interface RefValue {
  readonly kind: 'ref';
  readonly to: RefModel;
}
/** What a list holds: texts, references, whole numbers or codes. */
export type ItemValue = TextValue | RefValue | (NumberValue & { readonly kind: 'integer' }) | EnumValue;
export interface ListValue<I extends ItemValue = ItemValue> {
  readonly kind: 'list';
  readonly of: I;
}
/** Texts by language code (`{"nb": "…", "en": "…"}`); in CSV files one column per language. */
export interface LocalizedValue {
  readonly kind: 'localized';
  /** What each text is, e.g. "Description": names the per-language columns ("Description in Swedish."). */
  readonly label: string;
  /** The languages CSV files carry, in their column order. */
  readonly languages: readonly string[];
}
/** Owned records given as a list (a producer's products): the list replaces the stored one. */
export interface RecordsValue<T extends RecordTable = RecordTable> {
  readonly kind: 'records';
  readonly of: T;
}
export type Value = ItemValue | NumberValue | { readonly kind: 'boolean' } | { readonly kind: 'date' } | ListValue | LocalizedValue | RecordsValue;

export const text = (options: { pattern?: string } = {}): TextValue => ({ kind: 'text', ...options });
export const number = (options: { minimum?: number; maximum?: number } = {}): NumberValue & { kind: 'number' } => ({ kind: 'number', ...options });
export const integer = (options: { minimum?: number; maximum?: number } = {}): NumberValue & { kind: 'integer' } => ({ kind: 'integer', ...options });
export const boolean: { readonly kind: 'boolean' } = { kind: 'boolean' };
export const date: { readonly kind: 'date' } = { kind: 'date' };
export const oneOf = <V extends string>(values: EnumValues<V>): EnumValue<V> => ({ kind: 'enum', enum: values });
export const listOf = <I extends ItemValue>(of: I): ListValue<I> => ({ kind: 'list', of });
export const ref = (to: RefModel): RefValue => ({ kind: 'ref', to });
export const localized = (label: string, languages: readonly string[] = ['nb', 'sv', 'en']): LocalizedValue => ({ kind: 'localized', label, languages });
export const records = <T extends RecordTable>(of: T): RecordsValue<T> => ({ kind: 'records', of });

// ─── Fields and tables ──────────────────────────────────────────────────────────

/** How a field is exported when it is: by default as its column, from the table's column of its name. */
export interface ExportForm {
  /** Column name in the export, when it differs from the field's column (a reference exported as the ID it resolved to). */
  readonly name?: string;
  /** SQL expression over the kind's table alias `t`; by default `t.<column of the stored field>`. */
  readonly sql?: string;
  /** The column holds a row ID of this GraphQL type: exported as its global ID. */
  readonly ref?: string;
  /**
   * Only when the exported value is not the value sent (a reference's global ID, a location published
   * at a coarser precision, a contact withheld without consent): what the export holds instead.
   */
  readonly description?: string;
  /** For a personal field: the rule its `sql` publishes it under (`privacy/public-forms.ts`). */
  readonly rule?: PublicRule;
}

/** An owned-records field written flat, in one CSV or export cell: one sub-field's value per item. */
export interface FlatForm {
  /** The sub-field each value of the list is (e.g. a product's `category`). */
  readonly each: string;
  /** A sub-field that may follow a value after `:` (a certificate's number: `debio:NO-ØKO-01-1`). */
  readonly numbered?: string;
  /** What the cell holds (used by the Table Schema and the export). */
  readonly description: string;
}

export interface FieldSpec {
  /** Name in the API's input (camelCase). */
  readonly name: string;
  readonly value: Value;
  /** Required in the API's input, and a required column (whose cells may not be empty) in CSV files. */
  readonly required?: boolean;
  /**
   * What the field means, for every surface: GraphQL, the Table Schema and the export. `{otherField}`
   * names another field of the table as each surface calls it (`periodStart` in GraphQL,
   * `period_start` in CSV files); `{CODE}` names an enum value (written in lower case in CSV files).
   */
  readonly description: string;
  /** How to give the value (not said in the export): appended to the description for the API and CSV files. */
  readonly hint?: string;
  /** Column in CSV files and the export (snake_case); by default the name in snake_case. */
  readonly column?: string;
  /** Read from CSV files; `numbered`: each code of a list may be followed by `:` and a number, which is ignored. */
  readonly csv?: boolean | { readonly numbered?: boolean };
  /** A value as it would appear in a CSV file (by language for localized texts); needed for CSV fields. */
  readonly example?: string | Readonly<Record<string, string>>;
  /**
   * Normalized by the kind's own code (a code resolved, a reference looked up, owned records written)
   * rather than by its value type. References and owned records always are.
   */
  readonly custom?: boolean;
  /** The Prisma field it is stored in, when not of the same name. */
  readonly stored?: string;
  /** The value stored when none is given. */
  readonly default?: boolean | string;
  /** Published in the open-data export: `true` as its column, or how. Not exported when left out. */
  readonly export?: boolean | ExportForm;
  /** The DFC (Data Food Consortium) property it maps to. */
  readonly dfc?: string;
  /** For owned records: how the list is written in one CSV or export cell. */
  readonly flat?: FlatForm;
  /** Personal or private data: who besides the organization owning the record's source may read it (see `Privacy`). */
  readonly privacy?: Privacy;
}

/**
 * Personal data and private data (DESIGN "Personal data", "Delivery lines are not public"). The
 * organization owning a record's source always reads the whole record; everyone else reads:
 * - `personal`: about a natural person whatever the record (a contact person): only with the
 *   person's recorded consent;
 * - `natural-person`: personal data when the organization the record belongs to is a natural person
 *   (a sole trader): its name, org number, home municipality, exact location and street. The
 *   organization is the record itself for an organization, and otherwise the one named by the
 *   table's org-number field marked so (a producer's company, a hub's operator, an agreement's buyer);
 * - `private`: a delivery line's: only its source's organization, with a key carrying `read:private`.
 * A marked field is erased by a purge, left out of the change feed and webhooks for others, and
 * exported only through a rule of `privacy/public-forms.ts` (never, when private).
 */
export type Privacy = 'personal' | 'natural-person' | 'private';

export interface RecordTable<F extends readonly FieldSpec[] = readonly FieldSpec[]> {
  /** The record type, e.g. "Producer"; its GraphQL input type is `ProducerInput`. */
  readonly name: string;
  /** What one item of the input is (the GraphQL input type's description). */
  readonly description: string;
  readonly fields: F;
}

/** A field declared outside a table (shared by several), with its literal types kept. */
export const field = <const F extends FieldSpec>(spec: F): F => spec;

/** A record table; its descriptions' `{…}` references and its flat forms are checked here. */
export function record<const F extends readonly FieldSpec[]>(name: string, description: string, fields: F): RecordTable<F> {
  const table: RecordTable<F> = { name, description, fields };
  const names = new Set<string>();
  for (const f of fields) {
    if (names.has(f.name)) throw new Error(`${name}: the field ${f.name} is declared twice.`);
    names.add(f.name);
    for (const surface of SURFACES) describe(table, f, surface);
    if (f.csv && f.example === undefined) throw new Error(`${name}.${f.name}: a CSV column needs an example.`);
    if (f.value.kind === 'records' && f.flat) {
      fieldOf(f.value.of, f.flat.each);
      if (f.flat.numbered) fieldOf(f.value.of, f.flat.numbered);
    }
  }
  return table;
}

// ─── The input's type ───────────────────────────────────────────────────────────

type ValueOf<V> = V extends { kind: 'text' | 'ref' }
  ? string
  : V extends { kind: 'number' | 'integer' }
    ? number
    : V extends { kind: 'boolean' }
      ? boolean
      : V extends { kind: 'date' }
        ? Date
        : V extends EnumValue<infer X>
          ? X
          : V extends ListValue<infer I>
            ? ValueOf<I>[]
            : V extends { kind: 'localized' }
              ? unknown
              : V extends RecordsValue<infer T>
                ? InputOf<T['fields']>[]
                : never;

type Flat<T> = { [K in keyof T]: T[K] };

/** An item of a table's input, as the API, a CSV row and a DFC enterprise give it. */
export type InputOf<F extends readonly FieldSpec[]> = Flat<
  { [S in F[number] as S extends { required: true } ? S['name'] : never]: ValueOf<S['value']> } & {
    [S in F[number] as S extends { required: true } ? never : S['name']]?: Maybe<ValueOf<S['value']>>;
  }
>;
export type InputOfTable<T extends RecordTable> = InputOf<T['fields']>;

/** Whether a field's value follows from its type alone (see `normalize.ts`), or the kind's code handles it. */
type Generic<S extends FieldSpec> = S extends { custom: true } ? false : S['value'] extends RefValue | RecordsValue | ListValue<RefValue> ? false : true;
type Given<S extends FieldSpec> = S extends { required: true } ? true : S extends { default: boolean | string } ? true : false;
type StoredValue<S extends FieldSpec> =
  S['value'] extends ListValue<infer I>
    ? ValueOf<I>[]
    : S['value'] extends { kind: 'localized' }
      ? Record<string, string> | undefined
      : Given<S> extends true
        ? ValueOf<S['value']>
        : ValueOf<S['value']> | null;

/** The generic fields of a table as stored, by their Prisma names. */
export type StoredOf<F extends readonly FieldSpec[]> = Flat<{
  [S in F[number] as Generic<S> extends true ? (S extends { stored: infer N extends string } ? N : S['name']) : never]: StoredValue<S>;
}>;

// ─── Names and descriptions on each surface ─────────────────────────────────────

export const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The field's column in CSV files (and, unless its export names another, in the export). */
export const columnOf = (f: FieldSpec) => f.column ?? snake(f.name);
/** The column the field is stored in, for the export's default SQL. */
export const tableColumnOf = (f: FieldSpec) => snake(f.stored ?? f.name);
export const exportFormOf = (f: FieldSpec): ExportForm | null => (f.export === true ? {} : f.export || null);
export const exportNameOf = (f: FieldSpec) => exportFormOf(f)?.name ?? columnOf(f);

export function fieldOf(table: RecordTable, name: string): FieldSpec {
  const found = table.fields.find((f) => f.name === name);
  if (!found) throw new Error(`${table.name} has no field ${name}.`);
  return found;
}

/** Where a description is shown: the API (GraphQL), CSV files (Table Schema, import docs), the export. */
export type Surface = 'api' | 'csv' | 'export';
const SURFACES: readonly Surface[] = ['api', 'csv', 'export'];

const CODE = /^[A-Z][A-Z0-9_]*$/;

/** A text with its `{field}` and `{CODE}` references written as the surface names them. */
export function render(table: RecordTable, textWithRefs: string, surface: Surface): string {
  return textWithRefs.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_all, name: string) => {
    if (CODE.test(name)) return surface === 'csv' ? name.toLowerCase() : name;
    const target = fieldOf(table, name);
    return surface === 'api' ? target.name : surface === 'csv' ? columnOf(target) : exportNameOf(target);
  });
}

/** The field's description on a surface: its hint too, except in the export (which says what a value is, not how to give it). */
export function describe(table: RecordTable, f: FieldSpec, surface: Surface): string {
  const exported = surface === 'export' ? exportFormOf(f)?.description : undefined;
  const base = exported ?? f.description;
  return render(table, surface === 'export' || !f.hint ? base : `${base} ${f.hint}`, surface);
}

/** The description of an owned-records field written flat (its CSV and export cell). */
export const describeFlat = (table: RecordTable, f: FieldSpec & { flat: FlatForm }, surface: Surface) => render(table, f.flat.description, surface);

/** The DFC properties of a table's fields that have one, by field name. */
export type DfcOf<F extends readonly FieldSpec[]> = Flat<{
  [S in F[number] as S extends { dfc: string } ? S['name'] : never]: S extends { dfc: infer P } ? P : never;
}>;

export function dfcProperties<F extends readonly FieldSpec[]>(table: RecordTable<F>): DfcOf<F>;
export function dfcProperties(table: RecordTable): Readonly<Record<string, string>> {
  return Object.fromEntries(table.fields.flatMap((f) => (f.dfc ? [[f.name, f.dfc]] : [])));
}

/** Language names for the per-language columns of localized texts. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  nb: 'Norwegian (bokmål)',
  nn: 'Norwegian (nynorsk)',
  sv: 'Swedish',
  en: 'English',
  da: 'Danish',
  fi: 'Finnish',
  de: 'German',
  et: 'Estonian',
  lv: 'Latvian',
  lt: 'Lithuanian',
  pl: 'Polish',
};

/** The languages the reference data (category names) is written in: every language the widgets speak. */
export const REFERENCE_LANGUAGES = ['en', 'nb', 'nn', 'sv', 'fi', 'da', 'de', 'et', 'lv', 'lt', 'pl'] as const;
