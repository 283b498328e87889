import { describe, expect, it } from 'vitest';
import { binShares, populationStabilityIndex } from './psi.js';

describe('populationStabilityIndex', () => {
  it('is zero for identical distributions', () => {
    expect(populationStabilityIndex([0.25, 0.25, 0.5], [0.25, 0.25, 0.5])).toBe(0);
  });

  it('matches the definition for a shifted distribution', () => {
    const expected = [0.5, 0.5];
    const observed = [0.2, 0.8];
    const byHand = (0.2 - 0.5) * Math.log(0.2 / 0.5) + (0.8 - 0.5) * Math.log(0.8 / 0.5);
    expect(populationStabilityIndex(expected, observed)).toBeCloseTo(byHand, 12);
    expect(byHand).toBeGreaterThan(0.2);
  });

  it('stays finite when a bin is empty on one side', () => {
    expect(Number.isFinite(populationStabilityIndex([0, 1], [1, 0]))).toBe(true);
  });

  it('refuses mismatched bins', () => {
    expect(() => populationStabilityIndex([1], [0.5, 0.5])).toThrow(/same bins/);
  });
});

describe('binShares', () => {
  it('puts each value in the bin whose upper edge it does not exceed', () => {
    expect(binShares([1, 2, 2.5, 10, Number.NaN], [2, 5])).toEqual([0.5, 0.25, 0.25]);
  });

  it('gives zeros for no values', () => {
    expect(binShares([], [1])).toEqual([0, 0]);
  });
});
