import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { BBoxInput, GeoPoint, NearInput, SourcedInterface, bboxWhere, idsNear, notDeleted, pointOf, validateBBox, validateNear } from './common.js';
import { resolveMunicipalityCodes, resolveRegionCodes } from '../../places/codes.js';
import { KitchenKind, ProductionType } from './enums.js';

builder.prismaNode('Kitchen', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'A public kitchen or serving unit (school, preschool, after-school, elderly care…), or a private food-service restaurant.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name.' }),
    kind: t.expose('kind', { type: KitchenKind, description: 'What it serves.' }),
    municipality: t.relation('municipality', { description: 'Municipality.' }),
    organization: t.relation('organization', { nullable: true, description: 'The organization operating it.' }),
    productionType: t.expose('productionType', { type: ProductionType, description: 'How it produces meals.' }),
    centralKitchen: t.relation('centralKitchen', { nullable: true, description: 'The central kitchen it receives meals from.' }),
    receivingKitchens: t.relation('receivingKitchens', { description: 'Kitchens it cooks for.', query: { where: notDeleted, orderBy: { name: 'asc' } } }),
    mealsPerDay: t.exposeInt('mealsPerDay', { nullable: true, description: 'Meals served on a serving day.' }),
    servingDaysPerYear: t.exposeInt('servingDaysPerYear', { nullable: true, description: 'Serving days in a year.' }),
    location: t.field({ type: GeoPoint, nullable: true, description: 'Location.', resolve: pointOf }),
    street: t.exposeString('street', { nullable: true, description: 'Street address.' }),
    postalCode: t.exposeString('postalCode', { nullable: true, description: 'Postcode.' }),
    city: t.exposeString('city', { nullable: true, description: 'Post town.' }),
    mealConcept: t.exposeString('mealConcept', { nullable: true, description: 'Meal concept, e.g. "Diet for a Green Planet".' }),
  }),
});

const KitchenFilter = builder.inputType('KitchenFilter', {
  description: 'Which kitchens to return. All given conditions must hold; a list means any of its values.',
  fields: (t) => ({
    municipality: t.stringList({ description: 'Municipality codes.' }),
    region: t.stringList({ description: 'Region codes.' }),
    kind: t.field({ type: [KitchenKind], description: 'Any of these kinds.' }),
    productionType: t.field({ type: [ProductionType], description: 'Any of these production types.' }),
    mealConcept: t.string({ description: 'Meal concept, case-insensitive.' }),
    search: t.string({ description: 'Part of the name, case-insensitive.' }),
  }),
});

async function kitchenWhere(
  ctx: Context,
  filter: typeof KitchenFilter.$inferInput | null | undefined,
  near?: { lat: number; lon: number; radiusKm: number } | null,
  bbox?: { minLat: number; minLon: number; maxLat: number; maxLon: number } | null,
): Promise<Prisma.KitchenWhereInput> {
  const and: Prisma.KitchenWhereInput[] = [notDeleted];
  if (filter?.municipality) and.push({ municipalityCode: { in: await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality') } });
  if (filter?.region) and.push({ municipality: { regionCode: { in: await resolveRegionCodes(ctx, filter.region, 'filter.region') } } });
  if (filter?.kind) and.push({ kind: { in: filter.kind } });
  if (filter?.productionType) and.push({ productionType: { in: filter.productionType } });
  if (filter?.mealConcept) and.push({ mealConcept: { equals: filter.mealConcept, mode: 'insensitive' } });
  if (filter?.search) and.push({ name: { contains: filter.search, mode: 'insensitive' } });
  if (bbox) and.push(bboxWhere(validateBBox(bbox)));
  if (near) and.push({ id: { in: await idsNear(ctx, 'kitchen', validateNear(near)) } });
  return { AND: and };
}

builder.queryFields((t) => ({
  kitchens: t.prismaConnection({
    type: 'Kitchen',
    cursor: 'id',
    description: 'Kitchens, by name.',
    args: {
      filter: t.arg({ type: KitchenFilter, description: 'Which kitchens.' }),
      near: t.arg({ type: NearInput, description: 'Only kitchens within this distance of a point.' }),
      bbox: t.arg({ type: BBoxInput, description: 'Only kitchens inside this box.' }),
    },
    totalCount: async (_p, args, ctx) => ctx.db.prisma.kitchen.count({ where: await kitchenWhere(ctx, args.filter, args.near, args.bbox) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.kitchen.findMany({
        ...query,
        where: await kitchenWhere(ctx, args.filter, args.near, args.bbox),
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
  }),
}));
