/**
 * Organizations: municipality administrations, producer companies, wholesalers, partners. No partner
 * sends them as such: they are registered by their org number from other records, and a producer's
 * record may set its organization's size class. The table gives
 * the change feed's form of an organization and its export; a sole trader is a natural person, whose
 * name, number and home municipality are withheld.
 */
import { ENUMS } from './enums.js';
import { boolean, oneOf, record, text } from './fields.js';
import { COUNTRY_CODE, MUNICIPALITY_CODE, ORG_NUMBER } from './shared.js';
import { publicForm } from '../privacy/public-forms.js';

const unlessPerson = (column: string) => publicForm('unless-natural-person', column);

export const ORGANIZATION = record('Organization', 'An organization.', [
  { name: 'name', value: text(), description: 'Name (withheld for natural persons).', export: unlessPerson('name'), privacy: 'natural-person' },
  { name: 'kind', value: oneOf(ENUMS.OrganizationKind), description: 'Kind of body.', export: true },
  {
    name: 'orgNumber',
    value: ORG_NUMBER,
    description: 'Organization number in ISO 6523 form (withheld for natural persons).',
    export: unlessPerson('org_number'),
    privacy: 'natural-person',
  },
  { name: 'naturalPerson', value: boolean, description: 'A sole trader.', export: true },
  { name: 'countryCode', value: COUNTRY_CODE, description: 'Country of registration.', export: true },
  {
    name: 'municipalityCode',
    value: MUNICIPALITY_CODE,
    description: 'Home municipality (withheld for natural persons).',
    export: unlessPerson('municipality_code'),
    privacy: 'natural-person',
  },
  { name: 'website', value: text(), description: 'Website.', export: true },
  {
    name: 'sizeClass',
    value: oneOf(ENUMS.OrganizationSizeClass),
    description: 'EU SME size class (Commission Recommendation 2003/361/EC), when known; not personal data.',
    export: true,
  },
]);
