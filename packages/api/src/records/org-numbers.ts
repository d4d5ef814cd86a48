/**
 * Organization numbers in ISO 6523 form: the International Code Designator (ICD) of the scheme, a
 * colon and the number ("0192:912345678"). The ICDs are those of the Peppol participant identifier
 * schemes code list (docs.peppol.eu/edelivery/codelists, "Participant identifier schemes"), which
 * names each scheme's issuing agency and structure:
 *
 * | ICD  | Peppol scheme | country | number |
 * |------|---------------|---------|--------|
 * | 0192 | NO:ORG        | NO | organisasjonsnummer (Brønnøysundregistrene) |
 * | 0007 | SE:ORGNR      | SE | organisationsnummer (Skatteverket) |
 * | 0037 | FI:OVT        | FI | Y-tunnus, the business ID, 7 digits and a check digit, without its hyphen |
 * | 0184 | DK:DIGST      | DK | CVR number, 8 digits (Erhvervsstyrelsen) |
 * | 0191 | EE:CC         | EE | registry code (registrikood), 8 digits (Centre of Registers and Information Systems) |
 * | 0200 | LT:LEC        | LT | legal entity code (juridinio asmens kodas), 9 digits (State Enterprise Centre of Registers) |
 * | 9930 | DE:VAT        | DE | German VAT number (USt-IdNr.), "DE" and 9 digits; Germany has no national company number |
 *
 * Numbers of these schemes are checked where the check digit is public and written in one form, so
 * that the same organization is found again however a partner wrote it ("0037:0112038-9" and
 * "0037:01120389" are one). Other schemes are kept as given. A personal identity number under any
 * scheme is left as it is: it is the number of a sole trader, a natural person, whatever the
 * scheme's own form (see privacy/identity-numbers.ts); the messages here never repeat the number.
 */
import { balticCheckDigit, isPersonalIdentityNumber, mod11_10CheckDigit } from '../privacy/identity-numbers.js';

/** The ISO 6523 form in general: four digits, a colon, letters, digits and hyphens. */
export const ISO_6523 = /^\d{4}:[0-9A-Za-z-]+$/;

interface Scheme {
  country: string;
  /** What the number is, as messages name it. */
  name: string;
  /** How it is written, as messages say it. */
  form: string;
  example: string;
  /** The number in its one stored form; `form` when it is not written so, `check` when its check digit does not match. */
  check(value: string): { value: string } | 'form' | 'check';
}

const digits = (s: string) => [...s].map(Number);

export const ORG_NUMBER_SCHEMES: Record<string, Scheme> = {
  '0192': { country: 'NO', name: 'a Norwegian organisasjonsnummer', form: '9 digits', example: '0192:912345678', check: (value) => ({ value }) },
  '0007': { country: 'SE', name: 'a Swedish organisationsnummer', form: '10 digits', example: '0007:5560000001', check: (value) => ({ value }) },
  '0037': {
    country: 'FI',
    name: 'a Finnish business ID (Y-tunnus)',
    form: '7 digits and a check digit, "1234567-8" or "12345678"',
    example: '0037:0112038-9',
    check(value) {
      const m = /^(\d{7})-?(\d)$/.exec(value);
      if (!m) return 'form';
      // Weights 7, 9, 10, 5, 8, 4, 2; the check digit is 11 − (sum mod 11), 0 for a remainder of 0; a remainder of 1 is never issued.
      const r = digits(m[1]!).reduce((s, d, i) => s + d * [7, 9, 10, 5, 8, 4, 2][i]!, 0) % 11;
      if (r === 1 || (r === 0 ? 0 : 11 - r) !== Number(m[2])) return 'check';
      return { value: m[1]! + m[2]! };
    },
  },
  '0184': {
    country: 'DK',
    name: 'a Danish CVR number',
    form: '8 digits',
    example: '0184:24256790',
    check(value) {
      const m = /^(?:DK)?(\d{8})$/i.exec(value);
      if (!m) return 'form';
      // Weights 2, 7, 6, 5, 4, 3, 2, 1: the weighted sum of a CVR number is divisible by 11.
      if (digits(m[1]!).reduce((s, d, i) => s + d * [2, 7, 6, 5, 4, 3, 2, 1][i]!, 0) % 11 !== 0) {
        return 'check';
      }
      return { value: m[1]! };
    },
  },
  '0191': {
    country: 'EE',
    name: 'an Estonian registry code (registrikood)',
    form: '8 digits',
    example: '0191:10137025',
    check(value) {
      if (!/^\d{8}$/.test(value)) return 'form';
      // The same two-stage mod-11 check as the isikukood's, over the first 7 digits.
      if (balticCheckDigit(digits(value.slice(0, 7))) !== Number(value[7])) return 'check';
      return { value };
    },
  },
  '0200': {
    country: 'LT',
    name: 'a Lithuanian legal entity code (juridinio asmens kodas)',
    form: '9 digits',
    example: '0200:111963319',
    check(value) {
      if (!/^\d{9}$/.test(value)) return 'form';
      // Peppol's LT:LEC: weights 1–8, the remainder (less than 10) is the check digit. A remainder of
      // 10 goes on to the personal code's second stage (weights 3–9, 1) rather than being refused.
      if (balticCheckDigit(digits(value.slice(0, 8))) !== Number(value[8])) return 'check';
      return { value };
    },
  },
  '9930': {
    country: 'DE',
    name: 'a German VAT number (USt-IdNr.)',
    form: '"DE" and 9 digits',
    example: '9930:DE136695976',
    check(value) {
      const m = /^(?:DE)?(\d{9})$/i.exec(value);
      if (!m) return 'form';
      // ISO/IEC 7064 MOD 11,10 over the first 8 digits (Bundeszentralamt für Steuern).
      if (mod11_10CheckDigit(digits(m[1]!.slice(0, 8))) !== Number(m[1]![8])) return 'check';
      return { value: `DE${m[1]!}` };
    },
  },
};

export type OrgNumberCheck = { ok: true; value: string; country: string | null } | { ok: false; message: string };

/**
 * Checks an org number already in ISO 6523 form against its scheme, and gives its one stored form
 * and the scheme's country. Unknown schemes and personal identity numbers pass as given.
 */
export function checkOrgNumber(orgNumber: string): OrgNumberCheck {
  const text = orgNumber.trim();
  const icd = text.slice(0, 4);
  const scheme = ORG_NUMBER_SCHEMES[icd];
  if (!scheme || !ISO_6523.test(text)) return { ok: true, value: text, country: scheme?.country ?? null };
  if (isPersonalIdentityNumber(text)) return { ok: true, value: text, country: scheme.country };
  const checked = scheme.check(text.slice(5));
  if (checked === 'form') return { ok: false, message: `"${icd}:" is ${scheme.name}: ${scheme.form}, such as "${scheme.example}".` };
  if (checked === 'check')
    return { ok: false, message: `The check digit of this number does not match: "${icd}:" is ${scheme.name}, such as "${scheme.example}".` };
  return { ok: true, value: `${icd}:${checked.value}`, country: scheme.country };
}

/** The org number's stored form when it is a valid one, else the text as given (to look it up, not to store it). */
export function orgNumberKey(orgNumber: string): string {
  const checked = checkOrgNumber(orgNumber);
  return checked.ok ? checked.value : orgNumber.trim();
}
