import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { createServer } from '../graphql/yoga.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { IMPORT_KINDS, type ImportKind } from './columns.js';
import { importCsv } from './import.js';
import { type TableSchemaField, importTableSchema } from './table-schema.js';

const repo = new URL('../../../../', import.meta.url);
const bytesOf = (data: Uint8Array) => () =>
  (async function* () {
    yield data;
  })();
const exampleOf = (kind: ImportKind) => fs.readFileSync(new URL(`examples/import/${kind}.csv`, repo));

/** A CSV cell, quoted when it must be. */
const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Cells that break a field's schema constraint, each with why. */
function badValues(field: TableSchemaField): { value: string; why: string }[] {
  const c = field.constraints;
  const out: { value: string; why: string }[] = [];
  if (c.required) out.push({ value: '', why: 'required' });
  if (c.enum || (c.pattern && field.description.includes('Several values'))) out.push({ value: 'not_a_code', why: 'code' });
  else if (c.pattern) out.push({ value: 'x', why: 'pattern' });
  if (c.minimum !== undefined) out.push({ value: String(c.minimum - 1), why: 'minimum' });
  if (c.maximum !== undefined) out.push({ value: String(c.maximum + 1), why: 'maximum' });
  if (field.type === 'number' || field.type === 'integer') out.push({ value: 'many', why: 'type' });
  if (field.type === 'integer') out.push({ value: '1.5', why: 'type' });
  if (field.type === 'date') out.push({ value: '2025-02-30', why: 'type' });
  if (field.type === 'boolean') out.push({ value: 'maybe', why: 'type' });
  return out;
}

describe.each(databaseKinds)('import formats on %s', (dbKind) => {
  let db: Database;
  let viewer: Viewer;

  beforeAll(async () => {
    db = await migratedDatabase(dbKind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Vestfold matnett' });
    await createSource(db, org.id, { key: 'examples', name: 'Examples', licence: 'CC-BY-4.0' });
    const created = await createApiKey(db, org.id, 'import', ['write']);
    viewer = { organizationId: org.id, apiKeyId: created.record.id, scopes: ['write'] };
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports each example file into a fresh database with no errors, producers and kitchens before deliveries', async () => {
    for (const kind of IMPORT_KINDS.slice().sort(
      (a, b) => ['producers', 'kitchens', 'deliveries'].indexOf(a) - ['producers', 'kitchens', 'deliveries'].indexOf(b),
    )) {
      const dry = await importCsv(db, viewer, bytesOf(exampleOf(kind)), { kind, source: 'examples', dryRun: true });
      expect({ kind, headerProblems: dry.headerProblems, errors: dry.errors }).toEqual({ kind, headerProblems: [], errors: [] });
      const report = await importCsv(db, viewer, bytesOf(exampleOf(kind)), { kind, source: 'examples', fileName: `${kind}.csv` });
      expect({ kind, errors: report.errors, committed: report.committed }).toEqual({ kind, errors: [], committed: true });
      expect(report.created).toBe(report.rows);
    }
    expect(await db.prisma.producer.count()).toBe(3);
    expect(await db.prisma.kitchen.count()).toBe(4);
    expect(await db.prisma.delivery.count({ where: { deletedAt: null } })).toBe(5);
  });

  // Runs after the examples are stored, so that deliveries find their kitchens and producers.
  it.each(IMPORT_KINDS)('refuses a %s cell that breaks any constraint of the schema, naming its column (and for codes, the same codes)', async (kind) => {
    const schema = importTableSchema(kind);
    const [header, first] = exampleOf(kind).toString('utf8').split('\n') as [string, string];
    const columns = header.split(',');
    const base = first.split(',');
    expect(base).toHaveLength(columns.length);
    const missed: string[] = [];
    let cases = 0;
    for (const field of schema.fields) {
      for (const bad of badValues(field)) {
        cases++;
        const cells = [...base];
        cells[columns.indexOf(field.name)] = quote(bad.value);
        const csv = `${header}\n${cells.join(',')}\n`;
        const report = await importCsv(db, viewer, bytesOf(new TextEncoder().encode(csv)), { kind, source: 'examples', dryRun: true });
        const errors = report.errors.filter((e) => e.column === field.name);
        if (errors.length === 0) {
          missed.push(`${field.name} = "${bad.value}" (${bad.why}): ${JSON.stringify(report.errors)}`);
          continue;
        }
        if (bad.why === 'code') {
          const codes = field.constraints.enum ?? field.constraints.pattern!.match(/^\(([^)]*)\)/)![1]!.split('|');
          const listed = /is not one of (.*)\.$/.exec(errors[0]!.message)?.[1]?.split(', ');
          expect(listed, `${field.name}: ${errors[0]!.message}`).toEqual(codes);
        }
      }
    }
    expect(missed).toEqual([]);
    expect(cases).toBeGreaterThan(8);
  });

  it('serves each schema at /schemas/<kind>.json as committed, lists them at /schemas/, and answers 404 for another name', async () => {
    // CORS_ORIGINS restricted: the schemas are still readable from any origin.
    const yoga = createServer(db, { corsOrigins: ['https://only.example'], logLevel: 'silent' });
    const get = (path: string, init: RequestInit = {}) =>
      yoga.fetch(`http://localhost${path}`, { ...init, headers: { origin: 'https://partner.example', ...init.headers } });
    const list = await get('/schemas/');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('public, max-age=300');
    const index = (await list.json()) as { schemas: { kind: string; path: string }[] };
    expect(index.schemas.map((s) => s.kind)).toEqual(IMPORT_KINDS);
    for (const { kind, path } of index.schemas) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.text()).toBe(fs.readFileSync(new URL(`packages/api/schemas/${kind}.json`, repo), 'utf8'));
    }
    const missing = await get('/schemas/hubs.json');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No import schema "hubs.json". Available: deliveries.json, producers.json, kitchens.json, observations.json.' },
    });
    expect((await get('/schemas/producers.json', { method: 'POST' })).status).toBe(405);
  });
});
