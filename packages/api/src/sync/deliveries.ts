import type { Context } from '../context.js';
import type { SqlSession } from '../db.js';
import type * as E from '../generated/prisma/enums.js';
import { DEFAULT_UNIT_FACTORS, UnitTable } from '../units.js';
import type { ChangeRecorder } from './changes.js';
import { ORGANIC_SCHEMES, iso } from './resolve.js';
import { type BatchResult, type ItemResult, actorOf, checkBatch, skipGood, summarize, writableSource } from './upsert.js';
import { writeTransaction } from './changes.js';
import type { Source } from '../generated/prisma/client.js';

type Maybe<T> = T | null | undefined;

/** A delivery line as a partner sends it; references are the partner's own external IDs. */
export interface DeliveryInput {
  externalId: string;
  kitchenExternalId?: Maybe<string>;
  buyerOrgNumber?: Maybe<string>;
  municipalityCode?: Maybe<string>;
  producerExternalId?: Maybe<string>;
  supplierName?: Maybe<string>;
  supplierOrgNumber?: Maybe<string>;
  originBasis?: Maybe<E.OriginBasis>;
  category: string;
  periodStart: Date;
  periodEnd: Date;
  quantity?: Maybe<number>;
  unit?: Maybe<E.Unit>;
  value?: Maybe<number>;
  currency?: Maybe<E.Currency>;
  organic?: Maybe<boolean>;
  organicBasis?: Maybe<E.OrganicBasis>;
  certifications?: Maybe<E.CertificationScheme[]>;
  originCountry?: Maybe<string>;
  agreementReference?: Maybe<string>;
  gtin?: Maybe<string>;
  replacesExternalId?: Maybe<string>;
}

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
  replacesExternalId: string | null;
  /** For the change log: the line in the partner's terms. */
  canonical: Record<string, unknown>;
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
  producers = new Map<string, { id: number; countryCode: string }>();
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
      const rows = await this.sql.query<{ id: number; external_id: string; country_code: string }>(
        'SELECT id, external_id, country_code FROM producer WHERE source_id = $1 AND external_id = ANY($2::text[]) AND deleted_at IS NULL',
        [this.source.id, producerIds],
      );
      for (const r of rows) this.producers.set(r.external_id, { id: r.id, countryCode: r.country_code });
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
    const orgs = [...new Set(items.flatMap((i) => [text(i.supplierOrgNumber), text(i.buyerOrgNumber)]).filter((v): v is string => !!v && !this.organizations.has(v)))];
    if (orgs.length) {
      const rows = await this.sql.query<{ id: number; org_number: string }>(
        'SELECT DISTINCT ON (org_number) id, org_number FROM organization WHERE org_number = ANY($1::text[]) AND deleted_at IS NULL ORDER BY org_number, id',
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
  const bad = (field: FieldProblem['field'], message: string, value?: unknown) => problems.push({ field, message, value: value == null ? null : String(value) });

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
      if (kitchen && kitchen.municipalityCode !== m.code) bad('municipalityCode', `The kitchen "${kitchenRef}" is in ${kitchen.municipalityCode}, not ${m.code}.`, muniInput);
      municipality = m.code;
    }
  }
  const buyerOrg = text(input.buyerOrgNumber);
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
  if (producerRef && !producer) bad('producerExternalId', `No producer with externalId "${producerRef}" in source "${look.source.key}"; send the producer first.`, producerRef);
  const supplierName = text(input.supplierName);
  const supplierOrg = text(input.supplierOrgNumber);
  let supplierOrganizationId: number | null = null;
  if (supplierOrg) {
    if (!/^\d{4}:[0-9A-Za-z-]+$/.test(supplierOrg)) bad('supplierOrgNumber', `"${supplierOrg}" is not an ISO 6523 org number such as "0192:912345678".`, supplierOrg);
    else supplierOrganizationId = look.organizations.get(supplierOrg) ?? null;
  }
  const supplierIsProducer = !supplierName && !supplierOrg && !!producer;
  let originBasis: E.OriginBasis = input.originBasis ?? (producer ? (supplierIsProducer ? 'DIRECT' : 'DECLARED') : 'UNKNOWN');
  if (originBasis !== 'UNKNOWN' && !producerRef) bad('originBasis', `originBasis ${originBasis.toLowerCase()} needs producerExternalId.`, originBasis);
  if (originBasis === 'DIRECT' && (supplierName || supplierOrg)) bad('originBasis', 'originBasis direct means the producer delivered itself; leave supplier_name empty then.', originBasis);
  if (!producer) originBasis = originBasis === 'UNKNOWN' ? 'UNKNOWN' : originBasis;

  const originCountry = text(input.originCountry)?.toUpperCase() ?? producer?.countryCode ?? null;
  if (originCountry && !/^[A-Z]{2}$/.test(originCountry)) bad('originCountry', `"${originCountry}" is not an ISO 3166-1 alpha-2 country code such as "NO".`, originCountry);

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
    bad('organic', `${otherLabels.join(', ')} ${otherLabels.length === 1 ? 'is not an organic scheme' : 'are not organic schemes'}; organic means certified under EU organic rules (${ORGANIC_SCHEMES.join(', ')}).`, 'true');
  }
  if (input.organic === false && organicCert) bad('organic', `organic is false but the line carries an organic certification (${certifications.filter((c) => ORGANIC_SCHEMES.includes(c)).join(', ')}).`, 'false');
  const organic = input.organic ?? organicCert;
  const organicBasis: E.OrganicBasis = input.organicBasis ?? (organic ? (organicCert ? 'CERTIFIED_PRODUCT' : 'SUPPLIER_DECLARATION') : 'NONE');
  if (!organic && organicBasis !== 'NONE') bad('organicBasis', `organicBasis ${organicBasis.toLowerCase()} is given for a line that is not organic.`, organicBasis);

  let agreementId: number | null = null;
  const agreementRef = text(input.agreementReference);
  if (agreementRef) {
    agreementId = look.agreements.get(agreementRef) ?? null;
    if (agreementId === null) bad('agreementReference', `No agreement with notice reference or externalId "${agreementRef}".`, agreementRef);
  }
  const gtin = text(input.gtin);
  if (gtin && !gtinValid(gtin)) bad('gtin', `"${gtin}" is not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit).`, gtin);
  const replaces = text(input.replacesExternalId);
  if (replaces && replaces === externalId) bad('replacesExternalId', 'A line cannot replace itself.', replaces);

  if (problems.length) return { problems, notes };
  const canonical = {
    kitchenExternalId: kitchenRef,
    buyerOrgNumber: buyerOrg,
    municipalityCode: municipality,
    producerExternalId: producerRef,
    supplierName,
    supplierOrgNumber: supplierOrg,
    originBasis,
    originCountry,
    category,
    periodStart: iso(start),
    periodEnd: iso(end),
    quantity,
    unit: input.unit ?? null,
    quantityKg,
    value,
    currency: input.currency ?? null,
    organic,
    organicBasis,
    certifications,
    agreementReference: agreementRef,
    gtin,
    replacesExternalId: replaces,
  };
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
      replacesExternalId: replaces,
      canonical,
    },
  };
}

/** The article a line is about: its GTIN, else its category, producer and supplier. */
const articleKey = (r: DeliveryRow) => (r.gtin ? `gtin:${r.gtin}` : `cat:${r.categoryCode}|p:${r.producerId ?? ''}|s:${r.supplierName ?? r.supplierProducerId ?? ''}`);

/**
 * No double counting: a line overlapping another of the same source, kitchen (or buyer
 * municipality), article and period is refused unless it names the line it replaces.
 * Checks the lines among themselves and against stored lines; returns problems by external ID.
 */
export async function findOverlaps(look: DeliveryLookups, rows: DeliveryRow[], earlier: Map<string, { start: string; end: string; externalId: string }[]>) {
  const { sql } = look;
  const sourceId = look.source.id;
  const problems = new Map<string, FieldProblem>();
  for (const r of rows) {
    const key = `${r.kitchenId ?? `m:${r.municipalityCode}`}|${articleKey(r)}`;
    const list = earlier.get(key) ?? [];
    const clash = list.find((o) => o.externalId !== r.externalId && o.start <= r.periodEnd && o.end >= r.periodStart && o.externalId !== r.replacesExternalId);
    if (clash) {
      problems.set(r.externalId, {
        field: 'replacesExternalId',
        message: `Overlaps line "${clash.externalId}" (same kitchen, article and period ${clash.start}–${clash.end}); give replaces_external_id to correct it, or report it once.`,
        value: clash.externalId,
      });
    }
    list.push({ start: r.periodStart, end: r.periodEnd, externalId: r.externalId });
    earlier.set(key, list);
  }
  const candidates = rows.filter((r) => !problems.has(r.externalId));
  // A stored line can only overlap if it starts at most the longest stored period before this one
  // starts: that bound keeps each probe a narrow range of the (kitchen, period_start) index.
  const maxDays = look.maxPeriodDays;
  for (const r of rows) look.maxPeriodDays = Math.max(look.maxPeriodDays, Math.round((Date.parse(r.periodEnd) - Date.parse(r.periodStart)) / 86_400_000));
  if (candidates.length === 0) return problems;
  // Two probes, each along its own index: lines of a kitchen, and lines of a buyer municipality.
  const probe = (list: DeliveryRow[], byKitchen: boolean) =>
    list.length === 0
      ? Promise.resolve([])
      : sql.query<{ i: number; other: string; ps: string; pe: string }>(
          `SELECT u.i::int AS i, d.external_id AS other, d.period_start::text AS ps, d.period_end::text AS pe
             FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::date[], $10::date[], $11::text[])
                  WITH ORDINALITY AS u(eid, kid, muni, cat, gtin, pid, sup, ps, pe, rep, i)
             JOIN delivery d ON ${byKitchen ? 'd.kitchen_id = u.kid' : 'd.municipality_code = u.muni AND d.kitchen_id IS NULL'}
              AND d.period_start <= u.pe AND d.period_start >= u.ps - $12::int AND d.period_end >= u.ps
              AND d.source_id = $1 AND d.deleted_at IS NULL AND d.category_code = u.cat
              AND d.external_id <> u.eid AND d.external_id IS DISTINCT FROM u.rep
              AND (CASE WHEN u.gtin IS NOT NULL THEN d.gtin = u.gtin
                        ELSE d.gtin IS NULL AND d.producer_id IS NOT DISTINCT FROM u.pid
                             AND COALESCE(d.supplier_name, d.supplier_producer_id::text, '') = u.sup END)`,
          [
            sourceId,
            list.map((r) => r.externalId),
            list.map((r) => r.kitchenId),
            list.map((r) => r.municipalityCode),
            list.map((r) => r.categoryCode),
            list.map((r) => r.gtin),
            list.map((r) => r.producerId),
            list.map((r) => r.supplierName ?? (r.supplierProducerId === null ? '' : String(r.supplierProducerId))),
            list.map((r) => r.periodStart),
            list.map((r) => r.periodEnd),
            list.map((r) => r.replacesExternalId),
            maxDays,
          ],
        );
  const withKitchen = candidates.filter((r) => r.kitchenId !== null);
  const withoutKitchen = candidates.filter((r) => r.kitchenId === null);
  const stored = [
    ...(await probe(withKitchen, true)).map((s) => ({ ...s, row: withKitchen[s.i - 1]! })),
    ...(await probe(withoutKitchen, false)).map((s) => ({ ...s, row: withoutKitchen[s.i - 1]! })),
  ];
  // A stored line that this batch itself rewrites is checked by its new form above, not its old one.
  const inBatch = new Set(rows.map((r) => r.externalId));
  for (const s of stored) {
    const r = s.row;
    if (inBatch.has(s.other) || problems.has(r.externalId)) continue;
    problems.set(r.externalId, {
      field: 'replacesExternalId',
      message: `Overlaps stored line "${s.other}" (same kitchen, article and period ${s.ps}–${s.pe}); give replaces_external_id to correct it, or report it once.`,
      value: s.other,
    });
  }
  return problems;
}

export interface WriteOutcome {
  externalId: string;
  status: 'CREATED' | 'UPDATED' | 'UNCHANGED';
  id: bigint | null;
  version: number | null;
}

const COLUMNS = [
  ['kitchen_id', 'int', (r: DeliveryRow) => r.kitchenId],
  ['buyer_organization_id', 'int', (r: DeliveryRow) => r.buyerOrganizationId],
  ['municipality_code', 'text', (r: DeliveryRow) => r.municipalityCode],
  ['supplier_producer_id', 'int', (r: DeliveryRow) => r.supplierProducerId],
  ['supplier_organization_id', 'int', (r: DeliveryRow) => r.supplierOrganizationId],
  ['supplier_name', 'text', (r: DeliveryRow) => r.supplierName],
  ['producer_id', 'int', (r: DeliveryRow) => r.producerId],
  ['origin_basis', 'text', (r: DeliveryRow) => r.originBasis, '"OriginBasis"'],
  ['origin_country', 'text', (r: DeliveryRow) => r.originCountry],
  ['category_code', 'text', (r: DeliveryRow) => r.categoryCode],
  ['period_start', 'date', (r: DeliveryRow) => r.periodStart],
  ['period_end', 'date', (r: DeliveryRow) => r.periodEnd],
  ['quantity', 'numeric', (r: DeliveryRow) => r.quantity],
  ['unit', 'text', (r: DeliveryRow) => r.unit, '"Unit"'],
  ['quantity_kg', 'numeric', (r: DeliveryRow) => r.quantityKg],
  ['value', 'numeric', (r: DeliveryRow) => r.value],
  ['currency', 'text', (r: DeliveryRow) => r.currency, '"Currency"'],
  ['organic', 'bool', (r: DeliveryRow) => r.organic],
  ['organic_basis', 'text', (r: DeliveryRow) => r.organicBasis, '"OrganicBasis"'],
  ['certifications', 'text', (r: DeliveryRow) => r.certifications.join(','), 'cert'],
  ['agreement_id', 'int', (r: DeliveryRow) => r.agreementId],
  ['gtin', 'text', (r: DeliveryRow) => r.gtin],
] as const;

const UPSERT_SQL = (() => {
  const names = COLUMNS.map((c) => c[0]);
  const select = COLUMNS.map((c, i) => {
    const v = `u.c${i}`;
    const cast = c[3];
    if (cast === 'cert') return `CASE WHEN ${v} = '' THEN '{}'::"CertificationScheme"[] ELSE string_to_array(${v}, ',')::"CertificationScheme"[] END`;
    return cast ? `${v}::${cast}` : v;
  });
  const record = COLUMNS.map((c, i) => `c${i} ${c[1]}`).join(', ');
  // The lines travel as one JSON parameter: far cheaper than one array parameter per column.
  return `INSERT INTO delivery (source_id, external_id, ${names.join(', ')}, updated_at)
    SELECT $1, u.eid, ${select.join(', ')}, now()
      FROM jsonb_to_recordset($2::jsonb) AS u(eid text, ${record})
    ON CONFLICT (source_id, external_id) DO UPDATE SET
      ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')},
      version = delivery.version + 1, updated_at = now(), deleted_at = NULL
    WHERE delivery.deleted_at IS NOT NULL
       OR (${names.map((n) => `delivery.${n}`).join(', ')}) IS DISTINCT FROM (${names.map((n) => `EXCLUDED.${n}`).join(', ')})
    RETURNING id::text, external_id, version, (xmax = 0) AS inserted`;
})();

/**
 * Writes normalized lines in one statement: inserts new ones, updates changed ones (version + 1),
 * leaves identical ones alone (no version bump, no change). Replaced lines are tombstoned.
 */
export async function writeDeliveries(sql: SqlSession, sourceId: number, rows: DeliveryRow[], changes: ChangeRecorder): Promise<WriteOutcome[]> {
  if (rows.length === 0) return [];
  // The same order in every writer, so that two concurrent writers touching the same lines queue
  // behind each other's row locks instead of deadlocking.
  rows = [...rows].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const payload = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = { eid: r.externalId };
      COLUMNS.forEach((c, i) => (o[`c${i}`] = c[2](r)));
      return o;
    }),
  );
  const written = await sql.query<{ id: string; external_id: string; version: number; inserted: boolean }>(UPSERT_SQL, [sourceId, payload]);
  const byExt = new Map(written.map((w) => [w.external_id, w]));
  const replacing = rows.filter((r) => r.replacesExternalId && byExt.has(r.externalId));
  const outcomes: WriteOutcome[] = [];
  for (const r of rows) {
    const w = byExt.get(r.externalId);
    if (!w) {
      outcomes.push({ externalId: r.externalId, status: 'UNCHANGED', id: null, version: null });
      continue;
    }
    outcomes.push({ externalId: r.externalId, status: w.inserted ? 'CREATED' : 'UPDATED', id: BigInt(w.id), version: w.version });
    changes.add({ operation: w.inserted ? 'CREATE' : 'UPDATE', recordType: 'Delivery', recordId: w.id, sourceId, externalId: r.externalId, version: w.version, data: r.canonical });
  }
  if (replacing.length) {
    const replaced = await sql.query<{ id: string; external_id: string; version: number; by: string }>(
      `UPDATE delivery d SET deleted_at = now(), version = d.version + 1, updated_at = now()
         FROM unnest($2::text[], $3::bigint[]) AS u(rep, by)
        WHERE d.source_id = $1 AND d.external_id = u.rep AND d.deleted_at IS NULL
        RETURNING d.id::text, d.external_id, d.version, u.by::text AS by`,
      [sourceId, replacing.map((r) => r.replacesExternalId), replacing.map((r) => byExt.get(r.externalId)!.id)],
    );
    await sql.query(
      `UPDATE delivery d SET replaces_id = u.rid FROM unnest($1::bigint[], $2::bigint[]) AS u(by, rid) WHERE d.id = u.by`,
      [replaced.map((r) => r.by), replaced.map((r) => r.id)],
    );
    for (const r of replaced) changes.add({ operation: 'DELETE', recordType: 'Delivery', recordId: r.id, sourceId, externalId: r.external_id, version: r.version, data: null });
  }
  await changes.spill();
  return outcomes;
}

/** Upserts delivery lines (≤ 1,000) through the same bulk path as CSV imports. */
export async function upsertDeliveries(ctx: Context, sourceKey: string, items: readonly DeliveryInput[], options: { partial?: boolean; dryRun?: boolean } = {}): Promise<BatchResult> {
  checkBatch(items);
  const source = await writableSource(ctx.db, ctx.viewer, sourceKey);
  let committed = true;
  const { result, positions } = await writeTransaction(ctx.db, actorOf(ctx.viewer), async (w) => {
    const look = new DeliveryLookups(w.sql, source);
    await look.loadReference();
    await look.loadFor(items);
    const results: ItemResult[] = items.map((item, index) => ({ index, externalId: item.externalId, recordType: 'Delivery', status: 'ERROR', id: null, version: null, errors: [], notes: [] }));
    const good: { index: number; row: DeliveryRow }[] = [];
    const seen = new Map<string, number>();
    for (const [index, item] of items.entries()) {
      const n = normalizeDelivery(item, look);
      const res = results[index]!;
      res.notes = n.notes;
      const ext = text(item.externalId);
      if (ext && seen.has(ext)) n.problems.push({ field: 'externalId', message: `externalId "${ext}" already appears at item ${seen.get(ext)}.`, value: ext });
      if (ext) seen.set(ext, index);
      res.errors = n.problems.map((p) => ({ field: `items[${index}].${p.field}`, code: 'BAD_USER_INPUT', message: p.message, value: p.value ?? null }));
      if (n.row && res.errors.length === 0) good.push({ index, row: n.row });
    }
    const overlaps = await findOverlaps(look, good.map((g) => g.row), new Map());
    for (const g of good) {
      const o = overlaps.get(g.row.externalId);
      if (o) results[g.index]!.errors.push({ field: `items[${g.index}].${o.field}`, code: 'BAD_USER_INPUT', message: o.message, value: o.value ?? null });
    }
    const ok = good.filter((g) => results[g.index]!.errors.length === 0);
    const failed = ok.length < items.length;
    if (failed && !options.partial) {
      committed = false;
      throw Object.assign(new Error('roll back'), { results: results.map((r) => (r.errors.length ? r : skipGood({ ...r, status: 'UNCHANGED' }))) });
    }
    const outcomes = await writeDeliveries(w.sql, source.id, ok.map((g) => g.row), w.changes);
    const byExt = new Map(outcomes.map((o) => [o.externalId, o]));
    for (const g of ok) {
      const o = byExt.get(g.row.externalId)!;
      Object.assign(results[g.index]!, { status: o.status, id: o.id, version: o.version });
    }
    if (options.dryRun) {
      committed = false;
      throw Object.assign(new Error('roll back'), { results });
    }
    return results;
  }).catch((error: unknown) => {
    if (!committed && error && typeof error === 'object' && 'results' in error) return { result: (error as { results: ItemResult[] }).results, positions: null };
    throw error;
  });
  return summarize(
    result.map((r) => (r.errors.length ? { ...r, status: 'ERROR' as const } : r)),
    committed,
    positions?.last ?? null,
  );
}
