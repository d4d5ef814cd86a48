import type { Unit } from '../generated/prisma/enums.js';

/** A factor from a unit to kilograms, for one category (and its descendants) or for all (null). */
export interface UnitFactor {
  categoryCode: string | null;
  unit: Unit;
  kgPerUnit: number;
  note: string;
}

/** Ancestors of a dotted category code, nearest first: "dairy.milk" → ["dairy.milk", "dairy"]. */
export function categoryLineage(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/** The reference factors. Mass units are exact; the others are typical densities and weights. */
export const DEFAULT_UNIT_FACTORS: UnitFactor[] = [
  { categoryCode: null, unit: 'KG', kgPerUnit: 1, note: 'definition' },
  { categoryCode: null, unit: 'G', kgPerUnit: 0.001, note: 'definition' },
  { categoryCode: null, unit: 'TONNE', kgPerUnit: 1000, note: 'definition' },
  ...(
    [
      ['dairy.milk', 1.03, 'density of milk ≈ 1.03 kg/l'],
      ['dairy.cream', 1.01, 'density of cream ≈ 1.01 kg/l'],
      ['dairy.cultured', 1.03, 'density of cultured milk ≈ 1.03 kg/l'],
      ['dairy.yoghurt', 1.04, 'density of yoghurt ≈ 1.04 kg/l'],
      ['drinks', 1.04, 'density of fruit juice ≈ 1.04 kg/l'],
      ['drinks.cordials', 1.25, 'density of berry concentrate ≈ 1.25 kg/l'],
      ['oils', 0.92, 'density of vegetable oil ≈ 0.92 kg/l'],
      ['honey', 1.42, 'density of honey ≈ 1.42 kg/l'],
      ['prepared.soups', 1.0, 'soup ≈ 1.0 kg/l'],
    ] as const
  ).flatMap(([categoryCode, kgPerLitre, note]) => [
    { categoryCode, unit: 'L' as const, kgPerUnit: kgPerLitre, note },
    { categoryCode, unit: 'DL' as const, kgPerUnit: kgPerLitre / 10, note },
    { categoryCode, unit: 'ML' as const, kgPerUnit: kgPerLitre / 1000, note },
  ]),
  { categoryCode: 'eggs', unit: 'PIECE', kgPerUnit: 0.06, note: 'a medium egg ≈ 60 g' },
  { categoryCode: 'eggs', unit: 'DOZEN', kgPerUnit: 0.72, note: '12 medium eggs ≈ 720 g' },
  { categoryCode: 'cereals.bread', unit: 'PIECE', kgPerUnit: 0.75, note: 'a standard loaf ≈ 750 g' },
];

/** Converts quantities to kilograms through the most specific factor for the category. */
export class UnitTable {
  private readonly byKey = new Map<string, number>();

  constructor(factors: Iterable<Pick<UnitFactor, 'categoryCode' | 'unit' | 'kgPerUnit'>>) {
    for (const f of factors) this.byKey.set(`${f.categoryCode ?? ''}|${f.unit}`, Number(f.kgPerUnit));
  }

  /** Kilograms per unit for a category, or undefined when no factor applies. */
  factor(categoryCode: string, unit: Unit): number | undefined {
    for (const code of categoryLineage(categoryCode)) {
      const f = this.byKey.get(`${code}|${unit}`);
      if (f !== undefined) return f;
    }
    return this.byKey.get(`|${unit}`);
  }

  /** The quantity in kilograms (3 decimals), or null when it cannot be converted. */
  toKg(categoryCode: string, unit: Unit | null | undefined, quantity: number | null | undefined): number | null {
    if (unit == null || quantity == null) return null;
    const f = this.factor(categoryCode, unit);
    return f === undefined ? null : Math.round(quantity * f * 1000) / 1000;
  }
}
