import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { encodeGlobalId } from '../ids.js';
import { importCsv } from '../imports/import.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { createApiKey, createOrganization, createSource } from './keys.js';

const UPSERT = `mutation($items: [ProducerInput!]!) {
  upsertProducers(source: "partner", items: $items) {
    committed created updated unchanged failed
    items { status errors { field code message value } }
  }
}`;
const FEED = `{ changes(types: ["Organization"], first: 100) { changes { operation version data } } }`;

const bytesOf = (text: string) => () =>
  (async function* () {
    yield new TextEncoder().encode(text);
  })();

const farm = (extra: Record<string, unknown>) => ({ externalId: 'p-1', name: 'Hagen gård', kind: 'FARM', municipalityCode: 'NO-3901', ...extra });

describe.each(databaseKinds)('an organization’s size class set through a producer on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let headers: Record<string, string>;
  let viewer: Viewer;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const partner = await createOrganization(db, { name: 'Partner' });
    await createSource(db, partner.id, { key: 'partner', name: 'Partner', licence: 'CC0-1.0' });
    const key = await createApiKey(db, partner.id, 'sync', ['write']);
    headers = { authorization: `Bearer ${key.key}` };
    viewer = { organizationId: partner.id, apiKeyId: key.record.id, scopes: ['write'] };
    client = graphqlClient(db);
  });
  afterAll(() => db?.close());

  const upsert = async (item: Record<string, unknown>) => {
    const result = await client.query(UPSERT, { items: [item] }, headers);
    expect(result.errors).toBeUndefined();
    return result.data!.upsertProducers;
  };
  const organization = () => db.prisma.organization.findFirstOrThrow({ where: { orgNumber: '0192:912345678' } });
  const feed = async () => {
    const result = await client.query(FEED, {}, headers);
    expect(result.errors).toBeUndefined();
    return result.data!.changes.changes.filter((c: any) => c.data?.orgNumber === '0192:912345678');
  };

  it('sets the class of the producer’s organization, shows it and puts it on the change feed', async () => {
    const first = await upsert(farm({ orgNumber: '0192:912345678', sizeClass: 'MICRO' }));
    expect(first).toMatchObject({ committed: true, created: 1 });
    const org = await organization();
    expect(org.sizeClass).toBe('MICRO');
    const shown = await client.query(`query($id: ID!) { node(id: $id) { ... on Organization { name sizeClass } } }`, {
      id: encodeGlobalId('Organization', org.id),
    });
    expect(shown.data!.node).toEqual({ name: 'Hagen gård', sizeClass: 'MICRO' });
    // Registered by the producer (CREATE), then given its class (UPDATE).
    expect((await feed()).map((c: any) => [c.operation, c.data.sizeClass])).toEqual([
      ['CREATE', null],
      ['UPDATE', 'MICRO'],
    ]);
  });

  it('is idempotent: the same class again changes nothing', async () => {
    const before = await organization();
    const again = await upsert(farm({ orgNumber: '0192:912345678', sizeClass: 'MICRO' }));
    expect(again).toMatchObject({ committed: true, unchanged: 1 });
    const after = await organization();
    expect(after.version).toBe(before.version);
    expect(await feed()).toHaveLength(2);
    // Left out, the stored class stays.
    await upsert(farm({ orgNumber: '0192:912345678' }));
    expect((await organization()).sizeClass).toBe('MICRO');
  });

  it('a new class is an update of the organization', async () => {
    const result = await upsert(farm({ orgNumber: '0192:912345678', sizeClass: 'SMALL' }));
    expect(result).toMatchObject({ committed: true, updated: 1 });
    expect((await organization()).sizeClass).toBe('SMALL');
    expect((await feed()).map((c: any) => [c.operation, c.data.sizeClass]).at(-1)).toEqual(['UPDATE', 'SMALL']);
  });

  it('a class without an organization, or not a class, is a typed error', async () => {
    const result = await upsert({ ...farm({ sizeClass: 'MICRO' }), externalId: 'p-2' });
    expect(result.committed).toBe(false);
    expect(result.items[0].errors).toEqual([
      { field: 'items[0].sizeClass', code: 'BAD_USER_INPUT', message: expect.stringContaining('give orgNumber'), value: null },
    ]);
    const bad = await client.query(UPSERT, { items: [farm({ orgNumber: '0192:912345678', sizeClass: 'HUGE' })] }, headers);
    expect(bad.errors?.[0]?.message).toContain('HUGE');
    const csv = 'external_id,name,kind,org_number,size_class,municipality_code\np-3,Bakken,farm,0192:998877665,huge,NO-3901\n';
    const report = await importCsv(db, viewer, bytesOf(csv), { kind: 'producers', source: 'partner' });
    expect(report.errors[0]).toMatchObject({ column: 'size_class', value: 'huge' });
    expect(await db.prisma.organization.count({ where: { orgNumber: '0192:998877665' } })).toBe(0);
    const good = await importCsv(db, viewer, bytesOf(csv.replace('huge', 'medium')), { kind: 'producers', source: 'partner' });
    expect(good.errors).toEqual([]);
    expect((await db.prisma.organization.findFirstOrThrow({ where: { orgNumber: '0192:998877665' } })).sizeClass).toBe('MEDIUM');
  });
});
