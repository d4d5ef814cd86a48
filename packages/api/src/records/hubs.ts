/** Distribution hubs: food hubs, cooperative warehouses, day centres that deliver. */
import { ENUMS } from './enums.js';
import { listOf, oneOf, record, text } from './fields.js';
import { CITY, LAT, LON, MUNICIPALITY_CODE, ORG_NUMBER, POSTAL_CODE, STREET } from './shared.js';

export const HUB = record('Hub', 'A distribution hub, keyed by your externalId within your source.', [
  { name: 'externalId', value: text(), required: true, custom: true, description: 'Your ID of the hub.' },
  { name: 'name', value: text(), required: true, description: 'Name.', export: true },
  { name: 'kind', value: oneOf(ENUMS.HubKind), required: true, description: 'What kind of hub.', export: true },
  {
    name: 'operatorOrgNumber',
    value: ORG_NUMBER,
    custom: true,
    description: "Operator's org number (ISO 6523).",
    export: { name: 'operator_id', ref: 'Organization', sql: 't.operator_id', description: 'Operating organization.' },
    privacy: 'natural-person',
  },
  { name: 'operatorName', value: text(), custom: true, description: "Operator's name, used when the organization is new.", privacy: 'natural-person' },
  { name: 'municipalityCode', value: MUNICIPALITY_CODE, custom: true, description: 'Municipality it is in.', export: true },
  { ...LAT, export: true },
  { ...LON, export: true },
  STREET,
  POSTAL_CODE,
  CITY,
  { name: 'deliveryDays', value: listOf(oneOf(ENUMS.Weekday)), description: 'Days it delivers.', export: true },
  {
    name: 'servedMunicipalityCodes',
    value: listOf(MUNICIPALITY_CODE),
    custom: true,
    description: 'Municipalities it delivers to.',
    export: { name: 'served_municipalities', sql: 'ARRAY(SELECT hm.municipality_code FROM hub_municipality hm WHERE hm.hub_id = t.id ORDER BY 1)' },
  },
]);
