import { describe, expect, it } from 'vitest';
import { probabilityAtLeast, standardNormalCdf, tightSupplyOutlook } from './tight-supply.js';

const interval = { p10: 4780, p50: 4950, p90: 5120 };
const capacity = (capacityManKw: number) => ({
  capacityManKw,
  band: '13:00～14:00',
  stamp: '2023-07-31T17:40:00+09:00',
});

describe('standardNormalCdf', () => {
  it('meets the tabled values of Φ within 2e-7', () => {
    for (const [z, phi] of [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-1.959963984540054, 0.025],
      [1.2815515655446004, 0.9],
      [3, 0.9986501019683699],
      [-4, 3.167124183311992e-5],
    ] as const) {
      expect(Math.abs(standardNormalCdf(z) - phi)).toBeLessThan(2e-7);
    }
  });
});

describe('probabilityAtLeast (a split normal through P10, P50, P90)', () => {
  it('passes through the three quantiles', () => {
    expect(probabilityAtLeast(interval, 4780)).toBeCloseTo(0.9, 6);
    expect(probabilityAtLeast(interval, 4950)).toBeCloseTo(0.5, 6);
    expect(probabilityAtLeast(interval, 5120)).toBeCloseTo(0.1, 6);
  });

  it('keeps a skewed band skewed: each side has its own spread', () => {
    const skewed = { p10: 4900, p50: 4950, p90: 5250 };
    // 100 万kW above P50 is a third of the upper half-width, 100 below is twice the lower one.
    expect(probabilityAtLeast(skewed, 5050)).toBeCloseTo(1 - standardNormalCdf(1.2815515655446004 / 3), 6);
    expect(probabilityAtLeast(skewed, 4850)).toBeCloseTo(standardNormalCdf(2 * 1.2815515655446004), 6);
  });

  it('falls as the threshold rises', () => {
    const thresholds = [4600, 4800, 5000, 5200, 5400];
    const p = thresholds.map((threshold) => probabilityAtLeast(interval, threshold));
    for (let i = 1; i < p.length; i++) expect(p[i]!).toBeLessThan(p[i - 1]!);
  });

  it('is a step at P50 for a zero-width band', () => {
    const point = { p10: 5000, p50: 5000, p90: 5000 };
    expect([probabilityAtLeast(point, 4999), probabilityAtLeast(point, 5000), probabilityAtLeast(point, 5001)]).toEqual(
      [1, 1, 0],
    );
  });
});

describe('tightSupplyOutlook', () => {
  it('gives P(peak ≥ 95 %) and P(peak ≥ 97 %) of the announced capacity, with the announcement', () => {
    // 95 % of 5389.5 is 5120 (P90): a 10 % chance; 97 % lies further out.
    const outlook = tightSupplyOutlook(interval, capacity(5120 / 0.95));
    expect(outlook).toMatchObject({ status: 'known', band: '13:00～14:00', announcedAt: '2023-07-31T17:40:00+09:00' });
    if (outlook.status !== 'known') throw new Error('expected a known outlook');
    expect(outlook.pAtLeast95Percent).toBeCloseTo(0.1, 6);
    expect(outlook.pAtLeast97Percent).toBeLessThan(outlook.pAtLeast95Percent);
    expect(outlook.pAtLeast97Percent).toBeCloseTo(probabilityAtLeast(interval, (5120 / 0.95) * 0.97), 12);
  });

  it('is unknown without an announced capacity, or without an interval', () => {
    expect(tightSupplyOutlook(interval, null)).toEqual({
      status: 'unknown',
      reason: 'no-capacity',
      pAtLeast95Percent: null,
      pAtLeast97Percent: null,
    });
    expect(tightSupplyOutlook(null, capacity(6000))).toMatchObject({ status: 'unknown', reason: 'no-interval' });
  });
});
