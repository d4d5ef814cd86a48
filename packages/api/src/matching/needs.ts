import type { Database } from '../db/database.js';
import type { CertificationScheme, KitchenKind, ProcurementRoute, Unit } from '../generated/prisma/enums.js';
import type { UnitTable } from '../deliveries/units.js';
import { type DeliveryPoint, type Match, type Need, compareMatches, matchNeed, monthsOfPeriod, unitTableOf } from './engine.js';

/**
 * Needs built from the records: a demand, a procurement lot, or a kitchen (through its open demand).
 * Each loader reads what it needs in a fixed number of statements.
 */

const DAY = 86_400_000;

interface KitchenPlace {
  name: string;
  kind: KitchenKind;
  lat: number | null;
  lon: number | null;
  municipality: { code: string; name: string; centroidLat: number; centroidLon: number };
}

function kitchenPoint(k: KitchenPlace): DeliveryPoint {
  return k.lat !== null && k.lon !== null
    ? { lat: k.lat, lon: k.lon, municipalityCode: k.municipality.code, label: k.name }
    : {
        lat: k.municipality.centroidLat,
        lon: k.municipality.centroidLon,
        municipalityCode: k.municipality.code,
        label: `${k.name} (centre of ${k.municipality.name})`,
      };
}

const placeSelect = { code: true, name: true, centroidLat: true, centroidLon: true } as const;
const kitchenSelect = { name: true, kind: true, lat: true, lon: true, municipality: { select: placeSelect } } as const;

/** Nearness may rank only purchases outside a tendered framework: direct awards and private food service. */
export function distanceMayRank(route: ProcurementRoute | null, kitchenKind: KitchenKind | null): boolean {
  return route === 'DIRECT_AWARD' || kitchenKind === 'RESTAURANT';
}

export interface DemandRecord {
  id: number;
  categoryCode: string;
  quantity: { toString(): string };
  unit: Unit;
  periodStart: Date;
  periodEnd: Date;
  organicRequired: boolean;
  requiredCertifications: CertificationScheme[];
  procurementRoute: ProcurementRoute;
  lotId: number | null;
  kitchen: KitchenPlace | null;
  municipality: KitchenPlace['municipality'];
}

export const demandNeedSelect = {
  id: true,
  categoryCode: true,
  quantity: true,
  unit: true,
  periodStart: true,
  periodEnd: true,
  organicRequired: true,
  requiredCertifications: true,
  procurementRoute: true,
  lotId: true,
  kitchen: { select: kitchenSelect },
  municipality: { select: placeSelect },
} as const;

/** The need a demand states. Tender readiness is required when it is bought through a tendered route. */
export function demandNeed(d: DemandRecord, units: UnitTable): Need {
  const m = d.municipality;
  const point: DeliveryPoint = d.kitchen
    ? kitchenPoint(d.kitchen)
    : { lat: m.centroidLat, lon: m.centroidLon, municipalityCode: m.code, label: `${m.name} (centre)` };
  return {
    subject: 'DEMAND',
    categories: [d.categoryCode],
    months: monthsOfPeriod(d.periodStart, d.periodEnd),
    quantityKg: units.toKg(d.categoryCode, d.unit, Number(d.quantity.toString())),
    capacityRequired: true,
    organicRequired: d.organicRequired,
    requiredCertifications: d.requiredCertifications,
    tenderReadyRequired: d.procurementRoute === 'CALL_OFF' || d.procurementRoute === 'DYNAMIC_PURCHASING',
    points: [point],
    distanceRanks: distanceMayRank(d.procurementRoute, d.kitchen?.kind ?? null),
    validOn: d.periodStart,
  };
}

/**
 * The need of a live demand the caller may see (`visible`: a condition on demand), or null. `units`:
 * the unit table, when the caller reads it for matching too (read alongside the demand).
 */
export async function loadDemandNeed(db: Database, demandId: number, visible: object = {}, units: Promise<UnitTable> = unitTableOf(db)): Promise<Need | null> {
  const [d, table] = await Promise.all([
    db.prisma.demand.findFirst({ where: { AND: [{ id: demandId, deletedAt: null }, visible] }, select: demandNeedSelect }),
    units,
  ]);
  return d ? demandNeed(d, table) : null;
}

/**
 * The need a lot states: its categories, delivered to its delivery points (its kitchens; else the
 * agreement's municipalities' centres; else the buyer's municipality's centre), with its organic and
 * certification requirements and tender readiness. Capacity is compared with the estimated quantity
 * per year of the agreement but only ranks: a lot may be split between suppliers. Nearness never ranks.
 * `units`: the unit table, when the caller reads it for matching too.
 */
export async function loadLotNeeds(
  db: Database,
  lotIds: number[],
  today = new Date(),
  units: Promise<UnitTable> = unitTableOf(db),
): Promise<Map<number, Need>> {
  const [lots, table] = await Promise.all([
    db.prisma.lot.findMany({
      where: { id: { in: lotIds }, deletedAt: null, agreement: { deletedAt: null } },
      select: {
        id: true,
        estimatedQuantity: true,
        estimatedUnit: true,
        organicRequired: true,
        requiredCertifications: true,
        categories: { select: { categoryCode: true }, orderBy: { categoryCode: 'asc' } },
        deliveryKitchens: { select: { kitchen: { select: kitchenSelect } }, orderBy: { kitchenId: 'asc' } },
        agreement: {
          select: {
            periodStart: true,
            periodEnd: true,
            municipalities: { select: { municipality: { select: placeSelect } }, orderBy: { municipalityCode: 'asc' } },
            buyerOrganization: { select: { municipality: { select: placeSelect } } },
          },
        },
      },
    }),
    units,
  ]);
  const needs = new Map<number, Need>();
  for (const lot of lots) {
    const a = lot.agreement;
    const centre = (m: KitchenPlace['municipality']): DeliveryPoint => ({
      lat: m.centroidLat,
      lon: m.centroidLon,
      municipalityCode: m.code,
      label: `${m.name} (centre)`,
    });
    const points = lot.deliveryKitchens.length
      ? lot.deliveryKitchens.map((k) => kitchenPoint(k.kitchen))
      : a.municipalities.length
        ? a.municipalities.map((m) => centre(m.municipality))
        : a.buyerOrganization.municipality
          ? [centre(a.buyerOrganization.municipality)]
          : [];
    const years = Math.max((a.periodEnd.getTime() - a.periodStart.getTime() + DAY) / (365.25 * DAY), 1 / 12);
    const categories = lot.categories.map((c) => c.categoryCode);
    const totalKg =
      lot.estimatedQuantity !== null && categories.length ? table.toKg(categories[0]!, lot.estimatedUnit, Number(lot.estimatedQuantity.toString())) : null;
    needs.set(lot.id, {
      subject: 'LOT',
      categories,
      months: null,
      quantityKg: totalKg === null ? null : Math.round((totalKg / years) * 1000) / 1000,
      capacityRequired: false,
      organicRequired: lot.organicRequired,
      requiredCertifications: lot.requiredCertifications,
      tenderReadyRequired: true,
      points,
      distanceRanks: false,
      validOn: a.periodStart > today ? a.periodStart : today,
    });
  }
  return needs;
}

export interface KitchenMatch extends Match {
  /** The kitchen's open demand this evaluation answers best; null when the kitchen has no open demand. */
  demandId: number | null;
  /** How many of the kitchen's open demands the producer qualifies for. */
  demandsAnswered: number;
}

/**
 * Matches for a kitchen: against each of its open demands (the producer's best evaluation is kept,
 * with how many demands it answers); a kitchen without open demand gets the producers that reach it.
 */
export async function matchKitchen(
  db: Database,
  kitchenId: number,
  visibleDemand: object,
  today = new Date(),
): Promise<{ matches: KitchenMatch[]; distanceRanks: boolean } | null> {
  const [kitchen, units] = await Promise.all([
    db.prisma.kitchen.findFirst({
      where: { id: kitchenId, deletedAt: null },
      select: {
        ...kitchenSelect,
        demands: { where: { AND: [{ deletedAt: null, status: 'OPEN' }, visibleDemand] }, select: demandNeedSelect, orderBy: { id: 'asc' } },
      },
    }),
    unitTableOf(db),
  ]);
  if (!kitchen) return null;
  if (kitchen.demands.length === 0) {
    const need: Need = {
      subject: 'KITCHEN',
      categories: null,
      months: null,
      quantityKg: null,
      capacityRequired: false,
      organicRequired: false,
      requiredCertifications: [],
      tenderReadyRequired: false,
      points: [kitchenPoint(kitchen)],
      distanceRanks: distanceMayRank(null, kitchen.kind),
      validOn: today,
    };
    const matches = await matchNeed(db, need, { units });
    return { matches: matches.map((m) => ({ ...m, demandId: null, demandsAnswered: 0 })), distanceRanks: need.distanceRanks };
  }
  const needs = kitchen.demands.map((d) => ({ id: d.id, need: demandNeed(d, units) }));
  const best = new Map<number, KitchenMatch>();
  for (const { id, need } of needs) {
    const order = compareMatches(need);
    for (const m of await matchNeed(db, need, { units })) {
      const seen = best.get(m.producerId);
      const answered = (seen?.demandsAnswered ?? 0) + (m.qualifies ? 1 : 0);
      if (!seen || order(m, seen) < 0) best.set(m.producerId, { ...m, demandId: id, demandsAnswered: answered });
      else seen.demandsAnswered = answered;
    }
  }
  const distanceRanks = needs.every((n) => n.need.distanceRanks);
  const order = compareMatches({ ...needs[0]!.need, distanceRanks });
  const matches = [...best.values()].sort((a, b) => b.demandsAnswered - a.demandsAnswered || order(a, b));
  return { matches, distanceRanks };
}

/** Tender-ready producers that qualify for each lot (all of the lot's requirements met). */
export async function tenderReadyCounts(db: Database, lotIds: number[], today = new Date()): Promise<Map<number, number>> {
  const units = unitTableOf(db);
  const needs = await loadLotNeeds(db, lotIds, today, units);
  const counts = new Map<number, number>();
  for (const id of lotIds) {
    const need = needs.get(id);
    counts.set(id, need ? (await matchNeed(db, need, { units: await units })).filter((m) => m.qualifies).length : 0);
  }
  return counts;
}
