import type { Database } from '../db/database.js';
import { EARTH_RADIUS_KM } from '../places/geometry.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { loadReferenceData } from '../seed/reference.js';

/** The point `km` away from (lat, lon) along `bearing` degrees, on the same sphere as haversineKm. */
export function destination(lat: number, lon: number, bearing: number, km: number) {
  const r = Math.PI / 180;
  const d = km / EARTH_RADIUS_KM;
  const lat1 = lat * r;
  const lon1 = lon * r;
  const b = bearing * r;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / r, lon: lon2 / r };
}

/** Centre of the geo tests: Horten town. */
export const CENTRE = { lat: 59.417, lon: 10.483 };

/**
 * A small dataset whose numbers are worked out by hand in the tests: producers at known distances
 * from CENTRE, three kitchens in Horten with deliveries in 2023–2025, goals with known trajectories.
 */
export async function loadFixture(db: Database) {
  await loadReferenceData(db);
  const { prisma } = db;
  const source = await prisma.source.create({ data: { key: 'fixture', name: 'Test fixture', publisher: 'Tests', licence: 'CC0-1.0' } });
  const s = { sourceId: source.id };
  const at = (bearing: number, km: number) => destination(CENTRE.lat, CENTRE.lon, bearing, km);

  const soleTrader = await prisma.organization.create({
    data: { ...s, externalId: 'org-sole', name: 'Kari Nordmann', kind: 'PRODUCER_COMPANY', naturalPerson: true, orgNumber: '0192:912345678' },
  });
  const farmCo = await prisma.organization.create({
    data: { ...s, externalId: 'org-farm', name: 'Gulrotgården AS', kind: 'PRODUCER_COMPANY', orgNumber: '0192:998877665' },
  });
  const horten = await prisma.organization.create({
    data: { ...s, externalId: 'org-horten', name: 'Horten kommune', kind: 'MUNICIPALITY', municipalityCode: 'NO-3901' },
  });

  const producer = (externalId: string, name: string, point: { lat: number; lon: number }, extra: Record<string, unknown> = {}) =>
    prisma.producer.create({
      data: { ...s, externalId, name, kind: 'FARM', countryCode: 'NO', municipalityCode: 'NO-3901', lat: point.lat, lon: point.lon, ...extra },
    });
  const potato = await producer('p-potato', 'Potetgården', at(45, 49.99), { tenderReady: true, organizationId: farmCo.id, street: 'Gårdsveien 1' });
  const carrot = await producer('p-carrot', 'Gulrot og Co', at(90, 5), {
    tenderReady: true,
    contactConsent: true,
    contactName: 'Ola',
    contactEmail: 'ola@example.org',
  });
  const far = await producer('p-far', 'Langt unna gård', at(225, 50.01), { tenderReady: false });
  const dairy = await producer('p-dairy', 'Melkebruket', at(0, 20), { kind: 'DAIRY', tenderReady: false });
  const hidden = await producer('p-sole', 'Karis gård', at(180, 1), {
    organizationId: soleTrader.id,
    street: 'Hjemmeveien 7',
    contactConsent: true,
    contactName: 'Kari Nordmann',
  });
  const gone = await producer('p-deleted', 'Nedlagt gård', at(90, 2), { deletedAt: new Date('2025-01-01') });
  await prisma.producerProduct.createMany({
    data: [
      { ...s, externalId: 'pp-1', producerId: potato.id, categoryCode: 'vegetables.root.potatoes', seasonMonths: [8, 9, 10, 11, 12, 1, 2], organic: true },
      { ...s, externalId: 'pp-2', producerId: carrot.id, categoryCode: 'vegetables.root.carrots', seasonMonths: [7, 8, 9, 10] },
      { ...s, externalId: 'pp-3', producerId: dairy.id, categoryCode: 'dairy.milk', seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
      { ...s, externalId: 'pp-4', producerId: far.id, categoryCode: 'fruit.apples', seasonMonths: [9, 10] },
      { ...s, externalId: 'pp-5', producerId: hidden.id, categoryCode: 'eggs', seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
      { ...s, externalId: 'pp-6', producerId: gone.id, categoryCode: 'vegetables.root.potatoes', seasonMonths: [9] },
    ],
  });
  await prisma.certification.createMany({
    data: [
      { ...s, externalId: 'c-1', producerId: potato.id, scheme: 'DEBIO', certificateNumber: 'D-1' },
      { ...s, externalId: 'c-2', producerId: dairy.id, scheme: 'NYT_NORGE' },
    ],
  });
  await refreshPublicLocations(db);

  // Kitchens: A is a central kitchen for B; C cooks for itself and reports only in 2023.
  const kitchen = (externalId: string, name: string, extra: Record<string, unknown>) =>
    prisma.kitchen.create({
      data: {
        ...s,
        externalId,
        name,
        kind: 'SCHOOL',
        municipalityCode: 'NO-3901',
        productionType: 'COOKING',
        servingDaysPerYear: 200,
        organizationId: horten.id,
        ...extra,
      },
    });
  const a = await kitchen('k-a', 'Sentralkjøkkenet', { productionType: 'CENTRAL', mealsPerDay: 100, lat: CENTRE.lat, lon: CENTRE.lon });
  await kitchen('k-b', 'Mottakskjøkken Borre', { productionType: 'RECEIVING', centralKitchenId: a.id, mealsPerDay: 50 });
  const c = await kitchen('k-c', 'Skolekjøkken Åsgården', { mealsPerDay: 50 });
  const line = (externalId: string, kitchenId: number, start: string, end: string, value: number, organic: boolean, extra: Record<string, unknown> = {}) => ({
    ...s,
    externalId,
    kitchenId,
    municipalityCode: 'NO-3901',
    categoryCode: 'vegetables.root.potatoes',
    periodStart: new Date(`${start}T00:00:00Z`),
    periodEnd: new Date(`${end}T00:00:00Z`),
    value,
    currency: 'NOK' as const,
    organic,
    ...extra,
  });
  await prisma.delivery.createMany({
    data: [
      line('d-1', a.id, '2023-01-01', '2023-01-31', 300, true, { producerId: potato.id, supplierProducerId: potato.id, originBasis: 'DIRECT' }),
      line('d-2', a.id, '2023-02-01', '2023-02-28', 700, false, { categoryCode: 'dairy.milk' }),
      line('d-3', c.id, '2023-03-01', '2023-03-31', 1000, false),
      line('d-4', a.id, '2024-03-01', '2024-03-31', 200, true),
      line('d-5', a.id, '2024-04-01', '2024-04-30', 800, false),
      // 62 days, 31 in each year: 310 counts in 2024 and 310 in 2025.
      line('d-6', a.id, '2024-12-01', '2025-01-31', 620, true),
      line('d-7', a.id, '2025-06-01', '2025-06-30', 930, false),
      line('d-deleted', a.id, '2025-07-01', '2025-07-31', 100000, true, { deletedAt: new Date('2025-08-01') }),
    ],
  });

  // The reference data holds these keys: the fixture's own definitions replace them.
  const indicator = (key: string, kind: 'ORGANIC_SHARE' | 'OBSERVED') => {
    const data = { ...s, externalId: key, key, names: { en: key }, unit: 'percent', kind, measure: kind === 'ORGANIC_SHARE' ? ('VALUE' as const) : null };
    return prisma.indicator.upsert({ where: { key }, create: data, update: data });
  };
  const organicShare = await indicator('organic_share_value', 'ORGANIC_SHARE');
  const reported = await indicator('reported_organic_share', 'OBSERVED');
  await prisma.observation.createMany({
    data: [
      { ...s, externalId: 'o-1', indicatorId: reported.id, municipalityCode: 'NO-3901', date: new Date('2021-01-01'), periodType: 'YEAR', value: 40 },
      { ...s, externalId: 'o-2', indicatorId: reported.id, municipalityCode: 'NO-3901', date: new Date('2023-01-01'), periodType: 'YEAR', value: 45 },
    ],
  });
  const goal = (externalId: string, indicatorId: number, municipalityCode: string, title: string) =>
    prisma.goal.create({
      data: {
        ...s,
        externalId,
        ownerKind: 'MUNICIPALITY',
        municipalityCode,
        title: { en: title, nb: `${title} (nb)` },
        indicatorId,
        baselineValue: 10,
        baselineYear: 2020,
        targetValue: 50,
        targetYear: 2030,
        direction: 'INCREASE',
      },
    });
  const computedGoal = await goal('g-computed', organicShare.id, 'NO-3901', 'Organic share by value');
  const observedGoal = await goal('g-observed', reported.id, 'NO-3901', 'Reported organic share');
  // Halden: one reporting kitchen with 100 of 1,000 meals is too little coverage for a computed value.
  const d = await prisma.kitchen.create({
    data: {
      ...s,
      externalId: 'k-d',
      name: 'Halden liten',
      kind: 'SCHOOL',
      municipalityCode: 'NO-3101',
      productionType: 'COOKING',
      mealsPerDay: 100,
      servingDaysPerYear: 200,
    },
  });
  await prisma.kitchen.create({
    data: {
      ...s,
      externalId: 'k-e',
      name: 'Halden stor',
      kind: 'SCHOOL',
      municipalityCode: 'NO-3101',
      productionType: 'COOKING',
      mealsPerDay: 900,
      servingDaysPerYear: 200,
    },
  });
  await prisma.delivery.create({ data: { ...line('d-halden', d.id, '2025-01-01', '2025-01-31', 500, true), municipalityCode: 'NO-3101' } });
  const lowCoverageGoal = await goal('g-halden', organicShare.id, 'NO-3101', 'Halden organic share');

  return { source, producers: { potato, carrot, far, dairy, hidden, gone }, kitchens: { a, c }, goals: { computedGoal, observedGoal, lowCoverageGoal } };
}
