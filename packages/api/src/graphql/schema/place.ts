import { builder } from '../builder.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { type ProvenanceShape, GeoPoint, SourcedInterface, langArg, notDeleted, pickLocalized } from './common.js';
import { resolveMunicipalityCodes, resolveRegionCodes } from '../../places/codes.js';
import { MunicipalityLevel } from './enums.js';

builder.prismaNode('Country', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'code' },
  description: 'A country (ISO 3166-1).',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    code: t.exposeString('code', { description: 'ISO 3166-1 alpha-2 code, e.g. "NO".' }),
    name: t.string({
      description: 'Name in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (c, args) => pickLocalized(c.names, args.lang as string | undefined) ?? c.code,
    }),
    names: t.expose('names', { type: 'JSON', description: 'Names by language code.' }),
    regions: t.relation('regions', {
      description: 'First-level regions (fylker, län, maakunnat, regioner, maakonnad, apskritys, Länder).',
      query: { orderBy: { code: 'asc' } },
    }),
  }),
});

builder.prismaNode('Region', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'code' },
  description:
    'A first-level region: fylke (Norway), län (Sweden), maakunta (Finland), region (Denmark), maakond (Estonia), apskritis (Lithuania), Land (Germany).',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Country code and official number, e.g. "NO-39" (Vestfold), "SE-20" (Dalarna), "FI-01" (Uusimaa).' }),
    number: t.exposeString('number', { description: 'Official number within the country, e.g. "39".' }),
    name: t.string({
      description: 'Official name; with `lang`, the official name in that language where the region has one (Finland: "sv" gives "Nyland").',
      args: { lang: t.arg.string({ required: false, description: 'Language of an official name, e.g. "fi" or "sv".' }) },
      resolve: (r, args) => localName(r, args.lang),
    }),
    names: t.expose('names', {
      type: 'JSON',
      nullable: true,
      description: 'Official names by language where there are several, e.g. {"fi": "Uusimaa", "sv": "Nyland"}; null otherwise.',
    }),
    country: t.relation('country', { description: 'The country.' }),
    centroid: t.field({
      type: GeoPoint,
      nullable: true,
      description: 'Centre of the area.',
      resolve: (r) => (r.centroidLat === null ? null : { lat: r.centroidLat, lon: r.centroidLon! }),
    }),
    municipalities: t.relation('municipalities', { description: 'Its municipalities.', query: { orderBy: { code: 'asc' } } }),
  }),
});

export const MunicipalityBBox = builder.objectRef<{ minLat: number; minLon: number; maxLat: number; maxLon: number }>('BBox').implement({
  description: 'A latitude/longitude box.',
  fields: (t) => ({
    minLat: t.exposeFloat('minLat', { description: 'Southern edge.' }),
    minLon: t.exposeFloat('minLon', { description: 'Western edge.' }),
    maxLat: t.exposeFloat('maxLat', { description: 'Northern edge.' }),
    maxLon: t.exposeFloat('maxLon', { description: 'Eastern edge.' }),
  }),
});

export const MunicipalityNode = builder.prismaNode('Municipality', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'code' },
  description:
    'A municipality (kommune, kommun, kunta, omavalitsus, savivaldybė) or, in Germany, a district (Kreis), addressed by country and official number: "NO-3901" (Horten), "SE-0181" (Södertälje), "FI-091" (Helsinki), "DK-101" (København), "EE-0784" (Tallinn), "LT-13" (Vilnius), "DE-11000" (Berlin).',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Country code and official number, e.g. "NO-3901", "FI-091", "DE-11000".' }),
    number: t.exposeString('number', {
      description: 'Official number within the country, as many digits as the country writes: "3901", "091" (kuntanumero), "13", "11000" (Kreisschlüssel).',
    }),
    name: t.string({
      description:
        'Official name; with `lang`, the official name in that language where the municipality has one (Finland: "sv" gives "Helsingfors" for Helsinki).',
      args: { lang: t.arg.string({ required: false, description: 'Language of an official name, e.g. "fi" or "sv".' }) },
      resolve: (m, args) => localName(m, args.lang),
    }),
    names: t.expose('names', {
      type: 'JSON',
      nullable: true,
      description: 'Official names by language where there are several, e.g. {"fi": "Helsinki", "sv": "Helsingfors"}; null otherwise.',
    }),
    level: t.expose('level', { type: MunicipalityLevel, description: 'MUNICIPALITY, or DISTRICT for Germany’s Kreise and kreisfreie Städte.' }),
    country: t.relation('country', { description: 'The country.' }),
    region: t.relation('region', { description: 'The first-level region (fylke, län, maakunta, region, maakond, apskritis, Land).' }),
    centroid: t.field({
      type: GeoPoint,
      description: 'Centre of the area; used where a kitchen has no location.',
      resolve: (m) => ({ lat: m.centroidLat, lon: m.centroidLon }),
    }),
    bbox: t.field({ type: MunicipalityBBox, description: 'Box around the boundary.', resolve: (m) => m }),
    boundary: t.expose('boundary', { type: 'JSON', description: 'Simplified boundary as a GeoJSON Polygon or MultiPolygon geometry.' }),
    validFrom: t.expose('validFrom', {
      type: 'Date',
      nullable: true,
      description: 'First day of this code or of this area (Norway: 2024-01-01; Wartburgkreis with Eisenach: 2021-07-01).',
    }),
    validTo: t.expose('validTo', { type: 'Date', nullable: true, description: 'Last day of this code, if it has ended.' }),
    formerCodes: t.field({
      type: ['String'],
      description: 'Older codes that map to this municipality: renumbered or merged into it (Norway’s 2020 codes; "DE-16056", Eisenach, for Wartburgkreis).',
      select: { aliases: { select: { code: true } } },
      resolve: (m) => m.aliases.map((a) => a.code).filter((c) => c !== m.code),
    }),
    producers: t.relatedConnection('producers', {
      cursor: 'id',
      totalCount: true,
      description: 'Producers located in the municipality, by name.',
      query: () => ({ where: notDeleted, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
    kitchens: t.relatedConnection('kitchens', {
      cursor: 'id',
      totalCount: true,
      description: 'Kitchens in the municipality, by name.',
      query: () => ({ where: notDeleted, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
    hubs: t.relation('hubs', { description: 'Hubs located in the municipality.', query: { where: notDeleted, orderBy: { name: 'asc' } } }),
    goals: t.relation('goals', { description: "The municipality's own goals.", query: { where: notDeleted, orderBy: { id: 'asc' } } }),
  }),
});

const MunicipalityFilter = builder.inputType('MunicipalityFilter', {
  description: 'Which municipalities to return.',
  fields: (t) => ({
    codes: t.stringList({ description: 'Municipality codes, e.g. ["NO-3901", "SE-0181"].' }),
    country: t.stringList({ description: 'Country codes, e.g. ["NO"].' }),
    region: t.stringList({ description: 'Region codes, e.g. ["NO-39", "SE-20"].' }),
    search: t.string({ description: 'Part of the name, case-insensitive.' }),
  }),
});

builder.queryFields((t) => ({
  municipality: t.prismaField({
    type: 'Municipality',
    description:
      'One municipality by code ("NO-3901"); an older code of the code history (Norway’s 2020 codes, "DE-16056" Eisenach) is mapped to its current municipality, which lists it in `formerCodes`.',
    args: { code: t.arg.string({ required: true, description: 'Municipality code, e.g. "NO-3901", "SE-0181", "FI-091" or "DE-11000".' }) },
    resolve: async (query, _root, args, ctx) => {
      const [code] = await resolveMunicipalityCodes(ctx, [args.code], 'code');
      return ctx.db.prisma.municipality.findUniqueOrThrow({ ...query, where: { code: code! } });
    },
  }),
  municipalities: t.prismaConnection({
    type: 'Municipality',
    cursor: 'code',
    description: 'Municipalities of Norway, Sweden, Finland, Denmark, Estonia and Lithuania, and Germany’s districts (Kreise), by code.',
    args: { filter: t.arg({ type: MunicipalityFilter, description: 'Which municipalities.' }) },
    totalCount: async (_parent, args, ctx) => ctx.db.prisma.municipality.count({ where: await municipalityWhere(ctx, args.filter) }),
    resolve: async (query, _parent, args, ctx) =>
      ctx.db.prisma.municipality.findMany({ ...query, where: await municipalityWhere(ctx, args.filter), orderBy: { code: 'asc' } }),
  }),
  regions: t.prismaField({
    type: ['Region'],
    description: 'First-level regions (fylker, län, maakunnat, regioner, maakonnad, apskritys, Länder), by code.',
    args: { country: t.arg.string({ description: 'Only this country, e.g. "SE".' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.prisma.region.findMany({
        ...query,
        where: { ...notDeleted, ...(args.country ? { countryCode: args.country.toUpperCase() } : {}) },
        orderBy: { code: 'asc' },
      }),
  }),
  countries: t.prismaField({
    type: ['Country'],
    description: 'Countries known to the commons.',
    resolve: (query, _root, _args, ctx) => ctx.db.prisma.country.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
}));

async function municipalityWhere(
  ctx: Parameters<typeof resolveMunicipalityCodes>[0],
  filter: { codes?: string[] | null; country?: string[] | null; region?: string[] | null; search?: string | null } | null | undefined,
): Promise<Prisma.MunicipalityWhereInput> {
  const where: Prisma.MunicipalityWhereInput = { ...notDeleted };
  if (filter?.codes) where.code = { in: await resolveMunicipalityCodes(ctx, filter.codes, 'filter.codes') };
  if (filter?.country) where.countryCode = { in: filter.country.map((c) => c.toUpperCase()) };
  if (filter?.region) where.regionCode = { in: await resolveRegionCodes(ctx, filter.region, 'filter.region') };
  if (filter?.search) where.name = { contains: filter.search, mode: 'insensitive' };
  return where;
}

/** The official name in `lang` where the place has names in several languages; else its name. */
function localName(place: { name: string; names: unknown }, lang: string | null | undefined): string {
  const names = place.names as Record<string, string> | null;
  const primary = lang?.toLowerCase().split(/[-_]/)[0];
  return (primary && names?.[primary]) || place.name;
}

export type { ProvenanceShape };
