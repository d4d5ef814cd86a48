import type * as E from '../generated/prisma/enums.js';
import { parseDecimal } from './csv.js';

/** The columns of each importable kind, as DESIGN.md names them; `required` ones must be present. */
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

/** Checks the header row: every problem named, with a suggestion for a misspelt column. */
export function checkHeader(kind: ImportKind, header: string[]): { index: Map<string, number>; problems: HeaderProblem[] } {
  const spec = KIND_COLUMNS[kind];
  const known: readonly string[] = [...spec.required, ...spec.optional];
  const index = new Map<string, number>();
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
    if (['true', 'yes', 'ja', 'j', 'y', '1', 'x'].includes(t)) return true;
    if (['false', 'no', 'nei', 'nej', 'n', '0'].includes(t)) return false;
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
  replacesExternalId: 'replaces_external_id',
};
