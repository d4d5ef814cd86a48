import { builder } from '../builder.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { categoryLineage } from '../../deliveries/units.js';
import { SourcedInterface, langArg, notDeleted, pickLocalized } from './common.js';
import { resolveCategoryCodes } from '../../places/codes.js';

/** The category type, for fields that return categories read some other way than a relation. */
export const ProductCategoryRef = builder.prismaNode('ProductCategory', {
  nullable: true, // node(id:) of a missing record is null
  id: { field: 'code' },
  description: 'A node of the product category tree (vegetables › root vegetables › potatoes), mapped to CPV 2008 and DFC.',
  interfaces: [SourcedInterface],
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable dotted code, e.g. "vegetables.root.potatoes"; used in filters and CSV imports.' }),
    name: t.string({
      description: 'Name in the requested language.',
      args: { lang: langArg(t) as never },
      resolve: (c, args) => pickLocalized(c.names, args.lang as string | undefined) ?? c.code,
    }),
    names: t.expose('names', { type: 'JSON', description: 'Names by language code (en, nb, nn, sv, fi, da, de, et, lv, lt, pl).' }),
    depth: t.exposeInt('depth', { description: '1 for the top level, at most 3.' }),
    cpv: t.exposeString('cpv', { nullable: true, description: 'CPV 2008 code with check digit, e.g. "03212100-1".' }),
    dfcProductType: t.exposeString('dfcProductType', { nullable: true, description: 'DFC product type concept, e.g. "dfc-pt:potato".' }),
    parent: t.relation('parent', { nullable: true, description: 'The broader category.' }),
    children: t.relation('children', { description: 'Narrower categories.', query: { where: notDeleted, orderBy: { sortOrder: 'asc' } } }),
    ancestorCodes: t.stringList({
      description: 'Codes of the broader categories, nearest first.',
      resolve: (c) => categoryLineage(c.code).slice(1),
    }),
  }),
});

const CategoryFilter = builder.inputType('CategoryFilter', {
  description: 'Which categories to return.',
  fields: (t) => ({
    parent: t.string({ description: 'Only the direct children of this code.' }),
    roots: t.boolean({ description: 'Only the top level.' }),
    under: t.string({ description: 'This code and all its descendants.' }),
    depth: t.int({ description: 'Only this depth (1–3).' }),
  }),
});

builder.queryFields((t) => ({
  category: t.prismaField({
    type: 'ProductCategory',
    description: 'One category by code.',
    args: { code: t.arg.string({ required: true, description: 'Category code, e.g. "vegetables.root".' }) },
    resolve: async (query, _root, args, ctx) => {
      const [code] = await resolveCategoryCodes(ctx, [args.code], 'code');
      return ctx.db.prisma.productCategory.findUniqueOrThrow({ ...query, where: { code: code! } });
    },
  }),
  categories: t.prismaConnection({
    type: 'ProductCategory',
    cursor: 'code',
    description: 'The product category tree in its reference order (parents before children). Use `filter.roots` and `children` to walk it.',
    args: { filter: t.arg({ type: CategoryFilter, description: 'Which categories.' }) },
    totalCount: async (_p, args, ctx) => ctx.db.prisma.productCategory.count({ where: await categoryWhere(ctx, args.filter) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.db.prisma.productCategory.findMany({ ...query, where: await categoryWhere(ctx, args.filter), orderBy: { sortOrder: 'asc' } }),
  }),
}));

async function categoryWhere(
  ctx: Parameters<typeof resolveCategoryCodes>[0],
  filter: { parent?: string | null; roots?: boolean | null; under?: string | null; depth?: number | null } | null | undefined,
): Promise<Prisma.ProductCategoryWhereInput> {
  const where: Prisma.ProductCategoryWhereInput = { ...notDeleted };
  const and: Prisma.ProductCategoryWhereInput[] = [];
  if (filter?.parent) and.push({ parentCode: (await resolveCategoryCodes(ctx, [filter.parent], 'filter.parent'))[0]! });
  if (filter?.roots) and.push({ parentCode: null });
  if (filter?.under) {
    const [code] = await resolveCategoryCodes(ctx, [filter.under], 'filter.under');
    and.push({ OR: [{ code }, { code: { startsWith: `${code}.` } }] });
  }
  if (filter?.depth != null) and.push({ depth: filter.depth });
  return and.length ? { ...where, AND: and } : where;
}
