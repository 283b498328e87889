import { describe, expect, it } from 'vitest';
import { evaluationReport, regressionMetrics } from './regression-metrics.js';

describe('regressionMetrics', () => {
  it('computes each metric from its definition', () => {
    const m = regressionMetrics([100, 200, 300, 400], [110, 190, 330, 400]);
    expect(m.mse).toBeCloseTo((100 + 100 + 900 + 0) / 4, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(275), 12);
    expect(m.mae).toBeCloseTo(12.5, 12);
    expect(m.mape).toBeCloseTo((100 * (0.1 + 0.05 + 0.1 + 0)) / 4, 12);
    expect(m.r2).toBeCloseTo(1 - 1100 / 50000, 12);
    expect(m.maxError).toBe(30);
    expect(m.bias).toBeCloseTo(7.5, 12);
  });

  it('rejects mismatched or empty inputs', () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/equal lengths/);
    expect(() => regressionMetrics([], [])).toThrow(/zero/);
  });

  it('writes evaluation.json in the reference shape with the other metrics beside mse', () => {
    const report = evaluationReport(regressionMetrics([1, 2, 3], [1, 2, 4]));
    expect(report.regression_metrics.mse.value).toBeCloseTo(1 / 3, 12);
    expect(Object.keys(report.regression_metrics)).toEqual(['mse', 'rmse', 'mae', 'mape', 'r2', 'max_error', 'bias']);
  });
});
