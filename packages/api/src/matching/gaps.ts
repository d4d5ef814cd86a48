import type { Database } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';
import { type Need, matchNeed, unitTableOf } from './engine.js';

/**
 * The gap view: per municipality, demanded category and month, the quantity demanded against the
 * capacity of the producers that can reach the municipality (within their delivery radius of its
 * centre, or through a hub that serves it). A demand's quantity is spread over its period by days; a
 * product's annual capacity is spread evenly over its season months (all twelve when none is given).
 */

export interface GapRow {
  municipalityCode: string;
  municipalityName: string;
  categoryCode: string;
  categoryNames: Record<string, string> | null;
  year: number;
  month: number;
  demandKg: number;
  /** Demands in the cell whose quantity has no kg equivalent (left out of demandKg). */
  unconvertedDemands: number;
  demands: number;
  capacityKg: number;
  producers: number;
  gapKg: number;
}

const DAY = 86_400_000;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function demandGaps(
  db: Database,
  options: { municipalities: string[]; categories: string[] | null; from: Date; to: Date; visible: Prisma.DemandWhereInput },
): Promise<GapRow[]> {
  const { from, to } = options;
  const [demands, units] = await Promise.all([
    db.prisma.demand.findMany({
      where: {
        AND: [
          options.visible,
          { deletedAt: null, status: { not: 'CLOSED' }, municipalityCode: { in: options.municipalities } },
          { periodEnd: { gte: from }, periodStart: { lte: to } },
          options.categories ? { OR: options.categories.flatMap((c) => [{ categoryCode: c }, { categoryCode: { startsWith: `${c}.` } }]) } : {},
        ],
      },
      select: {
        categoryCode: true,
        quantity: true,
        unit: true,
        periodStart: true,
        periodEnd: true,
        category: { select: { names: true } },
        municipality: { select: { code: true, name: true, centroidLat: true, centroidLon: true } },
      },
      orderBy: [{ municipalityCode: 'asc' }, { categoryCode: 'asc' }, { id: 'asc' }],
    }),
    unitTableOf(db),
  ]);
  const months: { year: number; month: number; start: number; end: number }[] = [];
  for (let y = from.getUTCFullYear(), m = from.getUTCMonth(); Date.UTC(y, m, 1) <= to.getTime(); m === 11 ? ((m = 0), (y += 1)) : (m += 1)) {
    months.push({ year: y, month: m + 1, start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 0) });
  }

  const cells = new Map<
    string,
    { key: Omit<GapRow, 'demandKg' | 'unconvertedDemands' | 'demands' | 'capacityKg' | 'producers' | 'gapKg'>; d: (typeof demands)[number][] }
  >();
  for (const d of demands) {
    const k = `${d.municipality.code}|${d.categoryCode}`;
    const cell = cells.get(k) ?? {
      key: {
        municipalityCode: d.municipality.code,
        municipalityName: d.municipality.name,
        categoryCode: d.categoryCode,
        categoryNames: d.category.names as Record<string, string> | null,
        year: 0,
        month: 0,
      },
      d: [],
    };
    cell.d.push(d);
    cells.set(k, cell);
  }

  const rows: GapRow[] = [];
  for (const { key, d: list } of cells.values()) {
    const m = list[0]!.municipality;
    const need: Need = {
      subject: 'DEMAND',
      categories: [key.categoryCode],
      months: null,
      quantityKg: null,
      capacityRequired: false,
      organicRequired: false,
      requiredCertifications: [],
      tenderReadyRequired: false,
      points: [{ lat: m.centroidLat, lon: m.centroidLon, municipalityCode: m.code, label: m.name }],
      distanceRanks: false,
      validOn: from,
    };
    const reaching = (await matchNeed(db, need, { units })).filter((x) => x.pointsReached === x.pointsTotal);
    for (const month of months) {
      let demandKg = 0;
      let unconverted = 0;
      let count = 0;
      for (const d of list) {
        const start = Math.max(d.periodStart.getTime(), month.start);
        const end = Math.min(d.periodEnd.getTime(), month.end);
        if (end < start) continue;
        count += 1;
        const qty = units.toKg(d.categoryCode, d.unit, Number(d.quantity.toString()));
        if (qty === null) unconverted += 1;
        else demandKg += (qty * ((end - start) / DAY + 1)) / ((d.periodEnd.getTime() - d.periodStart.getTime()) / DAY + 1);
      }
      let capacityKg = 0;
      let producers = 0;
      for (const p of reaching) {
        let own = 0;
        for (const product of p.products) {
          if (product.annualCapacity === null) continue;
          const annual = units.toKg(product.categoryCode, product.capacityUnit, Number(product.annualCapacity));
          const season = product.seasonMonths.length ? product.seasonMonths : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
          if (annual !== null && season.includes(month.month)) own += annual / season.length;
        }
        if (own > 0) producers += 1;
        capacityKg += own;
      }
      rows.push({
        ...key,
        year: month.year,
        month: month.month,
        demandKg: round3(demandKg),
        unconvertedDemands: unconverted,
        demands: count,
        capacityKg: round3(capacityKg),
        producers,
        gapKg: round3(Math.max(0, demandKg - capacityKg)),
      });
    }
  }
  return rows;
}
