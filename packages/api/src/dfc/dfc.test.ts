import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';

// Shaped like Open Food Network's DFC catalogue output (enterprise, address, catalog item, supplied products, offer).
const OFN_CATALOG = {
  '@context': 'https://www.datafoodconsortium.org',
  '@graph': [
    { '@id': 'https://ofn.example/api/dfc/persons/12345', '@type': 'dfc-b:Person', 'dfc-b:affiliates': 'https://ofn.example/api/dfc/enterprises/10000' },
    {
      '@id': 'https://ofn.example/api/dfc/enterprises/10000',
      '@type': 'dfc-b:Enterprise',
      'dfc-b:hasAddress': 'https://ofn.example/api/dfc/addresses/40000',
      'dfc-b:name': "Fred's Farm",
      'dfc-b:hasDescription': 'Beautiful',
      'dfc-b:manages': 'https://ofn.example/api/dfc/enterprises/10000/catalog_items/10001',
      'dfc-b:supplies': [
        'https://ofn.example/api/dfc/enterprises/10000/supplied_products/10001',
        'https://ofn.example/api/dfc/enterprises/10000/supplied_products/10002',
      ],
      'ofn:long_description': '<p>Hello, world!</p>',
    },
    {
      '@id': 'https://ofn.example/api/dfc/addresses/40000',
      '@type': 'dfc-b:Address',
      'dfc-b:hasStreet': '42 Doveton Street',
      'dfc-b:hasPostalCode': '3350',
      'dfc-b:hasCity': 'Ballarat',
      'dfc-b:hasCountry': 'Australia',
      'dfc-b:latitude': -37.56,
      'dfc-b:longitude': 143.85,
    },
    {
      '@id': 'https://ofn.example/api/dfc/enterprises/10000/catalog_items/10001',
      '@type': 'dfc-b:CatalogItem',
      'dfc-b:references': 'https://ofn.example/api/dfc/enterprises/10000/supplied_products/10001',
      'dfc-b:sku': 'AR',
      'dfc-b:offeredThrough': 'https://ofn.example/api/dfc/enterprises/10000/offers/10001',
    },
    {
      '@id': 'https://ofn.example/api/dfc/enterprises/10000/supplied_products/10001',
      '@type': 'dfc-b:SuppliedProduct',
      'dfc-b:name': 'Potatoes - 1kg',
      'dfc-b:description': 'Floury',
      'dfc-b:hasType': 'dfc-pt:potato',
      'dfc-b:hasQuantity': { '@type': 'dfc-b:QuantitativeValue', 'dfc-b:hasUnit': 'dfc-m:Kilogram', 'dfc-b:value': 1 },
      'dfc-b:totalTheoreticalStock': 0,
    },
    {
      '@id': 'https://ofn.example/api/dfc/enterprises/10000/supplied_products/10002',
      '@type': 'dfc-b:SuppliedProduct',
      'dfc-b:name': 'Pesto',
      'dfc-b:hasType': 'dfc-pt:drink-of-the-moon',
    },
    { '@id': 'https://ofn.example/api/dfc/enterprises/10000/offers/10001', '@type': 'dfc-b:Offer', 'dfc-b:hasPrice': 19.99 },
  ],
};

describe.each(databaseKinds)('DFC JSON-LD on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let key: string;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Food hub' });
    await createSource(db, org.id, { key: 'ofn', name: 'OFN catalogue', licence: 'CC-BY-4.0' });
    key = (await createApiKey(db, org.id, 'k', ['write'])).key;
    client = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  const IMPORT = `mutation($doc: JSON!) { importDfcCatalog(source: "ofn", document: $doc) { notes result { committed created unchanged items { status errors { field message } } } } }`;

  it('imports an Open Food Network catalogue: a producer abroad with its country and no municipality, products by DFC type', async () => {
    const r = await client.query(IMPORT, { doc: OFN_CATALOG }, { authorization: `Bearer ${key}` });
    expect(r.errors).toBeUndefined();
    expect(r.data!.importDfcCatalog.result).toMatchObject({ committed: true, created: 1 });
    expect(r.data!.importDfcCatalog.notes).toEqual([
      'dfc-b:hasType dfc-pt:drink-of-the-moon maps to no category; products left out: https://ofn.example/api/dfc/enterprises/10000/supplied_products/10002 ("Pesto").',
      'Country AU (Australia) was added to the reference data.',
    ]);
    const p = await db.prisma.producer.findFirstOrThrow({
      where: { externalId: 'https://ofn.example/api/dfc/enterprises/10000' },
      include: { products: true },
    });
    expect([p.name, p.countryCode, p.municipalityCode, p.city, p.lat]).toEqual(["Fred's Farm", 'AU', null, 'Ballarat', -37.56]);
    expect(p.products.map((x) => [x.categoryCode, x.name])).toEqual([['vegetables.root.potatoes', 'Potatoes - 1kg']]);
    const again = await client.query(IMPORT, { doc: OFN_CATALOG }, { authorization: `Bearer ${key}` });
    expect(again.data!.importDfcCatalog.result).toMatchObject({ committed: true, created: 0, unchanged: 1 });
  });

  it('exports enterprises and supplied products as DFC JSON-LD that imports back', async () => {
    const enterprises = await client.yoga.fetch('http://localhost/dfc/enterprises');
    expect(enterprises.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const doc = (await enterprises.json()) as { '@context': Record<string, unknown>; '@graph': Record<string, unknown>[] };
    expect(doc['@context']['dfc-b']).toBe('https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#');
    const farm = doc['@graph'].find((n) => n['dfc-b:name'] === "Fred's Farm")!;
    expect(farm['@type']).toBe('dfc-b:Enterprise');
    const products = (await (await client.yoga.fetch('http://localhost/dfc/supplied_products')).json()) as { '@graph': Record<string, unknown>[] };
    const potato = products['@graph'].find((n) => n['@id'] === (farm['dfc-b:supplies'] as string[])[0])!;
    expect(potato).toMatchObject({ '@type': 'dfc-b:SuppliedProduct', 'dfc-b:hasType': 'dfc-pt:potato', 'dfc-b:name': 'Potatoes - 1kg' });

    // Our own export is a catalogue another instance can import.
    const roundTrip = { '@context': doc['@context'], '@graph': [...doc['@graph'], ...products['@graph']] };
    const org2 = await createOrganization(db, { name: 'Mirror' });
    await createSource(db, org2.id, { key: 'mirror', name: 'Mirror', licence: 'CC-BY-4.0' });
    const key2 = (await createApiKey(db, org2.id, 'k', ['write'])).key;
    const r = await client.query(IMPORT.replace('"ofn"', '"mirror"'), { doc: roundTrip }, { authorization: `Bearer ${key2}` });
    expect(r.data!.importDfcCatalog.result).toMatchObject({ committed: true, created: 1 });
    const mirrored = await db.prisma.producer.findFirstOrThrow({ where: { source: { key: 'mirror' } }, include: { products: true } });
    expect([mirrored.name, mirrored.countryCode, mirrored.products.map((x) => x.categoryCode)]).toEqual(["Fred's Farm", 'AU', ['vegetables.root.potatoes']]);

    const bad = await client.yoga.fetch('http://localhost/dfc/enterprises?municipality=oslo');
    expect(bad.status).toBe(400);
  });

  it('pages the export: every enterprise and product exactly once by following the next links, and refuses bad page arguments', async () => {
    const source = await db.prisma.source.findUniqueOrThrow({ where: { key: 'ofn' } });
    for (let i = 0; i < 7; i++) {
      await db.prisma.producer.create({
        data: {
          sourceId: source.id,
          externalId: `paged-${i}`,
          name: `Paged farm ${i}`,
          kind: 'FARM',
          countryCode: 'NO',
          municipalityCode: 'NO-3901',
          products: {
            create: [
              { sourceId: source.id, externalId: `paged-${i}/a`, categoryCode: 'eggs' },
              { sourceId: source.id, externalId: `paged-${i}/b`, categoryCode: 'dairy.milk' },
            ],
          },
        },
      });
    }
    const expectedEnterprises = await db.prisma.producer.count({ where: { deletedAt: null, mergedIntoId: null, source: { exportable: true } } });
    const expectedProducts = await db.prisma.producerProduct.count({
      where: { deletedAt: null, producer: { deletedAt: null, mergedIntoId: null, source: { exportable: true } } },
    });
    const follow = async (kind: string, type: string) => {
      const seen: string[] = [];
      let url: string | null = `http://localhost/dfc/${kind}?limit=3`;
      let pages = 0;
      while (url) {
        const response = await client.yoga.fetch(url);
        const doc = (await response.json()) as { '@graph': Record<string, unknown>[]; 'hydra:view': { 'hydra:next'?: string } };
        const nodes = doc['@graph'].filter((n) => n['@type'] === type);
        expect(nodes.length).toBeLessThanOrEqual(3);
        seen.push(...nodes.map((n) => n['@id'] as string));
        const next = doc['hydra:view']['hydra:next'] ?? null;
        expect(response.headers.get('link')).toBe(next ? `<${next}>; rel="next"` : null);
        url = next;
        pages++;
      }
      return { seen, pages };
    };
    const enterprises = await follow('enterprises', 'dfc-b:Enterprise');
    expect(enterprises.seen.length).toBe(expectedEnterprises);
    expect(new Set(enterprises.seen).size).toBe(expectedEnterprises);
    expect(enterprises.pages).toBe(Math.ceil(expectedEnterprises / 3));
    const products = await follow('supplied_products', 'dfc-b:SuppliedProduct');
    expect(products.seen.length).toBe(expectedProducts);
    expect(new Set(products.seen).size).toBe(expectedProducts);

    // Without a limit a page holds at most the default; the maximum is enforced, not cut silently.
    expect((await client.yoga.fetch('http://localhost/dfc/enterprises?limit=501')).status).toBe(400);
    expect((await client.yoga.fetch('http://localhost/dfc/enterprises?limit=0')).status).toBe(400);
    const badCursor = await client.yoga.fetch('http://localhost/dfc/enterprises?after=abc');
    expect(badCursor.status).toBe(400);
    expect(((await badCursor.json()) as { error: { code: string; message: string; field: string } }).error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
      message: expect.stringMatching(/not a page cursor/),
    });
  });
});
