import { builder } from '../builder.js';
import { isPersonalIdentityNumber } from '../../privacy/identity-numbers.js';
import { OrganizationKind, OrganizationSizeClass } from './enums.js';
import { SourcedInterface, notDeleted } from './common.js';
import { MunicipalityNode } from './place.js';

builder.prismaNode('Organization', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description:
    'A legal body: municipality administration, producer company, cooperative, wholesaler, project partner. A sole trader is a natural person: their organization number is not shown.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: "Name; null for a natural person (a sole trader's name is personal data: their producers carry the farm's name).",
      resolve: (o) => (o.naturalPerson ? null : o.name),
    }),
    kind: t.expose('kind', { type: OrganizationKind, description: 'What kind of body it is.' }),
    orgNumber: t.string({
      nullable: true,
      description:
        'Organization number in ISO 6523 form ("0192:…" Norway, "0007:…" Sweden, "0037:…" Finland, "0184:…" Denmark, "0191:…" Estonia, "0200:…" Lithuania, "9930:DE…" Germany\'s VAT number); hidden for natural persons and whenever it is a personal identity number.',
      resolve: (o) => (o.naturalPerson || isPersonalIdentityNumber(o.orgNumber) ? null : o.orgNumber),
    }),
    sizeClass: t.expose('sizeClass', {
      type: OrganizationSizeClass,
      nullable: true,
      description: 'EU SME size class (Commission Recommendation 2003/361/EC), when known; not personal data, so shown for sole traders too.',
    }),
    naturalPerson: t.exposeBoolean('naturalPerson', { description: 'A sole trader: personal data is shown only with consent.' }),
    website: t.exposeString('website', { nullable: true, description: 'Website.' }),
    country: t.relation('country', { nullable: true, description: 'Country of registration.' }),
    municipality: t.field({
      type: MunicipalityNode,
      nullable: true,
      description: 'Home municipality; null for a natural person (their home is personal data: their producers show where they farm).',
      select: { municipality: true },
      resolve: (o) => (o.naturalPerson ? null : o.municipality),
    }),
    mergedInto: t.relation('mergedInto', { nullable: true, description: 'The organization this one was merged into, if any.' }),
    producers: t.relation('producers', { description: 'Producers it runs.', query: { where: notDeleted, orderBy: { name: 'asc' } } }),
  }),
});

const OrganizationFilter = builder.inputType('OrganizationFilter', {
  description: 'Which organizations to return.',
  fields: (t) => ({
    kind: t.field({ type: [OrganizationKind], description: 'Only these kinds.' }),
    search: t.string({ description: 'Part of the name, case-insensitive (natural persons are not found by name).' }),
  }),
});

builder.queryFields((t) => ({
  organizations: t.prismaConnection({
    type: 'Organization',
    cursor: 'id',
    description: 'Organizations, by name.',
    args: { filter: t.arg({ type: OrganizationFilter, description: 'Which organizations.' }) },
    totalCount: (_p, args, ctx) => ctx.db.prisma.organization.count({ where: organizationWhere(args.filter) }),
    resolve: (query, _p, args, ctx) =>
      ctx.db.prisma.organization.findMany({ ...query, where: organizationWhere(args.filter), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  }),
}));

function organizationWhere(filter: { kind?: (keyof typeof OrganizationKind.$inferType | string)[] | null; search?: string | null } | null | undefined) {
  return {
    ...notDeleted,
    ...(filter?.kind ? { kind: { in: filter.kind as never[] } } : {}),
    ...(filter?.search ? { naturalPerson: false, name: { contains: filter.search, mode: 'insensitive' as const } } : {}),
  };
}
