import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { statsReadsLines } from '../graphql/plugins/cost.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { graphqlClient } from '../test/graphql.js';
import { statsPath } from './delivery-stats.js';
import { PRIVATE_KEY, loadStatsFixture } from './stats-fixture.js';

const ROW = 'supplierKind supplierSize kitchen { name } year currency suppressed total organic local lines';

/**
 * The statistics fixture with suppliers of every kind and size. Size classes: Grossist AS (S1,
 * wholesaler) LARGE; Nordgården AS, P49's company, MICRO; PH has no organization. Extra Horten lines
 * in NOK, from the fixture's source:
 *   C1  K2 2024-09  800 organic  origin P50  supplier Coop SA (COOPERATIVE, SMALL)
 *   F1  K1 2024-10  250          no origin   supplier Kantine AS (FOOD_SERVICE, no class)
 *   G1  K1 2024-11  150          origin PH   supplier Frakt AS (LOGISTICS, MEDIUM)
 *   U1  K1 2024-08  700          origin PH   no supplier at all
 *
 * Horten NOK by supplier kind (the fixture's lines, see stats-fixture.ts):
 *   PRODUCER    L1 1000 (P49 direct) + L3 500 (PH direct) + C1 800 = 2300, all organic; 3 suppliers
 *   WHOLESALER  L2 2000 + L5 620 + L7 400 (S1) + G1 150 = 3170, organic 620 (L5); 2 suppliers
 *   OTHER       L4 1500 (Bondens marked) + L6 300 (Grønt AS) + F1 250 = 2050; 3 suppliers
 *   UNKNOWN     U1 700; no supplier
 *   and in EUR: WHOLESALER LE 100 (S1). Together 8220 NOK.
 * By size: LARGE 3020 (S1) and EUR 100; MEDIUM 150; MICRO 1000; SMALL 800; UNKNOWN 500 (PH) + 1500 +
 * 300 (names) + 250 (no class) + 700 (no supplier) = 3250.
 */
describe.each(databaseKinds)('deliveryStats by supplier kind and size on %s', (kind) => {
  let db: Database;
  let api: ReturnType<typeof graphqlClient>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const fixture = await loadStatsFixture(db);
    const { prisma } = db;
    const s = { sourceId: fixture.source.id };
    await prisma.organization.update({ where: { id: fixture.wholesaler.id }, data: { sizeClass: 'LARGE' } });
    const org = (
      externalId: string,
      name: string,
      kind: 'PRODUCER_COMPANY' | 'COOPERATIVE' | 'FOOD_SERVICE' | 'LOGISTICS',
      sizeClass: 'MICRO' | 'SMALL' | 'MEDIUM' | null,
    ) => prisma.organization.create({ data: { ...s, externalId, name, kind, sizeClass } });
    const nordgarden = await org('org-p49', 'Nordgården AS', 'PRODUCER_COMPANY', 'MICRO');
    await prisma.producer.update({ where: { id: fixture.producers.p49.id }, data: { organizationId: nordgarden.id } });
    const coop = await org('org-coop', 'Coop SA', 'COOPERATIVE', 'SMALL');
    const canteen = await org('org-canteen', 'Kantine AS', 'FOOD_SERVICE', null);
    const freight = await org('org-freight', 'Frakt AS', 'LOGISTICS', 'MEDIUM');
    const month = (y: number, m: number) => ({ periodStart: new Date(Date.UTC(y, m - 1, 1)), periodEnd: new Date(Date.UTC(y, m, 0)) });
    const line = (externalId: string, data: { periodStart: Date; periodEnd: Date } & Record<string, unknown>) => ({
      ...s,
      externalId,
      municipalityCode: 'NO-3901',
      categoryCode: 'vegetables.root.potatoes',
      currency: 'NOK' as const,
      organic: false,
      ...data,
    });
    const { k1, k2 } = fixture.kitchens;
    const { p50, ph } = fixture.producers;
    await prisma.delivery.createMany({
      data: [
        line('C1', { kitchenId: k2.id, ...month(2024, 9), value: 800, organic: true, producerId: p50.id, supplierOrganizationId: coop.id }),
        line('F1', { kitchenId: k1.id, ...month(2024, 10), value: 250, supplierOrganizationId: canteen.id }),
        line('G1', { kitchenId: k1.id, ...month(2024, 11), value: 150, producerId: ph.id, supplierOrganizationId: freight.id }),
        line('U1', { kitchenId: k1.id, ...month(2024, 8), value: 700, producerId: ph.id }),
      ],
    });
    api = graphqlClient(db);
  });
  afterAll(() => db?.close());

  type Row = Record<string, any>;
  const PRIVATE = { authorization: `Bearer ${PRIVATE_KEY}` };
  const stats = async (args: string, headers: Record<string, string> = PRIVATE): Promise<Row[]> => {
    const result = await api.query(`{ deliveryStats(${args}) { rows { ${ROW} } } }`, undefined, headers);
    expect(result.errors).toBeUndefined();
    return result.data!.deliveryStats.rows;
  };
  const pick = (rows: Row[], keys: string[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] && typeof r[k] === 'object' ? r[k].name : r[k]])));
  const HORTEN = 'municipality: ["NO-3901"]';

  it('groups by SUPPLIER_KIND: the supplier, never the producer; lines without a supplier apart', async () => {
    const rows = await stats(`filter: { ${HORTEN} }, groupBy: [SUPPLIER_KIND]`);
    expect(pick(rows, ['supplierKind', 'currency', 'total', 'organic', 'lines'])).toEqual([
      { supplierKind: 'OTHER', currency: 'NOK', total: 2050, organic: 0, lines: 3 },
      { supplierKind: 'PRODUCER', currency: 'NOK', total: 2300, organic: 2300, lines: 3 },
      { supplierKind: 'UNKNOWN', currency: 'NOK', total: 700, organic: 0, lines: 1 },
      { supplierKind: 'WHOLESALER', currency: 'EUR', total: 100, organic: 100, lines: 1 },
      { supplierKind: 'WHOLESALER', currency: 'NOK', total: 3170, organic: 620, lines: 4 },
    ]);
    // Local (same municipality, by the producer of origin): of the producers' 2300 only PH's L3 500.
    expect(rows[1]!.local).toBe(500);
    const nok = rows.filter((r) => r.currency === 'NOK');
    expect(nok.reduce((sum, r) => sum + r.total, 0)).toBe(8220);
    // Shares of the whole: producers 2300 / 8220.
    const [whole] = await stats(`filter: { ${HORTEN} }, currency: NOK, groupBy: []`);
    expect(whole!.total).toBeCloseTo(8220 + 100 * 10, 6);
  });

  it('groups by SUPPLIER_SIZE from the supplier’s organization (a producer: its company’s)', async () => {
    const rows = await stats(`filter: { ${HORTEN} }, groupBy: [SUPPLIER_SIZE]`);
    expect(pick(rows, ['supplierSize', 'currency', 'total', 'lines'])).toEqual([
      { supplierSize: 'LARGE', currency: 'EUR', total: 100, lines: 1 },
      { supplierSize: 'LARGE', currency: 'NOK', total: 3020, lines: 3 },
      { supplierSize: 'MEDIUM', currency: 'NOK', total: 150, lines: 1 },
      { supplierSize: 'MICRO', currency: 'NOK', total: 1000, lines: 1 },
      { supplierSize: 'SMALL', currency: 'NOK', total: 800, lines: 1 },
      { supplierSize: 'UNKNOWN', currency: 'NOK', total: 3250, lines: 5 },
    ]);
    expect(rows[4]!.organic / rows[4]!.total).toBe(1);
  });

  it('combines the supplier filters with each other and with any grouping', async () => {
    const bySize = await stats(`filter: { ${HORTEN}, supplierKind: [PRODUCER] }, groupBy: [SUPPLIER_SIZE]`);
    expect(pick(bySize, ['supplierSize', 'total'])).toEqual([
      { supplierSize: 'MICRO', total: 1000 },
      { supplierSize: 'SMALL', total: 800 },
      { supplierSize: 'UNKNOWN', total: 500 },
    ]);
    const small = await stats(`filter: { ${HORTEN}, supplierKind: [PRODUCER], supplierSize: [MICRO, SMALL] }, groupBy: [YEAR]`);
    expect(pick(small, ['year', 'total', 'organic', 'lines'])).toEqual([{ year: 2024, total: 1800, organic: 1800, lines: 2 }]);
    const byKitchen = await stats(`filter: { ${HORTEN}, supplierKind: [WHOLESALER], supplierSize: [LARGE, MEDIUM] }, groupBy: [KITCHEN, SUPPLIER_KIND]`);
    expect(pick(byKitchen, ['kitchen', 'supplierKind', 'currency', 'total'])).toEqual([
      { kitchen: 'Skole 1', supplierKind: 'WHOLESALER', currency: 'EUR', total: 100 },
      { kitchen: 'Skole 1', supplierKind: 'WHOLESALER', currency: 'NOK', total: 3170 },
    ]);
    const unknown = await stats(`filter: { ${HORTEN}, supplierKind: [UNKNOWN] }, groupBy: [YEAR]`);
    expect(pick(unknown, ['year', 'total', 'lines'])).toEqual([{ year: 2024, total: 700, lines: 1 }]);
    // Södertälje's suppliers are names only: OTHER, of unknown size.
    const sodertalje = await stats('filter: { municipality: ["SE-0181"], supplierSize: [UNKNOWN] }, groupBy: [SUPPLIER_KIND]');
    expect(pick(sodertalje, ['supplierKind', 'total'])).toEqual([{ supplierKind: 'OTHER', total: 17800 }]);
    expect(await stats(`filter: { ${HORTEN}, supplierKind: [OTHER], supplierSize: [LARGE] }`)).toEqual([]);
  });

  it('suppresses cells from fewer than 3 distinct suppliers for the public, as for any grouping', async () => {
    const rows = await stats(`filter: { ${HORTEN} }, groupBy: [SUPPLIER_KIND]`, {});
    expect(pick(rows, ['supplierKind', 'currency', 'suppressed', 'total'])).toEqual([
      { supplierKind: 'OTHER', currency: 'NOK', suppressed: false, total: 2050 }, // two names and an organization
      { supplierKind: 'PRODUCER', currency: 'NOK', suppressed: false, total: 2300 }, // P49, PH, Coop SA
      { supplierKind: 'UNKNOWN', currency: 'NOK', suppressed: true, total: null }, // no supplier to count
      { supplierKind: 'WHOLESALER', currency: 'EUR', suppressed: true, total: null }, // S1 only
      { supplierKind: 'WHOLESALER', currency: 'NOK', suppressed: true, total: null }, // S1 and Frakt AS
    ]);
    const micro = await stats(`filter: { ${HORTEN}, supplierSize: [MICRO] }`, {});
    expect(pick(micro, ['suppressed', 'total'])).toEqual([{ suppressed: true, total: null }]);
  });

  it('reads the lines for supplier groupings and filters, and prices them so', () => {
    const request = (groupBy: any[], filter = {}) => ({ filter, groupBy, local: 'SAME_MUNICIPALITY' as const, measure: 'VALUE' as const });
    expect(statsPath(request(['YEAR']))).toBe('rollup');
    expect(statsPath(request(['YEAR', 'SUPPLIER_KIND']))).toBe('raw');
    expect(statsPath(request(['SUPPLIER_SIZE']))).toBe('raw');
    expect(statsPath(request(['YEAR'], { supplierSizes: ['MICRO'] }))).toBe('raw');
    expect(statsReadsLines({ groupBy: ['YEAR'] })).toBe(false);
    expect(statsReadsLines({ groupBy: ['SUPPLIER_KIND'] })).toBe(true);
    expect(statsReadsLines({ groupBy: ['YEAR'], filter: { supplierKind: ['PRODUCER'] } })).toBe(true);
    expect(statsReadsLines({ filter: { supplierSize: 'SMALL' } })).toBe(true);
  });
});
