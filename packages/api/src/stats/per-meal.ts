import type { Database } from '../db/database.js';
import { type StatsRequest, type StatsRow, computeDeliveryStats } from './delivery-stats.js';

/**
 * A row's figures per meal: its measure (money in the row's currency, or kg) divided by the meals
 * the kitchens counted for the row served in the row's period.
 */
export interface PerMeal {
  /** Meals served in the row's period by the kitchens counted; null when none gives meal counts. */
  meals: number | null;
  /** Σ of the row's lines at those kitchens, per meal (null with `meals`). */
  total: number | null;
  organic: number | null;
  local: number | null;
  /** Share (0–1) of the row's total that comes from kitchens giving meal counts; null when the total is not positive. */
  coverage: number | null;
}

/** Why a request cannot give figures per meal, as [argument, message]; null when it can. */
export function perMealProblem(request: StatsRequest): [string, string] | null {
  if (request.allocateCentralKitchens) {
    return [
      'allocateCentralKitchens',
      'perMeal cannot be combined with allocateCentralKitchens: allocation already shares a central kitchen’s lines by meals, so an allocated row’s figure per meal would be the central kitchen’s by construction, not a measurement. Ask for perMeal without allocation (a receiving kitchen’s meals are then counted inside its central kitchen’s).',
    ];
  }
  const timed = request.groupBy.includes('YEAR') || request.groupBy.includes('MONTH');
  if (!timed && (!request.filter.from || !request.filter.to)) {
    return [
      request.filter.from ? 'filter.to' : 'filter.from',
      'perMeal needs a period to count meals over: group by YEAR or MONTH, or give both filter.from and filter.to.',
    ];
  }
  return null;
}

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The period of a row: its month or year, or the request's period, clipped to [from, to]. */
function periodOf(request: StatsRequest, row: StatsRow): { start: string; end: string } {
  const { from, to } = request.filter;
  let start: Date;
  let end: Date;
  if (row.month !== null && row.year !== null) {
    start = new Date(Date.UTC(row.year, row.month - 1, 1));
    end = new Date(Date.UTC(row.year, row.month, 1) - DAY);
  } else if (row.year !== null) {
    start = new Date(Date.UTC(row.year, 0, 1));
    end = new Date(Date.UTC(row.year, 11, 31));
  } else {
    start = from!;
    end = to!;
  }
  if (from && from > start) start = from;
  if (to && to < end) end = to;
  return { start: day(start), end: day(end) };
}

/** The groupings that describe kitchens (the place they buy in, their kind, the kitchen itself), as meal-query columns. */
const KITCHEN_KEYS = [
  ['COUNTRY', 'country_code'],
  ['REGION', 'region_code'],
  ['MUNICIPALITY', 'municipality_code'],
  ['KITCHEN_KIND', 'kind'],
  ['KITCHEN', 'id'],
] as const;

const rowKitchenKey = (request: StatsRequest, row: StatsRow, start: string) =>
  JSON.stringify([
    start,
    ...KITCHEN_KEYS.filter(([g]) => request.groupBy.includes(g)).map(([g]) =>
      g === 'COUNTRY'
        ? row.countryCode
        : g === 'REGION'
          ? row.regionCode
          : g === 'MUNICIPALITY'
            ? row.municipalityCode
            : g === 'KITCHEN_KIND'
              ? row.kitchenKind
              : row.kitchenId,
    ),
  ]);

/** The whole group key of a row, currency included. */
const rowKey = (r: StatsRow) =>
  JSON.stringify([
    r.year,
    r.month,
    r.countryCode,
    r.regionCode,
    r.municipalityCode,
    r.kitchenId,
    r.kitchenKind,
    r.categoryCode,
    r.producerId,
    r.supplierKind,
    r.supplierSize,
    r.currency,
  ]);

/**
 * The SQL that counts meals per row period and kitchen-describing group, in one statement: for each
 * kitchen in the request's scope and each period, whether it has a counted line of the measure in
 * the period under the request's source and project filters (an EXISTS along the index of lines by
 * kitchen and start), and its meals there (meals per day × serving days per year × the period's
 * share of each year it touches). A receiving kitchen whose central kitchen is counted in the same
 * group adds no meals: they are inside its central kitchen's. Rows with `uncounted` name the
 * municipalities where some line in scope lies at a kitchen without meal counts or at no kitchen
 * (the latter from the yearly rollup by kitchen kind: a year with such lines names its municipality).
 */
export function perMealSql(request: StatsRequest, periods: { start: string; end: string }[]): { sql: string; params: unknown[] } {
  const f = request.filter;
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const starts = p(periods.map((x) => x.start));
  const ends = p(periods.map((x) => x.end));
  const municipalities = p(f.municipalities?.length ? f.municipalities : null);
  const regions = p(f.regions?.length ? f.regions : null);
  const countries = p(f.countries?.length ? f.countries : null);
  const kinds = p(f.kitchenKinds?.length ? f.kitchenKinds : null);
  const kitchenIds = p(f.kitchenIds?.length ? f.kitchenIds : null);
  const sourceIds = p(f.sourceIds?.length ? f.sourceIds : null);
  const projectIds = p(f.projectIds?.length ? f.projectIds : null);
  // Lines without a kitchen are in scope only when no kitchen kind or kitchen is asked for.
  const orphansInScope = !f.kitchenKinds?.length && !f.kitchenIds?.length;
  const measure = orphansInScope ? p(request.measure) : 'NULL';
  const weight = request.measure === 'WEIGHT';
  const keys = KITCHEN_KEYS.filter(([g]) => request.groupBy.includes(g)).map(([, column]) => column);
  const nulls = keys.map((k) => `NULL${k === 'id' ? '::int' : '::text'},`).join(' ');
  const sameGroup = keys.map((k) => `c.${k} IS NOT DISTINCT FROM a.${k}`).join(' AND ');
  const exportable = f.exportableOnly ? 'JOIN source src ON src.id = d.source_id AND src.exportable AND src.deleted_at IS NULL' : '';
  // A line of the kitchen in the period, counted in the statistics, of the measure, under the source filters.
  const line = (period: string) => `SELECT 1 FROM delivery d ${exportable}
          WHERE d.kitchen_id = k.id AND d.municipality_code = k.municipality_code AND d.deleted_at IS NULL
            AND ${period}
            AND ${weight ? '(d.quantity IS NOT NULL OR d.quantity_kg IS NOT NULL)' : 'd.value IS NOT NULL AND d.currency IS NOT NULL'}
            AND (${sourceIds}::int[] IS NULL OR d.source_id = ANY(${sourceIds}::int[]))
            AND NOT EXISTS (SELECT 1 FROM delivery r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL)`;
  const inScope = (municipality: string) => `(${municipalities}::text[] IS NULL OR ${municipality} = ANY(${municipalities}::text[]))
       AND (${regions}::text[] IS NULL OR m.region_code = ANY(${regions}::text[]))
       AND (${countries}::text[] IS NULL OR m.country_code = ANY(${countries}::text[]))
       AND (${projectIds}::int[] IS NULL OR ${municipality} IN (SELECT pm.municipality_code FROM project_municipality pm WHERE pm.project_id = ANY(${projectIds}::int[])))`;
  const sql = `WITH periods AS (
    SELECT p.ps, p.pe,
           (SELECT sum((least(p.pe, make_date(y, 12, 31)) - greatest(p.ps, make_date(y, 1, 1)) + 1)::numeric
                       / (make_date(y, 12, 31) - make_date(y, 1, 1) + 1))
              FROM generate_series(extract(year FROM p.ps)::int, extract(year FROM p.pe)::int) y) AS years
      FROM unnest(${starts}::date[], ${ends}::date[]) AS p(ps, pe)
  ),
  kitchens AS (
    SELECT k.id, k.central_kitchen_id, k.production_type::text = 'RECEIVING' AS receiving, k.kind::text AS kind,
           k.municipality_code, m.region_code, m.country_code,
           coalesce(k.deleted_at IS NULL AND k.meals_per_day > 0 AND k.serving_days_per_year > 0, false) AS counts,
           k.meals_per_day::numeric * k.serving_days_per_year AS meals_per_year
      FROM kitchen k JOIN municipality m ON m.code = k.municipality_code
     WHERE ${inScope('k.municipality_code')}
       AND (${kinds}::text[] IS NULL OR k.kind::text = ANY(${kinds}::text[]))
       AND (${kitchenIds}::int[] IS NULL OR k.id = ANY(${kitchenIds}::int[]))
  ),
  -- Lines beginning in the period are found along the index at once; a line begun earlier is looked for only when none is.
  active AS (
    SELECT k.*, p.ps, p.years
      FROM kitchens k CROSS JOIN periods p
     WHERE EXISTS (${line('d.period_start BETWEEN p.ps AND p.pe')})
        OR EXISTS (${line('d.period_start < p.ps AND d.period_end >= p.ps')})
  ),
  meals AS (
    SELECT a.ps::text AS ps, ${keys.map((k) => `a.${k}`).join(', ')}${keys.length ? ',' : ''}
           sum(a.meals_per_year * a.years) FILTER (WHERE a.counts AND NOT (a.receiving AND c.id IS NOT NULL))::text AS meals
      FROM active a
      -- The central kitchen, when it is counted in the same group (one row per kitchen and period: a hash join).
      LEFT JOIN active c ON c.id = a.central_kitchen_id AND c.ps = a.ps AND c.counts${sameGroup ? ` AND ${sameGroup}` : ''}
     GROUP BY ${['a.ps', ...keys.map((k) => `a.${k}`)].join(', ')}
  )
  SELECT ps, ${keys.join(', ')}${keys.length ? ',' : ''} meals, NULL::text AS uncounted FROM meals
  UNION ALL
  -- Municipalities with lines at kitchens without meal counts.
  SELECT DISTINCT NULL, ${nulls} NULL, a.municipality_code FROM active a WHERE NOT a.counts
  ${
    orphansInScope
      ? `UNION ALL
  -- Municipalities with lines bought without a kitchen: the yearly rollup by kitchen kind holds them under the kind ''.
  SELECT DISTINCT NULL, ${nulls} NULL, r.municipality_code
    FROM periods p
    JOIN delivery_rollup_category r ON r.year BETWEEN date_trunc('year', p.ps)::date AND p.pe
    JOIN municipality m ON m.code = r.municipality_code
    ${f.exportableOnly ? 'JOIN source src ON src.id = r.source_id AND src.exportable AND src.deleted_at IS NULL' : ''}
   WHERE r.kitchen_kind = '' AND r.measure = ${measure}::"Measure" AND r.lines + r.unconverted > 0
     AND ${inScope('r.municipality_code')}
     AND (${sourceIds}::int[] IS NULL OR r.source_id = ANY(${sourceIds}::int[]))`
      : ''
  }`;
  return { sql, params };
}

interface MealRow {
  ps: string | null;
  country_code?: string | null;
  region_code?: string | null;
  municipality_code?: string | null;
  kind?: string | null;
  id?: number | null;
  meals: string | null;
  /** A municipality with lines in scope at kitchens without meal counts or at no kitchen. */
  uncounted: string | null;
}

const per = (part: number | null, meals: number | null) => (part === null || meals === null || !(meals > 0) ? null : part / meals);

/**
 * The figures per meal of the rows of `request` (in their order): one statement over kitchens for
 * the meals, and, only when some line in scope lies at a kitchen without meal counts or at no
 * kitchen, one more over the lines of those municipalities for the part of each row that is not at
 * kitchens with meal counts. Suppressed rows get null.
 */
export async function computePerMeal(
  db: Database,
  request: StatsRequest,
  rows: StatsRow[],
  options: {
    /** Sends a statement (tests count them). */
    run?: <T>(sql: string, params: unknown[]) => Promise<T[]>;
    /** Read the figures of the kitchens with meal counts from the lines even when the rows' own are theirs (tests compare both). */
    fromLines?: boolean;
  } = {},
): Promise<(PerMeal | null)[]> {
  const run = options.run ?? (<T>(sql: string, params: unknown[]) => db.sql.query<T>(sql, params));
  const problem = perMealProblem(request);
  if (problem) throw new Error(problem[1]);
  if (rows.length === 0) return [];
  const periods = new Map<string, { start: string; end: string }>();
  const rowPeriods = rows.map((r) => {
    const period = periodOf(request, r);
    periods.set(period.start, period);
    return period;
  });
  // By kitchen, each row is one kitchen's: its own meals, and all its lines or none at a kitchen with
  // meal counts. Only the kitchens of the rows (a page of them) are looked at.
  const byKitchen = request.groupBy.includes('KITCHEN');
  const kitchens = byKitchen ? [...new Set(rows.flatMap((r) => (r.kitchenId === null ? [] : [r.kitchenId])))] : null;
  const { sql, params } = perMealSql(kitchens ? { ...request, filter: { ...request.filter, kitchenIds: kitchens } } : request, [...periods.values()]);
  const found = kitchens?.length === 0 ? [] : await run<MealRow>(sql, params);
  const meals = new Map<string, number | null>();
  const uncounted = new Set<string>();
  const keyColumns = KITCHEN_KEYS.filter(([g]) => request.groupBy.includes(g)).map(([, column]) => column);
  for (const m of found) {
    if (m.uncounted !== null) uncounted.add(m.uncounted);
    else if (m.ps !== null) {
      const key = JSON.stringify([m.ps, ...keyColumns.map((c) => (c === 'id' ? (m.id == null ? null : Number(m.id)) : (m[c] ?? null)))]);
      meals.set(key, m.meals === null ? null : Number(m.meals));
    }
  }
  const linesOf = async (countedKitchens: 'only' | 'excluded', municipalities: string[] | null | undefined) =>
    new Map(
      (
        await computeDeliveryStats(
          db,
          { ...request, filter: { ...request.filter, municipalities }, countedKitchens, unsuppressed: true, page: null, path: 'raw' },
          run,
        )
      ).map((r) => [rowKey(r), r]),
    );
  // The part of each row at kitchens with meal counts: the row itself where every line in scope is
  // at such a kitchen; otherwise the row less its lines elsewhere, read from the lines of the
  // municipalities that have some (by index), so that the rows' own figures, from the rollup or the
  // lines, stay the base.
  const counted = options.fromLines ? await linesOf('only', request.filter.municipalities) : null;
  const excluded = !counted && !byKitchen && uncounted.size ? await linesOf('excluded', [...uncounted]) : null;
  const partOf = (row: StatsRow, meals: number | null) => {
    // No kitchen of the cell gives meal counts: none of its lines is at one (it would be counted).
    if (meals === null) return { total: 0, organic: 0, local: 0 };
    if (counted) {
      const c = counted.get(rowKey(row));
      return { total: c?.total ?? 0, organic: c?.organic ?? 0, local: c?.local ?? 0 };
    }
    const x = excluded?.get(rowKey(row));
    // Differences of the same exact sums: what is left of rounding is no figure.
    const less = (all: number | null, out: number | null | undefined) => {
      const left = (all ?? 0) - (out ?? 0);
      return Math.abs(left) < 1e-9 * Math.max(1, Math.abs(all ?? 0)) ? 0 : left;
    };
    return { total: less(row.total, x?.total), organic: less(row.organic, x?.organic), local: less(row.local, x?.local) };
  };
  return rows.map((row, i) => {
    if (row.suppressed) return null;
    const m = meals.get(rowKitchenKey(request, row, rowPeriods[i]!.start)) ?? null;
    const part = partOf(row, m);
    return {
      meals: m,
      total: per(part.total, m),
      organic: per(part.organic, m),
      local: per(part.local, m),
      coverage: row.total === null || !(row.total > 0) ? null : part.total / row.total,
    };
  });
}
