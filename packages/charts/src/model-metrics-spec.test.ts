import { describe, expect, it } from 'vitest';
import { svgTexts } from './__fixtures__/svg-text.js';
import { formatNumber } from './format.js';
import { metricPanels, modelMetricsSpec, panelTicks } from './model-metrics-spec.js';
import { specToSvg } from './render.js';

const metrics = { mse: 19963.4, rmse: 141.29, mae: 112.5, mape: 2.943, r2: 0.908 };

describe('metricPanels', () => {
  it('gives the five reference metrics one panel each, in the reference order', () => {
    expect(metricPanels(metrics).map((p) => p.key)).toEqual(['rmse', 'mse', 'mae', 'mape', 'r2']);
  });

  it('adds max error and bias when they are known', () => {
    expect(metricPanels({ ...metrics, maxError: 453, bias: -36.2 }).map((p) => p.key)).toEqual([
      'rmse',
      'mse',
      'mae',
      'mape',
      'r2',
      'maxError',
      'bias',
    ]);
  });

  it('scales each panel to its own metric so MSE and R² are both readable', () => {
    const byKey = new Map(metricPanels({ ...metrics, bias: -36.2 }).map((p) => [p.key, p]));
    expect(byKey.get('mse')?.domain[1]).toBeGreaterThan(metrics.mse);
    expect(byKey.get('mse')?.domain[1]).toBeLessThan(metrics.mse * 2);
    expect(byKey.get('r2')?.domain).toEqual([0, 1.1]);
    const bias = byKey.get('bias')?.domain ?? [0, 0];
    expect(bias[0]).toBe(-bias[1]);
    expect(bias[0]).toBeLessThan(-36.2);
  });

  it('extends the R² panel below zero for a model worse than the mean', () => {
    expect(metricPanels({ ...metrics, r2: -0.4 }).find((p) => p.key === 'r2')?.domain[0]).toBeLessThan(-0.4);
  });
});

describe('panelTicks', () => {
  it('puts round ticks across the domain but none at its very top', () => {
    expect(panelTicks([0, 10])).toEqual([0, 2, 4, 6, 8]);
    expect(panelTicks([0, 1.1])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(panelTicks([0, 24954])).toEqual([0, 5000, 10000, 15000, 20000]);
  });

  it('covers negative domains through zero', () => {
    expect(panelTicks([-50.6, 50.6])).toEqual([-50, -25, 0, 25]);
  });
});

describe('modelMetricsSpec', () => {
  it('renders every metric name with its value and Japanese unit hints', async () => {
    const texts = svgTexts(await specToSvg(modelMetricsSpec({ ...metrics, bias: 36.2 }, { modelVersion: 'v7' })));
    for (const label of ['モデル評価指標', 'RMSE', 'MSE', 'MAE', 'MAPE', 'R²', 'バイアス', 'モデル v7'])
      expect(texts).toContain(label);
    for (const value of [
      formatNumber(metrics.rmse, 1),
      formatNumber(metrics.mse, 0),
      `${formatNumber(metrics.mape, 2)}%`,
      '0.908',
      '+36.2',
    ]) {
      expect(texts).toContain(value);
    }
    expect(texts.some((t) => t.includes('万kW'))).toBe(true);
  });
});
