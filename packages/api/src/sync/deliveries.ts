import type { Session } from '../access/auth.js';
import type { SqlSession } from '../db/database.js';
import type * as E from '../generated/prisma/enums.js';
import { DEFAULT_UNIT_FACTORS, UnitTable } from '../deliveries/units.js';
import type { ChangeRecorder } from './changes.js';
import { ORGANIC_SCHEMES, iso } from './resolve.js';
import { type BatchResult, type ItemResult, MAX_BATCH, actorOf, checkBatch, skipGood, summarize, writableSource } from './upsert.js';
import { writeTransaction } from './changes.js';
import type { Source } from '../generated/prisma/client.js';
import type { InputOfTable } from '../records/fields.js';
import type { DELIVERY } from '../records/deliveries.js';
import { ISO_6523, checkOrgNumber, orgNumberKey } from '../records/org-numbers.js';

type Maybe<T> = T | null | undefined;

/** A delivery line as a partner sends it (its fields are declared in records/deliveries.ts); references are the partner's own external IDs. */
export type DeliveryInput = InputOfTable<typeof DELIVERY>;

/** A problem with one field of one line; `field` is the input's field name. */
export interface FieldProblem {
  field: keyof DeliveryInput | 'period';
  message: string;
  value?: string | null;
}

export interface DeliveryRow {
  externalId: string;
  kitchenId: number | null;
  buyerOrganizationId: number | null;
  municipalityCode: string;
  supplierProducerId: number | null;
  supplierOrganizationId: number | null;
  supplierName: string | null;
  producerId: number | null;
  originBasis: E.OriginBasis;
  originCountry: string | null;
  categoryCode: string;
  periodStart: string;
  periodEnd: string;
  quantity: string | null;
  unit: E.Unit | null;
  quantityKg: string | null;
  value: string | null;
  currency: E.Currency | null;
  organic: boolean;
  organicBasis: E.OrganicBasis;
  certifications: E.CertificationScheme[];
  agreementId: number | null;
  gtin: string | null;
  articleCode: string | null;
  replacesExternalId: string | null;
  /** The references as the partner gave them: the change log speaks the partner's terms. */
  refs: { kitchen: string | null; buyerOrgNumber: string | null; producer: string | null; supplierOrgNumber: string | null; agreement: string | null };
}

const text = (v: Maybe<string>) => (v == null || v.trim() === '' ? null : v.trim());

function gtinValid(gtin: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) return false;
  const digits = [...gtin].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/**
 * What delivery lines refer to, loaded in a few statements per chunk so that normalizing a line
 * needs no database round trip: categories, unit factors, kitchens, producers, agreements, orgs.
 */
export class DeliveryLookups {
  categories = new Set<string>();
  units = new UnitTable(DEFAULT_UNIT_FACTORS);
  municipalities = new Map<string, { code: string; split: string[] | null }>();
  kitchens = new Map<string, { id: number; municipalityCode: string }>();
  producers = new Map<string, { id: number; name: string; countryCode: string }>();
  agreements = new Map<string, number | null>();
  organizations = new Map<string, number | null>();
  /** The longest period of any stored line of the source, in days: bounds the overlap search. */
  maxPeriodDays = 0;

  constructor(
    readonly sql: SqlSession,
    readonly source: Source,
  ) {}

  async loadReference() {
    const cats = await this.sql.query<{ code: string }>('SELECT code FROM product_category WHERE deleted_at IS NULL');
    this.categories = new Set(cats.map((c) => c.code));
    const factors = await this.sql.query<{ category_code: string | null; unit: E.Unit; kg_per_unit: string }>(
      'SELECT category_code, unit::text AS unit, kg_per_unit::text FROM unit_conversion WHERE deleted_at IS NULL',
    );
    if (factors.length) this.units = new UnitTable(factors.map((f) => ({ categoryCode: f.category_code, unit: f.unit, kgPerUnit: Number(f.kg_per_unit) })));
    const [longest] = await this.sql.query<{ days: number }>(
      'SELECT COALESCE(max(period_end - period_start), 0)::int AS days FROM delivery WHERE source_id = $1 AND deleted_at IS NULL',
      [this.source.id],
    );
    this.maxPeriodDays = Number(longest?.days ?? 0);
    const muni = await this.sql.query<{ code: string }>('SELECT code FROM municipality');
    for (const m of muni) this.municipalities.set(m.code, { code: m.code, split: null });
    const aliases = await this.sql.query<{ code: string; municipality_code: string }>('SELECT code, municipality_code FROM municipality_alias');
    const byAlias = new Map<string, string[]>();
    for (const a of aliases) if (!this.municipalities.has(a.code)) byAlias.set(a.code, [...(byAlias.get(a.code) ?? []), a.municipality_code]);
    for (const [code, targets] of byAlias) this.municipalities.set(code, targets.length === 1 ? { code: targets[0]!, split: null } : { code, split: targets });
  }

  /** Loads the records a chunk of lines refers to. */
  async loadFor(items: readonly DeliveryInput[]) {
    const want = (pick: (i: DeliveryInput) => Maybe<string>, have: Map<string, unknown>) => [
      ...new Set(items.map(pick).filter((v): v is string => !!v && !have.has(v))),
    ];
    const kitchenIds = want((i) => text(i.kitchenExternalId), this.kitchens);
    if (kitchenIds.length) {
      const rows = await this.sql.query<{ id: number; external_id: string; municipality_code: string }>(
        'SELECT id, external_id, municipality_code FROM kitchen WHERE source_id = $1 AND external_id = ANY($2::text[]) AND deleted_at IS NULL',
        [this.source.id, kitchenIds],
      );
      for (const r of rows) this.kitchens.set(r.external_id, { id: r.id, municipalityCode: r.municipality_code });
    }
    const producerIds = want((i) => text(i.producerExternalId), this.producers);
    if (producerIds.length) {
      // A producer merged into another is referred to by its old external ID and resolves to the survivor.
      const rows = await this.sql.query<{ id: number; external_id: string; name: string; country_code: string }>(
        `SELECT COALESCE(m.id, p.id) AS id, p.external_id, COALESCE(m.name, p.name) AS name, COALESCE(m.country_code, p.country_code) AS country_code
           FROM producer p LEFT JOIN producer m ON m.id = p.merged_into_id
          WHERE p.source_id = $1 AND p.external_id = ANY($2::text[]) AND (p.deleted_at IS NULL OR p.merged_into_id IS NOT NULL)`,
        [this.source.id, producerIds],
      );
      for (const r of rows) this.producers.set(r.external_id, { id: r.id, name: r.name, countryCode: r.country_code });
    }
    const refs = want((i) => text(i.agreementReference), this.agreements);
    if (refs.length) {
      // An agreement is named by its notice reference (Doffin/TED, any source) or by its external ID in this source.
      const rows = await this.sql.query<{ id: number; ref: string }>(
        `SELECT DISTINCT ON (ref) id, ref FROM (
           SELECT id, notice_reference AS ref, 1 AS rank FROM agreement WHERE notice_reference = ANY($2::text[]) AND deleted_at IS NULL
           UNION ALL
           SELECT id, external_id, 0 FROM agreement WHERE source_id = $1 AND external_id = ANY($2::text[]) AND deleted_at IS NULL) a
         ORDER BY ref, rank, id`,
        [this.source.id, refs],
      );
      for (const ref of refs) this.agreements.set(ref, null);
      for (const r of rows) this.agreements.set(r.ref, r.id);
    }
    const orgs = [
      ...new Set(
        items
          .flatMap((i) => [text(i.supplierOrgNumber), text(i.buyerOrgNumber)])
          .map((v) => v && orgNumberKey(v))
          .filter((v): v is string => !!v && !this.organizations.has(v)),
      ),
    ];
    if (orgs.length) {
      const rows = await this.sql.query<{ id: number; org_number: string }>(
        // An org number of a merged organization is an identifier of the survivor.
        `SELECT DISTINCT ON (org_number) id, org_number FROM (
           SELECT id, org_number, 0 AS rank FROM organization WHERE org_number = ANY($1::text[]) AND deleted_at IS NULL
           UNION ALL
           SELECT organization_id, value, 1 FROM organization_identifier WHERE scheme = 'iso6523' AND value = ANY($1::text[])) o
         ORDER BY org_number, rank, id`,
        [orgs],
      );
      for (const o of orgs) this.organizations.set(o, null);
      for (const r of rows) this.organizations.set(r.org_number, r.id);
    }
  }
}

/** Validates and normalizes one line against loaded lookups; every problem is reported, not just the first. */
export function normalizeDelivery(input: DeliveryInput, look: DeliveryLookups): { row?: DeliveryRow; problems: FieldProblem[]; notes: string[] } {
  const problems: FieldProblem[] = [];
  const notes: string[] = [];
  const bad = (field: FieldProblem['field'], message: string, value?: unknown) =>
    problems.push({ field, message, value: value == null ? null : String(value) });
  // An org number in its stored form, or null with the problem reported. A wrong check digit is not
  // echoed back: it may be a mistyped personal identity number.
  const orgNumberOf = (field: 'buyerOrgNumber' | 'supplierOrgNumber', given: string | null): string | null => {
    if (!given) return null;
    if (!ISO_6523.test(given)) {
      bad(field, `"${given}" is not an ISO 6523 org number such as "0192:912345678".`, given);
      return null;
    }
    const checked = checkOrgNumber(given);
    if (checked.ok) return checked.value;
    bad(field, checked.message);
    return null;
  };

  const externalId = text(input.externalId);
  if (!externalId) bad('externalId', 'externalId is empty.');

  const category = text(input.category);
  if (!category) bad('category', 'category is empty.');
  else if (!look.categories.has(category)) bad('category', `Unknown category code "${category}"; see the \`categories\` query for the codes.`, category);

  const start = input.periodStart;
  const end = input.periodEnd;
  const validStart = start instanceof Date && !Number.isNaN(start.getTime());
  const validEnd = end instanceof Date && !Number.isNaN(end.getTime());
  if (!validStart) bad('periodStart', 'periodStart is not a date (YYYY-MM-DD).');
  if (!validEnd) bad('periodEnd', 'periodEnd is not a date (YYYY-MM-DD).');
  if (validStart && validEnd && end < start) bad('periodEnd', `The period ends (${iso(end)}) before it starts (${iso(start)}).`, iso(end));

  let kitchen: { id: number; municipalityCode: string } | undefined;
  const kitchenRef = text(input.kitchenExternalId);
  if (kitchenRef) {
    kitchen = look.kitchens.get(kitchenRef);
    if (!kitchen) bad('kitchenExternalId', `No kitchen with externalId "${kitchenRef}" in source "${look.source.key}"; send the kitchen first.`, kitchenRef);
  }
  let municipality: string | null = kitchen?.municipalityCode ?? null;
  const muniInput = text(input.municipalityCode)?.toUpperCase();
  if (muniInput) {
    const m = look.municipalities.get(muniInput);
    if (!m) bad('municipalityCode', `Unknown municipality code "${muniInput}"; codes look like "NO-3901" or "SE-0181".`, muniInput);
    else if (m.split) bad('municipalityCode', `Municipality ${muniInput} was split into ${m.split.join(' and ')}; name the one you mean.`, muniInput);
    else {
      if (m.code !== muniInput) notes.push(`municipalityCode ${muniInput} is an older code, mapped to ${m.code}.`);
      if (kitchen && kitchen.municipalityCode !== m.code)
        bad('municipalityCode', `The kitchen "${kitchenRef}" is in ${kitchen.municipalityCode}, not ${m.code}.`, muniInput);
      municipality = m.code;
    }
  }
  const buyerOrg = orgNumberOf('buyerOrgNumber', text(input.buyerOrgNumber));
  let buyerOrganizationId: number | null = null;
  if (buyerOrg) {
    buyerOrganizationId = look.organizations.get(buyerOrg) ?? null;
    if (buyerOrganizationId === null) bad('buyerOrgNumber', `No organization with org number "${buyerOrg}".`, buyerOrg);
  }
  if (!kitchenRef && !municipality && !problems.some((p) => p.field === 'municipalityCode')) {
    bad('kitchenExternalId', 'Say who bought: kitchenExternalId, or municipalityCode (with buyerOrgNumber when known).');
  }

  // Origin (producer) and supplier are kept apart: local is judged by the producer, never the supplier.
  const producerRef = text(input.producerExternalId);
  const producer = producerRef ? look.producers.get(producerRef) : undefined;
  if (producerRef && !producer)
    bad('producerExternalId', `No producer with externalId "${producerRef}" in source "${look.source.key}"; send the producer first.`, producerRef);
  const supplierName = text(input.supplierName);
  const supplierOrg = orgNumberOf('supplierOrgNumber', text(input.supplierOrgNumber));
  let supplierOrganizationId: number | null = null;
  if (supplierOrg) supplierOrganizationId = look.organizations.get(supplierOrg) ?? null;
  const supplierIsProducer = !supplierName && !supplierOrg && !!producer;
  let originBasis: E.OriginBasis = input.originBasis ?? (producer ? (supplierIsProducer ? 'DIRECT' : 'DECLARED') : 'UNKNOWN');
  if (originBasis !== 'UNKNOWN' && !producerRef) bad('originBasis', `originBasis ${originBasis.toLowerCase()} needs producerExternalId.`, originBasis);
  if (originBasis === 'DIRECT' && (supplierName || supplierOrg))
    bad('originBasis', 'originBasis direct means the producer delivered itself; leave supplier_name empty then.', originBasis);
  if (!producer) originBasis = originBasis === 'UNKNOWN' ? 'UNKNOWN' : originBasis;

  // A known producer's country is the origin: a line cannot contradict it (statistics judge
  // SAME_COUNTRY by the producer, so a contradicting line would be counted against what it says).
  // A producer farming in two countries is registered once per country, and each line names its own.
  const givenOrigin = text(input.originCountry)?.toUpperCase() ?? null;
  const originCountry = givenOrigin ?? producer?.countryCode ?? null;
  if (givenOrigin && !/^[A-Z]{2}$/.test(givenOrigin))
    bad('originCountry', `"${givenOrigin}" is not an ISO 3166-1 alpha-2 country code such as "NO".`, givenOrigin);
  else if (givenOrigin && producer && givenOrigin !== producer.countryCode) {
    bad(
      'originCountry',
      `Origin country ${givenOrigin} contradicts producer "${producerRef}" (${producer.name}), which is registered in ${producer.countryCode}; leave the origin country empty to take the producer's country.`,
      givenOrigin,
    );
  }

  const quantity = input.quantity ?? null;
  const value = input.value ?? null;
  if (quantity === null && value === null) bad('quantity', 'Give quantity (with unit), value (with currency), or both.');
  if (quantity !== null) {
    if (!Number.isFinite(quantity)) bad('quantity', 'quantity is not a number.', quantity);
    if (!input.unit) bad('unit', 'quantity needs a unit (kg, g, tonne, l, dl, ml, piece, dozen).');
  }
  if (value !== null) {
    if (!Number.isFinite(value)) bad('value', 'value is not a number.', value);
    if (!input.currency) bad('currency', 'value needs a currency (NOK, SEK, EUR, DKK, PLN).');
  }
  if (value === null && input.currency) bad('currency', 'currency is given without a value.', input.currency);
  const quantityKg = category && quantity !== null && input.unit ? look.units.toKg(category, input.unit, quantity) : null;

  // Organic means certified under EU organic rules; other labels never make a line organic.
  const certifications = [...new Set(input.certifications ?? [])];
  const organicCert = certifications.some((c) => ORGANIC_SCHEMES.includes(c));
  const otherLabels = certifications.filter((c) => !ORGANIC_SCHEMES.includes(c));
  if (input.organic === true && certifications.length > 0 && !organicCert) {
    bad(
      'organic',
      `${otherLabels.join(', ')} ${otherLabels.length === 1 ? 'is not an organic scheme' : 'are not organic schemes'}; organic means certified under EU organic rules (${ORGANIC_SCHEMES.join(', ')}).`,
      'true',
    );
  }
  if (input.organic === false && organicCert)
    bad(
      'organic',
      `organic is false but the line carries an organic certification (${certifications.filter((c) => ORGANIC_SCHEMES.includes(c)).join(', ')}).`,
      'false',
    );
  const organic = input.organic ?? organicCert;
  const organicBasis: E.OrganicBasis = input.organicBasis ?? (organic ? (organicCert ? 'CERTIFIED_PRODUCT' : 'SUPPLIER_DECLARATION') : 'NONE');
  if (!organic && organicBasis !== 'NONE')
    bad('organicBasis', `organicBasis ${organicBasis.toLowerCase()} is given for a line that is not organic.`, organicBasis);

  let agreementId: number | null = null;
  const agreementRef = text(input.agreementReference);
  if (agreementRef) {
    agreementId = look.agreements.get(agreementRef) ?? null;
    if (agreementId === null) bad('agreementReference', `No agreement with notice reference or externalId "${agreementRef}".`, agreementRef);
  }
  const gtin = text(input.gtin);
  if (gtin && !gtinValid(gtin)) bad('gtin', `"${gtin}" is not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit).`, gtin);
  const articleCode = text(input.articleCode);
  if (articleCode && articleCode.length > 64)
    bad('articleCode', `articleCode is ${articleCode.length} characters long; an article number has at most 64.`, articleCode);
  const replaces = text(input.replacesExternalId);
  if (replaces && replaces === externalId) bad('replacesExternalId', 'A line cannot replace itself.', replaces);

  if (problems.length) return { problems, notes };
  return {
    problems,
    notes,
    row: {
      externalId: externalId!,
      kitchenId: kitchen?.id ?? null,
      buyerOrganizationId,
      municipalityCode: municipality!,
      supplierProducerId: supplierIsProducer ? producer!.id : null,
      supplierOrganizationId,
      supplierName,
      producerId: producer?.id ?? null,
      originBasis,
      originCountry,
      categoryCode: category!,
      periodStart: iso(start)!,
      periodEnd: iso(end)!,
      quantity: quantity === null ? null : String(quantity),
      unit: input.unit ?? null,
      quantityKg: quantityKg === null ? null : String(quantityKg),
      value: value === null ? null : String(value),
      currency: input.currency ?? null,
      organic,
      organicBasis,
      certifications,
      agreementId,
      gtin,
      articleCode,
      replacesExternalId: replaces,
      refs: { kitchen: kitchenRef, buyerOrgNumber: buyerOrg, producer: producerRef, supplierOrgNumber: supplierOrg, agreement: agreementRef },
    },
  };
}

/**
 * The article a line is about, as one text: its GTIN when it has one; otherwise its category,
 * producer, supplier (as statistics key it: registered producer, registered organization, or the
 * name without case), organic status, certifications (as a sorted set), unit and the supplier's
 * article code (empty when not given). Lines overlap only within one article, so organic and
 * conventional carrots, or two pack sizes with their own article codes, are separate purchases.
 *
 * One SQL expression for staged lines and stored ones, so that both sides of the overlap check
 * compute the same key: `line` is the alias of a row with the `delivery` columns; `certifications`
 * and `unit` are expressions giving them as text (certifications comma-separated, in any order).
 */
export function articleKeySql(line: string, certifications: string, unit: string): string {
  // Sorting, the costliest part of the key, is skipped for the common lines with at most one certification.
  const certs = `coalesce(${certifications}, '')`;
  const sorted = `CASE WHEN ${certs} LIKE '%,%' THEN array_to_string(ARRAY(SELECT c FROM unnest(string_to_array(${certs}, ',')) c ORDER BY c COLLATE "C"), ',') ELSE ${certs} END`;
  return `CASE WHEN ${line}.gtin IS NOT NULL THEN 'gtin:' || ${line}.gtin
    ELSE 'cat:' || ${line}.category_code || '|p:' || coalesce(${line}.producer_id::text, '')
      || '|s:' || coalesce(fc_supplier_key(${line}.supplier_producer_id, ${line}.supplier_organization_id, ${line}.supplier_name), '')
      || '|o:' || ${line}.organic::text || '|c:' || ${sorted} || '|u:' || coalesce(${unit}, '') || '|a:' || coalesce(${line}.article_code, '') END`;
}
/** The article key of a staged line. */
const STAGED_ARTICLE = articleKeySql('s', 's.certifications', 's.unit');
/** The article key of a stored line. */
const STORED_ARTICLE = articleKeySql('d', "array_to_string(d.certifications, ',')", 'd.unit::text');
/** Who bought: the kitchen, else the buying municipality. */
const buyerKey = (r: DeliveryRow) => (r.kitchenId !== null ? String(r.kitchenId) : `m:${r.municipalityCode}`);

interface StagedColumn {
  name: string;
  type: 'int' | 'text' | 'date' | 'numeric' | 'bool';
  get: (r: DeliveryRow) => unknown;
  /** The delivery column's type, when the staged value needs a cast. */
  cast?: string;
}

/** The columns of a line in the `delivery` table, in the order they are staged and written. */
const COLUMNS: readonly StagedColumn[] = [
  { name: 'kitchen_id', type: 'int', get: (r) => r.kitchenId },
  { name: 'buyer_organization_id', type: 'int', get: (r) => r.buyerOrganizationId },
  { name: 'municipality_code', type: 'text', get: (r) => r.municipalityCode },
  { name: 'supplier_producer_id', type: 'int', get: (r) => r.supplierProducerId },
  { name: 'supplier_organization_id', type: 'int', get: (r) => r.supplierOrganizationId },
  { name: 'supplier_name', type: 'text', get: (r) => r.supplierName },
  { name: 'producer_id', type: 'int', get: (r) => r.producerId },
  { name: 'origin_basis', type: 'text', get: (r) => r.originBasis, cast: '"OriginBasis"' },
  { name: 'origin_country', type: 'text', get: (r) => r.originCountry },
  { name: 'category_code', type: 'text', get: (r) => r.categoryCode },
  { name: 'period_start', type: 'date', get: (r) => r.periodStart },
  { name: 'period_end', type: 'date', get: (r) => r.periodEnd },
  { name: 'quantity', type: 'numeric', get: (r) => r.quantity },
  { name: 'unit', type: 'text', get: (r) => r.unit, cast: '"Unit"' },
  { name: 'quantity_kg', type: 'numeric', get: (r) => r.quantityKg },
  { name: 'value', type: 'numeric', get: (r) => r.value },
  { name: 'currency', type: 'text', get: (r) => r.currency, cast: '"Currency"' },
  { name: 'organic', type: 'bool', get: (r) => r.organic },
  { name: 'organic_basis', type: 'text', get: (r) => r.organicBasis, cast: '"OrganicBasis"' },
  { name: 'certifications', type: 'text', get: (r) => r.certifications.join(','), cast: '"CertificationScheme"[]' },
  { name: 'agreement_id', type: 'int', get: (r) => r.agreementId },
  { name: 'gtin', type: 'text', get: (r) => r.gtin },
  { name: 'article_code', type: 'text', get: (r) => r.articleCode },
];

/** Staged besides the columns: what the overlap checks need. */
const STAGED: readonly StagedColumn[] = [
  ...COLUMNS,
  { name: 'replaces_external_id', type: 'text', get: (r) => r.replacesExternalId },
  { name: 'buyer_key', type: 'text', get: buyerKey },
];
/** Sent with a line for its change-log data only (the references in the partner's terms). */
const REFS: readonly StagedColumn[] = [
  { name: 'kitchen_ref', type: 'text', get: (r) => r.refs.kitchen },
  { name: 'buyer_org', type: 'text', get: (r) => r.refs.buyerOrgNumber },
  { name: 'producer_ref', type: 'text', get: (r) => r.refs.producer },
  { name: 'supplier_org', type: 'text', get: (r) => r.refs.supplierOrgNumber },
  { name: 'agreement_ref', type: 'text', get: (r) => r.refs.agreement },
];
const STAGED_NAMES = ['line', 'external_id', 'ok', ...STAGED.map((c) => c.name)].join(', ');
const SENT = [...STAGED, ...REFS];
const SENT_NAMES = ['line', 'external_id', 'ok', ...SENT.map((c) => c.name)].join(', ');

const castOf = (c: StagedColumn) =>
  c.name === 'certifications'
    ? `CASE WHEN s.certifications = '' THEN '{}'::"CertificationScheme"[] ELSE string_to_array(s.certifications, ',')::"CertificationScheme"[] END`
    : c.cast
      ? `s.${c.name}::${c.cast}`
      : `s.${c.name}`;

/** The line in the partner's own terms (their external IDs), as the change log carries it. */
const CHANGE_DATA = `jsonb_build_object(
  'kitchenExternalId', s.kitchen_ref, 'buyerOrgNumber', s.buyer_org, 'municipalityCode', s.municipality_code,
  'producerExternalId', s.producer_ref, 'supplierName', s.supplier_name, 'supplierOrgNumber', s.supplier_org,
  'originBasis', s.origin_basis, 'originCountry', s.origin_country, 'category', s.category_code,
  'periodStart', s.period_start::text, 'periodEnd', s.period_end::text, 'quantity', s.quantity, 'unit', s.unit,
  'quantityKg', s.quantity_kg, 'value', s.value, 'currency', s.currency, 'organic', s.organic, 'organicBasis', s.organic_basis,
  'certifications', COALESCE(to_jsonb(string_to_array(NULLIF(s.certifications, ''), ',')), '[]'::jsonb),
  'agreementReference', s.agreement_ref, 'gtin', s.gtin, 'articleCode', s.article_code, 'replacesExternalId', s.replaces_external_id)`;

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

export interface WriteOutcome {
  externalId: string;
  status: 'CREATED' | 'UPDATED' | 'UNCHANGED';
  id: bigint | null;
  version: number | null;
}

/** A line refused by a set-based check: `line` is what the caller staged it under (file line or item index). */
export interface StagedProblem {
  line: number;
  externalId: string;
  problem: FieldProblem;
}

interface StagedLine {
  line: number;
  externalId: string | null;
  row: DeliveryRow | null;
}

let stageCount = 0;

/**
 * Delivery lines staged in a temporary table of the write transaction, then checked and written
 * set-based: duplicates and overlaps are found by a few statements over the whole batch, the lines
 * are inserted or updated by one statement, and their changes are appended by the change recorder
 * at commit, with the data staged with each line. On PostgreSQL lines arrive with COPY, a chunk
 * stored while the next is read; elsewhere as one JSON parameter a chunk.
 */
export class DeliveryStage {
  readonly table: string;
  private readonly written: string;
  private readonly replaced: string;
  private readonly clash: string;
  private readonly incoming: string;
  private buffer: StagedLine[] = [];
  private sending: Promise<void> = Promise.resolve();
  private replacing = false;
  /** Lines staged as valid so far (bad ones are staged too, for the duplicate check). */
  staged = 0;

  constructor(
    readonly sql: SqlSession,
    readonly sourceId: number,
  ) {
    const n = ++stageCount;
    this.table = `fc_delivery_stage_${n}`;
    this.written = `fc_delivery_written_${n}`;
    this.replaced = `fc_delivery_replaced_${n}`;
    this.clash = `fc_delivery_clash_${n}`;
    this.incoming = `fc_delivery_incoming_${n}`;
  }

  async open() {
    await this.sql.exec(
      `CREATE TEMP TABLE ${this.table} (line int NOT NULL, external_id text, ok boolean NOT NULL, dup boolean NOT NULL DEFAULT false, ${STAGED.map((c) => `${c.name} ${c.type}`).join(', ')}, article text, data jsonb) ON COMMIT DROP`,
    );
    await this.sql.exec(
      `CREATE TEMP TABLE ${this.incoming} (line int NOT NULL, external_id text, ok boolean NOT NULL, ${SENT.map((c) => `${c.name} ${c.type}`).join(', ')}) ON COMMIT DROP`,
    );
    await this.sql.exec(`CREATE TEMP TABLE ${this.written} (seq bigserial, id bigint, external_id text, version int, inserted boolean) ON COMMIT DROP`);
    await this.sql.exec(`CREATE TEMP TABLE ${this.replaced} (seq bigserial, id bigint, external_id text, version int, by bigint) ON COMMIT DROP`);
    await this.sql.exec(`CREATE TEMP TABLE ${this.clash} (line int PRIMARY KEY, other text, ps text, pe text, stored boolean) ON COMMIT DROP`);
  }

  /** Stages a line (a valid `row`, or only the external ID of a bad one); `write()` sends them. */
  add(line: number, externalId: string | null, row: DeliveryRow | null) {
    this.buffer.push({ line, externalId, row });
    if (row) {
      this.staged++;
      if (row.replacesExternalId) this.replacing = true;
    }
  }

  /** Sends the lines added since the last call, and waits until every line sent is stored. */
  async write() {
    await this.writeBehind();
    await this.sending;
  }

  /**
   * Starts sending the lines added since the last call once the previous send is done, without
   * waiting for this one: the database stores a chunk while the caller reads and checks the next
   * (two cores at work), and at most two chunks are held. A failed send surfaces at the next call.
   */
  async writeBehind() {
    const lines = this.buffer;
    this.buffer = [];
    await this.sending;
    if (lines.length === 0) return;
    this.sending = this.send(lines);
    // Awaited by the next call; not an unhandled rejection while the caller reads on.
    this.sending.catch(() => {});
    // One turn of the event loop, so the database gets the chunk and its next statement now
    // rather than when the reader next waits for the file.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * Stores lines in the stage with their change-log data, built here (a 24-key jsonb object per
   * line costs as much as inserting the line) while the caller reads the next chunk, instead of at
   * commit. On PostgreSQL the lines arrive with COPY into a table for one chunk; elsewhere as one
   * JSON parameter.
   */
  private async send(lines: StagedLine[]) {
    const store = (from: string) =>
      `INSERT INTO ${this.table} (${STAGED_NAMES}, article, data) SELECT ${STAGED_NAMES}, CASE WHEN s.ok THEN ${STAGED_ARTICLE} END, CASE WHEN s.ok THEN ${CHANGE_DATA} END FROM ${from} s`;
    if (this.sql.copyFrom) {
      let text = '';
      for (const l of lines) {
        text += `${l.line}\t${copyValue(l.externalId)}\t${l.row ? 't' : 'f'}`;
        for (const c of SENT) text += `\t${l.row ? copyValue(c.get(l.row)) : '\\N'}`;
        text += '\n';
      }
      await this.sql.copyFrom(`COPY ${this.incoming} (${SENT_NAMES}) FROM STDIN`, text);
      await this.sql.exec(`${store(this.incoming)}; TRUNCATE ${this.incoming}`);
      return;
    }
    const json = JSON.stringify(
      lines.map((l) => {
        const o: Record<string, unknown> = { line: l.line, external_id: l.externalId, ok: l.row !== null };
        if (l.row) for (const c of SENT) o[c.name] = c.get(l.row);
        return o;
      }),
    );
    await this.sql.query(store(`json_populate_recordset(NULL::${this.incoming}, $1::json)`), [json]);
  }

  /**
   * Marks lines whose external ID appears on an earlier line. Returns how many there are, how many
   * of them were valid until now, and the first `limit` of them.
   */
  async markDuplicates(limit: number): Promise<{ count: number; newlyFailed: number; first: StagedProblem[] }> {
    const t = this.table;
    await this.sql.exec(
      `UPDATE ${t} s SET dup = true
         FROM (SELECT line FROM (SELECT line, row_number() OVER (PARTITION BY external_id ORDER BY line) AS n FROM ${t} WHERE external_id IS NOT NULL) x WHERE n > 1) d
        WHERE s.line = d.line`,
    );
    const [counts] = await this.sql.query<{ count: number; valid: number }>(
      `SELECT count(*)::int AS count, count(*) FILTER (WHERE ok)::int AS valid FROM ${t} WHERE dup`,
    );
    if (!counts || counts.count === 0) return { count: 0, newlyFailed: 0, first: [] };
    const first = await this.sql.query<{ line: number; external_id: string }>(`SELECT line, external_id FROM ${t} WHERE dup ORDER BY line LIMIT $1`, [limit]);
    await this.sql.exec(`UPDATE ${t} SET ok = false WHERE dup AND ok`);
    this.staged -= counts.valid;
    return {
      count: counts.count,
      newlyFailed: counts.valid,
      first: first.map((d) => ({ line: d.line, externalId: d.external_id, problem: { field: 'externalId', message: '', value: d.external_id } })),
    };
  }

  /**
   * No double counting: marks lines overlapping another of the same source, kitchen (or buyer
   * municipality), article and period, unless they name the line they replace. A line is checked
   * against the earlier lines of the batch and against stored lines (not those the batch rewrites).
   * `maxPeriodDays` is the longest stored period of the source: it bounds each probe of the stored
   * lines to a narrow range of the (kitchen, period_start) index.
   */
  async markOverlaps(maxPeriodDays: number, limit: number): Promise<{ count: number; first: StagedProblem[] }> {
    const t = this.table;
    await this.sql.query(
      `INSERT INTO ${this.clash} (line, other, ps, pe, stored)
       WITH candidates AS (
         SELECT DISTINCT buyer_key, article FROM (
           SELECT buyer_key, article, period_start,
                  max(period_end) OVER (PARTITION BY buyer_key, article ORDER BY period_start, line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
             FROM ${t} WHERE ok) x
          WHERE before_end >= period_start)
       SELECT DISTINCT ON (s1.line) s1.line, s2.external_id, s2.period_start::text, s2.period_end::text, false
         FROM candidates c
         JOIN ${t} s1 ON s1.buyer_key = c.buyer_key AND s1.article = c.article AND s1.ok
         JOIN ${t} s2 ON s2.buyer_key = s1.buyer_key AND s2.article = s1.article AND s2.ok AND s2.line < s1.line
          AND s2.period_start <= s1.period_end AND s2.period_end >= s1.period_start
          AND s2.external_id <> s1.external_id AND s2.external_id IS DISTINCT FROM s1.replaces_external_id
        ORDER BY s1.line, s2.line`,
    );
    const [stored] = await this.sql.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM delivery WHERE source_id = $1 AND deleted_at IS NULL) AS any', [
      this.sourceId,
    ]);
    if (stored?.any) {
      // Joining the whole batch with stored lines: the planner needs the staged table's statistics
      // (temporary tables are never analyzed on their own).
      await this.sql.exec(`ANALYZE ${t}`);
      // Two probes, each along its own index: lines of a kitchen, and lines of a buyer municipality.
      for (const byKitchen of [true, false]) {
        await this.sql.query(
          `INSERT INTO ${this.clash} (line, other, ps, pe, stored)
           SELECT DISTINCT ON (s.line) s.line, d.external_id, d.period_start::text, d.period_end::text, true
             FROM ${t} s
             JOIN delivery d ON ${byKitchen ? 'd.kitchen_id = s.kitchen_id' : 'd.municipality_code = s.municipality_code AND d.kitchen_id IS NULL'}
              AND d.period_start <= s.period_end AND d.period_start >= s.period_start - $2::int AND d.period_end >= s.period_start
              AND d.source_id = $1 AND d.deleted_at IS NULL
              AND d.external_id <> s.external_id AND d.external_id IS DISTINCT FROM s.replaces_external_id
              AND ${STORED_ARTICLE} = s.article
            WHERE s.ok AND s.kitchen_id IS ${byKitchen ? 'NOT ' : ''}NULL
              -- A stored line that this batch itself rewrites is checked by its new form, not its old one.
              AND NOT EXISTS (SELECT 1 FROM ${t} r WHERE r.external_id = d.external_id AND r.ok)
            ORDER BY s.line, d.period_start, d.id
           ON CONFLICT (line) DO NOTHING`,
          [this.sourceId, maxPeriodDays],
        );
      }
    }
    const [counted] = await this.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${this.clash}`);
    if (!counted || counted.count === 0) return { count: 0, first: [] };
    const first = await this.sql.query<{ line: number; external_id: string; other: string; ps: string; pe: string; stored: boolean }>(
      `SELECT c.line, s.external_id, c.other, c.ps, c.pe, c.stored FROM ${this.clash} c JOIN ${t} s ON s.line = c.line ORDER BY c.line LIMIT $1`,
      [limit],
    );
    await this.sql.exec(`UPDATE ${t} s SET ok = false FROM ${this.clash} c WHERE s.line = c.line`);
    this.staged -= counted.count;
    return {
      count: counted.count,
      first: first.map((c) => ({
        line: c.line,
        externalId: c.external_id,
        problem: {
          field: 'replacesExternalId',
          message: `Overlaps ${c.stored ? 'stored ' : ''}line "${c.other}" (same kitchen, article and period ${c.ps}–${c.pe}); give replaces_external_id to correct it, or report it once.`,
          value: c.other,
        },
      })),
    };
  }

  /**
   * Writes the valid staged lines in one statement: inserts new ones, updates changed ones
   * (version + 1), leaves identical ones alone (no version bump, no change); tombstones the lines
   * they replace. Their changes are handed to the recorder as SQL, run at commit over these tables.
   */
  async merge(changes: ChangeRecorder): Promise<{ created: number; updated: number; unchanged: number }> {
    const t = this.table;
    const names = COLUMNS.map((c) => c.name);
    // Lines are written in external-ID order by every writer, so that two concurrent writers touching
    // the same lines queue behind each other's row locks instead of deadlocking.
    const [counts] = await this.sql.query<{ created: number; updated: number }>(
      `WITH up AS (
         INSERT INTO delivery (source_id, external_id, ${names.join(', ')}, updated_at)
         SELECT $1::int, s.external_id, ${COLUMNS.map(castOf).join(', ')}, now()
           FROM ${t} s WHERE s.ok ORDER BY s.external_id
         ON CONFLICT (source_id, external_id) DO UPDATE SET
           ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')},
           version = delivery.version + 1, updated_at = now(), deleted_at = NULL
         WHERE delivery.deleted_at IS NOT NULL
            OR (${names.map((n) => `delivery.${n}`).join(', ')}) IS DISTINCT FROM (${names.map((n) => `EXCLUDED.${n}`).join(', ')})
         RETURNING id, external_id, version, (xmax = 0) AS inserted),
       w AS (INSERT INTO ${this.written} (id, external_id, version, inserted) SELECT id, external_id, version, inserted FROM up RETURNING inserted)
       SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM w`,
      [this.sourceId],
    );
    const created = counts?.created ?? 0;
    const updated = counts?.updated ?? 0;
    changes.addBulk(
      `SELECT CASE WHEN w.inserted THEN 'CREATE' ELSE 'UPDATE' END AS op, 'Delivery' AS rt, w.id::text AS rid, $1::int AS sid,
              w.external_id AS eid, w.version AS ver, s.data AS d, w.seq AS n
         FROM ${this.written} w JOIN ${t} s ON s.external_id = w.external_id AND s.ok`,
      [this.sourceId],
    );
    if (this.replacing && created + updated > 0) {
      await this.sql.query(
        `WITH r AS (
           UPDATE delivery d SET deleted_at = now(), version = d.version + 1, updated_at = now()
             FROM ${t} s JOIN ${this.written} w ON w.external_id = s.external_id
            WHERE s.ok AND s.replaces_external_id IS NOT NULL
              AND d.source_id = $1 AND d.external_id = s.replaces_external_id AND d.deleted_at IS NULL
            RETURNING d.id, d.external_id, d.version, w.id AS by)
         INSERT INTO ${this.replaced} (id, external_id, version, by) SELECT id, external_id, version, by FROM r`,
        [this.sourceId],
      );
      await this.sql.query(`UPDATE delivery d SET replaces_id = r.id FROM ${this.replaced} r WHERE d.id = r.by`);
      changes.addBulk(
        `SELECT 'DELETE' AS op, 'Delivery' AS rt, r.id::text AS rid, $1::int AS sid, r.external_id AS eid, r.version AS ver, NULL::jsonb AS d, r.seq AS n FROM ${this.replaced} r`,
        [this.sourceId],
      );
    }
    return { created, updated, unchanged: this.staged - created - updated };
  }

  /** What happened to each valid staged line (for batches small enough to report line by line). */
  async outcomes(): Promise<(WriteOutcome & { line: number })[]> {
    const rows = await this.sql.query<{ line: number; external_id: string; id: string | null; version: number | null }>(
      `SELECT s.line, s.external_id, w.id::text AS id, w.version, w.inserted FROM ${this.table} s LEFT JOIN ${this.written} w ON w.external_id = s.external_id WHERE s.ok ORDER BY s.line`,
    );
    return rows.map((r) => {
      const inserted = (r as { inserted?: boolean | null }).inserted;
      return {
        line: r.line,
        externalId: r.external_id,
        status: r.id === null ? 'UNCHANGED' : inserted ? 'CREATED' : 'UPDATED',
        id: r.id === null ? null : BigInt(r.id),
        version: r.id === null ? null : r.version,
      };
    });
  }
}

/** Writes normalized lines (a batch that has passed its checks) through a stage; reports each line. */
export async function writeDeliveries(sql: SqlSession, sourceId: number, rows: DeliveryRow[], changes: ChangeRecorder): Promise<WriteOutcome[]> {
  if (rows.length === 0) return [];
  const stage = new DeliveryStage(sql, sourceId);
  await stage.open();
  rows.forEach((r, i) => stage.add(i, r.externalId, r));
  await stage.write();
  await stage.merge(changes);
  return (await stage.outcomes()).map(({ line: _line, ...o }) => o);
}

/** Upserts delivery lines (≤ 1,000) through the same bulk path as CSV imports. */
export async function upsertDeliveries(
  ctx: Session,
  sourceKey: string,
  items: readonly DeliveryInput[],
  options: { partial?: boolean; dryRun?: boolean } = {},
): Promise<BatchResult> {
  checkBatch(items);
  const source = await writableSource(ctx.db, ctx.viewer, sourceKey);
  let committed = true;
  const { result, positions } = await writeTransaction(
    ctx.db,
    actorOf(ctx.viewer),
    async (w) => {
      const look = new DeliveryLookups(w.sql, source);
      await look.loadReference();
      await look.loadFor(items);
      const results: ItemResult[] = items.map((item, index) => ({
        index,
        externalId: item.externalId,
        recordType: 'Delivery',
        status: 'ERROR',
        id: null,
        version: null,
        errors: [],
        notes: [],
      }));
      const good: { index: number; row: DeliveryRow }[] = [];
      const seen = new Map<string, number>();
      for (const [index, item] of items.entries()) {
        const n = normalizeDelivery(item, look);
        const res = results[index]!;
        res.notes = n.notes;
        const ext = text(item.externalId);
        if (ext && seen.has(ext))
          n.problems.push({ field: 'externalId', message: `externalId "${ext}" already appears at item ${seen.get(ext)}.`, value: ext });
        if (ext) seen.set(ext, index);
        res.errors = n.problems.map((p) => ({ field: `items[${index}].${p.field}`, code: 'BAD_USER_INPUT', message: p.message, value: p.value ?? null }));
        if (n.row && res.errors.length === 0) good.push({ index, row: n.row });
      }
      // Overlaps are checked set-based on the staged lines, as in imports.
      const stage = new DeliveryStage(w.sql, source.id);
      await stage.open();
      for (const g of good) stage.add(g.index, g.row.externalId, g.row);
      await stage.write();
      const overlaps = await stage.markOverlaps(look.maxPeriodDays, MAX_BATCH);
      for (const o of overlaps.first)
        results[o.line]!.errors.push({
          field: `items[${o.line}].${o.problem.field}`,
          code: 'BAD_USER_INPUT',
          message: o.problem.message,
          value: o.problem.value ?? null,
        });
      const failed = good.length - overlaps.count < items.length;
      if (failed && !options.partial) {
        committed = false;
        throw Object.assign(new Error('roll back'), { results: results.map((r) => (r.errors.length ? r : skipGood({ ...r, status: 'UNCHANGED' }))) });
      }
      await stage.merge(w.changes);
      for (const o of await stage.outcomes()) Object.assign(results[o.line]!, { status: o.status, id: o.id, version: o.version });
      if (options.dryRun) {
        committed = false;
        throw Object.assign(new Error('roll back'), { results });
      }
      return results;
    },
    { retryOnConflict: true },
  ).catch((error: unknown) => {
    if (!committed && error && typeof error === 'object' && 'results' in error)
      return { result: (error as { results: ItemResult[] }).results, positions: null };
    throw error;
  });
  return summarize(
    result.map((r) => (r.errors.length ? { ...r, status: 'ERROR' as const } : r)),
    committed,
    positions?.last ?? null,
  );
}
