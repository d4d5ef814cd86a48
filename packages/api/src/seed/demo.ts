/**
 * The demo dataset: invented producers, kitchens and three years of delivery lines on real places
 * (Horten, Halden, Södertälje, Falun, Borlänge, Ludvika), with agreements, demand, goals and projects;
 * and one year of a smaller story in Turku, Aarhus, Tartu, Vilnius and Rostock.
 * Deterministic: the same seed gives the same rows, ids included, on a fresh database.
 */
import type { Database, SqlSession } from '../db/database.js';
import { type AreaGeometry, contains, haversineKm } from '../places/geometry.js';
import type {
  CertificationScheme,
  ConsentScope,
  Currency,
  KitchenKind,
  OrganicBasis,
  OrganizationKind,
  OriginBasis,
  ProducerKind,
  ProductionType,
  SalesChannel,
  Unit,
  Weekday,
} from '../generated/prisma/enums.js';
import { DEFAULT_UNIT_FACTORS, UnitTable } from '../deliveries/units.js';
import { isOrganicScheme } from '../producers/organic.js';
import * as D from './demo-data.js';
import { STANDARD_INDICATORS } from './indicators.js';

export interface DemoScale {
  producers: number;
  kitchens: number;
  /** approx. total delivery lines */
  deliveries: number;
}

/** The default demo. Counts below the story's own size still give the whole story. */
export const DEMO_SCALE: DemoScale = { producers: 180, kitchens: 79, deliveries: 24_000 };

export const DEFAULT_DEMO_SEED = 20_230_101;

const BATCH_ROWS = 5_000;

// ─── Random numbers ─────────────────────────────────────────────────────────────

/** mulberry32: small, fast and good enough for invented data. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    return entries[entries.length - 1]![0];
  }

  /** `n` distinct items, weighted, in draw order. */
  weightedSample<T>(entries: readonly (readonly [T, number])[], n: number): T[] {
    const pool = [...entries];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) {
      const total = pool.reduce((sum, [, w]) => sum + w, 0);
      let r = this.next() * total;
      let i = 0;
      for (; i < pool.length - 1; i++) {
        r -= pool[i]![1];
        if (r < 0) break;
      }
      out.push(pool[i]![0]);
      pool.splice(i, 1);
    }
    return out;
  }

  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = 0; i < Math.min(n, copy.length); i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * An independent stream per purpose, so that the story stays the same whatever the scale adds after
 * it, and each kitchen's lines do not depend on how many kitchens came before.
 */
function stream(seed: number, label: string): Random {
  return new Random(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ fnv1a(label));
}

// ─── Small helpers ──────────────────────────────────────────────────────────────

const lerp = (t: D.Trajectory, month: number) => t.from + ((t.to - t.from) * month) / (D.MONTHS - 1);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

const MONTH_STARTS = Array.from({ length: D.MONTHS }, (_, month) => `${D.FIRST_YEAR + Math.floor(month / 12)}-${pad((month % 12) + 1)}-01`);
const MONTH_ENDS = Array.from({ length: D.MONTHS }, (_, month) => {
  const year = D.FIRST_YEAR + Math.floor(month / 12);
  const last = new Date(Date.UTC(year, (month % 12) + 1, 0)).getUTCDate();
  return `${year}-${pad((month % 12) + 1)}-${pad(last)}`;
});

const monthStart = (month: number) => MONTH_STARTS[month]!;
const monthEnd = (month: number) => MONTH_ENDS[month]!;

/** Month index (0 = January 2023) of an ISO date; negative before 2023. */
function monthIndex(date: string): number {
  return (Number(date.slice(0, 4)) - D.FIRST_YEAR) * 12 + Number(date.slice(5, 7)) - 1;
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Wholesalers' articles repeat every month; their GTINs are worked out once. */
const articleGtins = new Map<string, string>();

function articleGtin(key: string): string {
  let gtin = articleGtins.get(key);
  if (gtin === undefined) {
    gtin = gtinFor(key);
    articleGtins.set(key, gtin);
  }
  return gtin;
}

/** A GTIN-13 in the restricted-circulation range (prefix 2), so it cannot clash with a real article. */
function gtinFor(key: string): string {
  const body = `2${pad(fnv1a(key) % 1_000_000, 6)}${pad(fnv1a(`${key}#`) % 100_000, 5)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** Invented organization numbers with valid check digits, unique per run. */
export class OrgNumbers {
  private no = 0;
  private se = 0;
  private fi = 0;
  private dk = 0;
  private ee = 0;
  private lt = 0;

  next(country: string): string | null {
    if (country === 'NO') return `0192:${this.nextNorwegian()}`;
    if (country === 'SE') return `0007:${this.nextSwedish()}`;
    if (country === 'FI') return `0037:${this.nextFinnish()}`;
    if (country === 'DK') return `0184:${this.nextDanish()}`;
    if (country === 'EE') return `0191:${this.nextEstonian()}`;
    if (country === 'LT') return `0200:${this.nextLithuanian()}`;
    return null;
  }

  /** Y-tunnus: 7 digits and a check digit (weights 7, 9, 10, 5, 8, 4, 2; 11 − sum mod 11; remainder 1 is never issued). */
  private nextFinnish(): string {
    for (;;) {
      const digits = pad((this.fi++ * 7919 + 2_345_678) % 10_000_000, 7);
      const r = [7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * Number(digits[i]), 0) % 11;
      if (r !== 1) return `${digits}${r === 0 ? 0 : 11 - r}`;
    }
  }

  /** CVR: 8 digits whose sum weighted 2, 7, 6, 5, 4, 3, 2, 1 is a multiple of 11. */
  private nextDanish(): string {
    for (;;) {
      const digits = String(1_000_000 + ((this.dk++ * 7919 + 3_456_789) % 9_000_000));
      const r = [2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * Number(digits[i]), 0) % 11;
      const check = (11 - r) % 11;
      if (check !== 10) return `${digits}${check}`;
    }
  }

  /** Registry code of a company (1…): 7 digits and the check digit of Estonian codes. */
  private nextEstonian(): string {
    const digits = `1${pad((this.ee++ * 7919 + 456_789) % 1_000_000, 6)}`;
    return `${digits}${baltCheckDigit(digits)}`;
  }

  /** Legal entity code of a company (30…): 8 digits and the check digit of Lithuanian codes. */
  private nextLithuanian(): string {
    const digits = `30${pad((this.lt++ * 7919 + 567_890) % 1_000_000, 6)}`;
    return `${digits}${baltCheckDigit(digits)}`;
  }

  private nextNorwegian(): string {
    for (;;) {
      const digits = `9${pad((this.no++ * 7919 + 1_234_567) % 10_000_000, 7)}`;
      const weights = [3, 2, 7, 6, 5, 4, 3, 2];
      const sum = weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);
      const check = (11 - (sum % 11)) % 11;
      if (check !== 10) return `${digits}${check}`;
    }
  }

  private nextSwedish(): string {
    // 556…: a limited company. The third digit of a Swedish organisation number is 2 or more; below that
    // the number would read as a personnummer (born 1955), which is personal data.
    const digits = `556${pad((this.se++ * 7919 + 345_678) % 1_000_000, 6)}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) {
      let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
      if (d > 9) d -= 9;
      sum += d;
    }
    return `${digits}${(10 - (sum % 10)) % 10}`;
  }
}

/**
 * The check digit of Estonian and Lithuanian codes: the sum weighted 1, 2, …, 9, 1, … mod 11; when that
 * is 10, the sum weighted 3, 4, …, 9, 1, 2, … mod 11; when that is 10 too, 0.
 */
export function baltCheckDigit(digits: string): number {
  const weighted = (first: number) => [...digits].reduce((s, d, i) => s + Number(d) * (((first - 1 + i) % 9) + 1), 0) % 11;
  const r = weighted(1);
  if (r !== 10) return r;
  const again = weighted(3);
  return again === 10 ? 0 : again;
}

// ─── Bulk insert ────────────────────────────────────────────────────────────────

type Cell = string | number | boolean | null | undefined | readonly (string | number)[] | Record<string, unknown>;

interface Column<R> {
  name: string;
  /** SQL type the text is cast to, e.g. 'int', '"Unit"', 'jsonb', '"Weekday"[]'. */
  type: string;
  get: (row: R) => Cell;
}

function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function cellText(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return arrayLiteral(value as readonly (string | number)[]);
  return JSON.stringify(value);
}

/**
 * Inserts rows with one `INSERT … SELECT … FROM unnest(…)` per batch; every value travels as text
 * and is cast in SQL, which works the same on PGlite and PostgreSQL. Ids come from the table's
 * sequence in row order. Returns external_id → id when asked.
 */
async function insertRows<R>(sql: SqlSession, table: string, columns: Column<R>[], rows: readonly R[], returnIds = false) {
  const ids = new Map<string, number>();
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const params = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`);
  const casts = columns.map((c, i) => `c${i}::${c.type}`).join(', ');
  const statement =
    `INSERT INTO "${table}" (${names}) SELECT ${casts} FROM unnest(${params}) WITH ORDINALITY AS u(${aliases.join(', ')}, ord) ORDER BY ord` +
    (returnIds ? ' RETURNING id, external_id' : '');
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const values = columns.map((c) => batch.map((row) => cellText(c.get(row))));
    const result = await sql.query<{ id: number; external_id: string }>(statement, values);
    if (returnIds) for (const r of result) ids.set(r.external_id, Number(r.id));
  }
  return ids;
}

// ─── Places and categories ──────────────────────────────────────────────────────

interface Place {
  code: string;
  countryCode: D.DemoCountry;
  regionCode: string;
  name: string;
  lat: number;
  lon: number;
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
  boundary?: AreaGeometry;
}

interface Category {
  code: string;
  names: D.Localized;
  cpv: string | null;
  profile: D.CategoryProfile;
}

interface Reference {
  places: Place[];
  byCode: Map<string, Place>;
  categories: Map<string, Category>;
}

async function loadReference(sql: SqlSession): Promise<Reference> {
  const rows = await sql.query<{
    code: string;
    country_code: D.DemoCountry;
    region_code: string;
    name: string;
    centroid_lat: number;
    centroid_lon: number;
    min_lat: number;
    min_lon: number;
    max_lat: number;
    max_lon: number;
  }>(
    `SELECT code, country_code, region_code, name, centroid_lat, centroid_lon, min_lat, min_lon, max_lat, max_lon
       FROM municipality WHERE deleted_at IS NULL AND valid_to IS NULL AND (country_code = ANY($1::text[]) OR code = ANY($2::text[])) ORDER BY code`,
    // The story and the places beyond it are Norwegian and Swedish; of the other countries, only the Baltic places.
    [D.DEMO_COUNTRIES, D.BALTIC_PLACES.map((p) => p.code)],
  );
  const all = rows.map((r) => ({
    code: r.code,
    countryCode: r.country_code,
    regionCode: r.region_code,
    name: r.name,
    lat: Number(r.centroid_lat),
    lon: Number(r.centroid_lon),
    minLat: Number(r.min_lat),
    minLon: Number(r.min_lon),
    maxLat: Number(r.max_lat),
    maxLon: Number(r.max_lon),
  }));
  const places = all.filter((p) => (D.DEMO_COUNTRIES as readonly string[]).includes(p.countryCode));
  if (places.length === 0) throw new Error('The demo needs the reference data: run loadReferenceData first.');
  const categoryRows = await sql.query<{ code: string; names: D.Localized; cpv: string | null }>(`SELECT code, names, cpv FROM product_category`);
  const known = new Map(categoryRows.map((c) => [c.code, c]));
  const categories = new Map<string, Category>();
  for (const profile of D.CATEGORIES) {
    const row = known.get(profile.code);
    if (!row) throw new Error(`Category ${profile.code} is missing from the reference data.`);
    categories.set(profile.code, { code: profile.code, names: row.names, cpv: row.cpv, profile });
  }
  return { places, byCode: new Map(all.map((p) => [p.code, p])), categories };
}

async function loadBoundaries(sql: SqlSession, reference: Reference, codes: Iterable<string>) {
  const missing = [...new Set(codes)].filter((code) => !reference.byCode.get(code)?.boundary);
  if (missing.length === 0) return;
  const rows = await sql.query<{ code: string; boundary: AreaGeometry | string }>(`SELECT code, boundary FROM municipality WHERE code = ANY($1::text[])`, [
    missing,
  ]);
  for (const r of rows) {
    reference.byCode.get(r.code)!.boundary = typeof r.boundary === 'string' ? (JSON.parse(r.boundary) as AreaGeometry) : r.boundary;
  }
}

/** The country of a place of the story or beyond it, whose names and habits the demo knows: Norway or Sweden. */
function storyCountry(where: Place): D.CountryCode {
  if (where.countryCode !== 'NO' && where.countryCode !== 'SE') throw new Error(`${where.code} is not a place of the Norwegian and Swedish story.`);
  return where.countryCode;
}

function place(reference: Reference, code: string): Place {
  const found = reference.byCode.get(code);
  if (!found) throw new Error(`Municipality ${code} is missing from the reference data.`);
  return found;
}

/** A point inside the municipality (rejection sampling in its bounding box). */
function pointIn(rng: Random, where: Place): { lat: number; lon: number } {
  for (let attempt = 0; attempt < 400; attempt++) {
    const lat = round(rng.float(where.minLat, where.maxLat), 5);
    const lon = round(rng.float(where.minLon, where.maxLon), 5);
    if (where.boundary && contains(where.boundary, lat, lon)) return { lat, lon };
  }
  return { lat: round(where.lat, 5), lon: round(where.lon, 5) };
}

function categoryName(category: Category, lang: D.Lang): string {
  return category.names[lang] ?? category.names.en ?? category.code;
}

// ─── Plans ──────────────────────────────────────────────────────────────────────

interface OrgPlan {
  externalId: string;
  name: string;
  kind: OrganizationKind;
  orgNumber: string | null;
  naturalPerson: boolean;
  countryCode: string | null;
  municipalityCode: string | null;
  website: string | null;
  consents: { scope: ConsentScope; givenBy: string; givenAt: string; method: string }[];
  id?: number;
}

interface ProductPlan {
  externalId: string;
  categoryCode: string;
  name: string;
  seasonMonths: number[];
  annualCapacity: string;
  capacityUnit: Unit;
  organic: boolean;
  gtin: string | null;
}

interface CertificationPlan {
  externalId: string;
  scheme: CertificationScheme;
  number: string;
  validFrom: string;
  validUntil: string;
}

interface ProducerPlan {
  externalId: string;
  name: string;
  kind: ProducerKind;
  countryCode: string;
  municipalityCode: string | null;
  regionCode: string | null;
  lat: number;
  lon: number;
  publicLat: number | null;
  publicLon: number | null;
  hidden: boolean;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  description: D.Localized;
  website: string | null;
  tenderReady: boolean;
  channels: SalesChannel[];
  deliveryRadiusKm: number;
  deliveryDays: Weekday[];
  contactName: string | null;
  contactEmail: string | null;
  contactConsent: boolean;
  org: OrgPlan;
  products: ProductPlan[];
  certifications: CertificationPlan[];
  /** First month whose lines may be organic, or null when not certified organic. */
  organicFrom: number | null;
  organicSchemes: CertificationScheme[];
  labels: CertificationScheme[];
  hubs: string[];
  id?: number;
}

interface KitchenPlan {
  externalId: string;
  slug: string;
  name: string;
  kind: KitchenKind;
  production: ProductionType;
  municipality: Place;
  orgKey: string;
  centralKey: string | null;
  mealsPerDay: number;
  servingDaysPerYear: number;
  lat: number;
  lon: number;
  street: string;
  postalCode: string | null;
  city: string;
  mealConcept: string | null;
  directFrom: number | null;
  silent: boolean;
  /** Buys on top of the delivery target (a place added to the story later; see StoryKitchenPlace). */
  beyondTarget: boolean;
  /** First month of its lines (0 = January 2023; the Baltic places start in 2025). */
  fromMonth: number;
  /** A Baltic place's kitchen: its lines are written after the story's, so the story's rows keep their ids. */
  afterStory: boolean;
  currency: Currency;
  /** Price level against the story's NOK prices: 1 in Norway and Sweden. */
  priceFactor: number;
  profile: D.PurchaseProfile;
  id?: number;
}

const CHANNEL_ORDER: SalesChannel[] = ['PUBLIC_PROCUREMENT', 'FOOD_SERVICE', 'RETAIL', 'DIRECT', 'WHOLESALE'];
const WEEKDAYS: Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
const STORAGE_SEASON = [11, 12, 1, 2];
const STORABLE = new Set(['vegetables.root.carrots', 'vegetables.root.swede', 'vegetables.root.beetroot', 'vegetables.cabbages.white_cabbage']);

/** Shared state of one seeding run. */
interface Run {
  seed: number;
  reference: Reference;
  orgNumbers: OrgNumbers;
  certificateSeq: number;
  usedNames: Set<string>;
}

function personName(rng: Random, country: string): { first: string; last: string } {
  return country === 'SE'
    ? { first: rng.pick(D.SE_FIRST_NAMES), last: rng.pick(D.SE_LAST_NAMES) }
    : { first: rng.pick(D.NO_FIRST_NAMES), last: rng.pick(D.NO_LAST_NAMES) };
}

function producerName(run: Run, rng: Random, country: D.CountryCode, template: D.ProducerTemplate): string {
  let name = '';
  for (let attempt = 0; attempt < 30; attempt++) {
    name =
      country === 'SE'
        ? `${rng.pick(D.SE_NAME_ROOTS)} ${template.suffix.sv}`
        : `${rng.pick(D.NO_NAME_PREFIXES)}${rng.pick(D.NO_NAME_ROOTS)} ${template.suffix.nb}`;
    if (!run.usedNames.has(name)) break;
  }
  run.usedNames.add(name);
  return name;
}

function companyName(name: string, country: D.CountryCode, kind: ProducerKind): string {
  if (kind === 'COOPERATIVE') return country === 'SE' ? `${name} ek. för.` : `${name} SA`;
  return country === 'SE' ? `${name} AB` : `${name} AS`;
}

function certificateNumber(run: Run, scheme: CertificationScheme, country: string): string {
  const n = ++run.certificateSeq;
  switch (scheme) {
    case 'DEBIO':
      return `DEBIO-${pad(1000 + n, 5)}`;
    case 'KRAV':
      return `KRAV-${pad(20_000 + n, 5)}`;
    case 'EU_ORGANIC':
      return `EU-ORG-${country}-${pad(100_000 + n, 6)}`;
    case 'NYT_NORGE':
      return `NN-${pad(3000 + n, 5)}`;
    case 'SVENSKT_SIGILL':
      return `SIGILL-${pad(40_000 + n, 5)}`;
    case 'MSC':
      return `MSC-C-${pad(50_000 + n, 5)}`;
    case 'LUOMU':
      return `LUOMU-${pad(60_000 + n, 5)}`;
    case 'OE_MAERKET':
      return `OE-${pad(70_000 + n, 5)}`;
    default:
      return `CERT-${pad(n, 6)}`;
  }
}

function productPlans(
  rng: Random,
  producerKey: string,
  categories: string[],
  lang: D.Lang,
  reference: Reference,
  organic: boolean,
  template: D.ProducerTemplate,
) {
  return categories.map((code): ProductPlan => {
    const category = reference.categories.get(code)!;
    const storageOnly = STORABLE.has(code) && rng.chance(0.2);
    const kg = round(rng.float(template.capacityKg[0], template.capacityKg[1]) / categories.length, -2) + 100;
    const unit: Unit = category.profile.unit === 'L' ? 'L' : code === 'eggs' ? 'PIECE' : kg >= 50_000 ? 'TONNE' : 'KG';
    const capacity = unit === 'PIECE' ? Math.round(kg / 0.06) : unit === 'TONNE' ? round(kg / 1000, 1) : kg;
    return {
      externalId: `${producerKey}:${code}`,
      categoryCode: code,
      name: categoryName(category, lang),
      seasonMonths: storageOnly ? STORAGE_SEASON : category.profile.season,
      annualCapacity: capacity.toFixed(3),
      capacityUnit: unit,
      organic: organic && (categories.length === 1 || rng.chance(0.85)),
      gtin: rng.chance(0.25) ? gtinFor(`product:${producerKey}:${code}`) : null,
    };
  });
}

function certificationsFor(run: Run, rng: Random, producerKey: string, country: string, organic: boolean, kind: ProducerKind) {
  const certs: CertificationPlan[] = [];
  const add = (scheme: CertificationScheme, validFrom: string, validUntil: string) =>
    certs.push({ externalId: `${producerKey}:${scheme}`, scheme, number: certificateNumber(run, scheme, country), validFrom, validUntil });
  let organicFrom: number | null = null;
  if (organic) {
    const converted = rng.chance(0.15);
    const validFrom = converted ? `2024-${pad(rng.int(1, 12))}-01` : `${rng.int(2008, 2022)}-${pad(rng.int(1, 12))}-01`;
    const validUntil = rng.chance(0.5) ? '2026-12-31' : '2027-06-30';
    organicFrom = Math.max(0, monthIndex(validFrom));
    if (country === 'NO') {
      add('DEBIO', validFrom, validUntil);
      if (rng.chance(0.5)) add('EU_ORGANIC', validFrom, validUntil);
    } else if (country === 'SE') {
      if (rng.chance(0.7)) add('KRAV', validFrom, validUntil);
      if (certs.length === 0 || rng.chance(0.5)) add('EU_ORGANIC', validFrom, validUntil);
    } else {
      add('EU_ORGANIC', validFrom, validUntil);
    }
  }
  const labelFrom = `${rng.int(2014, 2022)}-${pad(rng.int(1, 12))}-01`;
  if (kind === 'FISHERY' && rng.chance(0.8)) add('MSC', labelFrom, `${rng.int(2026, 2028)}-${pad(rng.int(1, 12))}-01`);
  else if (country === 'NO' && rng.chance(0.35)) add('NYT_NORGE', labelFrom, '2026-12-31');
  else if (country === 'SE' && rng.chance(0.3)) add('SVENSKT_SIGILL', labelFrom, '2026-12-31');
  return { certs, organicFrom };
}

interface ProducerSpec {
  key: string;
  where: Place;
  template: D.ProducerTemplate;
  categories?: string[];
  tenderReady?: boolean;
  organic?: boolean;
  company?: boolean;
  postalCodes?: string[];
}

function planProducer(run: Run, rng: Random, spec: ProducerSpec): ProducerPlan {
  const { where, template } = spec;
  const country = storyCountry(where);
  const lang: D.Lang = country === 'SE' ? 'sv' : 'nb';
  const name = producerName(run, rng, country, template);
  const count = Math.min(template.categories.length, rng.int(template.products[0], template.products[1]));
  const categories = spec.categories ?? rng.sample(template.categories, count);
  const organic = spec.organic ?? rng.chance(template.organicRate + (country === 'SE' ? 0.1 : 0));
  const point = pointIn(rng, where);
  const natural = !spec.company && rng.chance(template.kind === 'FARM' || template.kind === 'FISHERY' ? 0.4 : 0.05);
  const person = personName(rng, country);
  const personFull = `${person.first} ${person.last}`;
  const slug = slugify(name);
  const consents: OrgPlan['consents'] = [];
  if (natural && rng.chance(0.3)) {
    const givenAt = `2023-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}T10:00:00.000Z`;
    const method = rng.pick(['signed form', 'web form']);
    consents.push({ scope: 'CONTACT_PERSON', givenBy: personFull, givenAt, method });
    if (rng.chance(0.7)) consents.push({ scope: 'EXACT_LOCATION', givenBy: personFull, givenAt, method });
  }
  const org: OrgPlan = {
    externalId: `org:${spec.key}`,
    name: natural ? (country === 'SE' ? personFull : `${name} ${personFull}`) : companyName(name, country, template.kind),
    kind: template.kind === 'COOPERATIVE' ? 'COOPERATIVE' : 'PRODUCER_COMPANY',
    orgNumber: natural && country === 'SE' ? null : run.orgNumbers.next(country),
    naturalPerson: natural,
    countryCode: country,
    municipalityCode: where.code,
    website: null,
    consents,
  };
  const tenderReady = spec.tenderReady ?? rng.chance(template.tenderReadyRate);
  const { certs, organicFrom } = certificationsFor(run, rng, spec.key, country, organic, template.kind);
  const products = productPlans(rng, spec.key, categories, lang, run.reference, organicFrom !== null, template);
  const productNames = (l: D.Lang) => categories.map((c) => categoryName(run.reference.categories.get(c)!, l).toLowerCase()).join(', ');
  const hidden = natural && !consents.some((c) => c.scope === 'EXACT_LOCATION');
  const street = `${rng.pick(country === 'SE' ? D.SE_STREETS : D.NO_STREETS)} ${rng.int(1, 160)}`;
  return {
    externalId: spec.key,
    name,
    kind: template.kind,
    countryCode: country,
    municipalityCode: where.code,
    regionCode: where.regionCode,
    ...point,
    publicLat: hidden ? where.lat : point.lat,
    publicLon: hidden ? where.lon : point.lon,
    hidden,
    street,
    postalCode: spec.postalCodes ? rng.pick(spec.postalCodes) : null,
    city: where.name,
    description: {
      [lang]: `${template.description[lang]} i ${where.name}. Produkter: ${productNames(lang)}.`,
      en: `${template.description.en} in ${where.name}. Products: ${productNames('en')}.`,
    },
    website: rng.chance(0.6) ? `https://${slug}.example.org` : null,
    tenderReady,
    channels: channelsFor(rng, tenderReady),
    deliveryRadiusKm: rng.int(template.deliveryRadiusKm[0], template.deliveryRadiusKm[1]),
    deliveryDays: deliveryDays(rng),
    contactName: personFull,
    contactEmail: natural ? `${slugify(person.first)}.${slugify(person.last)}@example.org` : `post@${slug}.example.org`,
    contactConsent: natural ? consents.some((c) => c.scope === 'CONTACT_PERSON') : rng.chance(0.6),
    org,
    products,
    certifications: certs,
    organicFrom,
    organicSchemes: certs.filter((c) => isOrganicScheme(c.scheme)).map((c) => c.scheme),
    labels: certs.filter((c) => !isOrganicScheme(c.scheme)).map((c) => c.scheme),
    hubs: [],
  };
}

function deliveryDays(rng: Random): Weekday[] {
  const days = rng.sample(WEEKDAYS, rng.int(1, 3));
  return WEEKDAYS.filter((d) => days.includes(d));
}

function channelsFor(rng: Random, tenderReady: boolean): SalesChannel[] {
  const chosen = new Set<SalesChannel>();
  if (tenderReady) chosen.add('PUBLIC_PROCUREMENT');
  if (rng.chance(0.6)) chosen.add('DIRECT');
  if (rng.chance(0.4)) chosen.add('RETAIL');
  if (rng.chance(0.5)) chosen.add('FOOD_SERVICE');
  if (rng.chance(0.3)) chosen.add('WHOLESALE');
  if (chosen.size === 0) chosen.add('DIRECT');
  return CHANNEL_ORDER.filter((c) => chosen.has(c));
}

function planAbroadProducer(run: Run, spec: D.AbroadProducer): ProducerPlan {
  const rng = stream(run.seed, `abroad:${spec.key}`);
  const key = `producer:${spec.key}`;
  const template = { ...D.TEMPLATES.vegetables, kind: spec.kind };
  const { certs, organicFrom } = certificationsFor(run, rng, key, spec.countryCode, spec.organic, spec.kind);
  return {
    externalId: key,
    name: spec.name,
    kind: spec.kind,
    countryCode: spec.countryCode,
    municipalityCode: null,
    regionCode: null,
    lat: spec.lat,
    lon: spec.lon,
    publicLat: spec.lat,
    publicLon: spec.lon,
    hidden: false,
    street: null,
    postalCode: null,
    city: spec.city,
    description: { en: spec.description },
    website: `https://${slugify(spec.name)}.example.org`,
    tenderReady: false,
    channels: ['WHOLESALE'],
    deliveryRadiusKm: 2000,
    deliveryDays: ['MON', 'THU'],
    contactName: null,
    contactEmail: `info@${slugify(spec.name)}.example.org`,
    contactConsent: true,
    org: {
      externalId: `org:${key}`,
      name: spec.name,
      kind: spec.kind === 'COOPERATIVE' ? 'COOPERATIVE' : 'PRODUCER_COMPANY',
      orgNumber: null,
      naturalPerson: false,
      countryCode: spec.countryCode,
      municipalityCode: null,
      website: null,
      consents: [],
    },
    products: productPlans(rng, key, spec.categories, 'en', run.reference, organicFrom !== null, template),
    certifications: certs,
    organicFrom,
    organicSchemes: certs.filter((c) => isOrganicScheme(c.scheme)).map((c) => c.scheme),
    labels: [],
    hubs: [],
  };
}

function templateWeights(weights: Partial<Record<D.TemplateKey, number>>, coastal: boolean): [D.TemplateKey, number][] {
  return (Object.entries(weights) as [D.TemplateKey, number][]).filter(([key, w]) => w > 0 && (coastal || key !== 'seafish'));
}

/** The producer that won Horten's root-vegetable lot: a tender-ready organic farm in Horten. */
const LOT_PRODUCER_KEY = 'producer:NO-3901:1';

function planStoryProducers(run: Run): ProducerPlan[] {
  const producers: ProducerPlan[] = [];
  for (const story of D.STORY_PLACES) {
    const rng = stream(run.seed, `producers:${story.code}`);
    const where = place(run.reference, story.code);
    const weights = templateWeights(story.templates ?? D.DEFAULT_TEMPLATE_WEIGHTS, story.coastal ?? false);
    for (let i = 1; i <= story.producers; i++) {
      const key = `producer:${story.code}:${i}`;
      const isLotProducer = key === LOT_PRODUCER_KEY;
      const template = D.TEMPLATES[isLotProducer ? 'vegetables' : rng.weighted(weights)];
      producers.push(
        planProducer(run, rng, {
          key,
          where,
          template,
          ...(story.postalCodes ? { postalCodes: story.postalCodes } : {}),
          ...(isLotProducer
            ? {
                categories: [
                  'vegetables.root.potatoes',
                  'vegetables.root.carrots',
                  'vegetables.root.swede',
                  'vegetables.root.beetroot',
                  'vegetables.root.onions',
                ],
                tenderReady: true,
                organic: false,
                company: true,
              }
            : {}),
        }),
      );
    }
  }
  for (const abroad of D.ABROAD_PRODUCERS) producers.push(planAbroadProducer(run, abroad));
  return producers;
}

/** Where the producers beyond the story are: drawn on their own stream so boundaries can be loaded first. */
function extraProducerPlaces(run: Run, count: number): Place[] {
  const rng = stream(run.seed, 'producers:extra:places');
  return Array.from({ length: count }, () => rng.pick(run.reference.places));
}

function planExtraProducers(run: Run, places: Place[]): ProducerPlan[] {
  const rng = stream(run.seed, 'producers:extra');
  const weights = templateWeights({ ...D.DEFAULT_TEMPLATE_WEIGHTS, seafish: 1.5 }, true);
  return places.map((where, i) => planProducer(run, rng, { key: `producer:x:${i + 1}`, where, template: D.TEMPLATES[rng.weighted(weights)] }));
}

function linkHubs(run: Run, producers: ProducerPlan[]) {
  const rng = stream(run.seed, 'hubs');
  for (const hub of D.STORY_HUBS) {
    const from = new Set(hub.producersFrom);
    for (const p of producers) {
      if (p.municipalityCode && from.has(p.municipalityCode) && rng.chance(0.6)) p.hubs.push(hub.key);
    }
  }
}

// ─── Kitchens ───────────────────────────────────────────────────────────────────

function kitchenAddress(rng: Random, where: Place, postalCodes: string[] | undefined) {
  const point = pointIn(rng, where);
  return {
    ...point,
    street: `${rng.pick(where.countryCode === 'SE' ? D.SE_STREETS : D.NO_STREETS)} ${rng.int(1, 90)}`,
    postalCode: postalCodes ? rng.pick(postalCodes) : null,
    city: where.name,
  };
}

function planStoryKitchens(run: Run): KitchenPlan[] {
  const out: KitchenPlan[] = [];
  for (const story of D.STORY_KITCHENS) {
    const rng = stream(run.seed, `kitchens:${story.code}`);
    const where = place(run.reference, story.code);
    const postalCodes = D.STORY_PLACES.find((p) => p.code === story.code)?.postalCodes;
    for (const k of story.kitchens) {
      out.push({
        externalId: `kitchen:${story.code}:${k.slug}`,
        slug: k.slug,
        name: k.name,
        kind: k.kind,
        production: k.production,
        municipality: where,
        orgKey: k.operator ?? `municipality:${story.code}`,
        centralKey: k.central ? `kitchen:${story.code}:${k.central}` : null,
        mealsPerDay: k.meals,
        servingDaysPerYear: D.SERVING_DAYS[storyCountry(where)][k.kind],
        ...kitchenAddress(rng, where, postalCodes),
        mealConcept: k.mealConcept ?? null,
        directFrom: k.directFrom ?? null,
        silent: k.silent ?? false,
        beyondTarget: story.beyondTarget ?? false,
        fromMonth: 0,
        afterStory: false,
        currency: currencyOf(where.countryCode),
        priceFactor: 1,
        profile: story.profile,
      });
    }
  }
  return out;
}

/** Kitchens beyond the story come in clusters per municipality: where, and how many. */
function extraKitchenClusters(run: Run, count: number): { where: Place; size: number }[] {
  const rng = stream(run.seed, 'kitchens:extra:places');
  const clusters: { where: Place; size: number }[] = [];
  for (let n = 0; n < count;) {
    const size = Math.min(count - n, rng.int(1, 8));
    clusters.push({ where: rng.pick(run.reference.places), size });
    n += size;
  }
  return clusters;
}

/** A central kitchen feeds up to two receiving kitchens when the cluster is big enough. */
function planExtraKitchens(run: Run, clusters: { where: Place; size: number }[]): KitchenPlan[] {
  const rng = stream(run.seed, 'kitchens:extra');
  const out: KitchenPlan[] = [];
  let n = 0;
  for (const { where, size } of clusters) {
    const country = storyCountry(where);
    const roots = rng.sample(D.KITCHEN_ROOTS[country], size);
    let central: KitchenPlan | null = null;
    for (let i = 0; i < size; i++) {
      n++;
      const root = roots[i] ?? `${rng.pick(D.KITCHEN_ROOTS[country])} ${n}`;
      const isCentral = size >= 4 && i === 0;
      const receiving = central !== null && i <= 2;
      const kind: KitchenKind = isCentral ? rng.pick<KitchenKind>(['SCHOOL', 'ELDERLY_CARE', 'PRESCHOOL']) : rng.weighted(D.EXTRA_KITCHEN_KINDS);
      const mealsRange = D.KIND_MEALS[isCentral ? 'CENTRAL' : kind];
      const words = D.KITCHEN_WORDS[country];
      const plan: KitchenPlan = {
        externalId: `kitchen:x:${n}`,
        slug: `x-${n}`,
        name: (isCentral ? words.CENTRAL : words[kind]).replace('{root}', root),
        kind,
        production: isCentral ? 'CENTRAL' : receiving ? 'RECEIVING' : 'COOKING',
        municipality: where,
        orgKey: kind === 'RESTAURANT' ? `food-service:x:${n}` : `municipality:${where.code}`,
        centralKey: receiving ? central!.externalId : null,
        mealsPerDay: rng.int(mealsRange[0], mealsRange[1]),
        servingDaysPerYear: D.SERVING_DAYS[country][kind],
        ...kitchenAddress(rng, where, undefined),
        mealConcept: country === 'SE' && rng.chance(0.08) ? D.GREEN_PLANET : null,
        directFrom: !receiving && rng.chance(0.3) ? rng.int(0, D.MONTHS - 1) : null,
        silent: !isCentral && !receiving && rng.chance(0.08),
        beyondTarget: false,
        fromMonth: 0,
        afterStory: false,
        currency: currencyOf(country),
        priceFactor: 1,
        profile: D.DEFAULT_PROFILES[country],
      };
      if (isCentral) central = plan;
      out.push(plan);
    }
  }
  return out;
}

// ─── Organizations ──────────────────────────────────────────────────────────────

function planOrganizations(run: Run, producers: ProducerPlan[], kitchens: KitchenPlan[]): Map<string, OrgPlan> {
  const orgs = new Map<string, OrgPlan>();
  for (const o of D.STORY_ORGANIZATIONS) {
    orgs.set(o.key, {
      externalId: `org:${o.key}`,
      name: o.name,
      kind: o.kind,
      orgNumber: o.invented ? run.orgNumbers.next(o.countryCode) : null,
      naturalPerson: false,
      countryCode: o.countryCode,
      municipalityCode: o.municipalityCode ?? null,
      website: o.website ?? null,
      consents: [],
    });
  }
  for (const k of kitchens) {
    if (orgs.has(k.orgKey)) continue;
    const where = k.municipality;
    const isPrivate = k.orgKey.startsWith('food-service:');
    const word = where.countryCode === 'SE' ? 'kommun' : 'kommune';
    orgs.set(k.orgKey, {
      externalId: `org:${k.orgKey}`,
      name: isPrivate ? companyName(`${k.name} Servering`, storyCountry(where), 'OTHER') : `${where.name} ${word}`,
      kind: isPrivate ? 'FOOD_SERVICE' : 'MUNICIPALITY',
      orgNumber: isPrivate ? run.orgNumbers.next(where.countryCode) : null,
      naturalPerson: false,
      countryCode: where.countryCode,
      municipalityCode: where.code,
      website: null,
      consents: [],
    });
  }
  for (const p of producers) orgs.set(p.org.externalId, p.org);
  return orgs;
}

// ─── The Baltic places ──────────────────────────────────────────────────────────

/** A Baltic place's organic certificates: EU organic, with the national label beside it where there is one. */
function balticCertifications(run: Run, rng: Random, key: string, b: D.BalticPlace, organic: boolean, kind: ProducerKind) {
  const certs: CertificationPlan[] = [];
  const add = (scheme: CertificationScheme, validFrom: string, validUntil: string) =>
    certs.push({ externalId: `${key}:${scheme}`, scheme, number: certificateNumber(run, scheme, b.countryCode), validFrom, validUntil });
  if (organic) {
    const validFrom = `${rng.int(2010, 2022)}-${pad(rng.int(1, 12))}-01`;
    add('EU_ORGANIC', validFrom, '2026-12-31');
    if (b.organicLabel) add(b.organicLabel, validFrom, '2026-12-31');
  }
  if (kind === 'FISHERY' && rng.chance(0.8)) add('MSC', `${rng.int(2016, 2022)}-${pad(rng.int(1, 12))}-01`, `${rng.int(2026, 2028)}-${pad(rng.int(1, 12))}-01`);
  return { certs, organicFrom: organic ? 0 : null };
}

function balticCompanyName(b: D.BalticPlace, name: string): string {
  return b.companyForm.before ? `${b.companyForm.text} „${name}“` : `${name} ${b.companyForm.text}`;
}

/**
 * The Baltic places' producers (inside their municipality), kitchens and organizations: the
 * municipality's administration, a wholesaler, and a company behind each producer.
 */
function planBaltic(run: Run): { producers: ProducerPlan[]; kitchens: KitchenPlan[]; orgs: Map<string, OrgPlan> } {
  const producers: ProducerPlan[] = [];
  const kitchens: KitchenPlan[] = [];
  const orgs = new Map<string, OrgPlan>();
  for (const b of D.BALTIC_PLACES) {
    const where = place(run.reference, b.code);
    const rng = stream(run.seed, `baltic:${b.code}`);
    const org = (key: string, name: string, kind: OrganizationKind, orgNumber: string | null, website: string | null): OrgPlan => ({
      externalId: `org:${key}`,
      name,
      kind,
      orgNumber,
      naturalPerson: false,
      countryCode: b.countryCode,
      municipalityCode: b.code,
      website,
      consents: [],
    });
    orgs.set(`municipality:${b.code}`, org(`municipality:${b.code}`, b.municipality, 'MUNICIPALITY', null, null));
    orgs.set(b.wholesaler.key, org(b.wholesaler.key, b.wholesaler.name, 'WHOLESALER', run.orgNumbers.next(b.countryCode), b.wholesaler.website));
    b.producers.forEach((spec, i) => {
      const key = `producer:${b.code}:${i + 1}`;
      const template = D.TEMPLATES[spec.template];
      const point = pointIn(rng, where);
      const slug = slugify(spec.name);
      const company = org(key, balticCompanyName(b, spec.name), 'PRODUCER_COMPANY', run.orgNumbers.next(b.countryCode), null);
      orgs.set(company.externalId, company);
      const { certs, organicFrom } = balticCertifications(run, rng, key, b, spec.organic, template.kind);
      const products = productPlans(rng, key, spec.categories, b.lang, run.reference, organicFrom !== null, template);
      const productNames = (lang: D.Lang) => spec.categories.map((c) => categoryName(run.reference.categories.get(c)!, lang).toLowerCase()).join(', ');
      const description: D.Localized = {
        [b.lang]: b.describe.local.replace('{products}', productNames(b.lang)),
        en: b.describe.en.replace('{products}', productNames('en')),
      };
      for (const [lang, text] of Object.entries(b.describeAlso ?? {}) as [D.Lang, string][]) description[lang] = text.replace('{products}', productNames(lang));
      const tenderReady = spec.tenderReady;
      producers.push({
        externalId: key,
        name: spec.name,
        kind: template.kind,
        countryCode: b.countryCode,
        municipalityCode: b.code,
        regionCode: where.regionCode,
        ...point,
        publicLat: point.lat,
        publicLon: point.lon,
        hidden: false,
        street: `${rng.pick(b.streets)} ${rng.int(1, 120)}`,
        postalCode: rng.pick(b.postalCodes),
        city: where.name,
        description,
        website: `https://${slug}.example.org`,
        tenderReady,
        channels: channelsFor(rng, tenderReady),
        deliveryRadiusKm: rng.int(template.deliveryRadiusKm[0], template.deliveryRadiusKm[1]),
        deliveryDays: deliveryDays(rng),
        contactName: null,
        contactEmail: `info@${slug}.example.org`,
        contactConsent: true,
        org: company,
        products,
        certifications: certs,
        organicFrom,
        organicSchemes: certs.filter((c) => isOrganicScheme(c.scheme)).map((c) => c.scheme),
        labels: certs.filter((c) => !isOrganicScheme(c.scheme)).map((c) => c.scheme),
        hubs: [],
      });
    });
    for (const k of b.kitchens) {
      const point = pointIn(rng, where);
      kitchens.push({
        externalId: `kitchen:${b.code}:${k.slug}`,
        slug: k.slug,
        name: k.name,
        kind: k.kind,
        production: k.production,
        municipality: where,
        orgKey: `municipality:${b.code}`,
        centralKey: null,
        mealsPerDay: k.meals,
        servingDaysPerYear: b.servingDays[k.kind] ?? 250,
        ...point,
        street: `${rng.pick(b.streets)} ${rng.int(1, 90)}`,
        postalCode: rng.pick(b.postalCodes),
        city: where.name,
        mealConcept: null,
        directFrom: k.directFrom ?? null,
        silent: false,
        beyondTarget: true,
        fromMonth: D.BALTIC_FIRST_MONTH,
        afterStory: true,
        currency: b.currency,
        priceFactor: b.priceFactor,
        profile: b.profile,
      });
    }
  }
  return { producers, kitchens, orgs };
}

// ─── Writing the plans ──────────────────────────────────────────────────────────

async function insertSource(sql: SqlSession): Promise<number> {
  const s = D.DEMO_SOURCE;
  const existing = await sql.query(`SELECT 1 FROM source WHERE key = $1`, [s.key]);
  if (existing.length > 0) throw new Error(`The demo dataset (source "${s.key}") is already loaded; start from an empty database.`);
  const rows = await sql.query<{ id: number }>(`INSERT INTO source (key, name, publisher, licence, attribution) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
    s.key,
    s.name,
    s.publisher,
    s.licence,
    s.attribution,
  ]);
  return Number(rows[0]!.id);
}

async function insertOrganizations(sql: SqlSession, sourceId: number, orgs: OrgPlan[]) {
  const ids = await insertRows<OrgPlan>(
    sql,
    'organization',
    [
      { name: 'name', type: 'text', get: (o) => o.name },
      { name: 'kind', type: '"OrganizationKind"', get: (o) => o.kind },
      { name: 'org_number', type: 'text', get: (o) => o.orgNumber },
      { name: 'natural_person', type: 'boolean', get: (o) => o.naturalPerson },
      { name: 'country_code', type: 'text', get: (o) => o.countryCode },
      { name: 'municipality_code', type: 'text', get: (o) => o.municipalityCode },
      { name: 'website', type: 'text', get: (o) => o.website },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (o) => o.externalId },
    ],
    orgs,
    true,
  );
  for (const o of orgs) o.id = ids.get(o.externalId)!;
  const identified = orgs.filter((o) => o.orgNumber !== null);
  await insertRows<OrgPlan>(
    sql,
    'organization_identifier',
    [
      { name: 'organization_id', type: 'int', get: (o) => o.id! },
      { name: 'scheme', type: 'text', get: () => 'iso6523' },
      { name: 'value', type: 'text', get: (o) => o.orgNumber },
      { name: 'source_id', type: 'int', get: () => sourceId },
    ],
    identified,
  );
  const consents = orgs.flatMap((o) => o.consents.map((c) => ({ ...c, org: o })));
  await insertRows<(typeof consents)[number]>(
    sql,
    'consent_record',
    [
      { name: 'organization_id', type: 'int', get: (c) => c.org.id! },
      { name: 'scope', type: '"ConsentScope"', get: (c) => c.scope },
      { name: 'given_by', type: 'text', get: (c) => c.givenBy },
      { name: 'given_at', type: 'timestamp', get: (c) => c.givenAt },
      { name: 'method', type: 'text', get: (c) => c.method },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (c) => `consent:${c.org.externalId}:${c.scope}` },
    ],
    consents,
  );
}

async function insertProducers(sql: SqlSession, sourceId: number, producers: ProducerPlan[]) {
  const ids = await insertRows<ProducerPlan>(
    sql,
    'producer',
    [
      { name: 'name', type: 'text', get: (p) => p.name },
      { name: 'kind', type: '"ProducerKind"', get: (p) => p.kind },
      { name: 'organization_id', type: 'int', get: (p) => p.org.id! },
      { name: 'country_code', type: 'text', get: (p) => p.countryCode },
      { name: 'municipality_code', type: 'text', get: (p) => p.municipalityCode },
      { name: 'lat', type: 'float8', get: (p) => p.lat },
      { name: 'lon', type: 'float8', get: (p) => p.lon },
      { name: 'public_lat', type: 'float8', get: (p) => p.publicLat },
      { name: 'public_lon', type: 'float8', get: (p) => p.publicLon },
      { name: 'location_precision', type: '"LocationPrecision"', get: (p) => (p.hidden ? 'MUNICIPALITY' : 'EXACT') },
      { name: 'street', type: 'text', get: (p) => p.street },
      { name: 'postal_code', type: 'text', get: (p) => p.postalCode },
      { name: 'city', type: 'text', get: (p) => p.city },
      { name: 'description', type: 'jsonb', get: (p) => p.description },
      { name: 'website', type: 'text', get: (p) => p.website },
      { name: 'tender_ready', type: 'boolean', get: (p) => p.tenderReady },
      { name: 'channels', type: '"SalesChannel"[]', get: (p) => p.channels },
      { name: 'delivery_radius_km', type: 'float8', get: (p) => p.deliveryRadiusKm },
      { name: 'delivery_days', type: '"Weekday"[]', get: (p) => p.deliveryDays },
      { name: 'contact_name', type: 'text', get: (p) => p.contactName },
      { name: 'contact_email', type: 'text', get: (p) => p.contactEmail },
      { name: 'contact_consent', type: 'boolean', get: (p) => p.contactConsent },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (p) => p.externalId },
    ],
    producers,
    true,
  );
  for (const p of producers) p.id = ids.get(p.externalId)!;
  const products = producers.flatMap((p) => p.products.map((product) => ({ ...product, producerId: p.id! })));
  await insertRows<(typeof products)[number]>(
    sql,
    'producer_product',
    [
      { name: 'producer_id', type: 'int', get: (r) => r.producerId },
      { name: 'category_code', type: 'text', get: (r) => r.categoryCode },
      { name: 'name', type: 'text', get: (r) => r.name },
      { name: 'season_months', type: 'int[]', get: (r) => r.seasonMonths },
      { name: 'annual_capacity', type: 'numeric', get: (r) => r.annualCapacity },
      { name: 'capacity_unit', type: '"Unit"', get: (r) => r.capacityUnit },
      { name: 'organic', type: 'boolean', get: (r) => r.organic },
      { name: 'gtin', type: 'text', get: (r) => r.gtin },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (r) => r.externalId },
    ],
    products,
  );
  const certs = producers.flatMap((p) => p.certifications.map((c) => ({ ...c, producerId: p.id! })));
  await insertRows<(typeof certs)[number]>(
    sql,
    'certification',
    [
      { name: 'producer_id', type: 'int', get: (r) => r.producerId },
      { name: 'scheme', type: '"CertificationScheme"', get: (r) => r.scheme },
      { name: 'certificate_number', type: 'text', get: (r) => r.number },
      { name: 'valid_from', type: 'date', get: (r) => r.validFrom },
      { name: 'valid_until', type: 'date', get: (r) => r.validUntil },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (r) => r.externalId },
    ],
    certs,
  );
}

async function insertKitchens(sql: SqlSession, sourceId: number, kitchens: KitchenPlan[], orgs: Map<string, OrgPlan>) {
  const columns: Column<KitchenPlan>[] = [
    { name: 'name', type: 'text', get: (k) => k.name },
    { name: 'kind', type: '"KitchenKind"', get: (k) => k.kind },
    { name: 'municipality_code', type: 'text', get: (k) => k.municipality.code },
    { name: 'organization_id', type: 'int', get: (k) => orgs.get(k.orgKey)!.id! },
    { name: 'production_type', type: '"ProductionType"', get: (k) => k.production },
    { name: 'central_kitchen_id', type: 'int', get: (k) => (k.centralKey ? byKey.get(k.centralKey)!.id! : null) },
    { name: 'meals_per_day', type: 'int', get: (k) => k.mealsPerDay },
    { name: 'serving_days_per_year', type: 'int', get: (k) => k.servingDaysPerYear },
    { name: 'lat', type: 'float8', get: (k) => k.lat },
    { name: 'lon', type: 'float8', get: (k) => k.lon },
    { name: 'street', type: 'text', get: (k) => k.street },
    { name: 'postal_code', type: 'text', get: (k) => k.postalCode },
    { name: 'city', type: 'text', get: (k) => k.city },
    { name: 'meal_concept', type: 'text', get: (k) => k.mealConcept },
    { name: 'source_id', type: 'int', get: () => sourceId },
    { name: 'external_id', type: 'text', get: (k) => k.externalId },
  ];
  const byKey = new Map(kitchens.map((k) => [k.externalId, k]));
  // Central kitchens first, so that receiving kitchens can point at their ids.
  for (const group of [kitchens.filter((k) => !k.centralKey), kitchens.filter((k) => k.centralKey)]) {
    const ids = await insertRows(sql, 'kitchen', columns, group, true);
    for (const k of group) k.id = ids.get(k.externalId)!;
  }
}

async function insertHubs(sql: SqlSession, sourceId: number, run: Run, orgs: Map<string, OrgPlan>, kitchens: KitchenPlan[], producers: ProducerPlan[]) {
  const rng = stream(run.seed, 'hub-locations');
  const rows = D.STORY_HUBS.map((hub) => {
    const where = place(run.reference, hub.municipalityCode);
    const kitchen = hub.kitchen ? kitchens.find((k) => k.slug === hub.kitchen) : undefined;
    const address = kitchen ?? kitchenAddress(rng, where, D.STORY_PLACES.find((p) => p.code === hub.municipalityCode)?.postalCodes);
    return { hub, where, address };
  });
  const ids = await insertRows<(typeof rows)[number]>(
    sql,
    'hub',
    [
      { name: 'name', type: 'text', get: (r) => r.hub.name },
      { name: 'kind', type: '"HubKind"', get: (r) => r.hub.kind },
      { name: 'operator_id', type: 'int', get: (r) => orgs.get(r.hub.operator)!.id! },
      { name: 'municipality_code', type: 'text', get: (r) => r.where.code },
      { name: 'lat', type: 'float8', get: (r) => r.address.lat },
      { name: 'lon', type: 'float8', get: (r) => r.address.lon },
      { name: 'street', type: 'text', get: (r) => r.address.street },
      { name: 'postal_code', type: 'text', get: (r) => r.address.postalCode },
      { name: 'city', type: 'text', get: (r) => r.address.city },
      { name: 'delivery_days', type: '"Weekday"[]', get: (r) => r.hub.deliveryDays },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (r) => r.hub.key },
    ],
    rows,
    true,
  );
  const served = D.STORY_HUBS.flatMap((hub) => hub.serves.map((code) => ({ hubId: ids.get(hub.key)!, code })));
  await insertRows<(typeof served)[number]>(
    sql,
    'hub_municipality',
    [
      { name: 'hub_id', type: 'int', get: (r) => r.hubId },
      { name: 'municipality_code', type: 'text', get: (r) => r.code },
    ],
    served,
  );
  const links = producers.flatMap((p) => p.hubs.map((hub) => ({ producerId: p.id!, hubId: ids.get(hub)! })));
  await insertRows<(typeof links)[number]>(
    sql,
    'producer_hub',
    [
      { name: 'producer_id', type: 'int', get: (r) => r.producerId },
      { name: 'hub_id', type: 'int', get: (r) => r.hubId },
    ],
    links,
  );
}

// ─── Projects ───────────────────────────────────────────────────────────────────

async function insertProjects(sql: SqlSession, sourceId: number, orgs: Map<string, OrgPlan>) {
  const ids = await insertRows<D.StoryProject>(
    sql,
    'project',
    [
      { name: 'name', type: 'text', get: (p) => p.name },
      { name: 'acronym', type: 'text', get: (p) => p.acronym ?? null },
      { name: 'description', type: 'jsonb', get: (p) => p.description },
      { name: 'period_start', type: 'date', get: (p) => p.periodStart },
      { name: 'period_end', type: 'date', get: (p) => p.periodEnd },
      { name: 'budget', type: 'numeric', get: (p) => p.budget.toFixed(2) },
      { name: 'budget_currency', type: '"Currency"', get: (p) => p.currency },
      { name: 'funder', type: 'text', get: (p) => p.funder },
      { name: 'lead_organization_id', type: 'int', get: (p) => (p.lead ? orgs.get(p.lead)!.id! : null) },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (p) => p.key },
    ],
    D.STORY_PROJECTS,
    true,
  );
  const partners = D.STORY_PROJECTS.flatMap((p) => p.partners.map(([org, role]) => ({ projectId: ids.get(p.key)!, orgId: orgs.get(org)!.id!, role })));
  await insertRows<(typeof partners)[number]>(
    sql,
    'project_partner',
    [
      { name: 'project_id', type: 'int', get: (r) => r.projectId },
      { name: 'organization_id', type: 'int', get: (r) => r.orgId },
      { name: 'role', type: 'text', get: (r) => r.role },
    ],
    partners,
  );
  const places = D.STORY_PROJECTS.flatMap((p) => p.municipalities.map((code) => ({ projectId: ids.get(p.key)!, code })));
  await insertRows<(typeof places)[number]>(
    sql,
    'project_municipality',
    [
      { name: 'project_id', type: 'int', get: (r) => r.projectId },
      { name: 'municipality_code', type: 'text', get: (r) => r.code },
    ],
    places,
  );
  return ids;
}

// ─── Agreements ─────────────────────────────────────────────────────────────────

/** A lot as the delivery generator sees it. */
interface LotRef {
  agreementId: number;
  lotId: number;
  key: string;
  categories: Set<string>;
  from: number;
  to: number;
  supplierOrg: OrgPlan | null;
  producer: ProducerPlan | null;
  organicRequired: boolean;
  requiredCertifications: CertificationScheme[];
  kitchens: KitchenPlan[];
}

async function insertAgreements(sql: SqlSession, sourceId: number, run: Run, orgs: Map<string, OrgPlan>, kitchens: KitchenPlan[], producers: ProducerPlan[]) {
  const agreementIds = await insertRows<D.StoryAgreement>(
    sql,
    'agreement',
    [
      { name: 'buyer_organization_id', type: 'int', get: (a) => orgs.get(a.buyer)!.id! },
      { name: 'title', type: 'text', get: (a) => a.title },
      { name: 'cpv_codes', type: 'text[]', get: (a) => agreementCpv(run, a) },
      { name: 'period_start', type: 'date', get: (a) => a.periodStart },
      { name: 'period_end', type: 'date', get: (a) => a.periodEnd },
      { name: 'status', type: '"AgreementStatus"', get: (a) => a.status },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (a) => a.key },
    ],
    D.STORY_AGREEMENTS,
    true,
  );
  const covered = D.STORY_AGREEMENTS.flatMap((a) => a.municipalities.map((code) => ({ agreementId: agreementIds.get(a.key)!, code })));
  await insertRows<(typeof covered)[number]>(
    sql,
    'agreement_municipality',
    [
      { name: 'agreement_id', type: 'int', get: (r) => r.agreementId },
      { name: 'municipality_code', type: 'text', get: (r) => r.code },
    ],
    covered,
  );
  const lots = D.STORY_AGREEMENTS.flatMap((agreement) => agreement.lots.map((lot) => ({ agreement, lot, key: `${agreement.key}:lot:${lot.number}` })));
  const lotIds = await insertRows<(typeof lots)[number]>(
    sql,
    'lot',
    [
      { name: 'agreement_id', type: 'int', get: (r) => agreementIds.get(r.agreement.key)! },
      { name: 'number', type: 'text', get: (r) => r.lot.number },
      { name: 'title', type: 'text', get: (r) => r.lot.title },
      { name: 'estimated_quantity', type: 'numeric', get: (r) => r.lot.estimatedQuantity.toFixed(3) },
      { name: 'estimated_unit', type: '"Unit"', get: (r) => r.lot.estimatedUnit },
      { name: 'estimated_value', type: 'numeric', get: (r) => r.lot.estimatedValue.toFixed(2) },
      { name: 'currency', type: '"Currency"', get: (r) => currencyOf(place(run.reference, r.agreement.municipalities[0]!).countryCode) },
      { name: 'delivery_frequency', type: 'text', get: (r) => r.lot.deliveryFrequency },
      { name: 'required_certifications', type: '"CertificationScheme"[]', get: (r) => r.lot.requiredCertifications ?? [] },
      { name: 'organic_required', type: 'boolean', get: (r) => r.lot.organicRequired ?? false },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (r) => r.key },
    ],
    lots,
    true,
  );
  const refs: LotRef[] = lots.map(({ agreement, lot, key }) => {
    const municipalities = new Set(agreement.municipalities);
    const deliveryPoints = lot.kitchens
      ? lot.kitchens.map((slug) => kitchens.find((k) => k.slug === slug && municipalities.has(k.municipality.code))!)
      : kitchens.filter((k) => municipalities.has(k.municipality.code) && k.kind !== 'RESTAURANT' && k.orgKey.startsWith('municipality:'));
    const producer = lot.awardedTo === 'local-producer' ? producers.find((p) => p.externalId === LOT_PRODUCER_KEY)! : null;
    return {
      agreementId: agreementIds.get(agreement.key)!,
      lotId: lotIds.get(key)!,
      key,
      categories: new Set(lot.categories),
      from: Math.max(0, monthIndex(agreement.periodStart)),
      to: monthIndex(agreement.periodEnd),
      supplierOrg: producer ? null : orgs.get(lot.awardedTo)!,
      producer,
      organicRequired: lot.organicRequired ?? false,
      requiredCertifications: lot.requiredCertifications ?? [],
      kitchens: deliveryPoints,
    };
  });
  const categories = refs.flatMap((r) => [...r.categories].map((code) => ({ lotId: r.lotId, code })));
  await insertRows<(typeof categories)[number]>(
    sql,
    'lot_category',
    [
      { name: 'lot_id', type: 'int', get: (r) => r.lotId },
      { name: 'category_code', type: 'text', get: (r) => r.code },
    ],
    categories,
  );
  const points = refs.flatMap((r) => r.kitchens.map((k) => ({ lotId: r.lotId, kitchenId: k.id! })));
  await insertRows<(typeof points)[number]>(
    sql,
    'lot_kitchen',
    [
      { name: 'lot_id', type: 'int', get: (r) => r.lotId },
      { name: 'kitchen_id', type: 'int', get: (r) => r.kitchenId },
    ],
    points,
  );
  const awards = refs.map((r) => ({ ref: r, awardedAt: shiftMonths(D.STORY_AGREEMENTS.find((a) => r.key.startsWith(`${a.key}:`))!.periodStart, -3) }));
  await insertRows<(typeof awards)[number]>(
    sql,
    'award',
    [
      { name: 'lot_id', type: 'int', get: (a) => a.ref.lotId },
      { name: 'supplier_organization_id', type: 'int', get: (a) => (a.ref.producer ? a.ref.producer.org.id! : a.ref.supplierOrg!.id!) },
      { name: 'producer_id', type: 'int', get: (a) => a.ref.producer?.id ?? null },
      { name: 'supplier_name', type: 'text', get: (a) => (a.ref.producer ? a.ref.producer.name : a.ref.supplierOrg!.name) },
      { name: 'awarded_at', type: 'date', get: (a) => a.awardedAt },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (a) => `${a.ref.key}:award` },
    ],
    awards,
  );
  return refs;
}

function agreementCpv(run: Run, agreement: D.StoryAgreement): string[] {
  const codes = new Set<string>();
  for (const lot of agreement.lots) for (const c of lot.categories) codes.add(run.reference.categories.get(c)?.cpv ?? '');
  codes.delete('');
  return [...codes].sort();
}

function shiftMonths(date: string, months: number): string {
  const m = monthIndex(date) + months;
  const year = D.FIRST_YEAR + Math.floor(m / 12);
  return `${year}-${pad((((m % 12) + 12) % 12) + 1)}-01`;
}

const CURRENCIES: Record<string, Currency> = { NO: 'NOK', SE: 'SEK', DK: 'DKK' };
/** The currency kitchens of a country buy in: NOK, SEK, DKK, and EUR in Finland, Estonia, Lithuania and Germany. */
const currencyOf = (country: string): Currency => CURRENCIES[country] ?? 'EUR';

// ─── Deliveries ─────────────────────────────────────────────────────────────────

interface Offer {
  producer: ProducerPlan;
  product: ProductPlan;
}

interface Market {
  byRegion: Map<string, Offer[]>;
  byCountry: Map<string, Offer[]>;
  abroad: Map<string, Offer[]>;
  unitTable: UnitTable;
  orgs: Map<string, OrgPlan>;
  lotsByKitchen: Map<string, LotRef[]>;
  hubsServing: Map<string, Set<string>>;
}

function buildMarket(producers: ProducerPlan[], orgs: Map<string, OrgPlan>, lots: LotRef[]): Market {
  const byRegion = new Map<string, Offer[]>();
  const byCountry = new Map<string, Offer[]>();
  const abroad = new Map<string, Offer[]>();
  const push = (map: Map<string, Offer[]>, key: string, offer: Offer) => {
    const list = map.get(key);
    if (list) list.push(offer);
    else map.set(key, [offer]);
  };
  for (const producer of producers) {
    for (const product of producer.products) {
      const offer = { producer, product };
      if (producer.regionCode) {
        push(byRegion, `${producer.regionCode}|${product.categoryCode}`, offer);
        push(byCountry, `${producer.countryCode}|${product.categoryCode}`, offer);
      } else {
        push(abroad, product.categoryCode, offer);
      }
    }
  }
  const lotsByKitchen = new Map<string, LotRef[]>();
  for (const lot of lots) {
    for (const k of lot.kitchens) {
      const list = lotsByKitchen.get(k.externalId);
      if (list) list.push(lot);
      else lotsByKitchen.set(k.externalId, [lot]);
    }
  }
  const hubsServing = new Map<string, Set<string>>();
  for (const hub of D.STORY_HUBS) for (const code of hub.serves) hubsServing.set(code, new Set([...(hubsServing.get(code) ?? []), hub.key]));
  return { byRegion, byCountry, abroad, unitTable: new UnitTable(DEFAULT_UNIT_FACTORS), orgs, lotsByKitchen, hubsServing };
}

/** Regions whose producers may deliver across a county or national border. */
const NEIGHBOUR_REGIONS: Record<string, string[]> = {
  'NO-31': ['SE-14', 'SE-17'],
  'SE-01': ['SE-04'],
  'SE-04': ['SE-01'],
};

/**
 * Producers that can deliver to the kitchen themselves: within their own delivery radius, or through
 * a hub serving the kitchen's municipality. The two nearest per category.
 */
function directOffers(market: Market, kitchen: KitchenPlan): Map<string, Offer[]> {
  const region = kitchen.municipality.regionCode;
  const hubs = market.hubsServing.get(kitchen.municipality.code) ?? new Set<string>();
  const regions = [region, ...(NEIGHBOUR_REGIONS[region] ?? [])];
  const out = new Map<string, { offer: Offer; km: number }[]>();
  for (const [key, offers] of market.byRegion) {
    const [offerRegion, category] = key.split('|') as [string, string];
    if (!regions.includes(offerRegion)) continue;
    for (const offer of offers) {
      const km = haversineKm(kitchen.lat, kitchen.lon, offer.producer.lat, offer.producer.lon);
      const viaHub = offer.producer.hubs.some((h) => hubs.has(h));
      if (km > offer.producer.deliveryRadiusKm && !viaHub) continue;
      const list = out.get(category) ?? [];
      list.push({ offer, km });
      out.set(category, list);
    }
  }
  const nearest = new Map<string, Offer[]>();
  for (const [category, list] of out) {
    list.sort((a, b) => a.km - b.km || a.offer.producer.externalId.localeCompare(b.offer.producer.externalId));
    nearest.set(
      category,
      list.slice(0, 2).map((x) => x.offer),
    );
  }
  return nearest;
}

interface Line {
  kitchenId: number | null;
  buyerOrgId: number;
  municipalityCode: string;
  supplierProducerId: number | null;
  supplierOrgId: number | null;
  supplierName: string;
  producerId: number | null;
  originBasis: OriginBasis;
  originCountry: string | null;
  categoryCode: string;
  periodStart: string;
  periodEnd: string;
  quantity: string | null;
  unit: Unit | null;
  quantityKg: string | null;
  value: string;
  currency: Currency;
  organic: boolean;
  organicBasis: OrganicBasis;
  certifications: CertificationScheme[];
  agreementId: number | null;
  lotId: number | null;
  gtin: string | null;
  externalId: string;
}

const DELIVERY_COLUMNS = (sourceId: number): Column<Line>[] => [
  { name: 'kitchen_id', type: 'int', get: (l) => l.kitchenId },
  { name: 'buyer_organization_id', type: 'int', get: (l) => l.buyerOrgId },
  { name: 'municipality_code', type: 'text', get: (l) => l.municipalityCode },
  { name: 'supplier_producer_id', type: 'int', get: (l) => l.supplierProducerId },
  { name: 'supplier_organization_id', type: 'int', get: (l) => l.supplierOrgId },
  { name: 'supplier_name', type: 'text', get: (l) => l.supplierName },
  { name: 'producer_id', type: 'int', get: (l) => l.producerId },
  { name: 'origin_basis', type: '"OriginBasis"', get: (l) => l.originBasis },
  { name: 'origin_country', type: 'text', get: (l) => l.originCountry },
  { name: 'category_code', type: 'text', get: (l) => l.categoryCode },
  { name: 'period_start', type: 'date', get: (l) => l.periodStart },
  { name: 'period_end', type: 'date', get: (l) => l.periodEnd },
  { name: 'quantity', type: 'numeric', get: (l) => l.quantity },
  { name: 'unit', type: '"Unit"', get: (l) => l.unit },
  { name: 'quantity_kg', type: 'numeric', get: (l) => l.quantityKg },
  { name: 'value', type: 'numeric', get: (l) => l.value },
  { name: 'currency', type: '"Currency"', get: (l) => l.currency },
  { name: 'organic', type: 'boolean', get: (l) => l.organic },
  { name: 'organic_basis', type: '"OrganicBasis"', get: (l) => l.organicBasis },
  { name: 'certifications', type: '"CertificationScheme"[]', get: (l) => l.certifications },
  { name: 'agreement_id', type: 'int', get: (l) => l.agreementId },
  { name: 'lot_id', type: 'int', get: (l) => l.lotId },
  { name: 'gtin', type: 'text', get: (l) => l.gtin },
  { name: 'source_id', type: 'int', get: () => sourceId },
  { name: 'external_id', type: 'text', get: (l) => l.externalId },
];

/** A supplier decision for one category in one month. */
type Supply = { kind: 'direct'; offer: Offer; lot: LotRef | null } | { kind: 'wholesale'; org: OrgPlan; lot: LotRef | null };

/**
 * A kitchen's switch point for one category and purpose, in [0, 1): the category goes organic (or
 * local, or direct) once the kitchen's rising trajectory passes it, and stays so. Kitchens change
 * article by article, which keeps the yearly shares from jumping about.
 */
function switchPoint(buyer: KitchenBuyer, purpose: string, category: string): number {
  let h = fnv1a(`${buyer.seed}|${purpose}|${buyer.kitchen.externalId}|${category}`);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const switched = (buyer: KitchenBuyer, purpose: string, category: string, t: D.Trajectory, month: number) =>
  switchPoint(buyer, purpose, category) < lerp(t, month);

interface KitchenBuyer {
  seed: number;
  kitchen: KitchenPlan;
  buyerOrg: OrgPlan;
  wholesaler: OrgPlan;
  basket: [string, number][];
  linesPerMonth: number;
  direct: Map<string, Offer[]>;
  lots: LotRef[];
}

const YEAR_PRICE = [1, 1.05, 1.09];

function wholesalerFor(market: Market, where: Place): OrgPlan {
  const key = D.WHOLESALER_BY_REGION[where.regionCode] ?? D.WHOLESALER_BY_COUNTRY[where.countryCode];
  return market.orgs.get(key)!;
}

function basketFor(kitchen: KitchenPlan): [string, number][] {
  const tilt = D.KIND_TILT[kitchen.kind] ?? {};
  const green = kitchen.mealConcept === D.GREEN_PLANET ? D.GREEN_PLANET_TILT : {};
  const codes = kitchen.production === 'RECEIVING' ? D.RECEIVING_CATEGORIES : D.CATEGORIES.map((c) => c.code);
  return codes.map((code) => {
    const grams = D.CATEGORIES.find((c) => c.code === code)!.gramsPerMeal * (tilt[code] ?? 1) * (green[code] ?? 1);
    return [code, Math.sqrt(grams) + 0.5] as [string, number];
  });
}

function lotFor(buyer: KitchenBuyer, category: string, month: number): LotRef | null {
  return buyer.lots.find((l) => l.categories.has(category) && month >= l.from && month <= l.to) ?? null;
}

function inSeason(product: ProductPlan, month: number): boolean {
  return product.seasonMonths.includes((month % 12) + 1);
}

function chooseSupply(rng: Random, buyer: KitchenBuyer, category: string, month: number): Supply {
  const lot = lotFor(buyer, category, month);
  if (lot?.producer) {
    const product = lot.producer.products.find((p) => p.categoryCode === category);
    if (product && inSeason(product, month)) return { kind: 'direct', offer: { producer: lot.producer, product }, lot };
    return { kind: 'wholesale', org: buyer.wholesaler, lot: null };
  }
  if (lot) return { kind: 'wholesale', org: lot.supplierOrg!, lot };
  const directAllowed = buyer.kitchen.directFrom !== null && month >= buyer.kitchen.directFrom;
  const candidates = directAllowed ? (buyer.direct.get(category) ?? []).filter((o) => inSeason(o.product, month)) : [];
  if (candidates.length > 0 && switched(buyer, 'direct', category, buyer.kitchen.profile.direct, month)) {
    return { kind: 'direct', offer: rng.pick(candidates), lot: null };
  }
  return { kind: 'wholesale', org: buyer.wholesaler, lot: null };
}

function canBeOrganic(offer: Offer, month: number): boolean {
  return offer.product.organic && offer.producer.organicFrom !== null && month >= offer.producer.organicFrom;
}

/** The producer a wholesaler names for a line, when it names one: local or not, organic or not. */
function originFor(rng: Random, market: Market, buyer: KitchenBuyer, category: string, month: number, organic: boolean, lot: LotRef | null): Offer | null {
  const where = buyer.kitchen.municipality;
  // Whether a wholesaler names the producer is a property of its article, the same every month.
  if (switchPoint(buyer, 'known', category) >= buyer.kitchen.profile.knownOrigin) return null;
  const fits = (o: Offer) =>
    (organic ? canBeOrganic(o, month) : !o.product.organic) &&
    (lot?.requiredCertifications ?? []).every((s) => o.producer.labels.includes(s) || (organic && isOrganicScheme(s)));
  if (switched(buyer, 'local', category, buyer.kitchen.profile.localOrigin, month)) {
    const local = (market.byRegion.get(`${where.regionCode}|${category}`) ?? []).filter(fits);
    if (local.length > 0) return rng.pick(local);
  }
  const national = (market.byCountry.get(`${where.countryCode}|${category}`) ?? []).filter((o) => o.producer.regionCode !== where.regionCode && fits(o));
  const foreign = (market.abroad.get(category) ?? []).filter(fits);
  const pool = rng.chance(0.8) && national.length > 0 ? national : foreign.length > 0 ? foreign : national;
  return pool.length > 0 ? rng.pick(pool) : null;
}

interface Amount {
  quantity: string | null;
  unit: Unit | null;
  quantityKg: string | null;
  value: string;
}

/** Quantity in the article's unit, its kg equivalent, and value excluding VAT; credit notes are negative. */
function amountFor(rng: Random, market: Market, category: D.CategoryProfile, articleKey: string, kg: number, price: number): Amount {
  const alt = category.altUnit && fnv1a(articleKey) % 1000 < category.altUnit.share * 1000 ? category.altUnit.unit : null;
  const unit: Unit = alt ?? category.unit;
  const perUnit = market.unitTable.factor(category.code, unit) ?? category.pieceKg ?? 1;
  const whole = unit === 'PIECE' || unit === 'DOZEN';
  let quantity = whole ? Math.max(1, Math.round(kg / perUnit)) : Math.max(0.5, round(kg / perUnit, 1));
  let value = round(quantity * perUnit * price, 2);
  const r = rng.next();
  if (r < 0.004) {
    // A credit note: goods returned.
    quantity = whole ? -Math.max(1, Math.round(quantity * 0.1)) : -round(quantity * 0.1 + 0.5, 1);
    value = round(quantity * perUnit * price, 2);
  } else if (r < 0.007) {
    // A price correction credited without quantity.
    return { quantity: null, unit: null, quantityKg: null, value: (-round(value * rng.float(0.02, 0.1) + 1, 2)).toFixed(2) };
  } else if (r < 0.015) {
    return { quantity: null, unit: null, quantityKg: null, value: value.toFixed(2) };
  }
  const quantityKg = market.unitTable.toKg(category.code, unit, quantity);
  return { quantity: quantity.toFixed(3), unit, quantityKg: quantityKg === null ? null : quantityKg.toFixed(3), value: value.toFixed(2) };
}

function organicCertifications(rng: Random, country: string, origin: Offer | null): CertificationScheme[] {
  if (origin) return origin.producer.organicSchemes;
  if (country === 'SE') return rng.chance(0.6) ? ['EU_ORGANIC', 'KRAV'] : ['EU_ORGANIC'];
  if (country === 'NO') return rng.chance(0.5) ? ['DEBIO'] : ['EU_ORGANIC'];
  const label = D.BALTIC_PLACES.find((p) => p.countryCode === country)?.organicLabel;
  return label && rng.chance(0.6) ? ['EU_ORGANIC', label] : ['EU_ORGANIC'];
}

function sortedSchemes(schemes: Iterable<CertificationScheme>): CertificationScheme[] {
  const order: CertificationScheme[] = [
    'EU_ORGANIC',
    'KRAV',
    'DEBIO',
    'OE_MAERKET',
    'LUOMU',
    'BIO_SIEGEL',
    'NYT_NORGE',
    'SVENSKT_SIGILL',
    'MSC',
    'ASC',
    'OTHER',
  ];
  const set = new Set(schemes);
  return order.filter((s) => set.has(s));
}

/** What differs between a direct line and a wholesaler's line. */
interface SupplierPart {
  supplierProducerId: number | null;
  supplierOrgId: number | null;
  supplierName: string;
  origin: ProducerPlan | null;
  originBasis: OriginBasis;
  originCountry: string | null;
  organic: boolean;
  organicBasis: OrganicBasis;
  certifications: CertificationScheme[];
  gtin: string | null;
  articleKey: string;
  priceFactor: number;
}

function directPart(supply: Extract<Supply, { kind: 'direct' }>, category: D.CategoryProfile, month: number): SupplierPart {
  const { producer, product } = supply.offer;
  const organic = canBeOrganic(supply.offer, month);
  const labels = producer.labels.filter((s) => s !== 'MSC' || category.code.startsWith('fish'));
  return {
    supplierProducerId: producer.id!,
    supplierOrgId: null,
    supplierName: producer.name,
    origin: producer,
    originBasis: 'DIRECT',
    originCountry: producer.countryCode,
    organic,
    organicBasis: organic ? 'CERTIFIED_PRODUCT' : 'NONE',
    certifications: sortedSchemes([...(organic ? producer.organicSchemes : []), ...labels]),
    gtin: product.gtin,
    articleKey: `${producer.externalId}|${category.code}`,
    priceFactor: (organic ? 1.3 : 1) * 1.1,
  };
}

function wholesalePart(
  rng: Random,
  market: Market,
  buyer: KitchenBuyer,
  supply: Extract<Supply, { kind: 'wholesale' }>,
  category: D.CategoryProfile,
  month: number,
): SupplierPart {
  const where = buyer.kitchen.municipality;
  const organic = supply.lot?.organicRequired || switched(buyer, 'organic', category.code, buyer.kitchen.profile.organic, month);
  const origin = originFor(rng, market, buyer, category.code, month, organic, supply.lot);
  const certifications = new Set<CertificationScheme>(supply.lot?.requiredCertifications ?? []);
  if (organic) for (const s of organicCertifications(rng, where.countryCode, origin)) certifications.add(s);
  if (origin) for (const s of origin.producer.labels) if (s !== 'MSC' || category.code.startsWith('fish')) certifications.add(s);
  const domestic = !origin && rng.chance(0.5) && category.season.includes((month % 12) + 1);
  const originCountry = origin ? origin.producer.countryCode : domestic ? where.countryCode : rng.chance(0.4) ? rng.pick(category.imports) : null;
  if (!origin && originCountry === 'NO' && rng.chance(0.3)) certifications.add('NYT_NORGE');
  if (!origin && originCountry === 'SE' && rng.chance(0.25)) certifications.add('SVENSKT_SIGILL');
  if (!origin && category.code.startsWith('fish') && rng.chance(0.5)) certifications.add('MSC');
  const articleKey = `${supply.org.externalId}|${category.code}|${organic ? 'eco' : 'conv'}`;
  return {
    supplierProducerId: null,
    supplierOrgId: supply.org.id!,
    supplierName: supply.org.name,
    origin: origin?.producer ?? null,
    originBasis: origin ? 'ARTICLE_DATA' : 'UNKNOWN',
    originCountry,
    organic,
    organicBasis: organic ? (rng.chance(0.9) ? 'ARTICLE_DATA' : 'SUPPLIER_DECLARATION') : 'NONE',
    certifications: sortedSchemes(certifications),
    gtin: fnv1a(articleKey) % 10 < 6 ? articleGtin(articleKey) : null,
    articleKey,
    priceFactor: organic ? 1.3 : 1,
  };
}

// One literal in a fixed order: V8 keeps such objects fast, where spreads made them dictionaries.
function buildLine(
  rng: Random,
  market: Market,
  buyer: KitchenBuyer,
  supply: Supply,
  category: D.CategoryProfile,
  month: number,
  kg: number,
  seq: number,
): Line {
  const kitchen = buyer.kitchen;
  const price = category.pricePerKg * YEAR_PRICE[Math.floor(month / 12)]! * rng.float(0.92, 1.08) * kitchen.priceFactor;
  const part = supply.kind === 'direct' ? directPart(supply, category, month) : wholesalePart(rng, market, buyer, supply, category, month);
  const amount = amountFor(rng, market, category, part.articleKey, kg, price * part.priceFactor);
  const start = monthStart(month);
  return {
    kitchenId: kitchen.id!,
    buyerOrgId: buyer.buyerOrg.id!,
    municipalityCode: kitchen.municipality.code,
    supplierProducerId: part.supplierProducerId,
    supplierOrgId: part.supplierOrgId,
    supplierName: part.supplierName,
    producerId: part.origin?.id ?? null,
    originBasis: part.originBasis,
    originCountry: part.originCountry,
    categoryCode: category.code,
    periodStart: start,
    periodEnd: monthEnd(month),
    quantity: amount.quantity,
    unit: amount.unit,
    quantityKg: amount.quantityKg,
    value: amount.value,
    currency: kitchen.currency,
    organic: part.organic,
    organicBasis: part.organicBasis,
    certifications: part.certifications,
    agreementId: supply.lot?.agreementId ?? null,
    lotId: supply.lot?.lotId ?? null,
    gtin: part.gtin,
    externalId: `delivery:${kitchen.externalId.slice('kitchen:'.length)}:${start.slice(0, 7)}:${seq}`,
  };
}

/** One kitchen's 36 months of lines, handed to `emit` one at a time. */
async function kitchenLines(run: Run, market: Market, buyer: KitchenBuyer, emit: (line: Line) => Promise<void>) {
  const rng = stream(run.seed, `deliveries:${buyer.kitchen.externalId}`);
  const kitchen = buyer.kitchen;
  const factors = D.MONTH_FACTORS[kitchen.kind];
  for (let month = kitchen.fromMonth; month < D.MONTHS; month++) {
    const factor = factors?.[month % 12] ?? 1;
    if (factor === 0) continue;
    const meals = ((kitchen.mealsPerDay * kitchen.servingDaysPerYear) / 12) * factor;
    const n = kitchen.production === 'RECEIVING' ? rng.int(1, 3) : Math.max(1, Math.round(buyer.linesPerMonth * rng.float(0.85, 1.15)));
    const categories = rng.weightedSample(buyer.basket, n);
    let seq = 0;
    for (const code of categories) {
      const category = run.reference.categories.get(code)!.profile;
      const tilt = (D.KIND_TILT[kitchen.kind]?.[code] ?? 1) * (kitchen.mealConcept === D.GREEN_PLANET ? (D.GREEN_PLANET_TILT[code] ?? 1) : 1);
      const kg = (meals * category.gramsPerMeal * tilt * rng.float(0.6, 1.4)) / 1000;
      const first = chooseSupply(rng, buyer, code, month);
      const supplies: Supply[] = [first];
      // Sometimes a kitchen buys the same food from a producer and from its wholesaler in one month.
      if (first.kind === 'direct' && !first.lot && rng.chance(0.25)) supplies.push({ kind: 'wholesale', org: buyer.wholesaler, lot: null });
      for (const supply of supplies) {
        await emit(buildLine(rng, market, buyer, supply, category, month, kg / supplies.length, ++seq));
      }
    }
  }
}

/** Lines a municipality reports at buyer level, with no kitchen named. */
async function buyerLevelLines(run: Run, market: Market, emit: (line: Line) => Promise<void>) {
  const rng = stream(run.seed, 'deliveries:buyer-level');
  const where = place(run.reference, D.BUYER_LEVEL_LINES.municipalityCode);
  const org = market.orgs.get(`municipality:${where.code}`)!;
  const wholesaler = wholesalerFor(market, where);
  for (let month = 0; month < D.MONTHS; month++) {
    let seq = 0;
    for (const code of D.BUYER_LEVEL_LINES.categories) {
      const category = run.reference.categories.get(code)!.profile;
      const kg = rng.float(20, 120);
      const articleKey = `${wholesaler.externalId}|${code}|conv`;
      const amount = amountFor(rng, market, category, articleKey, kg, category.pricePerKg * YEAR_PRICE[Math.floor(month / 12)]!);
      await emit({
        kitchenId: null,
        buyerOrgId: org.id!,
        municipalityCode: where.code,
        supplierProducerId: null,
        supplierOrgId: wholesaler.id!,
        supplierName: wholesaler.name,
        producerId: null,
        originBasis: 'UNKNOWN',
        originCountry: null,
        categoryCode: code,
        periodStart: monthStart(month),
        periodEnd: monthEnd(month),
        quantity: amount.quantity,
        unit: amount.unit,
        quantityKg: amount.quantityKg,
        value: amount.value,
        currency: currencyOf(where.countryCode),
        organic: false,
        organicBasis: 'NONE',
        certifications: [],
        agreementId: null,
        lotId: null,
        gtin: articleGtin(articleKey),
        externalId: `delivery:${where.code}:buyer:${monthStart(month).slice(0, 7)}:${++seq}`,
      });
    }
  }
}

/** Months of the history in which the kitchen serves meals at all (schools close in July). */
function activeMonths(kitchen: KitchenPlan): number {
  const factors = D.MONTH_FACTORS[kitchen.kind];
  const years = (D.MONTHS - kitchen.fromMonth) / 12;
  return factors ? years * factors.filter((f) => f > 0).length : years * 12;
}

function planBuyers(seed: number, market: Market, kitchens: KitchenPlan[], target: number): KitchenBuyer[] {
  const reporting = kitchens.filter((k) => !k.silent);
  const weight = (k: KitchenPlan) => (k.production === 'CENTRAL' ? 2.5 : 1) * Math.min(1.6, Math.max(0.6, Math.sqrt(k.mealsPerDay / 250)));
  let fixedLines = D.BUYER_LEVEL_LINES.categories.length * D.MONTHS;
  let weightedMonths = 0;
  // Kitchens beyond the target buy at the same pace but are left out of it: the others' lines stay the same.
  for (const k of reporting) {
    if (k.beyondTarget) continue;
    if (k.production === 'RECEIVING') fixedLines += 2 * activeMonths(k);
    else weightedMonths += weight(k) * activeMonths(k);
  }
  // Lines split between a producer and a wholesaler add about 1 % on top of the categories drawn.
  const base = Math.max(0, target - fixedLines) / (weightedMonths * 1.01);
  return reporting.map((kitchen) => {
    const basket = basketFor(kitchen);
    return {
      seed,
      kitchen,
      buyerOrg: market.orgs.get(kitchen.orgKey)!,
      wholesaler: wholesalerFor(market, kitchen.municipality),
      basket,
      linesPerMonth: kitchen.production === 'RECEIVING' ? 0 : Math.min(basket.length, Math.max(2, base * weight(kitchen))),
      direct: kitchen.directFrom === null ? new Map() : directOffers(market, kitchen),
      lots: market.lotsByKitchen.get(kitchen.externalId) ?? [],
    };
  });
}

/**
 * Whether foreign-key triggers may be switched off for the bulk load (superusers only, which an
 * embedded PGlite always is). Per-row checks cost more than half of the demo's loading time there;
 * the load is validated set-wise afterwards instead.
 */
async function canSkipRowChecks(sql: SqlSession): Promise<boolean> {
  const rows = await sql.query<{ on: boolean }>(`SELECT current_setting('is_superuser') = 'on' AS on`);
  return rows[0]?.on === true;
}

/** Counts rows of the demo's lines whose foreign keys point nowhere, one anti-join per key, in one statement. */
async function validateForeignKeys(sql: SqlSession, table: string, sourceId: number) {
  const keys = await sql.query<{ name: string; col: string; ref: string; refcol: string }>(
    `SELECT c.conname AS name, a.attname AS col, cf.relname AS ref, af.attname AS refcol
       FROM pg_constraint c
       JOIN pg_class cf ON cf.oid = c.confrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
      WHERE c.conrelid = $1::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1
      ORDER BY c.conname`,
    [table],
  );
  if (keys.length === 0) return;
  const checks = keys.map(
    (k, i) =>
      `(SELECT count(*) FROM "${table}" t WHERE t.source_id = $1 AND t."${k.col}" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "${k.ref}" r WHERE r."${k.refcol}" = t."${k.col}"))::int AS k${i}`,
  );
  const [row] = await sql.query<Record<string, number>>(`SELECT ${checks.join(', ')}`, [sourceId]);
  const broken = keys.filter((_, i) => Number(row?.[`k${i}`]) > 0).map((k) => k.name);
  if (broken.length > 0) throw new Error(`Demo ${table} rows break foreign keys: ${broken.join(', ')}`);
}

async function insertDeliveries(
  sql: SqlSession,
  sourceId: number,
  run: Run,
  market: Market,
  kitchens: KitchenPlan[],
  target: number,
  onProgress: (msg: string) => void,
) {
  const skipRowChecks = await canSkipRowChecks(sql);
  if (skipRowChecks) await sql.exec('SET LOCAL session_replication_role = replica');
  await writeDeliveries(sql, sourceId, run, market, kitchens, target, onProgress);
  if (skipRowChecks) {
    await sql.exec('SET LOCAL session_replication_role = DEFAULT');
    await validateForeignKeys(sql, 'delivery', sourceId);
  }
}

async function writeDeliveries(
  sql: SqlSession,
  sourceId: number,
  run: Run,
  market: Market,
  kitchens: KitchenPlan[],
  target: number,
  onProgress: (msg: string) => void,
) {
  const columns = DELIVERY_COLUMNS(sourceId);
  let batch: Line[] = [];
  let written = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await insertRows(sql, 'delivery', columns, batch);
    written += batch.length;
    batch = [];
    if (written % 100_000 < BATCH_ROWS) onProgress(`Demo: ${written} delivery lines written…`);
  };
  const emit = async (line: Line) => {
    batch.push(line);
    if (batch.length >= BATCH_ROWS) await flush();
  };
  const buyers = planBuyers(run.seed, market, kitchens, target);
  for (const buyer of buyers) if (!buyer.kitchen.afterStory) await kitchenLines(run, market, buyer, emit);
  await buyerLevelLines(run, market, emit);
  for (const buyer of buyers) if (buyer.kitchen.afterStory) await kitchenLines(run, market, buyer, emit);
  await flush();
}

// ─── Demand ─────────────────────────────────────────────────────────────────────

async function insertDemands(sql: SqlSession, sourceId: number, orgs: Map<string, OrgPlan>, kitchens: KitchenPlan[], lots: LotRef[]) {
  const rows = D.STORY_DEMANDS.map((d, i) => {
    const kitchen = d.kitchen ? kitchens.find((k) => k.slug === d.kitchen && k.municipality.code === d.municipalityCode)! : null;
    const lot = d.lot ? lots.find((l) => l.key === `${d.lot![0]}:lot:${d.lot![1]}`)! : null;
    return { d, kitchen, lot, buyer: orgs.get(d.buyer ?? kitchen!.orgKey)!, externalId: `demand:${d.municipalityCode}:${i + 1}` };
  });
  await insertRows<(typeof rows)[number]>(
    sql,
    'demand',
    [
      { name: 'kitchen_id', type: 'int', get: (r) => r.kitchen?.id ?? null },
      { name: 'buyer_organization_id', type: 'int', get: (r) => r.buyer.id! },
      { name: 'municipality_code', type: 'text', get: (r) => r.d.municipalityCode },
      { name: 'category_code', type: 'text', get: (r) => r.d.category },
      { name: 'title', type: 'text', get: (r) => r.d.title },
      { name: 'description', type: 'jsonb', get: (r) => r.d.description },
      { name: 'quantity', type: 'numeric', get: (r) => r.d.quantity.toFixed(3) },
      { name: 'unit', type: '"Unit"', get: (r) => r.d.unit },
      { name: 'period_start', type: 'date', get: (r) => r.d.periodStart },
      { name: 'period_end', type: 'date', get: (r) => r.d.periodEnd },
      { name: 'organic_required', type: 'boolean', get: (r) => r.d.organicRequired ?? false },
      { name: 'required_certifications', type: '"CertificationScheme"[]', get: (r) => r.d.requiredCertifications ?? [] },
      { name: 'delivery_frequency', type: 'text', get: (r) => r.d.deliveryFrequency ?? null },
      { name: 'status', type: '"DemandStatus"', get: (r) => r.d.status },
      { name: 'procurement_route', type: '"ProcurementRoute"', get: (r) => r.d.route },
      { name: 'lot_id', type: 'int', get: (r) => r.lot?.lotId ?? null },
      { name: 'internal', type: 'boolean', get: (r) => r.d.internal ?? false },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (r) => r.externalId },
    ],
    rows,
  );
}

// ─── Indicators, observations, goals ────────────────────────────────────────────

interface ObservationRow {
  indicator: string;
  countryCode?: string;
  municipalityCode?: string;
  year: number;
  value: number;
  method: string;
  externalId: string;
}

/** Reported organic shares and exchange rates: figures from outside the deliveries. */
function planObservations(): ObservationRow[] {
  const rows: ObservationRow[] = [];
  for (const { place: where, values } of D.REPORTED_ORGANIC) {
    const id = 'countryCode' in where ? where.countryCode : where.municipalityCode;
    values.forEach((value, i) =>
      rows.push({
        indicator: 'reported_organic_share',
        ...where,
        year: 2019 + i,
        value,
        method: D.REPORTED_METHOD,
        externalId: `observation:reported_organic_share:${id}:${2019 + i}`,
      }),
    );
  }
  for (const rate of D.EXCHANGE_RATES) {
    for (const [year, value] of Object.entries(rate.values)) {
      rows.push({
        indicator: rate.key,
        countryCode: rate.countryCode,
        year: Number(year),
        value,
        method: D.EXCHANGE_METHOD,
        externalId: `observation:${rate.key}:${year}`,
      });
    }
  }
  return rows;
}

async function insertIndicatorsAndGoals(
  sql: SqlSession,
  sourceId: number,
  orgs: Map<string, OrgPlan>,
  projects: Map<string, number>,
  observations: ObservationRow[],
) {
  // The indicators are reference data (seed/indicators.ts), loaded before the demo data.
  const indicatorIds = new Map(
    (await sql.query<{ key: string; id: number }>('SELECT key, id FROM indicator WHERE key = ANY($1::text[])', [STANDARD_INDICATORS.map((i) => i.key)])).map(
      (r) => [`indicator:${r.key}`, Number(r.id)],
    ),
  );
  const indicatorId = (key: string) => indicatorIds.get(`indicator:${key}`)!;
  await insertRows<ObservationRow>(
    sql,
    'observation',
    [
      { name: 'indicator_id', type: 'int', get: (o) => indicatorId(o.indicator) },
      { name: 'country_code', type: 'text', get: (o) => o.countryCode ?? null },
      { name: 'municipality_code', type: 'text', get: (o) => o.municipalityCode ?? null },
      { name: 'date', type: 'date', get: (o) => `${o.year}-01-01` },
      { name: 'period_type', type: '"PeriodType"', get: () => 'YEAR' },
      { name: 'value', type: 'numeric', get: (o) => o.value.toFixed(6) },
      { name: 'facet_source_id', type: 'int', get: () => sourceId },
      { name: 'method', type: 'text', get: (o) => o.method },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (o) => o.externalId },
    ],
    observations,
  );
  await insertRows<D.StoryGoal>(
    sql,
    'goal',
    [
      { name: 'owner_kind', type: '"GoalOwnerKind"', get: (g) => g.ownerKind },
      { name: 'country_code', type: 'text', get: (g) => ('countryCode' in g.owner ? g.owner.countryCode : null) },
      { name: 'municipality_code', type: 'text', get: (g) => ('municipalityCode' in g.owner ? g.owner.municipalityCode : null) },
      { name: 'project_id', type: 'int', get: (g) => ('project' in g.owner ? projects.get(g.owner.project)! : null) },
      { name: 'organization_id', type: 'int', get: (g) => (g.organization ? orgs.get(g.organization)!.id! : null) },
      { name: 'title', type: 'jsonb', get: (g) => g.title },
      { name: 'scope', type: 'jsonb', get: (g) => g.scope ?? null },
      { name: 'indicator_id', type: 'int', get: (g) => indicatorId(g.indicator) },
      { name: 'baseline_value', type: 'numeric', get: (g) => g.baseline[0].toFixed(6) },
      { name: 'baseline_year', type: 'int', get: (g) => g.baseline[1] },
      { name: 'target_value', type: 'numeric', get: (g) => g.target[0].toFixed(6) },
      { name: 'target_year', type: 'int', get: (g) => g.target[1] },
      { name: 'direction', type: '"GoalDirection"', get: (g) => g.direction },
      { name: 'document_title', type: 'text', get: (g) => g.documentTitle },
      { name: 'source_id', type: 'int', get: () => sourceId },
      { name: 'external_id', type: 'text', get: (g) => g.key },
    ],
    [...D.STORY_GOALS, ...D.BALTIC_GOALS],
  );
}

// ─── Tables, counts and checksums ───────────────────────────────────────────────

const DEMO_SOURCE_ID = `(SELECT id FROM source WHERE key = '${D.DEMO_SOURCE.key}')`;
const bySource = (order = 't.id') => ({ filter: `t.source_id = ${DEMO_SOURCE_ID}`, order });
const byParent = (column: string, parent: string, order: string) => ({
  filter: `t.${column} IN (SELECT id FROM "${parent}" WHERE source_id = ${DEMO_SOURCE_ID})`,
  order,
});

/** The tables the demo fills, how to find its rows, and their primary-key order. */
const DEMO_TABLES: Record<string, { filter: string; order: string }> = {
  source: { filter: `t.key = '${D.DEMO_SOURCE.key}'`, order: 't.id' },
  organization: bySource(),
  organization_identifier: bySource(),
  consent_record: bySource(),
  producer: bySource(),
  producer_product: bySource(),
  certification: bySource(),
  hub: bySource(),
  hub_municipality: byParent('hub_id', 'hub', 't.hub_id, t.municipality_code'),
  producer_hub: byParent('producer_id', 'producer', 't.producer_id, t.hub_id'),
  kitchen: bySource(),
  project: bySource(),
  project_partner: byParent('project_id', 'project', 't.project_id, t.organization_id'),
  project_municipality: byParent('project_id', 'project', 't.project_id, t.municipality_code'),
  agreement: bySource(),
  agreement_municipality: byParent('agreement_id', 'agreement', 't.agreement_id, t.municipality_code'),
  lot: bySource(),
  lot_category: byParent('lot_id', 'lot', 't.lot_id, t.category_code'),
  lot_kitchen: byParent('lot_id', 'lot', 't.lot_id, t.kitchen_id'),
  award: bySource(),
  delivery: bySource(),
  demand: bySource(),
  indicator: bySource(),
  observation: bySource(),
  goal: bySource(),
};

async function demoCounts(sql: SqlSession): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [table, { filter }] of Object.entries(DEMO_TABLES)) {
    const rows = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" t WHERE ${filter}`);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/**
 * Per demo table: its row count and an md5 over its rows' content (all columns but created_at and
 * updated_at, as canonical jsonb text) in primary-key order. Hashing each row first keeps the
 * aggregate small at any scale.
 */
export async function demoChecksum(db: Database): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const [table, { filter, order }] of Object.entries(DEMO_TABLES)) {
    const rows = await db.sql.query<{ rows: number; md5: string }>(
      `SELECT count(*)::int AS rows,
              md5(coalesce(string_agg(md5((to_jsonb(t) - 'created_at' - 'updated_at')::text), '' ORDER BY ${order}), '')) AS md5
         FROM "${table}" t WHERE ${filter}`,
    );
    out[table] = { rows: Number(rows[0]!.rows), md5: rows[0]!.md5 };
  }
  return out;
}

// ─── Entry point ────────────────────────────────────────────────────────────────

/**
 * Seeds the demo dataset into a freshly migrated database that holds the reference data and nothing
 * else, in one transaction. Returns row counts per table.
 */
export async function seedDemo(
  db: Database,
  options: { scale?: DemoScale; seed?: number; onProgress?: (msg: string) => void } = {},
): Promise<Record<string, number>> {
  const scale = options.scale ?? DEMO_SCALE;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const onProgress = options.onProgress ?? (() => {});
  return db.session(async (sql) => {
    await sql.exec('BEGIN');
    try {
      const counts = await seedWith(sql, scale, seed, onProgress);
      await sql.exec('COMMIT');
      return counts;
    } catch (error) {
      await sql.exec('ROLLBACK');
      throw error;
    }
  });
}

async function seedWith(sql: SqlSession, scale: DemoScale, seed: number, onProgress: (msg: string) => void) {
  const reference = await loadReference(sql);
  const run: Run = { seed, reference, orgNumbers: new OrgNumbers(), certificateSeq: 0, usedNames: new Set() };

  onProgress('Demo: planning producers and kitchens…');
  const storyPlaces = [...D.STORY_PLACES.map((p) => p.code), ...D.STORY_KITCHENS.map((k) => k.code), ...D.BALTIC_PLACES.map((p) => p.code)];
  await loadBoundaries(sql, reference, storyPlaces);
  const storyProducers = planStoryProducers(run);
  const storyKitchens = planStoryKitchens(run);
  // Places beyond the story need their boundaries before points can be drawn in them.
  const producerPlaces = extraProducerPlaces(run, Math.max(0, scale.producers - storyProducers.length));
  const kitchenClusters = extraKitchenClusters(run, Math.max(0, scale.kitchens - storyKitchens.length));
  await loadBoundaries(sql, reference, [...producerPlaces.map((p) => p.code), ...kitchenClusters.map((c) => c.where.code)]);
  const producers = [...storyProducers, ...planExtraProducers(run, producerPlaces)];
  const kitchens = [...storyKitchens, ...planExtraKitchens(run, kitchenClusters)];
  linkHubs(run, producers);
  const orgs = planOrganizations(run, producers, kitchens);
  // Planned after the story, from streams of their own: the story's plans stay as they were.
  const baltic = planBaltic(run);
  const allOrgs = new Map([...orgs, ...baltic.orgs]);

  onProgress(`Demo: writing ${orgs.size} organizations, ${producers.length} producers, ${kitchens.length} kitchens…`);
  const sourceId = await insertSource(sql);
  await insertOrganizations(sql, sourceId, [...orgs.values()]);
  await insertProducers(sql, sourceId, producers);
  await insertKitchens(sql, sourceId, kitchens, orgs);
  await insertHubs(sql, sourceId, run, orgs, kitchens, producers);
  const projects = await insertProjects(sql, sourceId, orgs);
  const lots = await insertAgreements(sql, sourceId, run, orgs, kitchens, producers);
  await insertOrganizations(sql, sourceId, [...baltic.orgs.values()]);
  await insertProducers(sql, sourceId, baltic.producers);
  await insertKitchens(sql, sourceId, baltic.kitchens, allOrgs);

  onProgress(`Demo: writing about ${scale.deliveries} delivery lines…`);
  const market = buildMarket([...producers, ...baltic.producers], allOrgs, lots);
  await insertDeliveries(sql, sourceId, run, market, [...kitchens, ...baltic.kitchens], scale.deliveries, onProgress);

  onProgress('Demo: writing demand, indicators, observations and goals…');
  await insertDemands(sql, sourceId, orgs, kitchens, lots);
  await insertIndicatorsAndGoals(sql, sourceId, allOrgs, projects, planObservations());
  return demoCounts(sql);
}
