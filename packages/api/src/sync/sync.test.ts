import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { createApiKey, createOrganization, createSource, revokeApiKey } from './keys.js';

const UPSERT_PRODUCERS = `mutation($source: String!, $items: [ProducerInput!]!, $partial: Boolean) {
  upsertProducers(source: $source, items: $items, partial: $partial) {
    committed created updated unchanged failed lastPosition
    items { index externalId status id version notes errors { field code message value } }
  }
}`;
const UPSERT_DELIVERIES = `mutation($source: String!, $items: [DeliveryInput!]!, $partial: Boolean, $dryRun: Boolean) {
  upsertDeliveries(source: $source, items: $items, partial: $partial, dryRun: $dryRun) {
    committed created updated unchanged failed
    items { index externalId status version notes errors { field code message value } }
  }
}`;
const CHANGES = `query($after: String, $first: Int, $types: [String!], $source: String) {
  changes(after: $after, first: $first, types: $types, source: $source) {
    endCursor hasMore
    changes { position operation recordType externalId source version organization { name } apiKeyPrefix data }
  }
}`;

const farm = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  name: `Gård ${externalId}`,
  kind: 'FARM',
  municipalityCode: 'NO-3901',
  lat: 59.42,
  lon: 10.48,
  ...extra,
});

describe.each(databaseKinds)('partner sync on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let keyA: string;
  let keyB: string;
  let adminA: string;
  let readA: string;
  const A = (key = keyA) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const orgA = await createOrganization(db, { name: 'KISMET Södertälje', orgNumber: '0007:2120001173' });
    const orgB = await createOrganization(db, { name: 'Vestfold matnettverk' });
    await createSource(db, orgA.id, { key: 'kismet', name: 'KISMET', licence: 'CC-BY-4.0' });
    await createSource(db, orgB.id, { key: 'vestfold', name: 'Vestfold', licence: 'CC0-1.0' });
    keyA = (await createApiKey(db, orgA.id, 'sync', ['write'])).key;
    readA = (await createApiKey(db, orgA.id, 'reader', ['write', 'read:private'])).key;
    adminA = (await createApiKey(db, orgA.id, 'admin', ['admin'])).key;
    keyB = (await createApiKey(db, orgB.id, 'sync', ['write'])).key;
    client = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores keys hashed, records last use, and refuses unknown and revoked keys', async () => {
    const stored = await db.prisma.apiKey.findMany();
    expect(stored.every((k) => !k.hash.includes(keyA) && k.hash.length === 64)).toBe(true);
    const before = await db.prisma.apiKey.findFirstOrThrow({ where: { name: 'admin' } });
    expect(before.lastUsedAt).toBeNull();
    const listed = await client.query('{ apiKeys { name prefix scopes revokedAt } }', {}, A(adminA));
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.apiKeys.map((k: { name: string }) => k.name)).toEqual(['sync', 'reader', 'admin']);
    await new Promise((r) => setTimeout(r, 50));
    expect((await db.prisma.apiKey.findFirstOrThrow({ where: { name: 'admin' } })).lastUsedAt).not.toBeNull();

    const unknown = await client.query('{ sources { totalCount } }', {}, { authorization: 'Bearer fc_nope' });
    expect(unknown.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors![0]!.message).toBe('Unknown API key.');

    const created = await client.query('mutation { createApiKey(name: "temp", scopes: ["write"]) { key apiKey { prefix } } }', {}, A(adminA));
    const temp = created.data!.createApiKey.key as string;
    expect(temp).toMatch(/^fc_/);
    const revoked = await client.query(
      'mutation($p: String!) { revokeApiKey(prefix: $p) { revokedAt } }',
      { p: created.data!.createApiKey.apiKey.prefix },
      A(adminA),
    );
    expect(revoked.data!.revokeApiKey.revokedAt).toBeTruthy();
    const refused = await client.query(UPSERT_PRODUCERS, { source: 'kismet', items: [farm('x')] }, A(temp));
    expect(refused.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(refused.errors![0]!.message).toMatch(/was revoked on \d{4}-\d\d-\d\d/);
    expect(await db.prisma.producer.count()).toBe(0);

    const noAdmin = await client.query('mutation { createApiKey(name: "x", scopes: ["admin"]) { key } }', {}, A(keyA));
    expect(noAdmin.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    await expect(revokeApiKey(db, 'fc_unknown')).rejects.toThrow(/No API key/);
  });

  it('creates, replays unchanged, updates with a version bump, and maps 2020 municipality codes', async () => {
    const items = [farm('p1', { products: [{ category: 'vegetables.root.potatoes', seasonMonths: [9, 8] }] }), farm('p2', { municipalityCode: 'NO-3801' })];
    const first = await client.query(UPSERT_PRODUCERS, { source: 'kismet', items }, A());
    expect(first.errors).toBeUndefined();
    const r = first.data!.upsertProducers;
    expect([r.committed, r.created, r.updated, r.unchanged, r.failed]).toEqual([true, 2, 0, 0, 0]);
    expect(r.items[1].notes).toEqual(['items[1].municipalityCode: NO-3801 is an older code, mapped to NO-3901.']);

    const replay = (await client.query(UPSERT_PRODUCERS, { source: 'kismet', items }, A())).data!.upsertProducers;
    expect([replay.created, replay.updated, replay.unchanged]).toEqual([0, 0, 2]);
    expect(replay.items.map((i: { version: number }) => i.version)).toEqual([1, 1]);
    expect(replay.lastPosition).toBeNull();

    const changed = (await client.query(UPSERT_PRODUCERS, { source: 'kismet', items: [{ ...items[0], tenderReady: true }] }, A())).data!.upsertProducers;
    expect(changed.items[0]).toMatchObject({ status: 'UPDATED', version: 2 });
    const row = await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p1' }, include: { products: true } });
    expect(row.tenderReady).toBe(true);
    expect(row.products.map((p) => p.seasonMonths)).toEqual([[8, 9]]);
  });

  it('refuses a whole batch with one bad item unless partial, naming field and message', async () => {
    const items = [
      farm('p3'),
      farm('p4', { municipalityCode: 'NO-9999' }),
      farm('p5', { products: [{ category: 'fruit.apples', organic: true }], certifications: [{ scheme: 'MSC' }] }),
      farm('p6', { municipalityCode: 'NO-1507' }),
    ];
    const r = (await client.query(UPSERT_PRODUCERS, { source: 'kismet', items }, A())).data!.upsertProducers;
    expect([r.committed, r.failed]).toEqual([false, 3]);
    expect(r.items.map((i: { status: string }) => i.status)).toEqual(['SKIPPED', 'ERROR', 'ERROR', 'ERROR']);
    expect(r.items[3].errors[0].message).toBe('Municipality NO-1507 (Ålesund) was split into NO-1508 and NO-1580; name the one you mean.');
    expect(r.items[1].errors[0]).toMatchObject({ field: 'items[1].municipalityCode', code: 'UNKNOWN_CODE', value: 'NO-9999' });
    expect(r.items[2].errors[0].field).toBe('items[2].products[0].organic');
    expect(r.items[2].errors[0].message).toMatch(/EU-organic certificate/);
    expect(await db.prisma.producer.count({ where: { externalId: { in: ['p3', 'p4', 'p5'] } } })).toBe(0);

    const partial = (await client.query(UPSERT_PRODUCERS, { source: 'kismet', items, partial: true }, A())).data!.upsertProducers;
    expect([partial.committed, partial.created, partial.failed]).toEqual([true, 1, 3]);
    expect(await db.prisma.producer.count({ where: { externalId: { in: ['p3', 'p4', 'p5'] } } })).toBe(1);
  });

  it("keeps organization A's key away from organization B's source, writing nothing", async () => {
    const before = await db.prisma.change.count();
    const write = await client.query(UPSERT_PRODUCERS, { source: 'vestfold', items: [farm('intruder')] }, A());
    expect(write.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'source' });
    expect(write.errors![0]!.message).toMatch(/belongs to another organization/);
    await client.query(UPSERT_PRODUCERS, { source: 'vestfold', items: [farm('b1')] }, A(keyB));
    const del = await client.query('mutation { deleteRecords(source: "vestfold", type: Producer, externalIds: ["b1"]) { deleted } }', {}, A());
    expect(del.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const anon = await client.query(UPSERT_PRODUCERS, { source: 'kismet', items: [farm('anon')] });
    expect(anon.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(await db.prisma.producer.count({ where: { externalId: { in: ['intruder', 'anon'] } } })).toBe(0);
    expect(await db.prisma.producer.count({ where: { externalId: 'b1', deletedAt: null } })).toBe(1);
    expect(await db.prisma.change.count()).toBe(before + 1); // only B's own write
  });

  it("never shows consent-gated contact data or a sole trader's farm to anonymous callers", async () => {
    const items = [
      farm('sole', {
        orgNumber: '0007:197001011234',
        naturalPerson: true,
        contactName: 'Anna Bonde',
        contactEmail: 'anna@example.se',
        contactConsent: true,
        lat: 59.3,
        lon: 10.4,
      }),
      farm('noconsent', { contactName: 'Per', contactEmail: 'per@example.no' }),
    ];
    const r = (await client.query(UPSERT_PRODUCERS, { source: 'kismet', items }, A())).data!.upsertProducers;
    expect(r.created).toBe(2);
    const q = `{ producers(filter: { search: "Gård " }, first: 50) { nodes { externalId contact { name email } location { lat lon } locationPrecision street } } }`;
    const res = await client.query(q.replace('nodes', 'edges { node').replace('street }', 'street } }'));
    const byId = Object.fromEntries(res.data!.producers.edges.map((e: { node: { externalId: string } }) => [e.node.externalId, e.node]));
    expect(byId.sole.contact).toBeNull();
    expect(byId.sole.locationPrecision).toBe('MUNICIPALITY');
    expect(byId.sole.location.lat).not.toBe(59.3);
    expect(byId.noconsent.contact).toBeNull();
    const feed = (await client.query(CHANGES, { types: ['Producer'], source: 'kismet', first: 100 })).data!.changes.changes;
    const sole = feed.find((c: { externalId: string }) => c.externalId === 'sole');
    expect(sole.data.contactName).toBeUndefined();
    expect(sole.data.lat).toBeUndefined();
    expect(sole.data.orgNumber).toBeUndefined();
    expect(sole.organization.name).toBe('KISMET Södertälje');
    expect(sole.apiKeyPrefix).toBeNull();
    const own = (await client.query(CHANGES, { types: ['Producer'], source: 'kismet', first: 100 }, A())).data!.changes.changes;
    expect(own.find((c: { externalId: string }) => c.externalId === 'sole').data.contactName).toBe('Anna Bonde');
    expect(own.find((c: { externalId: string }) => c.externalId === 'sole').apiKeyPrefix).toBe(keyA.slice(0, 11));
  });

  it('treats a sole trader sent without an org number as a natural person too, with one organization however often it is sent', async () => {
    const item = farm('sole-no-number', { naturalPerson: true, street: 'Hjemmeveien 3', lat: 59.31, lon: 10.41 });
    for (let i = 0; i < 2; i++) expect((await client.query(UPSERT_PRODUCERS, { source: 'kismet', items: [item] }, A())).data!.upsertProducers.failed).toBe(0);
    const res = await client.query(
      `{ producers(filter: { search: "sole-no-number" }) { edges { node { locationPrecision street location { lat } organization { name naturalPerson } } } } }`,
    );
    const seen = await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'sole-no-number' }, include: { organization: true } });
    expect(seen.organization).toMatchObject({ naturalPerson: true, orgNumber: null });
    expect(await db.prisma.organization.count({ where: { externalId: 'person-of:sole-no-number' } })).toBe(1);
    expect(seen.locationPrecision).toBe('MUNICIPALITY');
    expect(seen.publicLat).not.toBe(59.31);
    expect(res.errors).toBeUndefined();
    for (const { node } of res.data!.producers.edges)
      expect(node).toMatchObject({ locationPrecision: 'MUNICIPALITY', street: null, organization: { name: null, naturalPerson: true } });
  });

  it('converts delivery quantities to kg, keeps supplier apart from producer, and refuses bad lines', async () => {
    await client.query(
      `mutation { upsertKitchens(source: "kismet", items: [{ externalId: "k1", name: "Skolan", kind: SCHOOL, municipalityCode: "NO-3901", productionType: COOKING }]) { created } }`,
      {},
      A(),
    );
    const line = (externalId: string, extra: Record<string, unknown> = {}) => ({
      externalId,
      kitchenExternalId: 'k1',
      producerExternalId: 'p1',
      category: 'dairy.milk',
      periodStart: '2025-01-01',
      periodEnd: '2025-01-31',
      quantity: 100,
      unit: 'L',
      value: 1500,
      currency: 'NOK',
      ...extra,
    });
    const ok = await client.query(
      UPSERT_DELIVERIES,
      {
        source: 'kismet',
        items: [
          line('d1'),
          line('d2', { supplierName: 'Grossisten AS', category: 'vegetables.root.potatoes', unit: 'KG', organic: true, certifications: ['DEBIO'] }),
        ],
      },
      A(),
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.upsertDeliveries).toMatchObject({ committed: true, created: 2 });
    const [d1, d2] = await db.prisma.delivery.findMany({ where: { externalId: { in: ['d1', 'd2'] } }, orderBy: { externalId: 'asc' } });
    expect(Number(d1!.quantityKg)).toBe(103); // 100 l milk × 1.03 kg/l
    expect(d1!.originBasis).toBe('DIRECT');
    expect(d1!.supplierProducerId).toBe(d1!.producerId);
    expect(d2!.supplierProducerId).toBeNull();
    expect(d2!.supplierName).toBe('Grossisten AS');
    expect(d2!.producerId).toBe(d1!.producerId);
    expect(d2!.originBasis).toBe('DECLARED');
    expect(d2!.organicBasis).toBe('CERTIFIED_PRODUCT');

    const replay = (await client.query(UPSERT_DELIVERIES, { source: 'kismet', items: [line('d1')] }, A())).data!.upsertDeliveries;
    expect(replay).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    expect(replay.items[0].version).toBeNull();
    expect((await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'd1' } })).version).toBe(1);

    const bad = (
      await client.query(
        UPSERT_DELIVERIES,
        {
          source: 'kismet',
          items: [
            line('d3', { organic: true, certifications: ['MSC'] }),
            line('d4', { periodStart: '2025-01-01', periodEnd: '2025-01-10' }), // overlaps d1
            line('d5', { unit: null }),
            line('d6', { periodStart: '2025-01-15', periodEnd: '2025-02-15', replacesExternalId: 'd1' }),
          ],
        },
        A(),
      )
    ).data!.upsertDeliveries;
    expect(bad.committed).toBe(false);
    expect(bad.items[0].errors[0]).toMatchObject({ field: 'items[0].organic' });
    expect(bad.items[0].errors[0].message).toMatch(/^MSC is not an organic scheme/);
    expect(bad.items[1].errors[0].message).toMatch(/Overlaps stored line "d1"/);
    expect(bad.items[2].errors[0]).toMatchObject({ field: 'items[2].unit' });
    expect(bad.items[3].errors).toEqual([]);
    expect(bad.items[3].status).toBe('SKIPPED');

    const fix = (
      await client.query(
        UPSERT_DELIVERIES,
        { source: 'kismet', items: [line('d6', { periodStart: '2025-01-15', periodEnd: '2025-02-15', replacesExternalId: 'd1' })] },
        A(),
      )
    ).data!.upsertDeliveries;
    expect(fix.created).toBe(1);
    const replaced = await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'd1' } });
    expect(replaced.deletedAt).not.toBeNull();
    const lines = await client.query('{ deliveries(first: 10) { edges { node { externalId } } } }', {}, A(readA));
    expect(lines.data!.deliveries.edges.map((e: { node: { externalId: string } }) => e.node.externalId).sort()).toEqual(['d2', 'd6']);
    const anonFeed = (await client.query(CHANGES, { types: ['Delivery'] })).data!.changes.changes;
    expect(anonFeed.length).toBeGreaterThan(0);
    expect(anonFeed.every((c: { data: unknown }) => c.data === null)).toBe(true);
  });

  it('refuses a direct award for a category an active lot covers, naming the lot', async () => {
    await client.query(
      `mutation { upsertAgreements(source: "kismet", items: [{ externalId: "a1", buyerOrgNumber: "0192:964982953", buyerName: "Horten kommune", title: "Frukt og grønt 2025", noticeReference: "2024-123456", periodStart: "2025-01-01", periodEnd: "2026-12-31", status: ACTIVE, municipalityCodes: ["NO-3901"], lots: [{ externalId: "a1-2", number: "2", title: "Rotgrønnsaker", categories: ["vegetables.root"] }] }]) { created failed items { errors { message } } } }`,
      {},
      A(),
    );
    const demand = (route: string) =>
      client.query(
        `mutation($r: ProcurementRoute!) { upsertDemands(source: "kismet", items: [{ externalId: "dm1", kitchenExternalId: "k1", category: "vegetables.root.potatoes", quantity: 500, unit: KG, periodStart: "2025-09-01", periodEnd: "2025-12-31", procurementRoute: $r }]) { committed items { status errors { field message } } } }`,
        { r: route },
        A(),
      );
    const refused = (await demand('DIRECT_AWARD')).data!.upsertDemands;
    expect(refused.committed).toBe(false);
    expect(refused.items[0].errors[0].field).toBe('items[0].procurementRoute');
    expect(refused.items[0].errors[0].message).toBe(
      'A direct award is not allowed: lot 2 "Rotgrønnsaker" of the active agreement "Frukt og grønt 2025" (2024-123456) covers vegetables.root.potatoes until 2026-12-31; publish it as a CALL_OFF under that lot.',
    );
    expect((await demand('CALL_OFF')).data!.upsertDemands.items[0].status).toBe('CREATED');
  });

  it('soft-deletes, publishes the delete, and shows the history with who made each change', async () => {
    const del = (
      await client.query(
        'mutation { deleteRecords(source: "kismet", type: Producer, externalIds: ["p3"]) { committed deleted items { status version } } }',
        {},
        A(),
      )
    ).data!.deleteRecords;
    expect(del).toMatchObject({ committed: true, deleted: 1 });
    expect(del.items[0].version).toBe(2);
    const again = (
      await client.query(
        'mutation { deleteRecords(source: "kismet", type: Producer, externalIds: ["p3", "missing"]) { committed items { status errors { message } } } }',
        {},
        A(),
      )
    ).data!.deleteRecords;
    expect(again.committed).toBe(false);
    expect(again.items[1].errors[0].message).toBe('No Producer with externalId "missing" in source "kismet".');
    const row = await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p3' } });
    expect(row.deletedAt).not.toBeNull();
    const id = Buffer.from(`Producer:${row.id}`).toString('base64url');
    const hist = await client.query(`{ node(id: "${id}") { ... on Producer { history { operation version organization { name } } } } }`);
    expect(hist.data!.node.history.map((h: { operation: string; version: number }) => [h.operation, h.version])).toEqual([
      ['CREATE', 1],
      ['DELETE', 2],
    ]);
    const p1 = await db.prisma.producer.findFirstOrThrow({ where: { externalId: 'p1' } });
    const h1 = await client.query(
      `{ node(id: "${Buffer.from(`Producer:${p1.id}`).toString('base64url')}") { ... on Producer { history { operation version organization { name } } } } }`,
    );
    expect(h1.data!.node.history).toEqual([
      { operation: 'CREATE', version: 1, organization: { name: 'KISMET Södertälje' } },
      { operation: 'UPDATE', version: 2, organization: { name: 'KISMET Södertälje' } },
    ]);
    // Histories of a page of producers load in one statement, whatever the page size.
    const count = async (first: number) => {
      const before = db.statements.count;
      const r = await client.query(`{ producers(first: ${first}) { edges { node { history { version } } } } }`);
      expect(r.errors).toBeUndefined();
      return db.statements.count - before;
    };
    expect(await count(2)).toBe(await count(8));
    const feed = (await client.query(CHANGES, { types: ['Producer'], source: 'kismet', first: 100 })).data!.changes.changes;
    expect(feed.at(-1)).toMatchObject({ operation: 'DELETE', externalId: 'p3', version: 2, data: null });
  });

  it('reports a key that collides with another record of the source as an item error', async () => {
    const product = [{ externalId: 'shared-product', category: 'eggs' }];
    const r = (
      await client.query(
        UPSERT_PRODUCERS,
        { source: 'kismet', items: [farm('q1', { products: product }), farm('q2', { products: product })], partial: true },
        A(),
      )
    ).data!.upsertProducers;
    expect(r.items.map((i: { status: string }) => i.status)).toEqual(['CREATED', 'ERROR']);
    expect(r.items[1].errors[0]).toMatchObject({ field: 'items[1]', code: 'BAD_USER_INPUT' });
    expect(r.items[1].errors[0].message).toMatch(/^Another record of this source already has this key/);
  });

  it('pages the feed with a cursor and refuses a bad one', async () => {
    const all = (await client.query(CHANGES, { first: 100 })).data!.changes;
    const pages: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { endCursor: string; hasMore: boolean; changes: { position: string }[] } = (await client.query(CHANGES, { after, first: 3 })).data!.changes;
      pages.push(...page.changes.map((c) => c.position));
      after = page.endCursor;
      if (!page.hasMore) break;
    }
    expect(pages).toEqual(all.changes.map((c: { position: string }) => c.position));
    const bad = await client.query(CHANGES, { after: 'abc' });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
