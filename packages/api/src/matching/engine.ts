import type { Database } from '../db.js';
import type { CertificationScheme, LocationPrecision, Unit } from '../generated/prisma/enums.js';
import { DEFAULT_UNIT_FACTORS, UnitTable } from '../units.js';

/**
 * Matching producers with what a kitchen, a buyer or a procurement lot needs.
 *
 * A need (see `needs.ts`) lists the categories wanted, the months wanted, the quantity, the organic
 * and certification requirements, whether tender readiness is required, and the delivery points.
 * One SQL statement finds the candidates (a live product in one of the categories or a descendant,
 * and reach to the delivery points or nearly so) with their products, valid certifications, distances
 * and hub reach; each candidate is then judged criterion by criterion here, so every match carries
 * its reasons and the numbers behind them, and a producer that almost matches says what is missing.
 */

export type Criterion = 'CATEGORY' | 'SEASON' | 'REACH' | 'ORGANIC' | 'CERTIFICATION' | 'CAPACITY' | 'TENDER_READY';
export type CriterionStatus = 'MET' | 'PARTIAL' | 'MISSING' | 'UNKNOWN';

export interface DeliveryPoint {
  lat: number;
  lon: number;
  municipalityCode: string;
  /** What the point is: a kitchen's name, or a municipality's. */
  label: string;
}

export interface Need {
  subject: 'DEMAND' | 'LOT' | 'KITCHEN';
  /** Category codes; a product fits when its category is one of them or a descendant. Null: any. */
  categories: string[] | null;
  /** Months (1–12) the food is wanted in; null when the need has no season (a lot, a kitchen). */
  months: number[] | null;
  /** Quantity in kg over the need's period (a demand) or per year (a lot); null when unknown. */
  quantityKg: number | null;
  /** Whether capacity below the quantity keeps a producer from qualifying (a demand) or is only ranked on (a lot). */
  capacityRequired: boolean;
  organicRequired: boolean;
  requiredCertifications: CertificationScheme[];
  tenderReadyRequired: boolean;
  points: DeliveryPoint[];
  /** Whether nearness may rank matches: never for tendered purchases (procurement law). */
  distanceRanks: boolean;
  /** The day certifications must be valid on. */
  validOn: Date;
}

export interface MatchedProduct {
  id: number;
  categoryCode: string;
  categoryNames: Record<string, string> | null;
  name: string | null;
  seasonMonths: number[];
  annualCapacity: number | null;
  capacityUnit: Unit | null;
  organic: boolean;
}

export interface Reason {
  criterion: Criterion;
  status: CriterionStatus;
  /** A hard requirement of the need (false: shown as information or used only to rank). */
  required: boolean;
  message: string;
}

export interface Match {
  producerId: number;
  producerName: string;
  qualifies: boolean;
  reasons: Reason[];
  missing: Criterion[];
  products: MatchedProduct[];
  /** Great-circle km from the producer's published location to the nearest delivery point (0.1 km). */
  distanceKm: number | null;
  /** The published location is the municipality's or postcode's centre, not the farm. */
  distanceApproximate: boolean;
  radiusKm: number | null;
  /** Delivery points reached (directly or through a hub) of all the need's points. */
  pointsReached: number;
  pointsTotal: number;
  viaHubId: number | null;
  viaHubName: string | null;
  monthsNeeded: number[] | null;
  monthsOverlapping: number[] | null;
  capacityKg: number | null;
  quantityKg: number | null;
  capacityShare: number | null;
  certifications: CertificationScheme[];
  tenderReady: boolean;
}

/** Schemes certified under the EU organic rules: each is accepted as equivalent to another. */
export const ORGANIC_SCHEMES: readonly CertificationScheme[] = ['EU_ORGANIC', 'KRAV', 'DEBIO', 'OE_MAERKET', 'LUOMU'];

/** How far beyond its delivery radius a producer is still shown as a near miss. */
export const NEAR_MISS_KM = 25;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthList = (months: number[]) => months.map((m) => MONTH_NAMES[m - 1]).join(', ');
const km = (x: number) => `${(Math.round(x * 10) / 10).toLocaleString('en', { maximumFractionDigits: 1 })} km`;
const kg = (x: number) => `${Math.round(x).toLocaleString('en')} kg`;

/** Months (1–12) touched by a period, in the period's order: Nov 2026 – Feb 2027 gives 11, 12, 1, 2. */
export function monthsOfPeriod(start: Date, end: Date): number[] {
  const months: number[] = [];
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  const endKey = end.getUTCFullYear() * 12 + end.getUTCMonth();
  while (y * 12 + m <= endKey && months.length < 12) {
    months.push(m + 1);
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return months;
}

interface CandidateRow {
  id: number;
  name: string;
  tender_ready: boolean;
  delivery_radius_km: number | null;
  location_precision: LocationPrecision;
  products: MatchedProduct[];
  certifications: CertificationScheme[] | null;
  points_reached: number;
  points_direct: number;
  max_km: number | null;
  min_public_km: number | null;
  worst_excess_km: number | null;
  hub_id: number | null;
  hub_name: string | null;
}

const HAVERSINE = (lat1: string, lon1: string, lat2: string, lon2: string) =>
  `2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(${lat2} - ${lat1}) / 2), 2)
     + cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lon2} - ${lon1}) / 2), 2))))`;

/**
 * The candidates for a need in one statement: live, unmerged producers with a live product in the
 * categories, that reach every delivery point (within their delivery radius of it, from their exact
 * location, or through a hub they use that serves the point's municipality) or miss by at most
 * NEAR_MISS_KM. Distances shown come from the published location.
 */
async function candidates(db: Database, need: Need, producerIds: number[] | null): Promise<CandidateRow[]> {
  const categories = need.categories;
  const rows = await db.sql.query<CandidateRow>(
    `WITH pts AS (
       SELECT * FROM unnest($1::float8[], $2::float8[], $3::text[]) AS t(lat, lon, municipality_code)),
     fitting AS (
       SELECT DISTINCT pp.producer_id FROM producer_product pp
        WHERE pp.deleted_at IS NULL
          AND ($4::text[] IS NULL OR pp.category_code = ANY($4::text[]) OR pp.category_code LIKE ANY($5::text[]))),
     cand AS (
       SELECT p.id, p.name, p.tender_ready, p.delivery_radius_km, p.location_precision,
              coalesce(p.lat, p.public_lat) AS lat, coalesce(p.lon, p.public_lon) AS lon, p.public_lat, p.public_lon
         FROM producer p JOIN fitting f ON f.producer_id = p.id
        WHERE p.deleted_at IS NULL AND p.merged_into_id IS NULL
          AND ($7::int[] IS NULL OR p.id = ANY($7::int[]))),
     hubreach AS (
       SELECT ph.producer_id, hm.municipality_code, min(h.id) AS hub_id
         FROM producer_hub ph JOIN cand c ON c.id = ph.producer_id
         JOIN hub h ON h.id = ph.hub_id AND h.deleted_at IS NULL
         JOIN hub_municipality hm ON hm.hub_id = h.id AND hm.municipality_code IN (SELECT municipality_code FROM pts)
        GROUP BY 1, 2),
     pairs AS (
       SELECT c.id, hr.hub_id,
              CASE WHEN c.lat IS NULL OR c.lon IS NULL THEN NULL ELSE ${HAVERSINE('c.lat', 'c.lon', 'pt.lat', 'pt.lon')} END AS km,
              CASE WHEN c.public_lat IS NULL OR c.public_lon IS NULL THEN NULL
                   ELSE ${HAVERSINE('c.public_lat', 'c.public_lon', 'pt.lat', 'pt.lon')} END AS public_km,
              c.delivery_radius_km AS radius
         FROM cand c CROSS JOIN pts pt
         LEFT JOIN hubreach hr ON hr.producer_id = c.id AND hr.municipality_code = pt.municipality_code),
     judged AS (
       SELECT id,
              count(*) FILTER (WHERE hub_id IS NOT NULL OR km <= radius)::int AS points_reached,
              count(*) FILTER (WHERE km <= radius)::int AS points_direct,
              max(km) AS max_km, min(public_km) AS min_public_km,
              max(CASE WHEN hub_id IS NOT NULL OR km <= radius THEN 0 ELSE km - radius END) AS worst_excess_km,
              min(hub_id) FILTER (WHERE NOT coalesce(km <= radius, false)) AS hub_id
         FROM pairs GROUP BY id)
     SELECT c.id, c.name, c.tender_ready, c.delivery_radius_km, c.location_precision,
            j.points_reached, j.points_direct, j.max_km, j.min_public_km, j.worst_excess_km, j.hub_id, h.name AS hub_name,
            (SELECT json_agg(json_build_object(
                      'id', pp.id, 'categoryCode', pp.category_code, 'categoryNames', pc.names, 'name', pp.name,
                      'seasonMonths', pp.season_months, 'annualCapacity', pp.annual_capacity::float8,
                      'capacityUnit', pp.capacity_unit, 'organic', pp.organic) ORDER BY pp.category_code, pp.id)
               FROM producer_product pp JOIN product_category pc ON pc.code = pp.category_code
              WHERE pp.producer_id = c.id AND pp.deleted_at IS NULL
                AND ($4::text[] IS NULL OR pp.category_code = ANY($4::text[]) OR pp.category_code LIKE ANY($5::text[]))) AS products,
            (SELECT array_agg(DISTINCT ce.scheme::text ORDER BY ce.scheme::text) FROM certification ce
              WHERE ce.producer_id = c.id AND ce.deleted_at IS NULL
                AND (ce.valid_from IS NULL OR ce.valid_from <= $6::date)
                AND (ce.valid_until IS NULL OR ce.valid_until >= $6::date)) AS certifications
       FROM cand c JOIN judged j ON j.id = c.id
       LEFT JOIN hub h ON h.id = j.hub_id
      WHERE j.points_reached = $8 OR j.worst_excess_km <= ${NEAR_MISS_KM}`,
    [
      need.points.map((p) => p.lat),
      need.points.map((p) => p.lon),
      need.points.map((p) => p.municipalityCode),
      categories,
      categories?.map((c) => `${c.replace(/[\\%_]/g, (x) => `\\${x}`)}.%`) ?? null,
      need.validOn.toISOString().slice(0, 10),
      producerIds,
      need.points.length,
    ],
  );
  return rows;
}

let unitTable: UnitTable | undefined;
/** The unit factors of the database (the reference table), or the built-in ones when it has none. */
export async function unitTableOf(db: Database): Promise<UnitTable> {
  const rows = await db.sql.query<{ category_code: string | null; unit: Unit; kg_per_unit: string }>(
    'SELECT category_code, unit, kg_per_unit::text FROM unit_conversion WHERE deleted_at IS NULL',
  );
  if (rows.length) return new UnitTable(rows.map((r) => ({ categoryCode: r.category_code, unit: r.unit, kgPerUnit: Number(r.kg_per_unit) })));
  unitTable ??= new UnitTable(DEFAULT_UNIT_FACTORS);
  return unitTable;
}

/** Judges one candidate against the need. Pure: the tests exercise it through `matchNeed`. */
function judge(need: Need, c: CandidateRow, table: UnitTable): Match {
  const reasons: Reason[] = [];
  const products = c.products ?? [];
  const certifications = (c.certifications ?? []) as CertificationScheme[];

  // Category: products in the wanted categories or their descendants (always at least one for a candidate).
  const offered = products.map((p) => `${p.categoryNames?.en ?? p.categoryCode} (${p.categoryCode})`).join(', ');
  reasons.push({
    criterion: 'CATEGORY',
    status: 'MET',
    required: true,
    message: need.categories ? `Offers ${offered}: in the categories needed.` : `Offers ${offered}.`,
  });

  // Organic: a fitting product that is organic. The other criteria then look at organic products only.
  let usable = products;
  if (need.organicRequired) {
    const organic = products.filter((p) => p.organic);
    reasons.push(
      organic.length
        ? { criterion: 'ORGANIC', status: 'MET', required: true, message: `Organic: ${organic.map((p) => p.categoryCode).join(', ')}.` }
        : { criterion: 'ORGANIC', status: 'MISSING', required: true, message: 'Organic is required; none of the fitting products is organic.' },
    );
    if (organic.length) usable = organic;
  }

  // Season: the months of the need each usable product is available in; the best product counts.
  let monthsOverlapping: number[] | null = null;
  if (need.months) {
    const needed = need.months;
    const declared = usable.filter((p) => p.seasonMonths.length > 0);
    if (declared.length < usable.length) monthsOverlapping = [...needed]; // a product without a season: all year
    else {
      for (const p of declared) {
        const overlap = needed.filter((m) => p.seasonMonths.includes(m));
        if (!monthsOverlapping || overlap.length > monthsOverlapping.length) monthsOverlapping = overlap;
      }
    }
    const overlap = monthsOverlapping ?? [];
    const missingMonths = needed.filter((m) => !overlap.includes(m));
    reasons.push({
      criterion: 'SEASON',
      status: overlap.length === needed.length ? 'MET' : overlap.length > 0 ? 'PARTIAL' : 'MISSING',
      required: true,
      message:
        declared.length < usable.length
          ? `No season given for a fitting product: taken as available all year (${monthList(needed)}).`
          : missingMonths.length === 0
            ? `In season in all ${needed.length} months needed (${monthList(needed)}).`
            : `In season in ${overlap.length} of ${needed.length} months needed${overlap.length ? ` (${monthList(overlap)})` : ''}; missing ${monthList(missingMonths)}.`,
    });
  }

  // Reach: every delivery point, directly within the radius or through a hub serving its municipality.
  const total = need.points.length;
  const reached = Number(c.points_reached);
  const radius = c.delivery_radius_km === null ? null : Number(c.delivery_radius_km);
  const maxKm = c.max_km === null ? null : Number(c.max_km);
  const pointsText = total === 1 ? need.points[0]!.label : `${total} delivery points`;
  let reach: Reason;
  if (reached === total) {
    const direct = Number(c.points_direct);
    reach = {
      criterion: 'REACH',
      status: 'MET',
      required: true,
      message:
        direct === total
          ? `Delivers to ${pointsText} within its ${km(radius!)} delivery radius.`
          : direct > 0
            ? `Delivers to ${direct} of ${total} points within its ${km(radius!)} radius and to the rest through ${c.hub_name}.`
            : `Delivers to ${pointsText} through ${c.hub_name}, which serves ${total === 1 ? 'its municipality' : 'their municipalities'}.`,
    };
  } else {
    const excess = c.worst_excess_km === null ? null : Number(c.worst_excess_km);
    reach = {
      criterion: 'REACH',
      status: reached > 0 ? 'PARTIAL' : 'MISSING',
      required: true,
      message:
        radius === null
          ? `No delivery radius given and no hub serving ${total === 1 ? 'the delivery point' : 'every delivery point'}.`
          : total === 1
            ? `${need.points[0]!.label} is ${km(maxKm!)} away, ${km(excess!)} beyond its ${km(radius)} delivery radius, and no hub it uses serves the municipality.`
            : `Reaches ${reached} of ${total} delivery points; the farthest is ${km(maxKm!)} away, beyond its ${km(radius)} delivery radius.`,
    };
  }
  reasons.push(reach);

  // Certifications "or equivalent": an organic scheme is accepted for another organic scheme.
  if (need.requiredCertifications.length) {
    for (const scheme of need.requiredCertifications) {
      const exact = certifications.includes(scheme);
      const equivalent = !exact && ORGANIC_SCHEMES.includes(scheme) ? certifications.find((s) => ORGANIC_SCHEMES.includes(s)) : undefined;
      reasons.push({
        criterion: 'CERTIFICATION',
        status: exact || equivalent ? 'MET' : 'MISSING',
        required: true,
        message: exact
          ? `Holds a valid ${scheme} certificate.`
          : equivalent
            ? `Holds ${equivalent}, accepted as equivalent to ${scheme} (both certified under the EU organic rules).`
            : `${scheme} (or equivalent) is required; no valid certificate${certifications.length ? ` (holds ${certifications.join(', ')})` : ''}.`,
      });
    }
  }

  // Capacity: the annual capacity of the usable products, in kg, for the months that overlap.
  let capacityKg: number | null = null;
  let unconvertible = false;
  for (const p of usable) {
    if (p.annualCapacity === null || p.capacityUnit === null) continue;
    const annual = table.toKg(p.categoryCode, p.capacityUnit, Number(p.annualCapacity));
    if (annual === null) {
      unconvertible = true;
      continue;
    }
    let share = 1;
    if (need.months) {
      const season = p.seasonMonths.length ? p.seasonMonths : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
      share = need.months.filter((m) => season.includes(m)).length / season.length;
    }
    capacityKg = (capacityKg ?? 0) + annual * share;
  }
  const quantityKg = need.quantityKg;
  const capacityShare = capacityKg !== null && quantityKg !== null && quantityKg > 0 ? capacityKg / quantityKg : null;
  const per = need.subject === 'LOT' ? 'a year' : 'in the period';
  reasons.push({
    criterion: 'CAPACITY',
    status: capacityShare === null ? 'UNKNOWN' : capacityShare >= 1 ? 'MET' : capacityShare > 0 ? 'PARTIAL' : 'MISSING',
    required: need.capacityRequired,
    message:
      capacityKg === null
        ? unconvertible
          ? 'Capacity is given in a unit that cannot be converted to kg for this category.'
          : 'No capacity given.'
        : quantityKg === null
          ? `Capacity about ${kg(capacityKg)} ${per}; the quantity needed is not given in a unit convertible to kg.`
          : `Capacity about ${kg(capacityKg)} ${per} for ${kg(quantityKg)} needed (${Math.round((capacityShare ?? 0) * 100)} %).`,
  });

  // Tender readiness: required for a lot, information elsewhere.
  reasons.push({
    criterion: 'TENDER_READY',
    status: c.tender_ready ? 'MET' : 'MISSING',
    required: need.tenderReadyRequired,
    message: c.tender_ready ? 'Able to answer public tenders.' : 'Not registered as able to answer public tenders.',
  });

  const missing = [...new Set(reasons.filter((r) => r.required && (r.status === 'MISSING' || r.status === 'PARTIAL')).map((r) => r.criterion))];
  const minPublicKm = c.min_public_km === null ? null : Math.round(Number(c.min_public_km) * 10) / 10;
  return {
    producerId: Number(c.id),
    producerName: c.name,
    qualifies: missing.length === 0,
    reasons,
    missing,
    products,
    distanceKm: minPublicKm,
    distanceApproximate: c.location_precision !== 'EXACT',
    radiusKm: radius,
    pointsReached: reached,
    pointsTotal: total,
    viaHubId: c.hub_id === null ? null : Number(c.hub_id),
    viaHubName: c.hub_name,
    monthsNeeded: need.months,
    monthsOverlapping,
    capacityKg: capacityKg === null ? null : Math.round(capacityKg * 1000) / 1000,
    quantityKg,
    capacityShare: capacityShare === null ? null : Math.round(capacityShare * 10000) / 10000,
    certifications,
    tenderReady: c.tender_ready,
  };
}

/**
 * Deterministic order. Qualifying producers first, then those missing fewest requirements; then, only
 * where nearness may count (purchases outside a tendered framework), the nearer; then the fuller
 * season and the larger capacity share (up to the quantity); then name and id.
 */
export function compareMatches(need: Need) {
  return (a: Match, b: Match): number => {
    if (a.qualifies !== b.qualifies) return a.qualifies ? -1 : 1;
    if (a.missing.length !== b.missing.length) return a.missing.length - b.missing.length;
    if (need.distanceRanks) {
      const da = a.distanceKm ?? Number.POSITIVE_INFINITY;
      const db = b.distanceKm ?? Number.POSITIVE_INFINITY;
      if (da !== db) return da - db;
    }
    const sa = a.monthsOverlapping?.length ?? 0;
    const sb = b.monthsOverlapping?.length ?? 0;
    if (sa !== sb) return sb - sa;
    const ca = Math.min(a.capacityShare ?? 0, 1);
    const cb = Math.min(b.capacityShare ?? 0, 1);
    if (ca !== cb) return cb - ca;
    const byName = a.producerName.localeCompare(b.producerName, 'en');
    return byName !== 0 ? byName : a.producerId - b.producerId;
  };
}

/** All candidates for the need, judged and in rank order. */
export async function matchNeed(db: Database, need: Need, options: { producerIds?: number[] } = {}): Promise<Match[]> {
  if (need.points.length === 0) return [];
  const [rows, table] = await Promise.all([candidates(db, need, options.producerIds ?? null), unitTableOf(db)]);
  return rows.map((row) => judge(need, row, table)).sort(compareMatches(need));
}
