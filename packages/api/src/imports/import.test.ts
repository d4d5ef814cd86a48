import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { importCsv } from './import.js';

const bytesOf = (data: Uint8Array) => () =>
  (async function* () {
    for (let i = 0; i < data.length; i += 65536) yield data.subarray(i, i + 65536);
  })();
const utf8 = (s: string) => new TextEncoder().encode(s);

const IMPORT = `mutation($file: File!, $kind: ImportKind!, $dryRun: Boolean, $force: Boolean) {
  importFile(kind: $kind, source: "hub", file: $file, dryRun: $dryRun, force: $force) {
    committed dryRun rows created updated unchanged failed encoding delimiter errorCount notes
    previousImport { rows }
    headerProblems { column message }
    errors { row column value message }
  }
}`;

describe.each(databaseKinds)('CSV import on %s', (kind) => {
  let db: Database;
  let viewer: Viewer;
  let key: string;
  let client: ReturnType<typeof graphqlClient>;

  async function upload(csv: Uint8Array, variables: Record<string, unknown>, name = 'file.csv') {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: IMPORT, variables: { ...variables, file: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([csv as Uint8Array<ArrayBuffer>], { type: 'text/csv' }), name);
    const response = await client.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
    return (await response.json()) as { data?: { importFile: Record<string, any> }; errors?: { message: string }[] };
  }

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Matnettverket' });
    await createSource(db, org.id, { key: 'hub', name: 'Hub', licence: 'CC-BY-4.0' });
    const created = await createApiKey(db, org.id, 'import', ['write']);
    key = created.key;
    viewer = { organizationId: org.id, apiKeyId: created.record.id, scopes: ['write'] };
    client = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports kitchens and producers, mapping a 2020 municipality code and reporting it', async () => {
    const kitchens = utf8(
      'external_id,name,kind,municipality_code,production_type,central_kitchen_external_id,meals_per_day\n' +
        'k1,Sentralkjøkken,school,NO-3901,central,,400\n' +
        'k2,Borre skole,school,NO-3801,receiving,k1,120\n',
    );
    const r = await importCsv(db, viewer, bytesOf(kitchens), { kind: 'kitchens', source: 'hub' });
    expect(r).toMatchObject({ committed: true, rows: 2, created: 2, failed: 0 });
    expect(r.notes).toEqual(['Line 3: row.municipalityCode: NO-3801 is an older code, mapped to NO-3901.']);
    const k2 = await db.prisma.kitchen.findFirstOrThrow({ where: { externalId: 'k2' }, include: { centralKitchen: true } });
    expect(k2.centralKitchen!.externalId).toBe('k1');

    const producers = utf8(
      'external_id;name;kind;org_number;municipality_code;categories;certifications;tender_ready\n' +
        'p1;Gulrotgården;farm;0192:998877665;NO-3901;vegetables.root.carrots;DEBIO:D-12;ja\n' +
        'p2;Melkebruket;dairy;;NO-3905;dairy.milk;;nei\n',
    );
    const p = await importCsv(db, viewer, bytesOf(producers), { kind: 'producers', source: 'hub' });
    expect(p).toMatchObject({ committed: true, created: 2, failed: 0, delimiter: ';' });
    const p1 = await db.prisma.producer.findFirstOrThrow({
      where: { externalId: 'p1' },
      include: { certifications: true, products: true, organization: true },
    });
    expect(p1.tenderReady).toBe(true);
    expect(p1.certifications.map((c) => [c.scheme, c.certificateNumber])).toEqual([['DEBIO', 'D-12']]);
    expect(p1.products.map((x) => x.categoryCode)).toEqual(['vegetables.root.carrots']);
    expect(p1.organization!.orgNumber).toBe('0192:998877665');
  });

  it('reads Windows-1252 with semicolons and decimal commas, and UTF-16 with tabs, to the same lines', async () => {
    const header = [
      'external_id',
      'kitchen_external_id',
      'producer_external_id',
      'supplier_name',
      'category',
      'period_start',
      'period_end',
      'quantity',
      'unit',
      'value',
      'currency',
      'organic',
      'certifications',
      'origin_country',
    ];
    const rows = [
      ['w1', 'k1', 'p1', 'Grønt & Frukt AS', 'vegetables.root.carrots', '2025-01-01', '2025-01-31', '1 234,5', 'kg', '12 345,60', 'NOK', 'ja', 'DEBIO', 'NO'],
      ['w2', 'k1', 'p2', '', 'dairy.milk', '01.02.2025', '28.02.2025', '100', 'l', '1500', 'NOK', 'nei', '', ''],
    ];
    const csv1252 = Buffer.from([header, ...rows].map((r) => r.join(';')).join('\r\n'), 'latin1');
    const r = await importCsv(db, viewer, bytesOf(new Uint8Array(csv1252)), { kind: 'deliveries', source: 'hub' });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ committed: true, created: 2, encoding: 'windows-1252', delimiter: ';' });
    const w1 = await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'w1' } });
    expect(w1.supplierName).toBe('Grønt & Frukt AS');
    expect([Number(w1.quantity), Number(w1.quantityKg), Number(w1.value), w1.organic, w1.organicBasis]).toEqual([
      1234.5,
      1234.5,
      12345.6,
      true,
      'CERTIFIED_PRODUCT',
    ]);
    const w2 = await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'w2' } });
    expect(Number(w2.quantityKg)).toBe(103);
    expect(w2.periodStart.toISOString().slice(0, 10)).toBe('2025-02-01');

    // The same lines as UTF-16 with tabs (other IDs): same values.
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from([header, ...rows.map((x) => [x[0]!.replace('w', 'u'), ...x.slice(1)])].map((x) => x.join('\t')).join('\n'), 'utf16le'),
    ]);
    const u = await importCsv(db, viewer, bytesOf(new Uint8Array(utf16)), { kind: 'deliveries', source: 'hub' });
    expect(u.errors.map((e) => e.message)).toEqual([
      'Overlaps stored line "w1" (same kitchen, article and period 2025-01-01–2025-01-31); give replaces_external_id to correct it, or report it once.',
      'Overlaps stored line "w2" (same kitchen, article and period 2025-02-01–2025-02-28); give replaces_external_id to correct it, or report it once.',
    ]);
    expect(u).toMatchObject({ committed: false, encoding: 'utf-16le', delimiter: 'tab' });
  });

  it('writes nothing when one row of 10,000 is bad, naming its row, column and value (multipart upload)', async () => {
    const lines = ['external_id,kitchen_external_id,category,period_start,period_end,value,currency'];
    for (let i = 0; i < 10_000; i++) {
      const d = new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
      lines.push(`big${i},k2,vegetables.root.potatoes,${d},${d},${i === 7321 ? '"12,x"' : '100'},NOK`);
    }
    const csv = utf8(lines.join('\n'));
    const before = await db.prisma.delivery.count();
    const res = await upload(csv, { kind: 'DELIVERIES' });
    expect(res.errors).toBeUndefined();
    const r = res.data!.importFile;
    expect(r).toMatchObject({ committed: false, rows: 10_000, created: 0, failed: 1, errorCount: 1 });
    expect(r.errors).toEqual([{ row: 7323, column: 'value', value: '12,x', message: '"12,x" is not a number (write 1234.5 or 1 234,5).' }]);
    expect(await db.prisma.delivery.count()).toBe(before);

    const good = utf8(lines.filter((_, i) => i !== 7322).join('\n'));
    const ok = (await upload(good, { kind: 'DELIVERIES' })).data!.importFile;
    expect(ok).toMatchObject({ committed: true, created: 9999 });
    const again = (await upload(good, { kind: 'DELIVERIES' })).data!.importFile;
    expect(again).toMatchObject({ committed: false, created: 0, previousImport: { rows: 9999 } });
    expect(again.notes[0]).toMatch(/^This file was already imported into "hub" on .* \(9999 rows\); nothing was done/);
  }, 240_000);

  it("logs one change per written line, over several chunks, with the line as stored in the partner's terms", async () => {
    // The change data is built while the file is staged; it must equal the line as written.
    const header =
      'external_id;kitchen_external_id;producer_external_id;supplier_name;category;period_start;period_end;quantity;unit;value;currency;organic;certifications';
    const line = (i: number, value: string) => {
      const d = new Date(Date.UTC(2030, 0, 1 + i)).toISOString().slice(0, 10);
      const organic = i % 3 === 0;
      return `ch${i};k1;${i % 5 === 0 ? 'p1' : ''};${i % 4 === 0 ? '' : `Grossist ${i % 7} "AS"\\`};${i % 2 ? 'dairy.milk' : 'eggs'};${d};${d};${(i % 97) + 1},${i % 10};${i % 2 ? 'l' : 'piece'};${value};NOK;${organic ? 'ja' : 'nei'};${organic ? 'DEBIO' : ''}`;
    };
    // 1,201 lines in chunks of 500: three chunks, as a large file is written in chunks of 5,000.
    const rows = 1201;
    const chunkRows = 500;
    let chunks = 0;
    const onProgress = () => void chunks++;
    const csv = (value: (i: number) => string, n: number) => utf8([header, ...Array.from({ length: n }, (_, i) => line(i, value(i)))].join('\r\n'));
    const expected = async (since: bigint) => {
      const changes = await db.prisma.change.findMany({ where: { recordType: 'Delivery', id: { gt: since } }, orderBy: { id: 'asc' } });
      const lines = new Map((await db.prisma.delivery.findMany({ where: { externalId: { startsWith: 'ch' } } })).map((d) => [String(d.id), d]));
      return {
        changes,
        wanted: changes.map((c) => {
          const d = lines.get(c.recordId)!;
          const i = Number(d.externalId.slice(2));
          const decimal = (v: unknown) => (v === null ? null : Number(v));
          return {
            kitchenExternalId: 'k1',
            buyerOrgNumber: null,
            municipalityCode: d.municipalityCode,
            producerExternalId: i % 5 === 0 ? 'p1' : null,
            supplierName: d.supplierName,
            supplierOrgNumber: null,
            originBasis: d.originBasis,
            originCountry: d.originCountry,
            category: d.categoryCode,
            periodStart: d.periodStart.toISOString().slice(0, 10),
            periodEnd: d.periodEnd.toISOString().slice(0, 10),
            quantity: decimal(d.quantity),
            unit: d.unit,
            quantityKg: decimal(d.quantityKg),
            value: decimal(d.value),
            currency: d.currency,
            organic: d.organic,
            organicBasis: d.organicBasis,
            certifications: d.certifications,
            agreementReference: null,
            gtin: null,
            articleCode: null,
            replacesExternalId: null,
          };
        }),
      };
    };
    const before = (await db.prisma.change.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const r = await importCsv(db, viewer, bytesOf(csv((i) => `${i + 10},5`, rows)), { kind: 'deliveries', source: 'hub', chunkRows, onProgress });
    expect(r.errors).toEqual([]);
    expect(chunks).toBe(3);
    expect(r).toMatchObject({ committed: true, rows, created: rows });
    const created = await expected(before);
    expect(created.changes.map((c) => [c.operation, c.version])).toEqual(Array.from({ length: rows }, () => ['CREATE', 1]));
    expect(created.changes.map((c) => c.externalId)).toEqual(created.changes.map((c) => c.externalId).sort());
    expect(created.changes.map((c) => c.data)).toEqual(created.wanted);
    expect(created.changes.find((c) => c.externalId === 'ch1')!.data).toMatchObject({
      supplierName: 'Grossist 1 "AS"\\',
      quantity: 2.1,
      value: 11.5,
      organic: false,
    });

    // Half of the lines again, every tenth with a new value: only those are written and logged, as updates.
    const after = (await db.prisma.change.aggregate({ _max: { id: true } }))._max.id!;
    const again = await importCsv(db, viewer, bytesOf(csv((i) => (i % 10 === 0 ? `${i + 20},75` : `${i + 10},5`), 600)), {
      kind: 'deliveries',
      source: 'hub',
      chunkRows,
    });
    expect(again).toMatchObject({ committed: true, created: 0, updated: 60, unchanged: 540 });
    const updated = await expected(after);
    expect(updated.changes.map((c) => [c.operation, c.version])).toEqual(Array.from({ length: 60 }, () => ['UPDATE', 2]));
    expect(updated.changes.map((c) => c.data)).toEqual(updated.wanted);
    expect(updated.changes[0]!.data).toMatchObject({ value: 20.75 });
  }, 240_000);

  it('names header problems precisely, with a suggestion for a misspelt column', async () => {
    const r = await importCsv(db, viewer, bytesOf(utf8('external_id,kitchen_external_id,catgory,perod_start,colour\nx,k1,a,b,c\n')), {
      kind: 'deliveries',
      source: 'hub',
    });
    expect(r.committed).toBe(false);
    expect(r.headerProblems.map((p) => p.message)).toEqual([
      'Unknown column "catgory"; did you mean "category"?',
      'Unknown column "perod_start"; did you mean "period_start"?',
      expect.stringMatching(/^Unknown column "colour"; the deliveries columns are external_id, category/),
      'Required column "period_end" is missing.',
    ]);
  });

  it('reports every bad row and writes the good ones in partial mode', async () => {
    const csv = utf8(
      'external_id,kitchen_external_id,category,period_start,period_end,quantity,unit,value,currency,organic,certifications\n' +
        'x1,k1,fish,2026-01-01,2026-01-31,10,kg,100,NOK,true,MSC\n' +
        'x2,k9,fish,2026-01-01,2026-01-31,,,100,NOK,,\n' +
        'x3,k1,fish,2026-02-30,2026-03-31,,,100,NOK,,\n' +
        'x4,k1,fish,2026-04-01,2026-04-30,5,box,,,,\n' +
        'x5,k1,fish,2026-05-01,2026-05-31,,,100,NOK,,\n' +
        'x5,k1,fish,2026-06-01,2026-06-30,,,100,NOK,,\n',
    );
    const phases: [string, number][] = [];
    const onPhase = (phase: string, rows: number) => phases.push([phase, rows]);
    const r = await importCsv(db, viewer, bytesOf(csv), { kind: 'deliveries', source: 'hub', partial: true, onPhase });
    expect(r.errors).toEqual([
      {
        row: 2,
        column: 'organic',
        value: 'true',
        message: 'MSC is not an organic scheme; organic means certified under EU organic rules (EU_ORGANIC, KRAV, DEBIO, OE_MAERKET, LUOMU, BIO_SIEGEL).',
      },
      { row: 3, column: 'kitchen_external_id', value: 'k9', message: 'No kitchen with externalId "k9" in source "hub"; send the kitchen first.' },
      { row: 4, column: 'period_start', value: '2026-02-30', message: '"2026-02-30" is not a date; write YYYY-MM-DD (e.g. 2025-01-31).' },
      { row: 5, column: 'unit', value: 'box', message: '"box" is not one of kg, g, tonne, l, dl, ml, piece, dozen.' },
      { row: 7, column: 'external_id', value: 'x5', message: 'external_id "x5" appears on an earlier line of the file.' },
    ]);
    expect(r).toMatchObject({ committed: true, created: 1, failed: 5 });
    // Six rows read; the one good row written and logged.
    expect(phases).toEqual([
      ['checking', 6],
      ['writing', 1],
      ['committing', 1],
    ]);

    const fixed = utf8('external_id,kitchen_external_id,category,period_start,period_end,value,currency\nx6,k1,fish,2026-07-01,2026-07-31,"1 200,50",NOK\n');
    phases.length = 0;
    const dry = await importCsv(db, viewer, bytesOf(fixed), { kind: 'deliveries', source: 'hub', dryRun: true, onPhase });
    expect(dry).toMatchObject({ committed: false, dryRun: true, created: 1 });
    expect(phases).toEqual([
      ['checking', 1],
      ['writing', 1],
    ]);
    expect(await db.prisma.delivery.count({ where: { externalId: 'x6' } })).toBe(0);
    phases.length = 0;
    expect(await importCsv(db, viewer, bytesOf(fixed), { kind: 'deliveries', source: 'hub', onPhase })).toMatchObject({ committed: true, created: 1 });
    expect(phases).toEqual([
      ['checking', 1],
      ['writing', 1],
      ['committing', 1],
    ]);
    const forced = await importCsv(db, viewer, bytesOf(fixed), { kind: 'deliveries', source: 'hub', force: true });
    expect(forced).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 1, previousImport: { rows: 1 } });
    expect(Number((await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'x6' } })).value)).toBe(1200.5);
  });
});
