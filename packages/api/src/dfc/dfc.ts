import type { Session } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import { type ProducerInput, producerSpec } from '../sync/kinds.js';
import { type BatchResult, MAX_BATCH, upsertBatch, writableSource } from '../sync/upsert.js';
import { isOrganicScheme } from '../producers/organic.js';

/** The prefixes Data Food Consortium documents use (as Open Food Network publishes them). */
export const DFC_CONTEXT = {
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dfc: 'https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_FullModel.owl#',
  'dfc-b': 'https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#',
  'dfc-m': 'https://github.com/datafoodconsortium/taxonomies/releases/latest/download/measures.rdf#',
  'dfc-pt': 'https://github.com/datafoodconsortium/taxonomies/releases/latest/download/productTypes.rdf#',
  'dfc-f': 'https://github.com/datafoodconsortium/taxonomies/releases/latest/download/facets.rdf#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  'hydra:first': { '@type': '@id' },
  'hydra:next': { '@type': '@id' },
  'dfc-b:hasAddress': { '@type': '@id' },
  'dfc-b:supplies': { '@type': '@id' },
  'dfc-b:suppliedBy': { '@type': '@id' },
  'dfc-b:hasType': { '@type': '@id' },
  'dfc-b:hasUnit': { '@type': '@id' },
  'dfc-b:hasCertification': { '@type': '@id' },
};

const UNIT_MEASURE: Record<string, string> = { KG: 'dfc-m:Kilogram', G: 'dfc-m:Gram', TONNE: 'dfc-m:Tonne', L: 'dfc-m:Litre', DL: 'dfc-m:Decilitre', ML: 'dfc-m:Millilitre', PIECE: 'dfc-m:Piece', DOZEN: 'dfc-m:Dozen' };

/** The DFC product type of a category: its own, else its nearest ancestor's. */
function productTypeOf(code: string, types: Map<string, string | null>): string | null {
  const parts = code.split('.');
  for (let n = parts.length; n > 0; n--) {
    const t = types.get(parts.slice(0, n).join('.'));
    if (t) return t;
  }
  return null;
}

async function categoryTypes(db: Database) {
  const rows = await db.prisma.productCategory.findMany({ select: { code: true, dfcProductType: true, depth: true } });
  return new Map(rows.map((r) => [r.code, r.dfcProductType]));
}

/** Page sizes of the DFC export: `?limit=` up to this many enterprises or products a page. */
export const DFC_MAX_PAGE = 500;
export const DFC_DEFAULT_PAGE = 100;

export interface DfcPage {
  /** Only records after this one (the `after` of the previous page's next link). */
  after?: number | null;
  limit?: number | null;
}

/** A bad `?after` or `?limit`: answered with 400, this message and the parameter. */
export class DfcPageError extends Error {
  constructor(
    readonly field: 'after' | 'limit',
    message: string,
  ) {
    super(message);
  }
}

export function parseDfcPage(params: URLSearchParams): DfcPage {
  const after = params.get('after');
  const limit = params.get('limit');
  if (after !== null && !/^[1-9]\d{0,9}$/.test(after)) throw new DfcPageError('after', `"${after}" is not a page cursor; follow the "next" link of the previous page.`);
  if (limit !== null && !(/^\d{1,4}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= DFC_MAX_PAGE)) throw new DfcPageError('limit', `limit must be 1–${DFC_MAX_PAGE}; got "${limit}".`);
  return { after: after === null ? null : Number(after), limit: limit === null ? null : Number(limit) };
}

const exported = (filter: { municipality?: string | null }) => ({
  deletedAt: null,
  mergedIntoId: null,
  source: { exportable: true },
  ...(filter.municipality ? { municipalityCode: filter.municipality } : {}),
});

/**
 * Producers (or their products) as DFC JSON-LD, one page at a time in ID order, public data only: a
 * sole trader's address is given only at the published precision, contact persons never. Only
 * exportable sources are included. A page that has a successor names it in `hydra:view` (Hydra's
 * partial collection view, which JSON-LD clients follow) and in the HTTP `Link` header.
 */
export async function dfcDocument(db: Database, baseUrl: string, kind: 'enterprises' | 'supplied_products', filter: { municipality?: string | null }, page: DfcPage = {}) {
  const limit = page.limit ?? DFC_DEFAULT_PAGE;
  const after = page.after ?? 0;
  const include = { products: { where: { deletedAt: null }, orderBy: { id: 'asc' as const } }, certifications: { where: { deletedAt: null } }, source: true };
  let producers;
  let more: boolean;
  let last: number | null;
  let products: { id: number; producerId: number }[] | null = null;
  if (kind === 'enterprises') {
    const rows = await db.prisma.producer.findMany({ where: { ...exported(filter), id: { gt: after } }, include, orderBy: { id: 'asc' }, take: limit + 1 });
    more = rows.length > limit;
    producers = rows.slice(0, limit);
    last = producers.at(-1)?.id ?? null;
  } else {
    const rows = await db.prisma.producerProduct.findMany({
      where: { deletedAt: null, id: { gt: after }, producer: exported(filter) },
      select: { id: true, producerId: true },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
    more = rows.length > limit;
    products = rows.slice(0, limit);
    last = products.at(-1)?.id ?? null;
    producers = await db.prisma.producer.findMany({ where: { id: { in: [...new Set(products.map((p) => p.producerId))] } }, include, orderBy: { id: 'asc' } });
  }
  const wanted = products ? new Set(products.map((p) => p.id)) : null;
  const types = await categoryTypes(db);
  const enterpriseId = (id: number) => `${baseUrl}/dfc/enterprises/${id}`;
  const productId = (id: number) => `${baseUrl}/dfc/supplied_products/${id}`;
  const graph: Record<string, unknown>[] = [];
  for (const p of producers) {
    const organic = p.certifications.some((c) => isOrganicScheme(c.scheme));
    if (kind === 'enterprises') {
      const exact = p.locationPrecision === 'EXACT';
      graph.push({
        '@id': enterpriseId(p.id),
        '@type': 'dfc-b:Enterprise',
        'dfc-b:name': p.name,
        ...(p.description ? { 'dfc-b:hasDescription': (p.description as Record<string, string>).en ?? Object.values(p.description as Record<string, string>)[0] } : {}),
        ...(p.website ? { 'dfc-b:websitePage': p.website } : {}),
        'dfc-b:hasAddress': `${enterpriseId(p.id)}#address`,
        'dfc-b:supplies': p.products.map((x) => productId(x.id)),
        'dfc-b:attribution': p.source.attribution ?? `${p.source.name} (${p.source.licence})`,
      });
      graph.push({
        '@id': `${enterpriseId(p.id)}#address`,
        '@type': 'dfc-b:Address',
        ...(exact && p.street ? { 'dfc-b:hasStreet': p.street } : {}),
        ...(p.postalCode ? { 'dfc-b:hasPostalCode': p.postalCode } : {}),
        ...(p.city ? { 'dfc-b:hasCity': p.city } : {}),
        'dfc-b:hasCountry': p.countryCode,
        ...(p.publicLat !== null && p.publicLon !== null ? { 'dfc-b:latitude': p.publicLat, 'dfc-b:longitude': p.publicLon } : {}),
      });
    } else {
      for (const x of p.products) {
        if (!wanted!.has(x.id)) continue;
        graph.push({
          '@id': productId(x.id),
          '@type': 'dfc-b:SuppliedProduct',
          'dfc-b:name': x.name ?? x.categoryCode,
          ...(productTypeOf(x.categoryCode, types) ? { 'dfc-b:hasType': productTypeOf(x.categoryCode, types) } : {}),
          ...(x.annualCapacity !== null && x.capacityUnit ? { 'dfc-b:hasQuantity': { '@type': 'dfc-b:QuantitativeValue', 'dfc-b:hasUnit': UNIT_MEASURE[x.capacityUnit], 'dfc-b:value': Number(x.annualCapacity) } } : {}),
          ...(x.organic && organic ? { 'dfc-b:hasCertification': 'dfc-f:Organic' } : {}),
          'dfc-b:suppliedBy': enterpriseId(p.id),
        });
      }
    }
  }
  if (kind === 'supplied_products') graph.sort((a, b) => Number(String(a['@id']).split('/').pop()) - Number(String(b['@id']).split('/').pop()));
  const pageUrl = (from: number | null) => {
    const url = new URL(`${baseUrl}/dfc/${kind}`);
    if (filter.municipality) url.searchParams.set('municipality', filter.municipality);
    if (page.limit) url.searchParams.set('limit', String(page.limit));
    if (from) url.searchParams.set('after', String(from));
    return url.toString();
  };
  const next = more && last !== null ? pageUrl(last) : null;
  return {
    document: {
      '@context': DFC_CONTEXT,
      '@id': pageUrl(null),
      'hydra:view': { '@id': pageUrl(page.after ?? null), '@type': 'hydra:PartialCollectionView', 'hydra:first': pageUrl(null), ...(next ? { 'hydra:next': next } : {}) },
      '@graph': graph,
    },
    next,
  };
}

// ─── Import ─────────────────────────────────────────────────────────────────────

type Node = Record<string, unknown>;
const COUNTRY_NAMES: Record<string, string> = { norway: 'NO', norge: 'NO', sweden: 'SE', sverige: 'SE', denmark: 'DK', finland: 'FI', france: 'FR', australia: 'AU', germany: 'DE', 'united kingdom': 'GB', estonia: 'EE', latvia: 'LV', lithuania: 'LT', poland: 'PL' };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : v && typeof v === 'object' && '@value' in v ? String((v as { '@value': unknown })['@value']) : null);
const ids = (v: unknown): string[] => (Array.isArray(v) ? v : v == null ? [] : [v]).map((x) => (typeof x === 'string' ? x : str((x as Node)['@id']) ?? '')).filter(Boolean);
const typesOf = (n: Node) => ids(n['@type']).map((t) => t.replace(/^.*[#/]/, 'dfc-b:').replace(/^dfc-b:dfc-b:/, 'dfc-b:'));
const shortType = (t: string | null) => (t ? t.replace(/^https:\/\/github\.com\/datafoodconsortium\/taxonomies\/releases\/latest\/download\/productTypes\.rdf#/, 'dfc-pt:') : null);

function countryCode(value: unknown): string | null {
  const s = str(value) ?? ids(value)[0] ?? null;
  if (!s) return null;
  const tail = s.replace(/^.*[#/]/, '').trim();
  if (/^[A-Za-z]{2}$/.test(tail)) return tail.toUpperCase();
  return COUNTRY_NAMES[tail.toLowerCase()] ?? null;
}

/**
 * Creates or updates producers and their products from a DFC catalogue (a JSON-LD document with an
 * `@graph` of enterprises, addresses and supplied products, as Open Food Network publishes it).
 * Enterprises are keyed by their DFC URI; product types map to the category whose DFC type matches
 * (the most specific one); products of a type with no category are reported and left out.
 */
export async function importDfcCatalog(ctx: Session, sourceKey: string, document: unknown, options: { partial?: boolean } = {}): Promise<BatchResult & { notes: string[] }> {
  const graph = Array.isArray(document) ? document : document && typeof document === 'object' ? ((document as Node)['@graph'] ?? [document]) : null;
  if (!Array.isArray(graph)) throw new UserError(ErrorCode.BAD_USER_INPUT, 'A DFC document is a JSON-LD object with an "@graph" list (or a list of nodes).', { field: 'document' });
  const byId = new Map<string, Node>();
  for (const node of graph as Node[]) if (node && typeof node === 'object' && typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const enterprises = (graph as Node[]).filter((n) => n && typeof n === 'object' && typesOf(n).some((t) => t === 'dfc-b:Enterprise' || t === 'dfc-b:Organization'));
  if (enterprises.length === 0) throw new UserError(ErrorCode.BAD_USER_INPUT, 'The document has no dfc-b:Enterprise.', { field: 'document' });
  if (enterprises.length > MAX_BATCH) throw new UserError(ErrorCode.BAD_USER_INPUT, `At most ${MAX_BATCH} enterprises a call; got ${enterprises.length}.`, { field: 'document' });

  const categories = await ctx.db.prisma.productCategory.findMany({ where: { dfcProductType: { not: null }, deletedAt: null }, select: { code: true, dfcProductType: true, depth: true } });
  const categoryOf = new Map<string, string>();
  for (const c of categories.sort((a, b) => a.depth - b.depth)) categoryOf.set(c.dfcProductType!, c.code); // deepest wins
  const notes: string[] = [];

  const items: ProducerInput[] = enterprises.map((e) => {
    const uri = e['@id'] as string;
    const addressRef = ids(e['dfc-b:hasAddress'])[0];
    const address = (addressRef ? byId.get(addressRef) : undefined) ?? (e['dfc-b:hasAddress'] && typeof e['dfc-b:hasAddress'] === 'object' ? (e['dfc-b:hasAddress'] as Node) : {});
    const lat = Number(str(address['dfc-b:latitude']) ?? address['dfc-b:latitude']);
    const lon = Number(str(address['dfc-b:longitude']) ?? address['dfc-b:longitude']);
    const products: NonNullable<ProducerInput['products']> = [];
    for (const productRef of ids(e['dfc-b:supplies'])) {
      const product = byId.get(productRef);
      if (!product) {
        notes.push(`${uri}: supplied product ${productRef} is not in the document; left out.`);
        continue;
      }
      const type = shortType(ids(product['dfc-b:hasType'])[0] ?? str(product['dfc-b:hasType']));
      const category = type ? categoryOf.get(type) : undefined;
      if (!category) {
        notes.push(`${uri}: product "${str(product['dfc-b:name']) ?? productRef}" has type ${type ?? '(none)'}, which no category maps to; left out.`);
        continue;
      }
      products.push({ externalId: productRef, category, name: str(product['dfc-b:name']) });
    }
    const description = str(e['dfc-b:hasDescription']) ?? str(e['dfc-b:description']);
    return {
      externalId: uri,
      name: str(e['dfc-b:name']) ?? uri,
      kind: 'FARM',
      countryCode: countryCode(address['dfc-b:hasCountry']),
      street: str(address['dfc-b:hasStreet']),
      postalCode: str(address['dfc-b:hasPostalCode']),
      city: str(address['dfc-b:hasCity']),
      lat: Number.isFinite(lat) && Number.isFinite(lon) ? lat : null,
      lon: Number.isFinite(lat) && Number.isFinite(lon) ? lon : null,
      website: str(e['dfc-b:websitePage']),
      descriptions: description ? { en: description } : null,
      products,
    };
  });
  // A catalogue abroad names countries the reference data may lack: register them (ISO code, English name).
  const source = await writableSource(ctx.db, ctx.viewer, sourceKey);
  const codes = [...new Set(items.map((i) => i.countryCode).filter((c): c is string => !!c))];
  const known = new Set((await ctx.db.prisma.country.findMany({ where: { code: { in: codes } }, select: { code: true } })).map((c) => c.code));
  for (const code of codes.filter((c) => !known.has(c))) {
    const name = Object.entries(COUNTRY_NAMES).find(([, c]) => c === code)?.[0];
    await ctx.db.prisma.country.create({ data: { code, names: { en: name ? name.replace(/\b\w/g, (l) => l.toUpperCase()) : code }, sourceId: source.id, externalId: code } });
    notes.push(`Country ${code} was added to the reference data.`);
  }
  const result = await upsertBatch(ctx, producerSpec, sourceKey, items, { partial: options.partial });
  return { ...result, notes };
}
