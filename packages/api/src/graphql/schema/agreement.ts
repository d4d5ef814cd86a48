import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { SourcedInterface, categoryCodeWhere, notDeleted } from './common.js';
import { resolveCategoryCodes, resolveMunicipalityCodes } from '../../places/codes.js';
import { AgreementStatus, CertificationScheme, Currency, Unit } from './enums.js';

builder.prismaNode('Agreement', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'A framework agreement or tender (rammeavtale, ramavtal, upphandling), modelled on OCDS.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Title.' }),
    buyer: t.relation('buyerOrganization', { description: 'The buying organization.' }),
    noticeReference: t.exposeString('noticeReference', { nullable: true, description: 'Notice reference in Doffin or TED.' }),
    noticeUrl: t.exposeString('noticeUrl', { nullable: true, description: 'Link to the notice.' }),
    cpvCodes: t.exposeStringList('cpvCodes', { description: 'CPV codes of the agreement.' }),
    periodStart: t.expose('periodStart', { type: 'Date', description: 'Start of the agreement.' }),
    periodEnd: t.expose('periodEnd', { type: 'Date', description: 'End of the agreement.' }),
    status: t.expose('status', { type: AgreementStatus, description: 'State.' }),
    municipalities: t.prismaField({
      type: ['Municipality'],
      description: 'Municipalities covered (the procurement area).',
      select: (_a, _c, nested) => ({ municipalities: { select: { municipality: nested() }, orderBy: { municipalityCode: 'asc' } } }),
      resolve: (_query, a) => a.municipalities.map((m) => m.municipality),
    }),
    lots: t.relation('lots', { description: 'Its lots.', query: { where: notDeleted, orderBy: { number: 'asc' } } }),
  }),
});

builder.prismaNode('Lot', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'A lot of an agreement: categories, estimated volume, delivery points and requirements.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    agreement: t.relation('agreement', { description: 'The agreement.' }),
    number: t.exposeString('number', { description: 'Lot number.' }),
    title: t.exposeString('title', { description: 'Title.' }),
    categories: t.prismaField({
      type: ['ProductCategory'],
      description: 'Categories the lot covers.',
      select: (_a, _c, nested) => ({ categories: { select: { category: nested() }, orderBy: { categoryCode: 'asc' } } }),
      resolve: (_query, l) => l.categories.map((c) => c.category),
    }),
    estimatedQuantity: t.expose('estimatedQuantity', { type: 'Decimal', nullable: true, description: 'Estimated quantity over the agreement.' }),
    estimatedUnit: t.expose('estimatedUnit', { type: Unit, nullable: true, description: 'Unit of the estimate.' }),
    estimatedValue: t.expose('estimatedValue', { type: 'Decimal', nullable: true, description: 'Estimated value excluding VAT.' }),
    currency: t.expose('currency', { type: Currency, nullable: true, description: 'Currency of the value.' }),
    deliveryFrequency: t.exposeString('deliveryFrequency', { nullable: true, description: 'Required delivery frequency.' }),
    requiredCertifications: t.expose('requiredCertifications', { type: [CertificationScheme], description: 'Certifications required ("or equivalent").' }),
    organicRequired: t.exposeBoolean('organicRequired', { description: 'Organic required.' }),
    deliveryKitchens: t.prismaField({
      type: ['Kitchen'],
      description: 'Delivery points.',
      select: (_a, _c, nested) => ({ deliveryKitchens: { select: { kitchen: nested() }, orderBy: { kitchenId: 'asc' } } }),
      resolve: (_query, l) => l.deliveryKitchens.map((k) => k.kitchen),
    }),
    awards: t.relation('awards', { description: 'Awarded suppliers.', query: { where: notDeleted, orderBy: { id: 'asc' } } }),
  }),
});

builder.prismaObject('Award', {
  description: 'A supplier awarded a lot.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'ID of the award record.' }),
    supplierName: t.exposeString('supplierName', { description: 'Name of the supplier.' }),
    supplierOrganization: t.relation('supplierOrganization', { nullable: true, description: 'The supplier as an organization.' }),
    producer: t.relation('producer', { nullable: true, description: 'The supplier when it is a registered producer.' }),
    awardedAt: t.expose('awardedAt', { type: 'Date', nullable: true, description: 'Award date.' }),
  }),
});

const AgreementFilter = builder.inputType('AgreementFilter', {
  description: 'Which agreements to return.',
  fields: (t) => ({
    municipality: t.stringList({ description: 'Covering any of these municipalities.' }),
    status: t.field({ type: [AgreementStatus], description: 'Any of these states.' }),
    category: t.stringList({ description: 'With a lot in any of these categories (with descendants).' }),
  }),
});

async function agreementWhere(ctx: Context, filter: typeof AgreementFilter.$inferInput | null | undefined): Promise<Prisma.AgreementWhereInput> {
  const and: Prisma.AgreementWhereInput[] = [notDeleted];
  if (filter?.municipality) {
    and.push({ municipalities: { some: { municipalityCode: { in: await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality') } } } });
  }
  if (filter?.status) and.push({ status: { in: filter.status } });
  if (filter?.category) {
    const codes = await resolveCategoryCodes(ctx, filter.category, 'filter.category');
    and.push({ lots: { some: { ...notDeleted, categories: { some: categoryCodeWhere(codes) } } } });
  }
  return { AND: and };
}

builder.queryFields((t) => ({
  agreements: t.prismaConnection({
    type: 'Agreement',
    cursor: 'id',
    description: 'Framework agreements and tenders, newest first.',
    args: { filter: t.arg({ type: AgreementFilter, description: 'Which agreements.' }) },
    totalCount: async (_p, args, ctx) => ctx.db.prisma.agreement.count({ where: await agreementWhere(ctx, args.filter) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.agreement.findMany({ ...query, where: await agreementWhere(ctx, args.filter), orderBy: [{ periodStart: 'desc' }, { id: 'asc' }] }),
  }),
}));
