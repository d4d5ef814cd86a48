import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { loadFixture } from '../test/fixture.js';
import { graphqlClient } from '../test/graphql.js';

// Documents as other platforms publish them; fixtures/README.md says where each comes from.
const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const OFN_ENTERPRISES = fixture('ofn-enterprises.json');
const OFN_PRODUCTS = fixture('ofn-supplied-products.json');
const DFC_EXAMPLE = fixture('dfc-standard-example.json');

const IMPORT = `mutation($source: String!, $doc: JSON!, $partial: Boolean) {
  importDfcCatalog(source: $source, document: $doc, partial: $partial) {
    notes
    result { committed created updated unchanged failed items { externalId status errors { field message value } } }
  }
}`;

type ImportResult = {
  importDfcCatalog: {
    notes: string[];
    result: {
      committed: boolean;
      created: number;
      updated: number;
      unchanged: number;
      failed: number;
      items: { externalId: string; status: string; errors: { field: string; message: string; value: string | null }[] }[];
    };
  };
};

/** A catalogue of one enterprise in Oslo with the given address properties and products. */
const catalogue = (id: string, address: Record<string, unknown>, products: Record<string, unknown>[] = []) => ({
  '@context': 'https://www.datafoodconsortium.org',
  '@graph': [
    {
      '@id': `https://partner.example/enterprises/${id}`,
      '@type': 'dfc-b:Enterprise',
      'dfc-b:name': `Farm ${id}`,
      'dfc-b:hasAddress': { '@type': 'dfc-b:Address', 'dfc-b:hasCity': 'Oslo', ...address },
      'dfc-b:supplies': products.map((p) => p['@id']),
    },
    ...products,
  ],
});

describe.each(databaseKinds)('DFC catalogues written by other platforms, on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let auth: Record<string, string>;
  const run = async (source: string, doc: unknown, partial = false) => {
    const r = await client.query<ImportResult>(IMPORT, { source, doc, partial }, auth);
    expect(r.errors).toBeUndefined();
    return r.data!.importDfcCatalog;
  };

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Food hub' });
    for (const key of ['ofn', 'array', 'standard', 'countries', 'types', 'contacts']) await createSource(db, org.id, { key, name: key, licence: 'CC-BY-4.0' });
    auth = { authorization: `Bearer ${(await createApiKey(db, org.id, 'k', ['write'])).key}` };
    client = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("imports Open Food Network's documented /api/dfc/enterprises response: countries as EU authority URIs, contacts kept but not published", async () => {
    const r = await run('ofn', OFN_ENTERPRISES);
    expect(r.result).toMatchObject({ committed: true, created: 2, failed: 0 });
    expect(r.notes).toEqual([
      'http://test.host/api/dfc/enterprises/10000: contact (name, e-mail, phone) kept, not published until consent is recorded.',
      'No dfc-b:hasType; products left out: http://test.host/api/dfc/enterprises/10000/supplied_products/10001 ("Apple - 1g").',
      'Country AU (Australia) was added to the reference data.',
    ]);
    const farm = await db.prisma.producer.findFirstOrThrow({ where: { source: { key: 'ofn' }, externalId: 'http://test.host/api/dfc/enterprises/10000' } });
    expect([farm.name, farm.countryCode, farm.city, farm.postalCode, farm.lat, farm.lon, farm.website]).toEqual([
      "Fred's Farm",
      'AU',
      'Herndon',
      '20170',
      -25.345376,
      131.0312006,
      'https://openfoodnetwork.org',
    ]);
    expect([farm.contactName, farm.contactEmail, farm.contactPhone, farm.contactConsent]).toEqual([
      'Fred Farmer',
      'hello@example.org',
      '0404 444 000 200',
      false,
    ]);
    const icecream = await db.prisma.producer.findFirstOrThrow({ where: { source: { key: 'ofn' }, externalId: 'http://test.host/api/dfc/enterprises/10001' } });
    expect([icecream.name, icecream.countryCode, icecream.contactName, icecream.lat]).toEqual(["Fred's Icecream", 'AU', null, null]);

    // Nothing of the contact is public: not over GraphQL, not in the DFC export.
    const publicView = await client.query(`{ producers(filter: { search: "Fred's Farm" }) { edges { node { name contact { name email phone } } } } }`);
    expect(publicView.errors).toBeUndefined();
    expect(publicView.data!.producers.edges).toEqual([{ node: { name: "Fred's Farm", contact: null } }]);
    const exported = await (await client.yoga.fetch('http://localhost/dfc/enterprises')).text();
    expect(exported).not.toMatch(/Fred Farmer|hello@example\.org|0404 444/);
    expect(exported).toContain('"dfc-b:hasCountry":"http://publications.europa.eu/resource/authority/country/AUS"');

    const again = await run('ofn', OFN_ENTERPRISES);
    expect(again.result).toMatchObject({ committed: true, created: 0, unchanged: 2 });
  });

  it('reads a catalogue published as an array of documents, each with its own @context and @graph', async () => {
    const r = await run('array', [OFN_ENTERPRISES, OFN_PRODUCTS]);
    expect(r.result).toMatchObject({ committed: true, created: 2 });
    expect(r.notes.filter((n) => n.includes('left out'))).toEqual([]);
    const farm = await db.prisma.producer.findFirstOrThrow({
      where: { source: { key: 'array' }, externalId: 'http://test.host/api/dfc/enterprises/10000' },
      include: { products: true },
    });
    // The product's type comes from the second document.
    expect(farm.products.map((p) => [p.externalId, p.categoryCode])).toEqual([
      ['http://test.host/api/dfc/enterprises/10000/supplied_products/10001', 'vegetables.processed'],
    ]);
  });

  it("refuses the DFC standard's example enterprise, naming what it lacks, and writes the rest with partial", async () => {
    const alone = await run('standard', DFC_EXAMPLE);
    expect(alone.result).toMatchObject({ committed: false, created: 0, failed: 1 });
    expect(alone.result.items).toEqual([
      {
        externalId: 'http://maplateformenationale/entreprise/entrepriseId',
        status: 'ERROR',
        errors: [
          { field: 'dfc-b:name', message: 'dfc-b:name is missing: a producer needs a name.', value: null },
          { field: 'dfc-b:hasAddress', message: 'No dfc-b:Address: its dfc-b:hasCountry is required.', value: null },
        ],
      },
    ]);

    // Without partial a refusal keeps the catalogue out; with it, the others are written.
    const mixed = [DFC_EXAMPLE, OFN_ENTERPRISES];
    const strict = await run('standard', mixed);
    expect(strict.result).toMatchObject({ committed: false, created: 0, failed: 1 });
    expect(strict.result.items.map((i) => i.status)).toEqual(['ERROR', 'SKIPPED', 'SKIPPED']);
    expect(await db.prisma.producer.count({ where: { source: { key: 'standard' } } })).toBe(0);
    const partial = await run('standard', mixed, true);
    expect(partial.result).toMatchObject({ committed: true, created: 2, failed: 1 });
    expect(await db.prisma.producer.count({ where: { source: { key: 'standard' } } })).toBe(2);
  });

  it('reads countries as EU authority URIs (alpha-3), ISO alpha-2 and alpha-3 codes and names, and refuses others naming the value', async () => {
    const forms = [
      ['can', { 'dfc-b:hasCountry': 'http://publications.europa.eu/resource/authority/country/CAN' }, 'CA'],
      ['fra', { 'dfc-b:hasCountry': { '@id': 'https://publications.europa.eu/resource/authority/country/FRA' } }, 'FR'],
      ['gbr', { 'dfc-b:hasCountry': 'GBR' }, 'GB'],
      ['no', { 'dfc-b:hasCountry': 'NO' }, 'NO'],
      ['usa', { 'dfc-b:hasCountry': 'United States of America' }, 'US'],
      ['se', { 'dfc-b:country': 'Sverige' }, 'SE'],
    ] as const;
    const r = await run(
      'countries',
      forms.map(([id, address]) => catalogue(id, address)),
    );
    expect(r.result).toMatchObject({ committed: true, created: forms.length });
    const rows = await db.prisma.producer.findMany({ where: { source: { key: 'countries' } }, select: { externalId: true, countryCode: true } });
    expect(Object.fromEntries(rows.map((p) => [p.externalId.split('/').pop(), p.countryCode]))).toEqual(
      Object.fromEntries(forms.map(([id, , code]) => [id, code])),
    );
    expect(r.notes).toEqual(
      expect.arrayContaining(['Country CA (Canada) was added to the reference data.', 'Country US (United States) was added to the reference data.']),
    );
    const canada = await db.prisma.country.findUniqueOrThrow({ where: { code: 'CA' } });
    expect(canada.names).toEqual({ en: 'Canada' });

    const long = `http://publications.europa.eu/resource/authority/country/${'X'.repeat(100)}`;
    const bad = await run('countries', [
      catalogue('narnia', { 'dfc-b:hasCountry': 'Narnia' }),
      catalogue('long', { 'dfc-b:hasCountry': long }),
      catalogue('none', {}),
      catalogue('lat', { 'dfc-b:hasCountry': 'NOR', 'dfc-b:latitude': 'north', 'dfc-b:longitude': 10 }),
    ]);
    expect(bad.result).toMatchObject({ committed: false, failed: 4 });
    const errors = bad.result.items.map((i) => i.errors.map((e) => [e.field, e.value]));
    expect(errors).toEqual([
      [['dfc-b:hasCountry', 'Narnia']],
      [['dfc-b:hasCountry', `${long.slice(0, 79)}…`]],
      [['dfc-b:hasCountry', null]],
      [['dfc-b:latitude', 'north']],
    ]);
    expect(bad.result.items[0]!.errors[0]!.message).toMatch(/EU authority URI/);
  });

  it('files every top-level DFC product type and common children, and lists the types it cannot file with the products affected', async () => {
    const types = {
      bakery: 'dfc-pt:bakery',
      bread: 'https://github.com/datafoodconsortium/taxonomies/releases/latest/download/productTypes.rdf#bread',
      cheese: 'http://static.datafoodconsortium.org/data/productTypes.rdf#goat-mature-cheese',
      dairy: 'dfc-pt:dairy-product',
      drink: 'dfc-pt:drink',
      juice: 'dfc-pt:fruit-juice',
      frozen: 'dfc-pt:frozen',
      fruit: 'dfc-pt:fruit',
      grocery: 'dfc-pt:local-grocery-store',
      meat: 'dfc-pt:meat-product',
      fishery: 'dfc-pt:fishery-product',
      vegetable: 'dfc-pt:vegetable',
      kale: 'dfc-pt:kale',
      soap: 'dfc-pt:cosmetic',
      flowers: 'dfc-pt:flower',
      moon: 'dfc-pt:drink-of-the-moon',
    };
    const products = Object.entries(types).map(([id, type]) => ({
      '@id': `https://partner.example/products/${id}`,
      '@type': 'dfc-b:SuppliedProduct',
      'dfc-b:name': id,
      'dfc-b:hasType': type,
    }));
    const r = await run('types', catalogue('mixed', { 'dfc-b:hasCountry': 'NOR' }, products));
    expect(r.result).toMatchObject({ committed: true, created: 1 });
    const farm = await db.prisma.producer.findFirstOrThrow({ where: { source: { key: 'types' } }, include: { products: { orderBy: { id: 'asc' } } } });
    expect(Object.fromEntries(farm.products.map((p) => [p.name, p.categoryCode]))).toEqual({
      bakery: 'cereals',
      bread: 'cereals.bread',
      cheese: 'dairy.cheese',
      dairy: 'dairy',
      drink: 'other',
      juice: 'drinks.juice',
      frozen: 'other',
      fruit: 'fruit',
      grocery: 'other',
      meat: 'meat',
      fishery: 'fish',
      vegetable: 'vegetables',
      kale: 'vegetables.cabbages',
    });
    expect(r.notes).toEqual([
      'dfc-b:hasType dfc-pt:cosmetic (not food) maps to no category; products left out: https://partner.example/products/soap ("soap").',
      'dfc-b:hasType dfc-pt:flower (not food) maps to no category; products left out: https://partner.example/products/flowers ("flowers").',
      'dfc-b:hasType dfc-pt:drink-of-the-moon maps to no category; products left out: https://partner.example/products/moon ("moon").',
    ]);
  });

  it('keeps a recorded consent while the contact stays the same, and asks again when it changes', async () => {
    const doc = (email: string) => ({
      '@context': 'https://www.datafoodconsortium.org',
      '@graph': [
        {
          '@id': 'https://partner.example/enterprises/c1',
          '@type': 'dfc-b:Enterprise',
          'dfc-b:name': 'Contact farm',
          'dfc-b:email': email,
          'dfc-b:hasMainContact': {
            '@type': 'dfc-b:Person',
            'dfc-b:firstName': 'Kari',
            'dfc-b:familyName': 'Nordmann',
            'dfc-b:hasPhoneNumber': { '@type': 'dfc-b:PhoneNumber', 'dfc-b:countryCode': '47', 'dfc-b:phoneNumber': '22 33 44 55' },
          },
          'dfc-b:hasAddress': { '@type': 'dfc-b:Address', 'dfc-b:hasCountry': 'http://publications.europa.eu/resource/authority/country/NOR' },
        },
      ],
    });
    const first = await run('contacts', doc('kari@example.org'));
    expect(first.notes).toEqual(['https://partner.example/enterprises/c1: contact (name, e-mail, phone) kept, not published until consent is recorded.']);
    const where = { source: { key: 'contacts' }, externalId: 'https://partner.example/enterprises/c1' };
    expect(await db.prisma.producer.findFirstOrThrow({ where, select: { contactName: true, contactPhone: true, contactConsent: true } })).toEqual({
      contactName: 'Kari Nordmann',
      contactPhone: '+47 22 33 44 55',
      contactConsent: false,
    });
    await db.prisma.producer.updateMany({ where, data: { contactConsent: true } }); // consent recorded

    const same = await run('contacts', doc('kari@example.org'));
    expect(same.notes).toEqual([]);
    expect((await db.prisma.producer.findFirstOrThrow({ where })).contactConsent).toBe(true);
    const changed = await run('contacts', doc('someone.else@example.org'));
    expect(changed.result).toMatchObject({ updated: 1 });
    expect(changed.notes).toEqual(['https://partner.example/enterprises/c1: contact (name, e-mail, phone) kept, not published until consent is recorded.']);
    expect((await db.prisma.producer.findFirstOrThrow({ where })).contactConsent).toBe(false);
  });
});

describe.each(databaseKinds)('DFC round trip between two instances, on %s', (kind) => {
  let from: Database;
  let to: Database;
  beforeAll(async () => {
    from = await migratedDatabase(kind);
    await loadFixture(from);
    to = await migratedDatabase(kind);
    await loadReferenceData(to);
  });
  afterAll(async () => {
    await from?.close();
    await to?.close();
  });

  it('exports from one instance and imports into a fresh one: same producers, products, countries and published locations', async () => {
    const source = graphqlClient(from);
    const get = async (path: string) => (await (await source.yoga.fetch(`http://localhost${path}`)).json()) as Record<string, unknown>;
    // Published as two documents, each with its own @context and @graph.
    const catalogue = [await get('/dfc/enterprises?limit=500'), await get('/dfc/supplied_products?limit=500')];

    const org = await createOrganization(to, { name: 'Mirror' });
    await createSource(to, org.id, { key: 'mirror', name: 'Mirror', licence: 'CC-BY-4.0' });
    const key = (await createApiKey(to, org.id, 'k', ['write'])).key;
    const r = await graphqlClient(to).query<ImportResult>(IMPORT, { source: 'mirror', doc: catalogue }, { authorization: `Bearer ${key}` });
    expect(r.errors).toBeUndefined();
    const published = await from.prisma.producer.findMany({
      where: { deletedAt: null, mergedIntoId: null, source: { exportable: true } },
      include: { products: { where: { deletedAt: null } } },
      orderBy: { id: 'asc' },
    });
    expect(published.length).toBeGreaterThan(3);
    expect(r.data!.importDfcCatalog.result).toMatchObject({ committed: true, created: published.length, failed: 0 });
    expect(r.data!.importDfcCatalog.notes).toEqual([]);

    const shape = (p: (typeof published)[number], lat: number | null, lon: number | null) => ({
      name: p.name,
      country: p.countryCode,
      lat,
      lon,
      city: p.city,
      products: p.products.map((x) => [x.name ?? x.categoryCode, x.categoryCode]).sort(),
    });
    const mirrored = await to.prisma.producer.findMany({ include: { products: true } });
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    // What another instance gets is the public view: a sole trader's location at municipality level.
    expect(mirrored.map((p) => shape(p, p.publicLat, p.publicLon)).sort(byName)).toEqual(published.map((p) => shape(p, p.publicLat, p.publicLon)).sort(byName));
    const sole = published.find((p) => p.locationPrecision !== 'EXACT')!;
    const soleMirror = mirrored.find((p) => p.name === sole.name)!;
    expect([soleMirror.lat, soleMirror.street]).toEqual([sole.publicLat, null]);
    expect(soleMirror.lat).not.toBe(sole.lat);
  });
});
