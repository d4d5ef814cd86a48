import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { haversineKm } from '../places/geometry.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { CENTRE, destination } from '../test/fixture.js';
import { graphqlClient } from '../test/graphql.js';
import { monthsOfPeriod } from './engine.js';

/**
 * A hand-built fixture around a school kitchen K at CENTRE (Horten). Every expected order and reason
 * below is worked out by hand from these numbers.
 *
 *   producer              product (season, capacity)         where (bearing, km)  radius  tender  certs
 *   Aspelund potetgård    potatoes 9–3 (wraps), 5000 kg org    90°, 10            30      yes     DEBIO
 *   Bringsrud gulrot      carrots 7–10, 2000 kg                90°, 20            50      yes     –
 *   Kantgården            potatoes all year, 10000 kg          270°, 29.9         30      no      –
 *   Utenforgården         potatoes all year, 10000 kg          270°, 30.1         30      yes     –
 *   Hubgården             beetroot 8–12, 3000 kg               0°, 80             10      yes     – (hub serving Horten)
 *   Småbruket             swede all year, 100 kg               90°, 5             40      yes     –
 *   Sertifikatløs         potatoes all year, 5000 kg org       270°, 15           40      yes     –
 *   Eplehagen             apples (not a root vegetable)        90°, 3             50      yes     –
 *   Nedlagt               potatoes (deleted)                   90°, 2             50      yes     –
 */
const demandQuery = `query($id: ID!, $first: Int) {
  matches(demandId: $id, first: $first) {
    totalCount qualifyingCount rankedByDistance
    edges { node { rank qualifies missing producer { name } distanceKm radiusKm pointsReached pointsTotal viaHub { name }
      monthsNeeded monthsOverlapping capacityKg quantityKg capacityShare tenderReady certifications
      reasons { criterion status required message } products { categoryCode categoryName(lang: "nb") } } }
  }
}`;

describe.each(databaseKinds)('matching on %s', (kind) => {
  let db: Database;
  let client: ReturnType<typeof graphqlClient>;
  const ids: Record<string, number> = {};
  let key: string;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const { prisma } = db;
    const org = await createOrganization(db, { name: 'Horten kommune' });
    await prisma.organization.update({ where: { id: org.id }, data: { municipalityCode: 'NO-3901' } });
    const source = await createSource(db, org.id, { key: 'horten', name: 'Horten', licence: 'CC0-1.0' });
    key = (await createApiKey(db, org.id, 'sync', ['write'])).key;
    const s = { sourceId: source.id };
    const at = (bearing: number, km: number) => destination(CENTRE.lat, CENTRE.lon, bearing, km);
    const producer = async (
      externalId: string,
      name: string,
      where: { lat: number; lon: number },
      radius: number,
      tenderReady: boolean,
      product: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ) => {
      const p = await prisma.producer.create({
        data: {
          ...s,
          externalId,
          name,
          kind: 'FARM',
          countryCode: 'NO',
          municipalityCode: 'NO-3901',
          ...where,
          deliveryRadiusKm: radius,
          tenderReady,
          ...extra,
        },
      });
      await prisma.producerProduct.create({ data: { ...s, externalId: `${externalId}-product`, producerId: p.id, ...product } as never });
      ids[externalId] = p.id;
      return p;
    };
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const aspelund = await producer('aspelund', 'Aspelund potetgård', at(90, 10), 30, true, {
      categoryCode: 'vegetables.root.potatoes',
      seasonMonths: [9, 10, 11, 12, 1, 2, 3],
      annualCapacity: 5000,
      capacityUnit: 'KG',
      organic: true,
    });
    await producer('bringsrud', 'Bringsrud gulrot', at(90, 20), 50, true, {
      categoryCode: 'vegetables.root.carrots',
      seasonMonths: [7, 8, 9, 10],
      annualCapacity: 2000,
      capacityUnit: 'KG',
    });
    await producer('kant', 'Kantgården', at(270, 29.9), 30, false, {
      categoryCode: 'vegetables.root.potatoes',
      seasonMonths: all,
      annualCapacity: 10,
      capacityUnit: 'TONNE',
    });
    await producer('utenfor', 'Utenforgården', at(270, 30.1), 30, true, {
      categoryCode: 'vegetables.root.potatoes',
      seasonMonths: all,
      annualCapacity: 10000,
      capacityUnit: 'KG',
    });
    const hubFarm = await producer('hubfarm', 'Hubgården', at(0, 80), 10, true, {
      categoryCode: 'vegetables.root.beetroot',
      seasonMonths: [8, 9, 10, 11, 12],
      annualCapacity: 3000,
      capacityUnit: 'KG',
    });
    await producer('smaa', 'Småbruket', at(90, 5), 40, true, {
      categoryCode: 'vegetables.root.swede',
      seasonMonths: all,
      annualCapacity: 100,
      capacityUnit: 'KG',
    });
    await producer('sert', 'Sertifikatløs', at(270, 15), 40, true, {
      categoryCode: 'vegetables.root.potatoes',
      seasonMonths: all,
      annualCapacity: 5000,
      capacityUnit: 'KG',
      organic: true,
    });
    await producer('eple', 'Eplehagen', at(90, 3), 50, true, { categoryCode: 'fruit.apples', seasonMonths: [9, 10], annualCapacity: 9000, capacityUnit: 'KG' });
    await producer(
      'nedlagt',
      'Nedlagt',
      at(90, 2),
      50,
      true,
      { categoryCode: 'vegetables.root.potatoes', seasonMonths: all, annualCapacity: 9000, capacityUnit: 'KG' },
      { deletedAt: new Date('2025-01-01') },
    );
    await prisma.certification.create({ data: { ...s, externalId: 'c-aspelund', producerId: aspelund.id, scheme: 'DEBIO' } });
    const hub = await prisma.hub.create({
      data: { ...s, externalId: 'hub', name: 'Vestfold matsentral', kind: 'FOOD_HUB', municipalityCode: 'NO-3905', ...at(0, 70) },
    });
    await prisma.hubMunicipality.create({ data: { hubId: hub.id, municipalityCode: 'NO-3901' } });
    await prisma.producerHub.create({ data: { hubId: hub.id, producerId: hubFarm.id } });
    await refreshPublicLocations(db);

    const k = await prisma.kitchen.create({
      data: {
        ...s,
        externalId: 'k',
        name: 'Sjøglimt skole',
        kind: 'SCHOOL',
        municipalityCode: 'NO-3901',
        productionType: 'COOKING',
        lat: CENTRE.lat,
        lon: CENTRE.lon,
      },
    });
    const k2 = await prisma.kitchen.create({
      data: { ...s, externalId: 'k2', name: 'Borre skole', kind: 'SCHOOL', municipalityCode: 'NO-3901', productionType: 'COOKING', ...at(90, 20) },
    });
    ids.k = k.id;
    const demand = (externalId: string, data: Record<string, unknown>) =>
      prisma.demand.create({
        data: {
          ...s,
          externalId,
          kitchenId: k.id,
          municipalityCode: 'NO-3901',
          quantity: 1000,
          unit: 'KG',
          procurementRoute: 'DIRECT_AWARD',
          ...data,
        } as never,
      });
    const winter = { categoryCode: 'vegetables.root', periodStart: new Date('2026-11-01'), periodEnd: new Date('2027-02-28') };
    ids.direct = (await demand('d-direct', winter)).id;
    ids.callOff = (await demand('d-call-off', { ...winter, procurementRoute: 'CALL_OFF' })).id;
    ids.krav = (
      await demand('d-krav', {
        categoryCode: 'vegetables.root.potatoes',
        periodStart: new Date('2027-09-01'),
        periodEnd: new Date('2027-10-31'),
        quantity: 500,
        organicRequired: true,
        requiredCertifications: ['KRAV'],
      })
    ).id;
    await demand('d-closed', { ...winter, quantity: 700, status: 'CLOSED' });
    await demand('d-internal', { ...winter, quantity: 900, internal: true });

    const agreement = await prisma.agreement.create({
      data: {
        ...s,
        externalId: 'a',
        buyerOrganizationId: org.id,
        title: 'Frukt og grønt',
        periodStart: new Date('2024-01-01'),
        periodEnd: new Date('2099-12-31'),
        status: 'ACTIVE',
      },
    });
    const lot = await prisma.lot.create({
      data: { ...s, externalId: 'lot', agreementId: agreement.id, number: '2', title: 'Rotgrønnsaker', estimatedQuantity: 20000, estimatedUnit: 'KG' },
    });
    await prisma.lotCategory.create({ data: { lotId: lot.id, categoryCode: 'vegetables.root' } });
    await prisma.lotKitchen.createMany({
      data: [
        { lotId: lot.id, kitchenId: k.id },
        { lotId: lot.id, kitchenId: k2.id },
      ],
    });
    ids.lot = lot.id;
    client = graphqlClient(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  const matches = async (id: string, first = 20) => {
    const r = await client.query(demandQuery, { id, first });
    expect(r.errors).toBeUndefined();
    return r.data!.matches;
  };
  const names = (m: { edges: { node: { producer: { name: string } } }[] }) => m.edges.map((e) => e.node.producer.name);
  const byName = (m: { edges: { node: any }[] }, name: string) => m.edges.find((e) => e.node.producer.name === name)!.node;

  it('reads the months of a period, wrapping the year', () => {
    expect(monthsOfPeriod(new Date('2026-11-01'), new Date('2027-02-28'))).toEqual([11, 12, 1, 2]);
    expect(monthsOfPeriod(new Date('2027-09-15'), new Date('2027-09-20'))).toEqual([9]);
    expect(monthsOfPeriod(new Date('2026-03-01'), new Date('2028-02-28'))).toHaveLength(12);
  });

  it('ranks a direct award by requirements, then nearness, with reasons and figures', async () => {
    const m = await matches(encodeGlobalId('Demand', ids.direct!));
    // Qualifying: Aspelund (10 km), Sertifikatløs (15 km), Kantgården (29.9 km, edge of its 30 km radius).
    // One requirement missing, nearest first: Småbruket (capacity, 5 km), Utenforgården (reach, 30.1 km),
    // Hubgården (season, 80 km). Two missing: Bringsrud (season and capacity). Apples and the deleted farm never.
    expect(names(m)).toEqual(['Aspelund potetgård', 'Sertifikatløs', 'Kantgården', 'Småbruket', 'Utenforgården', 'Hubgården', 'Bringsrud gulrot']);
    expect(m).toMatchObject({ totalCount: 7, qualifyingCount: 3, rankedByDistance: true });

    const aspelund = byName(m, 'Aspelund potetgård');
    expect(aspelund).toMatchObject({
      rank: 1,
      qualifies: true,
      missing: [],
      distanceKm: 10,
      radiusKm: 30,
      monthsNeeded: [11, 12, 1, 2],
      monthsOverlapping: [11, 12, 1, 2],
    });
    // 5000 kg a year over 7 season months, 4 of them in the period: 5000 × 4/7 = 2857.143 kg for 1000 kg.
    expect(aspelund.capacityKg).toBeCloseTo(2857.143, 3);
    expect(aspelund.capacityShare).toBeCloseTo(2.8571, 4);
    expect(aspelund.products).toEqual([{ categoryCode: 'vegetables.root.potatoes', categoryName: 'Poteter' }]);

    const kant = byName(m, 'Kantgården');
    // 10 tonnes a year, all year: 10000 × 4/12 = 3333.333 kg.
    expect(kant).toMatchObject({ qualifies: true, distanceKm: 29.9, tenderReady: false });
    expect(kant.capacityKg).toBeCloseTo(3333.333, 3);
    expect(kant.reasons.find((r: { criterion: string }) => r.criterion === 'TENDER_READY')).toMatchObject({ status: 'MISSING', required: false });

    const outside = byName(m, 'Utenforgården');
    expect(outside).toMatchObject({ qualifies: false, missing: ['REACH'], distanceKm: 30.1, pointsReached: 0, pointsTotal: 1 });
    expect(outside.reasons.find((r: { criterion: string }) => r.criterion === 'REACH').message).toBe(
      'Sjøglimt skole is 30.1 km away, 0.1 km beyond its 30 km delivery radius, and no hub it uses serves the municipality.',
    );

    const hub = byName(m, 'Hubgården');
    expect(hub).toMatchObject({ missing: ['SEASON'], viaHub: { name: 'Vestfold matsentral' }, pointsReached: 1, monthsOverlapping: [11, 12] });
    // 3000 kg over 5 season months, 2 in the period: 1200 kg.
    expect(hub.capacityKg).toBeCloseTo(1200, 3);
    expect(hub.reasons.find((r: { criterion: string }) => r.criterion === 'SEASON').message).toBe(
      'In season in 2 of 4 months needed (Nov, Dec); missing Jan, Feb.',
    );
    expect(hub.reasons.find((r: { criterion: string }) => r.criterion === 'REACH')).toMatchObject({ status: 'MET' });

    const small = byName(m, 'Småbruket');
    // 100 kg × 4/12 = 33.333 kg of 1000 kg: 3 %.
    expect(small).toMatchObject({ missing: ['CAPACITY'] });
    expect(small.capacityShare).toBeCloseTo(0.0333, 4);
    expect(small.reasons.find((r: { criterion: string }) => r.criterion === 'CAPACITY')).toMatchObject({
      status: 'PARTIAL',
      message: 'Capacity about 33 kg in the period for 1,000 kg needed (3 %).',
    });

    expect(byName(m, 'Bringsrud gulrot')).toMatchObject({ missing: ['SEASON', 'CAPACITY'], monthsOverlapping: [] });
  });

  it('ranks a tendered call-off only on requirements: nearness is shown, never ranked', async () => {
    const m = await matches(encodeGlobalId('Demand', ids.callOff!));
    // Tender readiness is required: Kantgården now misses it. Ties break on season months, then the
    // capacity share up to 1, then the name — never the distance (Småbruket, 5 km, comes after Utenforgården, 30.1 km).
    expect(names(m)).toEqual(['Aspelund potetgård', 'Sertifikatløs', 'Kantgården', 'Utenforgården', 'Småbruket', 'Hubgården', 'Bringsrud gulrot']);
    expect(m).toMatchObject({ qualifyingCount: 2, rankedByDistance: false });
    expect(byName(m, 'Kantgården')).toMatchObject({ qualifies: false, missing: ['TENDER_READY'], distanceKm: 29.9 });
  });

  it('accepts an equivalent organic certificate and names a missing one', async () => {
    const m = await matches(encodeGlobalId('Demand', ids.krav!));
    // Sep–Oct 2027, organic potatoes with KRAV or equivalent. Aspelund holds DEBIO (equivalent).
    expect(names(m)).toEqual(['Aspelund potetgård', 'Sertifikatløs', 'Kantgården', 'Utenforgården']);
    const aspelund = byName(m, 'Aspelund potetgård');
    expect(aspelund).toMatchObject({ qualifies: true, certifications: ['DEBIO'] });
    expect(aspelund.reasons.find((r: { criterion: string }) => r.criterion === 'CERTIFICATION').message).toBe(
      'Holds DEBIO, accepted as equivalent to KRAV (both certified under the EU organic rules).',
    );
    expect(byName(m, 'Sertifikatløs')).toMatchObject({ missing: ['CERTIFICATION'] });
    expect(byName(m, 'Kantgården')).toMatchObject({ missing: ['ORGANIC', 'CERTIFICATION'] });
    expect(byName(m, 'Utenforgården')).toMatchObject({ missing: ['ORGANIC', 'REACH', 'CERTIFICATION'] });
  });

  it('counts tender-ready producers per lot: every delivery point reached, capacity only ranks', async () => {
    const r = await client.query(
      `query($lot: ID!) { node(id: $lot) { ... on Lot { tenderReadyProducers } }
        matches(lotId: $lot, first: 50) { qualifyingCount rankedByDistance edges { node { producer { name } qualifies missing pointsReached pointsTotal quantityKg } } } }`,
      { lot: encodeGlobalId('Lot', ids.lot!) },
    );
    expect(r.errors).toBeUndefined();
    // Delivery points: K (centre) and Borre skole (90°, 20 km). Aspelund (10 km from both), Bringsrud (20 and 0 km),
    // Småbruket (5 and 15 km), Sertifikatløs (15 and 35 km ≤ 40) directly; Hubgården through the hub serving Horten.
    // Kantgården reaches K only (49.9 km from Borre) and is not tender-ready; Utenforgården reaches neither.
    const qualifying = r
      .data!.matches.edges.filter((e: { node: { qualifies: boolean } }) => e.node.qualifies)
      .map((e: { node: { producer: { name: string } } }) => e.node.producer.name);
    expect(qualifying.sort()).toEqual(['Aspelund potetgård', 'Bringsrud gulrot', 'Hubgården', 'Sertifikatløs', 'Småbruket']);
    expect(r.data!.node.tenderReadyProducers).toBe(5);
    expect(r.data!.matches).toMatchObject({ qualifyingCount: 5, rankedByDistance: false });
    const kant = r.data!.matches.edges.find((e: { node: { producer: { name: string } } }) => e.node.producer.name === 'Kantgården').node;
    expect(kant).toMatchObject({ missing: ['REACH', 'TENDER_READY'], pointsReached: 1, pointsTotal: 2 });
    // 20,000 kg over the agreement (2024-01-01 – 2099-12-31, 76 years): about 263 kg a year.
    expect(kant.quantityKg).toBeCloseTo(20000 / (27759 / 365.25), 2);
  });

  it('matches a kitchen against each of its open demands', async () => {
    const r = await client.query(
      `query($k: ID!) { matches(kitchenId: $k, first: 3) { totalCount edges { node { producer { name } demandsAnswered demand { id } } } } }`,
      { k: encodeGlobalId('Kitchen', ids.k!) },
    );
    expect(r.errors).toBeUndefined();
    // Open, public demands: direct (Aspelund, Sertifikatløs, Kantgården qualify), call-off (Aspelund,
    // Sertifikatløs) and KRAV (Aspelund): Aspelund answers 3, Sertifikatløs 2, Kantgården 1.
    expect(
      r.data!.matches.edges.map((e: { node: { producer: { name: string }; demandsAnswered: number } }) => [e.node.producer.name, e.node.demandsAnswered]),
    ).toEqual([
      ['Aspelund potetgård', 3],
      ['Sertifikatløs', 2],
      ['Kantgården', 1],
    ]);
  });

  it('loads a page of matches in statements independent of the page size', async () => {
    const count = async (first: number) => {
      const before = db.statements.count;
      await matches(encodeGlobalId('Demand', ids.direct!), first);
      return db.statements.count - before;
    };
    // Pages 6 and 7 both hold Hubgården (its hub is one more batched look-up); Bringsrud adds nothing.
    expect(await count(6)).toBe(await count(7));
    expect(await count(7)).toBeLessThanOrEqual(11);
  });

  it('refuses bad arguments with typed errors', async () => {
    const both = await client.query('query($a: ID, $b: ID) { matches(demandId: $a, lotId: $b) { totalCount } }', {
      a: encodeGlobalId('Demand', ids.direct!),
      b: encodeGlobalId('Lot', ids.lot!),
    });
    expect(both.errors![0]).toMatchObject({ message: 'Give exactly one of demandId, kitchenId or lotId.', extensions: { code: 'BAD_USER_INPUT' } });
    const none = await client.query('{ matches { totalCount } }');
    expect(none.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const wrongType = await client.query('query($a: ID) { matches(demandId: $a) { totalCount } }', { a: encodeGlobalId('Lot', ids.lot!) });
    expect(wrongType.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'demandId' } });
    const missing = await client.query('query($a: ID) { matches(demandId: $a) { totalCount } }', { a: encodeGlobalId('Demand', 999999) });
    expect(missing.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const internal = await db.prisma.demand.findFirstOrThrow({ where: { externalId: 'd-internal' } });
    const hidden = await client.query('query($a: ID) { matches(demandId: $a) { totalCount } }', { a: encodeGlobalId('Demand', internal.id) });
    expect(hidden.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('sums the gap view to the demand and capacity totals', async () => {
    const r = await client.query(
      `{ demandGaps(municipality: ["NO-3901"], category: ["vegetables.root"], from: "2026-11-01", to: "2027-10-31") {
          categoryCode year month demands demandKg capacityKg producers gapKg } }`,
    );
    expect(r.errors).toBeUndefined();
    const rows = r.data!.demandGaps as {
      categoryCode: string;
      year: number;
      month: number;
      demandKg: number;
      capacityKg: number;
      producers: number;
      gapKg: number;
      demands: number;
    }[];
    const cell = (code: string) => rows.filter((x) => x.categoryCode === code);
    expect(cell('vegetables.root')).toHaveLength(12);
    expect(cell('vegetables.root.potatoes')).toHaveLength(12);
    // Open and matched public demand only: the direct and call-off demands (1000 kg each, Nov–Feb), not the closed or internal ones.
    const sum = (list: { demandKg: number }[]) => list.reduce((n, x) => n + x.demandKg, 0);
    expect(sum(cell('vegetables.root'))).toBeCloseTo(2000, 2);
    expect(sum(cell('vegetables.root.potatoes'))).toBeCloseTo(500, 2);
    // November: 30 of the 120 days of each demand: 2 × 1000 × 30/120 = 500 kg.
    expect(cell('vegetables.root').find((x) => x.year === 2026 && x.month === 11)).toMatchObject({ demands: 2, demandKg: 500 });
    // Capacity over twelve months adds up to the annual capacity of the producers that reach Horten's centre,
    // computed here independently: within their radius of the centroid, or through the hub.
    const centroid = await db.prisma.municipality.findUniqueOrThrow({ where: { code: 'NO-3901' } });
    const producers = await db.prisma.producer.findMany({ where: { deletedAt: null }, include: { products: true, hubs: true } });
    const annualKg = (code: string) =>
      producers
        .filter((p) => p.hubs.length > 0 || haversineKm(centroid.centroidLat, centroid.centroidLon, p.lat!, p.lon!) <= p.deliveryRadiusKm!)
        .flatMap((p) => p.products)
        .filter((pp) => pp.categoryCode === code || pp.categoryCode.startsWith(`${code}.`))
        .reduce((n, pp) => n + Number(pp.annualCapacity) * (pp.capacityUnit === 'TONNE' ? 1000 : 1), 0);
    expect(cell('vegetables.root').reduce((n, x) => n + x.capacityKg, 0)).toBeCloseTo(annualKg('vegetables.root'), 1);
    expect(cell('vegetables.root.potatoes').reduce((n, x) => n + x.capacityKg, 0)).toBeCloseTo(annualKg('vegetables.root.potatoes'), 1);
    for (const x of rows) expect(x.gapKg).toBeCloseTo(Math.max(0, x.demandKg - x.capacityKg), 2);

    const bad = await client.query('{ demandGaps(municipality: ["NO-3901"], from: "2027-05-01", to: "2027-01-01") { month } }');
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
    const unknown = await client.query(
      '{ demandGaps(municipality: ["NO-3901"], category: ["vegetables.nope"], from: "2027-01-01", to: "2027-02-01") { month } }',
    );
    expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'UNKNOWN_CODE', field: 'category' } });
  });

  it('finds demand delivered near a place', async () => {
    const near = (radiusKm: number) =>
      client.query(`query($r: Float!) { demands(filter: { near: { lat: ${CENTRE.lat}, lon: ${CENTRE.lon}, radiusKm: $r } }) { totalCount } }`, { r: radiusKm });
    // All public demand is delivered to Sjøglimt skole at CENTRE: direct, call-off, KRAV and the closed one.
    expect((await near(1)).data!.demands.totalCount).toBe(4);
    const bad = await near(0);
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'near.radiusKm' } });
  });

  it('refuses bad demand and writes nothing', async () => {
    const before = await db.prisma.demand.count();
    const r = await client.query(
      `mutation { upsertDemands(source: "horten", items: [
        { externalId: "x1", kitchenExternalId: "k", category: "vegetables.nope", quantity: 5, unit: KG, periodStart: "2027-01-01", periodEnd: "2027-02-01", procurementRoute: CALL_OFF },
        { externalId: "x2", kitchenExternalId: "k", category: "vegetables.root", quantity: 5, unit: KG, periodStart: "2027-03-01", periodEnd: "2027-02-01", procurementRoute: CALL_OFF },
        { externalId: "x3", kitchenExternalId: "k", category: "vegetables.root", quantity: -5, unit: KG, periodStart: "2027-01-01", periodEnd: "2027-02-01", procurementRoute: CALL_OFF },
        { externalId: "x4", kitchenExternalId: "k", category: "vegetables.root", quantity: 5, unit: KG, periodStart: "2027-01-01", periodEnd: "2027-02-01", procurementRoute: CALL_OFF }
      ]) { committed items { externalId status errors { field code message } } } }`,
      {},
      { authorization: `Bearer ${key}` },
    );
    expect(r.errors).toBeUndefined();
    const out = r.data!.upsertDemands;
    expect(out.committed).toBe(false);
    expect(out.items[0].errors[0]).toMatchObject({ field: 'items[0].category', code: 'UNKNOWN_CODE' });
    expect(out.items[1].errors[0].field).toMatch(/^items\[1\]\.period/);
    expect(out.items[2].errors[0]).toMatchObject({ field: 'items[2].quantity', message: 'quantity must be more than 0; got -5.' });
    expect(await db.prisma.demand.count()).toBe(before);
  });
});
