import { resolveArrayConnection } from '@pothos/plugin-relay';
import DataLoader from 'dataloader';
import { builder } from '../builder.js';
import { encodeGlobalId } from '../../ids.js';
import type { Context } from '../context.js';
import { ErrorCode, UserError, badInput } from '../../errors.js';
import { type Match, type MatchedProduct, type Reason, matchNeed, unitTableOf } from '../../matching/engine.js';
import { type GapRow, demandGaps } from '../../matching/gaps.js';
import { type KitchenMatch, loadDemandNeed, loadLotNeeds, matchKitchen, tenderReadyCounts } from '../../matching/needs.js';
import { decodeTypedId, langArg, pickLocalized } from './common.js';
import { resolveCategoryCodes, resolveMunicipalityCodes } from '../../places/codes.js';
import { visibleDemand } from './demand.js';
import { CertificationScheme, Unit } from './enums.js';

const MatchCriterion = builder.enumType('MatchCriterion', {
  description: 'A criterion a producer is matched on.',
  values: {
    CATEGORY: { description: 'Offers the category or one of its descendants (a demand for root vegetables matches a potato grower).' },
    SEASON: { description: 'In season in the months of the demand’s period.' },
    REACH: { description: 'Delivers to every delivery point: within its own delivery radius, or through a hub it uses that serves the point’s municipality.' },
    ORGANIC: { description: 'Organic, where organic is required.' },
    CERTIFICATION: { description: 'Holds each required certification, or an equivalent one (an EU-organic scheme for another).' },
    CAPACITY: { description: 'Annual capacity, for the overlapping months, against the quantity needed.' },
    TENDER_READY: { description: 'Able to answer public tenders; required for lots and for demand bought through a tendered route.' },
  },
});

const MatchCriterionStatus = builder.enumType('MatchCriterionStatus', {
  description: 'How well a criterion is met.',
  values: {
    MET: { description: 'Fully met.' },
    PARTIAL: { description: 'Partly met (some months, some delivery points, part of the quantity).' },
    MISSING: { description: 'Not met.' },
    UNKNOWN: { description: 'Cannot be judged: the producer has not given the figure (e.g. no capacity).' },
  },
});

const MatchReasonRef = builder.objectRef<Reason>('MatchReason').implement({
  description: 'One criterion of a match, with the numbers behind it.',
  fields: (t) => ({
    criterion: t.field({ type: MatchCriterion, description: 'The criterion.', resolve: (r) => r.criterion }),
    status: t.field({ type: MatchCriterionStatus, description: 'How well it is met.', resolve: (r) => r.status }),
    required: t.exposeBoolean('required', { description: 'Whether it is a requirement of the need; otherwise it is information (or ranks only).' }),
    message: t.exposeString('message', { description: 'Why, in English, with the figures (distance, months, capacity).' }),
  }),
});

const MatchedProductRef = builder.objectRef<MatchedProduct>('MatchedProduct').implement({
  description: 'A product of the producer in the categories needed.',
  fields: (t) => ({
    categoryCode: t.exposeString('categoryCode', { description: 'Its category code, e.g. "vegetables.root.potatoes".' }),
    categoryName: t.string({
      nullable: true,
      description: 'Its category’s name in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (p, args) => pickLocalized(p.categoryNames, args.lang as string | undefined),
    }),
    name: t.exposeString('name', { nullable: true, description: 'The product’s own name, if given.' }),
    seasonMonths: t.exposeIntList('seasonMonths', { description: 'Months (1–12) it is available; empty when not given (taken as all year).' }),
    annualCapacity: t.exposeFloat('annualCapacity', { nullable: true, description: 'Annual capacity in `capacityUnit`.' }),
    capacityUnit: t.field({ type: Unit, nullable: true, description: 'Unit of the capacity.', resolve: (p) => p.capacityUnit }),
    organic: t.exposeBoolean('organic', { description: 'Certified organic.' }),
  }),
});

type MatchShape = Match & { rank: number; demandId?: number | null; demandsAnswered?: number };

const MatchRef = builder.objectRef<MatchShape>('Match').implement({
  description:
    'A producer ranked for a demand, a kitchen or a procurement lot, with every criterion’s reason and figures. Producers that almost match are included, saying what is missing.',
  fields: (t) => ({
    rank: t.exposeInt('rank', { description: 'Position in the ranking, from 1. The order is deterministic.' }),
    producer: t.prismaField({
      type: 'Producer',
      description: 'The producer.',
      resolve: (query, m, _args, ctx) => ctx.db.prisma.producer.findUniqueOrThrow({ ...query, where: { id: m.producerId } }),
    }),
    qualifies: t.exposeBoolean('qualifies', { description: 'Meets every requirement of the need.' }),
    missing: t.field({ type: [MatchCriterion], description: 'The requirements not (fully) met; empty when it qualifies.', resolve: (m) => m.missing }),
    reasons: t.field({ type: [MatchReasonRef], description: 'Each criterion with its status and figures.', resolve: (m) => m.reasons }),
    products: t.field({ type: [MatchedProductRef], description: 'The producer’s products in the categories needed.', resolve: (m) => m.products }),
    distanceKm: t.exposeFloat('distanceKm', {
      nullable: true,
      description:
        'Kilometres (great circle, 0.1 km) from the producer’s published location to the nearest delivery point. Information only for tendered purchases: procurement law forbids ranking on nearness there.',
    }),
    distanceApproximate: t.exposeBoolean('distanceApproximate', {
      description: 'The published location is a postcode’s or municipality’s centre (a sole trader without consent), so the distance is approximate.',
    }),
    radiusKm: t.exposeFloat('radiusKm', { nullable: true, description: 'The producer’s own delivery radius in km.' }),
    pointsReached: t.exposeInt('pointsReached', { description: 'Delivery points it reaches, directly or through a hub.' }),
    pointsTotal: t.exposeInt('pointsTotal', { description: 'Delivery points of the need.' }),
    viaHub: t.prismaField({
      type: 'Hub',
      nullable: true,
      description: 'The hub it reaches a delivery point through, when it does not reach it directly.',
      resolve: (query, m, _args, ctx) => (m.viaHubId === null ? null : ctx.db.prisma.hub.findUnique({ ...query, where: { id: m.viaHubId } })),
    }),
    monthsNeeded: t.exposeIntList('monthsNeeded', { nullable: true, description: 'Months (1–12) of the demand’s period; null without a season (lots).' }),
    monthsOverlapping: t.exposeIntList('monthsOverlapping', { nullable: true, description: 'Months of those it is in season.' }),
    capacityKg: t.exposeFloat('capacityKg', {
      nullable: true,
      description: 'Capacity in kg for the need’s period (a demand) or per year (a lot); null when not given or not convertible.',
    }),
    quantityKg: t.exposeFloat('quantityKg', {
      nullable: true,
      description: 'Quantity needed in kg, over the period (a demand) or per year of the agreement (a lot).',
    }),
    capacityShare: t.exposeFloat('capacityShare', { nullable: true, description: 'capacityKg / quantityKg.' }),
    certifications: t.field({ type: [CertificationScheme], description: 'Certifications valid on the need’s date.', resolve: (m) => m.certifications }),
    tenderReady: t.exposeBoolean('tenderReady', { description: 'Able to answer public tenders.' }),
    demand: t.prismaField({
      type: 'Demand',
      nullable: true,
      description: 'For a kitchen: which of its open demands this evaluation answers best.',
      resolve: (query, m, _args, ctx) => (m.demandId ? ctx.db.prisma.demand.findUnique({ ...query, where: { id: m.demandId } }) : null),
    }),
    demandsAnswered: t.int({
      nullable: true,
      description: 'For a kitchen: how many of its open demands the producer qualifies for.',
      resolve: (m) => m.demandsAnswered ?? null,
    }),
  }),
});

interface MatchList {
  matches: MatchShape[];
  distanceRanks: boolean;
}

async function findMatches(
  ctx: Context,
  args: { demandId?: string | number | null; kitchenId?: string | number | null; lotId?: string | number | null },
): Promise<MatchList> {
  const given = (['demandId', 'kitchenId', 'lotId'] as const).filter((k) => args[k] != null);
  if (given.length !== 1) throw badInput(given[1] ?? 'demandId', 'Give exactly one of demandId, kitchenId or lotId.');
  const rank = (list: Match[]) => list.map((m, i) => ({ ...m, rank: i + 1 }));
  if (args.demandId != null) {
    const id = decodeTypedId(args.demandId, 'Demand', 'demandId');
    const units = unitTableOf(ctx.db);
    const need = await loadDemandNeed(ctx.db, id, visibleDemand(ctx), units);
    if (!need) throw new UserError(ErrorCode.NOT_FOUND, `No demand ${args.demandId}.`, { field: 'demandId' });
    return { matches: rank(await matchNeed(ctx.db, need, { units: await units })), distanceRanks: need.distanceRanks };
  }
  if (args.lotId != null) {
    const id = decodeTypedId(args.lotId, 'Lot', 'lotId');
    const units = unitTableOf(ctx.db);
    const need = (await loadLotNeeds(ctx.db, [id], new Date(), units)).get(id);
    if (!need) throw new UserError(ErrorCode.NOT_FOUND, `No lot ${args.lotId}.`, { field: 'lotId' });
    return { matches: rank(await matchNeed(ctx.db, need, { units: await units })), distanceRanks: false };
  }
  const id = decodeTypedId(args.kitchenId!, 'Kitchen', 'kitchenId');
  const found = await matchKitchen(ctx.db, id, visibleDemand(ctx));
  if (!found) throw new UserError(ErrorCode.NOT_FOUND, `No kitchen ${args.kitchenId}.`, { field: 'kitchenId' });
  return { matches: found.matches.map((m: KitchenMatch, i) => ({ ...m, rank: i + 1 })), distanceRanks: found.distanceRanks };
}

interface MatchPage {
  totalCount: number;
  qualifyingCount: number;
  distanceRanks: boolean;
}

const MatchConnection = builder.connectionObject(
  {
    type: MatchRef,
    name: 'MatchConnection',
    description: 'A page of matches, in rank order.',
    fields: (c) => ({
      totalCount: c.int({ description: 'How many matches, over all pages.', resolve: (p) => (p as unknown as MatchPage).totalCount }),
      qualifyingCount: c.int({ description: 'How many producers meet every requirement.', resolve: (p) => (p as unknown as MatchPage).qualifyingCount }),
      rankedByDistance: c.boolean({
        description: 'Whether nearness ranks these matches (direct awards and private food service) or is only shown (tendered purchases).',
        resolve: (p) => (p as unknown as MatchPage).distanceRanks,
      }),
    }),
  },
  { name: 'MatchEdge', description: 'A match with its cursor.' },
);

function page(
  list: MatchList,
  args: { qualifyingOnly?: boolean | null; first?: number | null; after?: string | null; last?: number | null; before?: string | null },
) {
  const shown = args.qualifyingOnly ? list.matches.filter((m) => m.qualifies) : list.matches;
  const connection = resolveArrayConnection({ args }, shown);
  return Object.assign(connection, {
    totalCount: shown.length,
    qualifyingCount: list.matches.filter((m) => m.qualifies).length,
    distanceRanks: list.distanceRanks,
  });
}

const qualifyingOnlyArg = (t: { arg: { boolean: (o: object) => unknown } }) =>
  t.arg.boolean({ description: 'Only producers that meet every requirement.', defaultValue: false });

builder.queryFields((t) => ({
  matches: t.connection(
    {
      type: MatchRef,
      description:
        'Producers ranked for a demand, a kitchen or a procurement lot, on category fit (descendants included), season overlap, reach (own delivery radius or a hub), required certifications (or equivalent), organic, capacity against quantity, and tender readiness. For a lot and for tendered demand, only the requirements rank: nearness is shown, never used to rank. Qualifying producers come first, then those missing the fewest requirements. Give exactly one of the three IDs.',
      args: {
        demandId: t.arg.id({ description: 'A demand (global ID).' }),
        kitchenId: t.arg.id({ description: 'A kitchen (global ID): matched against each of its open demands, or on reach when it has none.' }),
        lotId: t.arg.id({ description: 'A lot of an agreement (global ID).' }),
        qualifyingOnly: qualifyingOnlyArg(t) as never,
      },
      resolve: async (_root, args, ctx) => page(await findMatches(ctx, args), args as never),
    },
    MatchConnection,
  ),
}));

builder.prismaObjectField('Demand', 'matches', (t) =>
  t.connection(
    {
      type: MatchRef,
      description: 'Producers ranked for this demand: the same as `matches(demandId:)`.',
      args: { qualifyingOnly: qualifyingOnlyArg(t) as never },
      resolve: async (demand, args, ctx) => page(await findMatches(ctx, { demandId: encodeGlobalId('Demand', demand.id) }), args as never),
    },
    MatchConnection,
  ),
);

builder.prismaObjectField('Lot', 'matches', (t) =>
  t.connection(
    {
      type: MatchRef,
      description: 'Producers ranked for this lot on its requirements only: the same as `matches(lotId:)`.',
      args: { qualifyingOnly: qualifyingOnlyArg(t) as never },
      resolve: async (lot, args, ctx) => page(await findMatches(ctx, { lotId: encodeGlobalId('Lot', lot.id) }), args as never),
    },
    MatchConnection,
  ),
);

// ─── The gap view ───────────────────────────────────────────────────────────────

const DemandGap = builder.objectRef<GapRow>('DemandGap').implement({
  description:
    'Demand against reachable capacity for one municipality, demanded category and month. A demand’s quantity is spread over its period by days; a product’s annual capacity evenly over its season months (all twelve when none is given).',
  fields: (t) => ({
    municipalityCode: t.exposeString('municipalityCode', { description: 'The municipality delivered to.' }),
    municipalityName: t.exposeString('municipalityName', { description: 'Its name.' }),
    categoryCode: t.exposeString('categoryCode', { description: 'The demanded category.' }),
    categoryName: t.string({
      nullable: true,
      description: 'Its name in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (r, args) => pickLocalized(r.categoryNames, args.lang as string | undefined),
    }),
    year: t.exposeInt('year', { description: 'Year.' }),
    month: t.exposeInt('month', { description: 'Month (1–12).' }),
    demands: t.exposeInt('demands', { description: 'Demands (open or matched) with days in the month.' }),
    demandKg: t.exposeFloat('demandKg', { description: 'Quantity demanded in the month, in kg.' }),
    unconvertedDemands: t.exposeInt('unconvertedDemands', { description: 'Demands whose quantity has no kg equivalent (not in demandKg).' }),
    capacityKg: t.exposeFloat('capacityKg', { description: 'Capacity in the month of the producers that can reach the municipality, in kg.' }),
    producers: t.exposeInt('producers', { description: 'Producers contributing capacity in the month.' }),
    gapKg: t.exposeFloat('gapKg', { description: 'Demand not covered by that capacity: max(0, demandKg − capacityKg).' }),
  }),
});

const MAX_GAP_MONTHS = 36;

builder.queryFields((t) => ({
  demandGaps: t.field({
    type: [DemandGap],
    description:
      'Where are local producers missing? Per municipality, demanded category and month from `from` to `to`: demand (open and matched) against the capacity of producers that can reach the municipality (within their delivery radius of its centre, or through a hub serving it).',
    args: {
      municipality: t.arg.stringList({ required: true, description: 'Municipality codes, e.g. ["NO-3901"].' }),
      category: t.arg.stringList({ description: 'Demanded categories (each with its descendants).' }),
      from: t.arg({ type: 'Date', required: true, description: 'First month (any day in it).' }),
      to: t.arg({ type: 'Date', required: true, description: `Last month (any day in it); at most ${MAX_GAP_MONTHS} months after \`from\`.` }),
    },
    resolve: async (_root, args, ctx) => {
      const from = new Date(Date.UTC(args.from.getUTCFullYear(), args.from.getUTCMonth(), 1));
      const to = new Date(Date.UTC(args.to.getUTCFullYear(), args.to.getUTCMonth() + 1, 0));
      if (to < from) throw badInput('to', '`to` is before `from`.');
      const span = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth() + 1;
      if (span > MAX_GAP_MONTHS) throw badInput('to', `At most ${MAX_GAP_MONTHS} months at a time; asked for ${span}.`);
      if (args.municipality.length === 0) throw badInput('municipality', 'Name at least one municipality.');
      const municipalities = await resolveMunicipalityCodes(ctx, args.municipality, 'municipality');
      const categories = args.category ? await resolveCategoryCodes(ctx, args.category, 'category') : null;
      return demandGaps(ctx.db, { municipalities, categories, from, to, visible: visibleDemand(ctx) });
    },
  }),
}));

// ─── Tender readiness per lot ───────────────────────────────────────────────────

const tenderReadyLoaders = new WeakMap<Context, DataLoader<number, number>>();

builder.prismaObjectField('Lot', 'tenderReadyProducers', (t) =>
  t.int({
    description:
      'Tender-ready producers that meet every requirement of the lot today: its categories (or descendants), delivery to all its delivery points within their own radius or through a hub, its certifications (or equivalent) and organic requirement. Capacity only ranks (a lot may be split between suppliers). The same count `matches(lotId:)` gives as `qualifyingCount`.',
    resolve: (lot, _args, ctx) => {
      let loader = tenderReadyLoaders.get(ctx);
      if (!loader) {
        loader = new DataLoader<number, number>(async (ids) => {
          const counts = await tenderReadyCounts(ctx.db, [...ids]);
          return ids.map((id) => counts.get(id) ?? 0);
        });
        tenderReadyLoaders.set(ctx, loader);
      }
      return loader.load(lot.id);
    },
  }),
);
