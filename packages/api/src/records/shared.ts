/** Fields and value types that several record kinds share. */
import { field, number, text } from './fields.js';

/** An organization number with its ISO 6523 scheme, e.g. "0192:912345678"; each scheme's own rules are in org-numbers.ts. */
export const ORG_NUMBER = text({ pattern: '\\d{4}:[0-9A-Za-z\\-]+' });
/** A municipality code: country code and municipality number, e.g. "NO-3901", "FI-091", "DE-11000". */
export const MUNICIPALITY_CODE = text({ pattern: '[A-Z]{2}-\\d{2,5}' });
/** An ISO 3166-1 alpha-2 country code. */
export const COUNTRY_CODE = text({ pattern: '[A-Z]{2}' });

// Where a record is: a point and a postal address. A kind takes these and says whether each is read
// from CSV files and how it is exported.
const COORDINATES = 'WGS 84, decimal degrees; give both {lat} and {lon}, or neither.';
export const LAT = field({
  name: 'lat',
  column: 'latitude',
  value: number({ minimum: -90, maximum: 90 }),
  description: 'Latitude.',
  hint: COORDINATES,
  example: '59.4172',
});
export const LON = field({
  name: 'lon',
  column: 'longitude',
  value: number({ minimum: -180, maximum: 180 }),
  description: 'Longitude.',
  hint: COORDINATES,
  example: '10.4826',
});
const POSTAL = 'As in the postal address.';
export const STREET = field({ name: 'street', value: text(), description: 'Street address.', hint: POSTAL, example: 'Hagaveien 12' });
export const POSTAL_CODE = field({ name: 'postalCode', value: text(), description: 'Postcode.', hint: POSTAL, example: '3185' });
export const CITY = field({ name: 'city', value: text(), description: 'Post town.', hint: POSTAL, example: 'Skoppum' });

/** The place fields, by name: the upsert rules that concern them together (both coordinates or neither) name them. */
export const PLACE = [LAT, LON, STREET, POSTAL_CODE, CITY] as const;
