/** Producers, with the products they sell and the certificates they hold. */
import { ENUMS } from './enums.js';
import { boolean, date, integer, listOf, localized, number, oneOf, record, records, ref, text } from './fields.js';
import { CITY, COUNTRY_CODE, LAT, LON, MUNICIPALITY_CODE, ORG_NUMBER, POSTAL_CODE, STREET } from './shared.js';
import { publicForm } from '../privacy/public-forms.js';

export const PRODUCT = record('ProducerProduct', 'Something a producer sells. The list replaces the stored products.', [
  { name: 'externalId', value: text(), custom: true, description: "Your ID of the product; defaults to the producer's externalId, category and name." },
  {
    name: 'category',
    value: text(),
    required: true,
    custom: true,
    description: 'Category code, e.g. "vegetables.root.potatoes".',
    export: { name: 'category_code', sql: 't.category_code' },
  },
  { name: 'name', value: text(), description: "The producer's own name for it.", export: true, dfc: 'dfc-b:name' },
  { name: 'seasonMonths', value: listOf(integer({ minimum: 1, maximum: 12 })), description: 'Months of availability, 1–12.', export: true },
  { name: 'annualCapacity', value: number({ minimum: 0 }), description: 'Quantity a year (with {capacityUnit}).', export: true },
  { name: 'capacityUnit', value: oneOf(ENUMS.Unit), description: 'Unit of the capacity.', export: true },
  { name: 'organic', value: boolean, default: false, description: 'Certified organic: needs an EU-organic certificate on the producer.', export: true },
  { name: 'gtin', value: text(), description: 'GTIN of the article.', export: true },
]);

export const CERTIFICATION = record('Certification', 'A certificate the producer holds. The list replaces the stored certificates.', [
  { name: 'scheme', value: oneOf(ENUMS.CertificationScheme), required: true, description: 'The scheme.' },
  { name: 'certificateNumber', value: text(), description: 'Certificate number.' },
  { name: 'validFrom', value: date, description: 'Valid from.' },
  { name: 'validUntil', value: date, description: 'Valid until.' },
  { name: 'url', value: text(), description: "Link to the certifier's record." },
]);

/**
 * A producer. The fields are in the order of the CSV import's columns; the export keeps its own
 * published order (`exports/kinds.ts`).
 */
export const PRODUCER = record('Producer', 'A producer, keyed by your externalId within your source.', [
  {
    name: 'externalId',
    value: text(),
    required: true,
    custom: true,
    csv: true,
    description: 'The producer’s ID in your own system: stable, unique within the source.',
    hint: 'Sending or importing the same ID again updates the producer.',
    example: 'p-hagen',
    dfc: '@id',
  },
  {
    name: 'name',
    value: text(),
    required: true,
    csv: true,
    description: 'Name of the farm, fishery or business.',
    example: 'Hagen gård',
    export: true,
    dfc: 'dfc-b:name',
  },
  { name: 'kind', value: oneOf(ENUMS.ProducerKind), required: true, csv: true, description: 'What kind of producer it is.', example: 'farm', export: true },
  {
    name: 'orgNumber',
    value: ORG_NUMBER,
    custom: true,
    csv: true,
    description:
      'Organization number with its ISO 6523 scheme and the number: "0192:" (Norway), "0007:" (Sweden), "0037:" (Finnish Y-tunnus), "0184:" (Danish CVR), "0191:" (Estonian registry code), "0200:" (Lithuanian legal entity code) or "9930:" (German VAT number).',
    hint: 'Check digits are checked where the scheme has one ("0037:1234567-8" is stored as "0037:12345678"). An unknown number registers the organization.',
    example: '0192:912345678',
    export: { name: 'organization_id', ref: 'Organization', sql: 't.organization_id', description: 'The company behind the producer.' },
    privacy: 'natural-person',
  },
  {
    name: 'naturalPerson',
    value: boolean,
    custom: true,
    csv: true,
    description:
      'The producer is a sole trader (a natural person): its name and number are never published, its exact location and street only with a recorded consent. A personal identity number as {orgNumber} implies it.',
    example: 'false',
  },
  {
    name: 'sizeClass',
    value: oneOf(ENUMS.OrganizationSizeClass),
    custom: true,
    csv: true,
    description:
      'EU SME size class of the producer’s organization (Commission Recommendation 2003/361/EC: staff headcount, and annual turnover or balance sheet total): {MICRO}, {SMALL}, {MEDIUM} or {LARGE}. Sets the class of the organization named by {orgNumber} (or of a sole trader’s own organization); left empty, the class stored stays.',
    hint: 'Needs {orgNumber}, or {naturalPerson} true.',
    example: 'micro',
  },
  {
    name: 'countryCode',
    value: COUNTRY_CODE,
    custom: true,
    csv: true,
    description: 'ISO 3166-1 alpha-2 country code.',
    hint: 'May be left empty when {municipalityCode} is given (it follows from it).',
    example: 'NO',
    export: true,
    dfc: 'dfc-b:hasCountry',
  },
  {
    name: 'municipalityCode',
    value: MUNICIPALITY_CODE,
    custom: true,
    csv: true,
    description: 'Municipality the producer is in: country code and municipality number.',
    hint: "An older code of the code history (a 2020 Norwegian code that was renumbered, Eisenach's DE-16056) is mapped to its current code and noted.",
    example: 'NO-3901',
    export: true,
  },
  // The published location: a sole trader without consent at the municipality centre, no street.
  { ...LAT, csv: true, export: publicForm('public-location', 'lat'), dfc: 'dfc-b:latitude', privacy: 'natural-person' },
  { ...LON, csv: true, export: publicForm('public-location', 'lon'), dfc: 'dfc-b:longitude', privacy: 'natural-person' },
  { ...STREET, csv: true, export: publicForm('exact-location', 'street'), dfc: 'dfc-b:hasStreet', privacy: 'natural-person' },
  { ...POSTAL_CODE, csv: true, export: true, dfc: 'dfc-b:hasPostalCode' },
  { ...CITY, csv: true, export: true, dfc: 'dfc-b:hasCity' },
  {
    name: 'products',
    column: 'categories',
    value: records(PRODUCT),
    csv: true,
    description: 'What it sells (replaces the stored list).',
    flat: { each: 'category', description: 'Product category codes of what the producer offers (see `/export/categories.csv` or the `categories` query).' },
    example: 'vegetables.root.potatoes;fruit.apples',
    export: { sql: 'ARRAY(SELECT DISTINCT pp.category_code FROM producer_product pp WHERE pp.producer_id = t.id AND pp.deleted_at IS NULL ORDER BY 1)' },
    dfc: 'dfc-b:supplies',
  },
  {
    name: 'certifications',
    value: records(CERTIFICATION),
    csv: true,
    description: 'Certificates (replaces the stored list).',
    flat: {
      each: 'scheme',
      numbered: 'certificateNumber',
      description:
        'Certifications held, each as SCHEME or SCHEME:certificate number. Products count as organic only under an EU-organic scheme ({EU_ORGANIC}, {DEBIO}, {KRAV}, …).',
    },
    example: 'debio:NO-ØKO-01-12345',
    export: {
      sql: "ARRAY(SELECT c.scheme::text || coalesce(':' || c.certificate_number, '') FROM certification c WHERE c.producer_id = t.id AND c.deleted_at IS NULL ORDER BY c.id)",
    },
  },
  {
    name: 'channels',
    value: listOf(oneOf(ENUMS.SalesChannel)),
    csv: true,
    description: 'Sales channels the producer sells through.',
    example: 'public_procurement;direct',
    export: true,
  },
  {
    name: 'tenderReady',
    value: boolean,
    default: false,
    csv: true,
    description: 'The producer is ready to take part in public tenders.',
    example: 'true',
    export: true,
  },
  {
    name: 'deliveryRadiusKm',
    value: number({ minimum: 0 }),
    csv: true,
    description: 'How far the producer delivers, in kilometres.',
    example: '40',
    export: true,
  },
  {
    name: 'website',
    value: text(),
    csv: true,
    description: 'Address of the producer’s website.',
    example: 'https://hagen-gard.example',
    export: true,
    dfc: 'dfc-b:websitePage',
  },
  {
    name: 'descriptions',
    stored: 'description',
    column: 'description',
    value: localized('Description'),
    csv: true,
    description: 'Descriptions by language code, e.g. {"nb": "…", "sv": "…"}.',
    example: { nb: 'Poteter og epler fra Skoppum.', sv: 'Potatis och äpplen från Skoppum.', en: 'Potatoes and apples from Skoppum.' },
    export: true,
    dfc: 'dfc-b:hasDescription',
  },
  { name: 'deliveryDays', value: listOf(oneOf(ENUMS.Weekday)), description: 'Days it delivers.', export: true },
  {
    name: 'contactName',
    value: text(),
    description: 'Contact person (personal data: public only with {contactConsent}).',
    export: publicForm('consent', 'contact_name', 'Contact person (only with consent).'),
    dfc: 'dfc-b:hasMainContact',
    privacy: 'personal',
  },
  {
    name: 'contactEmail',
    value: text(),
    description: 'Contact e-mail.',
    export: publicForm('consent', 'contact_email', 'Contact e-mail (only with consent).'),
    dfc: 'dfc-b:email',
    privacy: 'personal',
  },
  {
    name: 'contactPhone',
    value: text(),
    description: 'Contact telephone.',
    export: publicForm('consent', 'contact_phone', 'Contact phone (only with consent).'),
    dfc: 'dfc-b:hasPhoneNumber',
    privacy: 'personal',
  },
  { name: 'contactConsent', value: boolean, default: false, description: 'The contact person agreed to be shown.' },
  { name: 'hubExternalIds', value: listOf(ref('hub')), description: 'Your externalIds of the hubs it delivers through.' },
]);
