import { hashApiKey } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { loadReferenceData } from '../seed/reference.js';
import { CENTRE, destination } from '../test/fixture.js';
import type { Prisma } from '../generated/prisma/client.js';

/** The API key of the organization that owns the fixture's main source (read:private). */
export const PRIVATE_KEY = 'fc_stats_private_key_0123456789';

/**
 * A small dataset for statistics whose sums are worked out by hand in the tests:
 *
 * Producers (origin): P49 in Tønsberg (NO-3905, same region as Horten) 49.9 km north of Horten town,
 * P50 in Drammen (NO-3301, another region) 50.1 km south, PH in Horten 3 km east, PSE in Södertälje.
 * Kitchens: K1 (school, Horten, at Horten town), K2 (elderly care, Horten, no location: judged from
 * Horten's centroid), K3 (school, Södertälje). Suppliers: a wholesaler (S1), producers delivering
 * directly, and suppliers known only by name.
 *
 * Horten lines in NOK (all potatoes unless said):
 *   L1  K1 2024-01  1000 organic  origin P49  supplier P49              100 kg
 *   L2  K1 2024-01  2000          origin P50  supplier S1   apples      200 kg
 *   L3  K2 2024-02   500 organic  origin PH   supplier PH                50 kg
 *   L4  —  2024-03  1500          origin ES (no producer), "Bondens marked", 10 pieces (no kg)
 *   L5  K1 2024-12-01…2025-01-31 620 organic origin PH supplier S1 (62 days: 310 + 310)  62 kg
 *   L6  K1 2024-05   300          origin unknown, "Grønt AS"             30 kg
 *   L7  K1 2024-06   400          origin P49  supplier S1, replacing L-old (9999)         40 kg
 *   L-deleted 100000 (deleted), L-old 9999 (replaced by L7): never counted.
 *   LE  K1 2024-07   100 EUR organic origin PH supplier S1               10 kg
 * Södertälje lines in SEK (K3, 2024-01): 10000 organic (PSE, "Lantbruk A"), 5000 (no origin,
 * "Grossist SE"), 2000 organic (PSE, "Mejeri C"); and from another source, 2025-03: 800 (PSE, "Lantbruk A").
 * Exchange rates (units per EUR), 2024 only: NOK 10, SEK 12.5.
 */
export async function loadStatsFixture(db: Database) {
  await loadReferenceData(db);
  const { prisma } = db;
  const source = await prisma.source.create({
    data: { key: 'stats', name: 'Stats fixture', publisher: 'Horten kommune', licence: 'CC-BY-4.0', attribution: '© Horten kommune' },
  });
  const horten = await prisma.organization.create({
    data: { sourceId: source.id, externalId: 'org-horten', name: 'Horten kommune', kind: 'MUNICIPALITY', municipalityCode: 'NO-3901' },
  });
  await prisma.source.update({ where: { id: source.id }, data: { organizationId: horten.id } });
  const other = await prisma.source.create({ data: { key: 'stats-other', name: 'Other partner', publisher: 'Partner', licence: 'CC0-1.0' } });
  const s = { sourceId: source.id };
  await prisma.apiKey.create({
    data: { organizationId: horten.id, name: 'stats', prefix: PRIVATE_KEY.slice(0, 12), hash: hashApiKey(PRIVATE_KEY), scopes: ['read:private'] },
  });

  const at = (bearing: number, km: number) => destination(CENTRE.lat, CENTRE.lon, bearing, km);
  const wholesaler = await prisma.organization.create({ data: { ...s, externalId: 'org-s1', name: 'Grossist AS', kind: 'WHOLESALER' } });
  const producer = (externalId: string, name: string, municipalityCode: string, point: { lat: number; lon: number }, countryCode = 'NO') =>
    prisma.producer.create({ data: { ...s, externalId, name, kind: 'FARM', countryCode, municipalityCode, lat: point.lat, lon: point.lon } });
  const p49 = await producer('p49', 'Nordgården', 'NO-3905', at(0, 49.9));
  const p50 = await producer('p50', 'Sørgården', 'NO-3301', at(180, 50.1));
  const ph = await producer('ph', 'Hortengården', 'NO-3901', at(90, 3));
  const pse = await producer('pse', 'Södergården', 'SE-0181', { lat: 59.2, lon: 17.6 }, 'SE');
  await refreshPublicLocations(db);

  const kitchen = (
    externalId: string,
    name: string,
    kind: 'SCHOOL' | 'ELDERLY_CARE',
    municipalityCode: string,
    point: { lat: number; lon: number } | null,
    sourceId = source.id,
  ) =>
    prisma.kitchen.create({
      data: {
        sourceId,
        externalId,
        name,
        kind,
        municipalityCode,
        productionType: 'COOKING',
        mealsPerDay: 100,
        servingDaysPerYear: 200,
        lat: point?.lat ?? null,
        lon: point?.lon ?? null,
      },
    });
  const k1 = await kitchen('k1', 'Skole 1', 'SCHOOL', 'NO-3901', CENTRE);
  const k2 = await kitchen('k2', 'Omsorg 2', 'ELDERLY_CARE', 'NO-3901', null);
  const k3 = await kitchen('k3', 'Skola 3', 'SCHOOL', 'SE-0181', { lat: 59.195, lon: 17.625 });

  const month = (ym: string) => {
    const [y, m] = ym.split('-').map(Number) as [number, number];
    return { periodStart: new Date(Date.UTC(y, m - 1, 1)), periodEnd: new Date(Date.UTC(y, m, 0)) };
  };
  const line = (externalId: string, data: { periodStart: Date; periodEnd: Date } & Record<string, unknown>) => ({
    ...s,
    externalId,
    municipalityCode: 'NO-3901',
    categoryCode: 'vegetables.root.potatoes',
    currency: 'NOK' as const,
    organic: false,
    ...data,
  });
  const direct = (p: { id: number }) => ({ producerId: p.id, supplierProducerId: p.id, originBasis: 'DIRECT' as const });
  const viaS1 = (p: { id: number }) => ({ producerId: p.id, supplierOrganizationId: wholesaler.id, originBasis: 'ARTICLE_DATA' as const });
  await prisma.delivery.createMany({
    data: [
      line('L1', { kitchenId: k1.id, ...month('2024-01'), value: 1000, organic: true, ...direct(p49), quantity: 100, unit: 'KG', quantityKg: 100 }),
      line('L2', {
        kitchenId: k1.id,
        ...month('2024-01'),
        value: 2000,
        ...viaS1(p50),
        categoryCode: 'fruit.apples',
        quantity: 200,
        unit: 'KG',
        quantityKg: 200,
      }),
      line('L3', { kitchenId: k2.id, ...month('2024-02'), value: 500, organic: true, ...direct(ph), quantity: 50, unit: 'KG', quantityKg: 50 }),
      line('L4', {
        buyerOrganizationId: horten.id,
        ...month('2024-03'),
        value: 1500,
        originCountry: 'ES',
        supplierName: 'Bondens marked',
        quantity: 10,
        unit: 'PIECE',
      }),
      line('L5', {
        kitchenId: k1.id,
        periodStart: new Date('2024-12-01T00:00:00Z'),
        periodEnd: new Date('2025-01-31T00:00:00Z'),
        value: 620,
        organic: true,
        ...viaS1(ph),
        quantity: 62,
        unit: 'KG',
        quantityKg: 62,
      }),
      line('L6', { kitchenId: k1.id, ...month('2024-05'), value: 300, supplierName: 'Grønt AS', quantity: 30, unit: 'KG', quantityKg: 30 }),
      line('L-deleted', { kitchenId: k1.id, ...month('2024-05'), value: 100000, organic: true, ...direct(ph), deletedAt: new Date('2024-06-01') }),
      line('L-old', { kitchenId: k1.id, ...month('2024-06'), value: 9999, ...viaS1(p49), quantity: 9999, unit: 'KG', quantityKg: 9999 }),
      line('LE', { kitchenId: k1.id, ...month('2024-07'), value: 100, currency: 'EUR', organic: true, ...viaS1(ph), quantity: 10, unit: 'KG', quantityKg: 10 }),
      line('S1', {
        kitchenId: k3.id,
        municipalityCode: 'SE-0181',
        ...month('2024-01'),
        value: 10000,
        currency: 'SEK',
        organic: true,
        producerId: pse.id,
        supplierName: 'Lantbruk A',
      }),
      line('S2', { kitchenId: k3.id, municipalityCode: 'SE-0181', ...month('2024-01'), value: 5000, currency: 'SEK', supplierName: 'Grossist SE' }),
      line('S3', {
        kitchenId: k3.id,
        municipalityCode: 'SE-0181',
        ...month('2024-01'),
        value: 2000,
        currency: 'SEK',
        organic: true,
        producerId: pse.id,
        supplierName: 'Mejeri C',
      }),
      {
        ...line('S4', {
          kitchenId: k3.id,
          municipalityCode: 'SE-0181',
          ...month('2025-03'),
          value: 800,
          currency: 'SEK',
          producerId: pse.id,
          supplierName: 'Lantbruk A',
        }),
        sourceId: other.id,
      },
    ],
  });
  const old = await prisma.delivery.findFirstOrThrow({ where: { externalId: 'L-old' } });
  await prisma.delivery.create({
    data: line('L7', { kitchenId: k1.id, ...month('2024-06'), value: 400, ...viaS1(p49), quantity: 40, unit: 'KG', quantityKg: 40, replacesId: old.id }),
  });

  const rate = async (currency: string, value: number) => {
    const key = `exchange_rate_eur_${currency}`;
    // The reference data holds the standard rates' indicators: the fixture's own definition replaces it.
    const data = {
      ...s,
      externalId: key,
      key,
      names: { en: `${currency.toUpperCase()} per EUR` },
      unit: `${currency.toUpperCase()} per EUR`,
      kind: 'OBSERVED' as const,
    };
    const indicator = await prisma.indicator.upsert({ where: { key }, create: data, update: data });
    await prisma.observation.create({
      data: { ...s, externalId: `${key}-2024`, indicatorId: indicator.id, date: new Date('2024-01-01'), periodType: 'YEAR', value },
    });
  };
  await rate('nok', 10);
  await rate('sek', 12.5);

  return { source, other, horten, wholesaler, producers: { p49, p50, ph, pse }, kitchens: { k1, k2, k3 } };
}

/**
 * Goals on top of the statistics fixture, with trajectories worked out by hand in the tests:
 * local-share goals under two definitions, kitchens with a direct producer supplier (Horten; and
 * Tønsberg, where a restaurant buys from a producer's company), and tender-ready producers per lot.
 *
 * Tenders (Horten, an ACTIVE agreement running 2020–2099): lot A (root vegetables, delivered to K1 at
 * Horten town) and lot B (fruit, no kitchens listed: Horten's centroid). Tender-ready producers:
 * P49 (potatoes, delivery radius 60 km, 49.9 km from K1) reaches A; PH (carrots, radius 2 km, 3 km
 * from K1) reaches A through a hub serving Horten; PF (apples, at Horten town, radius 20 km) reaches B;
 * P50 (apples, radius 40 km, about 50 km away) reaches neither. Not counted: a producer that is not
 * tender-ready, a deleted one, and the lots of a COMPLETE agreement. So A has 2, B has 1: at least 1 per lot.
 */
export async function loadGoalFixture(db: Database, base: Awaited<ReturnType<typeof loadStatsFixture>>) {
  const { prisma } = db;
  const s = { sourceId: base.source.id };
  const { p49, p50, ph } = base.producers;

  // Tønsberg: a restaurant buying from P49's company, a school buying through the wholesaler (2025).
  const nordgarden = await prisma.organization.create({ data: { ...s, externalId: 'org-p49', name: 'Nordgården AS', kind: 'PRODUCER_COMPANY' } });
  await prisma.producer.update({ where: { id: p49.id }, data: { organizationId: nordgarden.id } });
  const tk = (externalId: string, kind: 'RESTAURANT' | 'SCHOOL') =>
    prisma.kitchen.create({
      data: { ...s, externalId, name: externalId, kind, municipalityCode: 'NO-3905', productionType: 'COOKING', mealsPerDay: 100, servingDaysPerYear: 200 },
    });
  const r1 = await tk('r1', 'RESTAURANT');
  const t1 = await tk('t1', 'SCHOOL');
  const feb = { periodStart: new Date('2025-02-01T00:00:00Z'), periodEnd: new Date('2025-02-28T00:00:00Z') };
  await prisma.delivery.createMany({
    data: [
      {
        ...s,
        externalId: 'T-D1',
        kitchenId: r1.id,
        municipalityCode: 'NO-3905',
        categoryCode: 'vegetables.root.potatoes',
        ...feb,
        value: 1000,
        currency: 'NOK',
        producerId: p49.id,
        supplierOrganizationId: nordgarden.id,
      },
      {
        ...s,
        externalId: 'T-D2',
        kitchenId: t1.id,
        municipalityCode: 'NO-3905',
        categoryCode: 'vegetables.root.potatoes',
        ...feb,
        value: 500,
        currency: 'NOK',
        producerId: p50.id,
        supplierOrganizationId: base.wholesaler.id,
      },
    ],
  });

  // Tenders.
  const product = (producerId: number, externalId: string, categoryCode: string) =>
    prisma.producerProduct.create({ data: { ...s, externalId, producerId, categoryCode } });
  await prisma.producer.update({ where: { id: p49.id }, data: { tenderReady: true, deliveryRadiusKm: 60 } });
  await prisma.producer.update({ where: { id: ph.id }, data: { tenderReady: true, deliveryRadiusKm: 2 } });
  await prisma.producer.update({ where: { id: p50.id }, data: { tenderReady: true, deliveryRadiusKm: 40 } });
  await product(p49.id, 'pp-p49', 'vegetables.root.potatoes');
  await product(ph.id, 'pp-ph', 'vegetables.root.carrots');
  await product(p50.id, 'pp-p50', 'fruit.apples');
  const extra = (externalId: string, data: Record<string, unknown>) =>
    prisma.producer.create({
      data: { ...s, externalId, name: externalId, kind: 'FARM', countryCode: 'NO', municipalityCode: 'NO-3901', lat: CENTRE.lat, lon: CENTRE.lon, ...data },
    });
  const pf = await extra('pf', { tenderReady: true, deliveryRadiusKm: 20 });
  const notReady = await extra('p-not-ready', { tenderReady: false, deliveryRadiusKm: 100 });
  const deleted = await extra('p-deleted', { tenderReady: true, deliveryRadiusKm: 100, deletedAt: new Date('2025-01-01') });
  await product(pf.id, 'pp-pf', 'fruit.apples');
  await product(notReady.id, 'pp-nr', 'vegetables.root.potatoes');
  await product(deleted.id, 'pp-del', 'vegetables.root.potatoes');
  await refreshPublicLocations(db);
  const hub = await prisma.hub.create({ data: { ...s, externalId: 'hub', name: 'Vestfold matsentral', kind: 'FOOD_HUB', municipalityCode: 'NO-3905' } });
  await prisma.hubMunicipality.create({ data: { hubId: hub.id, municipalityCode: 'NO-3901' } });
  await prisma.producerHub.create({ data: { hubId: hub.id, producerId: ph.id } });

  const agreement = async (externalId: string, status: 'ACTIVE' | 'COMPLETE', lots: { title: string; categories: string[]; kitchens: number[] }[]) => {
    const a = await prisma.agreement.create({
      data: {
        ...s,
        externalId,
        buyerOrganizationId: base.horten.id,
        title: externalId,
        periodStart: new Date('2020-01-01T00:00:00Z'),
        periodEnd: new Date('2099-12-31T00:00:00Z'),
        status,
        municipalities: { create: [{ municipalityCode: 'NO-3901' }] },
      },
    });
    for (const [i, lot] of lots.entries()) {
      await prisma.lot.create({
        data: {
          ...s,
          externalId: `${externalId}-${i}`,
          agreementId: a.id,
          number: String(i + 1),
          title: lot.title,
          categories: { create: lot.categories.map((categoryCode) => ({ categoryCode })) },
          deliveryKitchens: { create: lot.kitchens.map((kitchenId) => ({ kitchenId })) },
        },
      });
    }
  };
  await agreement('ag-active', 'ACTIVE', [
    { title: 'A: root vegetables', categories: ['vegetables.root'], kitchens: [base.kitchens.k1.id] },
    { title: 'B: fruit', categories: ['fruit'], kitchens: [] },
  ]);
  await agreement('ag-complete', 'COMPLETE', [{ title: 'Old lot', categories: ['vegetables'], kitchens: [] }]);

  // Keys the reference data also has take the fixture's definitions.
  const indicator = (key: string, data: Record<string, unknown>) => {
    const row = { ...s, externalId: key, key, names: { en: key }, unit: 'percent', kind: 'LOCAL_SHARE', ...data } as Prisma.IndicatorUncheckedCreateInput;
    return prisma.indicator.upsert({ where: { key }, create: row, update: row });
  };
  const goal = (externalId: string, indicatorId: number, municipalityCode: string, line: [number, number, number, number]) =>
    prisma.goal.create({
      data: {
        ...s,
        externalId,
        ownerKind: 'MUNICIPALITY',
        municipalityCode,
        title: { en: externalId },
        indicatorId,
        baselineValue: line[0],
        baselineYear: line[1],
        targetValue: line[2],
        targetYear: line[3],
        direction: 'INCREASE',
      },
    });
  const within50 = await indicator('local_share_value_50km', { measure: 'VALUE', localDefinition: 'WITHIN_KM', localKm: 50 });
  const regionWeight = await indicator('local_share_weight_region', { measure: 'WEIGHT', localDefinition: 'SAME_REGION' });
  const directCount = await indicator('kitchens_direct_producer', { kind: 'KITCHENS_WITH_DIRECT_PRODUCER', unit: 'count' });
  const directShare = await indicator('kitchens_direct_producer_share', {
    kind: 'KITCHENS_WITH_DIRECT_PRODUCER',
    unit: 'percent',
    kitchenKinds: ['SCHOOL', 'RESTAURANT'],
  });
  const tender = await indicator('tender_ready_producers_per_lot', { kind: 'TENDER_READY_PRODUCERS_PER_LOT', unit: 'count' });
  return {
    goals: {
      localWithin50: await goal('g-local-50', within50.id, 'NO-3901', [20, 2020, 60, 2030]),
      localRegionWeight: await goal('g-local-region', regionWeight.id, 'NO-3901', [20, 2020, 60, 2030]),
      directHorten: await goal('g-direct-horten', directCount.id, 'NO-3901', [1, 2020, 11, 2030]),
      directTonsberg: await goal('g-direct-tonsberg', directShare.id, 'NO-3905', [0, 2023, 100, 2027]),
      tenderHorten: await goal('g-tender-horten', tender.id, 'NO-3901', [1, 2024, 3, 2028]),
      tenderSodertalje: await goal('g-tender-sodertalje', tender.id, 'SE-0181', [1, 2024, 3, 2028]),
    },
  };
}
