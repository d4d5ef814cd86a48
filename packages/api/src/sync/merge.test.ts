import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { createApiKey, createOrganization, createSource } from './keys.js';

const UPSERT_PRODUCERS = `mutation($source: String!, $items: [ProducerInput!]!) {
  upsertProducers(source: $source, items: $items) { committed items { id status notes errors { message } } }
}`;
const UPSERT_KITCHENS = `mutation($source: String!, $items: [KitchenInput!]!) { upsertKitchens(source: $source, items: $items) { committed } }`;
const UPSERT_DELIVERIES = `mutation($source: String!, $items: [DeliveryInput!]!) { upsertDeliveries(source: $source, items: $items) { committed items { errors { message } } } }`;
const MERGE_PRODUCERS = `mutation($d: ID!, $i: ID!) { mergeProducers(duplicate: $d, into: $i) { duplicate survivor repointed lastPosition } }`;
const MERGE_ORGANIZATIONS = `mutation($d: ID!, $i: ID!) { mergeOrganizations(duplicate: $d, into: $i) { duplicate survivor repointed lastPosition } }`;

describe.each(databaseKinds)('merging duplicates on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let keyA: string;
  let keyB: string;
  let adminA: string;
  let curator: string;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const orgA = await createOrganization(db, { name: 'KISMET Södertälje' });
    const orgB = await createOrganization(db, { name: 'Vestfold matnettverk' });
    const operator = await createOrganization(db, { name: 'Food Commons operator' });
    await createSource(db, orgA.id, { key: 'kismet', name: 'KISMET', licence: 'CC-BY-4.0' });
    await createSource(db, orgB.id, { key: 'vestfold', name: 'Vestfold', licence: 'CC0-1.0' });
    keyA = (await createApiKey(db, orgA.id, 'sync', ['write'])).key;
    adminA = (await createApiKey(db, orgA.id, 'admin', ['admin'])).key;
    keyB = (await createApiKey(db, orgB.id, 'sync', ['write'])).key;
    curator = (await createApiKey(db, operator.id, 'curator', ['curate'])).key;
    client = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('merges a producer into its twin: deliveries and awards repointed, hidden from lists, its ID answers with mergedInto, a MERGE change and webhook', async () => {
    const farm = (externalId: string, name: string, orgNumber: string) => ({
      externalId,
      name,
      kind: 'FARM',
      municipalityCode: 'NO-3901',
      lat: 59.42,
      lon: 10.48,
      orgNumber,
    });
    const a = await client.query(UPSERT_PRODUCERS, { source: 'kismet', items: [farm('p-dup', 'Gulrotgården', '0192:911111111')] }, as(keyA));
    const b = await client.query(UPSERT_PRODUCERS, { source: 'vestfold', items: [farm('p-main', 'Gulrotgården AS', '0192:922222222')] }, as(keyB));
    const dup = a.data!.upsertProducers.items[0].id as string;
    const main = b.data!.upsertProducers.items[0].id as string;
    await client.query(
      UPSERT_KITCHENS,
      { source: 'kismet', items: [{ externalId: 'k1', name: 'Skolekjøkken', kind: 'SCHOOL', municipalityCode: 'NO-3901', productionType: 'COOKING' }] },
      as(keyA),
    );
    const line = (externalId: string, month: string) => ({
      externalId,
      kitchenExternalId: 'k1',
      producerExternalId: 'p-dup',
      category: 'vegetables.root.carrots',
      periodStart: `2025-${month}-01`,
      periodEnd: `2025-${month}-28`,
      value: 1000,
      currency: 'NOK',
    });
    expect(
      (await client.query(UPSERT_DELIVERIES, { source: 'kismet', items: [line('d1', '01'), line('d2', '02')] }, as(keyA))).data!.upsertDeliveries.committed,
    ).toBe(true);
    const hook = await client.query('mutation { createWebhook(url: "https://partner.example/hook", recordTypes: ["Producer"]) { secret } }', {}, as(adminA));
    expect(hook.errors).toBeUndefined();
    const before = (await client.query('{ producers(first: 100) { totalCount } }')).data!.producers.totalCount as number;

    // Only the owner of the duplicate's source (or a curator) may merge it; nothing is written otherwise.
    const refused = await client.query(MERGE_PRODUCERS, { d: dup, i: main }, as(keyB));
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const anonymous = await client.query(MERGE_PRODUCERS, { d: dup, i: main });
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p-dup' } })).mergedIntoId).toBeNull();

    const merged = await client.query(MERGE_PRODUCERS, { d: dup, i: main }, as(keyA));
    expect(merged.errors).toBeUndefined();
    // By hand: two lines, each with the producer as origin and (delivering itself) as supplier.
    expect(merged.data!.mergeProducers).toMatchObject({ duplicate: dup, survivor: main, repointed: 4 });
    const mainId = (await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p-main' } })).id;
    const lines = await db.prisma.delivery.findMany({ where: { externalId: { in: ['d1', 'd2'] } } });
    expect(lines.map((l) => [l.producerId, l.supplierProducerId])).toEqual([
      [mainId, mainId],
      [mainId, mainId],
    ]);

    const list = await client.query('{ producers(first: 100) { totalCount edges { node { id } } } }');
    expect(list.data!.producers.totalCount).toBe(before - 1);
    expect(list.data!.producers.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(dup);
    const node = await client.query('query($id: ID!) { node(id: $id) { ... on Producer { name mergedInto { id name } } } }', { id: dup });
    expect(node.data!.node).toEqual({ name: 'Gulrotgården', mergedInto: { id: main, name: 'Gulrotgården AS' } });

    const feed = await client.query('query { changes(types: ["Producer"], first: 100) { changes { operation externalId source data position } } }');
    const entry = feed.data!.changes.changes.find((c: { operation: string }) => c.operation === 'MERGE');
    expect(entry).toMatchObject({
      externalId: 'p-dup',
      source: 'kismet',
      data: { mergedInto: main, survivorSource: 'vestfold', survivorExternalId: 'p-main' },
    });
    expect(entry.position).toBe(merged.data!.mergeProducers.lastPosition);
    const queued = await db.prisma.webhookDelivery.findMany({ where: { changeId: BigInt(entry.position) } });
    expect(queued.length).toBe(1);

    // The duplicate's source keeps writing by its own external IDs: they resolve to the survivor.
    await client.query(UPSERT_DELIVERIES, { source: 'kismet', items: [line('d3', '03')] }, as(keyA));
    expect((await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'd3' } })).producerId).toBe(mainId);
    const again = await client.query(
      UPSERT_PRODUCERS,
      { source: 'kismet', items: [{ ...farm('p-dup', 'Gulrotgården', '0192:911111111'), tenderReady: true }] },
      as(keyA),
    );
    expect(again.data!.upsertProducers.items[0].notes).toEqual([`This producer was merged into ${main}; it stays merged and hidden from lists.`]);
    expect((await client.query('{ producers(first: 100) { totalCount } }')).data!.producers.totalCount).toBe(before - 1);
  });

  it('refuses merges that make no sense, with typed errors', async () => {
    const dup = encodeGlobalId('Producer', (await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p-dup' } })).id);
    const main = encodeGlobalId('Producer', (await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p-main' } })).id);
    const twice = await client.query(MERGE_PRODUCERS, { d: dup, i: main }, as(curator));
    expect(twice.errors![0]).toMatchObject({
      message: expect.stringMatching(/^Gulrotgården was already merged into /),
      extensions: { code: 'BAD_USER_INPUT', field: 'duplicate' },
    });
    const self = await client.query(MERGE_PRODUCERS, { d: main, i: main }, as(curator));
    expect(self.errors![0]).toMatchObject({ message: 'A producer cannot be merged into itself.', extensions: { code: 'BAD_USER_INPUT' } });
    const intoMerged = await client.query(MERGE_PRODUCERS, { d: main, i: dup }, as(curator));
    expect(intoMerged.errors![0]!.message).toBe(`Gulrotgården was itself merged into ${main}; merge into that one.`);
    const missing = await client.query(MERGE_PRODUCERS, { d: encodeGlobalId('Producer', 999999), i: main }, as(curator));
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const wrongType = await client.query(MERGE_PRODUCERS, { d: encodeGlobalId('Kitchen', 1), i: main }, as(curator));
    expect(wrongType.errors![0]!.extensions!.code).toBe('INVALID_ID');
    // The curate scope is never handed out over the API.
    const grant = await client.query('mutation { createApiKey(name: "x", scopes: ["curate"]) { key } }', {}, as(adminA));
    expect(grant.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('merges an organization: the survivor keeps its identifiers, references move, and its org number resolves to the survivor', async () => {
    const dupOrg = await db.prisma.organization.findFirstOrThrow({ where: { orgNumber: '0192:911111111' } });
    const mainOrg = await db.prisma.organization.findFirstOrThrow({ where: { orgNumber: '0192:922222222' } });
    await db.prisma.consentRecord.create({
      data: {
        organizationId: dupOrg.id,
        scope: 'CONTACT_PERSON',
        givenBy: 'Ola',
        givenAt: new Date(),
        method: 'signed form',
        sourceId: dupOrg.sourceId,
        externalId: 'consent-1',
      },
    });
    const before = (await client.query('{ organizations(first: 100) { totalCount } }')).data!.organizations.totalCount as number;
    const refused = await client.query(
      MERGE_ORGANIZATIONS,
      { d: encodeGlobalId('Organization', dupOrg.id), i: encodeGlobalId('Organization', mainOrg.id) },
      as(keyB),
    );
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const merged = await client.query(
      MERGE_ORGANIZATIONS,
      { d: encodeGlobalId('Organization', dupOrg.id), i: encodeGlobalId('Organization', mainOrg.id) },
      as(curator),
    );
    expect(merged.errors).toBeUndefined();
    // By hand: the duplicate runs one producer (p-dup) and has one consent record.
    expect(merged.data!.mergeOrganizations.repointed).toBe(2);
    const identifiers = await db.prisma.organizationIdentifier.findMany({ where: { organizationId: mainOrg.id }, orderBy: { scheme: 'asc' } });
    expect(identifiers.map((i) => [i.scheme, i.value])).toEqual([
      ['iso6523', '0192:911111111'],
      ['source:kismet', dupOrg.externalId],
    ]);
    expect((await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p-dup' } })).organizationId).toBe(mainOrg.id);
    expect(await db.prisma.consentRecord.count({ where: { organizationId: mainOrg.id } })).toBe(1);
    expect((await client.query('{ organizations(first: 100) { totalCount } }')).data!.organizations.totalCount).toBe(before - 1);
    const node = await client.query('query($id: ID!) { node(id: $id) { ... on Organization { mergedInto { name } } } }', {
      id: encodeGlobalId('Organization', dupOrg.id),
    });
    expect(node.data!.node.mergedInto.name).toBe('Gulrotgården AS');

    // A new record naming the merged org number links to the survivor, not to a new organization.
    const count = await db.prisma.organization.count();
    await client.query(
      UPSERT_PRODUCERS,
      { source: 'vestfold', items: [{ externalId: 'p-new', name: 'Ny gård', kind: 'FARM', municipalityCode: 'NO-3901', orgNumber: '0192:911111111' }] },
      as(keyB),
    );
    expect(await db.prisma.organization.count()).toBe(count);
    expect((await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p-new' } })).organizationId).toBe(mainOrg.id);
  });

  it('publishes an organization created as a side effect of an upsert as its own change, hiding a sole trader’s name and number from others', async () => {
    const r = await client.query(
      UPSERT_PRODUCERS,
      {
        source: 'kismet',
        items: [{ externalId: 'p-sole', name: 'Kari Nordmann', kind: 'FARM', municipalityCode: 'NO-3901', orgNumber: '0192:933333333', naturalPerson: true }],
      },
      as(keyA),
    );
    expect(r.data!.upsertProducers.committed).toBe(true);
    const read = (key?: string) =>
      client.query('{ changes(types: ["Organization"], first: 100) { changes { operation externalId source data } } }', {}, key ? as(key) : {});
    // Its key is random: a sole trader's org number may be their personal identity number.
    const key = (await db.prisma.organization.findFirstOrThrow({ where: { orgNumber: '0192:933333333' } })).externalId;
    expect(key).toMatch(/^org:[0-9a-f-]{36}$/);
    const publicView = (await read()).data!.changes.changes.filter((c: { externalId: string }) => c.externalId === key);
    expect(publicView).toEqual([
      {
        operation: 'CREATE',
        externalId: key,
        source: 'kismet',
        data: { kind: 'PRODUCER_COMPANY', naturalPerson: true, countryCode: 'NO', website: null, sizeClass: null },
      },
    ]);
    const ownView = (await read(keyA)).data!.changes.changes.find((c: { externalId: string }) => c.externalId === key);
    expect(ownView.data).toMatchObject({ name: 'Kari Nordmann', orgNumber: '0192:933333333' });
    // A replay registers nothing new and publishes nothing.
    const last = (await read()).data!.changes.changes.length;
    await client.query(
      UPSERT_PRODUCERS,
      {
        source: 'kismet',
        items: [{ externalId: 'p-sole', name: 'Kari Nordmann', kind: 'FARM', municipalityCode: 'NO-3901', orgNumber: '0192:933333333', naturalPerson: true }],
      },
      as(keyA),
    );
    expect((await read()).data!.changes.changes.length).toBe(last);
  });
});
