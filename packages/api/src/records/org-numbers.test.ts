import { describe, expect, it } from 'vitest';
import { checkOrgNumber, orgNumberKey } from './org-numbers.js';

const ok = (value: string, country: string | null) => ({ ok: true, value, country });
const message = (orgNumber: string) => {
  const checked = checkOrgNumber(orgNumber);
  if (checked.ok) throw new Error(`${orgNumber} passed`);
  return checked.message;
};

describe('organization numbers of the Nordic and Baltic countries and Germany', () => {
  it('accepts a Finnish Y-tunnus with or without its hyphen and stores it without', () => {
    // Nokia's 0112038-9: 0·7+1·9+1·10+2·5+0·8+3·4+8·2 = 57, 57 mod 11 = 2, 11 − 2 = 9.
    expect(checkOrgNumber('0037:0112038-9')).toEqual(ok('0037:01120389', 'FI'));
    expect(checkOrgNumber(' 0037:01120389 ')).toEqual(ok('0037:01120389', 'FI'));
    // 1·7+2·9+3·10+4·5+5·8+6·4+7·2 = 153, 153 mod 11 = 10, 11 − 10 = 1.
    expect(checkOrgNumber('0037:1234567-1')).toEqual(ok('0037:12345671', 'FI'));
    expect(message('0037:1234567-8')).toBe(
      'The check digit of this number does not match: "0037:" is a Finnish business ID (Y-tunnus), such as "0037:0112038-9".',
    );
    expect(message('0037:112038-9')).toBe(
      '"0037:" is a Finnish business ID (Y-tunnus): 7 digits and a check digit, "1234567-8" or "12345678", such as "0037:0112038-9".',
    );
  });

  it('accepts a Danish CVR number whose weighted sum is divisible by 11', () => {
    // 2·2+4·7+2·6+5·5+6·4+7·3+9·2+0·1 = 132 = 12 · 11.
    expect(checkOrgNumber('0184:24256790')).toEqual(ok('0184:24256790', 'DK'));
    expect(checkOrgNumber('0184:DK24256790')).toEqual(ok('0184:24256790', 'DK'));
    expect(message('0184:24256791')).toContain('"0184:" is a Danish CVR number');
    expect(message('0184:2425679')).toBe('"0184:" is a Danish CVR number: 8 digits, such as "0184:24256790".');
  });

  it('accepts an Estonian registry code with the two-stage check digit', () => {
    // Peppol's example 10137025: 1·1+0·2+1·3+3·4+7·5+0·6+2·7 = 65, remainder 10;
    // 1·3+0·4+1·5+3·6+7·7+0·8+2·9 = 93, 93 mod 11 = 5.
    expect(checkOrgNumber('0191:10137025')).toEqual(ok('0191:10137025', 'EE'));
    expect(message('0191:10137024')).toContain('does not match: "0191:" is an Estonian registry code');
    expect(message('0191:1013702')).toContain('8 digits');
  });

  it('accepts a Lithuanian legal entity code of 9 digits with its check digit', () => {
    // Peppol's example 111963319: 1·1+1·2+1·3+9·4+6·5+3·6+3·7+1·8 = 119, 119 mod 11 = 9.
    expect(checkOrgNumber('0200:111963319')).toEqual(ok('0200:111963319', 'LT'));
    expect(message('0200:111963318')).toContain('"0200:" is a Lithuanian legal entity code');
    expect(message('0200:LT111963319')).toContain('9 digits');
  });

  it('accepts a German VAT number with its MOD 11,10 check digit, written with "DE"', () => {
    // 136695976: MOD 11,10 over 13669597 leaves the product 5, 11 − 5 = 6.
    expect(checkOrgNumber('9930:DE136695976')).toEqual(ok('9930:DE136695976', 'DE'));
    expect(checkOrgNumber('9930:de136695976')).toEqual(ok('9930:DE136695976', 'DE'));
    expect(checkOrgNumber('9930:136695976')).toEqual(ok('9930:DE136695976', 'DE'));
    expect(message('9930:DE136695977')).toContain('"9930:" is a German VAT number (USt-IdNr.)');
  });

  it('keeps Norwegian, Swedish and other schemes as given, and looks a number up by its stored form', () => {
    expect(checkOrgNumber('0192:912345678')).toEqual(ok('0192:912345678', 'NO'));
    expect(checkOrgNumber('0007:5560000001')).toEqual(ok('0007:5560000001', 'SE'));
    expect(checkOrgNumber('0088:7300010000001')).toEqual(ok('0088:7300010000001', null));
    expect(orgNumberKey('0037:0112038-9')).toBe('0037:01120389');
    expect(orgNumberKey('0037:0112038-8')).toBe('0037:0112038-8');
  });

  it('leaves a personal identity number under any scheme as it is, for the natural-person rule', () => {
    expect(checkOrgNumber('0191:37605030299')).toEqual(ok('0191:37605030299', 'EE')); // isikukood: a sole trader (FIE)
    expect(checkOrgNumber('0200:49001010001')).toEqual(ok('0200:49001010001', 'LT'));
    expect(checkOrgNumber('0184:0107904711')).toEqual(ok('0184:0107904711', 'DK')); // CPR
    expect(checkOrgNumber('0037:131052-308T')).toEqual(ok('0037:131052-308T', 'FI')); // henkilötunnus
  });

  it('never repeats the number in a message', () => {
    for (const n of ['0037:1234567-8', '0184:12345678', '0191:37605030298', '0200:123456789', '9930:DE123456789']) {
      expect(message(n)).not.toContain(n.slice(5, 12));
    }
  });
});
