import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { GeoPoint, SourcedInterface, notDeleted, pointOf } from './common.js';
import { resolveMunicipalityCodes } from '../../places/codes.js';
import { HubKind, Weekday } from './enums.js';

builder.prismaNode('Hub', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description:
    'A distribution node (a food hub, a day centre that delivers, a cooperative warehouse): extends producers’ reach to the municipalities it serves.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name.' }),
    kind: t.expose('kind', { type: HubKind, description: 'What the hub is.' }),
    operator: t.relation('operator', { nullable: true, description: 'The organization running it.' }),
    municipality: t.relation('municipality', { nullable: true, description: 'Where it is.' }),
    location: t.field({ type: GeoPoint, nullable: true, description: 'Location.', resolve: pointOf }),
    street: t.exposeString('street', { nullable: true, description: 'Street address.' }),
    postalCode: t.exposeString('postalCode', { nullable: true, description: 'Postcode.' }),
    city: t.exposeString('city', { nullable: true, description: 'Post town.' }),
    deliveryDays: t.expose('deliveryDays', { type: [Weekday], description: 'Days it delivers.' }),
    servedMunicipalities: t.prismaField({
      type: ['Municipality'],
      description: 'Municipalities it delivers to.',
      select: (_a, _c, nested) => ({ servedMunicipalities: { select: { municipality: nested() }, orderBy: { municipalityCode: 'asc' } } }),
      resolve: (_query, h) => h.servedMunicipalities.map((s) => s.municipality),
    }),
    producers: t.prismaField({
      type: ['Producer'],
      description: 'Producers delivering through it.',
      select: (_a, _c, nested) => ({ producers: { where: { producer: notDeleted }, select: { producer: nested() } } }),
      resolve: (_query, h) => h.producers.map((p) => p.producer),
    }),
  }),
});

const HubFilter = builder.inputType('HubFilter', {
  description: 'Which hubs to return.',
  fields: (t) => ({
    municipality: t.stringList({ description: 'Hubs located in or serving any of these municipalities.' }),
    kind: t.field({ type: [HubKind], description: 'Any of these kinds.' }),
  }),
});

async function hubWhere(ctx: Context, filter: typeof HubFilter.$inferInput | null | undefined): Promise<Prisma.HubWhereInput> {
  const and: Prisma.HubWhereInput[] = [notDeleted];
  if (filter?.municipality) {
    const codes = await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality');
    and.push({ OR: [{ municipalityCode: { in: codes } }, { servedMunicipalities: { some: { municipalityCode: { in: codes } } } }] });
  }
  if (filter?.kind) and.push({ kind: { in: filter.kind } });
  return { AND: and };
}

builder.queryFields((t) => ({
  hubs: t.prismaConnection({
    type: 'Hub',
    cursor: 'id',
    description: 'Distribution hubs, by name.',
    args: { filter: t.arg({ type: HubFilter, description: 'Which hubs.' }) },
    totalCount: async (_p, args, ctx) => ctx.db.prisma.hub.count({ where: await hubWhere(ctx, args.filter) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.hub.findMany({ ...query, where: await hubWhere(ctx, args.filter), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  }),
}));
