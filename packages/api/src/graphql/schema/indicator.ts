import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { badInput } from '../../errors.js';
import { SourcedInterface, langArg, notDeleted, pickLocalized } from './common.js';
import { resolveMunicipalityCodes } from '../../places/codes.js';
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

builder.prismaNode('Observation', {
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
