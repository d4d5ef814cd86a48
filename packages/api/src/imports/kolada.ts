import { ErrorCode, UserError } from '../errors.js';

/**
 * Sweden's municipal statistics on organic food from Kolada (https://www.kolada.se): KPI U07409,
 * "Ekologiska livsmedel i kommunens verksamhet, andel (%)" (part of KKiK): SEK spent on organic food
 * ÷ SEK spent on food in the municipality's own activities, first half of the year, from the
 * municipality's own survey. Free to reuse with the attribution "Källa: Kolada".
 *
 * Kolada's v3 API answers `GET /v3/data/kpi/U07409/year/<years>` with
 * `{ "values": [ { "kpi", "municipality", "period", "values": [ { "gender", "value", "count", "status" } ] } ], "count", "next_page" }`:
 * `municipality` is the four-digit kommunkod (`0000` the whole country, `0001`–`0025` the regions),
 * `period` the year and `gender: "T"` the total.
 */
export const KOLADA_KPI = 'U07409';
/** The indicator Kolada's U07409 figures are observations of (reference data). */
export const KOLADA_INDICATOR = 'kolada_u07409';
const METHOD =
  'Kolada U07409 (KKiK): SEK spent on organic food ÷ SEK spent on food in the municipality’s own activities, first half of the year, from the municipality’s own survey';

/** One row of the observations CSV import (docs/import-formats.md#observations). */
export interface KoladaObservation {
  external_id: string;
  indicator_key: string;
  country_code: string;
  region_code: string;
  municipality_code: string;
  date: string;
  period_type: 'year';
  value: string;
  method: string;
  status: 'provisional' | 'official' | 'estimated';
}

export interface KoladaReading {
  observations: KoladaObservation[];
  /** Cells left out, and why (no total, no value). */
  skipped: { municipality: string; period: number; reason: string }[];
  /** The next page Kolada names, if any. */
  nextPage: string | null;
}

const bad = (where: string, message: string) => new UserError(ErrorCode.BAD_USER_INPUT, `${where}: ${message}`, { field: 'file' });

/** Kolada's status word as the observation's status: figures are official unless Kolada says otherwise. */
function statusOf(status: unknown): KoladaObservation['status'] {
  const text = typeof status === 'string' ? status.toLowerCase() : '';
  if (/prel|provis/.test(text)) return 'provisional';
  if (/estim|skatt|modell/.test(text)) return 'estimated';
  return 'official';
}

/** The observations of one saved Kolada v3 response (`where` names it in messages). */
export function readKolada(document: unknown, where: string): KoladaReading {
  if (!document || typeof document !== 'object' || !Array.isArray((document as { values?: unknown }).values))
    throw bad(where, 'not a Kolada v3 data response: it has no "values" list (save the answer of GET /v3/data/kpi/U07409/year/<years>).');
  const { values, next_page: nextPage } = document as { values: unknown[]; next_page?: unknown };
  const observations: KoladaObservation[] = [];
  const skipped: KoladaReading['skipped'] = [];
  values.forEach((entry, i) => {
    const at = `${where}, values[${i}]`;
    if (!entry || typeof entry !== 'object') throw bad(at, 'not an object.');
    const { kpi, municipality, period, values: cells } = entry as Record<string, unknown>;
    if (kpi !== KOLADA_KPI)
      throw bad(at, `KPI "${String(kpi)}" is not ${KOLADA_KPI}; only ${KOLADA_KPI} (organic food in the municipality's activities) is imported.`);
    if (typeof municipality !== 'string' || !/^\d{4}$/.test(municipality))
      throw bad(at, `municipality "${String(municipality)}" is not a four-digit Kolada id.`);
    if (typeof period !== 'number' || !Number.isInteger(period) || period < 1990 || period > 2100) throw bad(at, `period "${String(period)}" is not a year.`);
    if (!Array.isArray(cells)) throw bad(at, 'has no "values" list.');
    const total = cells.find((c) => c && typeof c === 'object' && (c as { gender?: unknown }).gender === 'T') as
      { value?: unknown; status?: unknown } | undefined;
    if (!total) return skipped.push({ municipality, period, reason: 'no total (gender "T")' });
    if (total.value === null || total.value === undefined || total.value === '') return skipped.push({ municipality, period, reason: 'no value' });
    const value = Number(total.value);
    if (!Number.isFinite(value) || value < 0 || value > 100) throw bad(at, `value "${String(total.value)}" is not a share between 0 and 100.`);
    // 0000 is the whole country, 0001–0025 the regions (län), the rest municipalities.
    const place =
      municipality === '0000'
        ? { country_code: 'SE', region_code: '', municipality_code: '' }
        : municipality.startsWith('00')
          ? { country_code: '', region_code: `SE-${municipality.slice(2)}`, municipality_code: '' }
          : { country_code: '', region_code: '', municipality_code: `SE-${municipality}` };
    observations.push({
      external_id: `kolada:${KOLADA_KPI}:${municipality}:${period}`,
      indicator_key: KOLADA_INDICATOR,
      ...place,
      date: `${period}-01-01`,
      period_type: 'year',
      value: String(value),
      method: METHOD,
      status: statusOf(total.status),
    });
  });
  return { observations, skipped, nextPage: typeof nextPage === 'string' && nextPage ? nextPage : null };
}

/** The observations as a CSV file of the observations import (RFC 4180, UTF-8). */
export function observationsCsv(observations: KoladaObservation[]): string {
  const columns = [
    'external_id',
    'indicator_key',
    'country_code',
    'region_code',
    'municipality_code',
    'date',
    'period_type',
    'value',
    'method',
    'status',
  ] as const;
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.join(','), ...observations.map((o) => columns.map((c) => cell(o[c])).join(','))].join('\n') + '\n';
}

/** The years of `--years`: `2019-2025` or `2019,2021`. */
export function parseYears(text: string): number[] {
  const range = /^(\d{4})-(\d{4})$/.exec(text.trim());
  const years = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : text.split(',').map((y) => Number(y.trim()));
  if (years.length === 0 || years.length > 50 || years.some((y) => !Number.isInteger(y) || y < 1990 || y > 2100))
    throw new UserError(ErrorCode.BAD_USER_INPUT, `--years "${text}" is not a year range such as 2019-2025 or a list such as 2019,2021 (at most 50 years).`, {
      field: 'years',
    });
  return years;
}

/**
 * Downloads U07409 for `years` from Kolada (`base`, default https://api.kolada.se), following
 * `next_page`; each page is read as a saved file would be. Bounded: 30 s a page, at most 100 pages.
 */
export async function fetchKolada(base: string, years: number[]): Promise<KoladaReading> {
  let url: string | null = `${base.replace(/\/+$/, '')}/v3/data/kpi/${KOLADA_KPI}/year/${years.join(',')}`;
  const all: KoladaReading = { observations: [], skipped: [], nextPage: null };
  for (let page = 1; url && page <= 100; page++) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new UserError(
        ErrorCode.BAD_USER_INPUT,
        `Kolada at ${url} did not answer (${(error as Error).cause ?? (error as Error).message}); save the response by hand and import the file instead.`,
      );
    }
    if (!response.ok) throw new UserError(ErrorCode.BAD_USER_INPUT, `Kolada at ${url} answered HTTP ${response.status}.`);
    let document: unknown;
    try {
      document = await response.json();
    } catch {
      throw new UserError(ErrorCode.BAD_USER_INPUT, `Kolada at ${url} did not answer with JSON.`);
    }
    const reading = readKolada(document, `Kolada page ${page}`);
    all.observations.push(...reading.observations);
    all.skipped.push(...reading.skipped);
    url = reading.nextPage;
  }
  return all;
}
