import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { createApiKey, createOrganization, createSource } from './keys.js';

const UPSERT_PRODUCERS = `mutation($source: String!, $items: [ProducerInput!]!) {
  upsertProducers(source: $source, items: $items) { committed items { id status errors { message } } }
}`;
const PURGE = `mutation($id: ID!) { purge(id: $id) { records { id recordType erased } consentRecords lastPosition } }`;

// Everything that identifies the person; none of it may survive anywhere after the purge.
const PERSON = {
  name: 'Kari Nordmann',
  orgNumber: '0192:912345678',
  email: 'kari@nordmann.example',
  phone: '+47 912 34 567',
  street: 'Hjemmeveien 7',
  lat: 59.4321,
  lon: 10.4567,
};
const TRACES = [PERSON.name, PERSON.orgNumber, PERSON.email, PERSON.phone, PERSON.street, String(PERSON.lat), String(PERSON.lon)];

describe.each(databaseKinds)('erasing personal data on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let keyA: string;
  let adminA: string;
  let keyB: string;
  let producerId: string;
  let organizationId: string;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  /** Every place a trace of the person could be: tables, change log, exports, DFC, history, feed. */
  async function everything(): Promise<string> {
    const tables = await db.sql.query<{ t: string }>(
      `SELECT concat_ws('|', (SELECT json_agg(p)::text FROM producer p), (SELECT json_agg(o)::text FROM organization o), (SELECT json_agg(c)::text FROM change c),
                       (SELECT json_agg(i)::text FROM organization_identifier i), (SELECT json_agg(r)::text FROM consent_record r), (SELECT json_agg(d)::text FROM delivery d)) AS t`,
    );
    const exports = await Promise.all(['producers', 'organizations'].map(async (k) => (await client.yoga.fetch(`http://localhost/export/${k}.csv`)).text()));
    const dfc = await Promise.all(['enterprises', 'supplied_products'].map(async (k) => (await client.yoga.fetch(`http://localhost/dfc/${k}`)).text()));
    const history = await client.query(
      'query($id: ID!) { node(id: $id) { ... on Producer { name contact { name email phone } street history { operation data } } } }',
      { id: producerId },
      as(keyA),
    );
    const feed = await client.query('{ changes(first: 100) { changes { operation recordType data } } }', {}, as(keyA));
    return [tables[0]!.t, ...exports, ...dfc, JSON.stringify(history.data), JSON.stringify(feed.data)].join('\n');
  }

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const orgA = await createOrganization(db, { name: 'Vestfold matnettverk' });
    const orgB = await createOrganization(db, { name: 'Another partner' });
    await createSource(db, orgA.id, { key: 'hub', name: 'Hub', licence: 'CC-BY-4.0' });
    await createSource(db, orgB.id, { key: 'other', name: 'Other', licence: 'CC-BY-4.0' });
    keyA = (await createApiKey(db, orgA.id, 'sync', ['write', 'read:private'])).key;
    adminA = (await createApiKey(db, orgA.id, 'admin', ['admin'])).key;
    keyB = (await createApiKey(db, orgB.id, 'sync', ['write'])).key;
    client = graphqlClient(db);
    const farm = {
      externalId: 'kari',
      name: PERSON.name,
      kind: 'FARM',
      orgNumber: PERSON.orgNumber,
      naturalPerson: true,
      municipalityCode: 'NO-3901',
      lat: PERSON.lat,
      lon: PERSON.lon,
      street: PERSON.street,
      postalCode: '3185',
      contactName: PERSON.name,
      contactEmail: PERSON.email,
      contactPhone: PERSON.phone,
      contactConsent: true,
      products: [{ category: 'eggs' }],
    };
    const created = await client.query(UPSERT_PRODUCERS, { source: 'hub', items: [farm] }, as(keyA));
    producerId = created.data!.upsertProducers.items[0].id;
    // A second version: the history holds two changes with the person's data.
    await client.query(UPSERT_PRODUCERS, { source: 'hub', items: [{ ...farm, tenderReady: true }] }, as(keyA));
    const org = await db.prisma.organization.findFirstOrThrow({ where: { orgNumber: PERSON.orgNumber } });
    organizationId = encodeGlobalId('Organization', org.id);
    await db.prisma.consentRecord.create({
      data: {
        organizationId: org.id,
        scope: 'EXACT_LOCATION',
        givenBy: PERSON.name,
        givenAt: new Date('2025-03-01'),
        method: 'signed form',
        sourceId: org.sourceId,
        externalId: 'consent-kari',
      },
    });
    await db.prisma.organizationIdentifier.create({ data: { organizationId: org.id, scheme: 'iso6523', value: PERSON.orgNumber, sourceId: org.sourceId } });
    await client.query(
      'mutation($items: [KitchenInput!]!) { upsertKitchens(source: "hub", items: $items) { committed } }',
      { items: [{ externalId: 'k1', name: 'Borre skole', kind: 'SCHOOL', municipalityCode: 'NO-3901', productionType: 'COOKING' }] },
      as(keyA),
    );
    const line = await client.query(
      'mutation($items: [DeliveryInput!]!) { upsertDeliveries(source: "hub", items: $items) { committed items { errors { message } } } }',
      {
        items: [
          {
            externalId: 'd1',
            kitchenExternalId: 'k1',
            producerExternalId: 'kari',
            supplierName: PERSON.name,
            supplierOrgNumber: PERSON.orgNumber,
            originBasis: 'DECLARED',
            category: 'eggs',
            periodStart: '2025-01-01',
            periodEnd: '2025-01-31',
            value: 500,
            currency: 'NOK',
          },
        ],
      },
      as(keyA),
    );
    expect(line.data!.upsertDeliveries.committed).toBe(true);
    await client.query('mutation { createWebhook(url: "https://partner.example/hook") { secret } }', {}, as(adminA));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('refuses callers who may not erase, and organizations that are no person', async () => {
    const other = await client.query(PURGE, { id: organizationId }, as(keyB));
    expect(other.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const anonymous = await client.query(PURGE, { id: organizationId });
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const company = await db.prisma.organization.findFirstOrThrow({ where: { name: 'Vestfold matnettverk' } });
    const notAPerson = await client.query(PURGE, { id: encodeGlobalId('Organization', company.id) }, as(keyA));
    expect(notAPerson.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
    expect(notAPerson.errors![0]!.message).toMatch(/is not a natural person/);
    const kitchen = await client.query(PURGE, { id: encodeGlobalId('Kitchen', 1) }, as(keyA));
    expect(kitchen.errors![0]!.extensions!.code).toBe('INVALID_ID');
    const missing = await client.query(PURGE, { id: encodeGlobalId('Producer', 999999) }, as(keyA));
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    // Before the erasure every trace is there (the test below would prove nothing otherwise).
    const all = await everything();
    for (const trace of TRACES) expect(all).toContain(trace);
  });

  it('erases the person from the records, the history, the change log, exports and DFC, and publishes PURGE changes', async () => {
    const r = await client.query(PURGE, { id: organizationId }, as(keyA));
    expect(r.errors).toBeUndefined();
    const result = r.data!.purge;
    expect(result.consentRecords).toBe(1);
    expect(result.records.map((x: { id: string; recordType: string }) => [x.recordType, x.id])).toEqual([
      ['Organization', organizationId],
      ['Producer', producerId],
    ]);

    const all = await everything();
    for (const trace of TRACES) expect(all, `"${trace}" is still stored somewhere`).not.toContain(trace);

    const producer = await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'kari' } });
    expect([
      producer.name,
      producer.lat,
      producer.lon,
      producer.street,
      producer.contactName,
      producer.contactEmail,
      producer.contactPhone,
      producer.locationPrecision,
    ]).toEqual(['(erased)', null, null, null, null, null, null, 'MUNICIPALITY']);
    expect(producer.postalCode).toBe('3185'); // not personal on its own: kept
    expect(await db.prisma.consentRecord.count()).toBe(0);
    // The line stays (statistics are not personal), without the supplier's name.
    expect((await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'd1' } })).supplierName).toBeNull();

    const feed = await client.query('{ changes(first: 100) { changes { operation recordType position data } } }');
    const purges = feed.data!.changes.changes.filter((c: { operation: string }) => c.operation === 'PURGE');
    expect(purges.map((c: { recordType: string; data: { erased: string[] } }) => [c.recordType, c.data.erased])).toEqual([
      ['Organization', ['name', 'orgNumber', 'municipalityCode', 'consentRecords']],
      ['Producer', ['name', 'orgNumber', 'lat', 'lon', 'street', 'contactName', 'contactEmail', 'contactPhone']],
    ]);
    expect(purges.at(-1).position).toBe(result.lastPosition);
    const queued = await db.prisma.webhookDelivery.count({ where: { changeId: { in: purges.map((c: { position: string }) => BigInt(c.position)) } } });
    expect(queued).toBe(2);
    // The history keeps its entries (the audit), without the erased fields.
    const history = await client.query('query($id: ID!) { node(id: $id) { ... on Producer { history { operation data } } } }', { id: producerId }, as(keyA));
    expect(history.data!.node.history.map((h: { operation: string }) => h.operation)).toEqual(['CREATE', 'UPDATE', 'PURGE']);
    expect(history.data!.node.history[0].data).toMatchObject({ name: '(erased)', kind: 'FARM', municipalityCode: 'NO-3901' });
  });

  it("erases only the contact person of a company's producer", async () => {
    const r = await client.query(
      UPSERT_PRODUCERS,
      {
        source: 'hub',
        items: [
          {
            externalId: 'co',
            name: 'Gulrot AS',
            kind: 'FARM',
            municipalityCode: 'NO-3901',
            lat: 59.4,
            lon: 10.4,
            street: 'Industriveien 1',
            contactName: 'Ola Hansen',
            contactEmail: 'ola@gulrot.example',
            contactConsent: true,
          },
        ],
      },
      as(keyA),
    );
    const id = r.data!.upsertProducers.items[0].id;
    const purged = await client.query(PURGE, { id }, as(keyA));
    expect(purged.data!.purge.records).toEqual([{ id, recordType: 'Producer', erased: ['contactName', 'contactEmail', 'contactPhone'] }]);
    const p = await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'co' } });
    expect([p.name, p.street, p.lat, p.contactName, p.contactEmail]).toEqual(['Gulrot AS', 'Industriveien 1', 59.4, null, null]);
    const all = await everything();
    expect(all).not.toContain('Ola Hansen');
    expect(all).not.toContain('ola@gulrot.example');
    expect(all).toContain('Industriveien 1');
  });
});
