import { describe, expect, it } from 'vitest';
import { temperatureFeatures } from './temperature.js';

const reference = { hotDay: 30, coldDay: 5, cddBase: 18, hddBase: 18 };

describe('temperatureFeatures', () => {
  it('computes avg, rng and degree days of a hot day', () => {
    const f = temperatureFeatures(34.2, 26.1, reference);
    expect(f.avg).toBeCloseTo(30.15, 12);
    expect(f.rng).toBeCloseTo(8.1, 12);
    expect(f.cdd).toBeCloseTo(12.15, 12);
    expect(f).toMatchObject({ hdd: 0, hot: 1, cold: 0 });
  });

  it('computes heating degree days and the cold flag on a winter day', () => {
    const f = temperatureFeatures(8, -1, reference);
    expect(f).toMatchObject({ avg: 3.5, rng: 9, cdd: 0, hdd: 14.5, hot: 0, cold: 1 });
  });

  it('treats the thresholds as inclusive (max ≥ hotDay, min ≤ coldDay)', () => {
    expect(temperatureFeatures(30, 5, reference)).toMatchObject({ hot: 1, cold: 1 });
    expect(temperatureFeatures(29.9, 5.1, reference)).toMatchObject({ hot: 0, cold: 0 });
  });

  it('follows the configured thresholds', () => {
    const f = temperatureFeatures(28, 8, { hotDay: 25, coldDay: 10, cddBase: 20, hddBase: 16 });
    expect(f).toMatchObject({ hot: 1, cold: 1, cdd: 0, hdd: 0 });
    expect(temperatureFeatures(30, 20, { hotDay: 25, coldDay: 10, cddBase: 20, hddBase: 16 }).cdd).toBe(5);
  });

  it('keeps a missing reading missing instead of turning it into 0', () => {
    const f = temperatureFeatures(NaN, 20, reference);
    for (const value of Object.values(f).slice(0, 5)) expect(value).toBeNaN();
    expect(f.cold).toBe(0);
  });
});
