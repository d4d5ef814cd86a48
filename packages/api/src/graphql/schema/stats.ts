import { GraphQLIncludeDirective, type GraphQLResolveInfo, GraphQLSkipDirective, Kind, type SelectionNode, getDirectiveValues } from 'graphql';
import { builder } from '../builder.js';
import { privateReaderOf } from '../../privacy/readers.js';
import { encodeGlobalId } from '../../ids.js';
import { SUPPRESSION_MIN_SUPPLIERS } from '../../privacy/small-cells.js';
import type { Context } from '../context.js';
import { badInput } from '../../errors.js';
import {
  type ExchangeRateUsed,
  GROUP_DIMENSIONS,
  STATS_PAGE,
  type GroupDimension,
  type LocalKind,
  type MeasureKind,
  type StatsRequest,
  type StatsRow,
  type SupplierKind as SupplierKindValue,
  type SupplierSize as SupplierSizeValue,
  computeDeliveryStats,
  statsArePaged,
} from '../../stats/delivery-stats.js';
import { type PerMeal, computePerMeal, perMealProblem } from '../../stats/per-meal.js';
import { decodeTypedId, langArg, pickLocalized } from './common.js';
import { resolveCategoryCodes, resolveMunicipalityCodes, resolveRegionCodes, resolveSourceIds } from '../../places/codes.js';
import { Currency, KitchenKind, LocalDefinition, Measure } from './enums.js';

export const StatsGroup = builder.enumType('StatsGroup', {
  description: 'A dimension delivery statistics can be grouped by; combine any of them.',
  values: {
    YEAR: { value: 'YEAR', description: 'Calendar year. Lines spanning years are split by days.' },
    MONTH: { value: 'MONTH', description: 'Calendar month (with its year). Lines spanning months are split by days.' },
    COUNTRY: { value: 'COUNTRY', description: 'Country of the buying municipality.' },
    REGION: { value: 'REGION', description: 'County (fylke / län) of the buying municipality.' },
    MUNICIPALITY: { value: 'MUNICIPALITY', description: 'Buying municipality.' },
    KITCHEN: { value: 'KITCHEN', description: 'Invoiced kitchen (null for lines bought without a known kitchen).' },
    KITCHEN_KIND: { value: 'KITCHEN_KIND', description: 'Kind of the invoiced kitchen (null when the kitchen is unknown).' },
    CATEGORY: { value: 'CATEGORY', description: 'Product category, at the depth given by `categoryDepth`.' },
    PRODUCER: { value: 'PRODUCER', description: 'Producer (origin) of the food; null when the origin is unknown.' },
    SUPPLIER_KIND: {
      value: 'SUPPLIER_KIND',
      description: 'Kind of the supplier who delivered and invoiced (never the producer of origin); UNKNOWN for lines without a supplier.',
    },
    SUPPLIER_SIZE: {
      value: 'SUPPLIER_SIZE',
      description: 'EU SME size class of the supplier’s organization (2003/361/EC); UNKNOWN when not known.',
    },
  } satisfies Record<GroupDimension, unknown>,
});

export const SupplierKind = builder.enumType('SupplierKind', {
  description: 'Who delivered and invoiced a delivery line: the supplier, never the producer of origin.',
  values: {
    PRODUCER: {
      value: 'PRODUCER',
      description: 'A registered producer delivering directly, or a supplier organization of kind PRODUCER_COMPANY or COOPERATIVE.',
    },
    WHOLESALER: { value: 'WHOLESALER', description: 'A supplier organization of kind WHOLESALER or LOGISTICS.' },
    OTHER: { value: 'OTHER', description: 'A supplier organization of any other kind, or a supplier known only by name.' },
    UNKNOWN: { value: 'UNKNOWN', description: 'The line names no supplier: counted apart, never guessed.' },
  } satisfies Record<SupplierKindValue, unknown>,
});

export const SupplierSize = builder.enumType('SupplierSize', {
  description:
    'EU SME size class of a delivery line’s supplier (Commission Recommendation 2003/361/EC), from its organization; a registered producer delivering directly takes its organization’s class.',
  values: {
    MICRO: { value: 'MICRO', description: 'Micro enterprise.' },
    SMALL: { value: 'SMALL', description: 'Small enterprise.' },
    MEDIUM: { value: 'MEDIUM', description: 'Medium-sized enterprise.' },
    LARGE: { value: 'LARGE', description: 'Large enterprise.' },
    UNKNOWN: {
      value: 'UNKNOWN',
      description: 'No class known: no supplier, a supplier known only by name, or an organization without a class. Counted apart, never guessed.',
    },
  } satisfies Record<SupplierSizeValue, unknown>,
});

const LocalInput = builder.inputType('LocalInput', {
  description: 'A definition of local, judged by the producer (origin) of the food, never by the supplier.',
  fields: (t) => ({
    definition: t.field({ type: LocalDefinition, required: true, description: 'Which definition.' }),
    km: t.float({ description: 'For WITHIN_KM: the distance in kilometres (more than 0, at most 2,000); great-circle, edges included.' }),
  }),
});

const DeliveryStatsFilter = builder.inputType('DeliveryStatsFilter', {
  description: 'Which delivery lines to count. All given conditions must hold; a list means any of its values.',
  fields: (t) => ({
    municipality: t.stringList({ description: 'Buying municipalities, e.g. ["NO-3901"].' }),
    region: t.stringList({ description: 'Regions of the buying municipalities, e.g. ["NO-39"].' }),
    country: t.stringList({ description: 'Countries of the buying municipalities, e.g. ["SE"].' }),
    category: t.stringList({ description: 'Category codes (each with its descendants).' }),
    kitchenKind: t.field({ type: [KitchenKind], description: 'Kinds of the invoiced kitchen (lines without a known kitchen are then left out).' }),
    kitchen: t.idList({ description: 'Invoiced kitchens (global IDs).' }),
    source: t.stringList({ description: 'Sources (dataset keys, e.g. ["kismet-sodertalje"]) whose lines are counted.' }),
    project: t.idList({ description: 'Projects (global IDs): lines bought in their municipalities.' }),
    supplierKind: t.field({ type: [SupplierKind], description: 'Kinds of the supplier (UNKNOWN: lines without a supplier).' }),
    supplierSize: t.field({ type: [SupplierSize], description: 'Size classes of the supplier (UNKNOWN: lines whose supplier’s class is not known).' }),
    from: t.field({ type: 'Date', description: 'First day counted; lines overlapping it are prorated by days.' }),
    to: t.field({ type: 'Date', description: 'Last day counted; lines overlapping it are prorated by days.' }),
  }),
});

interface PlaceKey {
  code: string;
  name: string | null;
}
interface RecordKey {
  id: string;
  name: string | null;
}
interface CategoryKey {
  code: string;
  names: Record<string, string> | null;
}

const StatsPlace = builder.objectRef<PlaceKey>('DeliveryStatsPlace').implement({
  description: 'A place a statistics row is grouped by.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Its code, e.g. "NO-3901" or "NO-39".' }),
    name: t.exposeString('name', { nullable: true, description: 'Official name.' }),
  }),
});

const StatsRecord = builder.objectRef<RecordKey>('DeliveryStatsRecord').implement({
  description: 'A kitchen or producer a statistics row is grouped by.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Global ID; use it with `node(id:)`.' }),
    name: t.exposeString('name', { nullable: true, description: 'Name.' }),
  }),
});

const StatsCategory = builder.objectRef<CategoryKey>('DeliveryStatsCategory').implement({
  description: 'A product category a statistics row is grouped by.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Category code, e.g. "vegetables.root".' }),
    name: t.string({
      nullable: true,
      description: 'Name in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (c, args) => pickLocalized(c.names, args.lang as string | undefined),
    }),
  }),
});

const ExchangeRate = builder.objectRef<ExchangeRateUsed>('ExchangeRateUsed').implement({
  description: 'An annual exchange rate used to convert money, stored as an observation of `exchange_rate_eur_<currency>`.',
  fields: (t) => ({
    currency: t.exposeString('currency', { description: 'The currency, e.g. "SEK".' }),
    year: t.exposeInt('year', { description: 'The year the rate applies to.' }),
    rate: t.exposeFloat('rate', { description: 'Units of the currency per euro.' }),
    indicatorKey: t.exposeString('indicatorKey', { description: 'The indicator the rate is an observation of.' }),
  }),
});

const PerMealRef = builder.objectRef<PerMeal>('DeliveryStatsPerMeal').implement({
  description:
    'A statistics row per meal. The kitchens counted are those giving both meals per day and serving days per year that have at least one line in the row’s period (under the request’s source and project filters) within the row’s place, kitchen kind and kitchen, whatever the row’s category, producer, supplier or origin. A kitchen’s meals in a period are meals per day × serving days per year × the period’s share of each year it touches. A receiving kitchen whose central kitchen is counted in the same row adds no meals of its own: they are inside its central kitchen’s count. The figures divide the row’s lines at the kitchens counted by their meals, so “vegetables per meal” is the vegetables those kitchens bought over all the meals they served. Nothing is guessed where meal counts are missing: those lines are left out, and `coverage` says how much of the row that is.',
  fields: (t) => ({
    meals: t.exposeFloat('meals', {
      nullable: true,
      description:
        'Meals served in the row’s period (its year or month, or the request’s from–to when not grouped by time, clipped to from–to) by the kitchens counted; null when no kitchen in the cell gives meal counts.',
    }),
    total: t.exposeFloat('total', {
      nullable: true,
      description:
        'Σ of the row’s measure (value excluding VAT in the row’s currency, or kg) of the lines at the kitchens counted, per meal; null when `meals` is null.',
    }),
    organic: t.exposeFloat('organic', { nullable: true, description: 'Σ of those lines that are certified organic, per meal; null when `meals` is null.' }),
    local: t.exposeFloat('local', {
      nullable: true,
      description: 'Σ of those lines whose producer is local under the chosen definition, per meal; null when `meals` is null.',
    }),
    coverage: t.exposeFloat('coverage', {
      nullable: true,
      description:
        'Share (0–1) of the row’s total that comes from kitchens giving both meals per day and serving days per year: the part the figures per meal stand for. 0 when none does; null when the row’s total is not positive.',
    }),
  }),
});

type Row = StatsRow & { perMeal?: PerMeal | null };

const Row = builder.objectRef<Row>('DeliveryStatsRow').implement({
  description: `One cell of delivery statistics: its group key and sums. Shares are Σ/Σ (0–1), never averages of percentages. A cell built from fewer than ${SUPPRESSION_MIN_SUPPLIERS} distinct suppliers is suppressed for the public (no numbers).`,
  fields: (t) => ({
    year: t.exposeInt('year', { nullable: true, description: 'Year, when grouped by YEAR or MONTH.' }),
    month: t.exposeInt('month', { nullable: true, description: 'Month (1–12), when grouped by MONTH.' }),
    country: t.exposeString('countryCode', { nullable: true, description: 'Country code of the buying municipality, when grouped by COUNTRY.' }),
    region: t.field({
      type: StatsPlace,
      nullable: true,
      description: 'Region of the buying municipality, when grouped by REGION.',
      resolve: (r) => (r.regionCode === null ? null : { code: r.regionCode, name: r.regionName }),
    }),
    municipality: t.field({
      type: StatsPlace,
      nullable: true,
      description: 'Buying municipality, when grouped by MUNICIPALITY.',
      resolve: (r) => (r.municipalityCode === null ? null : { code: r.municipalityCode, name: r.municipalityName }),
    }),
    kitchen: t.field({
      type: StatsRecord,
      nullable: true,
      description: 'Invoiced kitchen, when grouped by KITCHEN (null also for lines without a known kitchen).',
      resolve: (r) => (r.kitchenId === null ? null : { id: encodeGlobalId('Kitchen', r.kitchenId), name: r.kitchenName }),
    }),
    kitchenKind: t.field({
      type: KitchenKind,
      nullable: true,
      description: 'Kind of the invoiced kitchen, when grouped by KITCHEN_KIND (null also when the kitchen is unknown).',
      resolve: (r) => r.kitchenKind as never,
    }),
    category: t.field({
      type: StatsCategory,
      nullable: true,
      description: 'Product category at the chosen depth, when grouped by CATEGORY.',
      resolve: (r) => (r.categoryCode === null ? null : { code: r.categoryCode, names: r.categoryNames }),
    }),
    producer: t.field({
      type: StatsRecord,
      nullable: true,
      description: 'Producer (origin), when grouped by PRODUCER (null also for lines of unknown origin).',
      resolve: (r) => (r.producerId === null ? null : { id: encodeGlobalId('Producer', r.producerId), name: r.producerName }),
    }),
    supplierKind: t.field({
      type: SupplierKind,
      nullable: true,
      description: 'Kind of the supplier, when grouped by SUPPLIER_KIND (UNKNOWN for lines without a supplier).',
      resolve: (r) => r.supplierKind,
    }),
    supplierSize: t.field({
      type: SupplierSize,
      nullable: true,
      description: 'Size class of the supplier, when grouped by SUPPLIER_SIZE (UNKNOWN when not known).',
      resolve: (r) => r.supplierSize,
    }),
    currency: t.field({
      type: Currency,
      nullable: true,
      description: 'Currency of the money figures (null when measured by weight). Currencies are never summed together.',
      resolve: (r) => r.currency as never,
    }),
    allocated: t.exposeBoolean('allocated', {
      description:
        'True when the row holds shares of lines invoiced to central kitchens, allocated to a receiving kitchen by meals (with `allocateCentralKitchens`); such shares never share a row with lines reported directly.',
    }),
    suppressed: t.exposeBoolean('suppressed', {
      description: 'True when the cell is built from fewer than 3 distinct suppliers and the caller may not see it: the numbers are then null.',
    }),
    total: t.exposeFloat('total', { nullable: true, description: 'Σ value (excluding VAT) or Σ kg of the lines.' }),
    organic: t.exposeFloat('organic', { nullable: true, description: 'Σ of the certified organic lines.' }),
    local: t.exposeFloat('local', { nullable: true, description: 'Σ of the lines whose producer is local under the chosen definition.' }),
    unknownOrigin: t.exposeFloat('unknownOrigin', {
      nullable: true,
      description: 'Σ of the lines whose origin cannot be judged (no known producer location).',
    }),
    organicShare: t.exposeFloat('organicShare', { nullable: true, description: 'organic / total (0–1); null when total is not positive.' }),
    localShare: t.exposeFloat('localShare', { nullable: true, description: 'local / total (0–1): unknown origin counts as not local.' }),
    localShareOfKnown: t.exposeFloat('localShareOfKnown', {
      nullable: true,
      description: 'local / (total − unknownOrigin) (0–1): of the lines with a known origin.',
    }),
    lines: t.exposeInt('lines', { nullable: true, description: 'Delivery lines counted (a line split over months counts in each month).' }),
    unconvertedLines: t.exposeInt('unconvertedLines', {
      nullable: true,
      description:
        'Lines left out of the sums: by weight, quantities whose unit could not be converted to kg; by value with a target currency, values without an exchange rate for their year.',
    }),
    exchangeRates: t.field({
      type: [ExchangeRate],
      description: 'The exchange rates used to convert this row’s money to the target currency.',
      resolve: (r) => r.exchangeRates,
    }),
    perMeal: t.field({
      type: PerMealRef,
      nullable: true,
      description:
        'The row per meal of the kitchens that give meal counts, with the share of the row they cover (see DeliveryStatsPerMeal); null when the row is suppressed. Needs a period: grouped by YEAR or MONTH, or filter.from and filter.to. Not with allocateCentralKitchens. Computed for all rows at once, only when asked for.',
      resolve: (r) => r.perMeal ?? null,
    }),
  }),
});

/** Whether a selection node is kept under its @skip and @include directives. */
function included(node: SelectionNode, info: GraphQLResolveInfo): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, info.variableValues);
  const include = getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues);
  return skip?.if !== true && include?.if !== false;
}

/** Whether `rows { perMeal }` is asked for (through fragments, aliases and directives). */
function asksPerMeal(info: GraphQLResolveInfo): boolean {
  const find = (selections: readonly SelectionNode[], path: readonly string[]): boolean =>
    selections.some((s) => {
      if (!included(s, info)) return false;
      if (s.kind === Kind.INLINE_FRAGMENT) return find(s.selectionSet.selections, path);
      if (s.kind === Kind.FRAGMENT_SPREAD) return find(info.fragments[s.name.value]?.selectionSet.selections ?? [], path);
      if (s.name.value !== path[0]) return false;
      return path.length === 1 || find(s.selectionSet?.selections ?? [], path.slice(1));
    });
  return info.fieldNodes.some((node) => find(node.selectionSet?.selections ?? [], ['rows', 'perMeal']));
}

/** The cursor of a row: its place in the order, counted from 1 (`after` it, the page begins at that place). */
const cursorOf = (place: number) => Buffer.from(`stats:${place}`).toString('base64url');
function offsetOf(cursor: string): number {
  const match = /^stats:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput('after', `"${cursor}" is not a cursor of deliveryStats (take pageInfo.endCursor of the page before).`);
  return Number(match[1]);
}

interface StatsResult {
  rows: Row[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  groupBy: GroupDimension[];
  measure: MeasureKind;
  local: LocalKind;
  localKm: number | null;
  currency: string | null;
}

const DeliveryStats = builder.objectRef<StatsResult>('DeliveryStats').implement({
  description: 'Delivery statistics: rows grouped as asked, with the definitions they were computed under.',
  fields: (t) => ({
    rows: t.field({
      type: [Row],
      description: `One row per group (and per currency, unless converted), ordered by the groups; groups without lines are absent. Grouped by KITCHEN or PRODUCER, one page of them (\`first\`, \`after\`).`,
      resolve: (r) => r.rows,
    }),
    pageInfo: t.field({
      type: builder.pageInfoRef(),
      description: 'Where these rows lie among all rows: more pages exist only for groupings by KITCHEN or PRODUCER.',
      resolve: (r) => r.pageInfo,
    }),
    groupBy: t.field({ type: [StatsGroup], description: 'The dimensions the rows are grouped by.', resolve: (r) => r.groupBy }),
    measure: t.field({ type: Measure, description: 'What the sums are in.', resolve: (r) => r.measure }),
    local: t.field({ type: LocalDefinition, description: 'The definition of local used.', resolve: (r) => r.local }),
    localKm: t.exposeFloat('localKm', { nullable: true, description: 'The distance, for WITHIN_KM.' }),
    currency: t.field({
      type: Currency,
      nullable: true,
      description: 'The target currency money was converted to, if one was asked for.',
      resolve: (r) => r.currency as never,
    }),
    suppressionThreshold: t.int({
      description: 'Cells with fewer distinct suppliers than this are suppressed for the public.',
      resolve: () => SUPPRESSION_MIN_SUPPLIERS,
    }),
  }),
});

function decodeIds(ids: readonly (string | number)[], typename: string, field: string): number[] {
  return ids.map((raw) => decodeTypedId(raw, typename, field));
}

builder.queryFields((t) => ({
  deliveryStats: t.field({
    type: DeliveryStats,
    extensions: { maxPageSize: STATS_PAGE.max },
    description: `Organic and local shares of what kitchens buy, grouped by any combination of year, month, place, kitchen, kitchen kind, category, producer, and the supplier's kind and size class. Local is applied at query time under the definition you choose, judged by the producer (origin), never the supplier. Deleted and replaced lines never count. Cells from fewer than ${SUPPRESSION_MIN_SUPPLIERS} distinct suppliers are suppressed unless the cell is entirely from sources of your organization and your API key has read:private.`,
    args: {
      filter: t.arg({ type: DeliveryStatsFilter, description: 'Which lines to count.' }),
      groupBy: t.arg({ type: [StatsGroup], description: 'Dimensions to group by; none gives one row per currency.', defaultValue: [] }),
      categoryDepth: t.arg.int({ description: 'Depth of the category tree (1–3) when grouping by CATEGORY.', defaultValue: 1 }),
      local: t.arg({ type: LocalInput, description: 'Definition of local (default SAME_MUNICIPALITY).' }),
      measure: t.arg({ type: Measure, description: 'Money (default) or kilograms.', defaultValue: 'VALUE' }),
      currency: t.arg({
        type: Currency,
        description: 'Convert money to this currency with the annual `exchange_rate_eur_<currency>` observations; without it, rows are per currency.',
      }),
      allocateCentralKitchens: t.arg.boolean({
        description:
          'Allocate the lines invoiced to a central kitchen to its receiving kitchens by meals (meals per day × serving days per year; meals per day alone when any receiving kitchen of that central kitchen lacks serving days). The shares form their own rows, marked `allocated`; totals are unchanged. Local is still judged at the invoiced kitchen, where the food was delivered. A central kitchen none of whose receiving kitchens states its meals keeps its lines.',
        defaultValue: false,
      }),
      first: t.arg.int({
        description: `Rows per page when grouped by KITCHEN or PRODUCER (default ${STATS_PAGE.default}, at most ${STATS_PAGE.max.toLocaleString('en')}); other groupings return all their rows.`,
      }),
      after: t.arg.string({ description: 'The page after this cursor (`pageInfo.endCursor`), when grouped by KITCHEN or PRODUCER.' }),
    },
    resolve: async (_root, args, ctx: Context, info) => {
      const f = args.filter ?? {};
      const first = args.first ?? STATS_PAGE.default;
      if (!Number.isInteger(first) || first < 1 || first > STATS_PAGE.max) {
        throw badInput('first', `first must be 1 to ${STATS_PAGE.max}; got ${first}.`);
      }
      const offset = args.after ? offsetOf(args.after) : 0;
      const depth = args.categoryDepth ?? 1;
      if (!Number.isInteger(depth) || depth < 1 || depth > 3) throw badInput('categoryDepth', `categoryDepth must be 1, 2 or 3; got ${depth}.`);
      const local = (args.local?.definition ?? 'SAME_MUNICIPALITY') as LocalKind;
      const km = args.local?.km ?? null;
      if (local === 'WITHIN_KM' && (km === null || !(km > 0 && km <= 2000))) {
        throw badInput('local.km', `WITHIN_KM needs km, more than 0 and at most 2000; got ${km ?? 'none'}.`);
      }
      if (local !== 'WITHIN_KM' && km !== null) throw badInput('local.km', `km applies only to WITHIN_KM, not to ${local}.`);
      const measure = (args.measure ?? 'VALUE') as MeasureKind;
      if (measure === 'WEIGHT' && args.currency) throw badInput('currency', 'A currency applies only to measure VALUE.');
      if (f.from && f.to && f.from > f.to) throw badInput('filter.to', 'filter.to is before filter.from.');
      const country = f.country?.map((c) => c.trim().toUpperCase());
      const unknownCountry = country?.find((c) => !/^[A-Z]{2}$/.test(c));
      if (unknownCountry !== undefined) throw badInput('filter.country', `"${unknownCountry}" is not an ISO 3166-1 alpha-2 country code such as "NO".`);
      const groupBy = [...new Set((args.groupBy ?? []) as GroupDimension[])].filter((g) => GROUP_DIMENSIONS.includes(g));
      const paged = statsArePaged(groupBy);
      if (!paged && (args.first != null || args.after != null)) {
        throw badInput(
          args.first != null ? 'first' : 'after',
          'first and after page the rows of groupings by KITCHEN or PRODUCER only; the others come whole.',
        );
      }
      const viewer = ctx.viewer;
      const request: StatsRequest = {
        filter: {
          municipalities: f.municipality ? await resolveMunicipalityCodes(ctx, f.municipality, 'filter.municipality') : null,
          regions: f.region ? await resolveRegionCodes(ctx, f.region, 'filter.region') : null,
          countries: country ?? null,
          categories: f.category ? await resolveCategoryCodes(ctx, f.category, 'filter.category') : null,
          kitchenKinds: f.kitchenKind ?? null,
          kitchenIds: f.kitchen ? decodeIds(f.kitchen, 'Kitchen', 'filter.kitchen') : null,
          sourceIds: f.source ? await resolveSourceIds(ctx, f.source, 'filter.source') : null,
          projectIds: f.project ? decodeIds(f.project, 'Project', 'filter.project') : null,
          supplierKinds: f.supplierKind?.length ? ([...new Set(f.supplierKind)] as SupplierKindValue[]) : null,
          supplierSizes: f.supplierSize?.length ? ([...new Set(f.supplierSize)] as SupplierSizeValue[]) : null,
          from: f.from ?? null,
          to: f.to ?? null,
        },
        groupBy,
        categoryDepth: depth,
        local,
        localKm: km,
        measure,
        currency: args.currency ?? null,
        privateOrganizationId: privateReaderOf(viewer),
        allocateCentralKitchens: args.allocateCentralKitchens ?? false,
        // One row more than the page tells whether another follows.
        page: paged ? { offset, limit: first + 1 } : null,
      };
      const perMeal = asksPerMeal(info);
      const problem = perMeal ? perMealProblem(request) : null;
      if (problem) throw badInput(problem[0], problem[1]);
      const found = await computeDeliveryStats(ctx.db, request);
      const rows: Row[] = paged ? found.slice(0, first) : found;
      if (perMeal) {
        const figures = await computePerMeal(ctx.db, request, rows);
        rows.forEach((row, i) => (row.perMeal = figures[i] ?? null));
      }
      const pageInfo = {
        hasNextPage: paged && found.length > first,
        hasPreviousPage: offset > 0,
        startCursor: rows.length ? cursorOf(offset + 1) : null,
        endCursor: rows.length ? cursorOf(offset + rows.length) : null,
      };
      return { rows, pageInfo, groupBy, measure, local, localKm: km, currency: args.currency ?? null };
    },
  }),
}));
