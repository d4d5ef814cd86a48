/**
 * The import formats as Frictionless Table Schemas (https://specs.frictionlessdata.io/table-schema/)
 * and as the column tables of docs/import-formats.md, both built from the columns the CSV import
 * reads (`csvColumns` in columns.ts, from the record tables in records/), never from a copy.
 */
import { type ColumnDefinition, FALSE_VALUES, IMPORT_KINDS, IMPORT_TABLES, type ImportKind, TRUE_VALUES, csvColumns } from './columns.js';

export interface TableSchemaField {
  name: string;
  type: ColumnDefinition['type'];
  format?: string;
  description: string;
  example: string;
  trueValues?: string[];
  falseValues?: string[];
  constraints: { required: boolean; enum?: string[]; pattern?: string; minimum?: number; maximum?: number };
}

export interface TableSchema {
  name: string;
  title: string;
  description: string;
  fields: TableSchemaField[];
  fieldsMatch: 'superset';
  missingValues: string[];
  primaryKey: string[];
}

const TITLES: Record<ImportKind, string> = {
  producers: 'Producers: farms, fisheries and food businesses, with what they offer',
  kitchens: 'Kitchens of public meals: schools, care homes, hospitals and others',
  deliveries: 'Delivery lines: what a kitchen bought, from which producer, for which period',
  observations: 'Observations: reported figures of an indicator (national statistics, surveys) for a place or kitchen and period',
};

/** The file rules every kind shares, as the import applies them. */
export const FILE_RULES =
  'A CSV file with a header row naming the columns, in any order; unknown columns are refused, optional ones may be left out. ' +
  'UTF-8 (with or without BOM; UTF-16 and Windows-1252 are recognised too). Delimiter comma or semicolon (tab also works); quoting as in RFC 4180. ' +
  'An empty cell is a missing value. Numbers take a decimal point or a decimal comma, with or without thousands separators (1234.5, 1 234,50, 1.234,50). ' +
  'Dates are YYYY-MM-DD (DD.MM.YYYY also reads). Codes are written in lower case (upper case and spaces for underscores read the same). ' +
  'List columns hold several values separated by ";" (or "|"); certifications are SCHEME or SCHEME:number.';

/** The lower-case codes of a coded column, as files write them. */
export const codesOf = (def: ColumnDefinition): string[] | undefined => def.codes?.map((c) => c.toLowerCase());

/** The whole-value pattern of a column: its own, or for a coded list, the codes separated by ";". */
export function patternOf(def: ColumnDefinition): string | undefined {
  if (def.pattern) return def.pattern;
  const codes = codesOf(def);
  if (!def.list || !codes) return undefined;
  const item = `(${codes.join('|')})${def.numbered ? '(:[^;]+)?' : ''}`;
  return `${item}(;${item})*`;
}

/** Every column of a kind with its definition, in the record table's order, and whether it is required. */
export function importColumns(kind: ImportKind): { name: string; required: boolean; def: ColumnDefinition }[] {
  return csvColumns(IMPORT_TABLES[kind]).map(({ name, required, def }) => ({ name, required, def }));
}

/** The Frictionless Table Schema of one import kind. */
export function importTableSchema(kind: ImportKind): TableSchema {
  const fields = importColumns(kind).map(({ name, required, def }): TableSchemaField => {
    const constraints: TableSchemaField['constraints'] = { required };
    if (!def.list && def.codes) constraints.enum = codesOf(def);
    const pattern = patternOf(def);
    if (pattern) constraints.pattern = pattern;
    if (def.minimum !== undefined) constraints.minimum = def.minimum;
    if (def.maximum !== undefined) constraints.maximum = def.maximum;
    const list = def.list ? ` Several values are separated by ";".` : '';
    return {
      name,
      type: def.type,
      ...(def.type === 'date' ? { format: 'default' } : {}),
      description: `${def.description}${list}`,
      example: def.example,
      ...(def.type === 'boolean' ? { trueValues: [...TRUE_VALUES], falseValues: [...FALSE_VALUES] } : {}),
      constraints,
    };
  });
  return {
    name: `food-commons-${kind}`,
    title: `Food Commons CSV import: ${kind}`,
    description: `${TITLES[kind]}. The ${kind} file of a Food Commons CSV import (\`fc import ${kind}\`, the importFile mutation). ${FILE_RULES}`,
    fields,
    fieldsMatch: 'superset',
    missingValues: [''],
    primaryKey: ['external_id'],
  };
}

/** The published schema file of a kind, as committed and served: two-space JSON and a final newline. */
export const importSchemaJson = (kind: ImportKind) => `${JSON.stringify(importTableSchema(kind), null, 2)}\n`;

/** The list of the published schemas, with their paths under `/schemas/`. */
export const importSchemaIndex = () => ({
  schemas: IMPORT_KINDS.map((kind) => ({ kind, title: importTableSchema(kind).title, path: `/schemas/${kind}.json` })),
});

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;

function allowed(def: ColumnDefinition): string {
  const parts: string[] = [];
  const codes = codesOf(def);
  if (codes) parts.push(codes.map(code).join(', ') + (def.numbered ? ', each may be followed by `:number`' : ''));
  else if (def.pattern) parts.push(`pattern ${code(def.pattern)}`);
  if (def.type === 'boolean') parts.push(`${TRUE_VALUES.map(code).join(', ')} / ${FALSE_VALUES.map(code).join(', ')}`);
  if (def.minimum !== undefined && def.maximum !== undefined) parts.push(`${def.minimum} to ${def.maximum}`);
  else if (def.minimum !== undefined) parts.push(`${def.minimum} or more`);
  return parts.join('; ');
}

/** The column table of a kind for docs/import-formats.md. */
export function importColumnsMarkdown(kind: ImportKind): string {
  const rows = importColumns(kind).map(({ name, required, def }) => {
    const type = `${def.type}${def.list ? ' list' : ''}${def.type === 'date' ? ' (YYYY-MM-DD)' : ''}`;
    return `| ${code(name)} | ${type} | ${required ? '**yes**' : ''} | ${cell(def.description)} | ${code(def.example)} | ${allowed(def)} |`;
  });
  return ['| column | type | required | meaning | example | allowed |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

const START = (kind: ImportKind) =>
  `<!-- columns:${kind} (generated by \`pnpm schemas:print\` from the record tables in packages/api/src/records/; edit there) -->`;
const END = (kind: ImportKind) => `<!-- /columns:${kind} -->`;

/**
 * docs/import-formats.md with each kind's generated table put between its markers; the prose around
 * them is left as written. A start marker is recognised by its beginning, so that its note may change.
 * Throws when a marker is missing, so a table cannot silently go away.
 */
export function withColumnTables(markdown: string): string {
  let out = markdown;
  for (const kind of IMPORT_KINDS) {
    const start = out.indexOf(`<!-- columns:${kind} `);
    const end = out.indexOf(END(kind));
    if (start < 0 || end < start) throw new Error(`docs/import-formats.md lacks the markers of the ${kind} table:\n${START(kind)}\n${END(kind)}`);
    out = `${out.slice(0, start)}${START(kind)}\n${importColumnsMarkdown(kind)}\n${out.slice(end)}`;
  }
  return out;
}
