import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { badInput } from '../../errors.js';
import { type Near, NearInput, SourcedInterface, categoryCodeWhere, langArg, notDeleted, pickLocalized, validateNear } from './common.js';
import { resolveCategoryCodes, resolveMunicipalityCodes } from '../../places/codes.js';
import { CertificationScheme, DemandStatus, ProcurementRoute, Unit } from './enums.js';

builder.prismaNode('Demand', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'What a kitchen or buyer needs, published early enough for producers to plan.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    title: t.exposeString('title', { nullable: true, description: 'Short title.' }),
    description: t.string({
      nullable: true,
      description: 'Description in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (d, args) => pickLocalized(d.description, args.lang as string | undefined),
    }),
    kitchen: t.relation('kitchen', { nullable: true, description: 'The kitchen that needs it.' }),
    buyerOrganization: t.relation('buyerOrganization', { nullable: true, description: 'The buying organization.' }),
    municipality: t.relation('municipality', { description: 'Where it is delivered.' }),
    category: t.relation('category', { description: 'What is needed.' }),
    quantity: t.expose('quantity', { type: 'Decimal', description: 'How much over the period.' }),
    unit: t.expose('unit', { type: Unit, description: 'Unit of the quantity.' }),
    periodStart: t.expose('periodStart', { type: 'Date', description: 'First day of the period.' }),
    periodEnd: t.expose('periodEnd', { type: 'Date', description: 'Last day of the period.' }),
    organicRequired: t.exposeBoolean('organicRequired', { description: 'Must be certified organic.' }),
    requiredCertifications: t.expose('requiredCertifications', { type: [CertificationScheme], description: 'Certifications required ("or equivalent").' }),
    deliveryFrequency: t.exposeString('deliveryFrequency', { nullable: true, description: 'How often deliveries are wanted, e.g. "weekly".' }),
    status: t.expose('status', { type: DemandStatus, description: 'Open, matched or closed.' }),
    procurementRoute: t.expose('procurementRoute', { type: ProcurementRoute, description: 'How it is bought.' }),
    lot: t.relation('lot', { nullable: true, description: 'The agreement lot it is called off from.' }),
  }),
});

const DemandFilter = builder.inputType('DemandFilter', {
  description: 'Which demands to return.',
  fields: (t) => ({
    municipality: t.stringList({ description: 'Delivered to any of these municipalities.' }),
    category: t.stringList({ description: 'Category codes (with descendants).' }),
    status: t.field({ type: [DemandStatus], description: 'Any of these states.' }),
    from: t.field({ type: 'Date', description: 'Period ends on or after this day.' }),
    to: t.field({ type: 'Date', description: 'Period starts on or before this day.' }),
    near: t.field({
      type: NearInput,
      description: 'Delivered within this distance of a point: the kitchen’s location, or the municipality’s centre when the demand names no located kitchen.',
    }),
  }),
});

/** IDs of live demands whose delivery point lies within the radius; one statement. */
async function demandIdsNear(ctx: Context, near: Near): Promise<number[]> {
  const rows = await ctx.db.sql.query<{ id: number }>(
    `SELECT d.id FROM demand d
       JOIN municipality m ON m.code = d.municipality_code
       LEFT JOIN kitchen k ON k.id = d.kitchen_id AND k.lat IS NOT NULL AND k.lon IS NOT NULL
      WHERE d.deleted_at IS NULL
        AND 2 * 6371.0088 * asin(least(1, sqrt(
              power(sin(radians(coalesce(k.lat, m.centroid_lat) - $1) / 2), 2)
            + cos(radians($1)) * cos(radians(coalesce(k.lat, m.centroid_lat)))
              * power(sin(radians(coalesce(k.lon, m.centroid_lon) - $2) / 2), 2)))) <= $3`,
    [near.lat, near.lon, near.radiusKm],
  );
  return rows.map((r) => Number(r.id));
}

/** Internal demand is for the buyer's own organization only. */
export function visibleDemand(ctx: Context): Prisma.DemandWhereInput {
  return ctx.viewer ? { OR: [{ internal: false }, { source: { organizationId: ctx.viewer.organizationId } }] } : { internal: false };
}

async function demandWhere(ctx: Context, filter: typeof DemandFilter.$inferInput | null | undefined): Promise<Prisma.DemandWhereInput> {
  const and: Prisma.DemandWhereInput[] = [notDeleted, visibleDemand(ctx)];
  if (filter?.municipality) and.push({ municipalityCode: { in: await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality') } });
  if (filter?.category) and.push(categoryCodeWhere(await resolveCategoryCodes(ctx, filter.category, 'filter.category')));
  if (filter?.status) and.push({ status: { in: filter.status } });
  if (filter?.from && filter?.to && filter.from > filter.to) throw badInput('filter.to', 'filter.to is before filter.from.');
  if (filter?.from) and.push({ periodEnd: { gte: filter.from } });
  if (filter?.to) and.push({ periodStart: { lte: filter.to } });
  if (filter?.near) and.push({ id: { in: await demandIdsNear(ctx, validateNear(filter.near)) } });
  return { AND: and };
}

builder.queryFields((t) => ({
  demands: t.prismaConnection({
    type: 'Demand',
    cursor: 'id',
    description: 'Published demand, soonest period first.',
    args: { filter: t.arg({ type: DemandFilter, description: 'Which demands.' }) },
    totalCount: async (_p, args, ctx) => ctx.db.prisma.demand.count({ where: await demandWhere(ctx, args.filter) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.demand.findMany({ ...query, where: await demandWhere(ctx, args.filter), orderBy: [{ periodStart: 'asc' }, { id: 'asc' }] }),
  }),
}));
