/**
 * Reading DFC JSON-LD as other platforms publish it, without fetching remote contexts: one document,
 * a `@graph`, an array of documents each with its own `@context` and `@graph`, or a list of nodes;
 * nodes nested inside others; terms written as compact IRIs with the usual DFC prefixes, with
 * prefixes the document binds itself, or as full IRIs. Every property and type is brought to the
 * `dfc-b:` / `dfc-pt:` … form, relative `@id`s are resolved against the document's `@base`, and nodes
 * that share an `@id` (across documents too) are merged.
 */

export type Node = Record<string, unknown>;

interface Scope {
  prefixes: Map<string, string>;
  base: string | null;
}

/** Namespaces of the DFC ontologies and taxonomies, under whichever host they are published. */
const DFC_NAMESPACES: [RegExp, string][] = [
  [/DFC_BusinessOntology\.owl#(.+)$/, 'dfc-b:'],
  [/DFC_ProductOntology\.owl#(.+)$/, 'dfc-p:'],
  [/DFC_TechnicalOntology\.owl#(.+)$/, 'dfc-t:'],
  [/DFC_FullModel\.owl#(.+)$/, 'dfc:'],
  [/productTypes\.rdf#(.+)$/, 'dfc-pt:'],
  [/measures\.rdf#(.+)$/, 'dfc-m:'],
  [/facets\.rdf#(.+)$/, 'dfc-f:'],
];

/** Older and misspelt property names found in published DFC examples, and what they mean now. */
const ALIASES: Record<string, string> = {
  'dfc-p:hasType': 'dfc-b:hasType',
  'dfc-b:hasAdress': 'dfc-b:hasAddress',
  'dfc-b:country': 'dfc-b:hasCountry',
  'dfc-b:city': 'dfc-b:hasCity',
  'dfc-b:postcode': 'dfc-b:hasPostalCode',
  'dfc-b:street': 'dfc-b:hasStreet',
};

/** Properties whose string values are node references, resolved against `@base` like `@id`s. */
const REFERENCES = new Set(['dfc-b:supplies', 'dfc-b:hasAddress', 'dfc-b:hasMainContact', 'dfc-b:hasPhoneNumber']);

const ABSOLUTE = /^[A-Za-z][\w+.-]*:/;

function withContext(context: unknown, parent: Scope): Scope {
  const scope: Scope = { prefixes: new Map(parent.prefixes), base: parent.base };
  for (const part of Array.isArray(context) ? context : [context]) {
    if (!part || typeof part !== 'object') continue; // a remote context (URL): the DFC prefixes are assumed
    for (const [key, value] of Object.entries(part as Node)) {
      if (key === '@base' && typeof value === 'string') scope.base = value;
      else if (!key.startsWith('@') && !key.includes(':') && typeof value === 'string' && ABSOLUTE.test(value)) scope.prefixes.set(key, value);
    }
  }
  return scope;
}

/** A compact or full IRI in its `dfc-b:`… form when it is a DFC term; otherwise as written. */
export function dfcTerm(value: string, scope: Scope = { prefixes: new Map(), base: null }): string {
  let iri = value;
  const compact = /^([A-Za-z][\w.-]*):(?!\/\/)(.*)$/.exec(value);
  if (compact && scope.prefixes.has(compact[1]!)) iri = scope.prefixes.get(compact[1]!)! + compact[2]!;
  for (const [pattern, prefix] of DFC_NAMESPACES) {
    const match = pattern.exec(iri);
    if (match) return `${prefix}${match[1]}`;
  }
  return iri;
}

function resolveId(id: string, scope: Scope): string {
  if (!scope.base || ABSOLUTE.test(id)) return id;
  try {
    return new URL(id, scope.base).toString();
  } catch {
    return id;
  }
}

const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v) && !('@value' in v) && !('@list' in v);

export interface DfcGraph {
  /** Every node, top-level or nested, once per `@id` (merged), plus nodes without an `@id`. */
  nodes: Node[];
  byId: Map<string, Node>;
}

/** Reads a DFC document in any of the shapes above; null when it is not JSON-LD at all. */
export function readDfcGraph(document: unknown): DfcGraph | null {
  if (!document || typeof document !== 'object') return null;
  const byId = new Map<string, Node>();
  const anonymous: Node[] = [];

  // Normalizes one node (keys, types, ids, nested nodes) and registers it.
  const visit = (raw: Node, outer: Scope): Node => {
    const scope = '@context' in raw ? withContext(raw['@context'], outer) : outer;
    if (Array.isArray(raw['@graph']) && !('@type' in raw)) {
      for (const child of raw['@graph']) if (isNode(child)) visit(child, scope);
    }
    const node: Node = {};
    for (const [rawKey, rawValue] of Object.entries(raw)) {
      if (rawKey === '@context' || rawKey === '@graph') continue;
      if (rawKey === '@id') {
        if (typeof rawValue === 'string') node['@id'] = dfcTerm(resolveId(rawValue, scope), scope);
        continue;
      }
      if (rawKey === '@type') {
        node['@type'] = (Array.isArray(rawValue) ? rawValue : [rawValue]).filter((t): t is string => typeof t === 'string').map((t) => dfcTerm(t, scope));
        continue;
      }
      const term = dfcTerm(rawKey, scope);
      const key = ALIASES[term] && !(ALIASES[term]! in raw) ? ALIASES[term]! : term;
      const one = (v: unknown): unknown => {
        if (isNode(v)) return visit(v, scope);
        if (typeof v === 'string' && REFERENCES.has(key)) return resolveId(v, scope);
        if (typeof v === 'string' && key === 'dfc-b:hasType') return dfcTerm(v, scope);
        return v;
      };
      node[key] = Array.isArray(rawValue) ? rawValue.map(one) : one(rawValue);
    }
    const id = node['@id'];
    if (typeof id !== 'string') {
      if ('@type' in node) anonymous.push(node);
      return node;
    }
    const known = byId.get(id);
    if (!known) {
      byId.set(id, node);
      return node;
    }
    // The same node described twice (another document, or a reference written as an object): the first
    // description of each property stands, the others add what it lacks.
    for (const [key, value] of Object.entries(node)) if (!(key in known)) known[key] = value;
    return known;
  };

  const root: Scope = { prefixes: new Map(), base: null };
  for (const item of Array.isArray(document) ? document : [document]) if (isNode(item)) visit(item, root);
  return { nodes: [...byId.values(), ...anonymous], byId };
}

/** The types of a node in `dfc-b:` form. */
export const typesOf = (node: Node): string[] => (Array.isArray(node['@type']) ? (node['@type'] as string[]) : []);

/** The first value of a property as text (a plain string, a number, or an `@value`). */
export function text(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim() === '' ? null : first.trim();
  if (typeof first === 'number' && Number.isFinite(first)) return String(first);
  if (first && typeof first === 'object' && '@value' in first) return text((first as Node)['@value']);
  return null;
}

/** The values of a property as a list. */
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value == null ? [] : [value]);

/** The node a value refers to: the node itself when nested, else the one with that `@id`. */
export function deref(graph: DfcGraph, value: unknown): Node | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return graph.byId.get(first) ?? null;
  if (isNode(first)) return typeof first['@id'] === 'string' ? (graph.byId.get(first['@id']) ?? first) : first;
  return null;
}

/** The IRI or text of a value: a string, an `{"@id"}` reference, or an `@value`. */
export function iriOrText(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (isNode(first) && typeof first['@id'] === 'string') return first['@id'];
  return text(first);
}
