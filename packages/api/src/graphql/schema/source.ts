import { builder } from '../builder.js';

export const SourceRef = builder.prismaNode('Source', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'id' },
  description: 'A dataset that records come from: who publishes it and under which licence.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable key, e.g. "kartverket-kommuner-2024" or "demo".' }),
    name: t.exposeString('name', { description: 'Name of the dataset.' }),
    publisher: t.exposeString('publisher', { description: 'Who publishes it.' }),
    licence: t.exposeString('licence', { description: 'SPDX licence identifier, e.g. "CC-BY-4.0".' }),
    url: t.exposeString('url', { nullable: true, description: 'Where the dataset is published.' }),
    attribution: t.exposeString('attribution', { nullable: true, description: 'Attribution that must accompany the data.' }),
    exportable: t.exposeBoolean('exportable', { description: 'Whether its licence allows its records in open exports.' }),
  }),
});

builder.queryFields((t) => ({
  sources: t.prismaConnection({
    type: 'Source',
    cursor: 'id',
    description: 'The datasets in the commons, with their licences and attributions.',
    totalCount: (_parent, _args, ctx) => ctx.db.prisma.source.count({ where: { deletedAt: null } }),
    resolve: (query, _parent, _args, ctx) => ctx.db.prisma.source.findMany({ ...query, where: { deletedAt: null }, orderBy: { id: 'asc' } }),
  }),
}));
