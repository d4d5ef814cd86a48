import type { Database } from '../db.js';
import type { Goal, Indicator } from '../generated/prisma/client.js';

/** Below this share of the scope's meals covered by reporting kitchens, no computed value is shown. */
export const COVERAGE_THRESHOLD = 0.5;

export interface YearPoint {
  year: number;
  value: number | null;
  /** Share (0–1) of the scope's meals whose kitchens reported deliveries that year. */
  coverage: number | null;
  lines: number;
}

export interface GoalProgress {
  basis: 'COMPUTED' | 'OBSERVED' | 'NONE';
  currentValue: number | null;
  asOf: Date | null;
  expectedValue: number | null;
  expectedToday: number | null;
  onTrack: boolean | null;
  coverage: number | null;
  series: YearPoint[];
  note: string | null;
}

type GoalWithIndicator = Goal & { indicator: Indicator };

/** The municipalities a goal is about, or null for no place (then only observations can answer). */
async function scopeMunicipalities(db: Database, goal: Goal): Promise<string[] | null> {
  if (goal.municipalityCode) return [goal.municipalityCode];
  const where = goal.regionCode
    ? { regionCode: goal.regionCode }
    : goal.countryCode
      ? { countryCode: goal.countryCode }
      : goal.projectId
        ? { projects: { some: { projectId: goal.projectId } } }
        : null;
  if (!where) return null;
  const rows = await db.prisma.municipality.findMany({ where, select: { code: true } });
  return rows.map((r) => r.code);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

interface ShareRow {
  year: number;
  currency: string | null;
  matching: string | null;
  total: string | null;
  lines: number;
}

/**
 * Organic share per complete year: Σ organic / Σ all, over delivery lines split by days into years,
 * per currency (money is never summed across currencies). One statement.
 */
async function organicShareByYear(db: Database, municipalities: string[], indicator: Indicator, fromYear: number, toYear: number) {
  const measure = indicator.measure === 'WEIGHT' ? 'd.quantity_kg' : 'd.value';
  const currency = indicator.measure === 'WEIGHT' ? 'NULL::text' : 'd.currency::text';
  const kinds = indicator.kitchenKinds.length ? indicator.kitchenKinds : null;
  const categories = indicator.categoryCodes.length ? indicator.categoryCodes : null;
  return db.sql.query<ShareRow>(
    `WITH years AS (SELECT generate_series($1::int, $2::int) AS year),
     lines AS (
       SELECT y.year, ${currency} AS currency, d.organic,
              ${measure} * (least(d.period_end, make_date(y.year, 12, 31)) - greatest(d.period_start, make_date(y.year, 1, 1)) + 1)::numeric
                         / (d.period_end - d.period_start + 1) AS amount
         FROM delivery d
         JOIN years y ON d.period_start <= make_date(y.year, 12, 31) AND d.period_end >= make_date(y.year, 1, 1)
         LEFT JOIN kitchen k ON k.id = d.kitchen_id
        WHERE d.deleted_at IS NULL AND ${measure} IS NOT NULL
          AND d.municipality_code = ANY($3::text[])
          AND ($4::text[] IS NULL OR k.kind::text = ANY($4::text[]))
          AND ($5::text[] IS NULL OR d.category_code = ANY($5::text[]) OR d.category_code LIKE ANY($6::text[]))
          AND NOT EXISTS (SELECT 1 FROM delivery r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL))
     SELECT year, currency, sum(amount) FILTER (WHERE organic)::text AS matching, sum(amount)::text AS total, count(*)::int AS lines
       FROM lines GROUP BY year, currency ORDER BY year, currency`,
    [fromYear, toYear, municipalities, kinds, categories, categories?.map((c) => `${likeEscape(c)}.%`) ?? null],
  );
}

/**
 * Share of the scope's meals (meals per day × serving days) served by kitchens that reported
 * deliveries in the year, themselves or through their central kitchen.
 */
async function coverageByYear(db: Database, municipalities: string[], indicator: Indicator, fromYear: number, toYear: number) {
  const kinds = indicator.kitchenKinds.length ? indicator.kitchenKinds : null;
  const rows = await db.sql.query<{ year: number; coverage: string | null }>(
    `WITH years AS (SELECT generate_series($1::int, $2::int) AS year),
     scope AS (
       SELECT id, central_kitchen_id, coalesce(meals_per_day, 0)::numeric * coalesce(serving_days_per_year, 1) AS weight
         FROM kitchen
        WHERE deleted_at IS NULL AND municipality_code = ANY($3::text[]) AND ($4::text[] IS NULL OR kind::text = ANY($4::text[]))),
     reported AS (
       SELECT DISTINCT y.year, d.kitchen_id
         FROM delivery d JOIN years y ON d.period_start <= make_date(y.year, 12, 31) AND d.period_end >= make_date(y.year, 1, 1)
        WHERE d.deleted_at IS NULL AND d.kitchen_id IS NOT NULL AND d.municipality_code = ANY($3::text[]))
     SELECT y.year,
            (sum(s.weight) FILTER (WHERE r.kitchen_id IS NOT NULL OR rc.kitchen_id IS NOT NULL) / nullif(sum(s.weight), 0))::text AS coverage
       FROM years y CROSS JOIN scope s
       LEFT JOIN reported r ON r.year = y.year AND r.kitchen_id = s.id
       LEFT JOIN reported rc ON rc.year = y.year AND rc.kitchen_id = s.central_kitchen_id
      GROUP BY y.year ORDER BY y.year`,
    [fromYear, toYear, municipalities, kinds],
  );
  return new Map(rows.map((r) => [Number(r.year), r.coverage === null ? null : Number(r.coverage)]));
}

/** Annual exchange rates (units of currency per EUR) stored as observations `exchange_rate_eur_<cur>`. */
async function eurRates(db: Database, years: number[]) {
  const rows = await db.sql.query<{ key: string; year: number; value: string }>(
    `SELECT i.key, extract(year FROM o.date)::int AS year, o.value::text AS value
       FROM observation o JOIN indicator i ON i.id = o.indicator_id
      WHERE i.key LIKE 'exchange\\_rate\\_eur\\_%' AND o.deleted_at IS NULL AND extract(year FROM o.date)::int = ANY($1::int[])`,
    [years],
  );
  const rates = new Map<string, number>();
  for (const r of rows) rates.set(`${r.key.slice('exchange_rate_eur_'.length).toUpperCase()}|${r.year}`, Number(r.value));
  return rates;
}

export function linearTarget(goal: { baselineValue: number; baselineYear: number; targetValue: number; targetYear: number }, at: number): number {
  if (goal.targetYear === goal.baselineYear) return goal.targetValue;
  const t = (at - goal.baselineYear) / (goal.targetYear - goal.baselineYear);
  return goal.baselineValue + (goal.targetValue - goal.baselineValue) * Math.min(1, Math.max(0, t));
}

function fractionalYear(date: Date): number {
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  const end = Date.UTC(date.getUTCFullYear() + 1, 0, 1);
  return date.getUTCFullYear() + (date.getTime() - start) / (end - start);
}

function finish(goal: GoalWithIndicator, partial: Omit<GoalProgress, 'expectedValue' | 'expectedToday' | 'onTrack'>, today: Date): GoalProgress {
  const first = partial.series.find((p) => p.value !== null);
  const baselineValue = goal.baselineValue !== null ? Number(goal.baselineValue) : (first?.value ?? null);
  const baselineYear = goal.baselineYear ?? first?.year ?? null;
  if (baselineValue === null || baselineYear === null) return { ...partial, expectedValue: null, expectedToday: null, onTrack: null };
  const line = { baselineValue, baselineYear, targetValue: Number(goal.targetValue), targetYear: goal.targetYear };
  const asOfYear = partial.asOf?.getUTCFullYear() ?? null;
  const expectedValue = asOfYear === null ? null : linearTarget(line, asOfYear);
  const onTrack =
    partial.currentValue === null || expectedValue === null
      ? null
      : goal.direction === 'INCREASE'
        ? partial.currentValue >= expectedValue
        : partial.currentValue <= expectedValue;
  return { ...partial, expectedValue, expectedToday: linearTarget(line, fractionalYear(today)), onTrack };
}

async function observedProgress(db: Database, goal: GoalWithIndicator, today: Date, note: string | null): Promise<GoalProgress> {
  const rows = await db.prisma.observation.findMany({
    where: {
      indicatorId: goal.indicatorId,
      deletedAt: null,
      municipalityCode: goal.municipalityCode,
      regionCode: goal.regionCode,
      countryCode: goal.countryCode,
      projectId: goal.projectId,
      kitchenId: null,
    },
    orderBy: { date: 'asc' },
  });
  if (rows.length === 0) {
    return finish(goal, { basis: 'NONE', currentValue: null, asOf: null, coverage: null, series: [], note: note ?? 'No observations of this indicator for the goal’s owner.' }, today);
  }
  const latest = rows[rows.length - 1]!;
  const series = rows.map((r) => ({ year: r.date.getUTCFullYear(), value: Number(r.value), coverage: null, lines: 0 }));
  return finish(goal, { basis: 'OBSERVED', currentValue: Number(latest.value), asOf: latest.date, coverage: null, series, note }, today);
}

/**
 * Progress of a goal: computed from complete years of deliveries when its indicator is computable and
 * enough of the scope reports, otherwise from the latest observation.
 */
export async function computeGoalProgress(db: Database, goal: GoalWithIndicator, today = new Date()): Promise<GoalProgress> {
  const indicator = goal.indicator;
  if (indicator.kind !== 'ORGANIC_SHARE') {
    return observedProgress(db, goal, today, indicator.kind === 'OBSERVED' ? null : `Progress of ${indicator.kind} indicators is taken from observations.`);
  }
  const municipalities = await scopeMunicipalities(db, goal);
  if (!municipalities || municipalities.length === 0) return observedProgress(db, goal, today, 'The goal has no place to compute deliveries for.');
  const lastComplete = today.getUTCFullYear() - 1;
  const firstYear = Math.min(goal.baselineYear ?? lastComplete - 9, lastComplete);
  const [shares, coverage] = await Promise.all([
    organicShareByYear(db, municipalities, indicator, firstYear, lastComplete),
    coverageByYear(db, municipalities, indicator, firstYear, lastComplete),
  ]);
  const scale = indicator.unit === 'percent' ? 100 : 1;
  const years = [...new Set(shares.map((s) => Number(s.year)))].sort((a, b) => a - b);
  const currencies = new Set(shares.map((s) => s.currency).filter((c): c is string => c !== null));
  const rates = currencies.size > 1 ? await eurRates(db, years) : new Map<string, number>();
  const notes: string[] = [];
  const series: YearPoint[] = years.map((year) => {
    const rows = shares.filter((s) => Number(s.year) === year);
    let matching = 0;
    let total = 0;
    let convertible = true;
    for (const row of rows) {
      const rate = currencies.size > 1 && row.currency ? rates.get(`${row.currency}|${year}`) : 1;
      if (rate === undefined) {
        convertible = false;
        notes.push(`No exchange rate exchange_rate_eur_${row.currency!.toLowerCase()} for ${year}: currencies were not summed.`);
        continue;
      }
      matching += Number(row.matching ?? 0) / rate;
      total += Number(row.total ?? 0) / rate;
    }
    const value = convertible && total > 0 ? (matching / total) * scale : null;
    return { year, value, coverage: coverage.get(year) ?? null, lines: rows.reduce((n, r) => n + Number(r.lines), 0) };
  });
  if (currencies.size > 1 && notes.length === 0) notes.push('Values in several currencies were converted to EUR with the annual exchange_rate_eur_* observations.');
  const latest = [...series].reverse().find((p) => p.value !== null);
  if (!latest) return observedProgress(db, goal, today, 'No complete year of deliveries to compute from.');
  if (latest.coverage === null || latest.coverage < COVERAGE_THRESHOLD) {
    const observed = await observedProgress(db, goal, today, null);
    const why = `Kitchens serving ${latest.coverage === null ? 'an unknown share' : `${Math.round(latest.coverage * 100)} %`} of the scope's meals reported deliveries in ${latest.year}, below the ${COVERAGE_THRESHOLD * 100} % needed for a computed value.`;
    return observed.basis === 'OBSERVED'
      ? { ...observed, coverage: latest.coverage, note: `${why} Showing the latest observation instead.` }
      : finish(goal, { basis: 'NONE', currentValue: null, asOf: null, coverage: latest.coverage, series, note: why }, today);
  }
  return finish(
    goal,
    {
      basis: 'COMPUTED',
      currentValue: latest.value,
      asOf: new Date(Date.UTC(latest.year, 11, 31)),
      coverage: latest.coverage,
      series,
      note: notes.length ? [...new Set(notes)].join(' ') : null,
    },
    today,
  );
}
