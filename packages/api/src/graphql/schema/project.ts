import { builder } from '../builder.js';
import { SourcedInterface, langArg, notDeleted, pickLocalized } from './common.js';
import { Currency } from './enums.js';

builder.prismaNode('Project', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'An initiative such as KISMET or Horten lokalhandel.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name.' }),
    acronym: t.exposeString('acronym', { nullable: true, description: 'Acronym.' }),
    description: t.string({
      nullable: true,
      description: 'Description in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (p, args) => pickLocalized(p.description, args.lang as string | undefined),
    }),
    periodStart: t.expose('periodStart', { type: 'Date', nullable: true, description: 'Start.' }),
    periodEnd: t.expose('periodEnd', { type: 'Date', nullable: true, description: 'End.' }),
    budget: t.expose('budget', { type: 'Decimal', nullable: true, description: 'Budget.' }),
    budgetCurrency: t.expose('budgetCurrency', { type: Currency, nullable: true, description: 'Currency of the budget.' }),
    funder: t.exposeString('funder', { nullable: true, description: 'Who funds it.' }),
    url: t.exposeString('url', { nullable: true, description: 'Website.' }),
    lead: t.relation('leadOrganization', { nullable: true, description: 'Lead partner.' }),
    partners: t.prismaField({
      type: ['Organization'],
      description: 'Partner organizations.',
      select: (_a, _c, nested) => ({ partners: { select: { organization: nested() }, orderBy: { organizationId: 'asc' } } }),
      resolve: (_query, p) => p.partners.map((x) => x.organization),
    }),
    municipalities: t.prismaField({
      type: ['Municipality'],
      description: 'Municipalities it works in.',
      select: (_a, _c, nested) => ({ municipalities: { select: { municipality: nested() }, orderBy: { municipalityCode: 'asc' } } }),
      resolve: (_query, p) => p.municipalities.map((x) => x.municipality),
    }),
    goals: t.relation('goals', { description: 'Its goals.', query: { where: notDeleted, orderBy: { id: 'asc' } } }),
  }),
});

builder.queryFields((t) => ({
  projects: t.prismaConnection({
    type: 'Project',
    cursor: 'id',
    description: 'Projects, by name.',
    totalCount: (_p, _a, ctx) => ctx.db.prisma.project.count({ where: notDeleted }),
    resolve: (query, _p, _a, ctx) => ctx.db.prisma.project.findMany({ ...query, where: notDeleted, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  }),
}));
