/** Kitchens of public meals and the serving units they cook for. */
import { ENUMS } from './enums.js';
import { integer, oneOf, record, ref, text } from './fields.js';
import { CITY, LAT, LON, MUNICIPALITY_CODE, POSTAL_CODE, STREET } from './shared.js';

/** A kitchen. The fields are in the order of the CSV import's columns and of the export's. */
export const KITCHEN = record('Kitchen', 'A kitchen, keyed by your externalId within your source.', [
  {
    name: 'externalId',
    value: text(),
    required: true,
    custom: true,
    csv: true,
    description: 'The kitchen’s ID in your own system: stable, unique within the source.',
    hint: 'Sending or importing the same ID again updates the kitchen.',
    example: 'k-sentral',
  },
  { name: 'name', value: text(), required: true, csv: true, description: 'Name of the kitchen (or of the school, care home, … it serves).', example: 'Horten sentralkjøkken', export: true },
  { name: 'kind', value: oneOf(ENUMS.KitchenKind), required: true, csv: true, description: 'What kind of place the kitchen serves.', example: 'school', export: true },
  {
    name: 'municipalityCode',
    value: MUNICIPALITY_CODE,
    required: true,
    custom: true,
    csv: true,
    description: 'Municipality the kitchen is in: country code and municipality number.',
    hint: 'A 2020 Norwegian code that was renumbered is mapped to its new code and noted.',
    example: 'NO-3901',
    export: true,
  },
  {
    name: 'productionType',
    value: oneOf(ENUMS.ProductionType),
    required: true,
    csv: true,
    description: '{COOKING}: cooks its own meals; {CENTRAL}: cooks for other kitchens; {RECEIVING}: serves meals cooked in a central kitchen.',
    example: 'central',
    export: true,
  },
  {
    name: 'centralKitchenExternalId',
    value: ref('kitchen'),
    csv: true,
    description: 'For a {RECEIVING} kitchen only: the central kitchen that cooks its meals.',
    hint: 'Its {externalId} in the same source (sent before, or earlier in the same file or batch).',
    example: 'k-sentral',
    export: { name: 'central_kitchen_id', ref: 'Kitchen', sql: 't.central_kitchen_id' },
  },
  { name: 'mealsPerDay', value: integer({ minimum: 0 }), csv: true, description: 'Meals served on a serving day.', example: '900', export: true },
  { name: 'servingDaysPerYear', value: integer({ minimum: 0, maximum: 366 }), csv: true, description: 'Days a year meals are served.', example: '190', export: true },
  { ...LAT, csv: true, export: true },
  { ...LON, csv: true, export: true },
  { ...STREET, export: true },
  { ...POSTAL_CODE, export: true },
  { ...CITY, export: true },
  { name: 'mealConcept', value: text(), csv: true, description: 'Name of the meal concept or menu plan the kitchen follows, if any.', example: 'Diet for a Green Planet', export: true },
]);
