import { type GraphQLResolveInfo, Kind, type SelectionNode } from 'graphql';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { getDatamodel } from '../../generated/pothos-types.js';
import type { Prisma, Producer } from '../../generated/prisma/client.js';
import { ORGANIC_SCHEMES, isOrganicScheme } from '../../producers/organic.js';
import {
  type BBox,
  BBoxInput,
  GeoPoint,
  NearInput,
  SourcedInterface,
  bboxWhere,
  categoryCodeWhere,
  idsNear,
  langArg,
  type Near,
  nearSql,
  notDeleted,
  pickLocalized,
  validateBBox,
  oncePerArgs,
  validateNear,
} from './common.js';
import { resolveCategoryCodes, resolveMunicipalityCodes, resolveRegionCodes } from '../../places/codes.js';
import { ProductCategoryRef } from './category.js';
import { CertificationScheme, ProducerKind, SalesChannel, Unit, Weekday } from './enums.js';

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
    organic: t.boolean({ description: 'Whether the scheme certifies organic production.', resolve: (c) => isOrganicScheme(c.scheme) }),
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
  // The published location is read with every producer: a field-level selection would cost a
  // per-row look-up on every point of a map.
  select: { id: true, sourceId: true, externalId: true, createdAt: true, updatedAt: true, version: true, publicLat: true, publicLon: true },
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
    // A plain field, not a nested selection: Pothos would map each category of each producer to its
    // selection (a third of the Node time of a 100-producer map page). Whole category rows are read;
    // their own relations (parent, children) are loaded in one batch when asked for.
    categories: t.field({
      type: [ProductCategoryRef],
      description: 'The distinct categories of its products.',
      select: { products: { where: notDeleted, orderBy: { id: 'asc' }, select: { category: true } } },
      resolve: (p) => {
        const seen = new Map<string, (typeof p.products)[number]['category']>();
        for (const product of p.products) seen.set(product.category.code, product.category);
        return [...seen.values()];
      },
    }),
    certifications: t.relation('certifications', { description: 'Certificates held.', query: { where: notDeleted, orderBy: { id: 'asc' } } }),
    organic: t.boolean({
      description: 'Holds a certificate of an organic scheme (EU organic, KRAV, Debio, Ø-mærket, Luomu, Bio-Siegel).',
      select: { certifications: { where: { ...notDeleted, scheme: { in: [...ORGANIC_SCHEMES] } }, select: { id: true } } },
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

/** A search text as a LIKE pattern that matches it literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

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
    const organic = { certifications: { some: { ...notDeleted, scheme: { in: [...ORGANIC_SCHEMES] } } } };
    and.push(filter.organic ? organic : { NOT: organic });
  }
  if (filter?.kind) and.push({ kind: { in: filter.kind } });
  if (filter?.channel) and.push({ channels: { hasSome: filter.channel } });
  if (filter?.tenderReady != null) and.push({ tenderReady: filter.tenderReady });
  // Prisma puts `contains` into a LIKE pattern as it is: "%" would match every name.
  if (filter?.search) and.push({ name: { contains: escapeLike(filter.search), mode: 'insensitive' } });
  if (bbox) {
    const box = bboxWhere(validateBBox(bbox));
    and.push({ publicLat: box.lat, publicLon: box.lon });
  }
  if (near) and.push({ id: { in: await idsNear(ctx, 'producer', validateNear(near)) } });
  return { AND: and };
}

// ─── The producer list in one statement ─────────────────────────────────────────
//
// The map and the list pages are the hottest queries of the API. Through Prisma they took a count,
// a page and one statement per nested relation, each planned separately (for a box, PostgreSQL
// walked the name index and filtered instead of using the location index), and Prisma's row mapping
// on top. Here the filter, the page, its total and the fields the GraphQL selection needs from the
// producer, its products, their categories and its certificates are one SQL statement that returns
// JSON in the shape Prisma would have returned. A selection that reaches beyond those relations
// (organization, municipality, hubs, …) still takes its page and total from that statement, and its
// rows from Prisma by ID, so nested relations keep Pothos's batched loading.

/** A producer filter as SQL on `producer p`, with its bound parameters ($1, $2, …). */
interface ProducerConditions {
  where: string;
  params: unknown[];
  /** A box or radius: the matches are few, and found through the location index. */
  geo: boolean;
  /** Every live producer (no filter): counted from the tally, not producer by producer. */
  all: boolean;
}

/** The number of producers matching the conditions, as a scalar SQL expression. */
const countSql = (conditions: ProducerConditions) =>
  conditions.all ? '(SELECT coalesce(sum(t.live), 0) FROM producer_tally t)::int' : `(SELECT count(*) FROM producer p WHERE ${conditions.where})::int`;

/**
 * The rules of `producerWhere` (which the GeoJSON endpoint uses) as SQL: codes are resolved and
 * checked the same way, a search is text rather than a LIKE pattern, and `near` and `bbox` use the
 * published location. A test holds the two to the same rows.
 */
export async function producerConditions(
  ctx: Context,
  filter: ProducerFilterArgs | null | undefined,
  near?: { lat: number; lon: number; radiusKm: number } | null,
  bbox?: { minLat: number; minLon: number; maxLat: number; maxLon: number } | null,
): Promise<ProducerConditions> {
  const params: unknown[] = [];
  const $ = (value: unknown, cast: string) => `$${params.push(value)}::${cast}`;
  const and = ['p.deleted_at IS NULL'];
  if (filter?.municipality) {
    and.push(`p.municipality_code = ANY(${$(await resolveMunicipalityCodes(ctx, filter.municipality, 'filter.municipality'), 'text[]')})`);
  }
  if (filter?.region) {
    const regions = $(await resolveRegionCodes(ctx, filter.region, 'filter.region'), 'text[]');
    and.push(`p.municipality_code IN (SELECT m.code FROM municipality m WHERE m.region_code = ANY(${regions}))`);
  }
  if (filter?.country)
    and.push(
      `p.country_code = ANY(${$(
        filter.country.map((c) => c.toUpperCase()),
        'text[]',
      )})`,
    );
  if (filter?.category) {
    const codes = $(await resolveCategoryCodes(ctx, filter.category, 'filter.category'), 'text[]');
    and.push(`EXISTS (SELECT 1 FROM producer_product pp WHERE pp.producer_id = p.id AND pp.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM unnest(${codes}) AS c(code) WHERE pp.category_code = c.code OR starts_with(pp.category_code, c.code || '.')))`);
  }
  const holds = (schemes: readonly string[]) =>
    `EXISTS (SELECT 1 FROM certification ce WHERE ce.producer_id = p.id AND ce.deleted_at IS NULL AND ce.scheme::text = ANY(${$(schemes, 'text[]')}))`;
  if (filter?.certification) and.push(holds(filter.certification));
  if (filter?.organic != null) and.push(filter.organic ? holds(ORGANIC_SCHEMES) : `NOT ${holds(ORGANIC_SCHEMES)}`);
  if (filter?.kind) and.push(`p.kind::text = ANY(${$(filter.kind, 'text[]')})`);
  if (filter?.channel) and.push(`p.channels::text[] && ${$(filter.channel, 'text[]')}`);
  if (filter?.tenderReady != null) and.push(`p.tender_ready = ${$(filter.tenderReady, 'boolean')}`);
  if (filter?.search) and.push(`p.name ILIKE ${$(`%${escapeLike(filter.search)}%`, 'text')}`);
  if (bbox) {
    const box = validateBBox(bbox);
    and.push(`p.public_lat BETWEEN ${$(box.minLat, 'float8')} AND ${$(box.maxLat, 'float8')}`);
    and.push(`p.public_lon BETWEEN ${$(box.minLon, 'float8')} AND ${$(box.maxLon, 'float8')}`);
  }
  // Producers are found by their published location, so a hidden farm cannot be located by probing.
  if (near) and.push(nearSql('p.public_lat', 'p.public_lon', validateNear(near), params));
  return { where: and.join('\n    AND '), params, geo: Boolean(bbox || near), all: and.length === 1 };
}

// How the rows of the models this statement can read become JSON, and back into Prisma's shapes.

type ModelName = 'Producer' | 'ProducerProduct' | 'Certification' | 'ProductCategory';
interface ScalarField {
  name: string;
  column: string;
  type: string;
  isList: boolean;
}
const TABLES: Record<ModelName, string> = {
  Producer: 'producer',
  ProducerProduct: 'producer_product',
  Certification: 'certification',
  ProductCategory: 'product_category',
};
/** List relations read with the producer: model and the foreign key pointing back at it. */
const LIST_RELATIONS: Partial<Record<ModelName, Record<string, { model: ModelName; fk: string }>>> = {
  Producer: { products: { model: 'ProducerProduct', fk: 'producer_id' }, certifications: { model: 'Certification', fk: 'producer_id' } },
};
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const SCALARS = Object.fromEntries(
  (Object.keys(TABLES) as ModelName[]).map((model) => {
    const fields = getDatamodel().datamodel.models[model]!.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
    return [model, new Map<string, ScalarField>(fields.map((f) => [f.name, { name: f.name, column: snake(f.name), type: f.type, isList: f.isList }]))];
  }),
) as Record<ModelName, Map<string, ScalarField>>;

/** A timestamp or date as JSON text ("2025-01-31T10:00:00.5" without zone, or "2025-01-31") to Prisma's UTC Date. */
const reviveDate = (text: string) => new Date(text.length === 10 || text.endsWith('Z') ? text : `${text}Z`);

interface CompiledSelection {
  /** A `json_build_object(…)` over the row alias. */
  sql: string;
  /** Turns one parsed JSON object into Prisma's shape, in place. */
  revive: (row: Record<string, unknown>, categories: Map<string, Record<string, unknown>>) => void;
}

interface Compilation {
  params: unknown[];
  /** The selection of the products' category, read once for the page rather than once per product. */
  category?: CompiledSelection;
  /** Only the categories' codes are selected: the product's own `category_code` is the whole category. */
  categoryCodesOnly?: boolean;
  /** The producer's own columns the selection reads. */
  producerColumns: Set<string>;
  /** Condition on `pp` under which products are read (their categories are read for the same rows). */
  productWhere?: string;
}

/** A Prisma relation or model selection, as Pothos builds it: `true`, or `{ select | include, where, orderBy }`. */
type Selection = true | { select?: Record<string, unknown>; include?: Record<string, unknown>; where?: unknown; orderBy?: unknown; [key: string]: unknown };

/**
 * Compiles a Prisma selection of `model` into SQL building its JSON, or returns null when the
 * selection needs something this statement does not read (the caller then asks Prisma).
 */
function compileSelection(model: ModelName, alias: string, selection: Selection, into: Compilation, depth: number): CompiledSelection | null {
  const options = selection === true ? {} : selection;
  if (Object.keys(options).some((key) => !['select', 'include', 'where', 'orderBy'].includes(key))) return null;
  const wanted: [string, unknown][] = options.select
    ? Object.entries(options.select).filter(([, v]) => v)
    : [...[...SCALARS[model].keys()].map((name): [string, unknown] => [name, true]), ...Object.entries(options.include ?? {}).filter(([, v]) => v)];
  const pairs: string[] = [];
  const dates: string[] = [];
  const nested: [string, CompiledSelection][] = [];
  let withCategory = false;
  for (const [name, value] of wanted) {
    const scalar = SCALARS[model].get(name);
    if (scalar) {
      if (value !== true) return null;
      const column = `${alias}.${scalar.column}`;
      if (depth === 0) into.producerColumns.add(scalar.column);
      // Prisma reads a NULL list as an empty one, and decimals without rounding them to doubles.
      pairs.push(
        `'${name}', ${scalar.isList ? `COALESCE(${column}, '{}')` : scalar.type === 'Decimal' || scalar.type === 'BigInt' ? `${column}::text` : column}`,
      );
      if (scalar.type === 'DateTime') dates.push(name);
      if (scalar.type === 'Bytes') return null;
      continue;
    }
    const relation = LIST_RELATIONS[model]?.[name];
    if (relation && depth === 0) {
      const child = `r_${name}`;
      const where = relationWhere(relation.model, child, (value as Selection) === true ? undefined : (value as { where?: unknown }).where, into);
      const order = relationOrder(relation.model, child, (value as Selection) === true ? undefined : (value as { orderBy?: unknown }).orderBy);
      if (where === null || order === null) return null;
      if (relation.model === 'ProducerProduct') into.productWhere = where.replaceAll(`${child}.`, 'pp.');
      const compiled = compileSelection(relation.model, child, value as Selection, into, depth + 1);
      if (!compiled) return null;
      pairs.push(
        `'${name}', COALESCE((SELECT json_agg(${compiled.sql} ORDER BY ${order}) FROM ${TABLES[relation.model]} ${child}
            WHERE ${child}.${relation.fk} = ${alias}.id AND ${where}), '[]'::json)`,
      );
      nested.push([name, compiled]);
      continue;
    }
    if (model === 'ProducerProduct' && name === 'category' && depth === 1) {
      withCategory = true;
      if (value === CATEGORY_CODE_ONLY) {
        into.categoryCodesOnly = true;
        continue;
      }
      // A to-one reference into an 80-row table: each category is sent once, not once per product.
      const compiled = compileSelection('ProductCategory', 'k', value as Selection, into, depth + 1);
      if (!compiled) return null;
      into.category = compiled;
      continue;
    }
    return null;
  }
  if (withCategory && !wanted.some(([name]) => name === 'categoryCode')) pairs.push(`'categoryCode', ${alias}.category_code`);
  // json_build_object takes at most 100 arguments.
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) chunks.push(`json_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  const sql = chunks.length === 1 ? chunks[0]! : `(${chunks.map((c) => `${c}::jsonb`).join(' || ')})::json`;
  return {
    sql,
    revive(row, categories) {
      for (const name of dates) {
        const value = row[name];
        if (typeof value === 'string') row[name] = reviveDate(value);
      }
      for (const [name, compiled] of nested) {
        for (const child of row[name] as Record<string, unknown>[]) compiled.revive(child, categories);
      }
      if (withCategory && into.categoryCodesOnly) {
        // The code is all that is asked of the category: one object per code for the page.
        const code = row.categoryCode as string;
        let category = categories.get(code);
        if (!category) categories.set(code, (category = { code }));
        row.category = category;
      } else if (withCategory) row.category = categories.get(row.categoryCode as string) ?? null;
    },
  };
}

/** `where` of a relation selection: only "not deleted" and `{ field: { in: [...] } }` are read here. */
function relationWhere(model: ModelName, alias: string, where: unknown, into: Compilation): string | null {
  const and = ['TRUE'];
  for (const [name, condition] of Object.entries((where ?? {}) as Record<string, unknown>)) {
    const scalar = SCALARS[model].get(name);
    if (!scalar) return null;
    if (condition === null) and.push(`${alias}.${scalar.column} IS NULL`);
    else if (condition && typeof condition === 'object' && Object.keys(condition).length === 1 && Array.isArray((condition as { in?: unknown }).in)) {
      and.push(`${alias}.${scalar.column}::text = ANY($${into.params.push((condition as { in: unknown[] }).in.map(String))}::text[])`);
    } else return null;
  }
  return and.join(' AND ');
}

/** `orderBy` of a relation selection: scalar fields only. */
function relationOrder(model: ModelName, alias: string, orderBy: unknown): string | null {
  const terms = orderBy === undefined ? [{ id: 'asc' }] : Array.isArray(orderBy) ? orderBy : [orderBy];
  const sql: string[] = [];
  for (const term of terms as Record<string, unknown>[]) {
    for (const [name, direction] of Object.entries(term)) {
      const scalar = SCALARS[model].get(name);
      if (!scalar || (direction !== 'asc' && direction !== 'desc')) return null;
      sql.push(`${alias}.${scalar.column} ${direction === 'asc' ? 'ASC' : 'DESC'}`);
    }
  }
  return sql.join(', ');
}

const ORDER_KEYS = {
  NAME: { column: 'name', descending: false },
  NEWEST: { column: 'created_at', descending: true },
  RECENTLY_UPDATED: { column: 'updated_at', descending: true },
} as const;
type ProducerOrderName = keyof typeof ORDER_KEYS;

/** The producer columns `producer_public_location_idx` holds (with `deleted_at`). */
const LOCATION_INDEX = new Set(['id', 'name', 'public_lat', 'public_lon']);

interface ProducerPage {
  total: number | null;
  /** Rows in Prisma's shape when the selection was read here; IDs in page order otherwise. */
  rows: Record<string, unknown>[] | null;
  ids: number[];
}

/**
 * One statement: the page (by name or date, then ID; a cursor is the producer ID), its total when
 * asked, and the selected fields as JSON. With a box or radius the matches are collected once
 * through the location index, then counted and sorted; otherwise the page follows the order's index.
 */
async function readProducerPage(
  ctx: Context,
  conditions: ProducerConditions,
  order: ProducerOrderName,
  paging: { take: number; cursor?: number },
  withTotal: boolean,
  selection: Selection | null,
): Promise<ProducerPage> {
  let compilation: Compilation = { params: [...conditions.params], producerColumns: new Set(['id']) };
  const rowSql = selection && compileSelection('Producer', 'p', selection, compilation, 0);
  // A selection that could not be compiled may have left parameters behind: drop them, since a
  // parameter the statement never uses has no type and the statement would be refused.
  if (!rowSql) compilation = { params: [...conditions.params], producerColumns: new Set() };
  const params = compilation.params;
  const key = ORDER_KEYS[order];
  const backward = paging.take < 0;
  const descending = key.descending !== backward;
  const dir = descending ? 'DESC' : 'ASC';
  const pageOrder = `k ${dir}, id ${dir}`;
  const listOrder = key.descending ? 'page.k DESC, page.id DESC' : 'page.k ASC, page.id ASC';
  const after =
    paging.cursor === undefined
      ? 'TRUE'
      : `(k, id) ${descending ? '<' : '>'} (SELECT c.${key.column}, c.id FROM producer c WHERE c.id = $${params.push(paging.cursor)}::int)`;
  const limit = `$${params.push(Math.abs(paging.take))}::int`;
  // A map page by name reads only what the location index holds (name, ID and the published
  // location): the matches carry it, and the page's producers are not looked up again.
  const fromIndex = Boolean(rowSql && conditions.geo && key.column === 'name' && [...compilation.producerColumns].every((c) => LOCATION_INDEX.has(c)));
  const carried = fromIndex ? ', public_lat, public_lon' : '';
  const source = conditions.geo ? 'matched' : `(SELECT p.id, p.${key.column} AS k FROM producer p WHERE ${conditions.where}) m`;
  const sql = `WITH ${conditions.geo ? `matched AS MATERIALIZED (SELECT p.id, p.${key.column} AS k${carried.replaceAll(' public', ' p.public')} FROM producer p WHERE ${conditions.where}),` : ''}
  page AS (SELECT id, k${carried} FROM ${source} WHERE ${after} ORDER BY ${pageOrder} LIMIT ${limit})
SELECT ${withTotal ? (conditions.geo ? '(SELECT count(*) FROM matched)::int' : countSql(conditions)) : 'NULL::int'} AS total,
  ${rowSql ? 'NULL::json' : `(SELECT json_agg(page.id ORDER BY ${listOrder}) FROM page)`} AS ids,
  ${
    rowSql
      ? `(SELECT json_agg(${rowSql.sql} ORDER BY ${listOrder}) FROM ${
          fromIndex ? 'page, LATERAL (SELECT page.id, page.k AS name, page.public_lat, page.public_lon) p' : 'page JOIN producer p ON p.id = page.id'
        })`
      : 'NULL::json'
  } AS rows,
  ${
    rowSql && compilation.category && !compilation.categoryCodesOnly
      ? `(SELECT json_agg(${compilation.category.sql}) FROM product_category k WHERE k.code IN (
         SELECT pp.category_code FROM producer_product pp JOIN page ON pp.producer_id = page.id WHERE ${compilation.productWhere ?? 'TRUE'}))`
      : 'NULL::json'
  } AS categories`;
  const [result] = await ctx.db.sql.query<{
    total: number | null;
    ids: number[] | null;
    rows: Record<string, unknown>[] | null;
    categories: Record<string, unknown>[] | null;
  }>(sql, params, { prepare: true });
  const categories = new Map<string, Record<string, unknown>>();
  for (const category of result!.categories ?? []) {
    compilation.category!.revive(category, categories);
    categories.set(category.code as string, category);
  }
  const rows = rowSql ? (result!.rows ?? []) : null;
  if (rows) for (const row of rows) rowSql!.revive(row, categories);
  return { total: result!.total, ids: rows ? rows.map((row) => row.id as number) : (result!.ids ?? []), rows };
}

/** The selection of a product's category when only its code is asked for (see `slimSelection`). */
const CATEGORY_CODE_ONLY = Object.freeze({ select: Object.freeze({ code: true }) });

/** The fields asked for at `path` below the field (`edges.node`), by name, through fragments and aliases. */
function fieldsAt(info: GraphQLResolveInfo, path: string[]): Map<string, SelectionNode[]> {
  const found = new Map<string, SelectionNode[]>();
  const walk = (selections: readonly SelectionNode[], depth: number) => {
    for (const s of selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet.selections, depth);
      else if (s.kind === Kind.FRAGMENT_SPREAD) walk(info.fragments[s.name.value]?.selectionSet.selections ?? [], depth);
      else if (depth === path.length) found.set(s.name.value, [...(found.get(s.name.value) ?? []), ...(s.selectionSet?.selections ?? [])]);
      else if (s.name.value === path[depth]) walk(s.selectionSet?.selections ?? [], depth + 1);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet?.selections ?? [], 0);
  return found;
}

/** Producer fields that read only what their own `select` (or the name they expose) asks for. */
const PLAIN_PRODUCER_FIELDS = new Set([
  '__typename',
  'id',
  'name',
  'kind',
  'location',
  'locationPrecision',
  'street',
  'postalCode',
  'city',
  'description',
  'descriptions',
  'website',
  'tenderReady',
  'channels',
  'deliveryRadiusKm',
  'deliveryDays',
  'contact',
  'products',
  'categories',
  'certifications',
  'organic',
]);
/** What the type's `select` reads for the `Sourced` fields, which no plain field needs. */
const PROVENANCE = ['sourceId', 'externalId', 'createdAt', 'updatedAt', 'version'];

/**
 * The selection Pothos built, without what the GraphQL selection cannot reach: the provenance the
 * type always reads when no `Sourced` field (nor any field outside the plain ones) is asked for, and
 * the categories' rows when only their codes are (a map page: `categories { code }`). The answer is
 * the same; the statement builds, sends and parses less (a test compares it with the full reading).
 */
function slimSelection(selection: Selection, info: GraphQLResolveInfo): Selection {
  if (selection === true || !selection.select) return selection;
  const fields = fieldsAt(info, ['edges', 'node']);
  if (fields.size === 0 || [...fields.keys()].some((name) => !PLAIN_PRODUCER_FIELDS.has(name))) return selection;
  const select: Record<string, unknown> = { ...selection.select };
  for (const name of PROVENANCE) if (select[name] === true) delete select[name];
  const products = select.products as Selection | undefined;
  const categoryFields = fields.get('categories');
  const codesOnly =
    categoryFields?.every((s) => s.kind === Kind.FIELD && (s.name.value === 'code' || s.name.value === '__typename')) && !fields.has('products');
  if (
    codesOnly &&
    products &&
    products !== true &&
    products.select &&
    Object.keys(products.select).join() === 'category' &&
    products.select.category === true
  ) {
    select.products = { ...products, select: { category: CATEGORY_CODE_ONLY } };
  }
  return { ...selection, select };
}

/** Whether the connection's selection asks for `totalCount` (directly or through fragments). */
function asksTotalCount(info: GraphQLResolveInfo): boolean {
  const visit = (selections: readonly SelectionNode[]): boolean =>
    selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === 'totalCount'
        : s.kind === Kind.INLINE_FRAGMENT
          ? visit(s.selectionSet.selections)
          : visit(info.fragments[s.name.value]?.selectionSet.selections ?? []),
    );
  return info.fieldNodes.some((node) => visit(node.selectionSet?.selections ?? []));
}

type ProducersArgs = { filter?: ProducerFilterArgs | null; near?: Near | null; bbox?: BBox | null; orderBy?: string | null };
/** The page read for a field's arguments, so that its `totalCount` comes from the same statement. */
const pages = new WeakMap<object, Promise<ProducerPage>>();

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
    totalCount: async (_p, args, ctx) => {
      const page = await pages.get(args);
      if (page && page.total !== null) return page.total;
      const conditions = await oncePerArgs(args, () => producerConditions(ctx, args.filter, args.near, args.bbox));
      const [row] = await ctx.db.sql.query<{ total: number }>(`SELECT ${countSql(conditions)} AS total`, conditions.params);
      return row!.total;
    },
    resolve: async (query, _p, args: ProducersArgs, ctx, info) => {
      const { take, cursor, skip: _skip, ...selection } = query as { select?: Record<string, unknown>; take: number; skip?: number; cursor?: { id: number } };
      const page = (async () => {
        const conditions = await oncePerArgs(args, () => producerConditions(ctx, args.filter, args.near, args.bbox));
        return readProducerPage(
          ctx,
          conditions,
          (args.orderBy ?? 'NAME') as ProducerOrderName,
          { take, cursor: cursor?.id },
          asksTotalCount(info),
          slimSelection(selection, info),
        );
      })();
      pages.set(args, page);
      const { rows, ids } = await page;
      if (rows) return rows as unknown as Producer[];
      // The selection reaches further than the statement reads: the same page's rows, from Prisma.
      const found = await ctx.db.prisma.producer.findMany({ ...(selection as object), where: { id: { in: ids } } });
      const byId = new Map(found.map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id)!).filter(Boolean);
    },
  }),
}));
