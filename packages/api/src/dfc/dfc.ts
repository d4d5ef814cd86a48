import type { Session } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import { countryAuthorityUri, countryByAlpha2, parseCountry } from '../places/countries.js';
import { type ProducerInput, producerSpec } from '../sync/kinds.js';
import { dfcProperties } from '../records/fields.js';
import { PRODUCER, PRODUCT } from '../records/producers.js';
import { type BatchResult, type ItemError, type ItemResult, MAX_BATCH, skipGood, summarize, upsertBatch, writableSource } from '../sync/upsert.js';
import { isOrganicScheme } from '../producers/organic.js';
import { type DfcGraph, type Node, deref, iriOrText, list, readDfcGraph, text, typesOf } from './jsonld.js';
import { dfcProductTypes, shortProductType } from './product-types.js';

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
  'dfc-b:hasCountry': { '@type': '@id' },
};

/** The DFC property of each producer and product field that has one (declared with the fields, records/producers.ts). */
const P = dfcProperties(PRODUCER);
const PP = dfcProperties(PRODUCT);

const UNIT_MEASURE: Record<string, string> = {
  KG: 'dfc-m:Kilogram',
  G: 'dfc-m:Gram',
  TONNE: 'dfc-m:Tonne',
  L: 'dfc-m:Litre',
  DL: 'dfc-m:Decilitre',
  ML: 'dfc-m:Millilitre',
  PIECE: 'dfc-m:Piece',
  DOZEN: 'dfc-m:Dozen',
};

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
  if (after !== null && !/^[1-9]\d{0,9}$/.test(after))
    throw new DfcPageError('after', `"${after}" is not a page cursor; follow the "next" link of the previous page.`);
  if (limit !== null && !(/^\d{1,4}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= DFC_MAX_PAGE))
    throw new DfcPageError('limit', `limit must be 1–${DFC_MAX_PAGE}; got "${limit}".`);
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
export async function dfcDocument(
  db: Database,
  baseUrl: string,
  kind: 'enterprises' | 'supplied_products',
  filter: { municipality?: string | null },
  page: DfcPage = {},
) {
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
        [P.name]: p.name,
        ...(p.description
          ? { [P.descriptions]: (p.description as Record<string, string>).en ?? Object.values(p.description as Record<string, string>)[0] }
          : {}),
        ...(p.website ? { [P.website]: p.website } : {}),
        'dfc-b:hasAddress': `${enterpriseId(p.id)}#address`,
        [P.products]: p.products.map((x) => productId(x.id)),
        'dfc-b:attribution': p.source.attribution ?? `${p.source.name} (${p.source.licence})`,
      });
      graph.push({
        '@id': `${enterpriseId(p.id)}#address`,
        '@type': 'dfc-b:Address',
        ...(exact && p.street ? { [P.street]: p.street } : {}),
        ...(p.postalCode ? { [P.postalCode]: p.postalCode } : {}),
        ...(p.city ? { [P.city]: p.city } : {}),
        // As DFC publishers write it: the EU country authority URI (ISO alpha-3).
        [P.countryCode]: countryAuthorityUri(p.countryCode) ?? p.countryCode,
        ...(p.publicLat !== null && p.publicLon !== null ? { [P.lat]: p.publicLat, [P.lon]: p.publicLon } : {}),
      });
    } else {
      for (const x of p.products) {
        if (!wanted!.has(x.id)) continue;
        graph.push({
          '@id': productId(x.id),
          '@type': 'dfc-b:SuppliedProduct',
          [PP.name]: x.name ?? x.categoryCode,
          ...(productTypeOf(x.categoryCode, types) ? { 'dfc-b:hasType': productTypeOf(x.categoryCode, types) } : {}),
          ...(x.annualCapacity !== null && x.capacityUnit
            ? {
                'dfc-b:hasQuantity': {
                  '@type': 'dfc-b:QuantitativeValue',
                  'dfc-b:hasUnit': UNIT_MEASURE[x.capacityUnit],
                  'dfc-b:value': Number(x.annualCapacity),
                },
              }
            : {}),
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
      'hydra:view': {
        '@id': pageUrl(page.after ?? null),
        '@type': 'hydra:PartialCollectionView',
        'hydra:first': pageUrl(null),
        ...(next ? { 'hydra:next': next } : {}),
      },
      '@graph': graph,
    },
    next,
  };
}

// ─── Import ─────────────────────────────────────────────────────────────────────

const ENTERPRISE_TYPES = new Set(['dfc-b:Enterprise', 'dfc-b:Organization', 'dfc-b:Entreprise']);

/** A received value as shown in an error: text, cut short when long. */
function shown(value: unknown): string | null {
  const s = iriOrText(value) ?? (value == null ? null : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return s === null ? null : s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

const refusal = (field: string, message: string, value: unknown = null): ItemError => ({ field, code: ErrorCode.BAD_USER_INPUT, message, value: shown(value) });

/** The ProducerInput fields as the DFC properties they came from, for errors found after mapping. */
const DFC_FIELDS: Readonly<Record<string, string | undefined>> = P;

function dfcField(field: string): string {
  const match = /^items\[\d+\]\.([A-Za-z]+)/.exec(field);
  return match ? (DFC_FIELDS[match[1]!] ?? field) : field;
}

/** A phone number node (`dfc-b:PhoneNumber` with `dfc-b:phoneNumber` and `dfc-b:countryCode`) or text. */
function phoneOf(graph: DfcGraph, value: unknown): string | null {
  const node = deref(graph, value);
  if (!node) return text(value);
  const number = text(node['dfc-b:phoneNumber']);
  const code = text(node['dfc-b:countryCode']);
  return number ? (code && !number.startsWith('+') ? `+${code.replace(/^\+/, '')} ${number}` : number) : null;
}

function coordinate(address: Node, property: string, limit: number): { value: number | null; error?: ItemError } {
  const raw = text(address[property]);
  if (raw === null) return { value: null };
  const value = Number(raw);
  if (!Number.isFinite(value) || Math.abs(value) > limit)
    return { value: null, error: refusal(property, `${property} must be a number from -${limit} to ${limit}.`, address[property]) };
  return { value };
}

interface Reading {
  uri: string | null;
  item?: ProducerInput;
  errors: ItemError[];
  notes: string[];
}

/**
 * Creates or updates producers and their products from a DFC catalogue as other platforms publish it
 * (Open Food Network's `/api/dfc/enterprises`, the DFC standard's examples, this project's own
 * `/dfc/` export): a JSON-LD document, a `@graph`, or an array of documents each with its own
 * `@context` and `@graph`, with nodes referenced by `@id` or nested. Enterprises are keyed by their
 * `@id`. Each enterprise is written or refused; a refusal names the DFC property and the value
 * received. Countries are read as EU authority URIs, ISO codes or names. Product types map to
 * categories through prisma/data/dfc-product-types.csv; products whose type maps to none are listed in
 * `notes` and left out. A contact person, e-mail or phone is kept on the producer but not published
 * until consent is recorded.
 */
export async function importDfcCatalog(
  ctx: Session,
  sourceKey: string,
  document: unknown,
  options: { partial?: boolean } = {},
): Promise<BatchResult & { notes: string[] }> {
  const graph = readDfcGraph(document);
  if (!graph)
    throw new UserError(ErrorCode.BAD_USER_INPUT, 'A DFC catalogue is a JSON-LD document (with "@graph"), an array of such documents, or a list of nodes.', {
      field: 'document',
    });
  const enterprises = graph.nodes.filter((n) => typesOf(n).some((t) => ENTERPRISE_TYPES.has(t)));
  if (enterprises.length === 0) {
    const found = new Map<string, number>();
    for (const n of graph.nodes) for (const t of typesOf(n)) found.set(t, (found.get(t) ?? 0) + 1);
    const listed = [...found].map(([t, c]) => (c > 1 ? `${t} ×${c}` : t)).join(', ');
    throw new UserError(
      ErrorCode.BAD_USER_INPUT,
      `The document has no dfc-b:Enterprise (it has ${graph.nodes.length} node${graph.nodes.length === 1 ? '' : 's'}${listed ? `: ${listed}` : ''}).`,
      { field: 'document' },
    );
  }
  if (enterprises.length > MAX_BATCH)
    throw new UserError(ErrorCode.BAD_USER_INPUT, `At most ${MAX_BATCH} enterprises a call; got ${enterprises.length}.`, { field: 'document' });
  const source = await writableSource(ctx.db, ctx.viewer, sourceKey);

  // DFC type → category: the mapping table, else a category that names the type itself.
  const live = await ctx.db.prisma.productCategory.findMany({ where: { deletedAt: null }, select: { code: true, dfcProductType: true, depth: true } });
  const liveCodes = new Set(live.map((c) => c.code));
  const categoryOf = new Map<string, string>();
  for (const c of live.filter((c) => c.dfcProductType).sort((a, b) => a.depth - b.depth)) categoryOf.set(c.dfcProductType!, c.code); // deepest wins
  const table = dfcProductTypes();
  // Products left out, by the reason (the type and why), with the items affected.
  const leftOut = new Map<string, string[]>();
  const leave = (reason: string, product: string) => leftOut.set(reason, [...(leftOut.get(reason) ?? []), product]);

  // A contact already consented to stays published as long as it is the same contact.
  const uris = enterprises.map((e) => e['@id']).filter((id): id is string => typeof id === 'string');
  const consented = new Map(
    (
      await ctx.db.prisma.producer.findMany({
        where: { sourceId: source.id, externalId: { in: uris }, contactConsent: true },
        select: { externalId: true, contactName: true, contactEmail: true, contactPhone: true },
      })
    ).map((p) => [p.externalId, p]),
  );

  const readings: Reading[] = enterprises.map((e) => {
    const uri = typeof e['@id'] === 'string' ? e['@id'] : null;
    const errors: ItemError[] = [];
    const notes: string[] = [];
    const name = text(e[P.name]);
    if (!uri) errors.push(refusal('@id', 'The enterprise has no @id, so it cannot be kept up to date from later imports.', name));
    if (!name) errors.push(refusal(P.name, `${P.name} is missing: a producer needs a name.`, e[P.name]));
    const address = deref(graph, e['dfc-b:hasAddress']);
    let countryCode: string | null = null;
    let lat: number | null = null;
    let lon: number | null = null;
    if (!address) {
      errors.push(
        refusal(
          'dfc-b:hasAddress',
          `No dfc-b:Address${e['dfc-b:hasAddress'] ? ' with that @id in the document' : ''}: its dfc-b:hasCountry is required.`,
          e['dfc-b:hasAddress'],
        ),
      );
    } else {
      const country = iriOrText(address[P.countryCode]);
      countryCode = country ? parseCountry(country) : null;
      if (!country)
        errors.push(
          refusal(
            P.countryCode,
            `${P.countryCode} is missing: give the EU authority URI (e.g. http://publications.europa.eu/resource/authority/country/NOR) or an ISO 3166 code.`,
          ),
        );
      else if (!countryCode)
        errors.push(
          refusal(
            P.countryCode,
            'Not a country: give the EU authority URI (…/authority/country/ and the ISO 3166 alpha-3 code), an ISO 3166 alpha-2 or alpha-3 code, or an English name.',
            address[P.countryCode],
          ),
        );
      const la = coordinate(address, P.lat, 90);
      const lo = coordinate(address, P.lon, 180);
      for (const c of [la, lo]) if (c.error) errors.push(c.error);
      if ((la.value === null) !== (lo.value === null) && !la.error && !lo.error) {
        const missing = la.value === null ? P.lat : P.lon;
        errors.push(refusal(missing, `${missing} is missing while the other coordinate is given.`));
      }
      [lat, lon] = [la.value, lo.value];
    }
    if (errors.length || !uri || !name || !address) return { uri, errors, notes };

    const products: NonNullable<ProducerInput['products']> = [];
    for (const ref of list(e[P.products])) {
      const product = deref(graph, ref);
      const productId = (product && typeof product['@id'] === 'string' ? product['@id'] : null) ?? (typeof ref === 'string' ? ref : null);
      if (!product) {
        notes.push(`${uri}: supplied product ${shown(ref)} is not in the document; left out.`);
        continue;
      }
      const productName = text(product[PP.name]);
      const label = `${productId ?? '(no @id)'}${productName ? ` ("${productName}")` : ''}`;
      const written = iriOrText(product['dfc-b:hasType']);
      const type = written ? shortProductType(written) : null;
      const mapping = type ? table.get(type) : undefined;
      const category = mapping ? mapping.category : type ? (categoryOf.get(type) ?? null) : null;
      if (!type) leave('No dfc-b:hasType', label);
      else if (!category || !liveCodes.has(category))
        leave(`dfc-b:hasType ${shown(written)}${mapping?.note ? ` (${mapping.note})` : ''} maps to no category`, label);
      else products.push({ externalId: productId, category, name: productName });
    }

    const person = deref(graph, e[P.contactName]);
    const personName = person
      ? [text(person['dfc-b:firstName']), text(person['dfc-b:familyName'])].filter(Boolean).join(' ') || text(person['dfc-b:name'])
      : null;
    const contactName = personName || text(e['ofn:contact_name']);
    const contactEmail = text(e[P.contactEmail]) ?? (person ? text(person[P.contactEmail]) : null);
    const contactPhone = phoneOf(graph, e[P.contactPhone]) ?? (person ? phoneOf(graph, person[P.contactPhone]) : null);
    const kept = [contactName && 'name', contactEmail && 'e-mail', contactPhone && 'phone'].filter(Boolean);
    const previous = consented.get(uri);
    const contactConsent =
      !!previous && previous.contactName === contactName && previous.contactEmail === contactEmail && previous.contactPhone === contactPhone;
    if (kept.length && !contactConsent) notes.push(`${uri}: contact (${kept.join(', ')}) kept, not published until consent is recorded.`);

    const description = text(e[P.descriptions]) ?? text(e['dfc-b:description']);
    return {
      uri,
      errors,
      notes,
      item: {
        externalId: uri,
        name,
        kind: 'FARM',
        countryCode,
        street: text(address[P.street]),
        postalCode: text(address[P.postalCode]),
        city: text(address[P.city]),
        lat,
        lon,
        website: text(e[P.website]),
        descriptions: description ? { en: description } : null,
        contactName,
        contactEmail,
        contactPhone,
        contactConsent,
        products,
      },
    };
  });

  const notes = readings.flatMap((r) => r.notes);
  for (const [reason, products] of leftOut) notes.push(`${reason}; products left out: ${products.join(', ')}.`);

  // A catalogue abroad names countries the reference data may lack: register them from the ISO table.
  const accepted = readings.filter((r) => r.item);
  const codes = [...new Set(accepted.map((r) => r.item!.countryCode!))];
  const known = new Set((await ctx.db.prisma.country.findMany({ where: { code: { in: codes } }, select: { code: true } })).map((c) => c.code));
  for (const code of codes.filter((c) => !known.has(c))) {
    const name = countryByAlpha2(code)!.name;
    await ctx.db.prisma.country.create({ data: { code, names: { en: name }, sourceId: source.id, externalId: code } });
    notes.push(`Country ${code} (${name}) was added to the reference data.`);
  }

  const refused = readings.some((r) => !r.item);
  // Without `partial`, one refused enterprise keeps the whole catalogue out: the others are checked and reported, not written.
  const written = accepted.length
    ? await upsertBatch(
        ctx,
        producerSpec,
        sourceKey,
        accepted.map((r) => r.item!),
        { partial: options.partial, dryRun: refused && !options.partial },
      )
    : null;
  let k = 0;
  const items: ItemResult[] = readings.map((r, index) => {
    if (!r.item) return { index, externalId: r.uri ?? '', status: 'ERROR', recordType: 'Producer', id: null, version: null, errors: r.errors, notes: [] };
    const result = written!.items[k++]!;
    const errors = result.errors.map((e) => ({ ...e, field: dfcField(e.field) }));
    const item = { ...result, index, errors };
    return refused && !options.partial ? skipGood(item) : item;
  });
  const committed = written ? written.committed && !(refused && !options.partial) : !!options.partial;
  return { ...summarize(items, committed, committed ? (written?.lastPosition ?? null) : null), notes };
}
