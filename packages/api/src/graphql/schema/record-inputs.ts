/**
 * GraphQL input types built from the record tables (records/): one input field per table field, of
 * the GraphQL type its value type gives, with the field's description and hint. `ProducerInput`,
 * `KitchenInput`, `DeliveryInput`… are never written by hand.
 */
import type { InputFieldMap, InputFieldsFromShape, InputObjectRef, RecursivelyNormalizeNullableFields, SchemaTypes } from '@pothos/core';
import { builder } from '../builder.js';
import { type FieldSpec, type InputOfTable, type RecordTable, describe } from '../../records/fields.js';
import * as Enums from './enums.js';

/** An input type of the schema, parsing to `I`. */
export type InputRef<I> = InputObjectRef<Types, I>;

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;
type FieldBuilder = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;
/** What the input object's fields must be for it to parse to the table's input type. */
type FieldsOf<T extends RecordTable> = InputFieldsFromShape<Types, RecursivelyNormalizeNullableFields<InputOfTable<T>>, 'InputObject'>;

const enumsByName = new Map(Object.values(Enums).map((e) => [e.name, e]));

function enumRef(name: string) {
  const found = enumsByName.get(name);
  if (!found) throw new Error(`No GraphQL enum ${name} (graphql/schema/enums.ts) for a record field.`);
  return found;
}

function inputField(t: FieldBuilder, table: RecordTable, f: FieldSpec) {
  const options = { required: !!f.required, description: describe(table, f, 'api') };
  const v = f.value;
  switch (v.kind) {
    case 'text':
    case 'ref':
      return t.string(options);
    case 'number':
      return t.float(options);
    case 'integer':
      return t.int(options);
    case 'boolean':
      return t.boolean(options);
    case 'date':
      return t.field({ type: 'Date', ...options });
    case 'enum':
      return t.field({ type: enumRef(v.enum.name), ...options });
    case 'list':
      if (v.of.kind === 'enum') return t.field({ type: [enumRef(v.of.enum.name)], ...options });
      return v.of.kind === 'integer' ? t.intList(options) : t.stringList(options);
    case 'localized':
      return t.field({ type: 'JSON', ...options });
    case 'records':
      return t.field({ type: [recordInput(v.of)], ...options });
  }
}

// The fields are built from the same table the input type is derived from, so they parse to it.
function inputFields<T extends RecordTable>(t: FieldBuilder, table: T): FieldsOf<T>;
function inputFields(t: FieldBuilder, table: RecordTable): InputFieldMap {
  return Object.fromEntries(table.fields.map((f) => [f.name, inputField(t, table, f)]));
}

const built = new Map<RecordTable, unknown>();

/** The input type of a record table, `<name>Input` (built once; owned records' tables get theirs too). */
export function recordInput<T extends RecordTable>(table: T): InputObjectRef<Types, InputOfTable<T>> {
  const known = built.get(table) as InputObjectRef<Types, InputOfTable<T>> | undefined;
  if (known) return known;
  const ref = builder.inputRef<InputOfTable<T>, false>(`${table.name}Input`);
  built.set(table, ref);
  return ref.implement({ description: table.description, fields: (t) => inputFields(t, table) });
}
