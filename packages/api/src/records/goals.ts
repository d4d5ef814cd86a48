/** Strategy goals, and observed values of indicators. */
import { ENUMS } from './enums.js';
import { date, integer, localized, number, oneOf, record, ref, text } from './fields.js';
import { COUNTRY_CODE, MUNICIPALITY_CODE } from './shared.js';

/** The indicator a goal or an observation is about, by its key; exported from the joined indicator `i`. */
const indicatorKey = (description: string) =>
  ({ name: 'indicatorKey', value: text(), required: true, custom: true, description, export: { sql: 'i.key' } }) as const;

export const GOAL = record('Goal', 'A strategy goal, keyed by your externalId within your source.', [
  { name: 'externalId', value: text(), required: true, custom: true, description: 'Your ID of the goal.' },
  { name: 'ownerKind', value: oneOf(ENUMS.GoalOwnerKind), required: true, description: 'Whose goal it is.', export: true },
  { name: 'countryCode', value: COUNTRY_CODE, custom: true, description: 'Country (for national goals).', export: true },
  { name: 'regionCode', value: text(), custom: true, description: 'Region (for regional goals).', export: true },
  { name: 'municipalityCode', value: MUNICIPALITY_CODE, custom: true, description: 'Municipality (for municipal goals).', export: true },
  { name: 'titles', stored: 'title', column: 'title', value: localized('Title'), required: true, description: 'Titles by language code.', export: true },
  { name: 'scopes', stored: 'scope', column: 'scope', value: localized('Scope'), description: 'Scope descriptions by language code.' },
  indicatorKey('Key of the indicator, e.g. "organic_share_value".'),
  { name: 'baselineValue', value: number(), description: 'Baseline value.', export: true },
  { name: 'baselineYear', value: integer(), description: 'Baseline year.', export: true },
  { name: 'targetValue', value: number(), required: true, description: 'Target value.', export: true },
  { name: 'targetYear', value: integer(), required: true, description: 'Target year.', export: true },
  { name: 'direction', value: oneOf(ENUMS.GoalDirection), required: true, description: '{INCREASE} or {DECREASE}.', export: true },
  { name: 'documentTitle', value: text(), description: 'Title of the adopting document.', export: true },
  { name: 'documentUrl', value: text(), description: 'Link to it.', export: true },
  { name: 'adoptedAt', value: date, description: 'When it was adopted.', export: true },
]);

export const OBSERVATION = record('Observation', 'An observed statistic, keyed by your externalId within your source.', [
  { name: 'externalId', value: text(), required: true, custom: true, description: 'Your ID of the observation.' },
  indicatorKey('Key of the indicator.'),
  { name: 'countryCode', value: COUNTRY_CODE, custom: true, description: 'Country observed.', export: true },
  { name: 'regionCode', value: text(), custom: true, description: 'Region observed.', export: true },
  { name: 'municipalityCode', value: MUNICIPALITY_CODE, custom: true, description: 'Municipality observed.', export: true },
  {
    name: 'kitchenExternalId',
    value: ref('kitchen'),
    description: 'Your externalId of the kitchen observed.',
    export: { name: 'kitchen_id', ref: 'Kitchen', sql: 't.kitchen_id', description: 'Kitchen observed.' },
  },
  { name: 'date', value: date, required: true, description: 'Start of the observed period.', export: true },
  { name: 'periodType', value: oneOf(ENUMS.PeriodType), required: true, description: '{YEAR} or {MONTH}.', export: true },
  { name: 'value', value: number(), required: true, description: 'The value, in the indicator’s unit.', export: true },
  { name: 'method', value: text(), description: 'How it was measured.', export: true },
]);
