import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import DataLoader from 'dataloader';
import { COVERAGE_THRESHOLD, type GoalProgress, type ProgressFilter, type YearPoint, createGoalProgressLoader } from '../../stats/goal-progress.js';
import { SourcedInterface, decodeTypedId, langArg, notDeleted, pickLocalized } from './common.js';
import { resolveMunicipalityCodes, resolveSourceIds } from '../../places/codes.js';
import { GoalDirection, GoalOwnerKind } from './enums.js';

const ProgressBasis = builder.enumType('ProgressBasis', {
  description: 'Where a progress value comes from.',
  values: {
    COMPUTED: { value: 'COMPUTED', description: 'Computed from delivery lines of complete years.' },
    OBSERVED: { value: 'OBSERVED', description: 'The latest reported observation.' },
    NONE: { value: 'NONE', description: 'No value can be given; `note` says why.' },
  } as const,
});

const YearValue = builder.objectRef<YearPoint>('GoalYearValue').implement({
  description: 'The indicator’s value in one year.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Calendar year.' }),
    value: t.exposeFloat('value', { nullable: true, description: 'Value in the indicator’s unit.' }),
    coverage: t.exposeFloat('coverage', { nullable: true, description: 'Share (0–1) of the scope’s meals whose kitchens reported deliveries.' }),
    lines: t.exposeInt('lines', { description: 'Delivery lines counted (0 for observations).' }),
  }),
});

const Progress = builder.objectRef<GoalProgress>('GoalProgress').implement({
  description: 'How far a goal has come, and whether it is on a straight path from baseline to target.',
  fields: (t) => ({
    basis: t.field({ type: ProgressBasis, description: 'Computed from deliveries, observed, or none.', resolve: (p) => p.basis }),
    currentValue: t.exposeFloat('currentValue', { nullable: true, description: 'The latest value, in the indicator’s unit.' }),
    asOf: t.field({ type: 'Date', nullable: true, description: 'The end of the period the current value describes.', resolve: (p) => p.asOf }),
    expectedValue: t.exposeFloat('expectedValue', {
      nullable: true,
      description: 'The value a straight line from baseline to target gives for the same year as `currentValue`.',
    }),
    expectedToday: t.exposeFloat('expectedToday', { nullable: true, description: 'The value the straight line gives for today.' }),
    onTrack: t.exposeBoolean('onTrack', { nullable: true, description: 'Whether the current value is at or beyond the expected value.' }),
    coverage: t.exposeFloat('coverage', { nullable: true, description: 'Share (0–1) of the scope’s meals covered by reporting kitchens in the current year.' }),
    coverageThreshold: t.float({ description: 'The coverage needed for a computed value.', resolve: () => COVERAGE_THRESHOLD }),
    series: t.field({ type: [YearValue], description: 'Values by year.', resolve: (p) => p.series }),
    note: t.exposeString('note', { nullable: true, description: 'Why a value is missing or how it was obtained.' }),
  }),
});

/**
 * Filtered progress within one request: one loader per filter, so that the goals of a page asked with
 * the same filter are computed together.
 */
const filteredLoaders = new WeakMap<Context, Map<string, DataLoader<number, GoalProgress>>>();
function filteredProgressLoader(ctx: Context, filter: ProgressFilter) {
  const key = JSON.stringify([[...new Set(filter.sourceIds ?? [])].sort(), [...new Set(filter.projectIds ?? [])].sort()]);
  let byFilter = filteredLoaders.get(ctx);
  if (!byFilter) filteredLoaders.set(ctx, (byFilter = new Map()));
  let loader = byFilter.get(key);
  if (!loader) byFilter.set(key, (loader = createGoalProgressLoader(ctx.db, new Date(), { filter })));
  return loader;
}

builder.prismaNode('Goal', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'A strategy goal as data, e.g. "60 % organic by 2030", with its progress.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    title: t.string({
      description: 'Title in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (g, args) => pickLocalized(g.title, args.lang as string | undefined) ?? '',
    }),
    titles: t.expose('title', { type: 'JSON', description: 'Titles by language code.' }),
    scope: t.string({
      nullable: true,
      description: 'Which kitchens and meals the goal covers, in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (g, args) => pickLocalized(g.scope, args.lang as string | undefined),
    }),
    ownerKind: t.expose('ownerKind', { type: GoalOwnerKind, description: 'Whose goal it is.' }),
    country: t.relation('country', { nullable: true, description: 'The country, for national goals.' }),
    region: t.relation('region', { nullable: true, description: 'The region, for regional goals.' }),
    municipality: t.relation('municipality', { nullable: true, description: 'The municipality, for municipal goals.' }),
    project: t.relation('project', { nullable: true, description: 'The project, for project goals.' }),
    organization: t.relation('organization', { nullable: true, description: 'The organization that adopted it.' }),
    indicator: t.relation('indicator', { description: 'What is measured, and how.' }),
    baselineValue: t.expose('baselineValue', { type: 'Decimal', nullable: true, description: 'Value at the baseline year.' }),
    baselineYear: t.exposeInt('baselineYear', { nullable: true, description: 'Baseline year.' }),
    targetValue: t.expose('targetValue', { type: 'Decimal', description: 'Target value.' }),
    targetYear: t.exposeInt('targetYear', { description: 'Year the target is to be reached.' }),
    direction: t.expose('direction', { type: GoalDirection, description: 'Whether higher or lower is better.' }),
    documentTitle: t.exposeString('documentTitle', { nullable: true, description: 'The document that adopted the goal.' }),
    documentUrl: t.exposeString('documentUrl', { nullable: true, description: 'Link to the document.' }),
    adoptedAt: t.expose('adoptedAt', { type: 'Date', nullable: true, description: 'When it was adopted.' }),
    progress: t.field({
      type: Progress,
      description:
        'Progress toward the target. `source` and `project` restrict the delivery lines counted (an indicator computed from deliveries); such a progress is computed on demand, never kept. Observed values and tender-ready producers are not delivery lines: the filters leave them as they are.',
      args: {
        source: t.arg.stringList({ description: 'Only the lines of these sources (dataset keys, e.g. ["kismet-sodertalje"]).' }),
        project: t.arg.idList({ description: 'Only the lines bought in the municipalities of these projects (global IDs) that are in the goal’s scope.' }),
      },
      resolve: async (g, args, ctx) => {
        if (!args.source?.length && !args.project?.length) return ctx.loaders.goalProgress.load(g.id);
        const sourceIds = args.source?.length ? await resolveSourceIds(ctx, args.source, 'source') : null;
        const projectIds = args.project?.length ? args.project.map((id) => decodeTypedId(id, 'Project', 'project')) : null;
        return filteredProgressLoader(ctx, { sourceIds, projectIds }).load(g.id);
      },
    }),
  }),
});

const GoalFilter = builder.inputType('GoalFilter', {
  description: 'Which goals to return.',
  fields: (t) => ({
    municipality: t.stringList({ description: 'Goals of these municipalities, and of the regions and countries they belong to.' }),
    ownerKind: t.field({ type: [GoalOwnerKind], description: 'Any of these owner kinds.' }),
    indicator: t.stringList({ description: 'Indicator keys.' }),
  }),
});

async function goalWhere(ctx: Context, filter: typeof GoalFilter.$inferInput | null | undefined): Promise<Prisma.GoalWhereInput> {
  const and: Prisma.GoalWhereInput[] = [notDeleted];
  if (filter?.municipality) {
    const codes = await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality');
    const places = await ctx.db.prisma.municipality.findMany({ where: { code: { in: codes } }, select: { regionCode: true, countryCode: true } });
    and.push({
      OR: [
        { municipalityCode: { in: codes } },
        { regionCode: { in: places.map((p) => p.regionCode) } },
        { countryCode: { in: places.map((p) => p.countryCode) } },
        { project: { municipalities: { some: { municipalityCode: { in: codes } } } } },
      ],
    });
  }
  if (filter?.ownerKind) and.push({ ownerKind: { in: filter.ownerKind } });
  if (filter?.indicator) and.push({ indicator: { key: { in: filter.indicator } } });
  return { AND: and };
}

builder.queryFields((t) => ({
  goals: t.prismaConnection({
    type: 'Goal',
    cursor: 'id',
    description: 'Strategy goals with their progress.',
    args: { filter: t.arg({ type: GoalFilter, description: 'Which goals.' }) },
    totalCount: async (_p, args, ctx) => ctx.db.prisma.goal.count({ where: await goalWhere(ctx, args.filter) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.goal.findMany({ ...query, where: await goalWhere(ctx, args.filter), orderBy: [{ targetYear: 'asc' }, { id: 'asc' }] }),
  }),
}));
