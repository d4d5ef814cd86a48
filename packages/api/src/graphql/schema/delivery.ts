import { builder } from '../builder.js';
import { requireScope } from '../../access/policy.js';
import type { Context } from '../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { badInput } from '../../errors.js';
import { SourcedInterface, categoryCodeWhere } from './common.js';
import { resolveCategoryCodes, resolveMunicipalityCodes } from '../../places/codes.js';
import { CertificationScheme, Currency, OrganicBasis, OriginBasis, Unit } from './enums.js';

builder.prismaNode('Delivery', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id: BigInt(id), ...privateScope(ctx) }),
  description:
    'One purchase line or delivered volume, reported once at the kitchen (or buyer) that was invoiced. Lines are not public: anonymous callers see them only through statistics.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    kitchen: t.relation('kitchen', { nullable: true, description: 'The invoiced kitchen.' }),
    buyerOrganization: t.relation('buyerOrganization', { nullable: true, description: 'The buying organization, when the kitchen is unknown.' }),
    municipality: t.relation('municipality', { description: 'The buying municipality.' }),
    supplierProducer: t.relation('supplierProducer', { nullable: true, description: 'The supplier, when a registered producer delivered directly.' }),
    supplierOrganization: t.relation('supplierOrganization', { nullable: true, description: 'The supplier, when an organization such as a wholesaler.' }),
    supplierName: t.exposeString('supplierName', { nullable: true, description: "The supplier's name as invoiced." }),
    producer: t.relation('producer', {
      nullable: true,
      description: 'Where the food was grown or made (origin), when known. Local is judged by this, never by the supplier.',
    }),
    originBasis: t.expose('originBasis', { type: OriginBasis, description: 'How the origin is known.' }),
    originCountry: t.exposeString('originCountry', { nullable: true, description: 'Country of origin (ISO 3166-1 alpha-2).' }),
    category: t.relation('category', { description: 'Product category.' }),
    periodStart: t.expose('periodStart', { type: 'Date', description: 'First day of the period.' }),
    periodEnd: t.expose('periodEnd', { type: 'Date', description: 'Last day of the period.' }),
    quantity: t.expose('quantity', { type: 'Decimal', nullable: true, description: 'Quantity in `unit`.' }),
    unit: t.expose('unit', { type: Unit, nullable: true, description: 'Unit of the quantity.' }),
    quantityKg: t.expose('quantityKg', { type: 'Decimal', nullable: true, description: 'Quantity in kilograms, when the unit converts.' }),
    value: t.expose('value', { type: 'Decimal', nullable: true, description: 'Value excluding VAT; negative for credit notes.' }),
    currency: t.expose('currency', { type: Currency, nullable: true, description: 'Currency of the value.' }),
    organic: t.exposeBoolean('organic', { description: 'Certified organic (EU organic rules).' }),
    organicBasis: t.expose('organicBasis', { type: OrganicBasis, description: 'How the organic status is known.' }),
    certifications: t.expose('certifications', { type: [CertificationScheme], description: 'Other labels of the product.' }),
    agreement: t.relation('agreement', { nullable: true, description: 'The agreement it was bought under.' }),
    lot: t.relation('lot', { nullable: true, description: 'The lot it was bought under.' }),
    gtin: t.exposeString('gtin', { nullable: true, description: 'GTIN of the article.' }),
    articleCode: t.exposeString('articleCode', { nullable: true, description: "The supplier's own article number, when given." }),
  }),
});

const DeliveryFilter = builder.inputType('DeliveryFilter', {
  description: 'Which delivery lines to return.',
  fields: (t) => ({
    municipality: t.stringList({ description: 'Buying municipalities.' }),
    category: t.stringList({ description: 'Category codes (with descendants).' }),
    from: t.field({ type: 'Date', description: 'Period ends on or after this day.' }),
    to: t.field({ type: 'Date', description: 'Period starts on or before this day.' }),
  }),
});

/** Delivery lines visible to the caller: those of its own organization's sources, with read:private. */
function privateScope(ctx: Context) {
  const viewer = requireScope(ctx.viewer, 'read:private', 'Delivery lines are not public (use `deliveryStats`); reading them');
  return { deletedAt: null, source: { organizationId: viewer.organizationId } };
}

async function deliveryWhere(ctx: Context, filter: typeof DeliveryFilter.$inferInput | null | undefined): Promise<Prisma.DeliveryWhereInput> {
  const and: Prisma.DeliveryWhereInput[] = [privateScope(ctx)];
  if (filter?.municipality) and.push({ municipalityCode: { in: await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality') } });
  if (filter?.category) and.push(categoryCodeWhere(await resolveCategoryCodes(ctx, filter.category, 'filter.category')));
  if (filter?.from && filter?.to && filter.from > filter.to) throw badInput('filter.to', 'filter.to is before filter.from.');
  if (filter?.from) and.push({ periodEnd: { gte: filter.from } });
  if (filter?.to) and.push({ periodStart: { lte: filter.to } });
  return { AND: and };
}

builder.queryFields((t) => ({
  deliveries: t.prismaConnection({
    type: 'Delivery',
    cursor: 'id',
    description: 'Delivery lines of the sources your organization owns (needs an API key with read:private).',
    args: { filter: t.arg({ type: DeliveryFilter, description: 'Which lines.' }) },
    totalCount: async (_p, args, ctx) => ctx.db.prisma.delivery.count({ where: await deliveryWhere(ctx, args.filter) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.delivery.findMany({ ...query, where: await deliveryWhere(ctx, args.filter), orderBy: [{ periodStart: 'asc' }, { id: 'asc' }] }),
  }),
}));
