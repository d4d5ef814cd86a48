/**
 * The open-data export: one CSV per public kind of record. Each kind is a SELECT over one table with
 * its columns, its Frictionless field types, and a key to page through it (keyset pagination, so a
 * million rows are streamed in batches with flat memory). Only records of exportable, live sources
 * are exported; personal data follows the same rules as the public API, or stricter:
 * - a sole trader's (natural person's) exact location, street, identity number and name are never
 *   exported; their producer's location is the public one (municipality centre without consent);
 * - a contact person only with the producer's consent and an exact (consented) location;
 * - delivery lines never: only statistics, with small cells suppressed (see `delivery_stats`).
 */

import { PLACE_FIELDS, type SharedField } from '../sync/fields.js';
import { ORGANIC_SCHEMES } from '../producers/organic.js';

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
  { name: 'updated_at', type: 'datetime', description: 'When the record last changed.', sql: `to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')` },
];
const id = (type: string): ExportColumn => ({ name: 'id', type: 'string', description: `Global ID of the ${type} in the GraphQL API (node(id:)).`, sql: 't.id', ref: type });
const ref = (name: string, type: string, sql: string, description: string): ExportColumn => ({ name, type: 'string', description, sql, ref: type });
const text = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'string', description, sql });
const list = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'string', description: `${description} (";"-separated).`, sql: `array_to_string(${sql}, ';')` });
const num = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'number', description, sql });
const int = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'integer', description, sql });
const bool = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'boolean', description, sql });
const date = (name: string, sql: string, description: string): ExportColumn => ({ name, type: 'date', description, sql: `(${sql})::text` });
const localized = (prefix: string, sql: string, what: string, langs = ['en', 'nb', 'sv']) => langs.map((l) => text(`${prefix}_${l}`, `${sql} ->> '${l}'`, `${what} (${l}).`));
const live = 't.deleted_at IS NULL';

/**
 * The place columns shared with upserts and CSV imports (`sync/fields.ts`), in their CSV names;
 * `sql` overrides the expression of a field (published rather than exact values), `only` picks some.
 */
const place = (options: { sql?: Partial<Record<SharedField['field'], string>>; only?: SharedField['field'][] } = {}): ExportColumn[] =>
  PLACE_FIELDS.filter((f) => !options.only || options.only.includes(f.field)).map((f) => ({
    name: f.csv,
    type: f.type,
    description: f.description,
    sql: options.sql?.[f.field] ?? `t.${f.column}`,
  }));

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
    description: 'Municipalities (kommuner / kommuner) with centroid and bounding box; boundaries are served by the API.',
    from: 'municipality t',
    where: live,
    key: { sql: 't.code', type: 'text' },
    columns: [
      text('code', 't.code', 'Country code and official number, e.g. "NO-3901".'),
      text('country_code', 't.country_code', 'Country.'),
      text('region_code', 't.region_code', 'Region (fylke / län).'),
      text('number', 't.number', 'Official number within the country.'),
      text('name', 't.name', 'Official name.'),
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
      ...localized('name', 't.names', 'Name', ['en', 'nb', 'nn', 'sv', 'fi', 'da', 'de']),
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
    columns: [
      id('Organization'),
      text('name', 'CASE WHEN t.natural_person THEN NULL ELSE t.name END', 'Name (withheld for natural persons).'),
      text('kind', 't.kind::text', 'Kind of body.'),
      text('org_number', 'CASE WHEN t.natural_person THEN NULL ELSE t.org_number END', 'Organization number in ISO 6523 form (withheld for natural persons).'),
      bool('natural_person', 't.natural_person', 'A sole trader.'),
      text('country_code', 't.country_code', 'Country of registration.'),
      text('municipality_code', 'CASE WHEN t.natural_person THEN NULL ELSE t.municipality_code END', 'Home municipality (withheld for natural persons).'),
      text('website', 't.website', 'Website.'),
      ref('merged_into_id', 'Organization', 't.merged_into_id', 'The organization this one was merged into.'),
      ...provenance,
    ],
  },
  {
    name: 'producers',
    title: 'Producers',
    description:
      'Farms, fisheries, processors, bakeries and dairies, with categories, certifications and delivery area. Locations are the public ones: a sole trader without consent is shown at the municipality centre.',
    from: 'producer t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Producer'),
      text('name', 't.name', 'Name.'),
      text('kind', 't.kind::text', 'What the producer mainly does.'),
      ref('organization_id', 'Organization', 't.organization_id', 'The company behind the producer.'),
      text('country_code', 't.country_code', 'Country.'),
      text('municipality_code', 't.municipality_code', 'Municipality.'),
      // The published location: a sole trader without consent at the municipality centre, no street.
      ...place({ sql: { lat: 't.public_lat', lon: 't.public_lon', street: "CASE WHEN t.location_precision = 'EXACT' THEN t.street END" } }),
      text('location_precision', 't.location_precision::text', 'EXACT, POSTCODE or MUNICIPALITY.'),
      ...localized('description', 't.description', 'Description'),
      text('website', 't.website', 'Website.'),
      bool('tender_ready', 't.tender_ready', 'Able to answer public tenders.'),
      list('channels', 't.channels::text[]', 'Sales channels'),
      num('delivery_radius_km', 't.delivery_radius_km', 'Delivery radius in km.'),
      list('delivery_days', 't.delivery_days::text[]', 'Delivery days'),
      list(
        'categories',
        'ARRAY(SELECT DISTINCT pp.category_code FROM producer_product pp WHERE pp.producer_id = t.id AND pp.deleted_at IS NULL ORDER BY 1)',
        'Category codes of its products',
      ),
      list(
        'certifications',
        "ARRAY(SELECT c.scheme::text || coalesce(':' || c.certificate_number, '') FROM certification c WHERE c.producer_id = t.id AND c.deleted_at IS NULL ORDER BY c.id)",
        'Certifications as SCHEME:number',
      ),
      bool(
        'organic',
        `EXISTS (SELECT 1 FROM certification c WHERE c.producer_id = t.id AND c.deleted_at IS NULL AND c.scheme IN (${ORGANIC_SCHEMES.map((x) => `'${x}'`).join(', ')}))`,
        'Holds an organic certificate (EU organic rules).',
      ),
      text('contact_name', "CASE WHEN t.contact_consent AND t.location_precision = 'EXACT' THEN t.contact_name END", 'Contact person (only with consent).'),
      text('contact_email', "CASE WHEN t.contact_consent AND t.location_precision = 'EXACT' THEN t.contact_email END", 'Contact e-mail (only with consent).'),
      text('contact_phone', "CASE WHEN t.contact_consent AND t.location_precision = 'EXACT' THEN t.contact_phone END", 'Contact phone (only with consent).'),
      ref('merged_into_id', 'Producer', 't.merged_into_id', 'The producer this one was merged into.'),
      ...provenance,
    ],
  },
  {
    name: 'producer_products',
    title: 'Producer products',
    description: 'What producers sell: category, season, capacity.',
    from: 'producer_product t JOIN producer p ON p.id = t.producer_id',
    where: 't.deleted_at IS NULL AND p.deleted_at IS NULL',
    key: { sql: 't.id', type: 'int' },
    columns: [
      int('id', 't.id', 'Row ID.'),
      ref('producer_id', 'Producer', 't.producer_id', 'The producer.'),
      text('category_code', 't.category_code', 'Category.'),
      text('name', 't.name', 'Product name.'),
      list('season_months', 't.season_months', 'Months of availability, 1–12'),
      num('annual_capacity', 't.annual_capacity', 'Annual capacity.'),
      text('capacity_unit', 't.capacity_unit::text', 'Unit of the capacity.'),
      bool('organic', 't.organic', 'Sold as organic.'),
      text('gtin', 't.gtin', 'GTIN.'),
      ...provenance,
    ],
  },
  {
    name: 'hubs',
    title: 'Hubs',
    description: 'Distribution nodes: food hubs, cooperative warehouses, day centres that deliver.',
    from: 'hub t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Hub'),
      text('name', 't.name', 'Name.'),
      text('kind', 't.kind::text', 'Kind of hub.'),
      ref('operator_id', 'Organization', 't.operator_id', 'Operating organization.'),
      text('municipality_code', 't.municipality_code', 'Municipality.'),
      ...place({ only: ['lat', 'lon'] }),
      list('delivery_days', 't.delivery_days::text[]', 'Delivery days'),
      list('served_municipalities', 'ARRAY(SELECT hm.municipality_code FROM hub_municipality hm WHERE hm.hub_id = t.id ORDER BY 1)', 'Municipalities served'),
      ...provenance,
    ],
  },
  {
    name: 'kitchens',
    title: 'Kitchens',
    description: 'Public kitchens and serving units (and private food-service restaurants).',
    from: 'kitchen t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Kitchen'),
      text('name', 't.name', 'Name.'),
      text('kind', 't.kind::text', 'What it serves.'),
      text('municipality_code', 't.municipality_code', 'Municipality.'),
      ref('organization_id', 'Organization', 't.organization_id', 'Operating organization.'),
      text('production_type', 't.production_type::text', 'COOKING, CENTRAL or RECEIVING.'),
      ref('central_kitchen_id', 'Kitchen', 't.central_kitchen_id', 'The central kitchen it receives meals from.'),
      int('meals_per_day', 't.meals_per_day', 'Meals on a serving day.'),
      int('serving_days_per_year', 't.serving_days_per_year', 'Serving days in a year.'),
      ...place(),
      text('meal_concept', 't.meal_concept', 'Meal concept.'),
      ...provenance,
    ],
  },
  {
    name: 'demands',
    title: 'Demand',
    description: 'Published demand of kitchens and buyers (internal demand is not exported).',
    from: 'demand t',
    where: 't.deleted_at IS NULL AND NOT t.internal',
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Demand'),
      ref('kitchen_id', 'Kitchen', 't.kitchen_id', 'The kitchen.'),
      ref('buyer_organization_id', 'Organization', 't.buyer_organization_id', 'The buyer.'),
      text('municipality_code', 't.municipality_code', 'Municipality delivered to.'),
      text('category_code', 't.category_code', 'Category.'),
      text('title', 't.title', 'Title.'),
      num('quantity', 't.quantity', 'Quantity.'),
      text('unit', 't.unit::text', 'Unit.'),
      date('period_start', 't.period_start', 'First day.'),
      date('period_end', 't.period_end', 'Last day.'),
      bool('organic_required', 't.organic_required', 'Organic required.'),
      list('required_certifications', 't.required_certifications::text[]', 'Required certifications (or equivalent)'),
      text('delivery_frequency', 't.delivery_frequency', 'Delivery frequency.'),
      text('status', 't.status::text', 'OPEN, MATCHED or CLOSED.'),
      text('procurement_route', 't.procurement_route::text', 'Procurement route.'),
      ref('lot_id', 'Lot', 't.lot_id', 'The lot it is called off from.'),
      ...provenance,
    ],
  },
  {
    name: 'agreements',
    title: 'Agreements',
    description: 'Framework agreements and tenders (OCDS-like).',
    from: 'agreement t',
    where: live,
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Agreement'),
      ref('buyer_organization_id', 'Organization', 't.buyer_organization_id', 'The buyer.'),
      text('title', 't.title', 'Title.'),
      text('notice_reference', 't.notice_reference', 'Doffin / TED reference.'),
      text('notice_url', 't.notice_url', 'Link to the notice.'),
      list('cpv_codes', 't.cpv_codes', 'CPV codes'),
      date('period_start', 't.period_start', 'First day.'),
      date('period_end', 't.period_end', 'Last day.'),
      text('status', 't.status::text', 'Status.'),
      list('municipalities', 'ARRAY(SELECT am.municipality_code FROM agreement_municipality am WHERE am.agreement_id = t.id ORDER BY 1)', 'Municipalities covered'),
      ...provenance,
    ],
  },
  {
    name: 'lots',
    title: 'Lots',
    description: 'Lots of agreements: categories, estimated volumes, delivery points, requirements.',
    from: 'lot t JOIN agreement a ON a.id = t.agreement_id',
    where: 't.deleted_at IS NULL AND a.deleted_at IS NULL',
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Lot'),
      ref('agreement_id', 'Agreement', 't.agreement_id', 'The agreement.'),
      text('number', 't.number', 'Lot number.'),
      text('title', 't.title', 'Title.'),
      list('categories', 'ARRAY(SELECT lc.category_code FROM lot_category lc WHERE lc.lot_id = t.id ORDER BY 1)', 'Category codes'),
      num('estimated_quantity', 't.estimated_quantity', 'Estimated quantity.'),
      text('estimated_unit', 't.estimated_unit::text', 'Unit of the estimate.'),
      num('estimated_value', 't.estimated_value', 'Estimated value excluding VAT.'),
      text('currency', 't.currency::text', 'Currency of the value.'),
      text('delivery_frequency', 't.delivery_frequency', 'Delivery frequency.'),
      list('required_certifications', 't.required_certifications::text[]', 'Required certifications (or equivalent)'),
      bool('organic_required', 't.organic_required', 'Organic required.'),
      ...provenance,
    ],
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
    columns: [
      id('Observation'),
      text('indicator_key', 'i.key', 'The indicator.'),
      text('country_code', 't.country_code', 'Country observed.'),
      text('region_code', 't.region_code', 'Region observed.'),
      text('municipality_code', 't.municipality_code', 'Municipality observed.'),
      ref('kitchen_id', 'Kitchen', 't.kitchen_id', 'Kitchen observed.'),
      ref('project_id', 'Project', 't.project_id', 'Project observed.'),
      date('date', 't.date', 'Start of the period.'),
      text('period_type', 't.period_type::text', 'YEAR or MONTH.'),
      num('value', 't.value', 'Value in the indicator’s unit.'),
      text('method', 't.method', 'How it was measured.'),
      ...provenance,
    ],
  },
  {
    name: 'goals',
    title: 'Goals',
    description: 'Strategy goals as data (progress is served by the API).',
    from: 'goal t JOIN indicator i ON i.id = t.indicator_id',
    where: 't.deleted_at IS NULL',
    key: { sql: 't.id', type: 'int' },
    columns: [
      id('Goal'),
      text('owner_kind', 't.owner_kind::text', 'Whose goal it is.'),
      text('country_code', 't.country_code', 'Country, for national goals.'),
      text('region_code', 't.region_code', 'Region, for regional goals.'),
      text('municipality_code', 't.municipality_code', 'Municipality, for municipal goals.'),
      ref('project_id', 'Project', 't.project_id', 'Project, for project goals.'),
      ...localized('title', 't.title', 'Title'),
      text('indicator_key', 'i.key', 'The indicator.'),
      num('baseline_value', 't.baseline_value', 'Baseline value.'),
      int('baseline_year', 't.baseline_year', 'Baseline year.'),
      num('target_value', 't.target_value', 'Target value.'),
      int('target_year', 't.target_year', 'Target year.'),
      text('direction', 't.direction::text', 'INCREASE or DECREASE.'),
      text('document_title', 't.document_title', 'Adopting document.'),
      text('document_url', 't.document_url', 'Link to it.'),
      date('adopted_at', 't.adopted_at', 'Adopted on.'),
      ...provenance,
    ],
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
