import { describe, expect, it } from 'vitest';
import { buildCategories } from '../seed/reference.js';
import { dfcProductTypes, shortProductType } from './product-types.js';

describe('DFC product types → categories', () => {
  const table = dfcProductTypes();
  const categories = new Map(buildCategories().map((c) => [c.code, c]));

  it('files every top concept of the DFC taxonomy and points only at existing categories', () => {
    const top = ['bakery', 'dairy-product', 'drink', 'frozen', 'fruit', 'inedible', 'local-grocery-store', 'meat-product', 'vegetable'];
    for (const t of top) expect(table.has(`dfc-pt:${t}`), t).toBe(true);
    expect(table.size).toBe(256);
    for (const [type, { category, note }] of table) {
      if (category) expect(categories.has(category), `${type} → ${category}`).toBe(true);
      else expect(note, type).toBe('not food');
    }
  });

  it("files each category's own DFC type back under that category, so the export imports into the same tree", () => {
    const typed = [...categories.values()].filter((c) => c.dfcProductType);
    expect(typed.length).toBeGreaterThan(50);
    for (const c of typed) expect(table.get(c.dfcProductType!)?.category, c.dfcProductType!).toBe(c.code);
  });

  it('reads the type under any namespace the taxonomy is published at', () => {
    for (const ns of [
      'https://github.com/datafoodconsortium/taxonomies/releases/latest/download/productTypes.rdf#',
      'http://static.datafoodconsortium.org/data/productTypes.rdf#',
      'https://w3id.org/dfc/taxonomies/productTypes.rdf#',
    ]) {
      expect(shortProductType(`${ns}bakery`)).toBe('dfc-pt:bakery');
    }
    expect(shortProductType('dfc-pt:egg')).toBe('dfc-pt:egg');
  });
});
