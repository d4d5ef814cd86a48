import { describe, expect, it } from 'vitest';
import * as generated from './generated/graphql.js';
import persisted from './generated/persisted-documents.json' with { type: 'json' };

const manifest: Record<string, string> = persisted;
const sha256 = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');
const operations = Object.entries(generated).filter(([name]) => name.endsWith('Document')) as [string, generated.TypedDocumentString<unknown, unknown>][];

describe('persisted documents', () => {
  it('lists every operation once, under the SHA-256 of its text', async () => {
    expect(operations.length).toBe(Object.keys(manifest).length);
    for (const [hash, text] of Object.entries(manifest)) {
      expect(hash).toBe(`sha256:${await sha256(text)}`);
    }
  });

  it('gives every generated operation its manifest hash, and the manifest the same operation', () => {
    for (const [name, document] of operations) {
      const hash = document.__meta__?.hash as string | undefined;
      expect(hash, name).toMatch(/^sha256:[0-9a-f]{64}$/);
      const operation = name.replace(/Document$/, '');
      expect(manifest[hash!], name).toMatch(new RegExp(`\\bquery ${operation}\\b`));
    }
  });

  it('has the widgets’ operations, each with the fragments it spreads', () => {
    const widgets = Object.values(manifest).filter((text) => /\bquery Fc\w+/.test(text));
    expect(widgets.map((text) => /\bquery (Fc\w+)/.exec(text)![1]).sort()).toEqual([
      'FcDemandBoard',
      'FcDemandCategories',
      'FcEmbedCategories',
      'FcEmbedMunicipalities',
      'FcGoals',
      'FcKitchens',
      'FcProducerCard',
      'FcProducerList',
      'FcRanking',
      'FcRegionOf',
      'FcReportedValues',
      'FcShareChart',
      'FcSharesByYear',
    ]);
    for (const text of widgets) {
      for (const [, fragment] of text.matchAll(/\.\.\.(\w+)/g)) expect(text).toContain(`fragment ${fragment} on `);
    }
  });
});
