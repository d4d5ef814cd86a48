import type { Database } from '../db/database.js';
import type { CertificationScheme, LocationPrecision, Unit } from '../generated/prisma/enums.js';
import { EARTH_RADIUS_KM, boundingBox, haversineKm } from '../places/geometry.js';
import { ORGANIC_SCHEMES } from '../producers/organic.js';
import { DEFAULT_UNIT_FACTORS, UnitTable } from '../deliveries/units.js';

/**
 * Matching producers with what a kitchen, a buyer or a procurement lot needs.
 *
 * A need (see `needs.ts`) lists the categories wanted, the months wanted, the quantity, the organic
 * and certification requirements, whether tender readiness is required, and the delivery points.
 * One SQL statement finds the candidates (a live product in one of the categories or a descendant,
 * and possibly reach to the delivery points or nearly so) with their products, valid certifications
 * and the hubs they use that serve the points; reach and distances are judged here, then every
 * criterion, so every match carries its reasons and the numbers behind them, and a producer that
 * almost matches says what is missing.
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

/** How far beyond its delivery radius a producer is still shown as a near miss. */
export const NEAR_MISS_KM = 25;

/**
 * Producers with a delivery radius up to this are looked for in a box around the first delivery point
 * (from the location index); those with a longer radius are always considered.
 */
const USUAL_RADIUS_KM = 200;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthList = (months: number[]) => months.map((m) => MONTH_NAMES[m - 1]).join(', ');
// One formatter each, made once: `toLocaleString` with a locale builds a new one on every call, which
// cost more than all the rest of judging a candidate. Same output: it formats through the same rules.
const kmFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const kgFormat = new Intl.NumberFormat('en');
const km = (x: number) => `${kmFormat.format(Math.round(x * 10) / 10)} km`;
const kg = (x: number) => `${kgFormat.format(Math.round(x))} kg`;
/** Names in English collation order, as `localeCompare(b, 'en')` gives without building a collator per call. */
const byNameOrder = new Intl.Collator('en').compare;

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

interface NearRow {
  id: number;
  name: string;
  tender_ready: boolean;
  delivery_radius_km: number | null;
  location_precision: LocationPrecision;
  lat: number | null;
  lon: number | null;
  public_lat: number | null;
  public_lon: number | null;
  /** Hubs the producer uses that serve a delivery point's municipality: [{ m, id, name }]. */
  hubs: { m: string; id: number; name: string }[] | null;
  /** Its live products in the categories, in category and id order. */
  products: MatchedProduct[];
  /** Its certification schemes valid on the need's date, in order; null when none. */
  certifications: CertificationScheme[] | null;
}

/**
 * The producers that offer the categories and could reach every delivery point, with their products
 * in the categories and their certifications valid on the need's date, in one statement. The
 * producers come from `producer_reach` (one narrow row per live producer, kept by triggers) through
 * the index on its categories. Kept are those using a hub that serves a point's municipality, and
 * those with a location and a delivery radius that lie within the radius plus NEAR_MISS_KM (and a
 * kilometre to spare for rounding) of every point: first inside the box every point's usual reach
 * shares, unless the radius is longer, then by great-circle distance. Reach itself is judged by
 * `reachOf`, which drops no producer this keeps by mistake and needs none it leaves out.
 */
export function candidateStatement(need: Need, producerIds: number[] | null): [string, unknown[]] {
  const categories = need.categories;
  // The box all points' usual reach shares (empty when the points lie too far apart).
  const boxes = need.points.map((p) => boundingBox(p.lat, p.lon, USUAL_RADIUS_KM + NEAR_MISS_KM + 1));
  const box = {
    minLat: Math.max(...boxes.map((b) => b.minLat)),
    maxLat: Math.min(...boxes.map((b) => b.maxLat)),
    minLon: Math.max(...boxes.map((b) => b.minLon)),
    maxLon: Math.min(...boxes.map((b) => b.maxLon)),
  };
  const municipalities = [...new Set(need.points.map((p) => p.municipalityCode))];
  return [
    `WITH cats AS (
       SELECT code, names FROM product_category
        WHERE $1::text[] IS NULL OR code = ANY($1::text[]) OR code LIKE ANY($2::text[])),
     hubbed AS (
       SELECT ph.producer_id, json_agg(json_build_object('m', hm.municipality_code, 'id', h.id, 'name', h.name) ORDER BY h.id) AS hubs
         FROM producer_hub ph JOIN hub h ON h.id = ph.hub_id AND h.deleted_at IS NULL
         JOIN hub_municipality hm ON hm.hub_id = h.id AND hm.municipality_code = ANY($3::text[])
        GROUP BY ph.producer_id),
     near AS (
       SELECT r.producer_id AS id, r.name, r.tender_ready, r.delivery_radius_km, r.location_precision,
              loc.lat, loc.lon, r.public_lat, r.public_lon, hb.hubs
         FROM producer_reach r
        CROSS JOIN LATERAL (SELECT coalesce(r.lat, r.public_lat) AS lat, coalesce(r.lon, r.public_lon) AS lon) loc
         LEFT JOIN hubbed hb ON hb.producer_id = r.producer_id
        WHERE r.categories && ARRAY(SELECT code FROM cats)
          AND ($4::int[] IS NULL OR r.producer_id = ANY($4::int[]))
          AND (hb.hubs IS NOT NULL
               OR ((r.delivery_radius_km > ${USUAL_RADIUS_KM} OR (loc.lat BETWEEN $5 AND $6 AND loc.lon BETWEEN $7 AND $8))
                   AND NOT EXISTS (
                     SELECT 1 FROM unnest($9::float8[], $10::float8[]) pt(lat, lon)
                      WHERE (2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(sin(radians(pt.lat - loc.lat) / 2) ^ 2
                               + cos(radians(loc.lat)) * cos(radians(pt.lat)) * sin(radians(pt.lon - loc.lon) / 2) ^ 2)))
                             <= r.delivery_radius_km + ${NEAR_MISS_KM + 1}) IS NOT TRUE))))
     SELECT n.*, pr.products, ce.certifications
       FROM near n
      CROSS JOIN LATERAL (
        SELECT json_agg(json_build_object(
                 'id', pp.id, 'categoryCode', pp.category_code, 'categoryNames', ct.names, 'name', pp.name,
                 'seasonMonths', pp.season_months, 'annualCapacity', pp.annual_capacity::float8,
                 'capacityUnit', pp.capacity_unit, 'organic', pp.organic) ORDER BY pp.category_code, pp.id) AS products
          FROM producer_product pp JOIN cats ct ON ct.code = pp.category_code
         WHERE pp.producer_id = n.id AND pp.deleted_at IS NULL) pr
      CROSS JOIN LATERAL (
        SELECT array_agg(DISTINCT ce.scheme::text ORDER BY ce.scheme::text) AS certifications
          FROM certification ce
         WHERE ce.producer_id = n.id AND ce.deleted_at IS NULL
           AND (ce.valid_from IS NULL OR ce.valid_from <= $11::date)
           AND (ce.valid_until IS NULL OR ce.valid_until >= $11::date)) ce`,
    [
      categories,
      categories?.map((c) => `${c.replace(/[\\%_]/g, (x) => `\\${x}`)}.%`) ?? null,
      municipalities,
      producerIds,
      box.minLat,
      box.maxLat,
      box.minLon,
      box.maxLon,
      need.points.map((p) => p.lat),
      need.points.map((p) => p.lon),
      need.validOn.toISOString().slice(0, 10),
    ],
  ];
}

/**
 * Reach to each delivery point, judged here: within the radius from the exact location, or a hub.
 * Null when a point is neither reached nor missed by at most NEAR_MISS_KM.
 */
function reachOf(need: Need, r: NearRow): CandidateRow | null {
  const radius = r.delivery_radius_km === null ? null : Number(r.delivery_radius_km);
  let reached = 0;
  let direct = 0;
  let maxKm: number | null = null;
  let minPublicKm: number | null = null;
  let worstExcess = 0;
  let hub: { id: number; name: string } | null = null;
  for (const pt of need.points) {
    const d = r.lat === null || r.lon === null ? null : haversineKm(r.lat, r.lon, pt.lat, pt.lon);
    if (r.public_lat !== null && r.public_lon !== null) {
      const pd = haversineKm(r.public_lat, r.public_lon, pt.lat, pt.lon);
      if (minPublicKm === null || pd < minPublicKm) minPublicKm = pd;
    }
    if (d !== null && (maxKm === null || d > maxKm)) maxKm = d;
    if (d !== null && radius !== null && d <= radius) {
      reached += 1;
      direct += 1;
      continue;
    }
    const via = r.hubs?.find((h) => h.m === pt.municipalityCode);
    if (via) {
      reached += 1;
      if (!hub || via.id < hub.id) hub = { id: via.id, name: via.name };
      continue;
    }
    worstExcess = Math.max(worstExcess, d === null || radius === null ? Number.POSITIVE_INFINITY : d - radius);
  }
  if (reached < need.points.length && !(worstExcess <= NEAR_MISS_KM)) return null;
  return {
    id: r.id,
    name: r.name,
    tender_ready: r.tender_ready,
    delivery_radius_km: radius,
    location_precision: r.location_precision,
    products: r.products,
    certifications: r.certifications,
    points_reached: reached,
    points_direct: direct,
    max_km: maxKm,
    min_public_km: minPublicKm,
    worst_excess_km: reached === need.points.length ? 0 : worstExcess,
    hub_id: hub?.id ?? null,
    hub_name: hub?.name ?? null,
  };
}

/** The candidates for a need: those that could be near (above), kept when they reach every point or nearly so. */
async function candidates(db: Database, need: Need, producerIds: number[] | null): Promise<CandidateRow[]> {
  const [text, params] = candidateStatement(need, producerIds);
  return (await db.sql.query<NearRow>(text, params)).map((r) => reachOf(need, r)).filter((c): c is CandidateRow => c !== null);
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

/**
 * A reason whose message is written when it is first read: ranking needs only the statuses, and a
 * page shows the reasons of a few of the matches ranked.
 */
function reason(criterion: Criterion, status: CriterionStatus, required: boolean, describe: () => string): Reason {
  let message: string | undefined;
  return {
    criterion,
    status,
    required,
    get message() {
      message ??= describe();
      return message;
    },
  };
}

/** Judges one candidate against the need. Pure: the tests exercise it through `matchNeed`. */
function judge(need: Need, c: CandidateRow, table: UnitTable): Match {
  const reasons: Reason[] = [];
  const products = c.products ?? [];
  const certifications = (c.certifications ?? []) as CertificationScheme[];

  // Category: products in the wanted categories or their descendants (always at least one for a candidate).
  reasons.push(
    reason('CATEGORY', 'MET', true, () => {
      const offered = products.map((p) => `${p.categoryNames?.en ?? p.categoryCode} (${p.categoryCode})`).join(', ');
      return need.categories ? `Offers ${offered}: in the categories needed.` : `Offers ${offered}.`;
    }),
  );

  // Organic: a fitting product that is organic. The other criteria then look at organic products only.
  let usable = products;
  if (need.organicRequired) {
    const organic = products.filter((p) => p.organic);
    reasons.push(
      organic.length
        ? reason('ORGANIC', 'MET', true, () => `Organic: ${organic.map((p) => p.categoryCode).join(', ')}.`)
        : reason('ORGANIC', 'MISSING', true, () => 'Organic is required; none of the fitting products is organic.'),
    );
    if (organic.length) usable = organic;
  }

  // Season: the months of the need each usable product is available in; the best product counts.
  let monthsOverlapping: number[] | null = null;
  if (need.months) {
    const needed = need.months;
    const declared = usable.filter((p) => p.seasonMonths.length > 0);
    const undeclared = declared.length < usable.length;
    if (undeclared)
      monthsOverlapping = [...needed]; // a product without a season: all year
    else {
      for (const p of declared) {
        const overlap = needed.filter((m) => p.seasonMonths.includes(m));
        if (!monthsOverlapping || overlap.length > monthsOverlapping.length) monthsOverlapping = overlap;
      }
    }
    const overlap = monthsOverlapping ?? [];
    reasons.push(
      reason('SEASON', overlap.length === needed.length ? 'MET' : overlap.length > 0 ? 'PARTIAL' : 'MISSING', true, () => {
        const missingMonths = needed.filter((m) => !overlap.includes(m));
        return undeclared
          ? `No season given for a fitting product: taken as available all year (${monthList(needed)}).`
          : missingMonths.length === 0
            ? `In season in all ${needed.length} months needed (${monthList(needed)}).`
            : `In season in ${overlap.length} of ${needed.length} months needed${overlap.length ? ` (${monthList(overlap)})` : ''}; missing ${monthList(missingMonths)}.`;
      }),
    );
  }

  // Reach: every delivery point, directly within the radius or through a hub serving its municipality.
  const total = need.points.length;
  const reached = Number(c.points_reached);
  const radius = c.delivery_radius_km === null ? null : Number(c.delivery_radius_km);
  const maxKm = c.max_km === null ? null : Number(c.max_km);
  const pointsText = total === 1 ? need.points[0]!.label : `${total} delivery points`;
  if (reached === total) {
    const direct = Number(c.points_direct);
    reasons.push(
      reason('REACH', 'MET', true, () =>
        direct === total
          ? `Delivers to ${pointsText} within its ${km(radius!)} delivery radius.`
          : direct > 0
            ? `Delivers to ${direct} of ${total} points within its ${km(radius!)} radius and to the rest through ${c.hub_name}.`
            : `Delivers to ${pointsText} through ${c.hub_name}, which serves ${total === 1 ? 'its municipality' : 'their municipalities'}.`,
      ),
    );
  } else {
    const excess = c.worst_excess_km === null ? null : Number(c.worst_excess_km);
    reasons.push(
      reason('REACH', reached > 0 ? 'PARTIAL' : 'MISSING', true, () =>
        radius === null
          ? `No delivery radius given and no hub serving ${total === 1 ? 'the delivery point' : 'every delivery point'}.`
          : total === 1
            ? `${need.points[0]!.label} is ${km(maxKm!)} away, ${km(excess!)} beyond its ${km(radius)} delivery radius, and no hub it uses serves the municipality.`
            : `Reaches ${reached} of ${total} delivery points; the farthest is ${km(maxKm!)} away, beyond its ${km(radius)} delivery radius.`,
      ),
    );
  }

  // Certifications "or equivalent": an organic scheme is accepted for another organic scheme.
  for (const scheme of need.requiredCertifications) {
    const exact = certifications.includes(scheme);
    const equivalent = !exact && ORGANIC_SCHEMES.includes(scheme) ? certifications.find((s) => ORGANIC_SCHEMES.includes(s)) : undefined;
    reasons.push(
      reason('CERTIFICATION', exact || equivalent ? 'MET' : 'MISSING', true, () =>
        exact
          ? `Holds a valid ${scheme} certificate.`
          : equivalent
            ? `Holds ${equivalent}, accepted as equivalent to ${scheme} (both certified under the EU organic rules).`
            : `${scheme} (or equivalent) is required; no valid certificate${certifications.length ? ` (holds ${certifications.join(', ')})` : ''}.`,
      ),
    );
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
  reasons.push(
    reason(
      'CAPACITY',
      capacityShare === null ? 'UNKNOWN' : capacityShare >= 1 ? 'MET' : capacityShare > 0 ? 'PARTIAL' : 'MISSING',
      need.capacityRequired,
      () =>
        capacityKg === null
          ? unconvertible
            ? 'Capacity is given in a unit that cannot be converted to kg for this category.'
            : 'No capacity given.'
          : quantityKg === null
            ? `Capacity about ${kg(capacityKg)} ${per}; the quantity needed is not given in a unit convertible to kg.`
            : `Capacity about ${kg(capacityKg)} ${per} for ${kg(quantityKg)} needed (${Math.round((capacityShare ?? 0) * 100)} %).`,
    ),
  );

  // Tender readiness: required for a lot, information elsewhere.
  reasons.push(
    reason('TENDER_READY', c.tender_ready ? 'MET' : 'MISSING', need.tenderReadyRequired, () =>
      c.tender_ready ? 'Able to answer public tenders.' : 'Not registered as able to answer public tenders.',
    ),
  );

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
    const byName = byNameOrder(a.producerName, b.producerName);
    return byName !== 0 ? byName : a.producerId - b.producerId;
  };
}

/**
 * All candidates for the need, judged and in rank order. `units`: the unit table when the caller
 * has read it already (else it is read alongside the candidates).
 */
export async function matchNeed(db: Database, need: Need, options: { producerIds?: number[]; units?: UnitTable } = {}): Promise<Match[]> {
  if (need.points.length === 0) return [];
  const [rows, table] = await Promise.all([candidates(db, need, options.producerIds ?? null), options.units ?? unitTableOf(db)]);
  return rows.map((row) => judge(need, row, table)).sort(compareMatches(need));
}
