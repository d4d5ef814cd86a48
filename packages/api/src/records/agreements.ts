/** Framework agreements and tenders with their lots, and the demand kitchens publish. */
import { ENUMS } from './enums.js';
import { boolean, date, listOf, localized, number, oneOf, record, records, ref, text } from './fields.js';
import { MUNICIPALITY_CODE, ORG_NUMBER } from './shared.js';

export const LOT = record('Lot', 'A lot of an agreement. The list replaces the stored lots (missing ones are tombstoned).', [
  { name: 'externalId', value: text(), required: true, custom: true, description: 'Your ID of the lot.' },
  { name: 'number', value: text(), required: true, description: 'Lot number, e.g. "2".', export: true },
  { name: 'title', value: text(), required: true, description: 'Title.', export: true },
  {
    name: 'categories',
    value: listOf(text()),
    required: true,
    custom: true,
    description: 'Category codes it covers.',
    export: { sql: 'ARRAY(SELECT lc.category_code FROM lot_category lc WHERE lc.lot_id = t.id ORDER BY 1)' },
  },
  { name: 'estimatedQuantity', value: number({ minimum: 0 }), description: 'Estimated quantity.', export: true },
  { name: 'estimatedUnit', value: oneOf(ENUMS.Unit), description: 'Unit of the estimate.', export: true },
  { name: 'estimatedValue', value: number(), description: 'Estimated value excluding VAT.', export: true },
  { name: 'currency', value: oneOf(ENUMS.Currency), description: 'Currency of the value.', export: true },
  { name: 'deliveryFrequency', value: text(), description: 'Delivery frequency, e.g. "weekly".', export: true },
  { name: 'requiredCertifications', value: listOf(oneOf(ENUMS.CertificationScheme)), description: 'Required certifications ("or equivalent").', export: true },
  { name: 'organicRequired', value: boolean, default: false, description: 'Organic required.', export: true },
  { name: 'deliveryKitchenExternalIds', value: listOf(ref('kitchen')), description: 'Your externalIds of its delivery kitchens.' },
]);

export const AGREEMENT = record('Agreement', 'A framework agreement or tender, keyed by your externalId within your source.', [
  { name: 'externalId', value: text(), required: true, custom: true, description: 'Your ID of the agreement.' },
  {
    name: 'buyerOrgNumber',
    value: ORG_NUMBER,
    required: true,
    custom: true,
    description: "Buyer's org number (ISO 6523).",
    export: { name: 'buyer_organization_id', ref: 'Organization', sql: 't.buyer_organization_id', description: 'The buyer.' },
    privacy: 'natural-person',
  },
  {
    name: 'buyerName',
    value: text(),
    required: true,
    custom: true,
    description: "Buyer's name, used when the organization is new.",
    privacy: 'natural-person',
  },
  { name: 'title', value: text(), required: true, description: 'Title.', export: true },
  { name: 'noticeReference', value: text(), description: 'Doffin or TED notice reference.', export: true },
  { name: 'noticeUrl', value: text(), description: 'Link to the notice.', export: true },
  { name: 'cpvCodes', value: listOf(text()), description: 'CPV codes, e.g. "03212100-1".', export: true },
  { name: 'periodStart', value: date, required: true, description: 'First day.', export: true },
  { name: 'periodEnd', value: date, required: true, description: 'Last day.', export: true },
  { name: 'status', value: oneOf(ENUMS.AgreementStatus), required: true, description: 'Status.', export: true },
  {
    name: 'municipalityCodes',
    value: listOf(MUNICIPALITY_CODE),
    custom: true,
    description: 'Municipalities it covers.',
    export: { name: 'municipalities', sql: 'ARRAY(SELECT am.municipality_code FROM agreement_municipality am WHERE am.agreement_id = t.id ORDER BY 1)' },
  },
  { name: 'lots', value: records(LOT), description: 'Its lots.' },
]);

export const DEMAND = record('Demand', 'A published demand, keyed by your externalId within your source.', [
  { name: 'externalId', value: text(), required: true, custom: true, description: 'Your ID of the demand.' },
  {
    name: 'kitchenExternalId',
    value: ref('kitchen'),
    description: 'Your externalId of the kitchen that needs it.',
    export: { name: 'kitchen_id', ref: 'Kitchen', sql: 't.kitchen_id', description: 'The kitchen.' },
  },
  {
    name: 'municipalityCode',
    value: MUNICIPALITY_CODE,
    custom: true,
    description: 'Municipality delivered to.',
    hint: "Defaults to the kitchen's.",
    export: true,
  },
  { name: 'category', value: text(), required: true, custom: true, description: 'Category code.', export: { name: 'category_code', sql: 't.category_code' } },
  { name: 'title', value: text(), description: 'Title.', export: true },
  { name: 'descriptions', stored: 'description', value: localized('Description'), description: 'Descriptions by language code.' },
  { name: 'quantity', value: number(), required: true, description: 'Quantity.', hint: 'More than 0.', export: true },
  { name: 'unit', value: oneOf(ENUMS.Unit), required: true, description: 'Unit.', export: true },
  { name: 'periodStart', value: date, required: true, description: 'First day.', export: true },
  { name: 'periodEnd', value: date, required: true, description: 'Last day.', export: true },
  { name: 'organicRequired', value: boolean, default: false, description: 'Organic required.', export: true },
  { name: 'requiredCertifications', value: listOf(oneOf(ENUMS.CertificationScheme)), description: 'Required certifications ("or equivalent").', export: true },
  { name: 'deliveryFrequency', value: text(), description: 'Delivery frequency.', export: true },
  { name: 'status', value: oneOf(ENUMS.DemandStatus), default: 'OPEN', description: '{OPEN}, {MATCHED} or {CLOSED}.', hint: 'Default {OPEN}.', export: true },
  {
    name: 'procurementRoute',
    value: oneOf(ENUMS.ProcurementRoute),
    required: true,
    description: 'How it is bought.',
    hint: 'A {DIRECT_AWARD} that an active agreement’s lot already covers is refused.',
    export: true,
  },
  {
    name: 'lotExternalId',
    value: ref('lot'),
    description: 'Your externalId of the lot it is called off under.',
    export: { name: 'lot_id', ref: 'Lot', sql: 't.lot_id', description: 'The lot it is called off from.' },
  },
  // Internal demand is never exported (the export leaves it out altogether).
  { name: 'internal', value: boolean, default: false, description: 'Not shown to anonymous callers.' },
]);
