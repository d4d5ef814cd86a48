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
  {
    name: 'externalId',
    value: text(),
    required: true,
    custom: true,
    csv: true,
    description: 'Your ID of the observation: stable, unique within the source.',
    hint: 'Importing the same ID again revises the observation.',
    example: 'kolada:U07409:0181:2024',
  },
  { ...indicatorKey('Key of the indicator (the `indicators` query lists them).'), csv: true, example: 'kolada_u07409' },
  { name: 'countryCode', value: COUNTRY_CODE, custom: true, csv: true, description: 'Country observed (ISO 3166-1 alpha-2).', example: 'SE', export: true },
  { name: 'regionCode', value: text(), custom: true, csv: true, description: 'Region observed (`SE-01`, `NO-39`).', example: 'SE-01', export: true },
  { name: 'municipalityCode', value: MUNICIPALITY_CODE, custom: true, csv: true, description: 'Municipality observed.', example: 'SE-0181', export: true },
  {
    name: 'kitchenExternalId',
    value: ref('kitchen'),
    csv: true,
    description: 'Your externalId of the kitchen observed (import kitchens first).',
    example: 'k-sentral',
    export: { name: 'kitchen_id', ref: 'Kitchen', sql: 't.kitchen_id', description: 'Kitchen observed.' },
  },
  {
    name: 'date',
    value: date,
    required: true,
    csv: true,
    description: 'Start of the observed period (a year is its 1 January).',
    example: '2024-01-01',
    export: true,
  },
  { name: 'periodType', value: oneOf(ENUMS.PeriodType), required: true, csv: true, description: '{YEAR} or {MONTH}.', example: 'year', export: true },
  {
    name: 'value',
    value: number(),
    required: true,
    csv: true,
    description: 'The value, in the indicator’s unit (percent: 0–100).',
    example: '42.5',
    export: true,
  },
  { name: 'method', value: text(), csv: true, description: 'How it was measured.', example: 'Kolada U07409 (KKiK)', export: true },
  {
    name: 'status',
    value: oneOf(ENUMS.ObservationStatus),
    csv: true,
    description:
      'How final the figure is: {PROVISIONAL}, {OFFICIAL} or {ESTIMATED}; empty when the publisher does not say. A revised value or status keeps the earlier one in the observation’s revisions.',
    example: 'official',
    export: true,
  },
]);
