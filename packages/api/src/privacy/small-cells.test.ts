import { describe, expect, it } from 'vitest';
import { SUPPRESSION_MIN_SUPPLIERS, cellIsVisible } from './small-cells.js';

describe('small statistics cells', () => {
  const anyone = {};
  const orgWithPrivateKey = { privateOrganizationId: 7 };

  it('are hidden from the public below three distinct suppliers and shown from three', () => {
    expect(SUPPRESSION_MIN_SUPPLIERS).toBe(3);
    expect([0, 1, 2, 3, 4].map((suppliers) => cellIsVisible({ suppliers }, anyone))).toEqual([false, false, false, true, true]);
  });

  it('are shown to the organization with read:private only when the whole cell is its own', () => {
    expect(cellIsVisible({ suppliers: 1, own: true }, orgWithPrivateKey)).toBe(true);
    expect(cellIsVisible({ suppliers: 1, own: false }, orgWithPrivateKey)).toBe(false);
    expect(cellIsVisible({ suppliers: 1, own: null }, orgWithPrivateKey)).toBe(false);
    // Owning the lines is not enough without a key that may read private data.
    expect(cellIsVisible({ suppliers: 1, own: true }, anyone)).toBe(false);
  });

  it('are counted in internal aggregates, which publish only figures of many cells', () => {
    expect(cellIsVisible({ suppliers: 1 }, { unsuppressed: true })).toBe(true);
  });
});
