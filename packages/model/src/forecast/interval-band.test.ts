import { describe, expect, it } from 'vitest';
import { rawSpreads } from './interval-band.js';

const levels = [0.1, 0.5, 0.9];

describe('rawSpreads', () => {
  it('is the quantile models’ distance from their median when the temperature is not uncertain', () => {
    const spreads = rawSpreads(
      levels,
      [{ weight: 1, peaks: [3000], quantiles: [[2900], [3010], [3150]].map((v) => Float64Array.from(v)) }],
      [3000],
    );
    expect(spreads.lower[0]).toBeCloseTo(110, 9);
    expect(spreads.upper[0]).toBeCloseTo(140, 9);
  });

  it('sorts crossing quantiles before use', () => {
    const spreads = rawSpreads(
      levels,
      [{ weight: 1, peaks: [3000], quantiles: [[3100], [3000], [2950]].map((v) => Float64Array.from(v)) }],
      [3000],
    );
    expect(spreads.lower[0]).toBeCloseTo(50, 9);
    expect(spreads.upper[0]).toBeCloseTo(100, 9);
  });

  it('widens with the answer’s spread over the temperature shifts, in quadrature', () => {
    const quantiles = [[2900], [3000], [3100]].map((v) => Float64Array.from(v));
    const flat = rawSpreads(
      levels,
      [-1, 1].map(() => ({ weight: 0.5, peaks: [3000], quantiles })),
      [3000],
    );
    const steep = rawSpreads(
      levels,
      [-1, 1].map((sign) => ({ weight: 0.5, peaks: [3000 + sign * 100], quantiles })),
      [3000],
    );
    expect(flat.upper[0]).toBeCloseTo(100, 9);
    expect(steep.upper[0]).toBeCloseTo(Math.hypot(100, 1.2815515655446004 * 100), 9);
    expect(steep.lower[0]).toBeCloseTo(steep.upper[0]!, 9);
  });

  it('scales the quantile part by the row’s level', () => {
    const quantiles = [[2900], [3000], [3100]].map((v) => Float64Array.from(v));
    const spreads = rawSpreads(levels, [{ weight: 1, peaks: [3000], quantiles }], [3000], [0.9]);
    expect(spreads.upper[0]).toBeCloseTo(90, 9);
  });

  it('needs the levels 0.1, 0.5 and 0.9', () => {
    expect(() => rawSpreads([0.25, 0.75], [], [])).toThrow(/0\.1, 0\.5 and 0\.9/);
  });
});
