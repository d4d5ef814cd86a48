import { badInput, ErrorCode, UserError } from '../errors.js';
import type * as E from '../generated/prisma/enums.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { categoryLineage } from '../deliveries/units.js';
import { ORGANIC_SCHEMES, categoryCode, checkLat, checkPeriod, findRefId, iso, municipalityCode, nonNegative, organizationFor, refId } from './resolve.js';
import { type PlaceInput, placeData } from './fields.js';
import type { KindSpec, Normalized, WriteEnv } from './upsert.js';

type Maybe<T> = T | null | undefined;
const orNull = <T>(v: Maybe<T>): T | null => (v === undefined ? null : v);
const text = (v: Maybe<string>) => (v == null || v.trim() === '' ? null : v.trim());
const localized = (v: unknown, field: string): Record<string, string> | null => {
  if (v == null) return null;
  if (typeof v !== 'object' || Array.isArray(v) || Object.entries(v).some(([k, t]) => !/^[a-z]{2,3}$/.test(k) || typeof t !== 'string')) {
    throw badInput(field, 'Give texts by language code, e.g. {"nb": "…", "sv": "…", "en": "…"}.');
  }
  return v as Record<string, string>;
};
function months(list: Maybe<number[]>, field: string) {
  for (const m of list ?? []) if (!Number.isInteger(m) || m < 1 || m > 12) throw badInput(field, `Months are 1–12; got ${m}.`);
  return [...new Set(list ?? [])].sort((a, b) => a - b);
}

// ─── Producers ──────────────────────────────────────────────────────────────────

export interface ProductInput {
  externalId?: Maybe<string>;
  category: string;
  name?: Maybe<string>;
  seasonMonths?: Maybe<number[]>;
  annualCapacity?: Maybe<number>;
  capacityUnit?: Maybe<E.Unit>;
  organic?: Maybe<boolean>;
  gtin?: Maybe<string>;
}
export interface CertificationInput {
  scheme: E.CertificationScheme;
  certificateNumber?: Maybe<string>;
  validFrom?: Maybe<Date>;
  validUntil?: Maybe<Date>;
  url?: Maybe<string>;
}
export interface ProducerInput extends PlaceInput {
  externalId: string;
  name: string;
  kind: E.ProducerKind;
  orgNumber?: Maybe<string>;
  naturalPerson?: Maybe<boolean>;
  countryCode?: Maybe<string>;
  municipalityCode?: Maybe<string>;
  descriptions?: unknown;
  website?: Maybe<string>;
  tenderReady?: Maybe<boolean>;
  channels?: Maybe<E.SalesChannel[]>;
  deliveryRadiusKm?: Maybe<number>;
  deliveryDays?: Maybe<E.Weekday[]>;
  contactName?: Maybe<string>;
  contactEmail?: Maybe<string>;
  contactPhone?: Maybe<string>;
  contactConsent?: Maybe<boolean>;
  products?: Maybe<ProductInput[]>;
  certifications?: Maybe<CertificationInput[]>;
  hubExternalIds?: Maybe<string[]>;
}

interface NormalizedProduct {
  externalId: string;
  category: string;
  name: string | null;
  seasonMonths: number[];
  annualCapacity: number | null;
  capacityUnit: E.Unit | null;
  organic: boolean;
  gtin: string | null;
}

export const producerSpec: KindSpec<ProducerInput> = {
  recordType: 'Producer',
  model: 'producer',
  async normalize(item, env, path) {
    if (!text(item.name)) throw badInput(`${path}.name`, 'name is empty.');
    checkLat(item.lat, item.lon, path);
    nonNegative(item.deliveryRadiusKm, `${path}.deliveryRadiusKm`);
    const notes: string[] = [];
    let municipality: string | null = null;
    if (item.municipalityCode) {
      const m = await municipalityCode(env, item.municipalityCode, `${path}.municipalityCode`);
      municipality = m.code;
      if (m.note) notes.push(m.note);
    }
    const country = (item.countryCode ?? municipality?.slice(0, 2) ?? '').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw badInput(`${path}.countryCode`, 'Give countryCode (ISO 3166-1 alpha-2), or a municipalityCode it follows from.');
    if (municipality && municipality.slice(0, 2) !== country) throw badInput(`${path}.countryCode`, `${municipality} is not in ${country}.`);
    if (!(await env.tx.country.findUnique({ where: { code: country } }))) throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown country "${country}".`, { field: `${path}.countryCode` });
    const organizationId = item.orgNumber
      ? await organizationFor(env, { orgNumber: item.orgNumber, name: item.name, naturalPerson: item.naturalPerson, countryCode: country }, `${path}.orgNumber`)
      : null;
    const certifications = (item.certifications ?? []).map((c, i) => {
      if (c.validFrom && c.validUntil && c.validUntil < c.validFrom) throw badInput(`${path}.certifications[${i}].validUntil`, 'validUntil is before validFrom.');
      return { scheme: c.scheme, certificateNumber: text(c.certificateNumber), validFrom: iso(c.validFrom), validUntil: iso(c.validUntil), url: text(c.url) };
    });
    const organicHeld = certifications.some((c) => ORGANIC_SCHEMES.includes(c.scheme));
    const products: NormalizedProduct[] = [];
    for (const [i, p] of (item.products ?? []).entries()) {
      const field = `${path}.products[${i}]`;
      const category = await categoryCode(env, p.category, `${field}.category`);
      nonNegative(p.annualCapacity, `${field}.annualCapacity`);
      if ((p.annualCapacity == null) !== (p.capacityUnit == null)) throw badInput(`${field}.capacityUnit`, 'Give annualCapacity and capacityUnit together.');
      if (p.organic && !organicHeld) {
        throw badInput(`${field}.organic`, `A product is organic only under an EU-organic certificate (${ORGANIC_SCHEMES.join(', ')}); the producer lists none.`);
      }
      products.push({
        externalId: text(p.externalId) ?? `${item.externalId}/${category}${p.name ? `/${p.name}` : ''}`,
        category,
        name: text(p.name),
        seasonMonths: months(p.seasonMonths, `${field}.seasonMonths`),
        annualCapacity: orNull(p.annualCapacity),
        capacityUnit: orNull(p.capacityUnit),
        organic: p.organic ?? false,
        gtin: text(p.gtin),
      });
    }
    const dup = products.find((p, i) => products.findIndex((q) => q.externalId === p.externalId) !== i);
    if (dup) throw badInput(`${path}.products`, `Two products have the key "${dup.externalId}"; give them distinct externalIds.`);
    const hubIds: number[] = [];
    for (const [i, hub] of (item.hubExternalIds ?? []).entries()) hubIds.push(await refId(env, 'hub', hub, `${path}.hubExternalIds[${i}]`));
    const data = {
      name: item.name.trim(),
      kind: item.kind,
      organizationId,
      countryCode: country,
      municipalityCode: municipality,
      ...placeData(item),
      description: localized(item.descriptions, `${path}.descriptions`),
      website: text(item.website),
      tenderReady: item.tenderReady ?? false,
      channels: [...new Set(item.channels ?? [])],
      deliveryRadiusKm: orNull(item.deliveryRadiusKm),
      deliveryDays: [...new Set(item.deliveryDays ?? [])],
      contactName: text(item.contactName),
      contactEmail: text(item.contactEmail),
      contactPhone: text(item.contactPhone),
      contactConsent: item.contactConsent ?? false,
    };
    const canonical = {
      ...data,
      orgNumber: text(item.orgNumber),
      naturalPerson: item.naturalPerson ?? null,
      products,
      certifications,
      hubExternalIds: [...(item.hubExternalIds ?? [])].sort(),
    };
    return {
      data: { ...data, description: data.description ?? undefined },
      canonical,
      notes,
      nested: async (producerId: number, w: WriteEnv) => {
        // Owned rows are replaced as a whole: the partner's list is the truth.
        const s = { sourceId: w.source.id };
        await w.tx.producerProduct.deleteMany({ where: { producerId } });
        if (products.length) await w.tx.producerProduct.createMany({ data: products.map((p) => ({ ...s, producerId, externalId: p.externalId, categoryCode: p.category, name: p.name, seasonMonths: p.seasonMonths, annualCapacity: p.annualCapacity, capacityUnit: p.capacityUnit, organic: p.organic, gtin: p.gtin })) });
        await w.tx.certification.deleteMany({ where: { producerId } });
        if (certifications.length) {
          await w.tx.certification.createMany({
            data: certifications.map((c, i) => ({
              ...s,
              producerId,
              externalId: `${item.externalId}/cert/${i}/${c.scheme}`,
              scheme: c.scheme,
              certificateNumber: c.certificateNumber,
              validFrom: c.validFrom ? new Date(c.validFrom) : null,
              validUntil: c.validUntil ? new Date(c.validUntil) : null,
              url: c.url,
            })),
          });
        }
        await w.tx.producerHub.deleteMany({ where: { producerId } });
        if (hubIds.length) await w.tx.producerHub.createMany({ data: [...new Set(hubIds)].map((hubId) => ({ producerId, hubId })) });
      },
    } satisfies Normalized;
  },
  // Sole traders' exact location stays private: the public one is recomputed in the same transaction.
  afterBatch: (ids, env) => refreshPublicLocations(env.db, ids),
};

// ─── Kitchens ───────────────────────────────────────────────────────────────────

export interface KitchenInput extends PlaceInput {
  externalId: string;
  name: string;
  kind: E.KitchenKind;
  municipalityCode: string;
  productionType: E.ProductionType;
  centralKitchenExternalId?: Maybe<string>;
  mealsPerDay?: Maybe<number>;
  servingDaysPerYear?: Maybe<number>;
  mealConcept?: Maybe<string>;
}

export const kitchenSpec: KindSpec<KitchenInput> = {
  recordType: 'Kitchen',
  model: 'kitchen',
  async normalize(item, env, path) {
    if (!text(item.name)) throw badInput(`${path}.name`, 'name is empty.');
    checkLat(item.lat, item.lon, path);
    const m = await municipalityCode(env, item.municipalityCode, `${path}.municipalityCode`);
    if (item.mealsPerDay != null && !(Number.isInteger(item.mealsPerDay) && item.mealsPerDay >= 0)) throw badInput(`${path}.mealsPerDay`, `A whole number of meals, 0 or more; got ${item.mealsPerDay}.`);
    if (item.servingDaysPerYear != null && !(Number.isInteger(item.servingDaysPerYear) && item.servingDaysPerYear >= 0 && item.servingDaysPerYear <= 366)) {
      throw badInput(`${path}.servingDaysPerYear`, `Serving days a year are 0–366; got ${item.servingDaysPerYear}.`);
    }
    let centralKitchenId: number | null = null;
    if (item.centralKitchenExternalId) {
      if (item.productionType !== 'RECEIVING') throw badInput(`${path}.centralKitchenExternalId`, 'Only a RECEIVING kitchen has a central kitchen.');
      if (item.centralKitchenExternalId === item.externalId) throw badInput(`${path}.centralKitchenExternalId`, 'A kitchen cannot be its own central kitchen.');
      centralKitchenId = await refId(env, 'kitchen', item.centralKitchenExternalId, `${path}.centralKitchenExternalId`);
    }
    const data = {
      name: item.name.trim(),
      kind: item.kind,
      municipalityCode: m.code,
      productionType: item.productionType,
      centralKitchenId,
      mealsPerDay: orNull(item.mealsPerDay),
      servingDaysPerYear: orNull(item.servingDaysPerYear),
      ...placeData(item),
      mealConcept: text(item.mealConcept),
    };
    const { centralKitchenId: _omit, ...rest } = data;
    return { data, canonical: { ...rest, centralKitchenExternalId: text(item.centralKitchenExternalId) }, notes: m.note ? [m.note] : [] };
  },
};

// ─── Hubs ───────────────────────────────────────────────────────────────────────

export interface HubInput extends PlaceInput {
  externalId: string;
  name: string;
  kind: E.HubKind;
  operatorOrgNumber?: Maybe<string>;
  operatorName?: Maybe<string>;
  municipalityCode?: Maybe<string>;
  deliveryDays?: Maybe<E.Weekday[]>;
  servedMunicipalityCodes?: Maybe<string[]>;
}

export const hubSpec: KindSpec<HubInput> = {
  recordType: 'Hub',
  model: 'hub',
  async normalize(item, env, path) {
    if (!text(item.name)) throw badInput(`${path}.name`, 'name is empty.');
    checkLat(item.lat, item.lon, path);
    const notes: string[] = [];
    const m = item.municipalityCode ? await municipalityCode(env, item.municipalityCode, `${path}.municipalityCode`) : null;
    if (m?.note) notes.push(m.note);
    const served: string[] = [];
    for (const [i, code] of (item.servedMunicipalityCodes ?? []).entries()) {
      const r = await municipalityCode(env, code, `${path}.servedMunicipalityCodes[${i}]`);
      if (r.note) notes.push(r.note);
      served.push(r.code);
    }
    const operatorId = item.operatorOrgNumber
      ? await organizationFor(env, { orgNumber: item.operatorOrgNumber, name: item.operatorName ?? item.name, kind: 'WHOLESALER' }, `${path}.operatorOrgNumber`)
      : null;
    const data = {
      name: item.name.trim(),
      kind: item.kind,
      operatorId,
      municipalityCode: m?.code ?? null,
      ...placeData(item),
      deliveryDays: [...new Set(item.deliveryDays ?? [])],
    };
    const servedSet = [...new Set(served)].sort();
    const { operatorId: _o, ...rest } = data;
    return {
      data,
      canonical: { ...rest, operatorOrgNumber: text(item.operatorOrgNumber), servedMunicipalityCodes: servedSet },
      notes,
      nested: async (hubId, w) => {
        await w.tx.hubMunicipality.deleteMany({ where: { hubId } });
        if (servedSet.length) await w.tx.hubMunicipality.createMany({ data: servedSet.map((municipalityCode) => ({ hubId, municipalityCode })) });
      },
    };
  },
};

// ─── Agreements and lots ────────────────────────────────────────────────────────

export interface LotInput {
  externalId: string;
  number: string;
  title: string;
  categories: string[];
  estimatedQuantity?: Maybe<number>;
  estimatedUnit?: Maybe<E.Unit>;
  estimatedValue?: Maybe<number>;
  currency?: Maybe<E.Currency>;
  deliveryFrequency?: Maybe<string>;
  requiredCertifications?: Maybe<E.CertificationScheme[]>;
  organicRequired?: Maybe<boolean>;
  deliveryKitchenExternalIds?: Maybe<string[]>;
}
export interface AgreementInput {
  externalId: string;
  buyerOrgNumber: string;
  buyerName: string;
  title: string;
  noticeReference?: Maybe<string>;
  noticeUrl?: Maybe<string>;
  cpvCodes?: Maybe<string[]>;
  periodStart: Date;
  periodEnd: Date;
  status: E.AgreementStatus;
  municipalityCodes?: Maybe<string[]>;
  lots?: Maybe<LotInput[]>;
}

interface NormalizedLot {
  externalId: string;
  number: string;
  title: string;
  categories: string[];
  estimatedQuantity: number | null;
  estimatedUnit: E.Unit | null;
  estimatedValue: number | null;
  currency: E.Currency | null;
  deliveryFrequency: string | null;
  requiredCertifications: E.CertificationScheme[];
  organicRequired: boolean;
  deliveryKitchenExternalIds: string[];
  kitchens: number[];
}

export const agreementSpec: KindSpec<AgreementInput> = {
  recordType: 'Agreement',
  model: 'agreement',
  async normalize(item, env, path) {
    if (!text(item.title)) throw badInput(`${path}.title`, 'title is empty.');
    checkPeriod(item.periodStart, item.periodEnd, `${path}.period`);
    for (const [i, cpv] of (item.cpvCodes ?? []).entries()) if (!/^\d{8}(-\d)?$/.test(cpv)) throw badInput(`${path}.cpvCodes[${i}]`, `"${cpv}" is not a CPV code such as "03212100-1".`);
    const notes: string[] = [];
    const municipalities: string[] = [];
    for (const [i, code] of (item.municipalityCodes ?? []).entries()) {
      const r = await municipalityCode(env, code, `${path}.municipalityCodes[${i}]`);
      if (r.note) notes.push(r.note);
      municipalities.push(r.code);
    }
    const buyerOrganizationId = await organizationFor(env, { orgNumber: item.buyerOrgNumber, name: item.buyerName }, `${path}.buyerOrgNumber`);
    const lots: NormalizedLot[] = [];
    for (const [i, lot] of (item.lots ?? []).entries()) {
      const field = `${path}.lots[${i}]`;
      const categories: string[] = [];
      for (const [j, c] of lot.categories.entries()) categories.push(await categoryCode(env, c, `${field}.categories[${j}]`));
      if (categories.length === 0) throw badInput(`${field}.categories`, 'A lot covers at least one category.');
      const kitchens: number[] = [];
      for (const [j, k] of (lot.deliveryKitchenExternalIds ?? []).entries()) kitchens.push(await refId(env, 'kitchen', k, `${field}.deliveryKitchenExternalIds[${j}]`));
      nonNegative(lot.estimatedQuantity, `${field}.estimatedQuantity`);
      lots.push({
        externalId: lot.externalId,
        number: lot.number,
        title: lot.title,
        categories: [...new Set(categories)].sort(),
        estimatedQuantity: orNull(lot.estimatedQuantity),
        estimatedUnit: orNull(lot.estimatedUnit),
        estimatedValue: orNull(lot.estimatedValue),
        currency: orNull(lot.currency),
        deliveryFrequency: text(lot.deliveryFrequency),
        requiredCertifications: [...new Set(lot.requiredCertifications ?? [])],
        organicRequired: lot.organicRequired ?? false,
        deliveryKitchenExternalIds: [...(lot.deliveryKitchenExternalIds ?? [])].sort(),
        kitchens,
      });
    }
    const data = {
      buyerOrganizationId,
      title: item.title.trim(),
      noticeReference: text(item.noticeReference),
      noticeUrl: text(item.noticeUrl),
      cpvCodes: item.cpvCodes ?? [],
      periodStart: item.periodStart,
      periodEnd: item.periodEnd,
      status: item.status,
    };
    const { buyerOrganizationId: _b, ...rest } = data;
    return {
      data,
      canonical: {
        ...rest,
        periodStart: iso(item.periodStart),
        periodEnd: iso(item.periodEnd),
        buyerOrgNumber: item.buyerOrgNumber,
        municipalityCodes: [...new Set(municipalities)].sort(),
        lots: lots.map(({ kitchens: _k, ...l }) => l),
      },
      notes,
      nested: async (agreementId, w) => {
        await w.tx.agreementMunicipality.deleteMany({ where: { agreementId } });
        if (municipalities.length) await w.tx.agreementMunicipality.createMany({ data: [...new Set(municipalities)].map((municipalityCode) => ({ agreementId, municipalityCode })) });
        const keep = lots.map((l) => l.externalId);
        await w.tx.lot.updateMany({ where: { agreementId, externalId: { notIn: keep }, deletedAt: null }, data: { deletedAt: new Date() } });
        for (const lot of lots) {
          const data = {
            agreementId,
            number: lot.number,
            title: lot.title,
            estimatedQuantity: lot.estimatedQuantity,
            estimatedUnit: lot.estimatedUnit,
            estimatedValue: lot.estimatedValue,
            currency: lot.currency,
            deliveryFrequency: lot.deliveryFrequency,
            requiredCertifications: lot.requiredCertifications,
            organicRequired: lot.organicRequired,
            deletedAt: null,
          };
          const row = await w.tx.lot.upsert({
            where: { sourceId_externalId: { sourceId: w.source.id, externalId: lot.externalId } },
            create: { ...data, sourceId: w.source.id, externalId: lot.externalId },
            update: { ...data, version: { increment: 1 } },
          });
          await w.tx.lotCategory.deleteMany({ where: { lotId: row.id } });
          await w.tx.lotCategory.createMany({ data: lot.categories.map((categoryCode) => ({ lotId: row.id, categoryCode })) });
          await w.tx.lotKitchen.deleteMany({ where: { lotId: row.id } });
          if (lot.kitchens.length) await w.tx.lotKitchen.createMany({ data: [...new Set(lot.kitchens)].map((kitchenId) => ({ lotId: row.id, kitchenId })) });
        }
      },
    };
  },
};

// ─── Demands ────────────────────────────────────────────────────────────────────

export interface DemandInput {
  externalId: string;
  kitchenExternalId?: Maybe<string>;
  municipalityCode?: Maybe<string>;
  category: string;
  title?: Maybe<string>;
  descriptions?: unknown;
  quantity: number;
  unit: E.Unit;
  periodStart: Date;
  periodEnd: Date;
  organicRequired?: Maybe<boolean>;
  requiredCertifications?: Maybe<E.CertificationScheme[]>;
  deliveryFrequency?: Maybe<string>;
  status?: Maybe<E.DemandStatus>;
  procurementRoute: E.ProcurementRoute;
  lotExternalId?: Maybe<string>;
  internal?: Maybe<boolean>;
}

/**
 * Procurement law: a direct award for a category that an active framework lot already covers (in
 * the demand's municipality or at its kitchen, overlapping its period) must be a call-off instead.
 */
async function coveringLot(env: WriteEnv, category: string, municipality: string, kitchenId: number | null, start: Date, end: Date) {
  const rows = await env.sql.query<{ number: string; title: string; agreement: string; notice: string | null; period_end: Date }>(
    `SELECT l.number, l.title, a.title AS agreement, a.notice_reference AS notice, a.period_end
       FROM lot l
       JOIN agreement a ON a.id = l.agreement_id
       JOIN lot_category lc ON lc.lot_id = l.id
      WHERE a.status = 'ACTIVE' AND a.deleted_at IS NULL AND l.deleted_at IS NULL
        AND lc.category_code = ANY($1::text[])
        AND a.period_start <= $3::date AND a.period_end >= $2::date
        AND (EXISTS (SELECT 1 FROM agreement_municipality am WHERE am.agreement_id = a.id AND am.municipality_code = $4)
             OR EXISTS (SELECT 1 FROM lot_kitchen lk WHERE lk.lot_id = l.id AND lk.kitchen_id = $5::int))
      ORDER BY a.period_end DESC, l.id LIMIT 1`,
    [categoryLineage(category), iso(start), iso(end), municipality, kitchenId],
  );
  return rows[0];
}

export const demandSpec: KindSpec<DemandInput> = {
  recordType: 'Demand',
  model: 'demand',
  async normalize(item, env, path) {
    checkPeriod(item.periodStart, item.periodEnd, `${path}.period`);
    if (!(item.quantity > 0)) throw badInput(`${path}.quantity`, `quantity must be more than 0; got ${item.quantity}.`);
    const category = await categoryCode(env, item.category, `${path}.category`);
    const notes: string[] = [];
    const kitchenId = item.kitchenExternalId ? await refId(env, 'kitchen', item.kitchenExternalId, `${path}.kitchenExternalId`) : null;
    let municipality: string | null = null;
    if (item.municipalityCode) {
      const m = await municipalityCode(env, item.municipalityCode, `${path}.municipalityCode`);
      municipality = m.code;
      if (m.note) notes.push(m.note);
    } else if (kitchenId) {
      municipality = (await env.tx.kitchen.findUniqueOrThrow({ where: { id: kitchenId }, select: { municipalityCode: true } })).municipalityCode;
    }
    if (!municipality) throw badInput(`${path}.municipalityCode`, 'Give municipalityCode or kitchenExternalId.');
    const lotId = item.lotExternalId ? await refId(env, 'lot', item.lotExternalId, `${path}.lotExternalId`) : null;
    if (item.procurementRoute === 'DIRECT_AWARD') {
      const lot = await coveringLot(env, category, municipality, kitchenId, item.periodStart, item.periodEnd);
      if (lot) {
        throw new UserError(
          ErrorCode.BAD_USER_INPUT,
          `A direct award is not allowed: lot ${lot.number} "${lot.title}" of the active agreement "${lot.agreement}"${lot.notice ? ` (${lot.notice})` : ''} covers ${category} until ${iso(new Date(lot.period_end))}; publish it as a CALL_OFF under that lot.`,
          { field: `${path}.procurementRoute`, value: 'DIRECT_AWARD' },
        );
      }
    }
    const data = {
      kitchenId,
      municipalityCode: municipality,
      categoryCode: category,
      title: text(item.title),
      description: localized(item.descriptions, `${path}.descriptions`) ?? undefined,
      quantity: item.quantity,
      unit: item.unit,
      periodStart: item.periodStart,
      periodEnd: item.periodEnd,
      organicRequired: item.organicRequired ?? false,
      requiredCertifications: [...new Set(item.requiredCertifications ?? [])],
      deliveryFrequency: text(item.deliveryFrequency),
      status: item.status ?? 'OPEN',
      procurementRoute: item.procurementRoute,
      lotId,
      internal: item.internal ?? false,
    };
    const { kitchenId: _k, lotId: _l, ...rest } = data;
    return {
      data,
      canonical: { ...rest, description: data.description ?? null, periodStart: iso(item.periodStart), periodEnd: iso(item.periodEnd), kitchenExternalId: text(item.kitchenExternalId), lotExternalId: text(item.lotExternalId) },
      notes,
    };
  },
};

// ─── Goals and observations ─────────────────────────────────────────────────────

export interface GoalInput {
  externalId: string;
  ownerKind: E.GoalOwnerKind;
  countryCode?: Maybe<string>;
  municipalityCode?: Maybe<string>;
  regionCode?: Maybe<string>;
  titles: unknown;
  scopes?: unknown;
  indicatorKey: string;
  baselineValue?: Maybe<number>;
  baselineYear?: Maybe<number>;
  targetValue: number;
  targetYear: number;
  direction: E.GoalDirection;
  documentTitle?: Maybe<string>;
  documentUrl?: Maybe<string>;
  adoptedAt?: Maybe<Date>;
}

async function indicatorId(env: WriteEnv, key: string, field: string) {
  const row = await env.tx.indicator.findUnique({ where: { key }, select: { id: true } });
  if (!row) throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown indicator "${key}"; see the \`indicators\` query for the keys.`, { field, value: key });
  return row.id;
}

async function place(env: WriteEnv, item: { countryCode?: Maybe<string>; regionCode?: Maybe<string>; municipalityCode?: Maybe<string> }, path: string) {
  const notes: string[] = [];
  let municipalityCode_: string | null = null;
  if (item.municipalityCode) {
    const m = await municipalityCode(env, item.municipalityCode, `${path}.municipalityCode`);
    municipalityCode_ = m.code;
    if (m.note) notes.push(m.note);
  }
  const regionCode = text(item.regionCode)?.toUpperCase() ?? null;
  if (regionCode && !(await env.tx.region.findUnique({ where: { code: regionCode } }))) {
    throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown region code "${regionCode}"; codes look like "NO-39".`, { field: `${path}.regionCode`, value: regionCode });
  }
  const countryCode = text(item.countryCode)?.toUpperCase() ?? null;
  if (countryCode && !(await env.tx.country.findUnique({ where: { code: countryCode } }))) {
    throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown country "${countryCode}".`, { field: `${path}.countryCode`, value: countryCode });
  }
  return { municipalityCode: municipalityCode_, regionCode, countryCode, notes };
}

export const goalSpec: KindSpec<GoalInput> = {
  recordType: 'Goal',
  model: 'goal',
  async normalize(item, env, path) {
    const p = await place(env, item, path);
    if (!p.municipalityCode && !p.regionCode && !p.countryCode) throw badInput(`${path}.municipalityCode`, 'Say whose goal it is: municipalityCode, regionCode or countryCode.');
    if (item.baselineYear != null && item.baselineYear > item.targetYear) throw badInput(`${path}.targetYear`, 'The target year is before the baseline year.');
    const data = {
      ownerKind: item.ownerKind,
      countryCode: p.countryCode,
      regionCode: p.regionCode,
      municipalityCode: p.municipalityCode,
      title: localized(item.titles, `${path}.titles`) ?? undefined,
      scope: localized(item.scopes, `${path}.scopes`) ?? undefined,
      indicatorId: await indicatorId(env, item.indicatorKey, `${path}.indicatorKey`),
      baselineValue: orNull(item.baselineValue),
      baselineYear: orNull(item.baselineYear),
      targetValue: item.targetValue,
      targetYear: item.targetYear,
      direction: item.direction,
      documentTitle: text(item.documentTitle),
      documentUrl: text(item.documentUrl),
      adoptedAt: orNull(item.adoptedAt),
    };
    if (!data.title) throw badInput(`${path}.titles`, 'Give at least one title.');
    const { indicatorId: _i, ...rest } = data;
    return { data, canonical: { ...rest, scope: rest.scope ?? null, adoptedAt: iso(item.adoptedAt), indicatorKey: item.indicatorKey }, notes: p.notes };
  },
};

export interface ObservationInput {
  externalId: string;
  indicatorKey: string;
  countryCode?: Maybe<string>;
  regionCode?: Maybe<string>;
  municipalityCode?: Maybe<string>;
  kitchenExternalId?: Maybe<string>;
  date: Date;
  periodType: E.PeriodType;
  value: number;
  method?: Maybe<string>;
}

export const observationSpec: KindSpec<ObservationInput> = {
  recordType: 'Observation',
  model: 'observation',
  async normalize(item, env, path) {
    const p = await place(env, item, path);
    const kitchenId = item.kitchenExternalId ? await refId(env, 'kitchen', item.kitchenExternalId, `${path}.kitchenExternalId`) : null;
    if (!p.municipalityCode && !p.regionCode && !p.countryCode && !kitchenId) throw badInput(`${path}.municipalityCode`, 'Say what was observed: a municipality, region, country or kitchen.');
    if (!Number.isFinite(item.value)) throw badInput(`${path}.value`, 'value is not a number.');
    const data = {
      indicatorId: await indicatorId(env, item.indicatorKey, `${path}.indicatorKey`),
      countryCode: p.countryCode,
      regionCode: p.regionCode,
      municipalityCode: p.municipalityCode,
      kitchenId,
      date: item.date,
      periodType: item.periodType,
      value: item.value,
      method: text(item.method),
      facetSourceId: env.source.id,
    };
    const { indicatorId: _i, kitchenId: _k, facetSourceId: _f, ...rest } = data;
    return { data, canonical: { ...rest, date: iso(item.date), indicatorKey: item.indicatorKey, kitchenExternalId: text(item.kitchenExternalId) }, notes: p.notes };
  },
};

export const KIND_SPECS = { producerSpec, kitchenSpec, hubSpec, agreementSpec, demandSpec, goalSpec, observationSpec };
export { findRefId };
