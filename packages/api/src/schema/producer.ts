import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Prisma } from '../generated/prisma/client.js';
import * as E from '../generated/prisma/enums.js';
import {
  BBoxInput,
  GeoPoint,
  NearInput,
  SourcedInterface,
  bboxWhere,
  categoryCodeWhere,
  idsNear,
  langArg,
  notDeleted,
  pickLocalized,
  resolveCategoryCodes,
  resolveMunicipalityCodes,
  resolveRegionCodes,
  validateBBox,
  oncePerArgs,
  validateNear,
} from './common.js';
import { CertificationScheme, ProducerKind, SalesChannel, Unit, Weekday } from './enums.js';

const ORGANIC_SCHEMES: E.CertificationScheme[] = ['EU_ORGANIC', 'KRAV', 'DEBIO', 'OE_MAERKET', 'LUOMU'];

const LocationPrecision = builder.enumType('LocationPrecision', {
  description: 'How precisely a location is published.',
  values: {
    EXACT: { value: 'EXACT', description: 'The exact point.' },
    POSTCODE: { value: 'POSTCODE', description: 'The centre of the postcode area.' },
    MUNICIPALITY: { value: 'MUNICIPALITY', description: 'The centre of the municipality (a sole trader who has not consented to more).' },
  } as const,
});

const Contact = builder.objectRef<{ name: string | null; email: string | null; phone: string | null }>('ContactPerson').implement({
  description: 'A contact person, shown only with their consent.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: 'Name.' }),
    email: t.exposeString('email', { nullable: true, description: 'E-mail address.' }),
    phone: t.exposeString('phone', { nullable: true, description: 'Telephone number.' }),
  }),
});

builder.prismaObject('ProducerProduct', {
  description: 'Something a producer sells: category, season and capacity.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'ID of the product within the producer.' }),
    name: t.exposeString('name', { nullable: true, description: "The producer's own name for the product." }),
    category: t.relation('category', { description: 'The product category.' }),
    seasonMonths: t.exposeIntList('seasonMonths', { description: 'Months of availability, 1–12.' }),
    annualCapacity: t.expose('annualCapacity', { type: 'Decimal', nullable: true, description: 'Quantity the producer can supply in a year.' }),
    capacityUnit: t.expose('capacityUnit', { type: Unit, nullable: true, description: 'Unit of the capacity.' }),
    organic: t.exposeBoolean('organic', { description: 'Certified organic.' }),
  }),
});

builder.prismaObject('Certification', {
  description: 'A certificate a producer holds.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'ID of the certificate record.' }),
    scheme: t.expose('scheme', { type: CertificationScheme, description: 'The scheme.' }),
    organic: t.boolean({ description: 'Whether the scheme certifies organic production.', resolve: (c) => ORGANIC_SCHEMES.includes(c.scheme) }),
    certificateNumber: t.exposeString('certificateNumber', { nullable: true, description: 'Certificate number.' }),
    validFrom: t.expose('validFrom', { type: 'Date', nullable: true, description: 'Valid from.' }),
    validUntil: t.expose('validUntil', { type: 'Date', nullable: true, description: 'Valid until.' }),
    url: t.exposeString('url', { nullable: true, description: "Link to the certifier's record." }),
  }),
});

builder.prismaNode('Producer', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'Someone who grows or makes food: a farm, fishery, processor, bakery, dairy or cooperative.',
  interfaces: [SourcedInterface],
  select: { id: true, sourceId: true, externalId: true, createdAt: true, updatedAt: true, version: true },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name.' }),
    kind: t.expose('kind', { type: ProducerKind, description: 'What the producer mainly does.' }),
    organization: t.relation('organization', { nullable: true, description: 'The company or cooperative behind the producer.' }),
    country: t.relation('country', { description: 'Country.' }),
    municipality: t.relation('municipality', { nullable: true, description: 'Municipality; none for producers outside the covered countries.' }),
    location: t.field({
      type: GeoPoint,
      nullable: true,
      description: 'Location as published (see `locationPrecision`).',
      select: { publicLat: true, publicLon: true },
      resolve: (p) => (p.publicLat === null || p.publicLon === null ? null : { lat: p.publicLat, lon: p.publicLon }),
    }),
    locationPrecision: t.expose('locationPrecision', { type: LocationPrecision, description: 'How precisely the location is published.' }),
    street: t.string({
      nullable: true,
      description: 'Street address; hidden when the location is not published exactly.',
      select: { street: true, locationPrecision: true },
      resolve: (p) => (p.locationPrecision === 'EXACT' ? p.street : null),
    }),
    postalCode: t.exposeString('postalCode', { nullable: true, description: 'Postcode.' }),
    city: t.exposeString('city', { nullable: true, description: 'Post town.' }),
    description: t.string({
      nullable: true,
      description: 'Description in the requested language.',
      args: { lang: langArg(t) as never },
      select: { description: true },
      resolve: (p, args) => pickLocalized(p.description, args.lang as string | undefined),
    }),
    descriptions: t.expose('description', { type: 'JSON', nullable: true, description: 'Descriptions by language code.' }),
    website: t.exposeString('website', { nullable: true, description: 'Website.' }),
    tenderReady: t.exposeBoolean('tenderReady', { description: 'Able to answer public tenders.' }),
    channels: t.expose('channels', { type: [SalesChannel], description: 'Where the producer sells.' }),
    deliveryRadiusKm: t.exposeFloat('deliveryRadiusKm', { nullable: true, description: 'How far the producer delivers, in km.' }),
    deliveryDays: t.expose('deliveryDays', { type: [Weekday], description: 'Days the producer delivers.' }),
    contact: t.field({
      type: Contact,
      nullable: true,
      description: 'Contact person; only when they have consented to be shown.',
      select: { contactConsent: true, contactName: true, contactEmail: true, contactPhone: true, locationPrecision: true },
      resolve: (p) =>
        p.contactConsent && p.locationPrecision === 'EXACT' && (p.contactName || p.contactEmail || p.contactPhone)
          ? { name: p.contactName, email: p.contactEmail, phone: p.contactPhone }
          : null,
    }),
    products: t.relation('products', { description: 'What the producer sells.', query: { where: notDeleted, orderBy: { id: 'asc' } } }),
    categories: t.prismaField({
      type: ['ProductCategory'],
      description: 'The distinct categories of its products.',
      select: (_args, _ctx, nested) => ({ products: { where: notDeleted, orderBy: { id: 'asc' }, select: { category: nested() } } }),
      resolve: (_query, p) => {
        const seen = new Map<string, (typeof p.products)[number]['category']>();
        for (const product of p.products) seen.set(product.category.code, product.category);
        return [...seen.values()];
      },
    }),
    certifications: t.relation('certifications', { description: 'Certificates held.', query: { where: notDeleted, orderBy: { id: 'asc' } } }),
    organic: t.boolean({
      description: 'Holds a certificate of an organic scheme (EU organic, KRAV, Debio, Ø-mærket, Luomu).',
      select: { certifications: { where: { ...notDeleted, scheme: { in: ORGANIC_SCHEMES } }, select: { id: true } } },
      resolve: (p) => p.certifications.length > 0,
    }),
    hubs: t.prismaField({
      type: ['Hub'],
      description: 'Hubs the producer delivers through.',
      select: (_args, _ctx, nested) => ({ hubs: { select: { hub: nested() } } }),
      resolve: (_query, p) => p.hubs.map((h) => h.hub),
    }),
  }),
});

export const ProducerFilter = builder.inputType('ProducerFilter', {
  description: 'Which producers to return. All given conditions must hold; a list means any of its values.',
  fields: (t) => ({
    municipality: t.stringList({ description: 'Municipality codes, e.g. ["NO-3901"].' }),
    region: t.stringList({ description: 'Region codes, e.g. ["NO-39"].' }),
    country: t.stringList({ description: 'Country codes, e.g. ["SE"].' }),
    category: t.stringList({ description: 'Category codes; a category includes its descendants ("vegetables.root" matches potato growers).' }),
    certification: t.field({ type: [CertificationScheme], description: 'Holds a certificate of any of these schemes.' }),
    organic: t.boolean({ description: 'Holds (true) or lacks (false) an organic certificate.' }),
    kind: t.field({ type: [ProducerKind], description: 'Any of these kinds.' }),
    channel: t.field({ type: [SalesChannel], description: 'Sells through any of these channels.' }),
    tenderReady: t.boolean({ description: 'Able to answer public tenders.' }),
    search: t.string({ description: 'Part of the name, case-insensitive.' }),
  }),
});

const ProducerOrder = builder.enumType('ProducerOrder', {
  description: 'Orders of producer lists.',
  values: {
    NAME: { value: 'NAME', description: 'By name, A–Ö.' },
    NEWEST: { value: 'NEWEST', description: 'Most recently added first.' },
    RECENTLY_UPDATED: { value: 'RECENTLY_UPDATED', description: 'Most recently changed first.' },
  } as const,
});

type ProducerFilterArgs = typeof ProducerFilter.$inferInput;

export async function producerWhere(
  ctx: Context,
  filter: ProducerFilterArgs | null | undefined,
  near?: { lat: number; lon: number; radiusKm: number } | null,
  bbox?: { minLat: number; minLon: number; maxLat: number; maxLon: number } | null,
): Promise<Prisma.ProducerWhereInput> {
  const and: Prisma.ProducerWhereInput[] = [notDeleted];
  if (filter?.municipality) and.push({ municipalityCode: { in: await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality') } });
  if (filter?.region) and.push({ municipality: { regionCode: { in: await resolveRegionCodes(ctx, filter.region, 'filter.region') } } });
  if (filter?.country) and.push({ countryCode: { in: filter.country.map((c) => c.toUpperCase()) } });
  if (filter?.category) {
    const codes = await resolveCategoryCodes(ctx, filter.category, 'filter.category');
    and.push({ products: { some: { ...notDeleted, ...categoryCodeWhere(codes) } } });
  }
  if (filter?.certification) and.push({ certifications: { some: { ...notDeleted, scheme: { in: filter.certification } } } });
  if (filter?.organic != null) {
    const organic = { certifications: { some: { ...notDeleted, scheme: { in: ORGANIC_SCHEMES } } } };
    and.push(filter.organic ? organic : { NOT: organic });
  }
  if (filter?.kind) and.push({ kind: { in: filter.kind } });
  if (filter?.channel) and.push({ channels: { hasSome: filter.channel } });
  if (filter?.tenderReady != null) and.push({ tenderReady: filter.tenderReady });
  if (filter?.search) and.push({ name: { contains: filter.search, mode: 'insensitive' } });
  if (bbox) {
    const box = bboxWhere(validateBBox(bbox));
    and.push({ publicLat: box.lat, publicLon: box.lon });
  }
  if (near) and.push({ id: { in: await idsNear(ctx, 'producer', validateNear(near)) } });
  return { AND: and };
}

const orderBy = (order: string | null | undefined): Prisma.ProducerOrderByWithRelationInput[] =>
  order === 'NEWEST' ? [{ createdAt: 'desc' }, { id: 'desc' }] : order === 'RECENTLY_UPDATED' ? [{ updatedAt: 'desc' }, { id: 'desc' }] : [{ name: 'asc' }, { id: 'asc' }];

builder.queryFields((t) => ({
  producers: t.prismaConnection({
    type: 'Producer',
    cursor: 'id',
    description: 'Producers, filtered by place, category, certification and more; `near` and `bbox` use the published location.',
    args: {
      filter: t.arg({ type: ProducerFilter, description: 'Which producers.' }),
      near: t.arg({ type: NearInput, description: 'Only producers within this distance of a point (great-circle).' }),
      bbox: t.arg({ type: BBoxInput, description: 'Only producers inside this box.' }),
      orderBy: t.arg({ type: ProducerOrder, defaultValue: 'NAME', description: 'Order of the list.' }),
    },
    totalCount: async (_p, args, ctx) =>
      ctx.db.prisma.producer.count({ where: await oncePerArgs(args, () => producerWhere(ctx, args.filter, args.near, args.bbox)) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.producer.findMany({
        ...query,
        where: await oncePerArgs(args, () => producerWhere(ctx, args.filter, args.near, args.bbox)),
        orderBy: orderBy(args.orderBy),
      }),
  }),
}));
