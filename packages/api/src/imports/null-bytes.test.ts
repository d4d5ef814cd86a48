import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { importCsv } from './import.js';

const bytesOf = (text: string) => () =>
  (async function* () {
    yield new TextEncoder().encode(text);
  })();

describe.each(databaseKinds)('null bytes in imported CSV cells on %s', (kind) => {
  let db: Database;
  let viewer: Viewer;
  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Matnettverket' });
    await createSource(db, org.id, { key: 'hub', name: 'Hub', licence: 'CC-BY-4.0' });
    const created = await createApiKey(db, org.id, 'import', ['write']);
    viewer = { organizationId: org.id, apiKeyId: created.record.id, scopes: ['write'] };
  });
  afterAll(() => db?.close());

  it('reports a producer row with a null byte as a bad row naming the column, and imports the others with partial', async () => {
    const csv = 'external_id,name,kind,country_code,street\np1,Gulrotgården,farm,NO,Vei 1\np2,Melke\0bruket,dairy,NO,\np3,Eggegården,farm,NO,Vei\0 3\n';
    const all = await importCsv(db, viewer, bytesOf(csv), { kind: 'producers', source: 'hub' });
    expect(all).toMatchObject({ committed: false, rows: 3, failed: 2, errorCount: 2 });
    expect(all.errors).toEqual([
      { row: 3, column: 'name', value: 'Melke\\0bruket', message: 'The cell holds a null byte (U+0000), which text cannot contain; remove it.' },
      { row: 4, column: 'street', value: 'Vei\\0 3', message: 'The cell holds a null byte (U+0000), which text cannot contain; remove it.' },
    ]);
    const partial = await importCsv(db, viewer, bytesOf(csv), { kind: 'producers', source: 'hub', partial: true });
    expect(partial).toMatchObject({ committed: true, created: 1, failed: 2 });
    expect((await db.prisma.producer.findMany({ select: { externalId: true } })).map((p) => p.externalId)).toEqual(['p1']);
  });

  it('reports a delivery row with a null byte as a bad row', async () => {
    const csv =
      'external_id,category,period_start,period_end,municipality_code,value,currency,supplier_name\n' +
      'd1,vegetables.root.potatoes,2025-01-01,2025-01-31,NO-3901,100,NOK,Gård\0 AS\n';
    const report = await importCsv(db, viewer, bytesOf(csv), { kind: 'deliveries', source: 'hub' });
    expect(report).toMatchObject({ committed: false, rows: 1, failed: 1 });
    expect(report.errors).toEqual([
      { row: 2, column: 'supplier_name', value: 'Gård\\0 AS', message: 'The cell holds a null byte (U+0000), which text cannot contain; remove it.' },
    ]);
  });
});
