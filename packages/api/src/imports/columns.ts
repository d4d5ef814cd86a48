import type * as E from '../generated/prisma/enums.js';
import { parseDecimal } from './csv.js';
import { PLACE_FIELDS } from '../sync/fields.js';

/** The columns of each importable kind, as docs/import-formats.md documents them; `required` ones must be present. */
export const KIND_COLUMNS = {
  deliveries: {
    required: ['external_id', 'category', 'period_start', 'period_end'],
    optional: [
      'kitchen_external_id',
      'producer_external_id',
      'supplier_name',
      'quantity',
      'unit',
      'value',
      'currency',
      'organic',
      'certifications',
      'origin_country',
      'agreement_reference',
      'supplier_org_number',
      'origin_basis',
      'gtin',
      'article_code',
      'replaces_external_id',
      'municipality_code',
      'buyer_org_number',
      'organic_basis',
    ],
  },
  producers: {
    required: ['external_id', 'name', 'kind'],
    optional: [
      'org_number',
      'municipality_code',
      'latitude',
      'longitude',
      'street',
      'postal_code',
      'city',
      'categories',
      'certifications',
      'channels',
      'tender_ready',
      'delivery_radius_km',
      'website',
      'description_nb',
      'description_sv',
      'description_en',
      'country_code',
      'natural_person',
    ],
  },
  kitchens: {
    required: ['external_id', 'name', 'kind', 'municipality_code', 'production_type'],
    optional: ['central_kitchen_external_id', 'meals_per_day', 'serving_days_per_year', 'latitude', 'longitude', 'meal_concept'],
  },
} as const;
export type ImportKind = keyof typeof KIND_COLUMNS;
export const IMPORT_KINDS = Object.keys(KIND_COLUMNS) as ImportKind[];

export interface HeaderProblem {
  column: string | null;
  message: string;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length]![b.length]!;
}

/** Where each column of a file is, by name; knows the kind's required columns, whose cells may not be empty. */
export class ColumnIndex extends Map<string, number> {
  constructor(readonly required: readonly string[]) {
    super();
  }
}

/** Checks the header row: every problem named, with a suggestion for a misspelt column. */
export function checkHeader(kind: ImportKind, header: string[]): { index: ColumnIndex; problems: HeaderProblem[] } {
  const spec = KIND_COLUMNS[kind];
  const known: readonly string[] = [...spec.required, ...spec.optional];
  const index = new ColumnIndex(spec.required);
  const problems: HeaderProblem[] = [];
  const names = header.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const unknown: { name: string; raw: string }[] = [];
  names.forEach((name, i) => {
    if (name === '') problems.push({ column: null, message: `Column ${i + 1} has no name.` });
    else if (index.has(name)) problems.push({ column: name, message: `Column "${name}" appears twice (columns ${index.get(name)! + 1} and ${i + 1}).` });
    else if (known.includes(name)) index.set(name, i);
    else unknown.push({ name, raw: header[i]! });
  });
  const missing = spec.required.filter((c) => !index.has(c));
  for (const u of unknown) {
    const candidates = known.filter((c) => !index.has(c)).map((c) => ({ c, d: distance(u.name, c) }));
    const best = candidates.sort((a, b) => a.d - b.d)[0];
    problems.push({
      column: u.raw,
      message:
        best && best.d <= Math.max(2, Math.floor(best.c.length / 4))
          ? `Unknown column "${u.raw}"; did you mean "${best.c}"?`
          : `Unknown column "${u.raw}"; the ${kind} columns are ${known.join(', ')}.`,
    });
  }
  for (const m of missing) {
    if (!problems.some((p) => p.message.includes(`did you mean "${m}"`))) problems.push({ column: m, message: `Required column "${m}" is missing.` });
  }
  return { index, problems };
}

export interface CellProblem {
  column: string;
  value: string;
  message: string;
}

const NUL_IN_CELL = 'The cell holds a null byte (U+0000), which text cannot contain; remove it.';

/** Reads typed cells of one record, collecting problems instead of stopping at the first. */
export class RowReader {
  problems: CellProblem[] = [];
  constructor(
    private readonly index: Map<string, number>,
    private fields: string[],
  ) {}

  reset(fields: string[]) {
    this.fields = fields;
    this.problems = [];
    // A required column's cell must hold a value: an empty kind is not read as "other".
    if (this.index instanceof ColumnIndex) {
      for (const column of this.index.required) {
        if (this.text(column) === null && !this.problems.some((p) => p.column === column)) this.bad(column, '', `${column} is empty.`);
      }
    }
  }

  text(column: string): string | null {
    const i = this.index.get(column);
    if (i === undefined) return null;
    const v = this.fields[i];
    if (v === undefined) return null;
    const t = v.trim();
    if (t.includes('\0')) {
      // PostgreSQL text cannot hold NUL: a bad cell of this row, not a failed import.
      if (!this.problems.some((p) => p.column === column && p.message === NUL_IN_CELL)) this.bad(column, t.replace(/\0/g, '\\0'), NUL_IN_CELL);
      return null;
    }
    return t === '' ? null : t;
  }

  bad(column: string, value: string, message: string) {
    if (this.problems.some((p) => p.column === column && p.value === value && p.message === message)) return;
    this.problems.push({ column, value, message });
  }

  number(column: string): number | null {
    const t = this.text(column);
    if (t === null) return null;
    const n = parseDecimal(t);
    if (Number.isNaN(n)) this.bad(column, t, `"${t}" is not a number (write 1234.5 or 1 234,5).`);
    return Number.isNaN(n) ? null : n;
  }

  date(column: string): Date | null {
    const t = this.text(column);
    if (t === null) return null;
    let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    let iso = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
    if (!iso) {
      m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t); // 31.01.2025, as Norwegian spreadsheets write it
      if (m) iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    }
    const d = iso ? new Date(`${iso}T00:00:00Z`) : null;
    if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
      this.bad(column, t, `"${t}" is not a date; write YYYY-MM-DD (e.g. 2025-01-31).`);
      return null;
    }
    return d;
  }

  boolean(column: string): boolean | null {
    const t = this.text(column)?.toLowerCase() ?? null;
    if (t === null) return null;
    if (TRUE_VALUES.includes(t)) return true;
    if (FALSE_VALUES.includes(t)) return false;
    this.bad(column, t, `"${t}" is not true or false.`);
    return null;
  }

  enumValue<T extends string>(column: string, values: readonly T[]): T | null {
    const t = this.text(column);
    if (t === null) return null;
    const v = t.toUpperCase().replace(/[\s-]+/g, '_') as T;
    if (values.includes(v)) return v;
    this.bad(column, t, `"${t}" is not one of ${values.map((x) => x.toLowerCase()).join(', ')}.`);
    return null;
  }

  enumList<T extends string>(column: string, values: readonly T[]): T[] {
    const t = this.text(column);
    if (t === null) return [];
    const out: T[] = [];
    for (const part of t.split(/[;|]/).map((p) => p.trim()).filter(Boolean)) {
      const scheme = part.split(':')[0]!;
      const v = scheme.toUpperCase().replace(/[\s-]+/g, '_') as T;
      if (values.includes(v)) out.push(v);
      else this.bad(column, part, `"${scheme}" is not one of ${values.map((x) => x.toLowerCase()).join(', ')}.`);
    }
    return out;
  }
}

/** Cells read as true and as false (in any case). */
export const TRUE_VALUES: readonly string[] = ['true', 'yes', 'ja', 'j', 'y', '1', 'x'];
export const FALSE_VALUES: readonly string[] = ['false', 'no', 'nei', 'nej', 'n', '0'];
export const UNITS: readonly E.Unit[] = ['KG', 'G', 'TONNE', 'L', 'DL', 'ML', 'PIECE', 'DOZEN'];
export const CURRENCIES: readonly E.Currency[] = ['NOK', 'SEK', 'EUR', 'DKK', 'PLN'];
export const SCHEMES: readonly E.CertificationScheme[] = ['EU_ORGANIC', 'KRAV', 'DEBIO', 'OE_MAERKET', 'LUOMU', 'NYT_NORGE', 'SVENSKT_SIGILL', 'MSC', 'ASC', 'OTHER'];
export const ORIGIN_BASES: readonly E.OriginBasis[] = ['DIRECT', 'ARTICLE_DATA', 'DECLARED', 'UNKNOWN'];
export const ORGANIC_BASES: readonly E.OrganicBasis[] = ['CERTIFIED_PRODUCT', 'ARTICLE_DATA', 'SUPPLIER_DECLARATION', 'NONE'];
export const PRODUCER_KINDS: readonly E.ProducerKind[] = ['FARM', 'FISHERY', 'PROCESSOR', 'BAKERY', 'DAIRY', 'COOPERATIVE', 'OTHER'];
export const CHANNELS: readonly E.SalesChannel[] = ['PUBLIC_PROCUREMENT', 'FOOD_SERVICE', 'RETAIL', 'DIRECT', 'WHOLESALE'];
export const KITCHEN_KINDS: readonly E.KitchenKind[] = ['SCHOOL', 'PRESCHOOL', 'AFTER_SCHOOL', 'ELDERLY_CARE', 'HOSPITAL', 'DAY_CENTRE', 'STAFF_CANTEEN', 'RESTAURANT', 'OTHER'];
export const PRODUCTION_TYPES: readonly E.ProductionType[] = ['COOKING', 'CENTRAL', 'RECEIVING'];

/** The CSV column of each delivery input field, for reporting problems by column. */
export const DELIVERY_FIELD_COLUMN: Record<string, string> = {
  externalId: 'external_id',
  kitchenExternalId: 'kitchen_external_id',
  buyerOrgNumber: 'buyer_org_number',
  municipalityCode: 'municipality_code',
  producerExternalId: 'producer_external_id',
  supplierName: 'supplier_name',
  supplierOrgNumber: 'supplier_org_number',
  originBasis: 'origin_basis',
  category: 'category',
  periodStart: 'period_start',
  periodEnd: 'period_end',
  period: 'period_end',
  quantity: 'quantity',
  unit: 'unit',
  value: 'value',
  currency: 'currency',
  organic: 'organic',
  organicBasis: 'organic_basis',
  certifications: 'certifications',
  originCountry: 'origin_country',
  agreementReference: 'agreement_reference',
  gtin: 'gtin',
  articleCode: 'article_code',
  replacesExternalId: 'replaces_external_id',
};

// ─── What each column holds ─────────────────────────────────────────────────────
// The published Table Schemas (`/schemas/<kind>.json`) and docs/import-formats.md are generated from
// these definitions together with KIND_COLUMNS; the type below makes every accepted column need one.

/** How a column's cells read, as a Frictionless Table Schema field type. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface ColumnDefinition {
  type: ColumnType;
  description: string;
  /** A value as it would appear in a file. */
  example: string;
  /** The codes a cell may hold (the enum names the import compares with; files write them in lower case). */
  codes?: readonly string[];
  /** Several values in one cell, separated by `;`; `codes` then applies to each value. */
  list?: boolean;
  /** Each value of the list may be followed by `:` and a number (certifications as `SCHEME:number`). */
  numbered?: boolean;
  /** A whole-value regular expression (XML Schema style, so without `^` and `$`) in the canonical form. */
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

type ColumnOf<K extends ImportKind> = (typeof KIND_COLUMNS)[K]['required' | 'optional'][number];

const place = (csv: string, more = ''): Pick<ColumnDefinition, 'description'> => ({
  description: `${PLACE_FIELDS.find((f) => f.csv === csv)!.description}${more}`,
});
const latitude: ColumnDefinition = { type: 'number', ...place('latitude', ' WGS 84, decimal degrees; give both latitude and longitude, or neither.'), example: '59.4172', minimum: -90, maximum: 90 };
const longitude: ColumnDefinition = { type: 'number', ...place('longitude', ' WGS 84, decimal degrees; give both latitude and longitude, or neither.'), example: '10.4826', minimum: -180, maximum: 180 };
const ORG_NUMBER = '\\d{4}:[0-9A-Za-z\\-]+';
const MUNICIPALITY_CODE = '[A-Z]{2}-\\d{4}';
const COUNTRY_CODE = '[A-Z]{2}';

export const COLUMN_DEFINITIONS: { readonly [K in ImportKind]: { readonly [C in ColumnOf<K>]: ColumnDefinition } } = {
  producers: {
    external_id: { type: 'string', description: 'The producer’s ID in your own system: stable, unique within the source. Importing the same ID again updates the producer.', example: 'p-hagen' },
    name: { type: 'string', description: 'Name of the farm, fishery or business.', example: 'Hagen gård' },
    kind: { type: 'string', description: 'What kind of producer it is.', example: 'farm', codes: PRODUCER_KINDS },
    org_number: {
      type: 'string',
      description: 'Organization number with its ISO 6523 scheme: "0192:" (Norway) or "0007:" (Sweden) and the number. An unknown number registers the organization.',
      example: '0192:912345678',
      pattern: ORG_NUMBER,
    },
    natural_person: {
      type: 'boolean',
      description: 'The producer is a sole trader (a natural person): its exact location, street, name and number are never published. A personal identity number as org_number implies it.',
      example: 'false',
    },
    country_code: { type: 'string', description: 'ISO 3166-1 alpha-2 country code; may be left empty when municipality_code is given (it follows from it).', example: 'NO', pattern: COUNTRY_CODE },
    municipality_code: {
      type: 'string',
      description: 'Municipality the producer is in: country code and municipality number. A 2020 Norwegian code that was renumbered is mapped to its new code and noted.',
      example: 'NO-3901',
      pattern: MUNICIPALITY_CODE,
    },
    latitude,
    longitude,
    street: { type: 'string', ...place('street', ' As in the postal address.'), example: 'Hagaveien 12' },
    postal_code: { type: 'string', ...place('postal_code', ' As in the postal address.'), example: '3185' },
    city: { type: 'string', ...place('city', ' As in the postal address.'), example: 'Skoppum' },
    categories: {
      type: 'string',
      description: 'Product category codes of what the producer offers (see `/export/categories.csv` or the `categories` query).',
      example: 'vegetables.root.potatoes;fruit.apples',
      list: true,
    },
    certifications: {
      type: 'string',
      description: 'Certifications held, each as SCHEME or SCHEME:certificate number. Products count as organic only under an EU-organic scheme (eu_organic, debio, krav, …).',
      example: 'debio:NO-ØKO-01-12345',
      codes: SCHEMES,
      list: true,
      numbered: true,
    },
    channels: { type: 'string', description: 'Sales channels the producer sells through.', example: 'public_procurement;direct', codes: CHANNELS, list: true },
    tender_ready: { type: 'boolean', description: 'The producer is ready to take part in public tenders.', example: 'true' },
    delivery_radius_km: { type: 'number', description: 'How far the producer delivers, in kilometres.', example: '40', minimum: 0 },
    website: { type: 'string', description: 'Address of the producer’s website.', example: 'https://hagen-gard.example' },
    description_nb: { type: 'string', description: 'Description in Norwegian (bokmål).', example: 'Poteter og epler fra Skoppum.' },
    description_sv: { type: 'string', description: 'Description in Swedish.', example: 'Potatis och äpplen från Skoppum.' },
    description_en: { type: 'string', description: 'Description in English.', example: 'Potatoes and apples from Skoppum.' },
  },
  kitchens: {
    external_id: { type: 'string', description: 'The kitchen’s ID in your own system: stable, unique within the source. Importing the same ID again updates the kitchen.', example: 'k-sentral' },
    name: { type: 'string', description: 'Name of the kitchen (or of the school, care home, … it serves).', example: 'Horten sentralkjøkken' },
    kind: { type: 'string', description: 'What kind of place the kitchen serves.', example: 'school', codes: KITCHEN_KINDS },
    municipality_code: {
      type: 'string',
      description: 'Municipality the kitchen is in: country code and municipality number. A 2020 Norwegian code that was renumbered is mapped to its new code and noted.',
      example: 'NO-3901',
      pattern: MUNICIPALITY_CODE,
    },
    production_type: {
      type: 'string',
      description: 'cooking: cooks its own meals; central: cooks for other kitchens; receiving: serves meals cooked in a central kitchen.',
      example: 'central',
      codes: PRODUCTION_TYPES,
    },
    central_kitchen_external_id: {
      type: 'string',
      description: 'For a receiving kitchen only: the external_id of the central kitchen that cooks its meals, in the same source (earlier in the file or imported before).',
      example: 'k-sentral',
    },
    meals_per_day: { type: 'integer', description: 'Meals served on a serving day.', example: '900', minimum: 0 },
    serving_days_per_year: { type: 'integer', description: 'Days a year meals are served.', example: '190', minimum: 0, maximum: 366 },
    latitude,
    longitude,
    meal_concept: { type: 'string', description: 'Name of the meal concept or menu plan the kitchen follows, if any.', example: 'Diet for a Green Planet' },
  },
  deliveries: {
    external_id: {
      type: 'string',
      description: 'The delivery line’s ID in your own system (an invoice or order line): stable, unique within the source. Importing the same ID again updates the line.',
      example: 'd-2025-01-1',
    },
    kitchen_external_id: {
      type: 'string',
      description: 'The kitchen that bought, by its external_id in the same source (import kitchens first). Either this or municipality_code is needed.',
      example: 'k-sentral',
    },
    buyer_org_number: {
      type: 'string',
      description: 'When no kitchen is named: org number (ISO 6523) of the organization that bought, already known to Food Commons.',
      example: '0192:964982953',
      pattern: ORG_NUMBER,
    },
    municipality_code: {
      type: 'string',
      description: 'The municipality that bought, when no kitchen is named (with a kitchen, it must be the kitchen’s municipality).',
      example: 'NO-3901',
      pattern: MUNICIPALITY_CODE,
    },
    producer_external_id: {
      type: 'string',
      description: 'The producer the food comes from (its origin), by its external_id in the same source (import producers first). Whether food is local is judged by this producer, never by the supplier.',
      example: 'p-hagen',
    },
    supplier_name: {
      type: 'string',
      description: 'Who delivered, when that is not the producer itself (a wholesaler, a food hub).',
      example: 'Grønt & Frukt AS',
    },
    supplier_org_number: { type: 'string', description: 'Org number (ISO 6523) of who delivered, when that is not the producer itself.', example: '0192:987654321', pattern: ORG_NUMBER },
    origin_basis: {
      type: 'string',
      description:
        'How the origin is known: direct (the producer delivered itself), article_data (from the supplier’s article data), declared (the supplier says so), unknown. Left empty: direct when a producer and no supplier is given, declared with both, unknown without a producer.',
      example: 'declared',
      codes: ORIGIN_BASES,
    },
    category: { type: 'string', description: 'Product category code (see `/export/categories.csv` or the `categories` query).', example: 'vegetables.root.potatoes' },
    period_start: { type: 'date', description: 'First day of the period the line covers (a delivery date, or the first day of a month).', example: '2025-01-01' },
    period_end: { type: 'date', description: 'Last day of the period the line covers; not before period_start.', example: '2025-01-31' },
    quantity: { type: 'number', description: 'Amount delivered, in unit. Give quantity (with unit), value (with currency), or both.', example: '1250.5' },
    unit: { type: 'string', description: 'Unit of quantity.', example: 'kg', codes: UNITS },
    value: { type: 'number', description: 'What the line cost, excluding VAT, in currency.', example: '18757.50' },
    currency: { type: 'string', description: 'Currency of value (ISO 4217).', example: 'nok', codes: CURRENCIES },
    organic: {
      type: 'boolean',
      description: 'The food is organic (certified under EU organic rules). Left empty: true when the line carries an organic certification.',
      example: 'true',
    },
    organic_basis: {
      type: 'string',
      description: 'How organic is known: certified_product, article_data, supplier_declaration; none for a line that is not organic.',
      example: 'certified_product',
      codes: ORGANIC_BASES,
    },
    certifications: {
      type: 'string',
      description: 'Certification labels the food carries. Other labels than EU-organic ones (eu_organic, debio, krav, …) never make a line organic.',
      example: 'debio',
      codes: SCHEMES,
      list: true,
      numbered: true,
    },
    origin_country: {
      type: 'string',
      description: 'ISO 3166-1 alpha-2 country the food comes from; left empty, the producer’s country. With a producer it must be the producer’s country (a different one is refused); without a producer it stands as given.',
      example: 'NO',
      pattern: COUNTRY_CODE,
    },
    agreement_reference: {
      type: 'string',
      description: 'The purchase agreement the line was bought under: its notice reference or external_id, already known to Food Commons.',
      example: '2024-312456',
    },
    gtin: { type: 'string', description: 'GTIN (EAN) of the article: 8, 12, 13 or 14 digits with a correct check digit.', example: '7038010009457', pattern: '\\d{8}|\\d{12,14}' },
    article_code: {
      type: 'string',
      description:
        'The supplier’s own article number. Without a GTIN, two lines are the same article (and may not overlap in period) only when category, producer, supplier, organic status, certifications, unit and article_code all match.',
      example: '10234',
    },
    replaces_external_id: {
      type: 'string',
      description: 'The external_id of a line of the same source that this line corrects: that line is deleted, and the two may cover the same period.',
      example: 'd-2024-12-7',
    },
  },
};
