import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { encodeGlobalId } from '../ids.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { importCsv } from './import.js';

const bytesOf = (data: Uint8Array) => () =>
  (async function* () {
    yield data;
  })();
const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * A year of purchases of one Swedish school kitchen (Rönnskolan, Södertälje) from one wholesaler
 * (Menigo), as its purchasing system exports them: semicolons, decimal commas, spaces in thousands,
 * UTF-8 with a byte order mark. Eight articles a month, none with a GTIN:
 *
 *   carrots KRAV 10 kg (article 10234), carrots 10 kg (10240), carrots 2 kg (10241), all three from
 *   producer gardens-gront; potatoes KRAV and potatoes, from gardens-gront, without article codes;
 *   milk KRAV by the litre and by the carton (differing only in unit), milk (origin DK), without a
 *   producer. July (school holidays) has smaller amounts.
 */
const FIXTURE = readFileSync(new URL('./fixtures/purchases-2025.csv', import.meta.url));

describe.each(databaseKinds)('a yearly purchase file on %s', (kind) => {
  let db: Database;
  let viewer: Viewer;
  let client: ReturnType<typeof graphqlClient>;
  let reader: string;

  const importDeliveries = (csv: Uint8Array) => importCsv(db, viewer, bytesOf(csv), { kind: 'deliveries', source: 'kismet' });

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Södertälje kommun', orgNumber: '0007:2120000878' });
    await createSource(db, org.id, { key: 'kismet', name: 'KISMET Södertälje', licence: 'CC-BY-4.0' });
    const created = await createApiKey(db, org.id, 'import', ['write']);
    viewer = { organizationId: org.id, apiKeyId: created.record.id, scopes: ['write'] };
    reader = (await createApiKey(db, org.id, 'reader', ['read:private'])).key;
    client = graphqlClient(db);
    const kitchens = await importCsv(
      db,
      viewer,
      bytesOf(utf8('external_id;name;kind;municipality_code;production_type;meals_per_day\nk-ronnskolan;Rönnskolan;school;SE-0181;cooking;420\n')),
      { kind: 'kitchens', source: 'kismet' },
    );
    expect(kitchens).toMatchObject({ committed: true, created: 1 });
    const producers = await importCsv(
      db,
      viewer,
      bytesOf(
        utf8(
          'external_id;name;kind;municipality_code;categories;certifications\ngardens-gront;Gårdens Grönt;farm;SE-0188;vegetables.root.carrots;KRAV:K-4711\n',
        ),
      ),
      { kind: 'producers', source: 'kismet' },
    );
    expect(producers).toMatchObject({ committed: true, created: 1 });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports whole, organic and conventional side by side, and its shares equal a hand computation', async () => {
    const r = await importDeliveries(FIXTURE);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ committed: true, rows: 96, created: 96, failed: 0, delimiter: ';' });
    const carrots = await db.prisma.delivery.findMany({
      where: { externalId: { startsWith: 'MEN-202501-0' }, categoryCode: 'vegetables.root.carrots' },
      orderBy: { externalId: 'asc' },
    });
    expect(carrots.map((d) => [d.externalId, d.articleCode, d.organic, d.certifications, Number(d.quantity), Number(d.value), d.originCountry])).toEqual([
      ['MEN-202501-01', '10234', true, ['KRAV'], 410, 10125.74, 'SE'],
      ['MEN-202501-02', '10240', false, [], 250, 3071.91, 'SE'],
      ['MEN-202501-03', '10241', false, [], 84, 1204.5, 'SE'],
    ]);

    // By hand, in SEK excluding VAT, from the file: eleven regular months and July.
    //   organic (carrots KRAV, potatoes KRAV, milk KRAV by the litre, milk KRAV by the carton):
    //     a regular month  10 125,74 + 8 460,00 + 12 744,80 + 2 318,40 = 33 648,94
    //     July              2 531,44 + 2 115,00 +  3 186,20 +   579,60 =  8 412,24
    //     the year         11 × 33 648,94 + 8 412,24 = 370 138,34 + 8 412,24 = 378 550,58
    //   conventional (carrots 10 kg, carrots 2 kg, potatoes, milk):
    //     a regular month   3 071,91 + 1 204,50 + 5 932,35 + 9 870,15 = 20 078,91
    //     July                767,98 +   301,13 + 1 483,09 + 2 467,54 =  5 019,74
    //     the year         11 × 20 078,91 + 5 019,74 = 220 868,01 + 5 019,74 = 225 887,75
    //   total              378 550,58 + 225 887,75 = 604 438,33
    //   organic share      378 550,58 / 604 438,33 = 0,62628…
    // Same country (SE, judged by the producer, else by the origin given): all but the Danish milk,
    //   milk (DK)          11 × 9 870,15 + 2 467,54 = 108 571,65 + 2 467,54 = 111 039,19
    //   local              604 438,33 − 111 039,19 = 493 399,14
    const kitchen = await db.prisma.kitchen.findFirstOrThrow({ where: { externalId: 'k-ronnskolan' } });
    const stats = await client.query(
      `{ deliveryStats(filter: { kitchen: ["${encodeGlobalId('Kitchen', kitchen.id)}"], from: "2025-01-01", to: "2025-12-31" }, groupBy: [KITCHEN, YEAR], local: { definition: SAME_COUNTRY }) {
         rows { year currency suppressed lines total organic organicShare local unknownOrigin localShare } } }`,
      {},
      { authorization: `Bearer ${reader}` },
    );
    expect(stats.errors).toBeUndefined();
    const rows = stats.data!.deliveryStats.rows;
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ year: 2025, currency: 'SEK', suppressed: false, lines: 96, unknownOrigin: 0 });
    expect(row.total).toBeCloseTo(604438.33, 2);
    expect(row.organic).toBeCloseTo(378550.58, 2);
    expect(row.organicShare).toBeCloseTo(378550.58 / 604438.33, 10);
    expect(row.organicShare).toBeCloseTo(0.62628, 5);
    expect(row.local).toBeCloseTo(493399.14, 2);
    expect(row.localShare).toBeCloseTo(493399.14 / 604438.33, 10);
  });

  it('still refuses a true duplicate: the same article again for the same month, in the file and against the stored year', async () => {
    const header = readFileSync(new URL('./fixtures/purchases-2025.csv', import.meta.url), 'utf8')
      .split('\r\n')[0]!
      .replace(/^\uFEFF/, '');
    const again =
      'MEN-202503-01-copy;k-ronnskolan;gardens-gront;Menigo Foodservice AB;vegetables.root.carrots;10234;2025-03-01;2025-03-31;410;kg;10 125,74;SEK;ja;krav;SE';
    const stored = await importDeliveries(utf8(`${header}\n${again}\n`));
    expect(stored).toMatchObject({ committed: false, created: 0 });
    expect(stored.errors).toEqual([
      {
        row: 2,
        column: 'replaces_external_id',
        value: 'MEN-202503-01',
        message:
          'Overlaps stored line "MEN-202503-01" (same kitchen, article and period 2025-03-01–2025-03-31); give replaces_external_id to correct it, or report it once.',
      },
    ]);
    // Twice in one file of the next year: the second is refused, and with it the file.
    const next = (id: string) => again.replace('MEN-202503-01-copy', id).replaceAll('2025-03', '2026-03');
    const twice = await importDeliveries(utf8(`${header}\n${next('MEN-202603-01')}\n${next('MEN-202603-01b')}\n`));
    expect(twice).toMatchObject({ committed: false, created: 0, failed: 1 });
    expect(twice.errors.map((e) => [e.row, e.message])).toEqual([
      [
        3,
        'Overlaps line "MEN-202603-01" (same kitchen, article and period 2026-03-01–2026-03-31); give replaces_external_id to correct it, or report it once.',
      ],
    ]);
  });

  it("refuses an origin country that contradicts the producer's, naming both countries", async () => {
    const csv =
      'external_id;kitchen_external_id;producer_external_id;supplier_name;category;period_start;period_end;value;currency;origin_country\n' +
      'N1;k-ronnskolan;gardens-gront;Menigo Foodservice AB;vegetables.root.potatoes;2026-01-01;2026-01-31;1 000,00;SEK;NO\n' +
      'N2;k-ronnskolan;;Menigo Foodservice AB;vegetables.root.potatoes;2026-01-01;2026-01-31;1 000,00;SEK;NO\n';
    const r = await importDeliveries(utf8(csv));
    expect(r).toMatchObject({ committed: false, created: 0, failed: 1 });
    expect(r.errors).toEqual([
      {
        row: 2,
        column: 'origin_country',
        value: 'NO',
        message:
          'Origin country NO contradicts producer "gardens-gront" (Gårdens Grönt), which is registered in SE; leave the origin country empty to take the producer\'s country.',
      },
    ]);
    expect(await db.prisma.delivery.count({ where: { externalId: { in: ['N1', 'N2'] } } })).toBe(0);
  });
});
