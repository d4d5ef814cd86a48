import type { Database } from '../db.js';

/** Dimensions statistics can be grouped by. */
export const GROUP_DIMENSIONS = ['YEAR', 'MONTH', 'COUNTRY', 'REGION', 'MUNICIPALITY', 'KITCHEN', 'KITCHEN_KIND', 'CATEGORY', 'PRODUCER'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export type LocalKind = 'SAME_MUNICIPALITY' | 'SAME_REGION' | 'SAME_COUNTRY' | 'WITHIN_KM';
export type MeasureKind = 'VALUE' | 'WEIGHT';

/** A statistics cell built from fewer distinct suppliers than this is suppressed for the public. */
export const SUPPRESSION_MIN_SUPPLIERS = 3;

export interface StatsFilter {
  municipalities?: string[] | null;
  regions?: string[] | null;
  countries?: string[] | null;
  /** Category codes; each includes its descendants. */
  categories?: string[] | null;
  kitchenKinds?: string[] | null;
  kitchenIds?: number[] | null;
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
}

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
  /** Currency of the money figures (null for WEIGHT). */
  currency: string | null;
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
  currency: string | null;
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
] as const;

/**
 * Builds the one statement behind `deliveryStats`. Only whitelisted fragments (group columns, the
 * period granularity, the measure column) are spliced in; every value is a bound parameter.
 */
export function deliveryStatsSql(request: StatsRequest): { sql: string; params: unknown[] } {
  const f = request.filter;
  const depth = request.categoryDepth ?? 3;
  if (!Number.isInteger(depth) || depth < 1 || depth > 3) throw new Error(`categoryDepth ${depth} is not 1–3`);
  const dims = new Map<string, string>();
  for (const d of request.groupBy) for (const { expr, as } of dimensionSql(d, depth)) dims.set(as, expr);
  const granularity = request.groupBy.includes('MONTH') ? 'month' : request.groupBy.includes('YEAR') ? 'year' : null;
  const weight = request.measure === 'WEIGHT';
  const target = weight ? null : (request.currency ?? null);

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
  const from = p(f.from ? f.from.toISOString().slice(0, 10) : null);
  const to = p(f.to ? f.to.toISOString().slice(0, 10) : null);
  const local = p(request.local);
  const km = p(request.localKm ?? null);
  const owner = p(request.privateOrganizationId ?? null);
  const targetCurrency = target ? p(target) : 'NULL';

  // The part of each line inside [from, to], and inside each month or year when grouped by time.
  const start = `greatest(b.period_start, coalesce(${from}::date, b.period_start))`;
  const end = `least(b.period_end, coalesce(${to}::date, b.period_end))`;
  const pieces = granularity
    ? `CROSS JOIN LATERAL (
         SELECT g::date AS bucket,
                greatest(${start}, g::date) AS ps,
                least(${end}, (g + interval '1 ${granularity}' - interval '1 day')::date) AS pe
           FROM generate_series(date_trunc('${granularity}', ${start}), date_trunc('${granularity}', ${end}), interval '1 ${granularity}') g) s`
    : `CROSS JOIN LATERAL (SELECT b.period_start AS bucket, ${start} AS ps, ${end} AS pe) s`;

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

  const groupCols = [...dims.entries()];
  const currencyExpr = weight ? 'NULL::text' : target ? `${targetCurrency}::text` : 'x.currency';
  const select = groupCols.map(([as, expr]) => `${expr} AS ${as}`);
  const groupBy = [...groupCols.map(([, expr]) => expr), currencyExpr];
  const keyList = ALL_KEYS.map((k) => (dims.has(k) ? `a.${k}` : `NULL::${k.endsWith('_id') || k === 'year' || k === 'month' ? 'int' : 'text'} AS ${k}`));

  const sql = `WITH ${ratesCte}
  base AS (
    SELECT d.id, d.period_start, d.period_end, d.organic, d.currency::text AS currency, d.value, d.quantity, d.quantity_kg,
           d.municipality_code, d.kitchen_id, d.producer_id, d.category_code,
           m.country_code, m.region_code, k.kind::text AS kitchen_kind,
           coalesce('p' || d.supplier_producer_id, 'o' || d.supplier_organization_id, 'n' || lower(btrim(d.supplier_name))) AS supplier,
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
                 2 * 6371.0088 * asin(least(1, sqrt(
                     power(sin(radians(p.public_lat - kl.lat) / 2), 2)
                   + cos(radians(kl.lat)) * cos(radians(p.public_lat)) * power(sin(radians(p.public_lon - kl.lon) / 2), 2)))) <= ${km}::float8
               END
           END AS is_local
      FROM delivery d
      JOIN source src ON src.id = d.source_id
      JOIN municipality m ON m.code = d.municipality_code
      LEFT JOIN kitchen k ON k.id = d.kitchen_id
      LEFT JOIN producer p ON p.id = d.producer_id
      LEFT JOIN municipality pm ON pm.code = p.municipality_code
      -- The kitchen's point, or the buying municipality's centre when the kitchen is unknown or has none.
      CROSS JOIN LATERAL (
        SELECT CASE WHEN k.lat IS NOT NULL AND k.lon IS NOT NULL THEN k.lat ELSE m.centroid_lat END AS lat,
               CASE WHEN k.lat IS NOT NULL AND k.lon IS NOT NULL THEN k.lon ELSE m.centroid_lon END AS lon) kl
     WHERE d.deleted_at IS NULL${f.exportableOnly ? ' AND src.exportable AND src.deleted_at IS NULL' : ''}
       AND NOT EXISTS (SELECT 1 FROM delivery r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL)
       AND ${weight ? '(d.quantity IS NOT NULL OR d.quantity_kg IS NOT NULL)' : 'd.value IS NOT NULL AND d.currency IS NOT NULL'}
       AND (${municipalities}::text[] IS NULL OR d.municipality_code = ANY(${municipalities}::text[]))
       AND (${regions}::text[] IS NULL OR m.region_code = ANY(${regions}::text[]))
       AND (${countries}::text[] IS NULL OR m.country_code = ANY(${countries}::text[]))
       AND (${categories}::text[] IS NULL OR d.category_code = ANY(${categories}::text[]) OR d.category_code LIKE ANY(${categoryPatterns}::text[]))
       AND (${kinds}::text[] IS NULL OR k.kind::text = ANY(${kinds}::text[]))
       AND (${kitchenIds}::int[] IS NULL OR d.kitchen_id = ANY(${kitchenIds}::int[]))
       AND (${from}::date IS NULL OR d.period_end >= ${from}::date)
       AND (${to}::date IS NULL OR d.period_start <= ${to}::date)
  ),
  pieces AS (
    SELECT b.*, s.bucket,
           (${amount}) * ((s.pe - s.ps + 1)::numeric / (b.period_end - b.period_start + 1)) AS amount
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
           count(*) FILTER (WHERE x.amount IS NOT NULL) AS lines,
           count(*) FILTER (WHERE x.amount IS NULL) AS unconverted,
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
  SELECT ${keyList.join(', ')},
         a.currency, a.total::text, a.organic::text, a.local::text, a.unknown::text, a.lines, a.unconverted, a.suppliers, a.own, a.rates,
         ${dims.has('region_code') ? 'rg.name' : 'NULL::text'} AS region_name,
         ${dims.has('municipality_code') ? 'mu.name' : 'NULL::text'} AS municipality_name,
         ${dims.has('kitchen_id') ? 'ki.name' : 'NULL::text'} AS kitchen_name,
         ${dims.has('category_code') ? 'ca.names' : 'NULL::jsonb'} AS category_names,
         ${dims.has('producer_id') ? 'pr.name' : 'NULL::text'} AS producer_name
    FROM agg a
    ${dims.has('region_code') ? 'LEFT JOIN region rg ON rg.code = a.region_code' : ''}
    ${dims.has('municipality_code') ? 'LEFT JOIN municipality mu ON mu.code = a.municipality_code' : ''}
    ${dims.has('kitchen_id') ? 'LEFT JOIN kitchen ki ON ki.id = a.kitchen_id' : ''}
    ${dims.has('category_code') ? 'LEFT JOIN product_category ca ON ca.code = a.category_code' : ''}
    ${dims.has('producer_id') ? 'LEFT JOIN producer pr ON pr.id = a.producer_id' : ''}
   ORDER BY ${[...groupCols.map(([as]) => `a.${as}`), 'a.currency'].map((c) => `${c} NULLS LAST`).join(', ')}`;
  return { sql, params };
}

const num = (s: string | null) => (s === null ? null : Number(s));
const share = (part: number | null, whole: number | null) => (whole === null || whole <= 0 ? null : (part ?? 0) / whole);

/** Runs the statistics as one SQL statement and applies suppression. */
export async function computeDeliveryStats(db: Database, request: StatsRequest): Promise<StatsRow[]> {
  const { sql, params } = deliveryStatsSql(request);
  const rows = await db.sql.query<RawRow>(sql, params);
  return rows.map((r) => {
    const visible = request.unsuppressed || r.suppliers >= SUPPRESSION_MIN_SUPPLIERS || (request.privateOrganizationId != null && r.own === true);
    const total = num(r.total);
    const local = num(r.local) ?? (total === null ? null : 0);
    const unknown = num(r.unknown) ?? (total === null ? null : 0);
    const organic = num(r.organic) ?? (total === null ? null : 0);
    const known = total === null ? null : total - (unknown ?? 0);
    const key = {
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
      currency: r.currency,
    };
    if (!visible) {
      return {
        ...key,
        suppressed: true,
        total: null,
        organic: null,
        local: null,
        unknownOrigin: null,
        organicShare: null,
        localShare: null,
        localShareOfKnown: null,
        lines: null,
        unconvertedLines: null,
        exchangeRates: [],
      };
    }
    return {
      ...key,
      suppressed: false,
      total,
      organic,
      local,
      unknownOrigin: unknown,
      organicShare: share(organic, total),
      localShare: share(local, total),
      localShareOfKnown: share(local, known),
      lines: Number(r.lines),
      unconvertedLines: Number(r.unconverted),
      exchangeRates: [...new Set(r.rates ? r.rates.split(';') : [])]
        .map((text) => {
          const [currency, year, rate, indicatorKey] = text.split('|');
          return { currency: currency!, year: Number(year), rate: Number(rate), indicatorKey: indicatorKey || `exchange_rate_eur_${currency!.toLowerCase()}` };
        })
        .filter((e) => e.currency !== 'EUR')
        .sort((a, b) => a.currency.localeCompare(b.currency) || a.year - b.year),
    };
  });
}
