/**
 * Personal identity numbers of the Nordic and Baltic countries and Germany, recognised wherever they may arrive: as the
 * value of an ISO 6523 organization number (a Swedish sole trader's organisation number is their
 * personnummer), or raw. They are personal data (DESIGN "Personal data"): never published, never
 * part of a key, and never written to a log, whether or not the caller said `naturalPerson`.
 *
 * Recognised forms:
 * - Norway: fødselsnummer and D-number (day + 40), 11 digits with two mod-11 check digits; H-numbers
 *   (month + 40) and synthetic test numbers (month + 80) too. Organization numbers have 9 digits.
 * - Sweden: personnummer and samordningsnummer (day + 60), 10 or 12 digits, Luhn on the last 10.
 *   Organisation numbers have a "month" of 20 or more, so they are never taken for a person.
 * - Denmark: CPR number DDMMYY-SSSS with a valid date (the modulus-11 check was dropped in 2007).
 * - Finland: henkilötunnus DDMMYY, century sign, 3 digits and the check character.
 * - Estonia and Lithuania: isikukood and asmens kodas share one form, GYYMMDDSSSC (11 digits): G the
 *   sex and century (1–8 in Estonia, 1–6 in Lithuania), a valid date, and a two-stage mod-11 check
 *   digit (as the Estonian standard EVS 585 and the Lithuanian population register publish it). A
 *   number of this form is reported as Estonian unless it came under the Lithuanian scheme ("0200:"):
 *   it is personal either way.
 * - Germany: steuerliche Identifikationsnummer (Steuer-ID, § 139b AO), 11 digits, the first not 0;
 *   in the first ten, exactly one digit occurs twice or three times (never three times in a row) and
 *   the rest at most once; the last is an ISO/IEC 7064 MOD 11,10 check digit (Bundeszentralamt für
 *   Steuern's published rules). Its form is narrow enough (about 2 in 1,000 random 11-digit strings
 *   pass) to be recognised; Germany has no personal number besides it that a register would carry.
 */

export type IdentityCountry = 'NO' | 'SE' | 'DK' | 'FI' | 'EE' | 'LT' | 'DE';

export interface IdentityNumber {
  country: IdentityCountry;
  /** The number without separators or ISO 6523 scheme, as it would be searched for. */
  value: string;
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function validDate(day: number, month: number, year: number | null): boolean {
  if (!(month >= 1 && month <= 12 && day >= 1)) return false;
  const days = [31, year === null || isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

const digitsOf = (s: string) => [...s].map(Number);

/** Norwegian fødselsnummer, D-number, H-number or synthetic test number (11 digits). */
export function isNorwegianIdentityNumber(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const d = digitsOf(digits);
  const check = (weights: number[]) => {
    const sum = weights.reduce((s, w, i) => s + w * d[i]!, 0);
    const k = (11 - (sum % 11)) % 11;
    return k === 10 ? -1 : k;
  };
  if (check([3, 7, 6, 1, 8, 9, 4, 5, 2]) !== d[9] || check([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) !== d[10]) return false;
  let day = d[0]! * 10 + d[1]!;
  let month = d[2]! * 10 + d[3]!;
  if (day > 40) day -= 40; // D-number
  if (month > 80)
    month -= 80; // synthetic test number
  else if (month > 40) month -= 40; // H-number
  return validDate(day, month, null);
}

/** Luhn check over all the digits (the last one is the check digit). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return sum % 10 === 0;
}

/** Swedish personnummer or samordningsnummer, 10 digits (YYMMDDNNNC) or 12 (with the century). */
export function isSwedishIdentityNumber(digits: string): boolean {
  if (!/^(\d{2})?\d{10}$/.test(digits)) return false;
  if (digits.length === 12 && !/^(18|19|20)/.test(digits)) return false;
  const last10 = digits.slice(-10);
  if (!luhn(last10)) return false;
  const month = Number(last10.slice(2, 4));
  let day = Number(last10.slice(4, 6));
  if (day > 60) day -= 60; // samordningsnummer
  const year = digits.length === 12 ? Number(digits.slice(0, 4)) : null;
  return validDate(day, month, year);
}

/** Danish CPR number (DDMMYYSSSS): a valid date, the century following from the 7th digit. */
export function isDanishIdentityNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  const c = Number(digits[6]);
  const century = c <= 3 ? 1900 : c === 4 || c === 9 ? (yy <= 36 ? 2000 : 1900) : yy <= 57 ? 2000 : 1800;
  return validDate(day, month, century + yy);
}

const FINNISH_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const FINNISH_CENTURY: Record<string, number> = {
  '+': 1800,
  '-': 1900,
  U: 1900,
  V: 1900,
  W: 1900,
  X: 1900,
  Y: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

/** Finnish henkilötunnus: DDMMYY, century sign (+, -, U–Y, A–F), 3 digits, check character. */
export function isFinnishIdentityNumber(text: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(text.toUpperCase());
  if (!m) return false;
  const [, dd, mm, yy, sign, individual, check] = m;
  if (FINNISH_CHECK[Number(`${dd}${mm}${yy}${individual}`) % 31] !== check) return false;
  return validDate(Number(dd), Number(mm), FINNISH_CENTURY[sign!]! + Number(yy));
}

/**
 * The Estonian and Lithuanian check digit over the first ten digits: weights 1–9, 1; a remainder of
 * 10 tries the weights 3–9, 1–3; a second 10 gives 0. (Also the check of an Estonian registry code,
 * over its first seven digits.)
 */
export function balticCheckDigit(digits: readonly number[]): number {
  const sum = (first: number) => digits.reduce((s, d, i) => s + d * (((first - 1 + i) % 9) + 1), 0) % 11;
  const r1 = sum(1);
  if (r1 !== 10) return r1;
  const r2 = sum(3);
  return r2 === 10 ? 0 : r2;
}

const BALTIC_CENTURY = [0, 1800, 1800, 1900, 1900, 2000, 2000, 2100, 2100];

/** Estonian isikukood (G 1–8) or Lithuanian asmens kodas (G 1–6): GYYMMDDSSSC, 11 digits. */
export function isBalticIdentityNumber(digits: string): boolean {
  if (!/^[1-8]\d{10}$/.test(digits)) return false;
  const d = digitsOf(digits);
  if (balticCheckDigit(d.slice(0, 10)) !== d[10]) return false;
  return validDate(Number(digits.slice(5, 7)), Number(digits.slice(3, 5)), BALTIC_CENTURY[d[0]!]! + Number(digits.slice(1, 3)));
}

/** ISO/IEC 7064 MOD 11,10: the check digit over `digits` (German Steuer-ID and VAT numbers). */
export function mod11_10CheckDigit(digits: readonly number[]): number {
  let product = 10;
  for (const d of digits) {
    const sum = (d + product) % 10 || 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10;
}

/** German Steuer-ID: 11 digits, the first not 0, the digit-frequency rule and the MOD 11,10 check digit. */
export function isGermanIdentityNumber(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const d = digitsOf(digits);
  const counts = new Map<number, number>();
  for (const x of d.slice(0, 10)) counts.set(x, (counts.get(x) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  if (/(\d)\1\1/.test(digits.slice(0, 10))) return false;
  return mod11_10CheckDigit(d.slice(0, 10)) === d[10];
}

/**
 * The personal identity number in `text` when the whole of it is one: raw ("811228-9874",
 * "19811228-9874", "010190 12345"), or as an ISO 6523 organization number ("0007:8112289874").
 */
export function personalIdentityNumber(text: string | null | undefined): IdentityNumber | null {
  if (!text) return null;
  const value = text.trim().replace(/^\d{4}:/, '');
  const finnish = value.toUpperCase().replace(/\s+/g, '');
  if (isFinnishIdentityNumber(finnish)) return { country: 'FI', value: finnish };
  // Separators people write: "YYMMDD-NNNN", "YYMMDD+NNNN" (a Swede over 100), "DDMMYY NNNNN".
  if (!/^\d[\d\s+-]*\d$/.test(value) || /[\s+-]{2}/.test(value)) return null;
  const digits = value.replace(/[\s+-]/g, '');
  if (isNorwegianIdentityNumber(digits)) return { country: 'NO', value: digits };
  if (isSwedishIdentityNumber(digits)) return { country: 'SE', value: digits };
  if (isDanishIdentityNumber(digits)) return { country: 'DK', value: digits };
  if (isBalticIdentityNumber(digits)) return { country: /^0200:/.test(text.trim()) ? 'LT' : 'EE', value: digits };
  if (isGermanIdentityNumber(digits)) return { country: 'DE', value: digits };
  return null;
}

export const isPersonalIdentityNumber = (text: string | null | undefined) => personalIdentityNumber(text) !== null;

// Candidates inside a longer text: 10–12 digits with at most one separator, a Finnish number, or a
// Steuer-ID written in its groups ("86 095 742 719").
const CANDIDATE = /(?<![0-9A-Za-z])(?:\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]|\d{6}(?:\d{2})?[-+ ]?\d{4}|\d{6} ?\d{5}|\d{2} \d{3} \d{3} \d{3})(?![0-9A-Za-z])/g;

/** Every personal identity number inside `text` (in a message, a key, a JSON document…). */
export function findIdentityNumbers(text: string): IdentityNumber[] {
  const found: IdentityNumber[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const number = personalIdentityNumber(match[0]);
    if (number) found.push(number);
  }
  return found;
}

export const containsIdentityNumber = (text: string) => findIdentityNumbers(text).length > 0;

/** What an identity number is replaced with where a text must not carry it. */
export const REDACTED = '[identity number]';

/** `text` with every personal identity number in it replaced by "[identity number]". */
export function redactIdentityNumbers(text: string): string {
  return text.replace(CANDIDATE, (match) => (personalIdentityNumber(match) ? REDACTED : match));
}

/**
 * A JSON-like value with every string that carries a personal identity number replaced by null,
 * however deep: what leaves the API for anyone but the record's own source.
 */
export function withoutIdentityNumbers<T>(value: T): T {
  if (typeof value === 'string') return (containsIdentityNumber(value) ? null : value) as T;
  if (Array.isArray(value)) return value.map((v) => withoutIdentityNumbers(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIdentityNumbers(v)])) as T;
  }
  return value;
}
