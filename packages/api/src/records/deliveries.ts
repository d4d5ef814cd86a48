/**
 * Delivery lines: what a kitchen (or buyer) bought, from which producer, for which period. Lines are
 * never exported one by one (only statistics are), and every field of a line is private: only the
 * source's organization reads it, with `read:private`. The rules for a line live in `sync/deliveries.ts`.
 */
import { ENUMS } from './enums.js';
import { boolean, date, listOf, number, oneOf, record, ref, text } from './fields.js';
import { COUNTRY_CODE, MUNICIPALITY_CODE, ORG_NUMBER } from './shared.js';

/** A delivery line. The fields are in the order of the CSV import's columns. */
export const DELIVERY = record(
  'Delivery',
  'A delivery line, keyed by your externalId within your source. Reported once, at the kitchen (or buyer) that was invoiced.',
  [
    {
      name: 'externalId',
      value: text(),
      required: true,
      csv: true,
      description: 'The delivery line’s ID in your own system (an invoice or order line): stable, unique within the source.',
      hint: 'Sending or importing the same ID again updates the line.',
      example: 'd-2025-01-1',
      privacy: 'private',
    },
    {
      name: 'kitchenExternalId',
      value: ref('kitchen'),
      csv: true,
      description:
        'The kitchen that bought, by its {externalId} in the same source (send or import kitchens first). Either this or {municipalityCode} is needed.',
      example: 'k-sentral',
      privacy: 'private',
    },
    {
      name: 'buyerOrgNumber',
      value: ORG_NUMBER,
      csv: true,
      description: 'When no kitchen is named: org number (ISO 6523) of the organization that bought, already known to Food Commons.',
      example: '0192:964982953',
      privacy: 'private',
    },
    {
      name: 'municipalityCode',
      value: MUNICIPALITY_CODE,
      csv: true,
      description: 'The municipality that bought, when no kitchen is named (with a kitchen, it must be the kitchen’s municipality).',
      example: 'NO-3901',
      privacy: 'private',
    },
    {
      name: 'producerExternalId',
      value: ref('producer'),
      csv: true,
      description:
        'The producer the food comes from (its origin), by its {externalId} in the same source (send or import producers first). Whether food is local is judged by this producer, never by the supplier.',
      example: 'p-hagen',
      privacy: 'private',
    },
    {
      name: 'supplierName',
      value: text(),
      csv: true,
      description: 'Who delivered, when that is not the producer itself (a wholesaler, a food hub).',
      example: 'Grønt & Frukt AS',
      privacy: 'private',
    },
    {
      name: 'supplierOrgNumber',
      value: ORG_NUMBER,
      csv: true,
      description: 'Org number (ISO 6523) of who delivered, when that is not the producer itself.',
      example: '0192:987654321',
      privacy: 'private',
    },
    {
      name: 'originBasis',
      value: oneOf(ENUMS.OriginBasis),
      csv: true,
      description:
        'How the origin is known: {DIRECT} (the producer delivered itself), {ARTICLE_DATA} (from the supplier’s article data), {DECLARED} (the supplier says so), {UNKNOWN}. Left empty: {DIRECT} when a producer and no supplier is given, {DECLARED} with both, {UNKNOWN} without a producer.',
      example: 'declared',
      privacy: 'private',
    },
    {
      name: 'category',
      value: text(),
      required: true,
      csv: true,
      description: 'Product category code (see `/export/categories.csv` or the `categories` query).',
      example: 'vegetables.root.potatoes',
      privacy: 'private',
    },
    {
      name: 'periodStart',
      value: date,
      required: true,
      csv: true,
      description: 'First day of the period the line covers (a delivery date, or the first day of a month).',
      example: '2025-01-01',
      privacy: 'private',
    },
    {
      name: 'periodEnd',
      value: date,
      required: true,
      csv: true,
      description: 'Last day of the period the line covers; not before {periodStart}.',
      example: '2025-01-31',
      privacy: 'private',
    },
    {
      name: 'quantity',
      value: number(),
      csv: true,
      description: 'Amount delivered, in {unit}; converted to kg where a factor exists. Give {quantity} (with {unit}), {value} (with {currency}), or both.',
      example: '1250.5',
      privacy: 'private',
    },
    { name: 'unit', value: oneOf(ENUMS.Unit), csv: true, description: 'Unit of {quantity}.', example: 'kg', privacy: 'private' },
    {
      name: 'value',
      value: number(),
      csv: true,
      description: 'What the line cost, excluding VAT, in {currency}; negative for a credit note.',
      example: '18757.50',
      privacy: 'private',
    },
    { name: 'currency', value: oneOf(ENUMS.Currency), csv: true, description: 'Currency of {value} (ISO 4217).', example: 'nok', privacy: 'private' },
    {
      name: 'organic',
      value: boolean,
      csv: true,
      description: 'The food is organic (certified under EU organic rules). Left empty: true when the line carries an organic certification.',
      example: 'true',
      privacy: 'private',
    },
    {
      name: 'organicBasis',
      value: oneOf(ENUMS.OrganicBasis),
      csv: true,
      description: 'How organic is known: {CERTIFIED_PRODUCT}, {ARTICLE_DATA}, {SUPPLIER_DECLARATION}; {NONE} for a line that is not organic.',
      example: 'certified_product',
      privacy: 'private',
    },
    {
      name: 'certifications',
      value: listOf(oneOf(ENUMS.CertificationScheme)),
      csv: { numbered: true },
      description: 'Certification labels the food carries. Other labels than EU-organic ones ({EU_ORGANIC}, {DEBIO}, {KRAV}, …) never make a line organic.',
      example: 'debio',
      privacy: 'private',
    },
    {
      name: 'originCountry',
      value: COUNTRY_CODE,
      csv: true,
      description:
        'ISO 3166-1 alpha-2 country the food comes from; left empty, the producer’s country. With a producer it must be the producer’s country (a different one is refused); without a producer it stands as given.',
      example: 'NO',
      privacy: 'private',
    },
    {
      name: 'agreementReference',
      value: text(),
      csv: true,
      description: 'The purchase agreement the line was bought under: its notice reference or {externalId}, already known to Food Commons.',
      example: '2024-312456',
      privacy: 'private',
    },
    {
      name: 'gtin',
      value: text({ pattern: '\\d{8}|\\d{12,14}' }),
      csv: true,
      description: 'GTIN (EAN) of the article: 8, 12, 13 or 14 digits with a correct check digit.',
      example: '7038010009457',
      privacy: 'private',
    },
    {
      name: 'articleCode',
      value: text(),
      csv: true,
      description:
        'The supplier’s own article number. Without a GTIN, two lines are the same article (and may not overlap in period) only when category, producer, supplier, organic status, certifications, unit and {articleCode} all match.',
      example: '10234',
      privacy: 'private',
    },
    {
      name: 'replacesExternalId',
      value: text(),
      csv: true,
      description: 'The {externalId} of a line of the same source that this line corrects: that line is deleted, and the two may cover the same period.',
      example: 'd-2024-12-7',
      privacy: 'private',
    },
  ],
);
