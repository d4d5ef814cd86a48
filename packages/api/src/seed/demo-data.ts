/**
 * Constants of the demo dataset: name pools, product knowledge and the story on real places.
 * Producers, kitchens, companies and all figures are invented; municipality codes are real.
 */
import type {
  AgreementStatus,
  CertificationScheme,
  Currency,
  DemandStatus,
  GoalDirection,
  GoalOwnerKind,
  KitchenKind,
  ProcurementRoute,
  ProducerKind,
  ProductionType,
  Unit,
} from '../generated/prisma/enums.js';

export type Lang = 'en' | 'nb' | 'sv' | 'fi' | 'da' | 'et' | 'lt' | 'de';
export type Localized = Partial<Record<Lang, string>>;
export type CountryCode = 'NO' | 'SE';
/** The countries of the Baltic places: one municipality each (BALTIC_PLACES). */
export type BalticCountry = 'FI' | 'DK' | 'EE' | 'LT' | 'DE';
export type DemoCountry = CountryCode | BalticCountry;
/**
 * The countries of the story and of the places beyond it (drawn at larger scales). The Baltic
 * places add one municipality in each of five more countries; their other places stay without demo records.
 */
export const DEMO_COUNTRIES: readonly CountryCode[] = ['NO', 'SE'];

/** The first and last month of the delivery history. */
export const FIRST_YEAR = 2023;
export const MONTHS = 36;

// ─── Products ───────────────────────────────────────────────────────────────────

export interface CategoryProfile {
  code: string;
  /** Months Nordic production or storage can supply, 1–12 (may wrap around the new year). */
  season: number[];
  /** Price per kg excluding VAT, conventional, in NOK (SEK prices are taken as equal). */
  pricePerKg: number;
  /** Typical raw weight per served meal in grams, across a month's menus. */
  gramsPerMeal: number;
  /** The unit invoices usually use. */
  unit: Unit;
  /** Another unit some suppliers invoice in, and how often. */
  altUnit?: { unit: Unit; share: number };
  /** Weight of one piece where no conversion factor exists (so the value can be priced). */
  pieceKg?: number;
  /** Countries the food comes from when imported. */
  imports: string[];
}

const ALL_YEAR = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const months = (from: number, to: number) => {
  const out: number[] = [];
  for (let m = from; ; m = (m % 12) + 1) {
    out.push(m);
    if (m === to) return out;
  }
};

export const CATEGORIES: CategoryProfile[] = [
  { code: 'vegetables.root.potatoes', season: months(7, 5), pricePerKg: 9, gramsPerMeal: 70, unit: 'KG', imports: ['DK', 'NL'] },
  { code: 'vegetables.root.carrots', season: months(8, 3), pricePerKg: 12, gramsPerMeal: 20, unit: 'KG', imports: ['DK', 'NL', 'ES'] },
  { code: 'vegetables.root.beetroot', season: months(8, 2), pricePerKg: 14, gramsPerMeal: 6, unit: 'KG', imports: ['DK', 'NL'] },
  { code: 'vegetables.root.swede', season: months(9, 3), pricePerKg: 12, gramsPerMeal: 6, unit: 'KG', imports: ['DK'] },
  { code: 'vegetables.root.onions', season: months(8, 4), pricePerKg: 13, gramsPerMeal: 12, unit: 'KG', imports: ['NL', 'PL', 'ES'] },
  { code: 'vegetables.cabbages.white_cabbage', season: months(8, 2), pricePerKg: 12, gramsPerMeal: 10, unit: 'KG', imports: ['NL', 'DE'] },
  { code: 'vegetables.cabbages.cauliflower', season: months(7, 10), pricePerKg: 35, gramsPerMeal: 6, unit: 'KG', imports: ['ES', 'IT', 'FR'] },
  { code: 'vegetables.cabbages.broccoli', season: months(7, 10), pricePerKg: 40, gramsPerMeal: 8, unit: 'KG', imports: ['ES', 'IT'] },
  { code: 'vegetables.leafy.lettuce', season: months(5, 10), pricePerKg: 45, gramsPerMeal: 8, unit: 'KG', imports: ['ES', 'NL'] },
  { code: 'vegetables.leafy.spinach', season: months(5, 9), pricePerKg: 60, gramsPerMeal: 3, unit: 'KG', imports: ['ES', 'IT'] },
  { code: 'vegetables.fruiting.tomatoes', season: months(4, 10), pricePerKg: 35, gramsPerMeal: 12, unit: 'KG', imports: ['ES', 'NL'] },
  { code: 'vegetables.fruiting.cucumbers', season: months(3, 10), pricePerKg: 25, gramsPerMeal: 12, unit: 'KG', imports: ['ES', 'NL'] },
  { code: 'vegetables.mushrooms', season: ALL_YEAR, pricePerKg: 60, gramsPerMeal: 3, unit: 'KG', imports: ['NL', 'PL'] },
  { code: 'vegetables.processed.potato_products', season: ALL_YEAR, pricePerKg: 22, gramsPerMeal: 15, unit: 'KG', imports: ['NL', 'BE'] },
  { code: 'vegetables.processed.frozen', season: ALL_YEAR, pricePerKg: 28, gramsPerMeal: 20, unit: 'KG', imports: ['BE', 'PL', 'NL'] },
  { code: 'fruit.apples', season: months(8, 3), pricePerKg: 25, gramsPerMeal: 25, unit: 'KG', imports: ['IT', 'PL', 'NZ'] },
  { code: 'fruit.pears', season: months(8, 11), pricePerKg: 30, gramsPerMeal: 8, unit: 'KG', imports: ['NL', 'BE', 'ZA'] },
  { code: 'fruit.plums', season: months(8, 9), pricePerKg: 40, gramsPerMeal: 3, unit: 'KG', imports: ['ES', 'ZA'] },
  { code: 'fruit.berries.strawberries', season: months(6, 8), pricePerKg: 70, gramsPerMeal: 3, unit: 'KG', imports: ['ES', 'MA'] },
  { code: 'fruit.berries.blueberries', season: months(7, 9), pricePerKg: 80, gramsPerMeal: 2, unit: 'KG', imports: ['PL', 'ES', 'EE'] },
  { code: 'fruit.berries.lingonberries', season: months(8, 10), pricePerKg: 60, gramsPerMeal: 2, unit: 'KG', imports: ['FI', 'EE'] },
  { code: 'fruit.berries.raspberries', season: months(7, 9), pricePerKg: 90, gramsPerMeal: 1, unit: 'KG', imports: ['PL', 'RS'] },
  {
    code: 'fruit.processed.jam',
    season: ALL_YEAR,
    pricePerKg: 50,
    gramsPerMeal: 3,
    unit: 'KG',
    altUnit: { unit: 'PIECE', share: 0.1 },
    pieceKg: 0.4,
    imports: ['DE', 'PL'],
  },
  { code: 'cereals.grains', season: ALL_YEAR, pricePerKg: 14, gramsPerMeal: 12, unit: 'KG', imports: ['DE', 'IT'] },
  { code: 'cereals.flakes', season: ALL_YEAR, pricePerKg: 18, gramsPerMeal: 10, unit: 'KG', imports: ['FI', 'DE'] },
  { code: 'cereals.flour', season: ALL_YEAR, pricePerKg: 12, gramsPerMeal: 8, unit: 'KG', imports: ['DE'] },
  { code: 'cereals.bread', season: ALL_YEAR, pricePerKg: 45, gramsPerMeal: 35, unit: 'KG', altUnit: { unit: 'PIECE', share: 0.3 }, imports: ['DE', 'PL'] },
  {
    code: 'cereals.cakes',
    season: ALL_YEAR,
    pricePerKg: 90,
    gramsPerMeal: 4,
    unit: 'KG',
    altUnit: { unit: 'PIECE', share: 0.15 },
    pieceKg: 0.07,
    imports: ['DK', 'DE'],
  },
  { code: 'pulses.peas', season: ALL_YEAR, pricePerKg: 25, gramsPerMeal: 5, unit: 'KG', imports: ['CA', 'DE'] },
  { code: 'pulses.beans', season: ALL_YEAR, pricePerKg: 30, gramsPerMeal: 6, unit: 'KG', imports: ['CA', 'IT', 'CN'] },
  { code: 'pulses.lentils', season: ALL_YEAR, pricePerKg: 30, gramsPerMeal: 4, unit: 'KG', imports: ['CA', 'TR'] },
  { code: 'dairy.milk', season: ALL_YEAR, pricePerKg: 14, gramsPerMeal: 180, unit: 'L', imports: ['DK'] },
  { code: 'dairy.cream', season: ALL_YEAR, pricePerKg: 45, gramsPerMeal: 6, unit: 'L', imports: ['DK'] },
  { code: 'dairy.butter', season: ALL_YEAR, pricePerKg: 95, gramsPerMeal: 5, unit: 'KG', imports: ['DK', 'IE'] },
  { code: 'dairy.cheese', season: ALL_YEAR, pricePerKg: 110, gramsPerMeal: 10, unit: 'KG', imports: ['DK', 'NL', 'DE'] },
  { code: 'dairy.yoghurt', season: ALL_YEAR, pricePerKg: 30, gramsPerMeal: 25, unit: 'KG', altUnit: { unit: 'L', share: 0.5 }, imports: ['DK', 'DE'] },
  { code: 'dairy.cultured', season: ALL_YEAR, pricePerKg: 18, gramsPerMeal: 15, unit: 'L', imports: ['DK'] },
  { code: 'eggs', season: ALL_YEAR, pricePerKg: 55, gramsPerMeal: 8, unit: 'PIECE', altUnit: { unit: 'DOZEN', share: 0.35 }, imports: ['DK', 'NL'] },
  { code: 'meat.beef', season: ALL_YEAR, pricePerKg: 150, gramsPerMeal: 18, unit: 'KG', imports: ['IE', 'DE', 'UY'] },
  { code: 'meat.pork', season: ALL_YEAR, pricePerKg: 90, gramsPerMeal: 14, unit: 'KG', imports: ['DK', 'DE'] },
  { code: 'meat.lamb', season: months(8, 12), pricePerKg: 160, gramsPerMeal: 4, unit: 'KG', imports: ['NZ', 'IE'] },
  { code: 'meat.game.elk', season: months(9, 1), pricePerKg: 220, gramsPerMeal: 2, unit: 'KG', imports: ['FI'] },
  { code: 'meat.game.reindeer', season: months(9, 3), pricePerKg: 300, gramsPerMeal: 1, unit: 'KG', imports: ['FI'] },
  { code: 'meat.game.deer', season: months(8, 2), pricePerKg: 250, gramsPerMeal: 1, unit: 'KG', imports: ['NZ', 'PL'] },
  { code: 'meat.poultry.chicken', season: ALL_YEAR, pricePerKg: 85, gramsPerMeal: 18, unit: 'KG', imports: ['DK', 'PL', 'TH'] },
  { code: 'meat.processed', season: ALL_YEAR, pricePerKg: 110, gramsPerMeal: 12, unit: 'KG', imports: ['DE', 'DK'] },
  { code: 'fish.salmon', season: ALL_YEAR, pricePerKg: 140, gramsPerMeal: 10, unit: 'KG', imports: ['FO'] },
  { code: 'fish.cod', season: ALL_YEAR, pricePerKg: 130, gramsPerMeal: 10, unit: 'KG', imports: ['IS', 'FO'] },
  { code: 'fish.herring', season: ALL_YEAR, pricePerKg: 60, gramsPerMeal: 5, unit: 'KG', imports: ['FI', 'DK'] },
  { code: 'fish.freshwater', season: months(5, 10), pricePerKg: 120, gramsPerMeal: 2, unit: 'KG', imports: ['FI', 'EE'] },
  { code: 'fish.shellfish', season: ALL_YEAR, pricePerKg: 200, gramsPerMeal: 2, unit: 'KG', imports: ['GL', 'DK'] },
  { code: 'fish.processed', season: ALL_YEAR, pricePerKg: 120, gramsPerMeal: 8, unit: 'KG', imports: ['DK', 'PL'] },
  { code: 'oils.vegetable', season: ALL_YEAR, pricePerKg: 35, gramsPerMeal: 6, unit: 'L', altUnit: { unit: 'KG', share: 0.3 }, imports: ['DE', 'ES'] },
  { code: 'honey', season: ALL_YEAR, pricePerKg: 150, gramsPerMeal: 1, unit: 'KG', imports: ['DE', 'MX'] },
  { code: 'drinks.juice', season: ALL_YEAR, pricePerKg: 25, gramsPerMeal: 20, unit: 'L', imports: ['DE', 'ES', 'BR'] },
  { code: 'drinks.cordials', season: ALL_YEAR, pricePerKg: 45, gramsPerMeal: 4, unit: 'L', imports: ['DK', 'FI'] },
  {
    code: 'prepared.ready_meals',
    season: ALL_YEAR,
    pricePerKg: 60,
    gramsPerMeal: 10,
    unit: 'KG',
    altUnit: { unit: 'PIECE', share: 0.15 },
    pieceKg: 0.4,
    imports: ['DE', 'DK'],
  },
  { code: 'prepared.soups', season: ALL_YEAR, pricePerKg: 35, gramsPerMeal: 8, unit: 'L', imports: ['DE', 'DK'] },
  {
    code: 'herbs_spices.fresh_herbs',
    season: months(5, 9),
    pricePerKg: 200,
    gramsPerMeal: 0.5,
    unit: 'KG',
    altUnit: { unit: 'PIECE', share: 0.3 },
    pieceKg: 0.05,
    imports: ['IL', 'ES'],
  },
  { code: 'other', season: ALL_YEAR, pricePerKg: 40, gramsPerMeal: 6, unit: 'KG', imports: ['DE'] },
];

/** Categories a receiving kitchen buys itself (delivered straight to it); the rest comes from its central kitchen. */
export const RECEIVING_CATEGORIES = ['dairy.milk', 'cereals.bread', 'fruit.apples', 'dairy.yoghurt', 'eggs'];

/** Kitchen kinds that shift what they buy, as multipliers of grams per meal. */
export const KIND_TILT: Partial<Record<KitchenKind, Record<string, number>>> = {
  PRESCHOOL: { 'fruit.apples': 2, 'fruit.pears': 2, 'dairy.milk': 1.3, 'meat.beef': 0.6, 'cereals.cakes': 0.3 },
  SCHOOL: { 'fruit.apples': 1.5, 'drinks.juice': 0.2 },
  AFTER_SCHOOL: { 'cereals.bread': 1.8, 'fruit.apples': 2, 'dairy.cheese': 1.5, 'meat.beef': 0.3, 'fish.cod': 0.3 },
  ELDERLY_CARE: { 'vegetables.root.potatoes': 1.4, 'dairy.cream': 2, 'cereals.cakes': 2, 'prepared.soups': 2, 'fish.processed': 1.5 },
  HOSPITAL: { 'prepared.ready_meals': 2, 'prepared.soups': 1.5 },
  RESTAURANT: { 'meat.beef': 1.5, 'fish.salmon': 1.5, 'herbs_spices.fresh_herbs': 3, 'drinks.juice': 0.3 },
};

/** The "Diet for a Green Planet" concept: more pulses and vegetables, less meat. */
export const GREEN_PLANET_TILT: Record<string, number> = {
  'pulses.peas': 3,
  'pulses.beans': 3,
  'pulses.lentils': 3,
  'vegetables.root.carrots': 1.5,
  'vegetables.root.beetroot': 1.5,
  'vegetables.cabbages.white_cabbage': 1.5,
  'meat.beef': 0.4,
  'meat.pork': 0.5,
  'meat.processed': 0.3,
  'prepared.ready_meals': 0.3,
};

export const GREEN_PLANET = 'Diet for a Green Planet';

// ─── Producers ──────────────────────────────────────────────────────────────────

export type TemplateKey =
  | 'vegetables'
  | 'greenhouse'
  | 'fruit'
  | 'livestock'
  | 'eggs'
  | 'grain'
  | 'dairy'
  | 'bakery'
  | 'seafish'
  | 'lakefish'
  | 'game'
  | 'processor'
  | 'honey'
  | 'mushrooms'
  | 'cooperative';

export interface ProducerTemplate {
  kind: ProducerKind;
  categories: string[];
  /** How many products a producer of this kind sells. */
  products: [number, number];
  organicRate: number;
  tenderReadyRate: number;
  suffix: { nb: string; sv: string };
  description: Localized & { en: string; nb: string; sv: string };
  /** Annual capacity per product, kg. */
  capacityKg: [number, number];
  deliveryRadiusKm: [number, number];
}

export const TEMPLATES: Record<TemplateKey, ProducerTemplate> = {
  vegetables: {
    kind: 'FARM',
    categories: [
      'vegetables.root.potatoes',
      'vegetables.root.carrots',
      'vegetables.root.beetroot',
      'vegetables.root.swede',
      'vegetables.root.onions',
      'vegetables.cabbages.white_cabbage',
      'vegetables.cabbages.cauliflower',
      'vegetables.cabbages.broccoli',
      'vegetables.leafy.lettuce',
    ],
    products: [2, 5],
    organicRate: 0.3,
    tenderReadyRate: 0.5,
    suffix: { nb: 'gård', sv: 'gård' },
    description: { en: 'Family farm growing vegetables', nb: 'Familiegård som dyrker grønnsaker', sv: 'Familjejordbruk som odlar grönsaker' },
    capacityKg: [8_000, 250_000],
    deliveryRadiusKm: [25, 90],
  },
  greenhouse: {
    kind: 'FARM',
    categories: [
      'vegetables.fruiting.tomatoes',
      'vegetables.fruiting.cucumbers',
      'vegetables.leafy.lettuce',
      'vegetables.leafy.spinach',
      'herbs_spices.fresh_herbs',
    ],
    products: [2, 4],
    organicRate: 0.2,
    tenderReadyRate: 0.4,
    suffix: { nb: 'gartneri', sv: 'handelsträdgård' },
    description: { en: 'Greenhouse nursery', nb: 'Gartneri med veksthus', sv: 'Handelsträdgård med växthus' },
    capacityKg: [5_000, 120_000],
    deliveryRadiusKm: [30, 120],
  },
  fruit: {
    kind: 'FARM',
    categories: [
      'fruit.apples',
      'fruit.pears',
      'fruit.plums',
      'fruit.berries.strawberries',
      'fruit.berries.raspberries',
      'fruit.berries.blueberries',
      'drinks.juice',
    ],
    products: [2, 4],
    organicRate: 0.25,
    tenderReadyRate: 0.35,
    suffix: { nb: 'frukt og bær', sv: 'frukt och bär' },
    description: { en: 'Orchard and berry farm', nb: 'Frukt- og bærgård', sv: 'Frukt- och bärodling' },
    capacityKg: [3_000, 80_000],
    deliveryRadiusKm: [25, 100],
  },
  livestock: {
    kind: 'FARM',
    categories: ['meat.beef', 'meat.lamb', 'meat.pork', 'meat.processed'],
    products: [1, 3],
    organicRate: 0.2,
    tenderReadyRate: 0.4,
    suffix: { nb: 'gård', sv: 'gård' },
    description: { en: 'Livestock farm selling its own meat', nb: 'Husdyrgård som selger eget kjøtt', sv: 'Djurgård som säljer eget kött' },
    capacityKg: [2_000, 40_000],
    deliveryRadiusKm: [30, 120],
  },
  eggs: {
    kind: 'FARM',
    categories: ['eggs', 'meat.poultry.chicken'],
    products: [1, 2],
    organicRate: 0.3,
    tenderReadyRate: 0.45,
    suffix: { nb: 'egg', sv: 'ägg' },
    description: { en: 'Egg and poultry farm', nb: 'Egg- og fjørfegård', sv: 'Ägg- och fjäderfägård' },
    capacityKg: [5_000, 120_000],
    deliveryRadiusKm: [30, 120],
  },
  grain: {
    kind: 'FARM',
    categories: ['cereals.grains', 'cereals.flakes', 'cereals.flour', 'pulses.peas', 'pulses.beans', 'oils.vegetable'],
    products: [2, 4],
    organicRate: 0.35,
    tenderReadyRate: 0.45,
    suffix: { nb: 'gård', sv: 'gård' },
    description: {
      en: 'Arable farm with grain, pulses and cold-pressed oil',
      nb: 'Kornbruk med belgvekster og kaldpresset olje',
      sv: 'Spannmålsgård med baljväxter och kallpressad olja',
    },
    capacityKg: [10_000, 300_000],
    deliveryRadiusKm: [40, 200],
  },
  dairy: {
    kind: 'DAIRY',
    categories: ['dairy.milk', 'dairy.cream', 'dairy.butter', 'dairy.cheese', 'dairy.yoghurt', 'dairy.cultured'],
    products: [2, 5],
    organicRate: 0.35,
    tenderReadyRate: 0.55,
    suffix: { nb: 'gårdsmeieri', sv: 'gårdsmejeri' },
    description: { en: 'Farm dairy', nb: 'Gårdsmeieri', sv: 'Gårdsmejeri' },
    capacityKg: [5_000, 400_000],
    deliveryRadiusKm: [40, 150],
  },
  bakery: {
    kind: 'BAKERY',
    categories: ['cereals.bread', 'cereals.cakes'],
    products: [1, 2],
    organicRate: 0.25,
    tenderReadyRate: 0.55,
    suffix: { nb: 'bakeri', sv: 'bageri' },
    description: { en: 'Local bakery', nb: 'Lokalt bakeri', sv: 'Lokalt bageri' },
    capacityKg: [10_000, 150_000],
    deliveryRadiusKm: [20, 70],
  },
  seafish: {
    kind: 'FISHERY',
    categories: ['fish.cod', 'fish.herring', 'fish.shellfish', 'fish.processed'],
    products: [1, 3],
    organicRate: 0,
    tenderReadyRate: 0.4,
    suffix: { nb: 'fiskeri', sv: 'fiske' },
    description: { en: 'Coastal fishery', nb: 'Kystfiskeri', sv: 'Kustfiske' },
    capacityKg: [3_000, 100_000],
    deliveryRadiusKm: [50, 200],
  },
  lakefish: {
    kind: 'FISHERY',
    categories: ['fish.freshwater', 'fish.processed'],
    products: [1, 2],
    organicRate: 0,
    tenderReadyRate: 0.25,
    suffix: { nb: 'innlandsfiske', sv: 'insjöfiske' },
    description: { en: 'Lake fishery', nb: 'Innlandsfiske', sv: 'Insjöfiske' },
    capacityKg: [1_000, 20_000],
    deliveryRadiusKm: [40, 150],
  },
  game: {
    kind: 'PROCESSOR',
    categories: ['meat.game.elk', 'meat.game.deer', 'meat.processed'],
    products: [1, 3],
    organicRate: 0,
    tenderReadyRate: 0.3,
    suffix: { nb: 'vilt', sv: 'vilt' },
    description: { en: 'Game butchery', nb: 'Viltslakteri', sv: 'Viltslakteri' },
    capacityKg: [1_000, 25_000],
    deliveryRadiusKm: [50, 250],
  },
  processor: {
    kind: 'PROCESSOR',
    categories: [
      'vegetables.processed.potato_products',
      'vegetables.processed.frozen',
      'fruit.processed.jam',
      'drinks.juice',
      'drinks.cordials',
      'prepared.soups',
      'prepared.ready_meals',
      'fruit.berries.lingonberries',
    ],
    products: [2, 4],
    organicRate: 0.2,
    tenderReadyRate: 0.6,
    suffix: { nb: 'matforedling', sv: 'livsmedel' },
    description: {
      en: 'Small food processor using local raw materials',
      nb: 'Småskala matforedling av lokale råvarer',
      sv: 'Småskalig livsmedelsförädling av lokala råvaror',
    },
    capacityKg: [5_000, 200_000],
    deliveryRadiusKm: [50, 250],
  },
  honey: {
    kind: 'FARM',
    categories: ['honey'],
    products: [1, 1],
    organicRate: 0.3,
    tenderReadyRate: 0.15,
    suffix: { nb: 'birøkt', sv: 'biodling' },
    description: { en: 'Beekeeper', nb: 'Birøkter', sv: 'Biodlare' },
    capacityKg: [300, 6_000],
    deliveryRadiusKm: [20, 80],
  },
  mushrooms: {
    kind: 'FARM',
    categories: ['vegetables.mushrooms'],
    products: [1, 1],
    organicRate: 0.3,
    tenderReadyRate: 0.3,
    suffix: { nb: 'sopp', sv: 'svamp' },
    description: { en: 'Mushroom grower', nb: 'Soppdyrker', sv: 'Svampodlare' },
    capacityKg: [2_000, 40_000],
    deliveryRadiusKm: [30, 120],
  },
  cooperative: {
    kind: 'COOPERATIVE',
    categories: ['vegetables.root.potatoes', 'vegetables.root.carrots', 'vegetables.root.onions', 'fruit.apples', 'vegetables.cabbages.white_cabbage', 'eggs'],
    products: [3, 5],
    organicRate: 0.3,
    tenderReadyRate: 0.7,
    suffix: { nb: 'produsentlag', sv: 'producentförening' },
    description: { en: 'Producers’ cooperative', nb: 'Samvirke av lokale produsenter', sv: 'Ekonomisk förening för lokala producenter' },
    capacityKg: [30_000, 600_000],
    deliveryRadiusKm: [40, 150],
  },
};

/** Template mix where nothing more specific is known about a place. */
export const DEFAULT_TEMPLATE_WEIGHTS: Partial<Record<TemplateKey, number>> = {
  vegetables: 8,
  greenhouse: 2,
  fruit: 2,
  livestock: 5,
  eggs: 2,
  grain: 3,
  dairy: 2,
  bakery: 2,
  game: 1,
  processor: 2,
  honey: 1,
  mushrooms: 0.5,
  cooperative: 0.5,
};

export const NO_NAME_ROOTS = [
  'Bakke',
  'Holt',
  'Berg',
  'Lund',
  'Haug',
  'Vik',
  'Dal',
  'Rud',
  'Skog',
  'Eng',
  'Myra',
  'Strand',
  'Brekke',
  'Li',
  'Tveten',
  'Ås',
  'Moen',
  'Kleiva',
  'Solberg',
  'Nes',
  'Rød',
  'Sand',
  'Tangen',
  'Vang',
  'Lia',
  'Høgset',
  'Grinde',
  'Furu',
  'Lyng',
  'Kvern',
  'Hval',
  'Sletta',
  'Jordet',
  'Bråten',
  'Lunde',
  'Hauger',
  'Bjørke',
  'Eik',
  'Linde',
  'Aker',
];
export const NO_NAME_PREFIXES = ['', '', '', 'Nordre ', 'Søndre ', 'Øvre ', 'Nedre ', 'Vestre ', 'Østre '];
export const SE_NAME_ROOTS = [
  'Lindby',
  'Ekhult',
  'Björktorp',
  'Sjöberga',
  'Tallnäs',
  'Granvik',
  'Hagåsen',
  'Norrby',
  'Västerby',
  'Österhult',
  'Kvarnbacken',
  'Ängsjö',
  'Mossberga',
  'Rönnby',
  'Aspvik',
  'Hällby',
  'Stenby',
  'Ulvåsen',
  'Bäckhult',
  'Lövnäs',
  'Sörby',
  'Ekeby',
  'Myrtorp',
  'Furuhaga',
  'Bjärka',
  'Holma',
  'Alby',
  'Viby',
  'Kärrby',
  'Tuna',
  'Lidaberg',
  'Skogsvik',
  'Ängsby',
  'Tjärnberg',
  'Övergården',
];
export const NO_FIRST_NAMES = [
  'Kari',
  'Ola',
  'Ingrid',
  'Lars',
  'Marit',
  'Per',
  'Silje',
  'Anders',
  'Hilde',
  'Even',
  'Guri',
  'Tor',
  'Astrid',
  'Knut',
  'Sigrid',
  'Håkon',
  'Line',
  'Øystein',
  'Randi',
  'Jon',
];
export const NO_LAST_NAMES = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Berg',
  'Haugen',
  'Bakke',
  'Nilsen',
  'Pedersen',
  'Kristiansen',
  'Halvorsen',
  'Moen',
  'Lund',
  'Strand',
  'Solberg',
  'Eriksen',
  'Dahl',
];
export const SE_FIRST_NAMES = [
  'Anna',
  'Erik',
  'Karin',
  'Lars',
  'Maria',
  'Johan',
  'Eva',
  'Per',
  'Sara',
  'Anders',
  'Ingrid',
  'Nils',
  'Kerstin',
  'Olof',
  'Linnea',
  'Gustav',
  'Elin',
  'Magnus',
  'Britt',
  'Jonas',
];
export const SE_LAST_NAMES = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Lindqvist',
  'Berglund',
  'Holm',
  'Sandberg',
  'Lundgren',
  'Ek',
  'Dahlin',
  'Forsberg',
];
export const NO_STREETS = [
  'Bakkeveien',
  'Gårdsveien',
  'Kirkeveien',
  'Fjordveien',
  'Skogveien',
  'Åsveien',
  'Lindeveien',
  'Bjørkeveien',
  'Engveien',
  'Strandveien',
  'Møllerveien',
  'Kongeveien',
];
export const SE_STREETS = [
  'Byvägen',
  'Gårdsvägen',
  'Kyrkvägen',
  'Skogsvägen',
  'Sjövägen',
  'Åsvägen',
  'Lindvägen',
  'Björkvägen',
  'Ängsvägen',
  'Kvarnvägen',
  'Landsvägen',
  'Bruksvägen',
];

/** Words for kitchens in places beyond the story, per country and kind. */
export const KITCHEN_WORDS: Record<CountryCode, Record<KitchenKind | 'CENTRAL', string>> = {
  NO: {
    SCHOOL: '{root} skole',
    PRESCHOOL: '{root} barnehage',
    AFTER_SCHOOL: '{root} SFO',
    ELDERLY_CARE: '{root} sykehjem',
    HOSPITAL: '{root} sykehuskjøkken',
    DAY_CENTRE: '{root} dagsenter',
    STAFF_CANTEEN: 'Kantina på {root}',
    RESTAURANT: '{root} kafé',
    OTHER: '{root} kjøkken',
    CENTRAL: '{root} sentralkjøkken',
  },
  SE: {
    SCHOOL: '{root}skolan',
    PRESCHOOL: '{root}s förskola',
    AFTER_SCHOOL: '{root}s fritidshem',
    ELDERLY_CARE: '{root}s äldreboende',
    HOSPITAL: '{root}s sjukhuskök',
    DAY_CENTRE: '{root}s dagverksamhet',
    STAFF_CANTEEN: 'Personalrestaurangen {root}',
    RESTAURANT: 'Bistro {root}',
    OTHER: '{root}s kök',
    CENTRAL: '{root}s centralkök',
  },
};

export const KITCHEN_ROOTS: Record<CountryCode, string[]> = {
  NO: [
    'Solbakken',
    'Granly',
    'Furulund',
    'Bjørkhaug',
    'Kløverenga',
    'Lerkehaug',
    'Sjøsiden',
    'Lyngåsen',
    'Blåbærlia',
    'Eikelund',
    'Rognstua',
    'Heistad',
    'Vardeåsen',
    'Tyttebærhaugen',
    'Måkeberget',
  ],
  SE: [
    'Solbacken',
    'Granhaga',
    'Furulund',
    'Björkhagen',
    'Klöverängen',
    'Lärkbacken',
    'Sjösidan',
    'Ljungåsen',
    'Blåbärslid',
    'Eklunda',
    'Rönnstugan',
    'Vårdkasen',
    'Lingonbacken',
    'Måsberget',
    'Tallbacken',
  ],
};

export const KIND_MEALS: Record<KitchenKind | 'CENTRAL', [number, number]> = {
  SCHOOL: [150, 600],
  PRESCHOOL: [30, 120],
  AFTER_SCHOOL: [40, 150],
  ELDERLY_CARE: [40, 200],
  HOSPITAL: [500, 1500],
  DAY_CENTRE: [20, 60],
  STAFF_CANTEEN: [60, 250],
  RESTAURANT: [80, 300],
  OTHER: [30, 100],
  CENTRAL: [500, 2000],
};

export const SERVING_DAYS: Record<CountryCode, Record<KitchenKind, number>> = {
  NO: { SCHOOL: 190, PRESCHOOL: 240, AFTER_SCHOOL: 230, ELDERLY_CARE: 365, HOSPITAL: 365, DAY_CENTRE: 245, STAFF_CANTEEN: 225, RESTAURANT: 310, OTHER: 250 },
  SE: { SCHOOL: 178, PRESCHOOL: 240, AFTER_SCHOOL: 230, ELDERLY_CARE: 365, HOSPITAL: 365, DAY_CENTRE: 245, STAFF_CANTEEN: 225, RESTAURANT: 310, OTHER: 250 },
};

/** How much of a month's meals are served, by kind (schools close in July). */
export const MONTH_FACTORS: Partial<Record<KitchenKind, number[]>> = {
  SCHOOL: [1, 1, 1, 0.9, 1, 0.6, 0, 0.6, 1, 0.9, 1, 0.8],
  AFTER_SCHOOL: [1, 1, 1, 0.9, 1, 0.8, 0.2, 0.8, 1, 0.9, 1, 0.8],
  PRESCHOOL: [1, 1, 1, 1, 1, 1, 0.3, 1, 1, 1, 1, 0.9],
};

/** Mix of kinds for kitchens in places beyond the story. */
export const EXTRA_KITCHEN_KINDS: [KitchenKind, number][] = [
  ['SCHOOL', 30],
  ['PRESCHOOL', 25],
  ['AFTER_SCHOOL', 8],
  ['ELDERLY_CARE', 18],
  ['DAY_CENTRE', 5],
  ['STAFF_CANTEEN', 5],
  ['RESTAURANT', 4],
  ['HOSPITAL', 1],
];

// ─── Purchasing behaviour ───────────────────────────────────────────────────────

/** A value that moves in a straight line from January 2023 to December 2025. */
export interface Trajectory {
  from: number;
  to: number;
}

export interface PurchaseProfile {
  /** Chance that a wholesaler line outside an organic-only lot is organic. */
  organic: Trajectory;
  /** Chance that a kitchen buying directly takes a category from a producer when one can deliver it. */
  direct: Trajectory;
  /** Chance that a wholesaler line whose producer is known comes from the kitchen's own region. */
  localOrigin: Trajectory;
  /** Chance that a wholesaler names the producer of a line (article data). */
  knownOrigin: number;
}

export const DEFAULT_PROFILES: Record<CountryCode, PurchaseProfile> = {
  NO: { organic: { from: 0.04, to: 0.05 }, direct: { from: 0.2, to: 0.25 }, localOrigin: { from: 0.1, to: 0.12 }, knownOrigin: 0.3 },
  SE: { organic: { from: 0.28, to: 0.3 }, direct: { from: 0.2, to: 0.25 }, localOrigin: { from: 0.12, to: 0.14 }, knownOrigin: 0.35 },
};

// ─── The story ──────────────────────────────────────────────────────────────────

export interface StoryPlace {
  code: string;
  /** Producers of the story located here. */
  producers: number;
  templates?: Partial<Record<TemplateKey, number>>;
  /** Postal codes of the place, for invented addresses. */
  postalCodes?: string[];
  coastal?: boolean;
}

const FARMLAND: Partial<Record<TemplateKey, number>> = {
  vegetables: 10,
  livestock: 4,
  grain: 3,
  fruit: 3,
  eggs: 2,
  dairy: 2,
  bakery: 1,
  processor: 1,
  honey: 1,
};
const COAST = (w: number) => ({ ...FARMLAND, seafish: w });
const FOREST: Partial<Record<TemplateKey, number>> = {
  vegetables: 6,
  livestock: 4,
  dairy: 3,
  lakefish: 2,
  game: 3,
  bakery: 1,
  processor: 2,
  honey: 1,
  eggs: 2,
  grain: 1,
};

export const STORY_PLACES: StoryPlace[] = [
  // Vestfold: Horten and its neighbours
  {
    code: 'NO-3901',
    producers: 14,
    templates: { ...COAST(2), vegetables: 12, greenhouse: 2, mushrooms: 1 },
    postalCodes: ['3183', '3184', '3185', '3186', '3187', '3188', '3189', '3190', '3191'],
    coastal: true,
  },
  { code: 'NO-3903', producers: 6, templates: FARMLAND },
  { code: 'NO-3905', producers: 10, templates: { ...COAST(1), greenhouse: 2, cooperative: 1 } },
  { code: 'NO-3911', producers: 5, templates: COAST(4), coastal: true },
  { code: 'NO-3907', producers: 8, templates: COAST(2), coastal: true },
  { code: 'NO-3909', producers: 8, templates: COAST(2), coastal: true },
  // Østfold: Halden and its neighbours
  {
    code: 'NO-3101',
    producers: 12,
    templates: { ...COAST(1), game: 1 },
    postalCodes: ['1751', '1763', '1766', '1767', '1768', '1769', '1771', '1772', '1776', '1781', '1783', '1788'],
    coastal: true,
  },
  { code: 'NO-3105', producers: 6, templates: FARMLAND },
  { code: 'NO-3107', producers: 6, templates: { ...COAST(1), greenhouse: 2 }, coastal: true },
  { code: 'NO-3124', producers: 3, templates: { ...FOREST, lakefish: 0 } },
  { code: 'NO-3120', producers: 5, templates: { ...FARMLAND, grain: 5 } },
  { code: 'NO-3118', producers: 5, templates: FARMLAND },
  { code: 'NO-3122', producers: 2, templates: { ...FOREST, lakefish: 0 } },
  { code: 'NO-3110', producers: 2, templates: { seafish: 1 }, coastal: true },
  // Sweden across the border from Halden
  { code: 'SE-1486', producers: 3, templates: { seafish: 3, vegetables: 1 }, coastal: true },
  { code: 'SE-1438', producers: 2, templates: FOREST },
  { code: 'SE-1435', producers: 2, templates: COAST(2), coastal: true },
  { code: 'SE-1765', producers: 2, templates: FOREST },
  // Stockholm and Södermanland around Södertälje
  {
    code: 'SE-0181',
    producers: 8,
    templates: { ...COAST(1), greenhouse: 2, grain: 3 },
    postalCodes: ['151 32', '151 38', '151 44', '151 52', '151 61', '151 65', '152 42', '152 50', '152 57'],
    coastal: true,
  },
  { code: 'SE-0140', producers: 3, templates: FARMLAND },
  { code: 'SE-0461', producers: 3, templates: { ...FARMLAND, dairy: 3 } },
  { code: 'SE-0488', producers: 3, templates: COAST(2), coastal: true },
  { code: 'SE-0480', producers: 4, templates: { ...COAST(1), grain: 5 }, coastal: true },
  { code: 'SE-0486', producers: 2, templates: { ...FARMLAND, grain: 4 } },
  { code: 'SE-0127', producers: 2, templates: { greenhouse: 2, bakery: 1 } },
  { code: 'SE-0188', producers: 3, templates: COAST(2), coastal: true },
  // Dalarna
  {
    code: 'SE-2080',
    producers: 8,
    templates: { ...FOREST, vegetables: 8 },
    postalCodes: ['791 31', '791 41', '791 47', '791 52', '791 61', '791 71', '791 72', '791 77', '791 93'],
  },
  { code: 'SE-2081', producers: 5, templates: FOREST, postalCodes: ['781 70', '781 71', '781 74', '781 90', '781 93', '784 33', '784 50', '784 65'] },
  { code: 'SE-2085', producers: 5, templates: FOREST, postalCodes: ['771 30', '771 41', '771 42', '771 53', '771 60', '771 90', '771 94'] },
  { code: 'SE-2026', producers: 3, templates: FOREST },
  { code: 'SE-2029', producers: 3, templates: { ...FOREST, dairy: 4 } },
  { code: 'SE-2031', producers: 2, templates: FOREST },
  { code: 'SE-2082', producers: 2, templates: FARMLAND },
  { code: 'SE-2061', producers: 2, templates: FOREST },
  { code: 'SE-2083', producers: 2, templates: FARMLAND },
  { code: 'SE-2062', producers: 2, templates: { ...FOREST, game: 4 } },
];

/** Producers abroad (DFC-style catalogue entries): country and location, no municipality. */
export interface AbroadProducer {
  key: string;
  name: string;
  kind: ProducerKind;
  countryCode: string;
  lat: number;
  lon: number;
  city: string;
  categories: string[];
  organic: boolean;
  description: string;
}

export const ABROAD_PRODUCERS: AbroadProducer[] = [
  {
    key: 'dk-1',
    name: 'Lindegaard Økologiske Grøntsager',
    kind: 'FARM',
    countryCode: 'DK',
    lat: 55.31,
    lon: 10.48,
    city: 'Odense',
    categories: ['vegetables.root.carrots', 'vegetables.root.onions', 'vegetables.cabbages.white_cabbage'],
    organic: true,
    description: 'Organic vegetable farm on Funen selling through Nordic wholesalers.',
  },
  {
    key: 'ee-1',
    name: 'Metsamarja Berry Cooperative',
    kind: 'COOPERATIVE',
    countryCode: 'EE',
    lat: 58.36,
    lon: 26.74,
    city: 'Tartu',
    categories: ['fruit.berries.blueberries', 'fruit.berries.lingonberries', 'fruit.processed.jam'],
    organic: true,
    description: 'Cooperative of wild-berry pickers and small berry farms in southern Estonia.',
  },
  {
    key: 'pl-1',
    name: 'Zielona Dolina Orchards',
    kind: 'FARM',
    countryCode: 'PL',
    lat: 51.86,
    lon: 20.86,
    city: 'Grójec',
    categories: ['fruit.apples', 'fruit.pears', 'drinks.juice'],
    organic: false,
    description: 'Apple and pear orchards south of Warsaw supplying Baltic Sea wholesalers.',
  },
];

// ─── Organizations ──────────────────────────────────────────────────────────────

export interface StoryOrganization {
  key: string;
  name: string;
  kind: 'MUNICIPALITY' | 'REGION' | 'WHOLESALER' | 'LOGISTICS' | 'NGO' | 'COOPERATIVE' | 'FOOD_SERVICE';
  countryCode: string;
  municipalityCode?: string;
  /** Whether an invented org number is given (never for real public bodies or real NGOs). */
  invented: boolean;
  website?: string;
}

export const STORY_ORGANIZATIONS: StoryOrganization[] = [
  { key: 'municipality:NO-3901', name: 'Horten kommune', kind: 'MUNICIPALITY', countryCode: 'NO', municipalityCode: 'NO-3901', invented: false },
  { key: 'municipality:NO-3101', name: 'Halden kommune', kind: 'MUNICIPALITY', countryCode: 'NO', municipalityCode: 'NO-3101', invented: false },
  { key: 'municipality:SE-0181', name: 'Södertälje kommun', kind: 'MUNICIPALITY', countryCode: 'SE', municipalityCode: 'SE-0181', invented: false },
  { key: 'municipality:SE-2080', name: 'Falu kommun', kind: 'MUNICIPALITY', countryCode: 'SE', municipalityCode: 'SE-2080', invented: false },
  { key: 'municipality:SE-2081', name: 'Borlänge kommun', kind: 'MUNICIPALITY', countryCode: 'SE', municipalityCode: 'SE-2081', invented: false },
  { key: 'municipality:SE-2085', name: 'Ludvika kommun', kind: 'MUNICIPALITY', countryCode: 'SE', municipalityCode: 'SE-2085', invented: false },
  { key: 'region:SE-20', name: 'Region Dalarna', kind: 'REGION', countryCode: 'SE', invented: false },
  {
    key: 'wholesaler:fjordgrossisten',
    name: 'Fjordgrossisten AS',
    kind: 'WHOLESALER',
    countryCode: 'NO',
    municipalityCode: 'NO-3905',
    invented: true,
    website: 'https://fjordgrossisten.example.org',
  },
  {
    key: 'wholesaler:malardalen',
    name: 'Mälardalens Storköksgrossist AB',
    kind: 'WHOLESALER',
    countryCode: 'SE',
    municipalityCode: 'SE-0127',
    invented: true,
    website: 'https://storkoksgrossist.example.org',
  },
  {
    key: 'wholesaler:bergslagsgrossen',
    name: 'Bergslagsgrossen AB',
    kind: 'WHOLESALER',
    countryCode: 'SE',
    municipalityCode: 'SE-2081',
    invented: true,
    website: 'https://bergslagsgrossen.example.org',
  },
  { key: 'logistics:kyltransport', name: 'Bergslagens Kyltransport AB', kind: 'LOGISTICS', countryCode: 'SE', municipalityCode: 'SE-2081', invented: true },
  {
    key: 'cooperative:vestfold-lokalmat',
    name: 'Vestfold Lokalmat SA',
    kind: 'COOPERATIVE',
    countryCode: 'NO',
    municipalityCode: 'NO-3905',
    invented: true,
    website: 'https://vestfold-lokalmat.example.org',
  },
  { key: 'ngo:beras', name: 'BERAS International', kind: 'NGO', countryCode: 'SE', invented: false },
  { key: 'food-service:kaikanten', name: 'Kaikanten Servering AS', kind: 'FOOD_SERVICE', countryCode: 'NO', municipalityCode: 'NO-3901', invented: true },
  {
    key: 'food-service:kanalbistron',
    name: 'Kanalbistron i Södertälje AB',
    kind: 'FOOD_SERVICE',
    countryCode: 'SE',
    municipalityCode: 'SE-0181',
    invented: true,
  },
];

/** The wholesaler each country's kitchens use by default, and the one used in each Swedish region. */
export const WHOLESALER_BY_COUNTRY: Record<DemoCountry, string> = {
  NO: 'wholesaler:fjordgrossisten',
  SE: 'wholesaler:malardalen',
  FI: 'wholesaler:esimerkkitukku',
  DK: 'wholesaler:provegrossisten',
  EE: 'wholesaler:naidishulgi',
  LT: 'wholesaler:pavyzdine-didmena',
  DE: 'wholesaler:beispiel-grosshandel',
};
export const WHOLESALER_BY_REGION: Record<string, string> = { 'SE-20': 'wholesaler:bergslagsgrossen' };

// ─── Kitchens ───────────────────────────────────────────────────────────────────

export interface StoryKitchen {
  slug: string;
  name: string;
  kind: KitchenKind;
  production: ProductionType;
  meals: number;
  central?: string;
  /** First month (0 = January 2023) in which the kitchen buys directly from producers. */
  directFrom?: number;
  /** Operating organization key; the municipality's administration when absent. */
  operator?: string;
  mealConcept?: string;
  /** Kitchens that never report deliveries (they lower coverage). */
  silent?: boolean;
}

export interface StoryKitchenPlace {
  code: string;
  profile: PurchaseProfile;
  /**
   * A place added to the story after its figures were published (prisma/data/DEMO.md): its kitchens
   * buy at the same pace as the others, but on top of the delivery target, so that the lines of the
   * places before it stay exactly as they were.
   */
  beyondTarget?: boolean;
  kitchens: StoryKitchen[];
}

const ym = (year: number, month: number) => (year - FIRST_YEAR) * 12 + month - 1;

export const STORY_KITCHENS: StoryKitchenPlace[] = [
  {
    code: 'NO-3901',
    profile: { organic: { from: 0.03, to: 0.04 }, direct: { from: 0.12, to: 0.5 }, localOrigin: { from: 0.05, to: 0.12 }, knownOrigin: 0.35 },
    kitchens: [
      { slug: 'fjordheim-sentralkjokken', name: 'Fjordheim sentralkjøkken', kind: 'ELDERLY_CARE', production: 'CENTRAL', meals: 850, directFrom: ym(2023, 3) },
      {
        slug: 'fjordheim-sykehjem',
        name: 'Fjordheim sykehjem',
        kind: 'ELDERLY_CARE',
        production: 'RECEIVING',
        meals: 160,
        central: 'fjordheim-sentralkjokken',
      },
      {
        slug: 'lindegarden-omsorgssenter',
        name: 'Lindegården omsorgssenter',
        kind: 'ELDERLY_CARE',
        production: 'RECEIVING',
        meals: 110,
        central: 'fjordheim-sentralkjokken',
      },
      {
        slug: 'makeskjaeret-omsorgsboliger',
        name: 'Måkeskjæret omsorgsboliger',
        kind: 'ELDERLY_CARE',
        production: 'RECEIVING',
        meals: 60,
        central: 'fjordheim-sentralkjokken',
      },
      { slug: 'solsiden-dagsenter', name: 'Solsiden dagsenter', kind: 'DAY_CENTRE', production: 'COOKING', meals: 45, directFrom: ym(2023, 1) },
      { slug: 'sjoglimt-skole', name: 'Sjøglimt skole', kind: 'SCHOOL', production: 'COOKING', meals: 360, directFrom: ym(2023, 9) },
      { slug: 'furulia-skole', name: 'Furulia skole', kind: 'SCHOOL', production: 'COOKING', meals: 290, directFrom: ym(2024, 1) },
      { slug: 'klovermarka-ungdomsskole', name: 'Kløvermarka ungdomsskole', kind: 'SCHOOL', production: 'COOKING', meals: 430, directFrom: ym(2024, 8) },
      { slug: 'bakkehaug-skole', name: 'Bakkehaug skole', kind: 'SCHOOL', production: 'COOKING', meals: 240, directFrom: ym(2025, 1) },
      { slug: 'sjoglimt-sfo', name: 'Sjøglimt SFO', kind: 'AFTER_SCHOOL', production: 'COOKING', meals: 90, directFrom: ym(2024, 3) },
      { slug: 'furulia-sfo', name: 'Furulia SFO', kind: 'AFTER_SCHOOL', production: 'COOKING', meals: 70 },
      { slug: 'tusenfryd-barnehage', name: 'Tusenfryd barnehage', kind: 'PRESCHOOL', production: 'COOKING', meals: 70, directFrom: ym(2024, 9) },
      { slug: 'marihona-barnehage', name: 'Marihøna barnehage', kind: 'PRESCHOOL', production: 'COOKING', meals: 55 },
      { slug: 'kantina-fjordheim', name: 'Kantina Fjordheim', kind: 'STAFF_CANTEEN', production: 'COOKING', meals: 130 },
      {
        slug: 'kaikanten-kafe',
        name: 'Kaikanten kafé',
        kind: 'RESTAURANT',
        production: 'COOKING',
        meals: 150,
        directFrom: ym(2023, 5),
        operator: 'food-service:kaikanten',
      },
    ],
  },
  {
    code: 'NO-3101',
    profile: { organic: { from: 0.012, to: 0.025 }, direct: { from: 0.3, to: 0.4 }, localOrigin: { from: 0.12, to: 0.16 }, knownOrigin: 0.3 },
    kitchens: [
      { slug: 'brattas-sentralkjokken', name: 'Brattås sentralkjøkken', kind: 'ELDERLY_CARE', production: 'CENTRAL', meals: 700, directFrom: ym(2024, 6) },
      { slug: 'brattas-sykehjem', name: 'Brattås sykehjem', kind: 'ELDERLY_CARE', production: 'RECEIVING', meals: 150, central: 'brattas-sentralkjokken' },
      {
        slug: 'solhoy-omsorgssenter',
        name: 'Solhøy omsorgssenter',
        kind: 'ELDERLY_CARE',
        production: 'RECEIVING',
        meals: 90,
        central: 'brattas-sentralkjokken',
      },
      { slug: 'bjorkelund-skole', name: 'Bjørkelund skole', kind: 'SCHOOL', production: 'COOKING', meals: 320, directFrom: ym(2024, 2) },
      { slug: 'tyttebaerlia-skole', name: 'Tyttebærlia skole', kind: 'SCHOOL', production: 'COOKING', meals: 260 },
      { slug: 'lerkehaug-ungdomsskole', name: 'Lerkehaug ungdomsskole', kind: 'SCHOOL', production: 'COOKING', meals: 380, directFrom: ym(2023, 10) },
      { slug: 'bjorkelund-sfo', name: 'Bjørkelund SFO', kind: 'AFTER_SCHOOL', production: 'COOKING', meals: 80 },
      { slug: 'kongleskogen-barnehage', name: 'Kongleskogen barnehage', kind: 'PRESCHOOL', production: 'COOKING', meals: 60, directFrom: ym(2025, 1) },
      { slug: 'vassbakken-dagsenter', name: 'Vassbakken dagsenter', kind: 'DAY_CENTRE', production: 'COOKING', meals: 35, silent: true },
      { slug: 'bryggekantina', name: 'Bryggekantina', kind: 'STAFF_CANTEEN', production: 'COOKING', meals: 100 },
    ],
  },
  {
    code: 'SE-0181',
    profile: { organic: { from: 0.2, to: 0.4 }, direct: { from: 0.35, to: 0.6 }, localOrigin: { from: 0.12, to: 0.2 }, knownOrigin: 0.45 },
    kitchens: [
      { slug: 'masens-centralkok', name: 'Måsens centralkök', kind: 'PRESCHOOL', production: 'CENTRAL', meals: 1200, mealConcept: GREEN_PLANET },
      {
        slug: 'blabarets-forskola',
        name: 'Blåbärets förskola',
        kind: 'PRESCHOOL',
        production: 'RECEIVING',
        meals: 70,
        central: 'masens-centralkok',
        mealConcept: GREEN_PLANET,
      },
      {
        slug: 'ekorrens-forskola',
        name: 'Ekorrens förskola',
        kind: 'PRESCHOOL',
        production: 'RECEIVING',
        meals: 60,
        central: 'masens-centralkok',
        mealConcept: GREEN_PLANET,
      },
      {
        slug: 'humlans-forskola',
        name: 'Humlans förskola',
        kind: 'PRESCHOOL',
        production: 'RECEIVING',
        meals: 80,
        central: 'masens-centralkok',
        mealConcept: GREEN_PLANET,
      },
      { slug: 'ekbackeskolan', name: 'Ekbackeskolan', kind: 'SCHOOL', production: 'COOKING', meals: 480, directFrom: ym(2023, 6), mealConcept: GREEN_PLANET },
      { slug: 'larkangsskolan', name: 'Lärkängsskolan', kind: 'SCHOOL', production: 'COOKING', meals: 390, mealConcept: GREEN_PLANET },
      { slug: 'sjoviksskolan', name: 'Sjöviksskolan', kind: 'SCHOOL', production: 'COOKING', meals: 420, directFrom: ym(2024, 4), mealConcept: GREEN_PLANET },
      { slug: 'granhagsgymnasiet', name: 'Granhagsgymnasiet', kind: 'SCHOOL', production: 'COOKING', meals: 650, mealConcept: GREEN_PLANET },
      {
        slug: 'ekbackeskolans-fritidshem',
        name: 'Ekbackeskolans fritidshem',
        kind: 'AFTER_SCHOOL',
        production: 'COOKING',
        meals: 110,
        mealConcept: GREEN_PLANET,
      },
      {
        slug: 'lindhagens-aldreboende',
        name: 'Lindhagens äldreboende',
        kind: 'ELDERLY_CARE',
        production: 'COOKING',
        meals: 140,
        directFrom: ym(2024, 10),
        mealConcept: GREEN_PLANET,
      },
      {
        slug: 'solgardens-omsorgsboende',
        name: 'Solgårdens vård- och omsorgsboende',
        kind: 'ELDERLY_CARE',
        production: 'COOKING',
        meals: 120,
        mealConcept: GREEN_PLANET,
      },
      { slug: 'kanalens-dagverksamhet', name: 'Kanalens dagverksamhet', kind: 'DAY_CENTRE', production: 'COOKING', meals: 40, mealConcept: GREEN_PLANET },
      {
        slug: 'personalrestaurangen-kvarnen',
        name: 'Personalrestaurangen Kvarnen',
        kind: 'STAFF_CANTEEN',
        production: 'COOKING',
        meals: 160,
        mealConcept: GREEN_PLANET,
      },
      {
        slug: 'kanalbistron',
        name: 'Kanalbistron',
        kind: 'RESTAURANT',
        production: 'COOKING',
        meals: 180,
        directFrom: ym(2023, 4),
        operator: 'food-service:kanalbistron',
      },
    ],
  },
  {
    code: 'SE-2080',
    profile: { organic: { from: 0.15, to: 0.3 }, direct: { from: 0.5, to: 0.9 }, localOrigin: { from: 0.2, to: 0.6 }, knownOrigin: 0.5 },
    kitchens: [
      { slug: 'gruvbackens-centralkok', name: 'Gruvbackens centralkök', kind: 'SCHOOL', production: 'CENTRAL', meals: 1500, directFrom: ym(2024, 1) },
      { slug: 'tallbackens-skola', name: 'Tallbackens skola', kind: 'SCHOOL', production: 'RECEIVING', meals: 260, central: 'gruvbackens-centralkok' },
      { slug: 'myrans-forskola', name: 'Myrans förskola', kind: 'PRESCHOOL', production: 'RECEIVING', meals: 70, central: 'gruvbackens-centralkok' },
      { slug: 'kopparlundsskolan', name: 'Kopparlundsskolan', kind: 'SCHOOL', production: 'COOKING', meals: 340, directFrom: ym(2023, 8) },
      { slug: 'sjoangens-skola', name: 'Sjöängens skola', kind: 'SCHOOL', production: 'COOKING', meals: 280, directFrom: ym(2024, 8) },
      { slug: 'hagabergs-aldreboende', name: 'Hagabergs äldreboende', kind: 'ELDERLY_CARE', production: 'COOKING', meals: 130, directFrom: ym(2025, 2) },
      { slug: 'kopparlundsskolans-fritidshem', name: 'Kopparlundsskolans fritidshem', kind: 'AFTER_SCHOOL', production: 'COOKING', meals: 90 },
      { slug: 'lasarettskoket', name: 'Lasarettsköket', kind: 'HOSPITAL', production: 'COOKING', meals: 900, operator: 'region:SE-20' },
    ],
  },
  {
    code: 'SE-2081',
    profile: { organic: { from: 0.17, to: 0.28 }, direct: { from: 0.25, to: 0.4 }, localOrigin: { from: 0.1, to: 0.18 }, knownOrigin: 0.35 },
    kitchens: [
      { slug: 'dalalvskoket', name: 'Dalälvsköket', kind: 'ELDERLY_CARE', production: 'CENTRAL', meals: 800 },
      {
        slug: 'backagardens-aldreboende',
        name: 'Backagårdens äldreboende',
        kind: 'ELDERLY_CARE',
        production: 'RECEIVING',
        meals: 120,
        central: 'dalalvskoket',
      },
      { slug: 'stalbackaskolan', name: 'Stålbackaskolan', kind: 'SCHOOL', production: 'COOKING', meals: 360, directFrom: ym(2024, 3) },
      { slug: 'tjaderskolan', name: 'Tjäderskolan', kind: 'SCHOOL', production: 'COOKING', meals: 300 },
      { slug: 'vitsippans-forskola', name: 'Vitsippans förskola', kind: 'PRESCHOOL', production: 'COOKING', meals: 60 },
      { slug: 'alvbackens-dagverksamhet', name: 'Älvbackens dagverksamhet', kind: 'DAY_CENTRE', production: 'COOKING', meals: 35, directFrom: ym(2025, 1) },
    ],
  },
  {
    code: 'SE-2085',
    profile: { organic: { from: 0.12, to: 0.22 }, direct: { from: 0.25, to: 0.35 }, localOrigin: { from: 0.1, to: 0.15 }, knownOrigin: 0.3 },
    kitchens: [
      { slug: 'vasmanskoket', name: 'Väsmansköket', kind: 'SCHOOL', production: 'CENTRAL', meals: 1100 },
      { slug: 'lokets-skola', name: 'Lokets skola', kind: 'SCHOOL', production: 'RECEIVING', meals: 240, central: 'vasmanskoket' },
      { slug: 'gruvhagens-skola', name: 'Gruvhagens skola', kind: 'SCHOOL', production: 'COOKING', meals: 310, directFrom: ym(2024, 9) },
      { slug: 'smedjans-aldreboende', name: 'Smedjans äldreboende', kind: 'ELDERLY_CARE', production: 'COOKING', meals: 100 },
      { slug: 'linneans-forskola', name: 'Linnéans förskola', kind: 'PRESCHOOL', production: 'COOKING', meals: 55 },
    ],
  },
  // Södertälje's neighbours in Stockholm County, so that a ranking of Södertälje within its county has
  // others to compare with.
  {
    code: 'SE-0140',
    profile: { organic: { from: 0.3, to: 0.38 }, direct: { from: 0.3, to: 0.45 }, localOrigin: { from: 0.1, to: 0.15 }, knownOrigin: 0.4 },
    beyondTarget: true,
    kitchens: [
      { slug: 'angsbackens-skola', name: 'Ängsbackens skola', kind: 'SCHOOL', production: 'COOKING', meals: 320, directFrom: ym(2023, 2) },
      { slug: 'larkans-forskola', name: 'Lärkans förskola', kind: 'PRESCHOOL', production: 'COOKING', meals: 60, directFrom: ym(2023, 9) },
      { slug: 'bjorkhagens-aldreboende', name: 'Björkhagens äldreboende', kind: 'ELDERLY_CARE', production: 'COOKING', meals: 90 },
    ],
  },
  {
    code: 'SE-0127',
    profile: { organic: { from: 0.45, to: 0.55 }, direct: { from: 0.2, to: 0.3 }, localOrigin: { from: 0.08, to: 0.12 }, knownOrigin: 0.4 },
    beyondTarget: true,
    kitchens: [
      { slug: 'kvarnbackens-centralkok', name: 'Kvarnbackens centralkök', kind: 'SCHOOL', production: 'CENTRAL', meals: 1400, directFrom: ym(2023, 4) },
      { slug: 'stenhagens-skola', name: 'Stenhagens skola', kind: 'SCHOOL', production: 'RECEIVING', meals: 380, central: 'kvarnbackens-centralkok' },
      { slug: 'ronnbarets-forskola', name: 'Rönnbärets förskola', kind: 'PRESCHOOL', production: 'COOKING', meals: 75 },
      { slug: 'ekangens-aldreboende', name: 'Ekängens äldreboende', kind: 'ELDERLY_CARE', production: 'COOKING', meals: 130, directFrom: ym(2024, 2) },
    ],
  },
];

/** Lines a municipality reports without naming the kitchen (an invoice extract at buyer level). */
export const BUYER_LEVEL_LINES = { municipalityCode: 'SE-2085', categories: ['other', 'herbs_spices.fresh_herbs'] };

// ─── Hubs ───────────────────────────────────────────────────────────────────────

export interface StoryHub {
  key: string;
  name: string;
  kind: 'DAY_CENTRE' | 'FOOD_HUB';
  municipalityCode: string;
  /** A kitchen whose location the hub shares. */
  kitchen?: string;
  operator: string;
  serves: string[];
  /** Municipalities whose producers deliver through the hub. */
  producersFrom: string[];
  deliveryDays: ('MON' | 'TUE' | 'WED' | 'THU' | 'FRI')[];
}

export const STORY_HUBS: StoryHub[] = [
  {
    key: 'hub:horten-solsiden',
    name: 'Solsiden dagsenter – leveransepunkt for lokalmat',
    kind: 'DAY_CENTRE',
    municipalityCode: 'NO-3901',
    kitchen: 'solsiden-dagsenter',
    operator: 'municipality:NO-3901',
    serves: ['NO-3901'],
    producersFrom: ['NO-3901', 'NO-3903', 'NO-3905', 'NO-3911'],
    deliveryDays: ['TUE', 'THU'],
  },
  {
    key: 'hub:dalarna',
    name: 'Dalarnas matnav',
    kind: 'FOOD_HUB',
    municipalityCode: 'SE-2081',
    operator: 'logistics:kyltransport',
    serves: ['SE-2080', 'SE-2081', 'SE-2085'],
    producersFrom: ['SE-2080', 'SE-2081', 'SE-2085', 'SE-2026', 'SE-2029', 'SE-2031', 'SE-2082', 'SE-2061', 'SE-2083', 'SE-2062'],
    deliveryDays: ['MON', 'WED', 'FRI'],
  },
];

// ─── Agreements ─────────────────────────────────────────────────────────────────

export interface StoryLot {
  number: string;
  title: string;
  categories: string[];
  estimatedQuantity: number;
  estimatedUnit: Unit;
  estimatedValue: number;
  deliveryFrequency: string;
  requiredCertifications?: CertificationScheme[];
  organicRequired?: boolean;
  /** Kitchen slugs delivered to; every public kitchen of the agreement's municipalities when absent. */
  kitchens?: string[];
  /** Wholesaler key, or "local-producer" for the lot awarded to a producer of the buyer's municipality. */
  awardedTo: string;
}

export interface StoryAgreement {
  key: string;
  buyer: string;
  title: string;
  municipalities: string[];
  periodStart: string;
  periodEnd: string;
  status: AgreementStatus;
  lots: StoryLot[];
}

const VEGETABLE_LEAVES = [
  'vegetables.cabbages.white_cabbage',
  'vegetables.cabbages.cauliflower',
  'vegetables.cabbages.broccoli',
  'vegetables.leafy.lettuce',
  'vegetables.leafy.spinach',
  'vegetables.fruiting.tomatoes',
  'vegetables.fruiting.cucumbers',
  'vegetables.mushrooms',
  'vegetables.processed.potato_products',
  'vegetables.processed.frozen',
];
const ROOT_LEAVES = ['vegetables.root.potatoes', 'vegetables.root.carrots', 'vegetables.root.beetroot', 'vegetables.root.swede', 'vegetables.root.onions'];
const FRUIT_LEAVES = ['fruit.apples', 'fruit.pears', 'fruit.plums', 'fruit.berries.strawberries', 'fruit.berries.blueberries', 'fruit.berries.raspberries'];
const DAIRY_LEAVES = ['dairy.milk', 'dairy.cream', 'dairy.butter', 'dairy.cheese', 'dairy.yoghurt', 'dairy.cultured'];
const HORTEN_SCHOOLS = ['sjoglimt-skole', 'furulia-skole', 'klovermarka-ungdomsskole', 'bakkehaug-skole', 'sjoglimt-sfo', 'furulia-sfo'];

export const STORY_AGREEMENTS: StoryAgreement[] = [
  {
    key: 'agreement:horten-fg-2020',
    buyer: 'municipality:NO-3901',
    title: 'Rammeavtale frukt og grønnsaker 2020–2023',
    municipalities: ['NO-3901'],
    periodStart: '2020-01-01',
    periodEnd: '2023-12-31',
    status: 'COMPLETE',
    lots: [
      {
        number: '1',
        title: 'Frukt og grønnsaker',
        categories: [...ROOT_LEAVES, ...VEGETABLE_LEAVES, ...FRUIT_LEAVES],
        estimatedQuantity: 180_000,
        estimatedUnit: 'KG',
        estimatedValue: 3_600_000,
        deliveryFrequency: '3 times a week',
        awardedTo: 'wholesaler:fjordgrossisten',
      },
    ],
  },
  {
    key: 'agreement:horten-fg-2024',
    buyer: 'municipality:NO-3901',
    title: 'Rammeavtale frukt og grønnsaker 2024–2027',
    municipalities: ['NO-3901'],
    periodStart: '2024-01-01',
    periodEnd: '2027-12-31',
    status: 'ACTIVE',
    lots: [
      {
        number: '1',
        title: 'Grønnsaker, frukt og bær',
        categories: [...VEGETABLE_LEAVES, 'fruit.pears', 'fruit.plums', 'fruit.berries.strawberries', 'fruit.berries.blueberries', 'fruit.berries.raspberries'],
        estimatedQuantity: 90_000,
        estimatedUnit: 'KG',
        estimatedValue: 2_400_000,
        deliveryFrequency: '3 times a week',
        awardedTo: 'wholesaler:fjordgrossisten',
      },
      {
        number: '2',
        title: 'Poteter og rotgrønnsaker',
        categories: ROOT_LEAVES,
        estimatedQuantity: 70_000,
        estimatedUnit: 'KG',
        estimatedValue: 800_000,
        deliveryFrequency: 'weekly',
        kitchens: ['fjordheim-sentralkjokken', ...HORTEN_SCHOOLS.slice(0, 3)],
        awardedTo: 'local-producer',
      },
      {
        number: '3',
        title: 'Økologisk frukt til skoler og SFO',
        categories: ['fruit.apples'],
        estimatedQuantity: 12_000,
        estimatedUnit: 'KG',
        estimatedValue: 420_000,
        deliveryFrequency: 'twice a week',
        requiredCertifications: ['EU_ORGANIC'],
        organicRequired: true,
        kitchens: HORTEN_SCHOOLS,
        awardedTo: 'wholesaler:fjordgrossisten',
      },
    ],
  },
  {
    key: 'agreement:halden-matvarer',
    buyer: 'municipality:NO-3101',
    title: 'Rammeavtale matvarer',
    municipalities: ['NO-3101'],
    periodStart: '2023-01-01',
    periodEnd: '2026-12-31',
    status: 'ACTIVE',
    lots: [
      {
        number: '1',
        title: 'Dagligvarer, frukt og grønt',
        categories: [
          ...ROOT_LEAVES,
          ...VEGETABLE_LEAVES,
          ...FRUIT_LEAVES,
          'cereals.bread',
          'cereals.flakes',
          'cereals.flour',
          'pulses.peas',
          'pulses.beans',
          'pulses.lentils',
        ],
        estimatedQuantity: 160_000,
        estimatedUnit: 'KG',
        estimatedValue: 4_100_000,
        deliveryFrequency: '3 times a week',
        awardedTo: 'wholesaler:fjordgrossisten',
      },
      {
        number: '2',
        title: 'Meieriprodukter',
        categories: DAIRY_LEAVES,
        estimatedQuantity: 110_000,
        estimatedUnit: 'L',
        estimatedValue: 2_300_000,
        deliveryFrequency: 'twice a week',
        requiredCertifications: ['NYT_NORGE'],
        awardedTo: 'wholesaler:fjordgrossisten',
      },
    ],
  },
  {
    key: 'agreement:sodertalje-livsmedel',
    buyer: 'municipality:SE-0181',
    title: 'Ramavtal livsmedel',
    municipalities: ['SE-0181'],
    periodStart: '2023-01-01',
    periodEnd: '2026-12-31',
    status: 'ACTIVE',
    lots: [
      {
        number: '1',
        title: 'Frukt och grönt',
        categories: [...ROOT_LEAVES, ...VEGETABLE_LEAVES, 'fruit.apples', 'fruit.pears'],
        estimatedQuantity: 260_000,
        estimatedUnit: 'KG',
        estimatedValue: 6_500_000,
        deliveryFrequency: '3 times a week',
        awardedTo: 'wholesaler:malardalen',
      },
      {
        number: '2',
        title: 'Mejeriprodukter',
        categories: DAIRY_LEAVES,
        estimatedQuantity: 320_000,
        estimatedUnit: 'L',
        estimatedValue: 6_900_000,
        deliveryFrequency: 'twice a week',
        requiredCertifications: ['KRAV'],
        organicRequired: true,
        awardedTo: 'wholesaler:malardalen',
      },
      {
        number: '3',
        title: 'Kött och chark',
        categories: ['meat.beef', 'meat.pork', 'meat.poultry.chicken', 'meat.processed'],
        estimatedQuantity: 60_000,
        estimatedUnit: 'KG',
        estimatedValue: 7_200_000,
        deliveryFrequency: 'twice a week',
        awardedTo: 'wholesaler:malardalen',
      },
      {
        number: '4',
        title: 'Fisk',
        categories: ['fish.cod', 'fish.herring', 'fish.salmon', 'fish.processed'],
        estimatedQuantity: 30_000,
        estimatedUnit: 'KG',
        estimatedValue: 3_900_000,
        deliveryFrequency: 'weekly',
        requiredCertifications: ['MSC'],
        awardedTo: 'wholesaler:malardalen',
      },
    ],
  },
  {
    key: 'agreement:dalarna-livsmedel',
    buyer: 'municipality:SE-2080',
    title: 'Gemensamt ramavtal livsmedel för Falun, Borlänge och Ludvika',
    municipalities: ['SE-2080', 'SE-2081', 'SE-2085'],
    periodStart: '2023-04-01',
    periodEnd: '2027-03-31',
    status: 'ACTIVE',
    lots: [
      {
        number: '1',
        title: 'Frukt och grönt',
        categories: [...ROOT_LEAVES, ...VEGETABLE_LEAVES, 'fruit.apples', 'fruit.pears', 'fruit.plums'],
        estimatedQuantity: 300_000,
        estimatedUnit: 'KG',
        estimatedValue: 7_400_000,
        deliveryFrequency: '3 times a week',
        awardedTo: 'wholesaler:bergslagsgrossen',
      },
      {
        number: '2',
        title: 'Mejeri',
        categories: DAIRY_LEAVES,
        estimatedQuantity: 420_000,
        estimatedUnit: 'L',
        estimatedValue: 8_800_000,
        deliveryFrequency: 'twice a week',
        awardedTo: 'wholesaler:bergslagsgrossen',
      },
      {
        number: '3',
        title: 'Kött och fågel',
        categories: ['meat.beef', 'meat.pork', 'meat.poultry.chicken', 'meat.processed'],
        estimatedQuantity: 90_000,
        estimatedUnit: 'KG',
        estimatedValue: 10_500_000,
        deliveryFrequency: 'twice a week',
        requiredCertifications: ['SVENSKT_SIGILL'],
        awardedTo: 'wholesaler:bergslagsgrossen',
      },
    ],
  },
];

// ─── Demands ────────────────────────────────────────────────────────────────────

export interface StoryDemand {
  /** Kitchen slug, or an organization key for a buyer-level demand. */
  kitchen?: string;
  buyer?: string;
  municipalityCode: string;
  category: string;
  title: string;
  description: Localized;
  quantity: number;
  unit: Unit;
  periodStart: string;
  periodEnd: string;
  route: ProcurementRoute;
  /** Agreement key and lot number for call-offs. */
  lot?: [string, string];
  status: DemandStatus;
  organicRequired?: boolean;
  requiredCertifications?: CertificationScheme[];
  deliveryFrequency?: string;
  internal?: boolean;
}

const AUTUMN_2027: Pick<StoryDemand, 'periodStart' | 'periodEnd'> = { periodStart: '2027-08-01', periodEnd: '2027-11-30' };

export const STORY_DEMANDS: StoryDemand[] = [
  {
    kitchen: 'sjoglimt-skole',
    municipalityCode: 'NO-3901',
    category: 'vegetables.root.potatoes',
    title: 'Poteter til skolemåltid høsten 2027',
    description: { nb: 'Matpoteter, vasket, levert ukentlig til skolekjøkkenet.', en: 'Table potatoes, washed, delivered weekly to the school kitchen.' },
    quantity: 1800,
    unit: 'KG',
    ...AUTUMN_2027,
    route: 'CALL_OFF',
    lot: ['agreement:horten-fg-2024', '2'],
    status: 'OPEN',
    deliveryFrequency: 'weekly',
  },
  {
    kitchen: 'klovermarka-ungdomsskole',
    municipalityCode: 'NO-3901',
    category: 'vegetables.root.carrots',
    title: 'Gulrøtter høsten 2027',
    description: { nb: 'Gulrøtter til råkost og varmmat.', en: 'Carrots for salads and hot meals.' },
    quantity: 600,
    unit: 'KG',
    ...AUTUMN_2027,
    route: 'CALL_OFF',
    lot: ['agreement:horten-fg-2024', '2'],
    status: 'OPEN',
    deliveryFrequency: 'weekly',
  },
  {
    kitchen: 'furulia-skole',
    municipalityCode: 'NO-3901',
    category: 'vegetables.root.swede',
    title: 'Kålrot høsten 2027',
    description: { nb: 'Kålrot til suppe og stappe.', en: 'Swede for soup and mash.' },
    quantity: 300,
    unit: 'KG',
    ...AUTUMN_2027,
    route: 'CALL_OFF',
    lot: ['agreement:horten-fg-2024', '2'],
    status: 'OPEN',
  },
  {
    kitchen: 'sjoglimt-skole',
    municipalityCode: 'NO-3901',
    category: 'vegetables.root.beetroot',
    title: 'Rødbeter høsten 2027',
    description: { nb: 'Rødbeter, gjerne økologiske.', en: 'Beetroot, organic preferred.' },
    quantity: 250,
    unit: 'KG',
    ...AUTUMN_2027,
    route: 'CALL_OFF',
    lot: ['agreement:horten-fg-2024', '2'],
    status: 'OPEN',
  },
  {
    kitchen: 'fjordheim-sentralkjokken',
    municipalityCode: 'NO-3901',
    category: 'meat.lamb',
    title: 'Lammekjøtt til fårikålsesongen 2027',
    description: { nb: 'Lammekjøtt i terninger fra lokale gårder.', en: 'Diced lamb for the autumn mutton-stew season.' },
    quantity: 400,
    unit: 'KG',
    periodStart: '2027-09-01',
    periodEnd: '2027-10-31',
    route: 'DIRECT_AWARD',
    status: 'OPEN',
  },
  {
    kitchen: 'solsiden-dagsenter',
    municipalityCode: 'NO-3901',
    category: 'honey',
    title: 'Honning fra lokale birøktere',
    description: { nb: 'Honning i småpakninger.', en: 'Honey in small packs.' },
    quantity: 40,
    unit: 'KG',
    periodStart: '2026-09-01',
    periodEnd: '2027-06-30',
    route: 'DIRECT_AWARD',
    status: 'MATCHED',
  },
  {
    buyer: 'municipality:NO-3901',
    municipalityCode: 'NO-3901',
    category: 'fish.cod',
    title: 'Markedsdialog: fersk torsk fra kystfiskere',
    description: { nb: 'Dialog med kystfiskere i Vestfold før en mulig konkurranse.', en: 'Dialogue with Vestfold coastal fishers before a possible tender.' },
    quantity: 2500,
    unit: 'KG',
    periodStart: '2027-01-01',
    periodEnd: '2027-12-31',
    route: 'MARKET_DIALOGUE',
    status: 'OPEN',
    internal: true,
  },
  {
    kitchen: 'lerkehaug-ungdomsskole',
    municipalityCode: 'NO-3101',
    category: 'eggs',
    title: 'Egg til skolekjøkkenet våren 2027',
    description: { nb: 'Egg fra frittgående høner.', en: 'Free-range eggs.' },
    quantity: 6000,
    unit: 'PIECE',
    periodStart: '2027-01-01',
    periodEnd: '2027-06-30',
    route: 'DIRECT_AWARD',
    status: 'OPEN',
    deliveryFrequency: 'weekly',
  },
  {
    kitchen: 'brattas-sentralkjokken',
    municipalityCode: 'NO-3101',
    category: 'vegetables.root.potatoes',
    title: 'Poteter høsten 2025',
    description: { nb: 'Poteter til sentralkjøkkenet.', en: 'Potatoes for the central kitchen.' },
    quantity: 9000,
    unit: 'KG',
    periodStart: '2025-08-01',
    periodEnd: '2025-12-31',
    route: 'CALL_OFF',
    lot: ['agreement:halden-matvarer', '1'],
    status: 'CLOSED',
  },
  {
    kitchen: 'ekbackeskolan',
    municipalityCode: 'SE-0181',
    category: 'pulses.beans',
    title: 'Svenska bönor till Diet for a Green Planet',
    description: { sv: 'Torkade svenska bönor, ekologiska.', en: 'Dried Swedish beans, organic.' },
    quantity: 800,
    unit: 'KG',
    periodStart: '2027-01-01',
    periodEnd: '2027-06-30',
    route: 'MARKET_DIALOGUE',
    status: 'OPEN',
    organicRequired: true,
  },
  {
    kitchen: 'masens-centralkok',
    municipalityCode: 'SE-0181',
    category: 'dairy.milk',
    title: 'Ekologisk mjölk 2027',
    description: { sv: 'KRAV-märkt mellanmjölk till förskolorna.', en: 'KRAV-labelled semi-skimmed milk for the preschools.' },
    quantity: 40_000,
    unit: 'L',
    periodStart: '2027-01-01',
    periodEnd: '2027-12-31',
    route: 'CALL_OFF',
    lot: ['agreement:sodertalje-livsmedel', '2'],
    status: 'MATCHED',
    organicRequired: true,
    requiredCertifications: ['KRAV'],
    deliveryFrequency: 'twice a week',
  },
  {
    kitchen: 'lindhagens-aldreboende',
    municipalityCode: 'SE-0181',
    category: 'fruit.berries.lingonberries',
    title: 'Lingon hösten 2027',
    description: { sv: 'Frysta lingon från närliggande skogar.', en: 'Frozen lingonberries from nearby forests.' },
    quantity: 200,
    unit: 'KG',
    periodStart: '2027-08-15',
    periodEnd: '2027-10-31',
    route: 'DIRECT_AWARD',
    status: 'OPEN',
  },
  {
    kitchen: 'granhagsgymnasiet',
    municipalityCode: 'SE-0181',
    category: 'vegetables.root.carrots',
    title: 'Morötter läsåret 2027/28',
    description: { sv: 'Morötter, gärna ekologiska.', en: 'Carrots, organic preferred.' },
    quantity: 3000,
    unit: 'KG',
    periodStart: '2027-08-15',
    periodEnd: '2028-06-15',
    route: 'CALL_OFF',
    lot: ['agreement:sodertalje-livsmedel', '1'],
    status: 'OPEN',
    internal: true,
  },
  {
    kitchen: 'kopparlundsskolan',
    municipalityCode: 'SE-2080',
    category: 'vegetables.root.potatoes',
    title: 'Ekologisk potatis hösten 2027',
    description: { sv: 'Ekologisk potatis från Dalarna via matnavet.', en: 'Organic potatoes from Dalarna through the food hub.' },
    quantity: 2500,
    unit: 'KG',
    ...AUTUMN_2027,
    route: 'CALL_OFF',
    lot: ['agreement:dalarna-livsmedel', '1'],
    status: 'OPEN',
    organicRequired: true,
  },
  {
    kitchen: 'hagabergs-aldreboende',
    municipalityCode: 'SE-2080',
    category: 'meat.game.elk',
    title: 'Älgkött hösten 2027',
    description: { sv: 'Älgfärs och grytbitar från jaktlag i Dalarna.', en: 'Minced and diced elk from Dalarna hunting teams.' },
    quantity: 150,
    unit: 'KG',
    periodStart: '2027-09-01',
    periodEnd: '2027-12-31',
    route: 'DIRECT_AWARD',
    status: 'OPEN',
  },
  {
    kitchen: 'stalbackaskolan',
    municipalityCode: 'SE-2081',
    category: 'fish.freshwater',
    title: 'Insjöfisk 2025',
    description: { sv: 'Abborre och gös från sjöar i Dalarna.', en: 'Perch and pike-perch from Dalarna lakes.' },
    quantity: 400,
    unit: 'KG',
    periodStart: '2025-05-01',
    periodEnd: '2025-10-31',
    route: 'DYNAMIC_PURCHASING',
    status: 'CLOSED',
  },
  {
    kitchen: 'gruvhagens-skola',
    municipalityCode: 'SE-2085',
    category: 'fruit.berries.lingonberries',
    title: 'Lingon till skolmåltiden',
    description: { sv: 'Lingon från lokala plockare.', en: 'Lingonberries from local pickers.' },
    quantity: 120,
    unit: 'KG',
    periodStart: '2026-09-01',
    periodEnd: '2026-11-30',
    route: 'MARKET_DIALOGUE',
    status: 'MATCHED',
  },
];

// ─── Indicators, observations, goals, projects ──────────────────────────────────

export const REPORTED_METHOD = 'reported to national statistics (demo figures)';
export const EXCHANGE_METHOD = 'annual average (approximate)';

/** Reported organic shares 2019–2025 (percent, invented for the demo). */
export const REPORTED_ORGANIC: { place: { municipalityCode: string } | { countryCode: string }; values: number[] }[] = [
  { place: { countryCode: 'SE' }, values: [38.1, 38.6, 37.9, 36.4, 35.8, 36.3, 37.0] },
  { place: { municipalityCode: 'SE-0181' }, values: [49.5, 51.2, 52.8, 54.1, 57.6, 62.0, 67.9] },
  { place: { municipalityCode: 'SE-2080' }, values: [19.8, 20.9, 22.3, 23.6, 24.5, 28.6, 34.7] },
  { place: { municipalityCode: 'SE-2081' }, values: [14.2, 15.0, 15.9, 16.8, 18.1, 23.0, 28.0] },
  { place: { municipalityCode: 'SE-2085' }, values: [12.3, 13.1, 14.0, 15.2, 16.0, 21.5, 27.6] },
  { place: { municipalityCode: 'NO-3901' }, values: [3.4, 3.9, 4.3, 4.9, 5.4, 7.9, 11.0] },
  { place: { municipalityCode: 'NO-3101' }, values: [2.6, 2.9, 3.1, 3.4, 3.8, 4.9, 10.1] },
];

/** Approximate annual averages, units of currency per euro. */
export const EXCHANGE_RATES: { key: string; countryCode: string; values: Record<number, number> }[] = [
  { key: 'exchange_rate_eur_nok', countryCode: 'NO', values: { 2023: 11.42, 2024: 11.63, 2025: 11.7 } },
  { key: 'exchange_rate_eur_sek', countryCode: 'SE', values: { 2023: 11.47, 2024: 11.43, 2025: 11.05 } },
];

export interface StoryProject {
  key: string;
  name: string;
  acronym?: string;
  description: Localized;
  periodStart: string;
  periodEnd: string;
  budget: number;
  currency: 'NOK' | 'SEK' | 'EUR';
  funder: string;
  lead?: string;
  partners: [string, string][];
  municipalities: string[];
}

export const STORY_PROJECTS: StoryProject[] = [
  {
    key: 'project:horten-lokalhandel',
    name: 'Horten lokalhandel',
    description: {
      nb: 'Horten kommunes arbeid for at flere lokale produsenter leverer direkte til kommunens kjøkken, med et dagsenter som leveransepunkt. Demopost: tall og periode er oppdiktet.',
      en: 'Horten municipality’s work to have more local producers deliver directly to its kitchens, with a day centre as delivery hub. Demo record: figures and period are invented.',
    },
    periodStart: '2023-01-01',
    periodEnd: '2026-12-31',
    budget: 1_800_000,
    currency: 'NOK',
    funder: 'Horten kommune (demo figure)',
    lead: 'municipality:NO-3901',
    partners: [
      ['municipality:NO-3901', 'lead'],
      ['cooperative:vestfold-lokalmat', 'producer network'],
    ],
    municipalities: ['NO-3901'],
  },
  {
    key: 'project:kismet',
    name: 'KISMET',
    acronym: 'KISMET',
    description: {
      sv: 'Interreg-projekt om hållbar offentlig mat kring Östersjön, med Södertälje kommun och BERAS-nätverket bland parterna. Demopost: tal och period är påhittade.',
      en: 'Interreg project on sustainable public food around the Baltic Sea, with Södertälje municipality and the BERAS network among its partners. Demo record: figures and period are invented.',
    },
    periodStart: '2023-01-01',
    periodEnd: '2026-12-31',
    budget: 2_500_000,
    currency: 'EUR',
    funder: 'Interreg (European Union)',
    partners: [
      ['municipality:SE-0181', 'partner'],
      ['ngo:beras', 'partner'],
    ],
    municipalities: ['SE-0181'],
  },
];

export interface StoryGoal {
  key: string;
  ownerKind: GoalOwnerKind;
  owner: { countryCode: string } | { municipalityCode: string } | { project: string };
  organization?: string;
  indicator: string;
  title: Localized;
  scope?: Localized;
  baseline: [number, number];
  target: [number, number];
  direction: GoalDirection;
  documentTitle: string;
}

const ILLUSTRATIVE = {
  en: 'Target figures are illustrative demo values, not quoted from the document.',
  nb: 'Måltallene er illustrerende demotall, ikke sitert fra dokumentet.',
  sv: 'Målvärdena är illustrativa demovärden, inte citerade ur dokumentet.',
};

export const STORY_GOALS: StoryGoal[] = [
  {
    key: 'goal:se-organic-2030',
    ownerKind: 'NATION',
    owner: { countryCode: 'SE' },
    indicator: 'organic_share_value',
    title: {
      en: '60 % of public food organic by 2030',
      nb: '60 % økologisk mat i offentlig sektor innen 2030',
      sv: '60 procent ekologiska livsmedel i offentlig sektor till 2030',
    },
    scope: { en: 'All public-sector food purchases in Sweden, by value.', sv: 'Alla offentliga livsmedelsinköp i Sverige, räknat i värde.' },
    baseline: [38.1, 2019],
    target: [60, 2030],
    direction: 'INCREASE',
    documentTitle: 'Sveriges nationella livsmedelsstrategi',
  },
  {
    key: 'goal:sodertalje-organic',
    ownerKind: 'MUNICIPALITY',
    owner: { municipalityCode: 'SE-0181' },
    organization: 'municipality:SE-0181',
    indicator: 'organic_share_value',
    title: { en: 'More organic food in Södertälje’s meals', nb: 'Mer økologisk mat i Södertäljes måltider', sv: 'Mer ekologisk mat i Södertäljes måltider' },
    scope: { ...ILLUSTRATIVE },
    baseline: [49.5, 2019],
    target: [75, 2030],
    direction: 'INCREASE',
    documentTitle: 'Södertälje kommuns livsmedelsstrategi',
  },
  {
    key: 'goal:falun-organic',
    ownerKind: 'MUNICIPALITY',
    owner: { municipalityCode: 'SE-2080' },
    organization: 'municipality:SE-2080',
    indicator: 'organic_share_value',
    title: { en: 'Organic share in Falun’s public meals', nb: 'Økologisk andel i Faluns offentlige måltider', sv: 'Ekologisk andel i Falu kommuns måltider' },
    scope: { ...ILLUSTRATIVE },
    baseline: [23.6, 2022],
    target: [50, 2030],
    direction: 'INCREASE',
    documentTitle: 'Falu kommuns miljöprogram',
  },
  {
    key: 'goal:falun-local',
    ownerKind: 'MUNICIPALITY',
    owner: { municipalityCode: 'SE-2080' },
    organization: 'municipality:SE-2080',
    indicator: 'local_share_value',
    title: {
      en: 'More food from Dalarna producers in Falun',
      nb: 'Mer mat fra produsenter i Dalarna i Falun',
      sv: 'Mer mat från Dalarnas producenter i Falu kommun',
    },
    scope: { ...ILLUSTRATIVE },
    baseline: [2.5, 2022],
    target: [25, 2030],
    direction: 'INCREASE',
    documentTitle: 'Falu kommuns miljöprogram',
  },
  {
    key: 'goal:horten-local',
    ownerKind: 'PROJECT',
    owner: { project: 'project:horten-lokalhandel' },
    organization: 'municipality:NO-3901',
    indicator: 'local_share_value',
    title: { en: 'Local share of food in Horten’s kitchens', nb: 'Lokal andel av maten i Hortens kjøkken', sv: 'Lokal andel av maten i Hortens kök' },
    scope: { ...ILLUSTRATIVE },
    baseline: [4, 2022],
    target: [40, 2027],
    direction: 'INCREASE',
    documentTitle: 'Horten lokalhandel – prosjektbeskrivelse',
  },
  {
    key: 'goal:horten-tender-ready',
    ownerKind: 'PROJECT',
    owner: { project: 'project:horten-lokalhandel' },
    organization: 'municipality:NO-3901',
    indicator: 'tender_ready_producers_per_lot',
    title: {
      en: 'At least 5 tender-ready producers per lot',
      nb: 'Minst 5 tilbudsklare produsenter per delkontrakt',
      sv: 'Minst 5 anbudsredo producenter per anbudsområde',
    },
    scope: { ...ILLUSTRATIVE },
    baseline: [3, 2023],
    target: [5, 2026],
    direction: 'INCREASE',
    documentTitle: 'Horten lokalhandel – prosjektbeskrivelse',
  },
  {
    key: 'goal:horten-direct-kitchens',
    ownerKind: 'PROJECT',
    owner: { project: 'project:horten-lokalhandel' },
    organization: 'municipality:NO-3901',
    indicator: 'kitchens_with_direct_producer',
    title: {
      en: '10 kitchens with a producer as direct supplier',
      nb: '10 kjøkken med direkte leveranse fra en produsent',
      sv: '10 kök med direktleverans från en producent',
    },
    scope: { ...ILLUSTRATIVE },
    baseline: [1, 2022],
    target: [10, 2026],
    direction: 'INCREASE',
    documentTitle: 'Horten lokalhandel – prosjektbeskrivelse',
  },
  {
    key: 'goal:kismet-near',
    ownerKind: 'PROJECT',
    owner: { project: 'project:kismet' },
    indicator: 'local_share_value_50km',
    title: {
      en: 'KISMET: more food from producers within 50 km',
      nb: 'KISMET: mer mat fra produsenter innen 50 km',
      sv: 'KISMET: mer mat från producenter inom 50 km',
    },
    scope: { ...ILLUSTRATIVE },
    baseline: [20, 2022],
    target: [35, 2026],
    direction: 'INCREASE',
    documentTitle: 'KISMET – projektbeskrivning',
  },
];

// ─── The Baltic places ──────────────────────────────────────────────────────────

/**
 * One municipality in each of five more countries, with a small story of its own: a handful of
 * producers inside the municipality, three kitchens buying for one year (2025) in the country's
 * currency, a wholesaler and one goal. Every name is invented (most say "example" in the local
 * language: Esimerkki-, Eksempel-, Näidis-, Pavyzd-, Beispiel-/Muster-); the places are real.
 * They are written after the story, so none of its rows or figures change.
 */
export interface BalticProducer {
  name: string;
  template: TemplateKey;
  categories: string[];
  organic: boolean;
  tenderReady: boolean;
}

export interface BalticPlace {
  code: string;
  countryCode: BalticCountry;
  currency: Currency;
  /** The language of names and descriptions. */
  lang: Lang;
  /** Price level against the story's NOK prices (EUR ≈ NOK ÷ 11.6, DKK ≈ NOK × 0.64). */
  priceFactor: number;
  /** The national organic label used beside the EU one, if any (Luomu, Ø-mærket). */
  organicLabel?: CertificationScheme;
  /** ISO 6523 scheme of the country's company numbers; null where the demo gives none (Germany). */
  orgScheme: '0037' | '0184' | '0191' | '0200' | null;
  municipality: string;
  wholesaler: { key: string; name: string; website: string };
  /** Company form of a producer's legal body: placed after the name, or before it (Lithuania's UAB). */
  companyForm: { text: string; before?: boolean };
  /** Producer descriptions: "{products}" is replaced by the product names in the place's language. */
  describe: { local: string; en: string };
  /** Descriptions in the place's other official languages (Turku/Åbo: Swedish). */
  describeAlso?: Localized;
  postalCodes: string[];
  streets: string[];
  servingDays: Partial<Record<KitchenKind, number>>;
  profile: PurchaseProfile;
  producers: BalticProducer[];
  kitchens: StoryKitchen[];
}

/** January 2025: the Baltic places report one year of lines. */
export const BALTIC_FIRST_MONTH = ym(2025, 1);

export const BALTIC_PLACES: BalticPlace[] = [
  {
    code: 'FI-853',
    countryCode: 'FI',
    currency: 'EUR',
    lang: 'fi',
    priceFactor: 1 / 11.6,
    organicLabel: 'LUOMU',
    orgScheme: '0037',
    municipality: 'Turun kaupunki',
    wholesaler: { key: 'wholesaler:esimerkkitukku', name: 'Esimerkkitukku Oy', website: 'https://esimerkkitukku.example.org' },
    companyForm: { text: 'Oy' },
    describe: {
      local: 'Keksitty esimerkkituottaja (demoaineisto), Turku. Tuotteet: {products}.',
      en: 'Invented example producer (demo data), Turku. Products: {products}.',
    },
    describeAlso: { sv: 'Påhittad exempelproducent (demodata), Åbo. Produkter: {products}.' },
    postalCodes: ['20100', '20200', '20300', '20380', '20540', '20660', '20750', '20880', '20960'],
    streets: ['Esimerkkikatu', 'Mallitie', 'Koekuja', 'Exempelgatan'],
    servingDays: { SCHOOL: 188, PRESCHOOL: 245, ELDERLY_CARE: 365 },
    profile: { organic: { from: 0.1, to: 0.16 }, direct: { from: 0.25, to: 0.45 }, localOrigin: { from: 0.15, to: 0.22 }, knownOrigin: 0.4 },
    producers: [
      {
        name: 'Esimerkkilän tila',
        template: 'vegetables',
        categories: ['vegetables.root.potatoes', 'vegetables.root.carrots', 'vegetables.root.onions', 'vegetables.cabbages.white_cabbage'],
        organic: true,
        tenderReady: true,
      },
      {
        name: 'Mallinmäen kasvihuone',
        template: 'greenhouse',
        categories: ['vegetables.fruiting.tomatoes', 'vegetables.fruiting.cucumbers', 'vegetables.leafy.lettuce'],
        organic: false,
        tenderReady: true,
      },
      { name: 'Exempelby gård', template: 'livestock', categories: ['meat.beef', 'meat.pork'], organic: false, tenderReady: false },
      { name: 'Koemeijeri Aura', template: 'dairy', categories: ['dairy.milk', 'dairy.yoghurt', 'dairy.cheese'], organic: true, tenderReady: true },
      { name: 'Skärgårdens Provfiske', template: 'seafish', categories: ['fish.herring', 'fish.processed'], organic: false, tenderReady: false },
      { name: 'Leipomo Esimerkki', template: 'bakery', categories: ['cereals.bread', 'cereals.cakes'], organic: false, tenderReady: true },
    ],
    kitchens: [
      { slug: 'esimerkkimaen-koulu', name: 'Esimerkkimäen koulu', kind: 'SCHOOL', production: 'COOKING', meals: 420, directFrom: ym(2025, 1) },
      { slug: 'paivakoti-mallinen', name: 'Päiväkoti Mallinen', kind: 'PRESCHOOL', production: 'COOKING', meals: 85, directFrom: ym(2025, 3) },
      {
        slug: 'palvelukeskus-exempel',
        name: 'Palvelukeskus Esimerkki – Servicecentret Exempel',
        kind: 'ELDERLY_CARE',
        production: 'COOKING',
        meals: 150,
        directFrom: ym(2025, 1),
      },
    ],
  },
  {
    code: 'DK-751',
    countryCode: 'DK',
    currency: 'DKK',
    lang: 'da',
    priceFactor: 0.64,
    organicLabel: 'OE_MAERKET',
    orgScheme: '0184',
    municipality: 'Aarhus Kommune',
    wholesaler: { key: 'wholesaler:provegrossisten', name: 'Prøvegrossisten A/S', website: 'https://provegrossisten.example.org' },
    companyForm: { text: 'ApS' },
    describe: {
      local: 'Opdigtet eksempelproducent (demodata), Aarhus. Produkter: {products}.',
      en: 'Invented example producer (demo data), Aarhus. Products: {products}.',
    },
    postalCodes: ['8000', '8200', '8210', '8220', '8230', '8240', '8250', '8260', '8270', '8310', '8320', '8330', '8361', '8381', '8382'],
    streets: ['Eksempelvej', 'Prøvegade', 'Modelstien', 'Skabelonvænget'],
    servingDays: { SCHOOL: 200, PRESCHOOL: 245, ELDERLY_CARE: 365 },
    profile: { organic: { from: 0.5, to: 0.62 }, direct: { from: 0.2, to: 0.4 }, localOrigin: { from: 0.12, to: 0.18 }, knownOrigin: 0.4 },
    producers: [
      {
        name: 'Eksempelgården',
        template: 'vegetables',
        categories: ['vegetables.root.potatoes', 'vegetables.root.carrots', 'vegetables.root.beetroot', 'vegetables.cabbages.white_cabbage'],
        organic: true,
        tenderReady: true,
      },
      { name: 'Prøvehøj Mejeri', template: 'dairy', categories: ['dairy.milk', 'dairy.cultured', 'dairy.cheese'], organic: true, tenderReady: true },
      { name: 'Modelbjerg Æg', template: 'eggs', categories: ['eggs'], organic: true, tenderReady: false },
      { name: 'Skabelonbageriet', template: 'bakery', categories: ['cereals.bread', 'cereals.cakes'], organic: true, tenderReady: true },
      { name: 'Eksempelvig Fiskeri', template: 'seafish', categories: ['fish.herring', 'fish.cod'], organic: false, tenderReady: false },
    ],
    kitchens: [
      { slug: 'eksempelskolen', name: 'Eksempelskolen', kind: 'SCHOOL', production: 'COOKING', meals: 480, directFrom: ym(2025, 1) },
      { slug: 'bornehuset-proven', name: 'Børnehuset Prøven', kind: 'PRESCHOOL', production: 'COOKING', meals: 90, directFrom: ym(2025, 2) },
      { slug: 'plejecenter-modelhoj', name: 'Plejecenter Modelhøj', kind: 'ELDERLY_CARE', production: 'COOKING', meals: 170, directFrom: ym(2025, 1) },
    ],
  },
  {
    code: 'EE-0793',
    countryCode: 'EE',
    currency: 'EUR',
    lang: 'et',
    priceFactor: 1 / 11.6,
    orgScheme: '0191',
    municipality: 'Tartu linn',
    wholesaler: { key: 'wholesaler:naidishulgi', name: 'Näidishulgi OÜ', website: 'https://naidishulgi.example.org' },
    companyForm: { text: 'OÜ' },
    describe: {
      local: 'Väljamõeldud näidistootja (demoandmed), Tartu. Tooted: {products}.',
      en: 'Invented example producer (demo data), Tartu. Products: {products}.',
    },
    postalCodes: ['50090', '50106', '50303', '50411', '50708', '51003', '51006', '51014', '51013'],
    streets: ['Näidise tänav', 'Proovi põik', 'Mudeli tee', 'Katse puiestee'],
    servingDays: { SCHOOL: 175, PRESCHOOL: 245, ELDERLY_CARE: 365 },
    profile: { organic: { from: 0.08, to: 0.14 }, direct: { from: 0.2, to: 0.4 }, localOrigin: { from: 0.15, to: 0.2 }, knownOrigin: 0.35 },
    producers: [
      {
        name: 'Näidise talu',
        template: 'vegetables',
        categories: ['vegetables.root.potatoes', 'vegetables.root.carrots', 'vegetables.root.beetroot', 'vegetables.cabbages.white_cabbage'],
        organic: true,
        tenderReady: true,
      },
      { name: 'Proovi Pagarikoda', template: 'bakery', categories: ['cereals.bread', 'cereals.cakes'], organic: false, tenderReady: true },
      { name: 'Emajõe Näidiskala', template: 'lakefish', categories: ['fish.freshwater'], organic: false, tenderReady: false },
      { name: 'Mudeli Meierei', template: 'dairy', categories: ['dairy.milk', 'dairy.cultured', 'dairy.cheese'], organic: false, tenderReady: true },
      { name: 'Katsemäe Mesila', template: 'honey', categories: ['honey'], organic: true, tenderReady: false },
    ],
    kitchens: [
      { slug: 'naidise-kool', name: 'Näidise Kool', kind: 'SCHOOL', production: 'COOKING', meals: 450, directFrom: ym(2025, 1) },
      { slug: 'lasteaed-proovike', name: 'Lasteaed Proovike', kind: 'PRESCHOOL', production: 'COOKING', meals: 100, directFrom: ym(2025, 4) },
      { slug: 'hooldekodu-mudel', name: 'Hooldekodu Mudel', kind: 'ELDERLY_CARE', production: 'COOKING', meals: 95, directFrom: ym(2025, 1) },
    ],
  },
  {
    code: 'LT-13',
    countryCode: 'LT',
    currency: 'EUR',
    lang: 'lt',
    priceFactor: 1 / 11.6,
    orgScheme: '0200',
    municipality: 'Vilniaus miesto savivaldybė',
    wholesaler: { key: 'wholesaler:pavyzdine-didmena', name: 'UAB „Pavyzdinė didmena“', website: 'https://pavyzdine-didmena.example.org' },
    companyForm: { text: 'UAB', before: true },
    describe: {
      local: 'Išgalvotas pavyzdinis gamintojas (demonstraciniai duomenys), Vilnius. Produktai: {products}.',
      en: 'Invented example producer (demo data), Vilnius. Products: {products}.',
    },
    postalCodes: ['01100', '03100', '04100', '06100', '08100', '09100', '10100', '12100', '14100'],
    streets: ['Pavyzdžio g.', 'Bandymo al.', 'Modelio skg.', 'Šablono g.'],
    servingDays: { SCHOOL: 180, PRESCHOOL: 240, ELDERLY_CARE: 365 },
    profile: { organic: { from: 0.05, to: 0.09 }, direct: { from: 0.2, to: 0.4 }, localOrigin: { from: 0.12, to: 0.18 }, knownOrigin: 0.35 },
    producers: [
      {
        name: 'Pavyzdžių ūkis',
        template: 'vegetables',
        categories: ['vegetables.root.potatoes', 'vegetables.root.carrots', 'vegetables.root.beetroot', 'vegetables.cabbages.white_cabbage'],
        organic: true,
        tenderReady: true,
      },
      {
        name: 'Bandomasis šiltnamis',
        template: 'greenhouse',
        categories: ['vegetables.fruiting.tomatoes', 'vegetables.fruiting.cucumbers', 'vegetables.leafy.lettuce'],
        organic: false,
        tenderReady: true,
      },
      { name: 'Pavyzdinė kepykla', template: 'bakery', categories: ['cereals.bread', 'cereals.cakes'], organic: false, tenderReady: true },
      { name: 'Neries pavyzdžių pieninė', template: 'dairy', categories: ['dairy.milk', 'dairy.cultured', 'dairy.cheese'], organic: false, tenderReady: true },
      { name: 'Šablonų bitynas', template: 'honey', categories: ['honey'], organic: true, tenderReady: false },
    ],
    kitchens: [
      { slug: 'pavyzdziu-progimnazija', name: 'Pavyzdžių progimnazija', kind: 'SCHOOL', production: 'COOKING', meals: 520, directFrom: ym(2025, 1) },
      { slug: 'darzelis-pavyzdelis', name: 'Lopšelis-darželis „Pavyzdėlis“', kind: 'PRESCHOOL', production: 'COOKING', meals: 110, directFrom: ym(2025, 3) },
      { slug: 'senjoru-namai-pavyzdys', name: 'Senjorų namai „Pavyzdys“', kind: 'ELDERLY_CARE', production: 'COOKING', meals: 120, directFrom: ym(2025, 1) },
    ],
  },
  {
    code: 'DE-13003',
    countryCode: 'DE',
    currency: 'EUR',
    lang: 'de',
    priceFactor: 1 / 11.6,
    orgScheme: null,
    municipality: 'Hanse- und Universitätsstadt Rostock',
    wholesaler: { key: 'wholesaler:beispiel-grosshandel', name: 'Beispiel-Großhandel GmbH', website: 'https://beispiel-grosshandel.example.org' },
    companyForm: { text: 'GmbH' },
    describe: {
      local: 'Erfundener Beispielerzeuger (Demodaten), Rostock. Produkte: {products}.',
      en: 'Invented example producer (demo data), Rostock. Products: {products}.',
    },
    postalCodes: ['18055', '18057', '18059', '18069', '18106', '18107', '18109', '18119', '18146', '18147'],
    streets: ['Beispielstraße', 'Musterweg', 'Probeallee', 'Am Exempelhof'],
    servingDays: { SCHOOL: 185, PRESCHOOL: 245, ELDERLY_CARE: 365 },
    profile: { organic: { from: 0.14, to: 0.2 }, direct: { from: 0.2, to: 0.4 }, localOrigin: { from: 0.12, to: 0.18 }, knownOrigin: 0.35 },
    producers: [
      {
        name: 'Beispielhof Warnow',
        template: 'vegetables',
        categories: ['vegetables.root.potatoes', 'vegetables.root.carrots', 'vegetables.root.onions', 'vegetables.cabbages.white_cabbage'],
        organic: true,
        tenderReady: true,
      },
      {
        name: 'Musterfischerei Warnemünde',
        template: 'seafish',
        categories: ['fish.herring', 'fish.cod', 'fish.processed'],
        organic: false,
        tenderReady: true,
      },
      { name: 'Bäckerei Beispiel', template: 'bakery', categories: ['cereals.bread', 'cereals.cakes'], organic: false, tenderReady: true },
      { name: 'Mustermolkerei Gehlsdorf', template: 'dairy', categories: ['dairy.milk', 'dairy.yoghurt', 'dairy.cheese'], organic: true, tenderReady: true },
      { name: 'Geflügelhof Probstei', template: 'eggs', categories: ['eggs'], organic: false, tenderReady: false },
    ],
    kitchens: [
      { slug: 'beispielschule-warnow', name: 'Beispielschule an der Warnow', kind: 'SCHOOL', production: 'COOKING', meals: 480, directFrom: ym(2025, 1) },
      { slug: 'kita-musterstern', name: 'Kita Musterstern', kind: 'PRESCHOOL', production: 'COOKING', meals: 95, directFrom: ym(2025, 2) },
      {
        slug: 'seniorenheim-beispielpark',
        name: 'Seniorenheim am Beispielpark',
        kind: 'ELDERLY_CARE',
        production: 'COOKING',
        meals: 130,
        directFrom: ym(2025, 1),
      },
    ],
  },
];

const BALTIC_ILLUSTRATIVE = 'Target figures are illustrative demo values; the goal is invented.';

/** One goal per Baltic place, owned by its municipality (invented goals, illustrative figures). */
export const BALTIC_GOALS: StoryGoal[] = [
  {
    key: 'goal:turku-local',
    ownerKind: 'MUNICIPALITY',
    owner: { municipalityCode: 'FI-853' },
    organization: 'municipality:FI-853',
    indicator: 'local_share_value',
    title: {
      en: 'More food from Southwest Finland producers in Turku’s meals',
      fi: 'Lisää varsinaissuomalaista lähiruokaa Turun aterioihin',
      sv: 'Mer närmat från Egentliga Finland i Åbos måltider',
    },
    scope: { en: BALTIC_ILLUSTRATIVE, fi: 'Tavoitearvot ovat keksittyjä demoarvoja.' },
    baseline: [10, 2022],
    target: [30, 2030],
    direction: 'INCREASE',
    documentTitle: 'Esimerkki: Turun ruokapalveluiden lähiruokaohjelma (demo)',
  },
  {
    key: 'goal:aarhus-organic',
    ownerKind: 'MUNICIPALITY',
    owner: { municipalityCode: 'DK-751' },
    organization: 'municipality:DK-751',
    indicator: 'organic_share_value',
    title: { en: 'Organic share in Aarhus’s public meals', da: 'Økologiandel i Aarhus Kommunes måltider' },
    scope: { en: BALTIC_ILLUSTRATIVE, da: 'Målværdierne er opdigtede demoværdier.' },
    baseline: [60, 2022],
    target: [90, 2030],
    direction: 'INCREASE',
    documentTitle: 'Eksempel: Aarhus Kommunes madpolitik (demo)',
  },
  {
    key: 'goal:tartu-organic',
    ownerKind: 'MUNICIPALITY',
    owner: { municipalityCode: 'EE-0793' },
    organization: 'municipality:EE-0793',
    indicator: 'organic_share_value',
    title: { en: 'More organic food in Tartu’s schools and care homes', et: 'Rohkem mahetoitu Tartu koolides ja hooldekodudes' },
    scope: { en: BALTIC_ILLUSTRATIVE, et: 'Sihtväärtused on väljamõeldud näidisväärtused.' },
    baseline: [8, 2022],
    target: [25, 2030],
    direction: 'INCREASE',
    documentTitle: 'Näide: Tartu toitlustuse arengukava (demo)',
  },
  {
    key: 'goal:vilnius-local',
    ownerKind: 'MUNICIPALITY',
    owner: { municipalityCode: 'LT-13' },
    organization: 'municipality:LT-13',
    indicator: 'local_share_value',
    title: { en: 'More food from Vilnius County producers in the city’s kitchens', lt: 'Daugiau Vilniaus apskrities gamintojų maisto miesto virtuvėse' },
    scope: { en: BALTIC_ILLUSTRATIVE, lt: 'Tikslinės reikšmės yra išgalvotos demonstracinės reikšmės.' },
    baseline: [8, 2022],
    target: [25, 2030],
    direction: 'INCREASE',
    documentTitle: 'Pavyzdys: Vilniaus maitinimo strategija (demo)',
  },
  {
    key: 'goal:rostock-organic',
    ownerKind: 'MUNICIPALITY',
    owner: { municipalityCode: 'DE-13003' },
    organization: 'municipality:DE-13003',
    indicator: 'organic_share_value',
    title: { en: 'Organic share in Rostock’s communal catering', de: 'Bio-Anteil in der Gemeinschaftsverpflegung Rostocks' },
    scope: { en: BALTIC_ILLUSTRATIVE, de: 'Die Zielwerte sind erfundene Demowerte.' },
    baseline: [12, 2022],
    target: [30, 2030],
    direction: 'INCREASE',
    documentTitle: 'Beispiel: Ernährungsstrategie der Hansestadt Rostock (demo)',
  },
];

export const DEMO_SOURCE = {
  key: 'demo',
  name: 'Food Commons demo data',
  publisher: 'Food Commons',
  licence: 'CC0-1.0',
  attribution: 'Demo data: producers, kitchens, companies, people and all figures are invented; places, municipality codes and category codes are real.',
};
