import { describe, expect, it } from 'vitest';
import { binProportions, featureDrift, populationStabilityIndex } from './drift.js';
import { fitFeatureSpec } from './spec.js';
import { transform } from './transform.js';
import { dailyTable, syntheticDays } from '../test/tables.js';

describe('drift helpers', () => {
  it('bins values upper-inclusive on the edges and ignores NaN', () => {
    expect(binProportions([1, 2], [0, 1, 1.5, 2, 3, NaN])).toEqual([2 / 5, 2 / 5, 1 / 5]);
    expect(binProportions([], [5, 6])).toEqual([1]);
  });

  it('gives PSI 0 for identical distributions and grows with the shift', () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.5, 0.5])).toBe(0);
    const small = populationStabilityIndex([0.5, 0.5], [0.45, 0.55]);
    const large = populationStabilityIndex([0.5, 0.5], [0.1, 0.9]);
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
    expect(small).toBeCloseTo(0.05 * Math.log(0.55 / 0.5) - 0.05 * Math.log(0.45 / 0.5), 12);
  });

  it('finds no drift on the training rows and clear drift in temperature a season later', () => {
    const days = syntheticDays('2023-01-01', 90);
    const spec = fitFeatureSpec(dailyTable(days));
    const same = featureDrift(spec.trainingStats, transform(dailyTable(days), spec));
    expect(Math.max(...same.features.map((f) => f.psi))).toBeLessThan(1e-9);
    expect(same.weatherCategoryPsi).toBeLessThan(1e-9);
    const summer = featureDrift(spec.trainingStats, transform(dailyTable(syntheticDays('2023-07-01', 30)), spec));
    const psi = new Map(summer.features.map((f) => [f.feature, f.psi]));
    expect(psi.get('max_temp')).toBeGreaterThan(0.25);
    expect(psi.get('weekend')).toBeLessThan(0.1);
  });
});
