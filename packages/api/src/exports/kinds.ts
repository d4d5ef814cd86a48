/**
 * The open-data export: one CSV per public kind of record. Each kind is a SELECT over one table with
 * its columns, its Frictionless field types, and a key to page through it (keyset pagination, so a
 * million rows are streamed in batches with flat memory). Only records of exportable, live sources
 * are exported; personal data follows the same rules as the public API, or stricter (a field marked
 * personal in its record table is exported only through a rule of `privacy/public-forms.ts`, and a
 * private one never: `publicExport` refuses any other):
 * - a sole trader's (natural person's) exact location, street, identity number and name are never
 *   exported; their producer's location is the public one (municipality centre without consent);
 * - a contact person only with the producer's consent and an exact (consented) location;
 * - delivery lines never: only statistics, with small cells suppressed (see `delivery_stats`).
 */

import { ORGANIC_SCHEMES } from '../producers/organic.js';
import { PUBLIC_RULES } from '../privacy/public-forms.js';
import {
  type ExportForm,
  type FieldSpec,
  type RecordTable,
  describe,
  describeFlat,
  exportFormOf,
  exportNameOf,
  REFERENCE_LANGUAGES,
  fieldOf,
  tableColumnOf,
} from '../records/fields.js';
import { PRODUCER, PRODUCT } from '../records/producers.js';
import { KITCHEN } from '../records/kitchens.js';
import { HUB } from '../records/hubs.js';
import { AGREEMENT, DEMAND, LOT } from '../records/agreements.js';
import { GOAL, OBSERVATION } from '../records/goals.js';
import { ORGANIZATION } from '../records/organizations.js';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

export interface ExportColumn {
  name: string;
  type: FieldType;
  description: string;
  /** SQL expression over the kind's table alias `t` (and the joins of the kind). */
  sql: string;
  /** The column holds a row ID of this GraphQL type: exported as its global ID. */
  ref?: string;
}

export interface ExportKind {
  name: string;
  title: string;
  description: string;
  /** FROM clause (with joins) naming the main table `t`; `src` is joined on t.source_id by the builder unless `noSource`. */
  from: string;
  where: string;
  key: { sql: string; type: 'int' | 'text' };
  columns: ExportColumn[];
  noSource?: boolean;
}

const provenance: ExportColumn[] = [
  { name: 'source', type: 'string', description: 'Key of the dataset the record comes from (see sources.csv).', sql: 'src.key' },
  { name: 'external_id', type: 'string', description: 'The record’s ID within its source.', sql: 't.external_id' },
  {
    name: 'updated_at',
    type: 'datetime',
    description: 'When the record last changed.',
    sql: `to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
  },
];
const id = (type: string): ExportColumn => ({
  name: 'id',
  type: 'string',
  description: `Global ID of the ${type} in the GraphQL API (node(id:)).`,
  sql: 't.id',
  ref: type,
});
const ref = (name: string, type: string, sql: string, description: string): ExportColumn => ({ name, type: 'string', description, sql, ref: type });
const text = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'string', description, sql });
const list = (name: string, sql: string, description: string): ExportColumn => ({
  name,
  type: 'string',
  description: `${description.replace(/\.$/, '')} (";"-separated).`,
  sql: `array_to_string(${sql}, ';')`,
});
const num = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'number', description, sql });
const int = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'integer', description, sql });
const bool = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'boolean', description, sql });
const date = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'date', description, sql: `(${sql})::text` });
const localized = (prefix: string, sql: string, what: string, langs: readonly string[] = ['en', 'nb', 'sv']) =>
  langs.map((l) => text(`${prefix}_${l}`, `${sql} ->> '${l}'`, `${what} (${l}).`));
const live = 't.deleted_at IS NULL';

/**
 * The field's export form, refused for a private field, and for a personal one unless it exports
 * a global ID (of an organization, whose own export withholds the person's data) or its value
 * through a rule of `privacy/public-forms.ts`, as that rule writes it for the field's column.
 */
export function publicExport(table: RecordTable, f: FieldSpec): ExportForm | null {
  const form = exportFormOf(f);
  if (!form || !f.privacy) return form;
  const where = `${table.name}.${f.name}`;
  if (f.privacy === 'private') throw new Error(`${where} is private (a delivery line's): it is never exported.`);
  if (form.ref) return form;
  if (!form.rule)
    throw new Error(`${where} is personal data: export it through a rule of privacy/public-forms.ts (${Object.keys(PUBLIC_RULES).join(', ')}), or not at all.`);
  if (form.sql !== PUBLIC_RULES[form.rule](tableColumnOf(f)))
    throw new Error(`${where} is personal data: its export SQL is not what the ${form.rule} rule writes for it.`);
  return form;
}

/** The export columns of one field of a record table: by its type, from its column unless its export says how. */
function fieldExport(table: RecordTable, f: FieldSpec): ExportColumn[] {
  const form = publicExport(table, f);
  if (!form) return [];
  const name = exportNameOf(f);
  const sql = form.sql ?? `t.${tableColumnOf(f)}`;
  const description = describe(table, f, 'export');
  const v = f.value;
  if (form.ref) return [ref(name, form.ref, sql, description)];
  switch (v.kind) {
    case 'text':
    case 'ref':
      return [text(name, sql, description)];
    case 'number':
      return [num(name, sql, description)];
    case 'integer':
      return [int(name, sql, description)];
    case 'boolean':
      return [bool(name, sql, description)];
    case 'date':
      return [date(name, sql, description)];
    case 'enum':
      return [text(name, form.sql ?? `${sql}::text`, description)];
    case 'list':
      return [list(name, form.sql ?? (v.of.kind === 'enum' ? `${sql}::text[]` : sql), description)];
    case 'localized':
      return localized(name, sql, v.label, [...v.languages].sort());
    case 'records':
      if (!form.sql || !f.flat) throw new Error(`${table.name}.${f.name}: exported owned records need their SQL and a flat form.`);
      return [list(name, form.sql, describeFlat(table, { ...f, flat: f.flat }, 'export'))];
  }
}

/**
 * The columns of a kind from its record table: `first`, then each exported field (in the table's
 * order, or those named in `order` first) with the computed columns placed `after` it, then `last`.
 * A field newly marked exported thus appears without any edit here.
 */
export function recordColumns(
  table: RecordTable,
  layout: { first?: ExportColumn[]; after?: Readonly<Record<string, ExportColumn[]>>; order?: readonly string[]; last?: ExportColumn[] },
): ExportColumn[] {
  const exported = table.fields.filter((f) => exportFormOf(f));
  const named = (layout.order ?? []).map((n) => fieldOf(table, n));
  const fields = [...named, ...exported.filter((f) => !named.includes(f))];
  for (const n of [...named, ...Object.keys(layout.after ?? {}).map((k) => fieldOf(table, k))]) {
    if (!exportFormOf(n)) throw new Error(`${table.name}.${n.name} is not exported; the export layout cannot place it.`);
  }
  return [...(layout.first ?? []), ...fields.flatMap((f) => [...fieldExport(table, f), ...(layout.after?.[f.name] ?? [])]), ...(layout.last ?? [])];
}

const mergedInto = (type: string, what: string) => ref('merged_into_id', type, 't.merged_into_id', `The ${what} this one was merged into.`);

export const EXPORT_KINDS: ExportKind[] = [
  {
    name: 'sources',
    title: 'Sources',
    description: 'The datasets records come from, with publisher, licence and the attribution they require.',
    from: 'source t',
    where: 't.deleted_at IS NULL AND t.exportable',
    key: { sql: 't.id', type: 'int' },
    noSource: true,
    columns: [
      id('Source'),
      text('key', 't.key', 'Stable key of the dataset.'),
      text('name', 't.name', 'Name.'),
      text('publisher', 't.publisher', 'Publisher.'),
      text('licence', 't.licence', 'SPDX licence identifier.'),
      text('url', 't.url', 'Where the dataset is published.'),
      text('attribution', 't.attribution', 'Attribution that must accompany the data.'),
    ],
  },
  {
    name: 'countries',
    title: 'Countries',
    description: 'Countries (ISO 3166-1 alpha-2).',
    from: 'country t',
    where: live,
    key: { sql: 't.code', type: 'text' },
    columns: [text('code', 't.code', 'ISO 3166-1 alpha-2 code.'), ...localized('name', 't.names', 'Name'), ...provenance],
  },
  {
    name: 'regions',
    title: 'Regions',
    description: 'Counties: fylker in Norway, län in Sweden.',
    from: 'region t',
    where: live,
    key: { sql: 't.code', type: 'text' },
    columns: [
      text('code', 't.code', 'Country code and official number, e.g. "NO-39".'),
      text('country_code', 't.country_code', 'Country.'),
      text('number', 't.number', 'Official number within the country.'),
      text('name', 't.name', 'Official name.'),
      num('centroid_lat', 't.centroid_lat', 'Latitude of the centre.'),
      num('centroid_lon', 't.centroid_lon', 'Longitude of the centre.'),
      ...provenance,
    ],
  },
  {
    name: 'municipalities',
    title: 'Municipalities',
    description:
      'Municipalities (kommuner, kunnat, omavalitsused, savivaldybės) and Germany’s districts (Kreise) with centroid and bounding box; boundaries are served by the API.',
    from: 'municipality t',
    where: live,
    key: { sql: 't.code', type: 'text' },
    columns: [
      text('code', 't.code', 'Country code and official number, e.g. "NO-3901".'),
      text('country_code', 't.country_code', 'Country.'),
      text('region_code', 't.region_code', 'First-level region (fylke, län, maakunta, region, maakond, apskritis, Land).'),
      text('number', 't.number', 'Official number within the country.'),
      text('name', 't.name', 'Official name.'),
      text('level', 't.level::text', 'MUNICIPALITY, or DISTRICT for Germany’s Kreise and kreisfreie Städte.'),
      num('centroid_lat', 't.centroid_lat', 'Latitude of the centre.'),
      num('centroid_lon', 't.centroid_lon', 'Longitude of the centre.'),
      num('min_lat', 't.min_lat', 'Southern edge of the boundary.'),
      num('min_lon', 't.min_lon', 'Western edge of the boundary.'),
      num('max_lat', 't.max_lat', 'Northern edge of the boundary.'),
      num('max_lon', 't.max_lon', 'Eastern edge of the boundary.'),
      date('valid_from', 't.valid_from', 'First day of validity.'),
      date('valid_to', 't.valid_to', 'Last day of validity.'),
      ...provenance,
    ],
  },
  {
    name: 'categories',
    title: 'Product categories',
    description: 'The product category tree with CPV 2008 and DFC product type codes.',
    from: 'product_category t',
    where: live,
    key: { sql: 't.code', type: 'text' },
    columns: [
      text('code', 't.code', 'Dotted category code, e.g. "vegetables.root.potatoes".'),
      text('parent_code', 't.parent_code', 'Broader category.'),
      int('depth', 't.depth', 'Depth in the tree (1 for roots).'),
      ...localized('name', 't.names', 'Name', REFERENCE_LANGUAGES),
      text('cpv', 't.cpv', 'CPV 2008 code with check digit.'),
      text('dfc_product_type', 't.dfc_product_type', 'DFC product type concept.'),
      ...provenance,
    ],
  },
  {
    name: 'organizations',
    title: 'Organizations',
    description: 'Municipality administrations, producer companies, wholesalers, partners. A sole trader is a natural person: name and number withheld.',
    from: 'organization t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(ORGANIZATION, { first: [id('Organization')], last: [mergedInto('Organization', 'organization'), ...provenance] }),
  },
  {
    name: 'producers',
    title: 'Producers',
    description:
      'Farms, fisheries, processors, bakeries and dairies, with categories, certifications and delivery area. Locations are the public ones: a sole trader without consent is shown at the municipality centre.',
    from: 'producer t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(PRODUCER, {
      first: [id('Producer')],
      // The published column order, which the import's differs from.
      order: [
        'name',
        'kind',
        'orgNumber',
        'countryCode',
        'municipalityCode',
        'lat',
        'lon',
        'street',
        'postalCode',
        'city',
        'descriptions',
        'website',
        'tenderReady',
        'channels',
        'deliveryRadiusKm',
        'deliveryDays',
        'products',
        'certifications',
      ],
      after: {
        city: [text('location_precision', 't.location_precision::text', 'EXACT, POSTCODE or MUNICIPALITY.')],
        certifications: [
          bool(
            'organic',
            `EXISTS (SELECT 1 FROM certification c WHERE c.producer_id = t.id AND c.deleted_at IS NULL AND c.scheme IN (${ORGANIC_SCHEMES.map((x) => `'${x}'`).join(', ')}))`,
            'Holds an organic certificate (EU organic rules).',
          ),
        ],
      },
      last: [mergedInto('Producer', 'producer'), ...provenance],
    }),
  },
  {
    name: 'producer_products',
    title: 'Producer products',
    description: 'What producers sell: category, season, capacity.',
    from: 'producer_product t JOIN producer p ON p.id = t.producer_id',
    where: 't.deleted_at IS NULL AND p.deleted_at IS NULL',
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(PRODUCT, {
      first: [int('id', 't.id', 'Row ID.'), ref('producer_id', 'Producer', 't.producer_id', 'The producer.')],
      last: provenance,
    }),
  },
  {
    name: 'hubs',
    title: 'Hubs',
    description: 'Distribution nodes: food hubs, cooperative warehouses, day centres that deliver.',
    from: 'hub t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(HUB, { first: [id('Hub')], last: provenance }),
  },
  {
    name: 'kitchens',
    title: 'Kitchens',
    description: 'Public kitchens and serving units (and private food-service restaurants).',
    from: 'kitchen t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(KITCHEN, {
      first: [id('Kitchen')],
      after: { municipalityCode: [ref('organization_id', 'Organization', 't.organization_id', 'Operating organization.')] },
      last: provenance,
    }),
  },
  {
    name: 'demands',
    title: 'Demand',
    description: 'Published demand of kitchens and buyers (internal demand is not exported).',
    from: 'demand t',
    where: 't.deleted_at IS NULL AND NOT t.internal',
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(DEMAND, {
      first: [id('Demand')],
      after: { kitchenExternalId: [ref('buyer_organization_id', 'Organization', 't.buyer_organization_id', 'The buyer.')] },
      last: provenance,
    }),
  },
  {
    name: 'agreements',
    title: 'Agreements',
    description: 'Framework agreements and tenders (OCDS-like).',
    from: 'agreement t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(AGREEMENT, { first: [id('Agreement')], last: provenance }),
  },
  {
    name: 'lots',
    title: 'Lots',
    description: 'Lots of agreements: categories, estimated volumes, delivery points, requirements.',
    from: 'lot t JOIN agreement a ON a.id = t.agreement_id',
    where: 't.deleted_at IS NULL AND a.deleted_at IS NULL',
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(LOT, { first: [id('Lot'), ref('agreement_id', 'Agreement', 't.agreement_id', 'The agreement.')], last: provenance }),
  },
  {
    name: 'indicators',
    title: 'Indicators',
    description: 'Statistics and exactly how they are computed.',
    from: 'indicator t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Indicator'),
      text('key', 't.key', 'Stable key.'),
      ...localized('name', 't.names', 'Name'),
      text('unit', 't.unit', 'Unit of the values.'),
      text('kind', 't.kind::text', 'How values are obtained.'),
      text('measure', 't.measure::text', 'VALUE or WEIGHT.'),
      text('local_definition', 't.local_definition::text', 'Definition of local.'),
      num('local_km', 't.local_km', 'Distance for WITHIN_KM.'),
      list('kitchen_kinds', 't.kitchen_kinds::text[]', 'Kitchen kinds counted (empty: all)'),
      list('category_codes', 't.category_codes', 'Categories counted (empty: all)'),
      ...provenance,
    ],
  },
  {
    name: 'observations',
    title: 'Observations',
    description: 'Values of indicators for places, kitchens or projects, with the facet they came from.',
    from: 'observation t JOIN indicator i ON i.id = t.indicator_id',
    where: 't.deleted_at IS NULL',
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(OBSERVATION, {
      first: [id('Observation')],
      after: { kitchenExternalId: [ref('project_id', 'Project', 't.project_id', 'Project observed.')] },
      last: provenance,
    }),
  },
  {
    name: 'goals',
    title: 'Goals',
    description: 'Strategy goals as data (progress is served by the API).',
    from: 'goal t JOIN indicator i ON i.id = t.indicator_id',
    where: 't.deleted_at IS NULL',
    key: { sql: 't.id', type: 'int' },
    columns: recordColumns(GOAL, {
      first: [id('Goal')],
      after: { municipalityCode: [ref('project_id', 'Project', 't.project_id', 'Project, for project goals.')] },
      last: provenance,
    }),
  },
  {
    name: 'projects',
    title: 'Projects',
    description: 'Initiatives such as KISMET or Horten lokalhandel.',
    from: 'project t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Project'),
      text('name', 't.name', 'Name.'),
      text('acronym', 't.acronym', 'Acronym.'),
      date('period_start', 't.period_start', 'Start.'),
      date('period_end', 't.period_end', 'End.'),
      num('budget', 't.budget', 'Budget.'),
      text('budget_currency', 't.budget_currency::text', 'Currency of the budget.'),
      text('funder', 't.funder', 'Funder.'),
      ref('lead_organization_id', 'Organization', 't.lead_organization_id', 'Lead partner.'),
      text('url', 't.url', 'Website.'),
      list('municipalities', 'ARRAY(SELECT pm.municipality_code FROM project_municipality pm WHERE pm.project_id = t.id ORDER BY 1)', 'Municipalities'),
      ...provenance,
    ],
  },
];
