import { describe, expect, it } from 'vitest';
import { intervalMetrics, pinballLoss } from './interval-metrics.js';

describe('pinballLoss', () => {
  it('weighs a miss above the quantile by α and one below by 1 − α', () => {
    expect(pinballLoss(110, 100, 0.9)).toBeCloseTo(9, 12);
    expect(pinballLoss(90, 100, 0.9)).toBeCloseTo(1, 12);
    expect(pinballLoss(90, 100, 0.1)).toBeCloseTo(9, 12);
    expect(pinballLoss(100, 100, 0.5)).toBe(0);
  });
});

describe('intervalMetrics', () => {
  const band = { p10: 90, p50: 100, p90: 110 };

  it('counts the days inside the band, ends included, and averages the width', () => {
    const metrics = intervalMetrics([90, 110, 120, 80], [band, band, { p10: 100, p50: 110, p90: 130 }, band]);
    expect(metrics.coverage).toBe(0.75);
    expect(metrics.meanWidth).toBe(22.5);
    expect(metrics.n).toBe(4);
  });

  it('averages each quantile’s pinball loss and their mean', () => {
    const metrics = intervalMetrics([120], [band]);
    expect(metrics.pinball.p10).toBeCloseTo(0.1 * 30, 12);
    expect(metrics.pinball.p50).toBeCloseTo(0.5 * 20, 12);
    expect(metrics.pinball.p90).toBeCloseTo(0.9 * 10, 12);
    expect(metrics.pinball.mean).toBeCloseTo((3 + 10 + 9) / 3, 12);
  });

  it('refuses lists of different lengths and an empty list', () => {
    expect(() => intervalMetrics([1, 2], [band])).toThrow(/equal lengths/);
    expect(() => intervalMetrics([], [])).toThrow(/zero days/);
  });
});
