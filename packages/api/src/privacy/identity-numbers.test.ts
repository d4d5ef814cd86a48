import { describe, expect, it } from 'vitest';
import {
  findIdentityNumbers,
  isBalticIdentityNumber,
  isDanishIdentityNumber,
  isFinnishIdentityNumber,
  isGermanIdentityNumber,
  isNorwegianIdentityNumber,
  isSwedishIdentityNumber,
  personalIdentityNumber,
  redactIdentityNumbers,
  withoutIdentityNumbers,
} from './identity-numbers.js';

// Check digits computed here from the published rules, independently of the module.
function norwegian(nine: string): string {
  const d = [...nine].map(Number);
  const k1 = 11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * d[i]!, 0) % 11);
  const c1 = k1 === 11 ? 0 : k1;
  const k2 = 11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * [...d, c1][i]!, 0) % 11);
  const c2 = k2 === 11 ? 0 : k2;
  if (c1 === 10 || c2 === 10) throw new Error(`${nine} has no valid check digits`);
  return `${nine}${c1}${c2}`;
}
function swedish(nine: string): string {
  const sum = [...nine].map(Number).reduce((s, v, i) => s + (i % 2 === 0 ? Math.floor((2 * v) / 10) + ((2 * v) % 10) : v), 0);
  return `${nine}${(10 - (sum % 10)) % 10}`;
}
const finnish = (date: string, sign: string, individual: string) =>
  `${date}${sign}${individual}${'0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(date + individual) % 31]}`;

describe('Norwegian fødselsnummer and D-number', () => {
  it('accepts numbers with both mod-11 check digits and a valid date', () => {
    // By hand for 150385123: 3·1+7·5+6·0+1·3+8·8+9·5+4·1+5·2+2·3 = 170, 170 mod 11 = 5, k1 = 6;
    // 5·1+4·5+3·0+2·3+7·8+6·5+5·1+4·2+3·3+2·6 = 151, 151 mod 11 = 8, k2 = 3.
    expect(norwegian('150385123')).toBe('15038512363');
    expect(isNorwegianIdentityNumber('15038512363')).toBe(true);
    expect(isNorwegianIdentityNumber(norwegian('550385124'))).toBe(true); // D-number: day 15 + 40
    expect(isNorwegianIdentityNumber(norwegian('154385124'))).toBe(true); // H-number: month 03 + 40
    expect(personalIdentityNumber('0192:15038512363')).toEqual({ country: 'NO', value: '15038512363' });
    expect(personalIdentityNumber('150385 12363')).toEqual({ country: 'NO', value: '15038512363' });
  });

  it('refuses wrong check digits, impossible dates and organization numbers', () => {
    expect(isNorwegianIdentityNumber('15038512364')).toBe(false);
    expect(isNorwegianIdentityNumber('15038512353')).toBe(false);
    expect(isNorwegianIdentityNumber(norwegian('321385123'))).toBe(false); // day 32
    expect(isNorwegianIdentityNumber(norwegian('151385124'))).toBe(false); // month 13
    expect(personalIdentityNumber('0192:912345678')).toBeNull(); // an organization number (9 digits)
  });
});

describe('Swedish personnummer and samordningsnummer', () => {
  it('accepts 10 and 12 digits with Luhn on the last 10 and a valid date', () => {
    expect(swedish('811228987')).toBe('8112289874'); // Skatteverket's own example, 811228-9874
    expect(personalIdentityNumber('0007:8112289874')).toEqual({ country: 'SE', value: '8112289874' });
    expect(personalIdentityNumber('811228-9874')).toEqual({ country: 'SE', value: '8112289874' });
    expect(personalIdentityNumber('19811228-9874')).toEqual({ country: 'SE', value: '198112289874' });
    expect(isSwedishIdentityNumber(swedish('701063238'))).toBe(true); // samordningsnummer: day 3 + 60
    expect(isSwedishIdentityNumber(`20${swedish('000229123')}`)).toBe(true); // 29 Feb 2000
  });

  it('refuses a wrong check digit, impossible dates and company organisation numbers', () => {
    expect(isSwedishIdentityNumber('8112289875')).toBe(false);
    expect(isSwedishIdentityNumber(swedish('811328987'))).toBe(false); // month 13
    expect(isSwedishIdentityNumber(swedish('811232987'))).toBe(false); // day 32
    expect(isSwedishIdentityNumber(`19${swedish('000229123')}`)).toBe(false); // 29 Feb 1900
    // Company numbers: the third digit is 2 or more ("month" 20+), Luhn valid all the same.
    expect(swedish('556000000')).toBe('5560000001');
    expect(personalIdentityNumber('0007:5560000001')).toBeNull();
    expect(personalIdentityNumber('0007:2021005489')).toBeNull();
    expect(personalIdentityNumber(`16${swedish('556036079')}`)).toBeNull();
  });
});

describe('Danish CPR number', () => {
  it('accepts DDMMYY-SSSS with a valid date, check digit or not', () => {
    expect(isDanishIdentityNumber('0107904711')).toBe(true);
    expect(personalIdentityNumber('010790-4711')).toEqual({ country: 'DK', value: '0107904711' });
    expect(isDanishIdentityNumber('2902004000')).toBe(true); // 7th digit 4, year 00: 2000, a leap year
  });

  it('refuses impossible dates', () => {
    expect(isDanishIdentityNumber('3102904711')).toBe(false);
    expect(isDanishIdentityNumber('0113904711')).toBe(false);
    expect(isDanishIdentityNumber('2902011234')).toBe(false); // 1901 is no leap year
    expect(isDanishIdentityNumber('010790471')).toBe(false);
  });
});

describe('Finnish henkilötunnus', () => {
  it('accepts the date, century sign, individual number and check character', () => {
    expect(finnish('131052', '-', '308')).toBe('131052-308T'); // the example of the Digital and Population Data Services Agency
    expect(isFinnishIdentityNumber('131052-308T')).toBe(true);
    expect(isFinnishIdentityNumber(finnish('010594', 'Y', '995'))).toBe(true); // the 2023 century signs
    expect(isFinnishIdentityNumber(finnish('290204', 'A', '123'))).toBe(true);
    expect(personalIdentityNumber('0037:131052-308t')).toEqual({ country: 'FI', value: '131052-308T' });
  });

  it('refuses a wrong check character, an unknown century sign and impossible dates', () => {
    expect(isFinnishIdentityNumber('131052-308U')).toBe(false);
    expect(isFinnishIdentityNumber(finnish('131052', 'G', '308'))).toBe(false);
    expect(isFinnishIdentityNumber(finnish('290203', 'A', '123'))).toBe(false);
    expect(personalIdentityNumber('0037:1234567-8')).toBeNull(); // a business ID (Y-tunnus)
  });
});

describe('Estonian isikukood and Lithuanian asmens kodas', () => {
  it('accepts GYYMMDDSSSC with a valid date and the two-stage mod-11 check digit', () => {
    // 3·1+7·2+6·3+0·4+5·5+0·6+3·7+0·8+2·9+9·1 = 108, 108 mod 11 = 9 (a man born 3 May 1976).
    expect(isBalticIdentityNumber('37605030299')).toBe(true);
    expect(personalIdentityNumber('37605030299')).toEqual({ country: 'EE', value: '37605030299' });
    expect(personalIdentityNumber('0191:37605030299')).toEqual({ country: 'EE', value: '37605030299' });
    // Second stage: 3·1+8·2+5·3+0·4+6·5+1·6+5·7+0·8+0·9+4·1 = 109, remainder 10;
    // 3·3+8·4+5·5+0·6+6·7+1·8+5·9+0·1+0·2+4·3 = 173, 173 mod 11 = 8.
    expect(isBalticIdentityNumber('38506150048')).toBe(true);
    // A Lithuanian woman born 1 January 1990 (G 4): 4·1+9·2+0+0+1·5+0+1·7+0+0+0 = 34, 34 mod 11 = 1.
    expect(personalIdentityNumber('0200:49001010001')).toEqual({ country: 'LT', value: '49001010001' });
  });

  it('refuses a wrong check digit, an unknown century digit and impossible dates', () => {
    expect(isBalticIdentityNumber('37605030298')).toBe(false);
    expect(isBalticIdentityNumber('97605030299')).toBe(false); // G 9
    expect(isBalticIdentityNumber('07605030299')).toBe(false); // G 0
    expect(isBalticIdentityNumber('37613030299')).toBe(false); // month 13, whatever the check digit
    expect(isBalticIdentityNumber('3760503029')).toBe(false);
    expect(personalIdentityNumber('0191:10137025')).toBeNull(); // a registry code (8 digits)
  });
});

describe('German Steuer-ID', () => {
  it('accepts 11 digits with one repeated digit and the ISO 7064 MOD 11,10 check digit', () => {
    // The Bundeszentralamt für Steuern's example 86095742719: 7 twice, 3 missing; MOD 11,10 over
    // 8609574271: products 5, 2, 4, 6, 2, 7, 2, 8, 10, 2 → 11 − 2 = 9.
    expect(isGermanIdentityNumber('86095742719')).toBe(true);
    expect(personalIdentityNumber('86095742719')).toEqual({ country: 'DE', value: '86095742719' });
    expect(personalIdentityNumber('86 095 742 719')).toEqual({ country: 'DE', value: '86095742719' });
  });

  it('refuses a wrong check digit, a leading 0 and the wrong digit frequencies', () => {
    expect(isGermanIdentityNumber('86095742718')).toBe(false);
    expect(isGermanIdentityNumber('06095742719')).toBe(false);
    expect(isGermanIdentityNumber('12345678901')).toBe(false); // every digit once: no repeat
    const check = (ten: string) => {
      let product = 10;
      for (const d of ten) product = (2 * ((Number(d) + product) % 10 || 10)) % 11;
      return `${ten}${(11 - product) % 10}`;
    };
    expect(isGermanIdentityNumber(check('1123456788'))).toBe(false); // two digits repeated
    expect(isGermanIdentityNumber(check('1112345678'))).toBe(false); // three times in a row
    expect(isGermanIdentityNumber(check('1121345678'))).toBe(true); // three times, not in a row
  });
});

describe('identity numbers inside texts and documents', () => {
  it('finds them with and without separators and leaves other numbers alone', () => {
    const text = 'org:0007:8112289874, 131052-308T and 150385 12363; not 0192:912345678, 5560000001 or 7038010000000';
    expect(findIdentityNumbers(text).map((n) => n.value)).toEqual(['8112289874', '131052-308T', '15038512363']);
    expect(redactIdentityNumbers('EE 37605030299, DE 86 095 742 719, not 0191:10137025')).toBe('EE [identity number], DE [identity number], not 0191:10137025');
    expect(redactIdentityNumbers(text)).toBe(
      'org:0007:[identity number], [identity number] and [identity number]; not 0192:912345678, 5560000001 or 7038010000000',
    );
  });

  it('empties every string that carries one, however deep', () => {
    expect(withoutIdentityNumbers({ a: '0007:8112289874', b: ['x', 'org:0007:8112289874'], c: { d: 5560000001, e: '0192:912345678' }, f: null })).toEqual({
      a: null,
      b: ['x', null],
      c: { d: 5560000001, e: '0192:912345678' },
      f: null,
    });
  });
});
