import { describe, expect, it } from 'vitest';
import { datasetFingerprint } from '@powercast/data-loaders';
import { transformRecords, type FeatureMatrix } from '@powercast/features';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { regressionMetrics } from '../metrics/regression-metrics.js';
import { rowsBetween } from './table-columns.js';
import { ForecastModel } from './forecast-model.js';

const table = syntheticDailyTable({ from: '2020-01-01', days: 900, seed: 4 });
const train = rowsBetween(table, undefined, '2021-12-31');
const fast = { nEstimators: 80, learningRate: 0.1, maxDepth: 4 };
const model = ForecastModel.train(train, { hyperparameters: fast });
const history = (train.objects() as { date: string; peak_hourly: number }[]).map((r) => ({
  date: r.date,
  peak: r.peak_hourly,
}));
const records = [
  { date: '2022-01-01', max_temp: 9.5, min_temp: 1.2, weather: '晴' },
  { date: '2022-01-02', max_temp: 11, min_temp: 3, weather: '曇一時雨' },
];

describe('ForecastModel', () => {
  it('records the training table with the fingerprint the data loaders give the same table', () => {
    expect(model.dataFingerprint).toBe(datasetFingerprint(train));
    expect(ForecastModel.train(table, { hyperparameters: fast }).dataFingerprint).toBe(datasetFingerprint(table));
  });

  it('answers with the with-history model when history reaches the day before, else weather-calendar', () => {
    const withHistory = model.predict(records, history);
    expect(withHistory[0].variant).toBe('with-history');
    const without = model.predict(records);
    expect(without.map((p) => p.variant)).toEqual(['weather-calendar', 'weather-calendar']);
    for (const p of [...withHistory, ...without]) expect(p.peak).toBeGreaterThan(1000);
    expect(without[1].weatherCategory).toBe('曇り時々雨');
  });

  it('forecasts unseen days better than the training mean', () => {
    const test = rowsBetween(table, '2022-01-01', undefined);
    const predictions = model.predictTable(
      test,
      history.concat(
        (test.objects() as { date: string; peak_hourly: number }[]).map((r) => ({ date: r.date, peak: r.peak_hourly })),
      ),
    );
    const actual = test.array('peak_hourly') as number[];
    const mean = history.reduce((s, h) => s + h.peak, 0) / history.length;
    const ours = regressionMetrics(
      actual,
      predictions.map((p) => p.peak),
    );
    expect(ours.rmse).toBeLessThan(
      regressionMetrics(
        actual,
        actual.map(() => mean),
      ).rmse / 2,
    );
  });

  it("finds each model's columns in a matrix laid out differently from the spec, and names a missing one", () => {
    const matrix = transformRecords(records, model.spec, { history });
    const width = matrix.featureNames.length;
    const order = matrix.featureNames.map((_, j) => width - 1 - j); // reversed columns
    const reversed: FeatureMatrix = {
      ...matrix,
      featureNames: order.map((j) => matrix.featureNames[j]),
      values: Float64Array.from(
        { length: matrix.values.length },
        (_, k) => matrix.values[Math.floor(k / width) * width + order[k % width]],
      ),
    };
    const expected = model.predictMatrix(matrix);
    expect(model.predictMatrix(reversed)).toEqual(expected);
    expect(model.predictMatrix(matrix)).toEqual(expected); // back to the spec layout after another one
    const withoutLag: FeatureMatrix = {
      ...matrix,
      featureNames: matrix.featureNames.map((name) => (name === 'peak_lag1' ? 'renamed' : name)),
    };
    expect(() => model.predictMatrix(withoutLag)).toThrow(/feature 'peak_lag1' is not among the matrix columns/);
  });

  it('round-trips through toJSON/fromJSON with identical predictions', () => {
    const restored = ForecastModel.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.predict(records, history)).toEqual(model.predict(records, history));
    expect(restored.trainingWindow).toEqual({ from: '2020-01-01', to: '2021-12-31', nRows: 731 });
  });

  it('gives an identical document for the same data and seed', () => {
    const again = ForecastModel.train(train, { hyperparameters: fast });
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
  });

  it('trains only a weather-calendar model for the reference feature set', () => {
    const reference = ForecastModel.train(train, { featureConfig: { featureSet: 'reference' }, hyperparameters: fast });
    expect(reference.withHistory).toBeNull();
    expect(reference.predict(records, history).map((p) => p.variant)).toEqual(['weather-calendar', 'weather-calendar']);
  });

  it('reports normalised feature importance of the answering model', () => {
    const importance = model.featureImportance();
    expect(importance.map((i) => i.feature).sort()).toEqual([...model.spec.featureNames].sort());
    expect(importance.reduce((s, i) => s + i.gain, 0)).toBeCloseTo(1, 9);
  });
});
