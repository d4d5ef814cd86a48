import fs from 'node:fs';
import { type GraphQLInputObjectType, getNamedType, isInputObjectType, isNonNullType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { builder } from '../graphql/builder.js';
import { schema } from '../graphql/schema/index.js';
import { recordInput } from '../graphql/schema/record-inputs.js';
import { IMPORT_KINDS, IMPORT_TABLES, KIND_COLUMNS, RowReader, csvColumns, readRow } from '../imports/columns.js';
import { EXPORT_KINDS, type ExportColumn, recordColumns } from '../exports/kinds.js';
import { AGREEMENT, DEMAND, LOT } from './agreements.js';
import { DELIVERY } from './deliveries.js';
import { type FieldSpec, type RecordTable, columnOf, describe as describeOn, exportFormOf, exportNameOf, number, record, text } from './fields.js';
import { GOAL, OBSERVATION } from './goals.js';
import { HUB } from './hubs.js';
import { KITCHEN } from './kitchens.js';
import { plainFields } from './normalize.js';
import { ORGANIZATION } from './organizations.js';
import { CERTIFICATION, PRODUCER, PRODUCT } from './producers.js';

/** Every table with a GraphQL input type. */
const INPUT_TABLES: RecordTable[] = [PRODUCER, PRODUCT, CERTIFICATION, KITCHEN, HUB, AGREEMENT, LOT, DEMAND, GOAL, OBSERVATION, DELIVERY];
/** The export kind of each table that is exported as a kind of its own. */
const EXPORTED: [string, RecordTable][] = [
  ['organizations', ORGANIZATION],
  ['producers', PRODUCER],
  ['producer_products', PRODUCT],
  ['hubs', HUB],
  ['kitchens', KITCHEN],
  ['demands', DEMAND],
  ['agreements', AGREEMENT],
  ['lots', LOT],
  ['observations', OBSERVATION],
  ['goals', GOAL],
];

/** The export column names of a table's exported fields (a localized field has one per language). */
function exportNames(f: FieldSpec): string[] {
  if (!exportFormOf(f)) return [];
  return f.value.kind === 'localized' ? [...f.value.languages].sort().map((l) => `${exportNameOf(f)}_${l}`) : [exportNameOf(f)];
}

describe('record tables: each field declared once, every form derived', () => {
  it('builds every upsert input type from its table: the same fields, requiredness and descriptions', () => {
    const inputs = Object.values(schema.getMutationType()!.getFields())
      .filter((m) => m.name.startsWith('upsert'))
      .map((m) => getNamedType(m.args.find((a) => a.name === 'items')!.type).name);
    expect(inputs.length).toBe(8);
    const tables = new Map(INPUT_TABLES.map((t) => [`${t.name}Input`, t]));
    for (const name of inputs) expect(tables.has(name), `${name} is derived from a record table`).toBe(true);
    for (const [name, table] of tables) {
      const type = schema.getType(name);
      expect(isInputObjectType(type), name).toBe(true);
      const fields = (type as GraphQLInputObjectType).getFields();
      expect(Object.keys(fields), name).toEqual(table.fields.map((f) => f.name));
      expect(type!.description).toBe(table.description);
      for (const f of table.fields) {
        expect(isNonNullType(fields[f.name]!.type), `${name}.${f.name} required`).toBe(!!f.required);
        expect(fields[f.name]!.description, `${name}.${f.name}`).toBe(describeOn(table, f, 'api'));
      }
    }
  });

  it.each(IMPORT_KINDS)('publishes the %s Table Schema and import columns from the table', (kind) => {
    const table: RecordTable = IMPORT_TABLES[kind];
    const published = JSON.parse(fs.readFileSync(new URL(`../../schemas/${kind}.json`, import.meta.url), 'utf8')) as {
      fields: { name: string; constraints: { required: boolean } }[];
    };
    const columns = csvColumns(table);
    expect(published.fields.map((f) => f.name)).toEqual(columns.map((c) => c.name));
    expect(published.fields.filter((f) => f.constraints.required).map((f) => f.name)).toEqual(columns.filter((c) => c.required).map((c) => c.name));
    expect([...KIND_COLUMNS[kind].required, ...KIND_COLUMNS[kind].optional].sort()).toEqual(columns.map((c) => c.name).sort());
    // Every CSV column belongs to a field of the input, and every required input field has a column.
    for (const c of columns) expect(table.fields).toContain(c.field);
    for (const f of table.fields.filter((f) => f.required)) expect(f.csv, `${kind}: required ${f.name} has a column`).toBeTruthy();
  });

  it.each(EXPORTED)('exports %s with its fields’ columns, and computed columns that repeat no field', (name, table) => {
    const kind = EXPORT_KINDS.find((k) => k.name === name)!;
    const columns = kind.columns.map((c) => c.name);
    expect(new Set(columns).size).toBe(columns.length);
    const fromFields = table.fields.flatMap(exportNames);
    for (const c of fromFields) expect(columns, `${name}.${c}`).toContain(c);
    // A computed column (IDs, provenance, derived flags) never bears the name of a field's column.
    const computed = columns.filter((c) => !fromFields.includes(c));
    const fieldNames = new Set(table.fields.flatMap((f) => [columnOf(f), exportNameOf(f)]));
    expect(computed.filter((c) => fieldNames.has(c) && c !== 'external_id')).toEqual([]);
  });

  it('names each DFC property once, and the upserted producer fields they map to', () => {
    const fields: readonly FieldSpec[] = PRODUCER.fields;
    const properties = fields.flatMap((f) => (f.dfc ? [f.dfc] : []));
    expect(new Set(properties).size).toBe(properties.length);
    for (const p of properties) expect(p).toMatch(/^(@id|dfc-b:[A-Za-z]+)$/);
  });

  it('resolves every {reference} of every description on every surface', () => {
    for (const table of [...INPUT_TABLES, ORGANIZATION]) {
      for (const f of table.fields)
        for (const surface of ['api', 'csv', 'export'] as const) expect(describeOn(table, f, surface)).not.toMatch(/\{[A-Za-z][A-Za-z0-9_]*\}/);
    }
  });
});

describe('a field added to a table shows up in every derived form', () => {
  // A test-only copy of the kitchen table with one more field: the one edit a new field needs.
  const TEST_KITCHEN = record('TestKitchen', KITCHEN.description, [
    ...KITCHEN.fields,
    {
      name: 'compostedKgPerYear',
      value: number({ minimum: 0 }),
      csv: true,
      description: 'Food waste composted a year, in kg (with {mealsPerDay}).',
      example: '1200',
      export: true,
    },
  ]);

  it('in the GraphQL input type', () => {
    recordInput(TEST_KITCHEN);
    const type = builder.toSchema({ sortSchema: false }).getType('TestKitchenInput') as GraphQLInputObjectType;
    const field = type.getFields().compostedKgPerYear!;
    expect(String(field.type)).toBe('Float');
    expect(field.description).toBe('Food waste composted a year, in kg (with mealsPerDay).');
  });

  it('in the CSV columns (and so the Table Schema), read from a row', () => {
    const column = csvColumns(TEST_KITCHEN).at(-1)!;
    expect(column).toMatchObject({ name: 'composted_kg_per_year', required: false, def: { type: 'number', minimum: 0, example: '1200' } });
    expect(column.def.description).toBe('Food waste composted a year, in kg (with meals_per_day).');
    const header = csvColumns(TEST_KITCHEN).map((c) => c.name);
    const reader = new RowReader(new Map(header.map((h, i) => [h, i])), []);
    reader.reset(
      header.map(
        (h) =>
          ({ external_id: 'k1', name: 'K', kind: 'school', municipality_code: 'NO-3901', production_type: 'cooking', composted_kg_per_year: '1 200,5' })[h] ??
          '',
      ),
    );
    expect(readRow(TEST_KITCHEN, reader).input).toMatchObject({ externalId: 'k1', compostedKgPerYear: 1200.5 });
    expect(reader.problems).toEqual([]);
  });

  it('in the export columns', () => {
    const columns: ExportColumn[] = recordColumns(TEST_KITCHEN, { last: [] });
    expect(columns.at(-1)).toEqual({
      name: 'composted_kg_per_year',
      type: 'number',
      description: 'Food waste composted a year, in kg (with meals_per_day).',
      sql: 't.composted_kg_per_year',
    });
  });

  it('in the normalized values written and recorded, with its range checked', () => {
    const item = { externalId: 'k1', name: ' K ', kind: 'SCHOOL', municipalityCode: 'NO-3901', productionType: 'COOKING', compostedKgPerYear: 1200 } as const;
    expect(plainFields(TEST_KITCHEN, item, 'items[0]').data).toMatchObject({ name: 'K', compostedKgPerYear: 1200 });
    expect(() => plainFields(TEST_KITCHEN, { ...item, compostedKgPerYear: -1 }, 'items[0]')).toThrow('Must be 0 or more; got -1.');
  });

  it('refuses a description that names no field of its table', () => {
    expect(() => record('Broken', 'A broken table.', [{ name: 'a', value: text(), description: 'See {b}.' }])).toThrow('Broken has no field b.');
  });
});
