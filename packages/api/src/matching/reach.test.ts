import type { Viewer } from '../access/policy.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { haversineKm } from '../places/geometry.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { loadReferenceData } from '../seed/reference.js';
import { createApiKey, createOrganization, createSource } from '../sync/keys.js';
import { mergeRecords } from '../sync/merge.js';
import { databaseKinds, migratedDatabase } from '../test/databases.js';
import { CENTRE, destination } from '../test/fixture.js';
import { type DeliveryPoint, NEAR_MISS_KM, type Need, matchNeed } from './engine.js';

/**
 * `producer_reach`, the narrow copy of producers that matching reads, against what it is a copy of;
 * and the candidates found through it against judging every producer one by one.
 */

/** producer_reach as it should be, computed here from producer and producer_product. */
async function expectedReach(db: Database) {
  const producers = await db.prisma.producer.findMany({
    where: { deletedAt: null, mergedIntoId: null },
    include: { products: { where: { deletedAt: null } } },
    orderBy: { id: 'asc' },
  });
  return producers.map((p) => ({
    producer_id: p.id,
    name: p.name,
    lat: p.lat,
    lon: p.lon,
    public_lat: p.publicLat,
    public_lon: p.publicLon,
    location_precision: p.locationPrecision,
    delivery_radius_km: p.deliveryRadiusKm,
    tender_ready: p.tenderReady,
    categories: [...new Set(p.products.map((x) => x.categoryCode))].sort(),
  }));
}

const storedReach = (db: Database) =>
  db.sql.query(
    `SELECT producer_id, name, lat, lon, public_lat, public_lon, location_precision::text AS location_precision,
            delivery_radius_km, tender_ready, categories
       FROM producer_reach ORDER BY producer_id`,
  );

/** A generator of the same numbers on every run (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(databaseKinds)('producer reach on %s', (kind) => {
  let db: Database;
  let sourceId: number;
  let curator: Viewer;
  const s = () => ({ sourceId });

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await loadReferenceData(db);
    const org = await createOrganization(db, { name: 'Vestfold bondelag' });
    sourceId = (await createSource(db, org.id, { key: 'vestfold', name: 'Vestfold', licence: 'CC0-1.0' })).id;
    const key = await createApiKey(db, org.id, 'curator', ['curate']);
    curator = { organizationId: org.id, apiKeyId: key.record.id, scopes: ['curate'] };
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stays equal to producer and producer_product through inserts, updates, deletes and merges', async () => {
    const { prisma } = db;
    const check = async () => expect(await storedReach(db)).toEqual(await expectedReach(db));
    const at = (bearing: number, km: number) => destination(CENTRE.lat, CENTRE.lon, bearing, km);
    const farm = (externalId: string, extra: Record<string, unknown> = {}) => ({
      ...s(),
      externalId,
      name: `Gård ${externalId}`,
      kind: 'FARM' as const,
      countryCode: 'NO',
      municipalityCode: 'NO-3901',
      ...at(45, 12),
      deliveryRadiusKm: 40,
      ...extra,
    });
    const a = await prisma.producer.create({ data: farm('a') });
    await prisma.producer.createMany({ data: [farm('b', { tenderReady: true }), farm('c', { lat: null, lon: null }), farm('d', { deliveryRadiusKm: null })] });
    const [b, c, d] = await Promise.all(['b', 'c', 'd'].map((x) => prisma.producer.findFirstOrThrow({ where: { externalId: x } })));
    if (!b || !c || !d) throw new Error('producers b, c and d were not written');
    await check();

    const product = (producerId: number, externalId: string, categoryCode: string) => ({ ...s(), externalId, producerId, categoryCode });
    await prisma.producerProduct.createMany({
      data: [
        product(a.id, 'a1', 'vegetables.root.potatoes'),
        product(a.id, 'a2', 'vegetables.root.carrots'),
        product(a.id, 'a3', 'vegetables.root.potatoes'),
        product(b.id, 'b1', 'fruit.apples'),
        product(c.id, 'c1', 'vegetables.root.swede'),
      ],
    });
    await check();

    // Products: soft delete, a second product of the same category, a new category, a move to another producer, a hard delete.
    await prisma.producerProduct.updateMany({ where: { externalId: 'a1' }, data: { deletedAt: new Date() } });
    await check();
    await prisma.producerProduct.updateMany({ where: { externalId: 'a3' }, data: { deletedAt: new Date() } });
    await check();
    await prisma.producerProduct.updateMany({ where: { externalId: 'a2' }, data: { categoryCode: 'vegetables.root.beetroot' } });
    await check();
    await prisma.producerProduct.updateMany({ where: { externalId: 'b1' }, data: { producerId: d.id } });
    await check();
    await prisma.producerProduct.deleteMany({ where: { externalId: 'c1' } });
    await check();
    await prisma.producerProduct.updateMany({ where: { externalId: { in: ['a1', 'a3'] } }, data: { deletedAt: null, name: 'Kerrs Pink' } });
    await check();

    // Producers: what matching reads, what it does not, deletion and its undoing, public locations.
    await prisma.producer.update({ where: { id: a.id }, data: { name: 'Aspelund', deliveryRadiusKm: 55.5, tenderReady: true, ...at(90, 3) } });
    await prisma.producer.update({ where: { id: b.id }, data: { website: 'https://example.org', version: { increment: 1 } } });
    await check();
    await prisma.producer.update({ where: { id: c.id }, data: { deletedAt: new Date() } });
    await check();
    await prisma.producer.update({ where: { id: c.id }, data: { deletedAt: null } });
    await check();
    const person = await prisma.organization.create({
      data: { ...s(), externalId: 'kari', name: 'Kari Nordmann', kind: 'PRODUCER_COMPANY', naturalPerson: true },
    });
    await prisma.producer.update({ where: { id: d.id }, data: { organizationId: person.id } });
    await refreshPublicLocations(db);
    await check();

    // A merge tombstones the duplicate (its products stay with it); the survivor is unchanged.
    await mergeRecords(db, curator, 'Producer', { duplicate: encodeGlobalId('Producer', b.id), into: encodeGlobalId('Producer', a.id) });
    await check();
    expect((await storedReach(db)).map((r) => r.producer_id)).not.toContain(b.id);

    // Hard deletes (products go with their producer) and raw SQL writes.
    await prisma.producer.delete({ where: { id: d.id } });
    await check();
    await db.sql.query(`UPDATE producer SET lat = lat + 0.01, public_lat = public_lat + 0.01 WHERE id = $1`, [a.id]);
    await db.sql.query(
      `INSERT INTO producer_product (source_id, external_id, producer_id, category_code, updated_at) VALUES ($1, 'c2', $2, 'fruit.apples', now())`,
      [sourceId, c.id],
    );
    await check();
  });

  // Concurrent transactions need a server: PGlite has one connection.
  if (kind === 'postgresql')
    it('stays exact when two transactions write products of the same producer at once', async () => {
      const producer = await db.prisma.producer.create({
        data: {
          ...s(),
          externalId: 'together',
          name: 'Samdrift',
          kind: 'FARM',
          countryCode: 'NO',
          municipalityCode: 'NO-3901',
          ...CENTRE,
          deliveryRadiusKm: 30,
        },
      });
      const insert = `INSERT INTO producer_product (source_id, external_id, producer_id, category_code) VALUES ($1, $2, $3, $4)`;
      await db.session((first) =>
        db.session(async (second) => {
          await first.exec('BEGIN');
          await second.exec('BEGIN');
          await first.query(insert, [sourceId, 'together-1', producer.id, 'eggs']);
          // The second writer waits for the first, then recomputes from what the first committed.
          const waiting = second.query(insert, [sourceId, 'together-2', producer.id, 'fruit.apples']);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await first.exec('COMMIT');
          await waiting;
          await second.exec('COMMIT');
        }),
      );
      const [row] = await db.sql.query<{ categories: string[] }>('SELECT categories FROM producer_reach WHERE producer_id = $1', [producer.id]);
      expect(row?.categories).toEqual(['eggs', 'fruit.apples']);
      expect(await storedReach(db)).toEqual(await expectedReach(db));
    });

  it('finds the same candidates as judging every producer one by one', async () => {
    const { prisma } = db;
    await prisma.producerProduct.deleteMany({});
    await prisma.producer.deleteMany({});
    const next = random(20261123);
    const person = await prisma.organization.create({
      data: { ...s(), externalId: 'ola', name: 'Ola Nordmann', kind: 'PRODUCER_COMPANY', naturalPerson: true },
    });
    const hub = await prisma.hub.create({
      data: {
        ...s(),
        externalId: 'hub',
        name: 'Vestfold matsentral',
        kind: 'FOOD_HUB',
        municipalityCode: 'NO-3905',
        ...destination(CENTRE.lat, CENTRE.lon, 0, 70),
      },
    });
    await prisma.hubMunicipality.create({ data: { hubId: hub.id, municipalityCode: 'NO-3901' } });

    // Producers at random places, and on both sides of the near-miss edge of a point (radius + 25 km).
    const places: { lat: number | null; lon: number | null; radius: number | null; natural: boolean; hub: boolean }[] = [];
    for (let i = 0; i < 240; i++) {
      const where = destination(CENTRE.lat, CENTRE.lon, next() * 360, next() * 450);
      const radius = next() < 0.05 ? null : next() < 0.1 ? 200 + next() * 400 : 5 + next() * 150;
      const noPlace = next() < 0.05;
      places.push({ lat: noPlace ? null : where.lat, lon: noPlace ? null : where.lon, radius, natural: next() < 0.1, hub: next() < 0.05 });
    }
    for (const [bearing, radius, beyond] of [
      [0, 30, 24.9],
      [90, 30, 25.1],
      [180, 120, 24.95],
      [270, 120, 25.05],
      [45, 250, 24.9],
      [135, 250, 25.1],
    ] as const) {
      places.push({ ...destination(CENTRE.lat, CENTRE.lon, bearing, radius + beyond), radius, natural: false, hub: false });
    }
    const categories = ['vegetables.root.potatoes', 'vegetables.root.carrots', 'fruit.apples', 'eggs'];
    for (const [i, p] of places.entries()) {
      const producer = await prisma.producer.create({
        data: {
          ...s(),
          externalId: `p${i}`,
          name: `Produsent ${i}`,
          kind: 'FARM',
          countryCode: 'NO',
          municipalityCode: 'NO-3901',
          lat: p.lat,
          lon: p.lon,
          deliveryRadiusKm: p.radius,
          tenderReady: next() < 0.5,
          organizationId: p.natural ? person.id : null,
        },
      });
      const count = 1 + Math.floor(next() * 3);
      for (let k = 0; k < count; k++) {
        await prisma.producerProduct.create({
          data: {
            ...s(),
            externalId: `p${i}-${k}`,
            producerId: producer.id,
            categoryCode: categories[Math.floor(next() * categories.length)]!,
            deletedAt: next() < 0.15 ? new Date() : null,
          },
        });
      }
      if (p.hub) await prisma.producerHub.create({ data: { producerId: producer.id, hubId: hub.id } });
    }
    await prisma.producer.updateMany({ where: { externalId: { in: ['p3', 'p4'] } }, data: { deletedAt: new Date() } });
    await refreshPublicLocations(db);

    // The straightforward answer: every live producer with a live product in the categories, judged
    // at each point from its location (exact, else public), its radius and its hubs.
    const all = await prisma.producer.findMany({
      where: { deletedAt: null, mergedIntoId: null },
      include: { products: { where: { deletedAt: null } }, hubs: { include: { hub: { include: { servedMunicipalities: true } } } } },
    });
    const expected = (need: Need) =>
      all
        .filter((p) => p.products.some((x) => !need.categories || need.categories.some((c) => x.categoryCode === c || x.categoryCode.startsWith(`${c}.`))))
        .filter((p) => {
          const lat = p.lat ?? p.publicLat;
          const lon = p.lon ?? p.publicLon;
          return need.points.every((pt) => {
            const d = lat === null || lon === null ? null : haversineKm(lat, lon, pt.lat, pt.lon);
            if (d !== null && p.deliveryRadiusKm !== null && d <= p.deliveryRadiusKm) return true;
            if (p.hubs.some((h) => h.hub.deletedAt === null && h.hub.servedMunicipalities.some((m) => m.municipalityCode === pt.municipalityCode))) return true;
            return d !== null && p.deliveryRadiusKm !== null && d - p.deliveryRadiusKm <= NEAR_MISS_KM;
          });
        })
        .map((p) => p.id)
        .sort((x, y) => x - y);

    const point = (bearing: number, km: number, municipalityCode = 'NO-3901'): DeliveryPoint => ({
      ...destination(CENTRE.lat, CENTRE.lon, bearing, km),
      municipalityCode,
      label: `${bearing}°, ${km} km`,
    });
    const need = (categories: string[] | null, points: DeliveryPoint[]): Need => ({
      subject: 'LOT',
      categories,
      months: null,
      quantityKg: null,
      capacityRequired: false,
      organicRequired: false,
      requiredCertifications: [],
      tenderReadyRequired: true,
      points,
      distanceRanks: false,
      validOn: new Date('2027-01-01'),
    });
    const needs = [
      need(['vegetables.root'], [point(0, 0)]),
      need(['fruit.apples', 'eggs'], [point(200, 60, 'NO-3905')]),
      need(null, [point(0, 0)]),
      need(['vegetables'], [point(0, 0), point(90, 80, 'NO-3905'), point(300, 150, 'NO-3905')]),
      need(['vegetables.root.potatoes'], [point(10, 380)]),
    ];
    for (const n of needs) {
      const found = (await matchNeed(db, n)).map((m) => m.producerId).sort((x, y) => x - y);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(expected(n));
    }
  });
});
