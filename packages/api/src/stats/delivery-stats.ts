import type { Database } from '../db/database.js';
import { cellIsVisible } from '../privacy/small-cells.js';

/** Dimensions statistics can be grouped by. */
export const GROUP_DIMENSIONS = [
  'YEAR',
  'MONTH',
  'COUNTRY',
  'REGION',
  'MUNICIPALITY',
  'KITCHEN',
  'KITCHEN_KIND',
  'CATEGORY',
  'PRODUCER',
  'SUPPLIER_KIND',
  'SUPPLIER_SIZE',
] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

/**
 * Who delivered and invoiced a line (the supplier, never the producer of origin), as one of these:
 * PRODUCER — a registered producer delivering directly, or a supplier organization of kind
 * PRODUCER_COMPANY or COOPERATIVE; WHOLESALER — a supplier organization of kind WHOLESALER or
 * LOGISTICS (an intermediary that invoices food it did not produce); OTHER — a supplier organization
 * of any other kind, or a supplier known only by name; UNKNOWN — no supplier given.
 */
export const SUPPLIER_KINDS = ['PRODUCER', 'WHOLESALER', 'OTHER', 'UNKNOWN'] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

/**
 * The EU SME size class of the supplier (Commission Recommendation 2003/361/EC), from its
 * organization (a supplier producer: its organization's); UNKNOWN when the supplier has no
 * organization, or its organization no class, or there is no supplier.
 */
export const SUPPLIER_SIZES = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'UNKNOWN'] as const;
export type SupplierSize = (typeof SUPPLIER_SIZES)[number];

/** Rows per page of statistics grouped by KITCHEN or PRODUCER: the default and the most. */
export const STATS_PAGE = { default: 100, max: 1_000 } as const;

/** Whether rows come in pages: groupings by kitchen or producer, whose rows grow with the data. */
export const statsArePaged = (groupBy: readonly string[]) => groupBy.includes('KITCHEN') || groupBy.includes('PRODUCER');

export type LocalKind = 'SAME_MUNICIPALITY' | 'SAME_REGION' | 'SAME_COUNTRY' | 'WITHIN_KM';
export type MeasureKind = 'VALUE' | 'WEIGHT';

export interface StatsFilter {
  municipalities?: string[] | null;
  regions?: string[] | null;
  countries?: string[] | null;
  /** Category codes; each includes its descendants. */
  categories?: string[] | null;
  kitchenKinds?: string[] | null;
  kitchenIds?: number[] | null;
  /** Only lines of these sources (IDs). */
  sourceIds?: number[] | null;
  /** Only lines bought in the municipalities of these projects (IDs). */
  projectIds?: number[] | null;
  /** Only lines whose supplier is of these kinds (UNKNOWN: lines without a supplier). */
  supplierKinds?: SupplierKind[] | null;
  /** Only lines whose supplier is of these size classes (UNKNOWN: the class is not known). */
  supplierSizes?: SupplierSize[] | null;
  /** First day counted (lines are prorated by days to the part inside [from, to]). */
  from?: Date | null;
  /** Last day counted. */
  to?: Date | null;
  /** Only lines of sources whose licence allows open export. */
  exportableOnly?: boolean;
}

export interface StatsRequest {
  filter: StatsFilter;
  groupBy: GroupDimension[];
  /** Depth (1–3) of the category tree when grouping by CATEGORY. */
  categoryDepth?: number;
  local: LocalKind;
  localKm?: number | null;
  measure: MeasureKind;
  /** Convert money to this currency with the annual `exchange_rate_eur_<cur>` observations. */
  currency?: string | null;
  /**
   * The organization whose own sources' cells are shown unsuppressed (an API key with read:private),
   * or null for the public view.
   */
  privateOrganizationId?: number | null;
  /** Compute without suppression (internal aggregates such as goal progress). */
  unsuppressed?: boolean;
  /**
   * Allocate the lines invoiced to a central kitchen to its receiving kitchens by meals (see
   * `allocationSql`); such shares form their own rows, marked `allocated`.
   */
  allocateCentralKitchens?: boolean;
  /**
   * `only`: only the lines at kitchens that give both meals per day and serving days (and are not
   * deleted), bought in the kitchen's own municipality, the part of each row that figures per meal
   * divide (see per-meal.ts); `excluded`: only the other lines. Read from the lines.
   */
  countedKitchens?: 'only' | 'excluded' | null;
  /** Force a path (tests compare them); by default `statsPath` chooses. */
  path?: StatsPath;
  /** A page of the rows in their order: `limit` rows after the first `offset`. */
  page?: { offset: number; limit: number } | null;
}

/**
 * How a request is computed: `rollup` from the precomputed monthly sums (delivery_rollup, plus the
 * lines between two distance edges for WITHIN_KM), or `raw` from the delivery lines. Both give
 * identical rows; the rollup cannot serve every grouping and filter.
 */
export type StatsPath = 'rollup' | 'raw';

export interface ExchangeRateUsed {
  currency: string;
  year: number;
  /** Units of the currency per euro. */
  rate: number;
  indicatorKey: string;
}

export interface StatsRow {
  year: number | null;
  month: number | null;
  countryCode: string | null;
  regionCode: string | null;
  regionName: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  kitchenId: number | null;
  kitchenName: string | null;
  kitchenKind: string | null;
  categoryCode: string | null;
  categoryNames: Record<string, string> | null;
  producerId: number | null;
  producerName: string | null;
  supplierKind: SupplierKind | null;
  supplierSize: SupplierSize | null;
  /** Currency of the money figures (null for WEIGHT). */
  currency: string | null;
  /** The row holds shares of central kitchens' lines allocated to a receiving kitchen. */
  allocated: boolean;
  suppressed: boolean;
  total: number | null;
  organic: number | null;
  local: number | null;
  unknownOrigin: number | null;
  organicShare: number | null;
  localShare: number | null;
  localShareOfKnown: number | null;
  lines: number | null;
  unconvertedLines: number | null;
  exchangeRates: ExchangeRateUsed[];
}

interface RawRow {
  year: number | null;
  month: number | null;
  country_code: string | null;
  region_code: string | null;
  region_name: string | null;
  municipality_code: string | null;
  municipality_name: string | null;
  kitchen_id: number | null;
  kitchen_name: string | null;
  kitchen_kind: string | null;
  category_code: string | null;
  category_names: Record<string, string> | null;
  producer_id: number | null;
  producer_name: string | null;
  supplier_kind: string | null;
  supplier_size: string | null;
  currency: string | null;
  allocated: boolean | null;
  total: string | null;
  organic: string | null;
  local: string | null;
  unknown: string | null;
  lines: number;
  unconverted: number;
  suppliers: number;
  own: boolean | null;
  rates: string | null;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** SQL for one group dimension: the expression over `pieces` and the output column(s). */
function dimensionSql(dimension: GroupDimension, categoryDepth: number): { expr: string; as: string }[] {
  switch (dimension) {
    case 'YEAR':
      return [{ expr: 'extract(year FROM x.bucket)::int', as: 'year' }];
    case 'MONTH':
      return [
        { expr: 'extract(year FROM x.bucket)::int', as: 'year' },
        { expr: 'extract(month FROM x.bucket)::int', as: 'month' },
      ];
    case 'COUNTRY':
      return [{ expr: 'x.country_code', as: 'country_code' }];
    case 'REGION':
      return [{ expr: 'x.region_code', as: 'region_code' }];
    case 'MUNICIPALITY':
      return [{ expr: 'x.municipality_code', as: 'municipality_code' }];
    case 'KITCHEN':
      return [{ expr: 'x.kitchen_id', as: 'kitchen_id' }];
    case 'KITCHEN_KIND':
      return [{ expr: 'x.kitchen_kind', as: 'kitchen_kind' }];
    case 'CATEGORY':
      // Codes are dotted paths of the tree, so the ancestor at a depth is a prefix of the code.
      return [{ expr: `array_to_string((string_to_array(x.category_code, '.'))[1:${categoryDepth}], '.')`, as: 'category_code' }];
    case 'PRODUCER':
      return [{ expr: 'x.producer_id', as: 'producer_id' }];
    case 'SUPPLIER_KIND':
      return [{ expr: 'x.supplier_kind', as: 'supplier_kind' }];
    case 'SUPPLIER_SIZE':
      return [{ expr: 'x.supplier_size', as: 'supplier_size' }];
  }
}

const ALL_KEYS = [
  'year',
  'month',
  'country_code',
  'region_code',
  'municipality_code',
  'kitchen_id',
  'kitchen_kind',
  'category_code',
  'producer_id',
  'supplier_kind',
  'supplier_size',
] as const;

const keyType = (k: string) => (k.endsWith('_id') || k === 'year' || k === 'month' ? 'int' : 'text');

/** The finest period the request is grouped by. */
function granularityOf(request: StatsRequest): 'month' | 'year' | null {
  return request.groupBy.includes('MONTH') ? 'month' : request.groupBy.includes('YEAR') ? 'year' : null;
}

/** The grouping dimensions as output columns, in order, without duplicates. */
function groupColumns(request: StatsRequest): Map<string, string> {
  const depth = request.categoryDepth ?? 3;
  if (!Number.isInteger(depth) || depth < 1 || depth > 3) throw new Error(`categoryDepth ${depth} is not 1–3`);
  const dims = new Map<string, string>();
  for (const d of request.groupBy) for (const { expr, as } of dimensionSql(d, depth)) dims.set(as, expr);
  return dims;
}

const isoDate = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * Chooses how to compute a request, in one place. The rollup holds monthly sums per buying
 * municipality, source, measure and currency, so it serves groupings by time and place of the buyer,
 * filters by place, source, project, whole months and exportable sources, and every definition of
 * local; its yearly sums per category (depth 2) and kitchen kind serve groupings and filters by
 * category (to depth 2) and kitchen kind over whole years. Anything finer (kitchens, producers,
 * suppliers' kinds and sizes, categories at depth 3, categories or kitchen kinds by month, a target
 * currency, partial months, allocation) is computed from the lines.
 */
export function statsPath(request: StatsRequest): StatsPath {
  const f = request.filter;
  if (request.currency && request.measure === 'VALUE') return 'raw';
  if (request.allocateCentralKitchens) return 'raw';
  if (request.countedKitchens) return 'raw';
  if (request.groupBy.some((g) => g === 'KITCHEN' || g === 'PRODUCER')) return 'raw';
  if (bySupplier(request)) return 'raw';
  if (f.kitchenIds?.length) return 'raw';
  if (f.from && f.from.getUTCDate() !== 1) return 'raw';
  if (f.to && new Date(f.to.getTime() + 86_400_000).getUTCDate() !== 1) return 'raw';
  if (byCategoryOrKind(request)) {
    if (request.groupBy.includes('CATEGORY') && (request.categoryDepth ?? 3) > 2) return 'raw';
    if (f.categories?.some((c) => c.split('.').length > 2)) return 'raw';
    if (!coversWholeYears(request)) return 'raw';
  }
  return 'rollup';
}

/** Whether a request groups or filters by the supplier's kind or size (judged from the lines' suppliers). */
function bySupplier(request: StatsRequest): boolean {
  const f = request.filter;
  return request.groupBy.includes('SUPPLIER_KIND') || request.groupBy.includes('SUPPLIER_SIZE') || !!f.supplierKinds?.length || !!f.supplierSizes?.length;
}

/**
 * The supplier's kind and size class of a line `d` (see SUPPLIER_KINDS, SUPPLIER_SIZES), over the
 * supplier organization `so`, the supplier producer `sp` and its organization `spo`; in the order
 * `fc_supplier_key` names the supplier: producer, organization, name.
 */
const SUPPLIER_KIND_SQL = `CASE WHEN d.supplier_producer_id IS NOT NULL THEN 'PRODUCER'
                WHEN d.supplier_organization_id IS NOT NULL THEN
                  CASE WHEN so.kind IN ('PRODUCER_COMPANY', 'COOPERATIVE') THEN 'PRODUCER'
                       WHEN so.kind IN ('WHOLESALER', 'LOGISTICS') THEN 'WHOLESALER'
                       ELSE 'OTHER' END
                WHEN d.supplier_name IS NOT NULL THEN 'OTHER'
                ELSE 'UNKNOWN' END`;
const SUPPLIER_SIZE_SQL = `coalesce(CASE WHEN d.supplier_producer_id IS NOT NULL THEN spo.size_class::text
                         WHEN d.supplier_organization_id IS NOT NULL THEN so.size_class::text END, 'UNKNOWN')`;
const SUPPLIER_JOINS = `LEFT JOIN organization so ON so.id = d.supplier_organization_id
      LEFT JOIN producer sp ON sp.id = d.supplier_producer_id
      LEFT JOIN organization spo ON spo.id = sp.organization_id`;

/**
 * Whether a request groups or filters by category or kitchen kind (read from `delivery_rollup_category`,
 * or `delivery_rollup_category_top` for top-level categories alone).
 */
function byCategoryOrKind(request: StatsRequest): boolean {
  const f = request.filter;
  return request.groupBy.includes('CATEGORY') || request.groupBy.includes('KITCHEN_KIND') || !!f.categories?.length || !!f.kitchenKinds?.length;
}

/**
 * Whether a request by category asks only for top-level categories (grouped at depth 1, filtered by
 * categories of depth 1) and nothing of kitchen kinds: `delivery_rollup_category_top` serves it.
 */
export function byTopCategoryOnly(request: StatsRequest): boolean {
  const f = request.filter;
  if (request.groupBy.includes('KITCHEN_KIND') || f.kitchenKinds?.length) return false;
  if (request.groupBy.includes('CATEGORY') && request.categoryDepth !== 1) return false;
  return !f.categories?.some((c) => c.includes('.'));
}

/** Whether a request covers whole calendar years and is not grouped by month (the yearly sums serve it). */
function coversWholeYears(request: StatsRequest): boolean {
  const f = request.filter;
  return granularityOf(request) !== 'month' && (!f.from || f.from.getUTCMonth() === 0) && (!f.to || f.to.getUTCMonth() === 11);
}

/**
 * Receiving kitchens' shares of their central kitchen's lines, by meals: meals per day × serving
 * days per year when every receiving kitchen of that central kitchen states its serving days, else
 * meals per day (so that one central kitchen's shares are always in the same unit). Receiving
 * kitchens without meals get no share; a central kitchen none of whose receiving kitchens states
 * meals keeps its lines. Deleted kitchens take no part.
 */
const ALLOCATION_CTE = `receivers AS (
    SELECT r.central_kitchen_id AS central_id, r.id AS kitchen_id, r.kind::text AS kind,
           CASE WHEN bool_and(r.serving_days_per_year IS NOT NULL) OVER (PARTITION BY r.central_kitchen_id)
                THEN coalesce(r.meals_per_day, 0)::numeric * r.serving_days_per_year
                ELSE coalesce(r.meals_per_day, 0)::numeric END AS weight
      FROM kitchen r
      JOIN kitchen c ON c.id = r.central_kitchen_id AND c.deleted_at IS NULL
     WHERE r.deleted_at IS NULL
  ),
  shares AS (
    SELECT central_id, kitchen_id, kind, weight / sum(weight) OVER (PARTITION BY central_id) AS share
      FROM receivers WHERE weight > 0
  ),`;

/** A line `d` at a kitchen `k` that gives meal counts, in the kitchen's own municipality (see per-meal.ts). */
const COUNTED_KITCHEN = 'k.deleted_at IS NULL AND k.meals_per_day > 0 AND k.serving_days_per_year > 0 AND d.municipality_code = k.municipality_code';

/**
 * Builds the one statement behind `deliveryStats`, computed from the delivery lines. Only
 * whitelisted fragments (group columns, the period granularity, the measure column) are spliced in;
 * every value is a bound parameter. Each line is split into its calendar months by days (and
 * clipped to [from, to]); groups sum these month parts, so sums by year or in total are sums of the
 * same parts the rollup stores.
 */
export function deliveryStatsSql(request: StatsRequest): { sql: string; params: unknown[] } {
  const f = request.filter;
  const dims = groupColumns(request);
  const granularity = granularityOf(request);
  const weight = request.measure === 'WEIGHT';
  const target = weight ? null : (request.currency ?? null);
  const allocate = request.allocateCentralKitchens === true;
  if (allocate && request.countedKitchens) throw new Error('Lines at kitchens with meal counts are not allocated.');

  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const municipalities = p(f.municipalities?.length ? f.municipalities : null);
  const regions = p(f.regions?.length ? f.regions : null);
  const countries = p(f.countries?.length ? f.countries : null);
  const categories = p(f.categories?.length ? f.categories : null);
  const categoryPatterns = p(f.categories?.length ? f.categories.map((c) => `${likeEscape(c)}.%`) : null);
  const kinds = p(f.kitchenKinds?.length ? f.kitchenKinds : null);
  const kitchenIds = p(f.kitchenIds?.length ? f.kitchenIds : null);
  const sourceIds = p(f.sourceIds?.length ? f.sourceIds : null);
  const projectIds = p(f.projectIds?.length ? f.projectIds : null);
  const supplier = bySupplier(request);
  const supplierKinds = supplier ? p(f.supplierKinds?.length ? f.supplierKinds : null) : 'NULL';
  const supplierSizes = supplier ? p(f.supplierSizes?.length ? f.supplierSizes : null) : 'NULL';
  const from = p(isoDate(f.from));
  const to = p(isoDate(f.to));
  const local = p(request.local);
  const km = p(request.localKm ?? null);
  const owner = p(request.privateOrganizationId ?? null);
  const targetCurrency = target ? p(target) : 'NULL';

  // The part of each line inside [from, to], split into calendar months.
  const start = `greatest(b.period_start, coalesce(${from}::date, b.period_start))`;
  const end = `least(b.period_end, coalesce(${to}::date, b.period_end))`;
  const bucket = granularity ? `date_trunc('${granularity}', s.month)::date` : 'NULL::date';
  // A line counts once per group: in the month part that opens its stretch of the group. Converted
  // money is counted per year at least, since each year has its own rate.
  const countGranularity = granularity === 'month' ? 'month' : granularity === 'year' || target ? 'year' : null;
  const opens = countGranularity ? `s.ps = greatest(${start}, date_trunc('${countGranularity}', s.month)::date)` : `s.ps = ${start}`;
  const pieces = `CROSS JOIN LATERAL (
         SELECT g::date AS month,
                greatest(${start}, g::date) AS ps,
                least(${end}, (g + interval '1 month' - interval '1 day')::date) AS pe
           FROM generate_series(date_trunc('month', ${start}), date_trunc('month', ${end}), interval '1 month') g) s`;

  const amountColumn = weight ? 'b.quantity_kg' : 'b.value';
  // Money converts through euros: value / (cur per EUR) × (target per EUR), at the year of the piece.
  const amount = target
    ? `CASE WHEN b.currency = ${targetCurrency}::text THEN b.value
            WHEN rs.rate IS NOT NULL AND rt.rate IS NOT NULL THEN b.value / rs.rate * rt.rate END`
    : amountColumn;
  const rateJoins = target
    ? `LEFT JOIN rates rs ON rs.currency = b.currency AND rs.year = extract(year FROM s.ps)::int
       LEFT JOIN rates rt ON rt.currency = ${targetCurrency}::text AND rt.year = extract(year FROM s.ps)::int`
    : '';
  const ratesCte = target
    ? `rates AS (
         SELECT 'EUR' AS currency, y AS year, 1::numeric AS rate, NULL::text AS key FROM generate_series(1900, 2200) y
         UNION ALL
         (SELECT DISTINCT ON (upper(substr(i.key, 19)), extract(year FROM o.date))
                upper(substr(i.key, 19)), extract(year FROM o.date)::int, o.value, i.key
           FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE i.key LIKE 'exchange\\_rate\\_eur\\_%' AND o.deleted_at IS NULL AND i.deleted_at IS NULL
            AND o.municipality_code IS NULL AND o.kitchen_id IS NULL AND o.project_id IS NULL
          ORDER BY upper(substr(i.key, 19)), extract(year FROM o.date), (o.period_type = 'YEAR') DESC, o.date, o.id)),`
    : '';
  const rateUsed = target
    ? `, CASE WHEN b.currency <> ${targetCurrency}::text AND rs.rate IS NOT NULL AND rt.rate IS NOT NULL
              THEN b.currency || '|' || rs.year || '|' || rs.rate || '|' || coalesce(rs.key, '') || ';'
                || ${targetCurrency}::text || '|' || rt.year || '|' || rt.rate || '|' || coalesce(rt.key, '') END AS rates`
    : ', NULL::text AS rates';
  const share = allocate ? ' * coalesce(b.share, 1)' : '';

  if (allocate) dims.set('allocated', 'x.allocated');
  const groupCols = [...dims.entries()];
  const currencyExpr = weight ? 'NULL::text' : target ? `${targetCurrency}::text` : 'x.currency';
  const select = groupCols.map(([as, expr]) => `${expr} AS ${as}`);
  const groupBy = [...groupCols.map(([, expr]) => expr), currencyExpr];
  const keyList = ALL_KEYS.map((k) => (dims.has(k) ? `a.${k}` : `NULL::${keyType(k)} AS ${k}`));
  // With allocation, a central kitchen's line stands for one line per receiving kitchen, each with its share.
  const kitchenSql = allocate
    ? `CROSS JOIN LATERAL (
         SELECT sh.kitchen_id, sh.kind, sh.share, true AS allocated FROM shares sh WHERE sh.central_id = d.kitchen_id
         UNION ALL
         SELECT d.kitchen_id, k.kind::text, NULL::numeric, false
          WHERE NOT EXISTS (SELECT 1 FROM shares sh WHERE sh.central_id = d.kitchen_id)) al`
    : '';
  const kitchenId = allocate ? 'al.kitchen_id' : 'd.kitchen_id';
  const kitchenKind = allocate ? 'al.kind' : 'k.kind::text';

  const sql = `WITH ${ratesCte} ${allocate ? ALLOCATION_CTE : ''}
  base AS (
    SELECT d.id, d.period_start, d.period_end, d.organic, d.currency::text AS currency, d.value, d.quantity, d.quantity_kg,
           d.municipality_code, ${kitchenId} AS kitchen_id, d.producer_id, d.category_code,
           m.country_code, m.region_code, ${kitchenKind} AS kitchen_kind,
           ${allocate ? 'al.share, al.allocated,' : ''}
           fc_supplier_key(d.supplier_producer_id, d.supplier_organization_id, d.supplier_name) AS supplier,
           ${supplier ? `${SUPPLIER_KIND_SQL} AS supplier_kind, ${SUPPLIER_SIZE_SQL} AS supplier_size,` : ''}
           coalesce(src.organization_id = ${owner}::int, false) AS own,
           -- Local is judged by the producer (origin), never the supplier: true, false, or null when unknown.
           CASE ${local}::text
             WHEN 'SAME_MUNICIPALITY' THEN
               CASE WHEN p.id IS NOT NULL THEN coalesce(p.municipality_code = d.municipality_code, false)
                    WHEN d.origin_country IS NOT NULL AND d.origin_country <> m.country_code THEN false END
             WHEN 'SAME_REGION' THEN
               CASE WHEN p.id IS NOT NULL THEN coalesce(pm.region_code = m.region_code, false)
                    WHEN d.origin_country IS NOT NULL AND d.origin_country <> m.country_code THEN false END
             WHEN 'SAME_COUNTRY' THEN
               CASE WHEN p.id IS NOT NULL THEN p.country_code = m.country_code
                    WHEN d.origin_country IS NOT NULL THEN d.origin_country = m.country_code END
             WHEN 'WITHIN_KM' THEN
               CASE WHEN p.public_lat IS NOT NULL AND p.public_lon IS NOT NULL THEN
                 fc_distance_km(kl.lat, kl.lon, p.public_lat, p.public_lon) <= ${km}::float8
               END
           END AS is_local
      FROM delivery d
      JOIN source src ON src.id = d.source_id
      JOIN municipality m ON m.code = d.municipality_code
      LEFT JOIN kitchen k ON k.id = d.kitchen_id
      LEFT JOIN producer p ON p.id = d.producer_id
      LEFT JOIN municipality pm ON pm.code = p.municipality_code
      ${supplier ? SUPPLIER_JOINS : ''}
      -- The kitchen's point, or the buying municipality's centre when the kitchen is unknown or has none.
      CROSS JOIN LATERAL (
        SELECT CASE WHEN k.lat IS NOT NULL AND k.lon IS NOT NULL THEN k.lat ELSE m.centroid_lat END AS lat,
               CASE WHEN k.lat IS NOT NULL AND k.lon IS NOT NULL THEN k.lon ELSE m.centroid_lon END AS lon) kl
      ${kitchenSql}
     WHERE d.deleted_at IS NULL${f.exportableOnly ? ' AND src.exportable AND src.deleted_at IS NULL' : ''}
       ${request.countedKitchens ? `AND ${request.countedKitchens === 'excluded' ? 'NOT ' : ''}coalesce(${COUNTED_KITCHEN}, false)` : ''}
       AND NOT EXISTS (SELECT 1 FROM delivery r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL)
       AND ${weight ? '(d.quantity IS NOT NULL OR d.quantity_kg IS NOT NULL)' : 'd.value IS NOT NULL AND d.currency IS NOT NULL'}
       AND (${municipalities}::text[] IS NULL OR d.municipality_code = ANY(${municipalities}::text[]))
       AND (${regions}::text[] IS NULL OR m.region_code = ANY(${regions}::text[]))
       AND (${countries}::text[] IS NULL OR m.country_code = ANY(${countries}::text[]))
       AND (${categories}::text[] IS NULL OR d.category_code = ANY(${categories}::text[]) OR d.category_code LIKE ANY(${categoryPatterns}::text[]))
       AND (${kinds}::text[] IS NULL OR ${kitchenKind} = ANY(${kinds}::text[]))
       AND (${kitchenIds}::int[] IS NULL OR ${kitchenId} = ANY(${kitchenIds}::int[]))
       AND (${sourceIds}::int[] IS NULL OR d.source_id = ANY(${sourceIds}::int[]))
       AND (${projectIds}::int[] IS NULL OR d.municipality_code IN (SELECT pm.municipality_code FROM project_municipality pm WHERE pm.project_id = ANY(${projectIds}::int[])))
       ${
         supplier
           ? `AND (${supplierKinds}::text[] IS NULL OR ${SUPPLIER_KIND_SQL} = ANY(${supplierKinds}::text[]))
       AND (${supplierSizes}::text[] IS NULL OR ${SUPPLIER_SIZE_SQL} = ANY(${supplierSizes}::text[]))`
           : ''
       }
       AND (${from}::date IS NULL OR d.period_end >= ${from}::date)
       AND (${to}::date IS NULL OR d.period_start <= ${to}::date)
  ),
  pieces AS (
    SELECT b.*, ${bucket} AS bucket, ${opens} AS opens,
           (${amount}) * ((s.pe - s.ps + 1)::numeric / (b.period_end - b.period_start + 1))${share} AS amount
           ${rateUsed}
      FROM base b
      ${pieces}
      ${rateJoins}
     WHERE s.pe >= s.ps
  ),
  -- Two steps: per cell, supplier (and exchange rates used), which parallel workers can aggregate
  -- partially; then per cell, over far fewer rows.
  per_supplier AS (
    SELECT ${[...select, `${currencyExpr} AS currency`].join(', ')}, x.supplier,
           sum(x.amount) AS total,
           sum(x.amount) FILTER (WHERE x.organic) AS organic,
           sum(x.amount) FILTER (WHERE x.is_local) AS local,
           sum(x.amount) FILTER (WHERE x.is_local IS NULL) AS unknown,
           count(*) FILTER (WHERE x.amount IS NOT NULL AND x.opens) AS lines,
           count(*) FILTER (WHERE x.amount IS NULL AND x.opens) AS unconverted,
           bool_and(x.own) AS own,
           x.rates
      FROM pieces x
     GROUP BY ${[...groupBy, 'x.supplier', 'x.rates'].join(', ')}
  ),
  agg AS (
    SELECT ${[...groupCols.map(([as]) => `y.${as}`), 'y.currency'].join(', ')},
           sum(y.total) AS total, sum(y.organic) AS organic, sum(y.local) AS local, sum(y.unknown) AS unknown,
           sum(y.lines)::int AS lines, sum(y.unconverted)::int AS unconverted,
           count(DISTINCT y.supplier)::int AS suppliers, bool_and(y.own) AS own, string_agg(DISTINCT y.rates, ';') AS rates
      FROM per_supplier y
     GROUP BY ${[...groupCols.map(([as]) => `y.${as}`), 'y.currency'].join(', ')}
  )
  SELECT ${keyList.join(', ')}, ${allocate ? 'a.allocated' : 'false AS allocated'},
         a.currency, a.total::text, a.organic::text, a.local::text, a.unknown::text, a.lines, a.unconverted, a.suppliers, a.own, a.rates,
         ${namesSql(dims)}
    FROM agg a
    ${namesJoins(dims)}
   ORDER BY ${[...groupCols.map(([as]) => `a.${as}`), 'a.currency'].map((c) => `${c} NULLS LAST`).join(', ')}
   ${request.page ? `LIMIT ${p(request.page.limit)}::int OFFSET ${p(request.page.offset)}::int` : ''}`;
  return { sql, params };
}

function namesSql(dims: Map<string, string>) {
  return `${dims.has('region_code') ? 'rg.name' : 'NULL::text'} AS region_name,
         ${dims.has('municipality_code') ? 'mu.name' : 'NULL::text'} AS municipality_name,
         ${dims.has('kitchen_id') ? 'ki.name' : 'NULL::text'} AS kitchen_name,
         ${dims.has('category_code') ? 'ca.names' : 'NULL::jsonb'} AS category_names,
         ${dims.has('producer_id') ? 'pr.name' : 'NULL::text'} AS producer_name`;
}

function namesJoins(dims: Map<string, string>) {
  return `${dims.has('region_code') ? 'LEFT JOIN region rg ON rg.code = a.region_code' : ''}
    ${dims.has('municipality_code') ? 'LEFT JOIN municipality mu ON mu.code = a.municipality_code' : ''}
    ${dims.has('kitchen_id') ? 'LEFT JOIN kitchen ki ON ki.id = a.kitchen_id' : ''}
    ${dims.has('category_code') ? 'LEFT JOIN product_category ca ON ca.code = a.category_code' : ''}
    ${dims.has('producer_id') ? 'LEFT JOIN producer pr ON pr.id = a.producer_id' : ''}`;
}

/**
 * Builds the same rows as `deliveryStatsSql` from the rollup, in one statement: the monthly sums of
 * the cells asked for (the yearly sums when the request covers whole years and does not group by
 * month), and for WITHIN_KM a distance that is not one of the rollup's edges, the lines
 * between the edge below it and the distance, split into months from `delivery_origin` (indexed by
 * distance).
 * Only for requests `statsPath` sends here.
 */
export function rollupStatsSql(request: StatsRequest): { sql: string; params: unknown[] } {
  if (statsPath(request) !== 'rollup') throw new Error('This request cannot be computed from the rollup.');
  const f = request.filter;
  const granularity = granularityOf(request);
  const weight = request.measure === 'WEIGHT';
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const municipalities = p(f.municipalities?.length ? f.municipalities : null);
  const regions = p(f.regions?.length ? f.regions : null);
  const countries = p(f.countries?.length ? f.countries : null);
  const sourceIds = p(f.sourceIds?.length ? f.sourceIds : null);
  const projectIds = p(f.projectIds?.length ? f.projectIds : null);
  const from = p(isoDate(f.from));
  const to = p(isoDate(f.to));
  const owner = p(request.privateOrganizationId ?? null);
  const measure = p(request.measure);
  const withinKm = request.local === 'WITHIN_KM';
  const km = withinKm ? p(request.localKm) : 'NULL';
  // Whole years not split into months are read from the yearly level: a twelfth of the rows; by
  // category or kitchen kind, from the yearly level split by both.
  const yearly = coversWholeYears(request);
  const byCategory = byCategoryOrKind(request);
  const categories = byCategory ? p(f.categories?.length ? f.categories : null) : 'NULL';
  const categoryPatterns = byCategory ? p(f.categories?.length ? f.categories.map((c) => `${likeEscape(c)}.%`) : null) : 'NULL';
  const top = byCategory && byTopCategoryOnly(request);
  const kinds = byCategory && !top ? p(f.kitchenKinds?.length ? f.kitchenKinds : null) : 'NULL';
  const rollupTable = top ? 'delivery_rollup_category_top' : byCategory ? 'delivery_rollup_category' : yearly ? 'delivery_rollup_year' : 'delivery_rollup';
  const rollupMonth = yearly ? 'r.year' : 'r.month';
  const depth = request.categoryDepth ?? 3;

  // Cell columns over a month column, the buyer municipality `m` and a row holding category and
  // kitchen kind ("" for none, so that cells join by equality).
  const cell = (month: string, municipality: string, row: string) => {
    const cols = new Map<string, string>();
    for (const d of request.groupBy) {
      if (d === 'YEAR' || d === 'MONTH') cols.set('year', `extract(year FROM ${month})::int`);
      if (d === 'MONTH') cols.set('month', `extract(month FROM ${month})::int`);
      if (d === 'COUNTRY') cols.set('country_code', 'm.country_code');
      if (d === 'REGION') cols.set('region_code', 'm.region_code');
      if (d === 'MUNICIPALITY') cols.set('municipality_code', municipality);
      if (d === 'KITCHEN_KIND') cols.set('kitchen_kind', `${row}.kitchen_kind`);
      if (d === 'CATEGORY') cols.set('category_code', depth === 1 ? `split_part(${row}.category, '.', 1)` : `${row}.category`);
    }
    return cols;
  };
  const rollupCell = cell(rollupMonth, 'r.municipality_code', 'r');
  const boundaryCell = cell('s.month', 'o.municipality_code', 'o');
  const names = [...rollupCell.keys()];
  const cellKey = [...names, 'currency'];
  // A constant is no grouping key (and an empty GROUP BY is no clause).
  const boundaryGroup = [...boundaryCell.values(), ...(weight ? [] : ['o.currency'])];
  const joinOn = (a: string, b: string) => cellKey.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ') || 'true';
  const [localCol, unknownCol] =
    request.local === 'SAME_MUNICIPALITY'
      ? ['local_municipality', 'unknown_municipality']
      : request.local === 'SAME_REGION'
        ? ['local_region', 'unknown_region']
        : request.local === 'SAME_COUNTRY'
          ? ['local_country', 'unknown_country']
          : ['local_km[e.i]', 'unknown_km'];
  // The month part that opens a line's stretch of a cell: a line counts once per cell.
  const opens =
    granularity === 'month'
      ? 'true'
      : granularity === 'year'
        ? `c.part_month = greatest(date_trunc('year', c.part_month)::date, ${from}::date)`
        : `c.part_month = ${from}::date`;
  // Categories (each with its descendants) and kitchen kinds, over a row holding both.
  // (The rows per top-level category have no kitchen kind: requests read there ask for none.)
  const categoryFilter = (row: string, withKinds = true) =>
    byCategory
      ? `AND (${categories}::text[] IS NULL OR ${row}.category = ANY(${categories}::text[]) OR ${row}.category LIKE ANY(${categoryPatterns}::text[]))
       ${withKinds ? `AND (${kinds}::text[] IS NULL OR ${row}.kitchen_kind = ANY(${kinds}::text[]))` : ''}`
      : '';
  const placeFilter = (municipality: string, source: string) => `(${municipalities}::text[] IS NULL OR ${municipality} = ANY(${municipalities}::text[]))
       AND (${regions}::text[] IS NULL OR m.region_code = ANY(${regions}::text[]))
       AND (${countries}::text[] IS NULL OR m.country_code = ANY(${countries}::text[]))
       AND (${projectIds}::int[] IS NULL OR ${municipality} IN (SELECT pm.municipality_code FROM project_municipality pm WHERE pm.project_id = ANY(${projectIds}::int[])))
       AND (${sourceIds}::int[] IS NULL OR ${source} = ANY(${sourceIds}::int[]))`;
  const exportable = f.exportableOnly ? 'AND src.exportable AND src.deleted_at IS NULL' : '';
  const keyList = ALL_KEYS.map((k) => (!rollupCell.has(k) ? `NULL::${keyType(k)} AS ${k}` : k === 'kitchen_kind' ? `nullif(a.${k}, '') AS ${k}` : `a.${k}`));
  const dims = new Map(names.map((n) => [n, n]));

  const sql = `WITH edge AS (
    -- The largest distance edge within the distance (i = 0: none) and its value.
    SELECT count(*)::int AS i, max(e) AS km FROM unnest(fc_km_edges()) e WHERE e <= ${km}::float8
  ),
  cells AS (
    SELECT ${[...[...rollupCell].map(([as, expr]) => `${expr} AS ${as}`), 'r.currency'].join(', ')},
           ${rollupMonth} AS part_month, r.amount, r.organic, r.${localCol} AS local, r.${unknownCol} AS unknown,
           r.lines, r.lines_continued, r.unconverted, r.unconverted_continued, r.suppliers,
           coalesce(src.organization_id = ${owner}::int, false) AS own
      FROM ${rollupTable} r
      JOIN municipality m ON m.code = r.municipality_code
      JOIN source src ON src.id = r.source_id ${exportable}
      CROSS JOIN edge e
     WHERE r.measure = ${measure}::"Measure"
       AND ${placeFilter('r.municipality_code', 'r.source_id')}
       ${categoryFilter('r', !top)}
       AND (${from}::date IS NULL OR ${rollupMonth} >= ${from}::date)
       AND (${to}::date IS NULL OR ${rollupMonth} <= ${to}::date)
  ),
  agg AS (
    SELECT ${cellKey.map((k) => `c.${k}`).join(', ')},
           sum(c.lines) AS parts, sum(c.amount) AS total, sum(c.organic) AS organic, coalesce(sum(c.local), 0) AS local, sum(c.unknown) AS unknown,
           (sum(c.lines - c.lines_continued) + coalesce(sum(c.lines_continued) FILTER (WHERE ${opens}), 0))::int AS lines,
           (sum(c.unconverted - c.unconverted_continued) + coalesce(sum(c.unconverted_continued) FILTER (WHERE ${opens}), 0))::int AS unconverted,
           bool_and(c.own) AS own,
           max(cardinality(c.suppliers)) AS most_suppliers
      FROM cells c
     GROUP BY ${cellKey.map((k) => `c.${k}`).join(', ')}
  ),
  -- Each rollup row keeps its 3 smallest suppliers: enough to tell whether a cell has 3. A cell
  -- with a row of 3 has (most_suppliers); the others count the distinct suppliers of their rows,
  -- all of which hold fewer than 3.
  supplier_counts AS (
    SELECT ${cellKey.map((k) => `c.${k}`).join(', ')}, count(DISTINCT s)::int AS suppliers
      FROM cells c
      CROSS JOIN LATERAL unnest(c.suppliers) s
     WHERE cardinality(c.suppliers) < 3
     GROUP BY ${cellKey.map((k) => `c.${k}`).join(', ')}
  ),
  boundary AS (
    ${
      withinKm
        ? `SELECT ${[...[...boundaryCell].map(([as, expr]) => `${expr} AS ${as}`), `${weight ? "''" : 'o.currency'} AS currency`].join(', ')},
           sum((${weight ? 'o.quantity_kg' : 'o.value'}) * ((s.pe - s.ps + 1)::numeric / (o.period_end - o.period_start + 1))) AS local
      -- The edge as a scalar subquery, not a join with \`edge\`: its value then bounds the index scan
      -- from below (at a distance that is an edge, the scan is empty instead of every line within it).
      FROM delivery_origin o
      JOIN municipality m ON m.code = o.municipality_code
      JOIN source src ON src.id = o.source_id ${exportable}
      CROSS JOIN LATERAL (
        SELECT g::date AS month, greatest(o.period_start, g::date) AS ps, least(o.period_end, (g + interval '1 month' - interval '1 day')::date) AS pe
          FROM generate_series(date_trunc('month', o.period_start), date_trunc('month', o.period_end), interval '1 month') g) s
     WHERE o.counted
       AND o.origin_km > (SELECT coalesce(max(e), '-infinity'::float8) FROM unnest(fc_km_edges()) e WHERE e <= ${km}::float8)
       AND o.origin_km <= ${km}::float8
       AND ${weight ? 'o.weighed' : 'o.value IS NOT NULL'}
       AND ${placeFilter('o.municipality_code', 'o.source_id')}
       ${categoryFilter('o')}
       AND (${from}::date IS NULL OR s.month >= ${from}::date)
       AND (${to}::date IS NULL OR s.month <= ${to}::date)
     ${boundaryGroup.length ? `GROUP BY ${boundaryGroup.join(', ')}` : ''}`
        : `SELECT ${[...names.map((n) => `NULL::${keyType(n)} AS ${n}`), 'NULL::text AS currency'].join(', ')}, NULL::numeric AS local WHERE false`
    }
  )
  SELECT ${keyList.join(', ')}, false AS allocated,
         nullif(a.currency, '') AS currency,
         CASE WHEN a.parts > 0 THEN a.total END::text AS total,
         CASE WHEN a.parts > 0 THEN a.organic END::text AS organic,
         CASE WHEN a.parts > 0 THEN a.local + coalesce(b.local, 0) END::text AS local,
         CASE WHEN a.parts > 0 THEN a.unknown END::text AS unknown,
         a.lines, a.unconverted, CASE WHEN a.most_suppliers >= 3 THEN 3 ELSE coalesce(sc.suppliers, 0) END AS suppliers, a.own, NULL::text AS rates,
         ${namesSql(dims)}
    FROM agg a
    LEFT JOIN supplier_counts sc ON ${joinOn('sc', 'a')}
    LEFT JOIN boundary b ON ${joinOn('b', 'a')}
    ${namesJoins(dims)}
   ORDER BY ${[...names.map((n) => (n === 'kitchen_kind' ? `nullif(a.${n}, '')` : `a.${n}`)), "nullif(a.currency, '')"].map((c) => `${c} NULLS LAST`).join(', ')}
   ${request.page ? `LIMIT ${p(request.page.limit)}::int OFFSET ${p(request.page.offset)}::int` : ''}`;
  return { sql, params };
}

const num = (s: string | null) => (s === null ? null : Number(s));
const share = (part: number | null, whole: number | null) => (whole === null || whole <= 0 ? null : (part ?? 0) / whole);

/**
 * Runs the statistics as one SQL statement (from the rollup where it can) and applies suppression.
 * `run` sends the statement (a batcher's runner, to share one statement with others of its shape).
 */
export async function computeDeliveryStats(
  db: Database,
  request: StatsRequest,
  run: <T>(sql: string, params: unknown[]) => Promise<T[]> = (sql, params) => db.sql.query(sql, params),
): Promise<StatsRow[]> {
  const path = request.path ?? statsPath(request);
  const { sql, params } = path === 'rollup' ? rollupStatsSql(request) : deliveryStatsSql(request);
  const rows = await run<RawRow>(sql, params);
  // One object literal per row (spreading a shared key object made each row a slow dictionary object).
  return rows.map((r) => {
    const visible = cellIsVisible(r, request);
    const total = visible ? num(r.total) : null;
    const local = visible ? (num(r.local) ?? (total === null ? null : 0)) : null;
    const unknown = visible ? (num(r.unknown) ?? (total === null ? null : 0)) : null;
    const organic = visible ? (num(r.organic) ?? (total === null ? null : 0)) : null;
    const known = total === null ? null : total - (unknown ?? 0);
    return {
      year: r.year === null ? null : Number(r.year),
      month: r.month === null ? null : Number(r.month),
      countryCode: r.country_code,
      regionCode: r.region_code,
      regionName: r.region_name,
      municipalityCode: r.municipality_code,
      municipalityName: r.municipality_name,
      kitchenId: r.kitchen_id === null ? null : Number(r.kitchen_id),
      kitchenName: r.kitchen_name,
      kitchenKind: r.kitchen_kind,
      categoryCode: r.category_code,
      categoryNames: r.category_names,
      producerId: r.producer_id === null ? null : Number(r.producer_id),
      producerName: r.producer_name,
      supplierKind: r.supplier_kind as SupplierKind | null,
      supplierSize: r.supplier_size as SupplierSize | null,
      currency: r.currency,
      allocated: r.allocated === true,
      suppressed: !visible,
      total,
      organic,
      local,
      unknownOrigin: unknown,
      organicShare: visible ? share(organic, total) : null,
      localShare: visible ? share(local, total) : null,
      localShareOfKnown: visible ? share(local, known) : null,
      lines: visible ? Number(r.lines) : null,
      unconvertedLines: visible ? Number(r.unconverted) : null,
      exchangeRates: visible && r.rates ? exchangeRatesOf(r.rates) : [],
    };
  });
}

/** The exchange rates a row's money was converted with ("CUR|year|rate|key;…"), EUR itself left out. */
function exchangeRatesOf(rates: string): ExchangeRateUsed[] {
  return [...new Set(rates.split(';'))]
    .map((text) => {
      const [currency, year, rate, indicatorKey] = text.split('|');
      return { currency: currency!, year: Number(year), rate: Number(rate), indicatorKey: indicatorKey || `exchange_rate_eur_${currency!.toLowerCase()}` };
    })
    .filter((e) => e.currency !== 'EUR')
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.year - b.year);
}
