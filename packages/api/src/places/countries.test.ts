import { describe, expect, it } from 'vitest';
import { ISO_COUNTRIES, countryAuthorityUri, parseCountry } from './countries.js';

describe('ISO 3166 countries', () => {
  it('holds all 249 assigned codes, each alpha-2 and alpha-3 once', () => {
    expect(ISO_COUNTRIES).toHaveLength(249);
    expect(new Set(ISO_COUNTRIES.map((c) => c.alpha2)).size).toBe(249);
    expect(new Set(ISO_COUNTRIES.map((c) => c.alpha3)).size).toBe(249);
    for (const c of ISO_COUNTRIES) expect(`${c.alpha2} ${c.alpha3} ${c.name}`).toMatch(/^[A-Z]{2} [A-Z]{3} \S/);
  });

  it('covers the EU/EEA, the Nordic and Baltic countries and those of the DFC examples', () => {
    const wanted = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH GB CA AU US FO GL AX';
    for (const code of wanted.split(' ')) expect(countryAuthorityUri(code), code).toMatch(/\/country\/[A-Z]{3}$/);
    expect(['NO', 'SE', 'GR', 'GB', 'CA', 'AU'].map(countryAuthorityUri)).toEqual(
      ['NOR', 'SWE', 'GRC', 'GBR', 'CAN', 'AUS'].map((c) => `http://publications.europa.eu/resource/authority/country/${c}`),
    );
  });

  it('reads EU authority URIs, alpha-3 and alpha-2 codes and names, and nothing else', () => {
    expect(parseCountry('http://publications.europa.eu/resource/authority/country/CAN')).toBe('CA');
    expect(parseCountry('https://publications.europa.eu/resource/authority/country/fra/')).toBe('FR');
    expect(parseCountry('NOR')).toBe('NO');
    expect(parseCountry('se')).toBe('SE');
    expect(parseCountry('Australia')).toBe('AU');
    expect(parseCountry(' Norge ')).toBe('NO');
    expect(parseCountry('Åland Islands')).toBe('AX');
    expect(parseCountry("Cote d'Ivoire")).toBe('CI');
    expect(parseCountry('UK')).toBeNull();
    expect(parseCountry('XXX')).toBeNull();
    expect(parseCountry('http://publications.europa.eu/resource/authority/country/ZZZ')).toBeNull();
    expect(parseCountry('http://example.org/country/NOR')).toBeNull();
  });
});
