/**
 * Fields that several kinds of record share, described once: their name in the API's input, their
 * column in the database and in CSV files (imports and open-data exports alike), their type and
 * description. Upserts, CSV imports and the export read them from here.
 */

type Maybe<T> = T | null | undefined;

/** Where a record is: a point and a postal address. */
export interface PlaceInput {
  lat?: Maybe<number>;
  lon?: Maybe<number>;
  street?: Maybe<string>;
  postalCode?: Maybe<string>;
  city?: Maybe<string>;
}

export interface SharedField {
  /** Name in the API's input (and in Prisma). */
  field: keyof PlaceInput;
  /** Column in the database table. */
  column: string;
  /** Column in CSV imports and exports. */
  csv: string;
  type: 'number' | 'string';
  description: string;
}

export const PLACE_FIELDS: readonly SharedField[] = [
  { field: 'lat', column: 'lat', csv: 'latitude', type: 'number', description: 'Latitude.' },
  { field: 'lon', column: 'lon', csv: 'longitude', type: 'number', description: 'Longitude.' },
  { field: 'street', column: 'street', csv: 'street', type: 'string', description: 'Street address.' },
  { field: 'postalCode', column: 'postal_code', csv: 'postal_code', type: 'string', description: 'Postcode.' },
  { field: 'city', column: 'city', csv: 'city', type: 'string', description: 'Post town.' },
];

const text = (v: Maybe<string>) => (v == null || v.trim() === '' ? null : v.trim());

/** The place fields of an input as stored: numbers as given, texts trimmed, empty ones null. */
export function placeData(item: PlaceInput) {
  return { lat: item.lat ?? null, lon: item.lon ?? null, street: text(item.street), postalCode: text(item.postalCode), city: text(item.city) };
}

/** CSV column of each shared input field, for naming a problem's column. */
export const SHARED_FIELD_CSV: Record<string, string> = Object.fromEntries(PLACE_FIELDS.map((f) => [f.field, f.csv]));
