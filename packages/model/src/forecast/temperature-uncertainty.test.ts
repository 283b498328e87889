import { describe, expect, it } from 'vitest';
import { temperatureShifts } from './temperature-uncertainty.js';

const expectation = (f: (maxC: number) => number, sigma: number): number =>
  temperatureShifts({ maxTempSigmaC: sigma, minTempSigmaC: 0.7 * sigma }).reduce(
    (sum, { shift, weight }) => sum + weight * f(shift.max),
    0,
  );

describe('temperatureShifts', () => {
  it('has weights summing to 1 and keeps a linear response unchanged', () => {
    expect(expectation(() => 1, 1)).toBeCloseTo(1, 12);
    expect(expectation((t) => 3000 + 40 * t, 1.3)).toBeCloseTo(3000, 9);
  });

  it('raises a convex response by its curvature × σ² (exact up to degree 9)', () => {
    expect(expectation((t) => 5 * t * t, 1)).toBeCloseTo(5, 9);
    expect(expectation((t) => t ** 4, 2)).toBeCloseTo(3 * 16, 9);
  });

  it('shifts the minimum with the maximum by its own σ', () => {
    const shifts = temperatureShifts({ maxTempSigmaC: 1, minTempSigmaC: 0.7 });
    for (const { shift } of shifts) expect(shift.min).toBeCloseTo(0.7 * shift.max, 12);
  });

  it('is the forecast as given when σ is 0', () => {
    expect(temperatureShifts({ maxTempSigmaC: 0, minTempSigmaC: 0 })).toEqual([
      { shift: { max: 0, min: 0 }, weight: 1 },
    ]);
  });
});
