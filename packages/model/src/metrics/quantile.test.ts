import { describe, expect, it } from 'vitest';
import { quantileOf } from './quantile.js';

describe('quantileOf', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantileOf([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantileOf([10, 0], 0.1)).toBeCloseTo(1, 12);
    expect(quantileOf([5], 0.9)).toBe(5);
  });

  it('returns the extremes at levels 0 and 1', () => {
    expect(quantileOf([4, -2, 7], 0)).toBe(-2);
    expect(quantileOf([4, -2, 7], 1)).toBe(7);
  });

  it('refuses no values and levels outside [0, 1]', () => {
    expect(() => quantileOf([], 0.5)).toThrow(/zero values/);
    expect(() => quantileOf([1], 1.5)).toThrow(/expected 0 ≤ alpha ≤ 1/);
  });
});
