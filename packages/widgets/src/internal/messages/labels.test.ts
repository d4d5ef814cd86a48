import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGS, Localizer, loadMessages } from '../i18n.js';
import { SCHEME_NAMES, schemeName } from '../producer-card.js';
import en from './en.js';

/** The values of an enum in the API's printed schema (the contract the widgets label). */
function enumValues(name: string): string[] {
  const schema = readFileSync(new URL('../../../../api/schema.graphql', import.meta.url), 'utf8');
  const body = new RegExp(`\\nenum ${name} \\{([^}]*)\\}`).exec(schema)?.[1];
  if (!body) throw new Error(`enum ${name} is not in the API's schema.graphql`);
  return [...body.matchAll(/^\s+([A-Z][A-Z0-9_]*)\s*$/gm)].map((m) => m[1]!);
}

/** Enum values the widgets show, and the text key of each value's label. */
const LABELLED: [enumName: string, key: (value: string) => string][] = [
  ['ProducerKind', (v) => `kind_${v}`],
  ['KitchenKind', (v) => `kk_${v}`],
  ['DemandStatus', (v) => `status_${v}`],
  ['ProcurementRoute', (v) => `route_${v}`],
  ['LocalDefinition', (v) => `local_${v}`],
];

describe('labels of the API’s codes', () => {
  it('finds the enums in the schema', () => {
    for (const [name] of LABELLED) expect(enumValues(name).length, name).toBeGreaterThan(2);
    expect(enumValues('CertificationScheme')).toContain('EU_ORGANIC');
  });

  it.each(LANGS)('labels every producer kind, kitchen kind, demand status, procurement route and definition of local in %s', async (lang) => {
    const messages = await loadMessages(lang);
    for (const [name, key] of LABELLED) {
      for (const value of enumValues(name)) {
        const text = messages[key(value) as keyof typeof en];
        expect(text, `${lang}: ${name}.${value} has no text "${key(value)}"`).toBeTruthy();
      }
    }
  });

  it.each(LANGS)('names every certification scheme in %s: by the label’s own name, or by a text of the language', async (lang) => {
    const l = new Localizer(lang, await loadMessages(lang));
    const messages = await loadMessages(lang);
    for (const scheme of enumValues('CertificationScheme')) {
      if (scheme in SCHEME_NAMES) continue;
      const text = messages[`cert_${scheme}` as keyof typeof en];
      expect(text, `${lang}: no text cert_${scheme}`).toBeTruthy();
      expect(schemeName(l, scheme)).toBe(text);
    }
    // "EU organic" is a description, not a label's name: each language says it in its own words.
    if (lang !== 'en') expect(schemeName(l, 'EU_ORGANIC')).not.toBe(schemeName(new Localizer('en', en), 'EU_ORGANIC'));
  });
});

describe('names of the product categories', () => {
  it.each(LANGS)('are written in %s for every category of the reference tree', (lang) => {
    const csv = readFileSync(new URL('../../../../../prisma/data/categories.csv', import.meta.url), 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    const column = header!.split(',').indexOf(`name_${lang}`);
    expect(column, `categories.csv has no column name_${lang}`).toBeGreaterThan(0);
    expect(rows).toHaveLength(80);
    // Names with a comma are quoted; the cells before the name columns never are.
    for (const row of rows) {
      const cells = [...row.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!);
      expect(cells[column], `${cells[0]} has no ${lang} name`).toBeTruthy();
    }
  });
});
