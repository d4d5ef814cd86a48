import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { importCsv } from '../imports/import.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';

const bytesOf = (s: string) => () =>
  (async function* () {
    yield new TextEncoder().encode(s);
  })();

/**
 * A Danish partner's files: kitchens in Turku, København and Odense, producers near Tartu, in
 * Finland, Denmark and Germany (each with its country's org number), and one delivery file with
 * DKK lines for the Danish kommuner, EUR lines for the Finnish kunta and a PLN line from Poland.
 */
const KITCHENS = `external_id,name,kind,municipality_code,production_type,meals_per_day
k-turku,Puolalanmäen koulu,school,FI-853,cooking,400
k-kbh,Nørrebro Skole,school,DK-101,cooking,500
k-odense,Plejecenter Fyn,elderly_care,DK-461,cooking,120
`;
const PRODUCERS = `external_id;name;kind;org_number;municipality_code;categories;certifications;tender_ready
p-tartu;Tartu Köögivili OÜ;farm;0191:10137025;EE-0796;vegetables.root.carrots;EU_ORGANIC:EE-ÖKO-01;true
p-fi;Varsinais-Suomen Juurekset Oy;farm;0037:0112038-9;FI-853;vegetables.root.potatoes;LUOMU:FI-EVI-1;true
p-dk;Fynsk Mejeri ApS;dairy;0184:DK12345674;DK-461;dairy.milk;OE_MAERKET:DK-ØKO-100;true
p-de;Berliner Biohof GmbH;farm;9930:136695976;DE-11000;fruit.apples;BIO_SIEGEL:DE-ÖKO-006;false
`;
const DELIVERIES = `external_id,kitchen_external_id,producer_external_id,supplier_name,category,period_start,period_end,quantity,unit,value,currency,organic,certifications,origin_country,agreement_reference
d1,k-kbh,p-dk,,dairy.milk,2024-03-01,2024-03-31,1000,l,7460,DKK,true,OE_MAERKET,,
d2,k-kbh,,Grossisten A/S,vegetables.root.carrots,2024-03-01,2024-03-31,500,kg,2984,DKK,false,,DK,
d3,k-odense,p-de,Frugt-Import ApS,fruit.apples,2024-04-01,2024-04-30,300,kg,3730,DKK,true,BIO_SIEGEL,,
d4,k-odense,,Zakłady Mleczarskie,dairy.milk,2024-04-01,2024-04-30,200,l,862,PLN,false,,PL,
d5,k-turku,p-tartu,,vegetables.root.carrots,2024-03-01,2024-03-31,400,kg,600,EUR,true,EU_ORGANIC,,
d6,k-turku,p-fi,,vegetables.root.potatoes,2024-03-01,2024-03-31,900,kg,900,EUR,true,LUOMU,,
d7,k-turku,,Tukku Oy,dairy.milk,2024-04-01,2024-04-30,1500,l,1500,EUR,false,,FI,
`;

const ROW = 'country region { code } currency total organic lines unconvertedLines exchangeRates { currency year rate }';

describe.each(databaseKinds)('country rules for Finland, Denmark, Estonia, Lithuania and Germany on %s', (kind) => {
  let db: Database;
  let key: string;
  let viewer: Viewer;
  let api: ReturnType<typeof graphqlClient>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const org = await createOrganization(db, { name: 'Madfællesskabet', orgNumber: '0184:DK24256790' });
    expect(org.orgNumber).toBe('0184:24256790');
    const source = await createSource(db, org.id, { key: 'madfaellesskabet', name: 'Madfællesskabet', licence: 'CC-BY-4.0' });
    const created = await createApiKey(db, org.id, 'files', ['write', 'read:private']);
    key = created.key;
    viewer = { organizationId: org.id, apiKeyId: created.record.id, scopes: ['write', 'read:private'] };
    api = graphqlClient(db);
    for (const [kind, csv] of [
      ['kitchens', KITCHENS],
      ['producers', PRODUCERS],
      ['deliveries', DELIVERIES],
    ] as const) {
      const report = await importCsv(db, viewer, bytesOf(csv), { kind, source: 'madfaellesskabet' });
      expect(report.errors, kind).toEqual([]);
      expect(report.committed).toBe(true);
    }
    // 2024 annual rates, units per euro, as the rate observations of the reference indicators.
    for (const [currency, value] of [
      ['dkk', 7.46],
      ['pln', 4.31],
    ] as const) {
      const indicator = await db.prisma.indicator.findUniqueOrThrow({ where: { key: `exchange_rate_eur_${currency}` } });
      await db.prisma.observation.create({
        data: { sourceId: source.id, externalId: `rate-${currency}-2024`, indicatorId: indicator.id, date: new Date('2024-01-01'), periodType: 'YEAR', value },
      });
    }
  });
  afterAll(() => db?.close());

  const stats = async (args: string) => {
    const result = await api.query(`{ deliveryStats(${args}) { rows { ${ROW} } } }`, undefined, { authorization: `Bearer ${key}` });
    expect(result.errors).toBeUndefined();
    type Row = Record<string, any>;
    return (result.data!.deliveryStats.rows as Row[]).map((r): Row => ({ ...r, region: r.region?.code ?? null }));
  };

  it('lands the kitchen in Turku, the producer near Tartu and the Danish file in their municipalities', async () => {
    const kitchens = await db.prisma.kitchen.findMany({ orderBy: { externalId: 'asc' }, select: { externalId: true, municipalityCode: true } });
    expect(kitchens).toEqual([
      { externalId: 'k-kbh', municipalityCode: 'DK-101' },
      { externalId: 'k-odense', municipalityCode: 'DK-461' },
      { externalId: 'k-turku', municipalityCode: 'FI-853' },
    ]);
    const producers = await db.prisma.producer.findMany({
      orderBy: { externalId: 'asc' },
      select: { externalId: true, municipalityCode: true, countryCode: true, organization: { select: { orgNumber: true, countryCode: true } } },
    });
    expect(producers.map((p) => [p.externalId, p.municipalityCode, p.countryCode, p.organization?.orgNumber, p.organization?.countryCode])).toEqual([
      ['p-de', 'DE-11000', 'DE', '9930:DE136695976', 'DE'],
      // 2·1+7·2+6·3+5·4+4·5+3·6+2·7+1·4 = 110 = 10 · 11; given as "DK12345674".
      ['p-dk', 'DK-461', 'DK', '0184:12345674', 'DK'],
      ['p-fi', 'FI-853', 'FI', '0037:01120389', 'FI'],
      ['p-tartu', 'EE-0796', 'EE', '0191:10137025', 'EE'],
    ]);
    const lines = await db.prisma.delivery.findMany({ orderBy: { externalId: 'asc' }, select: { municipalityCode: true, currency: true } });
    expect(lines.map((l) => `${l.municipalityCode} ${l.currency}`)).toEqual([
      'DK-101 DKK',
      'DK-101 DKK',
      'DK-461 DKK',
      'DK-461 PLN',
      'FI-853 EUR',
      'FI-853 EUR',
      'FI-853 EUR',
    ]);
  });

  it('counts Bio-Siegel, Ø-mærket, Luomu and the EU logo as organic', async () => {
    const rows = await stats('groupBy: [COUNTRY]');
    // DK in DKK: 7460 + 2984 + 3730, organic d1 (Ø-mærket) + d3 (Bio-Siegel) = 11190. FI in EUR:
    // 600 + 900 + 1500, organic d5 (EU logo, Estonia) + d6 (Luomu) = 1500.
    expect(rows.map((r) => [r.country, r.currency, r.total, r.organic, r.lines])).toEqual([
      ['DK', 'DKK', 14174, 11190, 3],
      ['DK', 'PLN', 862, 0, 1],
      ['FI', 'EUR', 3000, 1500, 3],
    ]);
  });

  it('groups by the new regions without mixing currencies', async () => {
    const rows = await stats('groupBy: [REGION]');
    // Region Hovedstaden (København): d1 + d2; Region Syddanmark (Odense): d3 in DKK and d4 in PLN;
    // Varsinais-Suomi (Turku): d5 + d6 + d7.
    expect(rows.map((r) => [r.region, r.currency, r.total])).toEqual([
      ['DK-1083', 'DKK', 3730],
      ['DK-1083', 'PLN', 862],
      ['DK-1084', 'DKK', 10444],
      ['FI-02', 'EUR', 3000],
    ]);
    expect(rows.every((r) => r.exchangeRates.length === 0)).toBe(true);
  });

  it('converts to a target currency through the rate observations, and says which', async () => {
    const eur = await stats('groupBy: [COUNTRY], currency: EUR');
    // DK: 14174 DKK / 7.46 + 862 PLN / 4.31 = 1900 + 200 = 2100 EUR; FI: 3000 EUR as it is.
    expect(eur.map((r) => [r.country, r.currency, r.lines, r.unconvertedLines])).toEqual([
      ['DK', 'EUR', 4, 0],
      ['FI', 'EUR', 3, 0],
    ]);
    expect(eur[0]!.total).toBeCloseTo(2100, 9);
    expect(eur[0]!.organic).toBeCloseTo(11190 / 7.46, 9); // 1500
    expect(eur[1]!.total).toBe(3000);
    expect(eur[0]!.exchangeRates.map((r: { currency: string; year: number; rate: number }) => `${r.currency} ${r.year} ${r.rate}`).sort()).toEqual([
      'DKK 2024 7.46',
      'PLN 2024 4.31',
    ]);
    const dkk = await stats('groupBy: [COUNTRY], currency: DKK, filter: { country: ["FI"] }');
    // 3000 EUR × 7.46 = 22380 DKK.
    expect(dkk.map((r) => [r.country, r.currency])).toEqual([['FI', 'DKK']]);
    expect(dkk[0]!.total).toBeCloseTo(22380, 9);
  });

  it('refuses a wrong check digit with a typed error naming the field and the scheme', async () => {
    const report = await importCsv(
      db,
      viewer,
      bytesOf(
        'external_id;name;kind;org_number;municipality_code\n' +
          'p-bad-fi;Väärä Oy;farm;0037:0112038-8;FI-853\n' +
          'p-bad-dk;Forkert ApS;farm;0184:24256791;DK-101\n' +
          'p-bad-lt;Netikras UAB;farm;0200:111963318;LT-13\n',
      ),
      { kind: 'producers', source: 'madfaellesskabet' },
    );
    expect(report.committed).toBe(false);
    expect(report.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'org_number', 'The check digit of this number does not match: "0037:" is a Finnish business ID (Y-tunnus), such as "0037:0112038-9".'],
      [3, 'org_number', 'The check digit of this number does not match: "0184:" is a Danish CVR number, such as "0184:24256790".'],
      [
        4,
        'org_number',
        'The check digit of this number does not match: "0200:" is a Lithuanian legal entity code (juridinio asmens kodas), such as "0200:111963319".',
      ],
    ]);
    expect(await db.prisma.producer.count({ where: { externalId: { startsWith: 'p-bad' } } })).toBe(0);

    const result = await api.query(
      `mutation { upsertProducers(source: "madfaellesskabet", items: [{ externalId: "p-bad-de", name: "Falsch GmbH", kind: FARM, orgNumber: "9930:DE136695977", municipalityCode: "DE-11000" }]) { failed items { status errors { field code message } } } }`,
      undefined,
      { authorization: `Bearer ${key}` },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.upsertProducers.items[0].errors).toEqual([
      {
        field: 'items[0].orgNumber',
        code: 'BAD_USER_INPUT',
        message: 'The check digit of this number does not match: "9930:" is a German VAT number (USt-IdNr.), such as "9930:DE136695976".',
      },
    ]);
  });
});
