import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { badInput } from '../../errors.js';
import { SourcedInterface, langArg, notDeleted, pickLocalized } from './common.js';
import { resolveMunicipalityCodes } from '../../places/codes.js';
import { computeIndicatorSeries } from '../../stats/goal-progress.js';
import { IndicatorKind, KitchenKind, LocalDefinition, Measure, ObservationStatus, PeriodType } from './enums.js';

builder.prismaNode('Indicator', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'A statistic: what is measured and exactly how (measure, local definition, kitchen kinds, categories).',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable key, e.g. "organic_share_value".' }),
    name: t.string({
      description: 'Name in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (i, args) => pickLocalized(i.names, args.lang as string | undefined) ?? i.key,
    }),
    definition: t.string({
      nullable: true,
      description: 'Definition in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (i, args) => pickLocalized(i.definition, args.lang as string | undefined),
    }),
    unit: t.exposeString('unit', { description: 'Unit of the values, e.g. "percent" (0–100), "count", "NOK per EUR".' }),
    kind: t.expose('kind', { type: IndicatorKind, description: 'How values are obtained.' }),
    measure: t.expose('measure', { type: Measure, nullable: true, description: 'For shares: by value or by weight.' }),
    localDefinition: t.expose('localDefinition', { type: LocalDefinition, nullable: true, description: 'For local shares: the definition of local.' }),
    localKm: t.exposeFloat('localKm', { nullable: true, description: 'For WITHIN_KM: the distance.' }),
    kitchenKinds: t.expose('kitchenKinds', { type: [KitchenKind], description: 'Kitchen kinds counted; empty means all.' }),
    categoryCodes: t.exposeStringList('categoryCodes', { description: 'Categories counted (with descendants); empty means all.' }),
  }),
});

const ObservationNode = builder.prismaNode('Observation', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'One value of an indicator for a place, kitchen or project at a date, with the facet (publisher, method) it came from.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    indicator: t.relation('indicator', { description: 'The indicator.' }),
    country: t.relation('country', { nullable: true, description: 'The country observed.' }),
    region: t.relation('region', { nullable: true, description: 'The region observed.' }),
    municipality: t.relation('municipality', { nullable: true, description: 'The municipality observed.' }),
    kitchen: t.relation('kitchen', { nullable: true, description: 'The kitchen observed.' }),
    project: t.relation('project', { nullable: true, description: 'The project observed.' }),
    date: t.expose('date', { type: 'Date', description: 'Start of the observed period.' }),
    periodType: t.expose('periodType', { type: PeriodType, description: 'Year or month.' }),
    value: t.expose('value', { type: 'Decimal', description: 'The value, in the indicator’s unit.' }),
    facetSource: t.relation('facetSource', { nullable: true, description: 'Who measured it, when not the record’s own source.' }),
    method: t.exposeString('method', { nullable: true, description: 'How it was measured.' }),
    status: t.expose('status', { type: ObservationStatus, nullable: true, description: 'How final the figure is; null when the publisher does not say.' }),
    revisions: t.relation('revisions', {
      description: 'The values it had before each revision of its value, status, date or method, newest first.',
      query: { orderBy: { id: 'desc' } },
    }),
  }),
});

builder.prismaObject('ObservationRevision', {
  description: 'Values an observation had before a revision replaced them.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The observation’s version that held these values.' }),
    date: t.expose('date', { type: 'Date', description: 'Start of the observed period.' }),
    value: t.expose('value', { type: 'Decimal', description: 'The value, in the indicator’s unit.' }),
    status: t.expose('status', { type: ObservationStatus, nullable: true, description: 'How final the figure was.' }),
    method: t.exposeString('method', { nullable: true, description: 'How it was measured.' }),
    revisedAt: t.expose('revisedAt', { type: 'DateTime', description: 'When these values were replaced.' }),
  }),
});

builder.queryFields((t) => ({
  indicators: t.prismaConnection({
    type: 'Indicator',
    cursor: 'id',
    description: 'Indicators, by key.',
    totalCount: (_p, _a, ctx) => ctx.db.prisma.indicator.count({ where: notDeleted }),
    resolve: (query, _p, _a, ctx) => ctx.db.prisma.indicator.findMany({ ...query, where: notDeleted, orderBy: { key: 'asc' } }),
  }),
}));

const ObservationFilter = builder.inputType('ObservationFilter', {
  description: 'Which observations to return.',
  fields: (t) => ({
    indicator: t.stringList({ description: 'Indicator keys.' }),
    municipality: t.stringList({ description: 'Municipality codes.' }),
    country: t.stringList({ description: 'Country codes (observations of the country itself).' }),
    fromYear: t.int({ description: 'From this year.' }),
    toYear: t.int({ description: 'Up to and including this year.' }),
  }),
});

async function observationWhere(ctx: Context, filter: typeof ObservationFilter.$inferInput | null | undefined): Promise<Prisma.ObservationWhereInput> {
  const and: Prisma.ObservationWhereInput[] = [notDeleted];
  if (filter?.indicator) and.push({ indicator: { key: { in: filter.indicator } } });
  if (filter?.municipality) and.push({ municipalityCode: { in: await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality') } });
  if (filter?.country) and.push({ countryCode: { in: filter.country.map((c) => c.toUpperCase()) } });
  if (filter?.fromYear != null && filter?.toYear != null && filter.fromYear > filter.toYear) throw badInput('filter.toYear', 'toYear is before fromYear.');
  if (filter?.fromYear != null) and.push({ date: { gte: new Date(Date.UTC(filter.fromYear, 0, 1)) } });
  if (filter?.toYear != null) and.push({ date: { lt: new Date(Date.UTC(filter.toYear + 1, 0, 1)) } });
  return { AND: and };
}

builder.queryFields((t) => ({
  observations: t.prismaConnection({
    type: 'Observation',
    cursor: 'id',
    description: 'Observations, oldest first.',
    args: { filter: t.arg({ type: ObservationFilter, description: 'Which observations.' }) },
    totalCount: async (_p, args, ctx) => ctx.db.prisma.observation.count({ where: await observationWhere(ctx, args.filter) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.observation.findMany({ ...query, where: await observationWhere(ctx, args.filter), orderBy: [{ date: 'asc' }, { id: 'asc' }] }),
  }),
}));

interface IndicatorYearShape {
  year: number;
  computed: number | null;
  coverage: number | null;
  lines: number;
  reported: Prisma.ObservationGetPayload<object>[];
}

const IndicatorYear = builder.objectRef<IndicatorYearShape>('IndicatorYear').implement({
  description: 'One year of an indicator for a municipality: the value computed from the deliveries beside the values reported for it.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'The calendar year.' }),
    computed: t.exposeFloat('computed', {
      nullable: true,
      description: 'The value computed from the delivery lines, in the indicator’s unit; null when there are none to compute from.',
    }),
    coverage: t.exposeFloat('coverage', {
      nullable: true,
      description: 'Share (0–1) of the municipality’s meals whose kitchens reported deliveries that year: how far the computed value can be trusted.',
    }),
    lines: t.exposeInt('lines', { description: 'Delivery lines the computed value counts.' }),
    reported: t.field({
      type: [ObservationNode],
      description: 'The values reported for the year (national statistics, the municipality’s own), each with its source, publisher and status.',
      resolve: (y) => y.reported,
    }),
    difference: t.float({
      nullable: true,
      description: 'The first reported value minus the computed one, when both exist and share the unit (percentage points for percentages).',
      resolve: (y) => (y.computed === null || y.reported.length === 0 ? null : Number(y.reported[0]!.value) - y.computed),
    }),
  }),
});

builder.prismaObjectField('Municipality', 'indicatorSeries', (t) =>
  t.field({
    type: [IndicatorYear],
    description:
      'An indicator year by year: computed from the municipality’s deliveries (as goal progress computes it) beside the values reported for it, such as Kolada’s U07409 for Swedish municipalities. The years of either, oldest first.',
    args: {
      indicator: t.arg.string({ required: true, description: 'Key of the indicator computed from deliveries, e.g. "organic_share_value".' }),
      reported: t.arg.stringList({
        description: 'Keys of the indicators whose observations are the reported values, e.g. ["kolada_u07409"]; by default the indicator’s own.',
      }),
      fromYear: t.arg.int({ description: 'First year (default: ten years before the last complete one).' }),
      toYear: t.arg.int({ description: 'Last year (default: the last complete year).' }),
    },
    resolve: async (municipality, args, ctx) => {
      const lastComplete = new Date().getUTCFullYear() - 1;
      const toYear = args.toYear ?? lastComplete;
      const fromYear = args.fromYear ?? toYear - 9;
      if (fromYear > toYear) throw badInput('fromYear', 'fromYear is after toYear.');
      if (toYear - fromYear > 30) throw badInput('fromYear', 'At most 31 years at a time.');
      const keys = [args.indicator, ...(args.reported ?? [])];
      const indicators = await ctx.db.prisma.indicator.findMany({ where: { key: { in: keys }, deletedAt: null } });
      const missing = keys.find((k) => !indicators.some((i) => i.key === k));
      if (missing) throw badInput(missing === args.indicator ? 'indicator' : 'reported', `No indicator "${missing}"; the \`indicators\` query lists them.`);
      const indicator = indicators.find((i) => i.key === args.indicator)!;
      const computed = await computeIndicatorSeries(ctx.db, [municipality.code], indicator, fromYear, toYear);
      const reportedIds = indicators.filter((i) => (args.reported ? args.reported.includes(i.key) : i.key === args.indicator)).map((i) => i.id);
      const observations = await ctx.db.prisma.observation.findMany({
        where: {
          indicatorId: { in: reportedIds },
          municipalityCode: municipality.code,
          kitchenId: null,
          deletedAt: null,
          date: { gte: new Date(Date.UTC(fromYear, 0, 1)), lt: new Date(Date.UTC(toYear + 1, 0, 1)) },
        },
        orderBy: [{ date: 'asc' }, { id: 'asc' }],
      });
      const years = new Set([...(computed?.series.map((p) => p.year) ?? []), ...observations.map((o) => o.date.getUTCFullYear())]);
      return [...years]
        .sort((a, b) => a - b)
        .map((year) => {
          const point = computed?.series.find((p) => p.year === year);
          return {
            year,
            computed: point?.value ?? null,
            coverage: point?.coverage ?? null,
            lines: point?.lines ?? 0,
            reported: observations.filter((o) => o.date.getUTCFullYear() === year),
          };
        });
    },
  }),
);
