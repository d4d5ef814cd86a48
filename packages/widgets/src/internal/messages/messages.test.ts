import { describe, expect, it } from 'vitest';
import { LANGS, loadMessages, LOCALES } from '../i18n.js';
import en from './en.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const forms = (text: unknown): string[] => (typeof text === 'string' ? [text] : Object.values(text as Record<string, string>));

/** Every language has every text English has, with the same placeholders and every plural form it needs. */
describe.each(LANGS.filter((lang) => lang !== 'en'))('interface texts in %s', (lang) => {
  it('has every key English has, and no other', async () => {
    const messages = await loadMessages(lang);
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
  });

  it('fills each text with the placeholders English uses', async () => {
    const messages = await loadMessages(lang);
    for (const [key, text] of Object.entries(en)) {
      const expected = placeholders(forms(text)[0]!);
      for (const form of forms(messages[key as keyof typeof en])) {
        expect(form.trim(), `${lang}.${key}`).not.toBe('');
        expect(placeholders(form), `${lang}.${key}: "${form}"`).toEqual(expected);
      }
    }
  });

  it('gives counted texts every plural form the language uses', async () => {
    const messages = await loadMessages(lang);
    const categories = new Intl.PluralRules(LOCALES[lang]).resolvedOptions().pluralCategories;
    for (const [key, text] of Object.entries(en)) {
      const own = messages[key as keyof typeof en];
      // A text English counts must be counted here too; any text may have plural forms where the language needs them.
      if (typeof text === 'object') expect(typeof own, `${lang}.${key} needs plural forms`).toBe('object');
      if (typeof own === 'object') expect(Object.keys(own).sort(), `${lang}.${key}`).toEqual([...categories].sort());
    }
  });
});

describe('English texts', () => {
  it('give counted texts the forms English uses', () => {
    const categories = new Intl.PluralRules(LOCALES.en).resolvedOptions().pluralCategories;
    for (const text of Object.values(en)) if (typeof text === 'object') expect(Object.keys(text).sort()).toEqual([...categories].sort());
  });
});
