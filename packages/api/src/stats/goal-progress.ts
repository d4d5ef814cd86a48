import DataLoader from 'dataloader';
import type { Database } from '../db/database.js';
import type { Goal, Indicator } from '../generated/prisma/client.js';
import { tenderReadyCounts } from '../matching/needs.js';
import { type SqlBatcher, createSqlBatcher } from '../db/sql-batch.js';
import { type StatsRequest, computeDeliveryStats, statsPath } from './delivery-stats.js';

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

/**
 * Which delivery lines a goal's progress counts, when not all: lines of these sources (IDs), lines
 * bought in the municipalities of these projects (IDs: the goal's scope narrowed to them). Observed
 * values and tender-ready producers are not delivery lines and are not filtered.
 */
export interface ProgressFilter {
  sourceIds?: number[] | null;
  projectIds?: number[] | null;
}

/**
 * What computing goals' progress shares within one request: the goals of a page are computed
 * together, each step's statements batched into one (see `createSqlBatcher`), so a page of goals
 * costs the same number of statements however many goals it holds.
 */
interface GoalEnv {
  db: Database;
  batch: SqlBatcher;
  today: Date;
  /** Tender-ready producers per lot, for all lots of the goals being computed at once. */
  lots: DataLoader<number, number>;
  /** Only lines of these sources (IDs), or null for all. */
  sourceIds: number[] | null;
  /** Only the scope's municipalities within these projects (IDs), or null for the whole scope. */
  projectIds: number[] | null;
}

function goalEnv(db: Database, today: Date, filter: ProgressFilter = {}): GoalEnv {
  return {
    db,
    batch: createSqlBatcher(db),
    today,
    sourceIds: filter.sourceIds?.length ? filter.sourceIds : null,
    projectIds: filter.projectIds?.length ? filter.projectIds : null,
    lots: new DataLoader<number, number>(async (ids) => {
      const counts = await tenderReadyCounts(db, [...ids], today);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}

/**
 * The municipalities a goal is about, or null for no place (then only observations can answer);
 * with a project filter, only those in the projects.
 */
async function scopeMunicipalities(env: GoalEnv, goal: Goal): Promise<string[] | null> {
  const scope = await goalMunicipalities(env, goal);
  if (!scope || !env.projectIds) return scope;
  const rows = await env.batch.query<{ code: string }>(
    'projects',
    'SELECT DISTINCT municipality_code AS code FROM project_municipality WHERE project_id = ANY($1::int[]) ORDER BY municipality_code',
    [env.projectIds],
  );
  const inProjects = new Set(rows.map((r) => r.code));
  return scope.filter((code) => inProjects.has(code));
}

async function goalMunicipalities(env: GoalEnv, goal: Goal): Promise<string[] | null> {
  if (goal.municipalityCode) return [goal.municipalityCode];
  if (!goal.regionCode && !goal.countryCode && !goal.projectId) return null;
  const rows = await env.batch.query<{ code: string }>(
    'scope',
    goal.regionCode
      ? 'SELECT code FROM municipality WHERE region_code = $1::text ORDER BY code'
      : goal.countryCode
        ? 'SELECT code FROM municipality WHERE country_code = $1::text ORDER BY code'
        : 'SELECT municipality_code AS code FROM project_municipality WHERE project_id = $1::int ORDER BY municipality_code',
    [goal.regionCode ?? goal.countryCode ?? goal.projectId],
  );
  return rows.map((r) => r.code);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

interface ShareRow {
  year: number;
  currency: string | null;
  matching: number | null;
  total: number | null;
  lines: number;
}

/**
 * Organic or local share per complete year: Σ matching / Σ all over delivery lines split by days into
 * years, per currency (money is never summed across currencies), through the same single statement
 * as `deliveryStats`. Local share is of all lines: lines of unknown origin count as not local.
 */
async function shareByYear(env: GoalEnv, municipalities: string[], indicator: Indicator, fromYear: number, toYear: number): Promise<ShareRow[]> {
  const request: StatsRequest = {
    filter: {
      municipalities,
      kitchenKinds: indicator.kitchenKinds.length ? indicator.kitchenKinds : null,
      categories: indicator.categoryCodes.length ? indicator.categoryCodes : null,
      sourceIds: env.sourceIds,
      from: new Date(Date.UTC(fromYear, 0, 1)),
      to: new Date(Date.UTC(toYear, 11, 31)),
    },
    groupBy: ['YEAR'],
    local: indicator.localDefinition ?? 'SAME_MUNICIPALITY',
    localKm: indicator.localDefinition === 'WITHIN_KM' ? indicator.localKm : null,
    measure: indicator.measure ?? 'VALUE',
    unsuppressed: true,
  };
  // Statements from the rollup and from the lines have columns of their own: batched apart.
  const rows = await computeDeliveryStats(env.db, request, env.batch.runner(`shares:${statsPath(request)}`));
  const local = indicator.kind === 'LOCAL_SHARE';
  return rows.map((r) => ({ year: r.year!, currency: r.currency, matching: local ? r.local : r.organic, total: r.total, lines: r.lines ?? 0 }));
}

/**
 * Buyers with a direct producer supplier per year: distinct kitchens (or buying organizations, for
 * lines without a kitchen) in the scope with at least one counted delivery line whose supplier is a
 * registered producer (the line's supplier producer, or an organization that a registered producer
 * belongs to). Restaurants count next to public kitchens unless the indicator names kitchen kinds.
 * Also returns the scope's kitchens and all counted lines, for the percent form and the series.
 */
async function directProducerBuyersByYear(env: GoalEnv, municipalities: string[], indicator: Indicator, fromYear: number, toYear: number) {
  const kinds = indicator.kitchenKinds.length ? indicator.kitchenKinds : null;
  const categories = indicator.categoryCodes.length ? indicator.categoryCodes : null;
  return env.batch.query<{ year: number; buyers: number; kitchen_buyers: number; kitchens: number; lines: number; direct_lines: number }>(
    'direct',
    `WITH years AS (SELECT generate_series($1::int, $2::int) AS year),
     counted AS (
       SELECT y.year, d.id, coalesce('k' || d.kitchen_id, 'o' || d.buyer_organization_id) AS buyer, d.kitchen_id,
              (d.supplier_producer_id IS NOT NULL AND EXISTS (SELECT 1 FROM producer sp WHERE sp.id = d.supplier_producer_id AND sp.deleted_at IS NULL))
              OR (d.supplier_organization_id IS NOT NULL AND EXISTS (
                    SELECT 1 FROM producer po WHERE po.organization_id = d.supplier_organization_id AND po.deleted_at IS NULL)) AS direct
         FROM delivery d
         JOIN years y ON d.period_start <= make_date(y.year, 12, 31) AND d.period_end >= make_date(y.year, 1, 1)
         LEFT JOIN kitchen k ON k.id = d.kitchen_id
        WHERE d.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM delivery r WHERE r.replaces_id = d.id AND r.deleted_at IS NULL)
          AND d.municipality_code = ANY($3::text[])
          AND ($4::text[] IS NULL OR k.kind::text = ANY($4::text[]))
          AND ($5::text[] IS NULL OR d.category_code = ANY($5::text[]) OR d.category_code LIKE ANY($6::text[]))
          AND ($7::int[] IS NULL OR d.source_id = ANY($7::int[])))
     SELECT y.year,
            count(DISTINCT c.buyer) FILTER (WHERE c.direct)::int AS buyers,
            count(DISTINCT c.kitchen_id) FILTER (WHERE c.direct)::int AS kitchen_buyers,
            (SELECT count(*) FROM kitchen k WHERE k.deleted_at IS NULL AND k.municipality_code = ANY($3::text[])
                AND ($4::text[] IS NULL OR k.kind::text = ANY($4::text[])))::int AS kitchens,
            count(c.id)::int AS lines,
            count(c.id) FILTER (WHERE c.direct)::int AS direct_lines
       FROM years y LEFT JOIN counted c ON c.year = y.year
      GROUP BY y.year ORDER BY y.year`,
    [fromYear, toYear, municipalities, kinds, categories, categories?.map((c) => `${likeEscape(c)}.%`) ?? null, env.sourceIds],
  );
}

/**
 * Tender-ready producers per lot, today. The lots are those of agreements that are ACTIVE and running
 * today and cover the scope (one of their municipalities, or their buyer's, is in it). A producer
 * counts for a lot when it meets every requirement of the lot, as `matches(lotId:)` judges it: a live
 * product in one of the lot's categories or their descendants, delivery to every delivery point
 * (within its own radius, or through a hub serving the point's municipality), the lot's certifications
 * (or equivalent) and organic requirement, and tender readiness. Nearness is never a criterion.
 */
async function tenderReadyProducersPerLot(env: GoalEnv, municipalities: string[]) {
  const lots = await env.batch.query<{ lot_id: number; title: string }>(
    'lots',
    `SELECT l.id AS lot_id, l.title
       FROM lot l JOIN agreement a ON a.id = l.agreement_id
      WHERE l.deleted_at IS NULL AND a.deleted_at IS NULL AND a.status = 'ACTIVE'
        AND a.period_start <= $2::date AND a.period_end >= $2::date
        AND (EXISTS (SELECT 1 FROM agreement_municipality am WHERE am.agreement_id = a.id AND am.municipality_code = ANY($1::text[]))
             OR EXISTS (SELECT 1 FROM organization o WHERE o.id = a.buyer_organization_id AND o.municipality_code = ANY($1::text[])))
      ORDER BY l.id`,
    [municipalities, env.today.toISOString().slice(0, 10)],
  );
  const counts = await env.lots.loadMany(lots.map((l) => Number(l.lot_id)));
  return lots.map((l, i) => {
    const count = counts[i];
    if (count instanceof Error) throw count;
    return { ...l, producers: count ?? 0 };
  });
}

/**
 * Share of the scope's meals (meals per day × serving days) served by kitchens that reported
 * deliveries in the year, themselves or through their central kitchen.
 */
async function coverageByYear(env: GoalEnv, municipalities: string[], indicator: Indicator, fromYear: number, toYear: number) {
  const kinds = indicator.kitchenKinds.length ? indicator.kitchenKinds : null;
  const rows = await env.batch.query<{ year: number; coverage: string | null }>(
    'coverage',
    `WITH years AS (SELECT generate_series($1::int, $2::int) AS year),
     scope AS (
       SELECT id, central_kitchen_id, coalesce(meals_per_day, 0)::numeric * coalesce(serving_days_per_year, 1) AS weight
         FROM kitchen
        WHERE deleted_at IS NULL AND municipality_code = ANY($3::text[]) AND ($4::text[] IS NULL OR kind::text = ANY($4::text[]))),
     reported AS (
       SELECT DISTINCT y.year, d.kitchen_id
         FROM delivery d JOIN years y ON d.period_start <= make_date(y.year, 12, 31) AND d.period_end >= make_date(y.year, 1, 1)
        WHERE d.deleted_at IS NULL AND d.kitchen_id IS NOT NULL AND d.municipality_code = ANY($3::text[])
          AND ($5::int[] IS NULL OR d.source_id = ANY($5::int[])))
     SELECT y.year,
            (sum(s.weight) FILTER (WHERE r.kitchen_id IS NOT NULL OR rc.kitchen_id IS NOT NULL) / nullif(sum(s.weight), 0))::text AS coverage
       FROM years y CROSS JOIN scope s
       LEFT JOIN reported r ON r.year = y.year AND r.kitchen_id = s.id
       LEFT JOIN reported rc ON rc.year = y.year AND rc.kitchen_id = s.central_kitchen_id
      GROUP BY y.year ORDER BY y.year`,
    [fromYear, toYear, municipalities, kinds, env.sourceIds],
  );
  return new Map(rows.map((r) => [Number(r.year), r.coverage === null ? null : Number(r.coverage)]));
}

/** Annual exchange rates (units of currency per EUR) stored as observations `exchange_rate_eur_<cur>`. */
async function eurRates(env: GoalEnv, years: number[]) {
  const rows = await env.batch.query<{ key: string; year: number; value: string }>(
    'rates',
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

async function observedProgress(env: GoalEnv, goal: GoalWithIndicator, note: string | null): Promise<GoalProgress> {
  const today = env.today;
  // The observations of the goal's own owner (a missing owner part must be missing there too).
  const rows = (
    await env.batch.query<{ date: Date | string; value: string }>(
      'observations',
      `SELECT o.date, o.value::text AS value FROM observation o
        WHERE o.indicator_id = $1::int AND o.deleted_at IS NULL AND o.kitchen_id IS NULL
          AND o.municipality_code IS NOT DISTINCT FROM $2::text AND o.region_code IS NOT DISTINCT FROM $3::text
          AND o.country_code IS NOT DISTINCT FROM $4::text AND o.project_id IS NOT DISTINCT FROM $5::int
        ORDER BY o.date, o.id`,
      [goal.indicatorId, goal.municipalityCode, goal.regionCode, goal.countryCode, goal.projectId],
    )
  ).map((r) => ({ date: r.date instanceof Date ? r.date : new Date(`${String(r.date).slice(0, 10)}T00:00:00Z`), value: r.value }));
  if (rows.length === 0) {
    return finish(
      goal,
      { basis: 'NONE', currentValue: null, asOf: null, coverage: null, series: [], note: note ?? 'No observations of this indicator for the goal’s owner.' },
      today,
    );
  }
  const latest = rows[rows.length - 1]!;
  const series = rows.map((r) => ({ year: r.date.getUTCFullYear(), value: Number(r.value), coverage: null, lines: 0 }));
  return finish(goal, { basis: 'OBSERVED', currentValue: Number(latest.value), asOf: latest.date, coverage: null, series, note }, today);
}

/** Turns per-currency rows of a year into one share, converting to EUR only when the year mixes currencies. */
async function sharesToSeries(env: GoalEnv, shares: ShareRow[], scale: number, coverage: Map<number, number | null>, notes: string[]): Promise<YearPoint[]> {
  const years = [...new Set(shares.map((s) => s.year))].sort((a, b) => a - b);
  const mixed = years.filter((y) => new Set(shares.filter((s) => s.year === y).map((s) => s.currency)).size > 1);
  const rates = mixed.length ? await eurRates(env, mixed) : new Map<string, number>();
  if (mixed.length) notes.push('Values in several currencies were converted to EUR with the annual exchange_rate_eur_* observations.');
  return years.map((year) => {
    const rows = shares.filter((s) => s.year === year);
    let matching = 0;
    let total = 0;
    let convertible = true;
    for (const row of rows) {
      const rate = mixed.includes(year) && row.currency && row.currency !== 'EUR' ? rates.get(`${row.currency}|${year}`) : 1;
      if (rate === undefined) {
        convertible = false;
        notes.push(`No exchange rate exchange_rate_eur_${row.currency!.toLowerCase()} for ${year}: currencies were not summed.`);
        continue;
      }
      matching += (row.matching ?? 0) / rate;
      total += (row.total ?? 0) / rate;
    }
    const value = convertible && total > 0 ? (matching / total) * scale : null;
    return { year, value, coverage: coverage.get(year) ?? null, lines: rows.reduce((n, r) => n + r.lines, 0) };
  });
}

/** Progress of a tender-ready-producers-per-lot goal: a snapshot of today's active agreements. */
async function tenderReadyProgress(env: GoalEnv, goal: GoalWithIndicator, municipalities: string[]): Promise<GoalProgress> {
  const today = env.today;
  const lots = await tenderReadyProducersPerLot(env, municipalities);
  if (lots.length === 0) return observedProgress(env, goal, 'No lot of an active agreement covers the goal’s scope today.');
  // "At least N in every procurement area": the lot with the fewest counts.
  const value = Math.min(...lots.map((l) => Number(l.producers)));
  const asOf = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const note = `Fewest over ${lots.length} lot${lots.length === 1 ? '' : 's'} of active agreements: ${lots.map((l) => `${l.title}: ${l.producers}`).join('; ')}.`;
  return finish(
    goal,
    { basis: 'COMPUTED', currentValue: value, asOf, coverage: null, series: [{ year: asOf.getUTCFullYear(), value, coverage: null, lines: 0 }], note },
    today,
  );
}

/**
 * Progress of a goal: computed from complete years of deliveries when its indicator is computable and
 * enough of the scope reports (tender-ready producers per lot: from today's agreements), otherwise
 * from the latest observation.
 */
export async function computeGoalProgress(db: Database, goal: GoalWithIndicator, today = new Date(), filter: ProgressFilter = {}): Promise<GoalProgress> {
  return progressOf(goalEnv(db, today, filter), goal);
}

/** The change-feed kinds whose writes can move a goal's progress, by its indicator's kind. */
const KINDS_OF: Record<string, string[]> = {
  OBSERVED: ['Goal', 'Observation'],
  // Today's agreements and lots, and every producer, product, reach and hub a lot's matching weighs.
  TENDER_READY_PRODUCERS_PER_LOT: ['Goal', 'Observation', 'Agreement', 'Producer', 'Hub', 'Organization'],
};
/** Shares and direct suppliers: the deliveries, the scope's kitchens, the producers and their companies, exchange rates. */
const DELIVERY_KINDS = ['Goal', 'Observation', 'Delivery', 'Kitchen', 'Producer', 'Organization'];
const ALL_KINDS = [...new Set([...Object.values(KINDS_OF).flat(), ...DELIVERY_KINDS])];
const kindsOf = (goal: GoalWithIndicator) => KINDS_OF[goal.indicator.kind] ?? DELIVERY_KINDS;

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** A stored progress as computed: `finish` is applied again for the moment it is read (`expectedToday`). */
function revive(goal: GoalWithIndicator, stored: GoalProgress & { asOf: string | null }, today: Date): GoalProgress {
  return finish(goal, { ...stored, asOf: stored.asOf === null ? null : new Date(stored.asOf) }, today);
}

/**
 * Progress of the goals asked for within one request. Each goal's last computed progress is kept in
 * `goal_progress` and served while it is current: computed for today, after every change-feed write
 * of the kinds its indicator is computed from (`KINDS_OF`), from the goal and indicator as they are
 * now. So a page of goals whose data has not moved is three indexed reads; the goals that are not
 * current are computed together (a page of goals costs the same statements however many goals it
 * holds) and stored for the next reader. A progress computed while a write commits is stored with the
 * position read before it began, so it is computed again at the next read. Writes made with SQL
 * outside the API and the change feed are not seen until the day changes (`db:seed` empties the
 * table). `materialised: false` always computes, and so does a `filter` (by source or project): the kept
progress is of all lines.
 */
export function createGoalProgressLoader(db: Database, today = new Date(), options: { materialised?: boolean; filter?: ProgressFilter } = {}) {
  const env = goalEnv(db, today, options.filter);
  // The kept progress is of all lines: a filtered progress is always computed.
  const materialised = (options.materialised ?? true) && env.sourceIds === null && env.projectIds === null;
  return new DataLoader<number, GoalProgress>(async (ids) => {
    const goals = await db.prisma.goal.findMany({ where: { id: { in: [...ids] } }, include: { indicator: true } });
    const byId = new Map(goals.map((g) => [g.id, g]));
    const current = new Map<number, GoalProgress>();
    let positions = new Map<string, bigint>();
    if (materialised && goals.length) {
      const [latest, stored] = await Promise.all([
        db.sql.query<{ kind: string; last: string | null }>(
          'SELECT k AS kind, (SELECT max(id) FROM change WHERE record_type = k)::text AS last FROM unnest($1::text[]) AS k',
          [ALL_KINDS],
        ),
        db.sql.query<{ goal_id: number; position: string; unchanged: boolean; progress: GoalProgress & { asOf: string | null } }>(
          `SELECT p.goal_id, p.position::text AS position, p.progress,
                  p.goal_updated_at = g.updated_at AND p.indicator_updated_at = i.updated_at AS unchanged
             FROM goal_progress p JOIN goal g ON g.id = p.goal_id JOIN indicator i ON i.id = g.indicator_id
            WHERE p.goal_id = ANY($1::int[]) AND p.day = $2::date`,
          [goals.map((g) => g.id), dayOf(today)],
        ),
      ]);
      positions = new Map(latest.map((r) => [r.kind, BigInt(r.last ?? 0)]));
      for (const row of stored) {
        const goal = byId.get(Number(row.goal_id));
        if (!goal) continue;
        const needed = kindsOf(goal).reduce((max, k) => (positions.get(k)! > max ? positions.get(k)! : max), 0n);
        if (row.unchanged && BigInt(row.position) >= needed) current.set(goal.id, revive(goal, row.progress, today));
      }
    }
    const stale = goals.filter((g) => !current.has(g.id));
    const computed = await Promise.all(stale.map((goal) => progressOf(env, goal)));
    stale.forEach((goal, i) => current.set(goal.id, computed[i]!));
    if (materialised && stale.length) {
      const rows = stale.map((goal, i) => ({
        goal_id: goal.id,
        position: kindsOf(goal)
          .reduce((max, k) => (positions.get(k)! > max ? positions.get(k)! : max), 0n)
          .toString(),
        goal_updated_at: goal.updatedAt.toISOString(),
        indicator_updated_at: goal.indicator.updatedAt.toISOString(),
        progress: computed[i],
      }));
      // Keeping it is a saving, not a duty: a reader never fails because the table could not be written.
      await db.sql
        .query(
          `INSERT INTO goal_progress AS g (goal_id, day, position, goal_updated_at, indicator_updated_at, progress)
           SELECT r.goal_id, $2::date, r.position::bigint, r.goal_updated_at AT TIME ZONE 'UTC', r.indicator_updated_at AT TIME ZONE 'UTC', r.progress
             FROM jsonb_to_recordset($1::jsonb) AS r(goal_id int, position text, goal_updated_at timestamptz, indicator_updated_at timestamptz, progress jsonb)
             JOIN goal ON goal.id = r.goal_id
           ON CONFLICT (goal_id) DO UPDATE SET day = excluded.day, position = excluded.position, goal_updated_at = excluded.goal_updated_at,
             indicator_updated_at = excluded.indicator_updated_at, progress = excluded.progress, computed_at = now()`,
          [JSON.stringify(rows), dayOf(today)],
        )
        .catch(() => {});
    }
    return ids.map((id) => current.get(id) ?? new Error(`Goal ${id} does not exist.`));
  });
}

/**
 * An indicator computed from the deliveries of `municipalities`, per complete year from `fromYear` to
 * `toYear`: the shares (organic, local) or the buyers with a direct producer supplier, each year with
 * its coverage (the share of the scope's meals whose kitchens reported) and lines, and notes on how.
 */
async function computedSeries(env: GoalEnv, municipalities: string[], indicator: Indicator, fromYear: number, toYear: number) {
  const scale = indicator.unit === 'percent' ? 100 : 1;
  const notes: string[] = [];
  const coverage = await coverageByYear(env, municipalities, indicator, fromYear, toYear);
  let series: YearPoint[];
  if (indicator.kind === 'KITCHENS_WITH_DIRECT_PRODUCER') {
    const rows = await directProducerBuyersByYear(env, municipalities, indicator, fromYear, toYear);
    series = rows
      .filter((r) => Number(r.lines) > 0)
      .map((r) => ({
        year: Number(r.year),
        value: scale === 100 ? (Number(r.kitchens) > 0 ? (Number(r.kitchen_buyers) / Number(r.kitchens)) * 100 : null) : Number(r.buyers),
        coverage: coverage.get(Number(r.year)) ?? null,
        lines: Number(r.direct_lines),
      }));
    notes.push(
      scale === 100
        ? 'Share of the scope’s kitchens with at least one delivery whose supplier is a registered producer.'
        : 'Buyers (kitchens, or buying organizations without a known kitchen) with at least one delivery whose supplier is a registered producer.',
    );
  } else {
    series = await sharesToSeries(env, await shareByYear(env, municipalities, indicator, fromYear, toYear), scale, coverage, notes);
    if (indicator.kind === 'LOCAL_SHARE') {
      const definition = indicator.localDefinition ?? 'SAME_MUNICIPALITY';
      notes.push(
        `Local means ${definition === 'WITHIN_KM' ? `within ${indicator.localKm} km` : definition}, judged by the producer; lines of unknown origin count as not local.`,
      );
    }
  }
  return { series, notes };
}

/** The indicator kinds computed from deliveries (the others are only observed, or counted from today's agreements). */
export const COMPUTED_FROM_DELIVERIES = ['ORGANIC_SHARE', 'LOCAL_SHARE', 'KITCHENS_WITH_DIRECT_PRODUCER'];

/**
 * An indicator computed per complete year for a municipality (or several together), with each year's
 * coverage and lines, as goal progress computes it; null for an indicator not computed from deliveries.
 */
export async function computeIndicatorSeries(db: Database, municipalities: string[], indicator: Indicator, fromYear: number, toYear: number) {
  if (!COMPUTED_FROM_DELIVERIES.includes(indicator.kind)) return null;
  if (indicator.kind === 'LOCAL_SHARE' && indicator.localDefinition === 'WITHIN_KM' && !(indicator.localKm && indicator.localKm > 0)) return null;
  return computedSeries(goalEnv(db, new Date()), municipalities, indicator, fromYear, toYear);
}

async function progressOf(env: GoalEnv, goal: GoalWithIndicator): Promise<GoalProgress> {
  const today = env.today;
  const indicator = goal.indicator;
  if (indicator.kind === 'OBSERVED') return observedProgress(env, goal, null);
  const municipalities = await scopeMunicipalities(env, goal);
  if (municipalities && municipalities.length === 0 && env.projectIds) {
    return observedProgress(env, goal, 'None of the goal’s municipalities is in the projects asked for.');
  }
  if (!municipalities || municipalities.length === 0) return observedProgress(env, goal, 'The goal has no place to compute deliveries for.');
  if (indicator.kind === 'TENDER_READY_PRODUCERS_PER_LOT') return tenderReadyProgress(env, goal, municipalities);
  if (indicator.kind === 'LOCAL_SHARE' && indicator.localDefinition === 'WITHIN_KM' && !(indicator.localKm && indicator.localKm > 0)) {
    return observedProgress(env, goal, `Indicator ${indicator.key} defines local as WITHIN_KM without a distance, so it cannot be computed.`);
  }
  const lastComplete = today.getUTCFullYear() - 1;
  const firstYear = Math.min(goal.baselineYear ?? lastComplete - 9, lastComplete);
  const { series, notes } = await computedSeries(env, municipalities, indicator, firstYear, lastComplete);
  const latest = [...series].reverse().find((p) => p.value !== null);
  if (!latest) return observedProgress(env, goal, 'No complete year of deliveries to compute from.');
  if (latest.coverage === null || latest.coverage < COVERAGE_THRESHOLD) {
    const observed = await observedProgress(env, goal, null);
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
