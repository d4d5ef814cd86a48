import { badInput, ErrorCode, UserError } from '../errors.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { categoryLineage } from '../deliveries/units.js';
import type { InputOfTable } from '../records/fields.js';
import { type PlainFields, plainFields } from '../records/normalize.js';
import { CERTIFICATION, PRODUCER, PRODUCT } from '../records/producers.js';
import { KITCHEN } from '../records/kitchens.js';
import { HUB } from '../records/hubs.js';
import { AGREEMENT, DEMAND, LOT } from '../records/agreements.js';
import { GOAL, OBSERVATION } from '../records/goals.js';
import {
  ORGANIC_SCHEMES,
  categoryCode,
  checkLat,
  checkPeriod,
  findRefId,
  iso,
  municipalityCode,
  organizationFor,
  personOrganizationFor,
  refId,
  setOrganizationSizeClass,
} from './resolve.js';
import type { KindSpec, Normalized, WriteEnv } from './upsert.js';

// Each kind's input is its record table's (records/): the fields are declared there once. What
// follows from a field's type (trimming, ranges, defaults) is done by `plainFields`; a normalizer
// here adds what is particular to its kind: codes and references resolved, rules across fields,
// owned records written.

type Maybe<T> = T | null | undefined;
const text = (v: Maybe<string>) => (v == null || v.trim() === '' ? null : v.trim());

// ─── Producers ──────────────────────────────────────────────────────────────────

export type ProductInput = InputOfTable<typeof PRODUCT>;
export type CertificationInput = InputOfTable<typeof CERTIFICATION>;
export type ProducerInput = InputOfTable<typeof PRODUCER>;

interface NormalizedProduct {
  externalId: string;
  category: string;
  fields: PlainFields<typeof PRODUCT.fields>;
}

export const producerSpec: KindSpec<ProducerInput> = {
  recordType: 'Producer',
  model: 'producer',
  async normalize(item, env, path) {
    checkLat(item.lat, item.lon, path);
    const plain = plainFields(PRODUCER, item, path);
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
    if (!(await env.tx.country.findUnique({ where: { code: country } })))
      throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown country "${country}".`, { field: `${path}.countryCode` });
    const organizationId = item.orgNumber
      ? await organizationFor(env, { orgNumber: item.orgNumber, name: item.name, naturalPerson: item.naturalPerson, countryCode: country }, `${path}.orgNumber`)
      : item.naturalPerson === true
        ? await personOrganizationFor(env, { externalId: item.externalId, name: item.name, countryCode: country })
        : null;
    if (item.sizeClass != null) {
      if (organizationId === null) {
        throw badInput(
          `${path}.sizeClass`,
          'A size class belongs to the producer’s organization: give orgNumber (or naturalPerson: true for a sole trader) with it.',
        );
      }
      await setOrganizationSizeClass(env, organizationId, item.sizeClass);
    }
    const certifications = (item.certifications ?? []).map((c, i) => {
      if (c.validFrom && c.validUntil && c.validUntil < c.validFrom)
        throw badInput(`${path}.certifications[${i}].validUntil`, 'validUntil is before validFrom.');
      return { scheme: c.scheme, fields: plainFields(CERTIFICATION, c, `${path}.certifications[${i}]`) };
    });
    const organicHeld = certifications.some((c) => ORGANIC_SCHEMES.includes(c.scheme));
    const products: NormalizedProduct[] = [];
    for (const [i, p] of (item.products ?? []).entries()) {
      const field = `${path}.products[${i}]`;
      const category = await categoryCode(env, p.category, `${field}.category`);
      const fields = plainFields(PRODUCT, p, field);
      if ((p.annualCapacity == null) !== (p.capacityUnit == null)) throw badInput(`${field}.capacityUnit`, 'Give annualCapacity and capacityUnit together.');
      if (p.organic && !organicHeld) {
        throw badInput(
          `${field}.organic`,
          `A product is organic only under an EU-organic certificate (${ORGANIC_SCHEMES.join(', ')}); the producer lists none.`,
        );
      }
      products.push({ externalId: text(p.externalId) ?? `${item.externalId}/${category}${p.name ? `/${p.name}` : ''}`, category, fields });
    }
    const dup = products.find((p, i) => products.findIndex((q) => q.externalId === p.externalId) !== i);
    if (dup) throw badInput(`${path}.products`, `Two products have the key "${dup.externalId}"; give them distinct externalIds.`);
    const hubIds: number[] = [];
    for (const [i, hub] of (item.hubExternalIds ?? []).entries()) hubIds.push(await refId(env, 'hub', hub, `${path}.hubExternalIds[${i}]`));
    const resolved = { organizationId, countryCode: country, municipalityCode: municipality };
    const canonical = {
      ...plain.canonical,
      ...resolved,
      orgNumber: text(item.orgNumber),
      naturalPerson: item.naturalPerson ?? null,
      sizeClass: item.sizeClass ?? null,
      products: products.map((p) => ({ externalId: p.externalId, category: p.category, ...p.fields.canonical })),
      certifications: certifications.map((c) => c.fields.canonical),
      hubExternalIds: [...(item.hubExternalIds ?? [])].sort(),
    };
    return {
      data: { ...plain.data, ...resolved },
      canonical,
      notes,
      nested: async (producerId: number, w: WriteEnv) => {
        // Owned rows are replaced as a whole: the partner's list is the truth.
        const s = { sourceId: w.source.id };
        await w.tx.producerProduct.deleteMany({ where: { producerId } });
        if (products.length)
          await w.tx.producerProduct.createMany({
            data: products.map((p) => ({ ...p.fields.data, ...s, producerId, externalId: p.externalId, categoryCode: p.category })),
          });
        await w.tx.certification.deleteMany({ where: { producerId } });
        if (certifications.length) {
          await w.tx.certification.createMany({
            data: certifications.map((c, i) => ({
              ...c.fields.data,
              ...s,
              producerId,
              externalId: `${item.externalId}/cert/${i}/${c.scheme}`,
              scheme: c.scheme,
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

export type KitchenInput = InputOfTable<typeof KITCHEN>;

export const kitchenSpec: KindSpec<KitchenInput> = {
  recordType: 'Kitchen',
  model: 'kitchen',
  async normalize(item, env, path) {
    checkLat(item.lat, item.lon, path);
    const plain = plainFields(KITCHEN, item, path);
    const m = await municipalityCode(env, item.municipalityCode, `${path}.municipalityCode`);
    let centralKitchenId: number | null = null;
    if (item.centralKitchenExternalId) {
      if (item.productionType !== 'RECEIVING') throw badInput(`${path}.centralKitchenExternalId`, 'Only a RECEIVING kitchen has a central kitchen.');
      if (item.centralKitchenExternalId === item.externalId) throw badInput(`${path}.centralKitchenExternalId`, 'A kitchen cannot be its own central kitchen.');
      centralKitchenId = await refId(env, 'kitchen', item.centralKitchenExternalId, `${path}.centralKitchenExternalId`);
    }
    return {
      data: { ...plain.data, municipalityCode: m.code, centralKitchenId },
      canonical: { ...plain.canonical, municipalityCode: m.code, centralKitchenExternalId: text(item.centralKitchenExternalId) },
      notes: m.note ? [m.note] : [],
    };
  },
};

// ─── Hubs ───────────────────────────────────────────────────────────────────────

export type HubInput = InputOfTable<typeof HUB>;

export const hubSpec: KindSpec<HubInput> = {
  recordType: 'Hub',
  model: 'hub',
  async normalize(item, env, path) {
    checkLat(item.lat, item.lon, path);
    const plain = plainFields(HUB, item, path);
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
    const servedSet = [...new Set(served)].sort();
    const municipality = m?.code ?? null;
    return {
      data: { ...plain.data, operatorId, municipalityCode: municipality },
      canonical: { ...plain.canonical, municipalityCode: municipality, operatorOrgNumber: text(item.operatorOrgNumber), servedMunicipalityCodes: servedSet },
      notes,
      nested: async (hubId, w) => {
        await w.tx.hubMunicipality.deleteMany({ where: { hubId } });
        if (servedSet.length) await w.tx.hubMunicipality.createMany({ data: servedSet.map((municipalityCode) => ({ hubId, municipalityCode })) });
      },
    };
  },
};

// ─── Agreements and demand ──────────────────────────────────────────────────────

export type LotInput = InputOfTable<typeof LOT>;
export type AgreementInput = InputOfTable<typeof AGREEMENT>;

interface NormalizedLot {
  externalId: string;
  categories: string[];
  deliveryKitchenExternalIds: string[];
  kitchens: number[];
  fields: PlainFields<typeof LOT.fields>;
}

export const agreementSpec: KindSpec<AgreementInput> = {
  recordType: 'Agreement',
  model: 'agreement',
  async normalize(item, env, path) {
    checkPeriod(item.periodStart, item.periodEnd, `${path}.period`);
    const plain = plainFields(AGREEMENT, item, path);
    for (const [i, cpv] of (item.cpvCodes ?? []).entries())
      if (!/^\d{8}(-\d)?$/.test(cpv)) throw badInput(`${path}.cpvCodes[${i}]`, `"${cpv}" is not a CPV code such as "03212100-1".`);
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
      const fields = plainFields(LOT, lot, field);
      const categories: string[] = [];
      for (const [j, c] of lot.categories.entries()) categories.push(await categoryCode(env, c, `${field}.categories[${j}]`));
      if (categories.length === 0) throw badInput(`${field}.categories`, 'A lot covers at least one category.');
      const kitchens: number[] = [];
      for (const [j, k] of (lot.deliveryKitchenExternalIds ?? []).entries())
        kitchens.push(await refId(env, 'kitchen', k, `${field}.deliveryKitchenExternalIds[${j}]`));
      lots.push({
        externalId: lot.externalId,
        categories: [...new Set(categories)].sort(),
        deliveryKitchenExternalIds: [...(lot.deliveryKitchenExternalIds ?? [])].sort(),
        kitchens,
        fields,
      });
    }
    return {
      data: { ...plain.data, buyerOrganizationId },
      canonical: {
        ...plain.canonical,
        buyerOrgNumber: item.buyerOrgNumber,
        municipalityCodes: [...new Set(municipalities)].sort(),
        lots: lots.map((l) => ({
          externalId: l.externalId,
          categories: l.categories,
          deliveryKitchenExternalIds: l.deliveryKitchenExternalIds,
          ...l.fields.canonical,
        })),
      },
      notes,
      nested: async (agreementId, w) => {
        await w.tx.agreementMunicipality.deleteMany({ where: { agreementId } });
        if (municipalities.length)
          await w.tx.agreementMunicipality.createMany({ data: [...new Set(municipalities)].map((municipalityCode) => ({ agreementId, municipalityCode })) });
        const keep = lots.map((l) => l.externalId);
        await w.tx.lot.updateMany({ where: { agreementId, externalId: { notIn: keep }, deletedAt: null }, data: { deletedAt: new Date() } });
        for (const lot of lots) {
          const data = { ...lot.fields.data, agreementId, deletedAt: null };
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

export type DemandInput = InputOfTable<typeof DEMAND>;

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
    const plain = plainFields(DEMAND, item, path);
    const resolved = { municipalityCode: municipality, categoryCode: category };
    return {
      data: { ...plain.data, ...resolved, kitchenId, lotId },
      canonical: { ...plain.canonical, ...resolved, kitchenExternalId: text(item.kitchenExternalId), lotExternalId: text(item.lotExternalId) },
      notes,
    };
  },
};

// ─── Goals and observations ─────────────────────────────────────────────────────

export type GoalInput = InputOfTable<typeof GOAL>;

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
    throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown region code "${regionCode}"; codes look like "NO-39".`, {
      field: `${path}.regionCode`,
      value: regionCode,
    });
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
    if (!p.municipalityCode && !p.regionCode && !p.countryCode)
      throw badInput(`${path}.municipalityCode`, 'Say whose goal it is: municipalityCode, regionCode or countryCode.');
    if (item.baselineYear != null && item.baselineYear > item.targetYear) throw badInput(`${path}.targetYear`, 'The target year is before the baseline year.');
    const plain = plainFields(GOAL, item, path);
    if (!plain.data.title) throw badInput(`${path}.titles`, 'Give at least one title.');
    const resolved = { countryCode: p.countryCode, regionCode: p.regionCode, municipalityCode: p.municipalityCode };
    return {
      data: { ...plain.data, ...resolved, indicatorId: await indicatorId(env, item.indicatorKey, `${path}.indicatorKey`) },
      canonical: { ...plain.canonical, ...resolved, indicatorKey: item.indicatorKey },
      notes: p.notes,
    };
  },
};

export type ObservationInput = InputOfTable<typeof OBSERVATION>;

export const observationSpec: KindSpec<ObservationInput> = {
  recordType: 'Observation',
  model: 'observation',
  async normalize(item, env, path) {
    const p = await place(env, item, path);
    const kitchenId = item.kitchenExternalId ? await refId(env, 'kitchen', item.kitchenExternalId, `${path}.kitchenExternalId`) : null;
    if (!p.municipalityCode && !p.regionCode && !p.countryCode && !kitchenId)
      throw badInput(`${path}.municipalityCode`, 'Say what was observed: a municipality, region, country or kitchen.');
    if (!Number.isFinite(item.value)) throw badInput(`${path}.value`, 'value is not a number.');
    const plain = plainFields(OBSERVATION, item, path);
    const resolved = { countryCode: p.countryCode, regionCode: p.regionCode, municipalityCode: p.municipalityCode };
    return {
      data: {
        ...plain.data,
        ...resolved,
        indicatorId: await indicatorId(env, item.indicatorKey, `${path}.indicatorKey`),
        kitchenId,
        facetSourceId: env.source.id,
      },
      canonical: { ...plain.canonical, ...resolved, indicatorKey: item.indicatorKey, kitchenExternalId: text(item.kitchenExternalId) },
      notes: p.notes,
    };
  },
};

export const KIND_SPECS = { producerSpec, kitchenSpec, hubSpec, agreementSpec, demandSpec, goalSpec, observationSpec };
export { findRefId };
