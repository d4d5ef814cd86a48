import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { loadReferenceData } from '../seed/reference.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { type DeliveryInput, DeliveryLookups, DeliveryStage, articleKeySql, normalizeDelivery } from './deliveries.js';
import { createApiKey, createOrganization, createSource } from './keys.js';

const UPSERT_DELIVERIES = `mutation($items: [DeliveryInput!]!, $dryRun: Boolean) {
  upsertDeliveries(source: "kismet", items: $items, dryRun: $dryRun) {
    committed created failed
    items { index externalId status errors { field code message value } }
  }
}`;

type Line = Record<string, unknown>;

/** A line of carrots bought by kitchen k1 through a wholesaler, from producer p-se, on one day. */
const carrots = (externalId: string, day: string, extra: Line = {}): Line => ({
  externalId,
  kitchenExternalId: 'k1',
  producerExternalId: 'p-se',
  supplierName: 'Grossisten AB',
  category: 'vegetables.root.carrots',
  periodStart: day,
  periodEnd: day,
  quantity: 100,
  unit: 'KG',
  value: 1000,
  currency: 'SEK',
  ...extra,
});

/**
 * Pairs of lines (a, b) of the same kitchen and period: b differs from a only as given, and either
 * is the same article (and so overlaps a) or is not.
 */
const CASES: { name: string; a?: Line; b: Line; overlaps: boolean }[] = [
  { name: 'everything the same', b: {}, overlaps: true },
  { name: 'another category', b: { category: 'vegetables.root.potatoes' }, overlaps: false },
  { name: 'another producer', b: { producerExternalId: 'p-se2' }, overlaps: false },
  { name: 'another supplier', b: { supplierName: 'Annan Grossist AB' }, overlaps: false },
  { name: 'the same supplier written in another case, with spaces', b: { supplierName: '  GROSSISTEN ab ' }, overlaps: true },
  { name: 'organic (declared, no certificate) beside conventional', b: { organic: true }, overlaps: false },
  { name: 'organic (KRAV) beside conventional', b: { organic: true, certifications: ['KRAV'] }, overlaps: false },
  { name: 'another label', a: { certifications: ['NYT_NORGE'] }, b: { certifications: ['SVENSKT_SIGILL'] }, overlaps: false },
  { name: 'a label beside none', b: { certifications: ['SVENSKT_SIGILL'] }, overlaps: false },
  {
    name: 'the same labels in another order',
    a: { certifications: ['SVENSKT_SIGILL', 'NYT_NORGE'] },
    b: { certifications: ['NYT_NORGE', 'SVENSKT_SIGILL'] },
    overlaps: true,
  },
  { name: 'another unit', b: { unit: 'PIECE', quantity: 400 }, overlaps: false },
  { name: 'a line without quantity beside one in kg', b: { unit: null, quantity: null }, overlaps: false },
  { name: 'another article code', a: { articleCode: '10234' }, b: { articleCode: '10235' }, overlaps: false },
  { name: 'an article code beside none', a: { articleCode: '10234' }, b: { articleCode: null }, overlaps: false },
  { name: 'the same article code', a: { articleCode: '10234' }, b: { articleCode: '10234' }, overlaps: true },
  {
    name: 'the same GTIN, whatever else differs',
    a: { gtin: '7350000000016' },
    b: { gtin: '7350000000016', supplierName: 'Annan Grossist AB', organic: true, certifications: ['KRAV'], unit: 'PIECE', articleCode: 'x' },
    overlaps: true,
  },
  { name: 'another GTIN', a: { gtin: '7350000000016' }, b: { gtin: '7350000000023' }, overlaps: false },
  { name: 'a GTIN beside none', a: { gtin: '7350000000016' }, b: { gtin: null }, overlaps: false },
];

describe.each(databaseKinds)('delivery articles and origins on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  let key: string;
  const auth = () => ({ authorization: `Bearer ${key}` });
  const upsert = async (items: Line[], dryRun = false) => {
    const r = await client.query(UPSERT_DELIVERIES, { items, dryRun }, auth());
    expect(r.errors).toBeUndefined();
    return r.data!.upsertDeliveries;
  };

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'KISMET Södertälje', orgNumber: '0007:2120001173' });
    await createSource(db, org.id, { key: 'kismet', name: 'KISMET', licence: 'CC-BY-4.0' });
    key = (await createApiKey(db, org.id, 'sync', ['write'])).key;
    client = graphqlClient(db);
    const producers = await client.query(
      `mutation { upsertProducers(source: "kismet", items: [
         { externalId: "p-se", name: "Gårdens Grönt", kind: FARM, municipalityCode: "SE-0181", lat: 59.2, lon: 17.6 },
         { externalId: "p-se2", name: "Järna Grönsaker", kind: FARM, municipalityCode: "SE-0181", lat: 59.1, lon: 17.6 }]) { created } }`,
      {},
      auth(),
    );
    expect(producers.data!.upsertProducers.created).toBe(2);
    const kitchens = await client.query(
      `mutation { upsertKitchens(source: "kismet", items: [{ externalId: "k1", name: "Rönnskolan", kind: SCHOOL, municipalityCode: "SE-0181", productionType: COOKING }]) { created } }`,
      {},
      auth(),
    );
    expect(kitchens.data!.upsertKitchens.created).toBe(1);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** The day of case i: each case has its own, so lines of different cases never overlap. */
  const dayOf = (i: number) => new Date(Date.UTC(2031, 0, 1 + i)).toISOString().slice(0, 10);
  const pairs = CASES.map((c, i) => [carrots(`c${i}-a`, dayOf(i), c.a), carrots(`c${i}-b`, dayOf(i), { ...c.a, ...c.b })] as const);
  const overlapMessage = (i: number, stored: boolean) =>
    `Overlaps ${stored ? 'stored ' : ''}line "c${i}-a" (same kitchen, article and period ${dayOf(i)}–${dayOf(i)}); give replaces_external_id to correct it, or report it once.`;
  /** Each case by name with the messages its second line got. */
  const expected = (stored: boolean) => CASES.map((c, i) => [c.name, c.overlaps ? [overlapMessage(i, stored)] : []]);

  it('tells articles apart by GTIN, or by category, producer, supplier, organic status, certifications, unit and article code: within a batch', async () => {
    // Every pair in one batch, not written: the second line of a pair overlaps the first or not.
    const batch = await upsert(pairs.flat(), true);
    const items = batch.items as { errors: { field: string; code: string; message: string; value: string }[] }[];
    expect(CASES.map((c, i) => [c.name, items[2 * i + 1]!.errors.map((e) => e.message)])).toEqual(expected(false));
    expect(items.filter((_, n) => n % 2 === 0).flatMap((item) => item.errors)).toEqual([]);
    expect(items[1]!.errors[0]).toEqual({ field: 'items[1].replacesExternalId', code: 'BAD_USER_INPUT', value: 'c0-a', message: overlapMessage(0, false) });
  });

  it('tells articles apart the same way against stored lines', async () => {
    expect(await upsert(pairs.map(([a]) => a))).toMatchObject({ committed: true, created: CASES.length });
    const later = await upsert(
      pairs.map(([, b]) => b),
      true,
    );
    const items = later.items as { errors: { message: string }[] }[];
    expect(CASES.map((c, i) => [c.name, items[i]!.errors.map((e) => e.message)])).toEqual(expected(true));
    // The lines that are other articles are written beside the stored ones.
    const others = pairs.filter((_, i) => !CASES[i]!.overlaps).map(([, b]) => b);
    expect(await upsert(others)).toMatchObject({ committed: true, created: others.length });
  });

  it('computes the same article key for a line as staged and as stored', async () => {
    // Every line stored above, keyed again from the delivery table and from a stage of its input.
    const stored = await db.sql.query<{ external_id: string; key: string }>(
      `SELECT d.external_id, ${articleKeySql('d', "array_to_string(d.certifications, ',')", 'd.unit::text')} AS key FROM delivery d WHERE d.deleted_at IS NULL ORDER BY d.external_id`,
    );
    expect(stored.length).toBe(CASES.length + CASES.filter((c) => !c.overlaps).length);
    const lines = pairs.flat();
    // The same lines normalized and staged as a batch would be (in a transaction rolled back).
    const source = await db.prisma.source.findFirstOrThrow({ where: { key: 'kismet' } });
    const staged = await db.session(async (sql) => {
      await sql.exec('BEGIN');
      try {
        const look = new DeliveryLookups(sql, source);
        await look.loadReference();
        const inputs: DeliveryInput[] = lines.map(
          (l) =>
            ({
              ...l,
              periodStart: new Date(`${l.periodStart as string}T00:00:00Z`),
              periodEnd: new Date(`${l.periodEnd as string}T00:00:00Z`),
            }) as DeliveryInput,
        );
        await look.loadFor(inputs);
        const stage = new DeliveryStage(sql, source.id);
        await stage.open();
        for (const [n, input] of inputs.entries()) {
          const { row, problems } = normalizeDelivery(input, look);
          expect(problems).toEqual([]);
          stage.add(n, row!.externalId, row!);
        }
        await stage.write();
        return await sql.query<{ external_id: string; article: string }>(`SELECT external_id, article FROM ${stage.table} ORDER BY external_id`);
      } finally {
        await sql.exec('ROLLBACK');
      }
    });
    const stagedKey = new Map(staged.map((s) => [s.external_id, s.article]));
    expect(stored.map((s) => [s.external_id, stagedKey.get(s.external_id)])).toEqual(stored.map((s) => [s.external_id, s.key]));
    // And the keys tell the articles apart as the cases say.
    expect(CASES.map((c, i) => [c.name, stagedKey.get(`c${i}-a`) === stagedKey.get(`c${i}-b`)])).toEqual(CASES.map((c) => [c.name, c.overlaps]));
  });

  it('refuses an article code longer than an article number, naming field and value', async () => {
    const code = '1'.repeat(65);
    const r = await upsert([carrots('long', '2032-02-01', { articleCode: code })]);
    expect(r.items[0].errors).toEqual([
      { field: 'items[0].articleCode', code: 'BAD_USER_INPUT', value: code, message: 'articleCode is 65 characters long; an article number has at most 64.' },
    ]);
    expect(await upsert([carrots('short', '2032-02-01', { articleCode: ` ${'1'.repeat(64)} ` })])).toMatchObject({ committed: true, created: 1 });
    expect((await db.prisma.delivery.findFirstOrThrow({ where: { externalId: 'short' } })).articleCode).toBe('1'.repeat(64));
  });

  it("refuses an origin country that contradicts the producer's, naming both; takes the producer's when none is given", async () => {
    const refused = await upsert([carrots('o1', '2032-01-01', { originCountry: 'NO' })]);
    expect(refused.committed).toBe(false);
    expect(refused.items[0].errors).toEqual([
      {
        field: 'items[0].originCountry',
        code: 'BAD_USER_INPUT',
        value: 'NO',
        message:
          'Origin country NO contradicts producer "p-se" (Gårdens Grönt), which is registered in SE; leave the origin country empty to take the producer\'s country.',
      },
    ]);
    expect(await db.prisma.delivery.count({ where: { externalId: 'o1' } })).toBe(0);

    const ok = await upsert([
      carrots('o2', '2032-01-02', { originCountry: 'se' }),
      carrots('o3', '2032-01-03'),
      carrots('o4', '2032-01-04', { producerExternalId: null, originCountry: 'ES' }),
      carrots('o5', '2032-01-05', { producerExternalId: null }),
    ]);
    expect(ok).toMatchObject({ committed: true, created: 4 });
    const rows = await db.prisma.delivery.findMany({ where: { externalId: { in: ['o2', 'o3', 'o4', 'o5'] } }, orderBy: { externalId: 'asc' } });
    expect(rows.map((r) => [r.externalId, r.originCountry])).toEqual([
      ['o2', 'SE'],
      ['o3', 'SE'],
      ['o4', 'ES'],
      ['o5', null],
    ]);
  });
});
