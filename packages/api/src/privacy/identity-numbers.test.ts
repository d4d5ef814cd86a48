import { describe, expect, it } from 'vitest';
import {
  findIdentityNumbers,
  isDanishIdentityNumber,
  isFinnishIdentityNumber,
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

describe('identity numbers inside texts and documents', () => {
  it('finds them with and without separators and leaves other numbers alone', () => {
    const text = 'org:0007:8112289874, 131052-308T and 150385 12363; not 0192:912345678, 5560000001 or 7038010000000';
    expect(findIdentityNumbers(text).map((n) => n.value)).toEqual(['8112289874', '131052-308T', '15038512363']);
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
