import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config.js';
import { parseCsv } from '../seed/csv.js';

/** Where each DFC product type goes in the category tree (see dfc-product-types.SOURCES.md next to it). */
export const DFC_PRODUCT_TYPES_FILE = path.join(repoRoot, 'prisma', 'data', 'dfc-product-types.csv');

export interface DfcTypeMapping {
  /** The category code, or null for types deliberately left out (e.g. non-food). */
  category: string | null;
  /** Why the mapping is approximate or absent, shown in import notes. */
  note: string | null;
}

let table: ReadonlyMap<string, DfcTypeMapping> | null = null;

/** The mapping table, keyed by `dfc-pt:<local name>`; read once. */
export function dfcProductTypes(): ReadonlyMap<string, DfcTypeMapping> {
  table ??= new Map(
    parseCsv(fs.readFileSync(DFC_PRODUCT_TYPES_FILE, 'utf8')).map((row) => [
      row.dfc_product_type!,
      { category: row.category_code || null, note: row.note || null },
    ]),
  );
  return table;
}

/**
 * A product type as `dfc-pt:<local name>`, whichever namespace the publisher bound the taxonomy to
 * (github.com/datafoodconsortium/taxonomies, w3id.org/dfc/taxonomies, static.datafoodconsortium.org).
 */
export function shortProductType(value: string): string {
  const match = /productTypes\.rdf#(.+)$/.exec(value);
  return match ? `dfc-pt:${match[1]}` : value;
}
