import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORT_KINDS, KIND_COLUMNS, checkHeader } from './columns.js';
import { readCsv } from './csv.js';
import { type TableSchemaField, importSchemaJson, importTableSchema } from './table-schema.js';

const repo = new URL('../../../../', import.meta.url);
const readRepo = (path: string) => fs.readFileSync(new URL(path, repo), 'utf8');

/** Reads a CSV file of the repository into its header and rows, through the import's own reader. */
export async function readExample(path: string): Promise<{ header: string[]; rows: { line: number; fields: string[] }[] }> {
  const bytes = fs.readFileSync(new URL(path, repo));
  const records = [];
  for await (const record of readCsv(
    (async function* () {
      yield new Uint8Array(bytes);
    })(),
  ))
    records.push(record);
  return { header: records[0]!.fields, rows: records.slice(1) };
}

/** The problems of one cell against a Table Schema field, the way a Frictionless validator checks it. */
function cellProblems(field: TableSchemaField, value: string): string[] {
  const c = field.constraints;
  if (value === '') return c.required ? ['required'] : [];
  const problems: string[] = [];
  const typeOk = {
    string: true,
    integer: /^-?\d+$/.test(value),
    number: /^-?\d+(\.\d+)?$/.test(value),
    boolean: [...(field.trueValues ?? []), ...(field.falseValues ?? [])].includes(value),
    date: /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
  }[field.type];
  if (!typeOk) problems.push(`not a ${field.type}`);
  if (c.enum && !c.enum.includes(value)) problems.push('not in enum');
  if (c.pattern && !new RegExp(`^(?:${c.pattern})$`, 'u').test(value)) problems.push(`does not match ${c.pattern}`);
  if (c.minimum !== undefined && Number(value) < c.minimum) problems.push(`below ${c.minimum}`);
  if (c.maximum !== undefined && Number(value) > c.maximum) problems.push(`above ${c.maximum}`);
  return problems;
}

describe.each(IMPORT_KINDS)('the %s import schema', (kind) => {
  const schema = importTableSchema(kind);
  const names = schema.fields.map((f) => f.name);

  it('has exactly the columns the import accepts, with the same required ones', () => {
    const accepted: string[] = [...KIND_COLUMNS[kind].required, ...KIND_COLUMNS[kind].optional];
    expect([...names].sort()).toEqual([...accepted].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(
      schema.fields
        .filter((f) => f.constraints.required)
        .map((f) => f.name)
        .sort(),
    ).toEqual([...KIND_COLUMNS[kind].required].sort());
    // The importer itself: a header of the schema's fields passes; leaving out the optional ones
    // leaves it complete; leaving out a required one, or adding one the schema lacks, is refused.
    expect(checkHeader(kind, names).problems).toEqual([]);
    const required = schema.fields.filter((f) => f.constraints.required).map((f) => f.name);
    expect(checkHeader(kind, required).problems).toEqual([]);
    for (const name of required) {
      expect(
        checkHeader(
          kind,
          required.filter((n) => n !== name),
        ).problems,
      ).toEqual([{ column: name, message: `Required column "${name}" is missing.` }]);
    }
    expect(checkHeader(kind, [...names, 'shoe_size']).problems.map((p) => p.column)).toEqual(['shoe_size']);
  });

  it('is a Table Schema with a description, a type and an example for every field, and patterns that compile', () => {
    expect(schema.primaryKey).toEqual(['external_id']);
    expect(schema.missingValues).toEqual(['']);
    for (const field of schema.fields) {
      expect(['string', 'integer', 'number', 'boolean', 'date']).toContain(field.type);
      expect(field.description.length, field.name).toBeGreaterThan(10);
      expect(cellProblems(field, field.example), `${field.name}: ${field.example}`).toEqual([]);
      if (field.constraints.pattern) expect(() => new RegExp(field.constraints.pattern!, 'u')).not.toThrow();
    }
    expect(schema.fields.find((f) => f.name === 'municipality_code')?.constraints.pattern).toBe('[A-Z]{2}-\\d{2,5}');
  });

  it('is committed as packages/api/schemas/<kind>.json as generated', () => {
    expect(readRepo(`packages/api/schemas/${kind}.json`)).toBe(importSchemaJson(kind));
  });

  it('has an example file under examples/import/ whose every cell is valid against the schema', async () => {
    const { header, rows } = await readExample(`examples/import/${kind}.csv`);
    expect([...header].sort()).toEqual([...names].sort());
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const problems = rows.flatMap((row) =>
      header.flatMap((name, i) =>
        cellProblems(
          schema.fields.find((f) => f.name === name)!,
          row.fields[i] ?? '',
        ).map((p) => `line ${row.line}, ${name}: ${p}`),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('is documented in docs/import-formats.md, every column in the kind’s table', () => {
    const docs = readRepo('docs/import-formats.md');
    const table = docs.slice(docs.indexOf(`<!-- columns:${kind} `), docs.indexOf(`<!-- /columns:${kind} -->`));
    for (const field of schema.fields) expect(table, field.name).toContain(`| \`${field.name}\` | ${field.type}`);
    expect(docs).toContain(`/schemas/${kind}.json`);
    expect(docs).toContain(`examples/import/${kind}.csv`);
  });
});

describe('the cell check the schema tests use', () => {
  // It must be able to fail, or the example-file test above proves nothing.
  it('finds a bad code, a bad pattern, a bad number, a bad date and an empty required cell', () => {
    const fields = importTableSchema('deliveries').fields;
    const field = (name: string) => fields.find((f) => f.name === name)!;
    expect(cellProblems(field('unit'), 'barrels')).toEqual(['not in enum']);
    expect(cellProblems(field('municipality_code'), 'Horten')).toEqual(['does not match [A-Z]{2}-\\d{2,5}']);
    expect(cellProblems(field('quantity'), '1 250,5')).toEqual(['not a number']);
    expect(cellProblems(field('period_start'), '2025-02-30')).toEqual(['not a date']);
    expect(cellProblems(field('category'), '')).toEqual(['required']);
    expect(cellProblems(field('certifications'), 'debio;fairtrade')).toHaveLength(1);
  });
});
