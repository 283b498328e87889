import { describe, expect, it } from 'vitest';
import { syntheticRegression } from '../__fixtures__/synthetic.js';
import { matrixRow } from '../tree/dense-matrix.js';
import { regressionMetrics } from '../metrics/regression-metrics.js';
import { RandomForest } from './random-forest.js';
import { CartRegressor } from './cart.js';

const train = syntheticRegression({ nRows: 500, nFeatures: 6, seed: 21 });
const test = syntheticRegression({ nRows: 200, nFeatures: 6, seed: 22 });

describe('RandomForest', () => {
  it('beats the mean and averages trees whose ml-cart predictions match', () => {
    const forest = RandomForest.fit(train.x, train.y, { nEstimators: 30, maxDepth: 8, seed: 3 });
    const mean = train.y.reduce((a, b) => a + b, 0) / train.y.length;
    expect(regressionMetrics(test.y, forest.predict(test.x)).rmse).toBeLessThan(
      regressionMetrics(test.y, new Float64Array(200).fill(mean)).rmse / 2,
    );
    const rows = Array.from({ length: 50 }, (_, r) => matrixRow(test.x, r));
    const viaMlCart = forest.ensemble.predictWithMlCart(rows);
    rows.forEach((row, r) => expect(viaMlCart[r]).toBeCloseTo(forest.ensemble.predictRow(row), 9));
  });

  it('round-trips through toJSON/fromJSON with identical predictions', () => {
    const forest = RandomForest.fit(train.x, train.y, { nEstimators: 6, seed: 2 });
    const restored = RandomForest.fromJSON(JSON.parse(JSON.stringify(forest)));
    expect(Array.from(restored.predict(test.x))).toEqual(Array.from(forest.predict(test.x)));
  });

  it('is deterministic for a seed', () => {
    const a = RandomForest.fit(train.x, train.y, { nEstimators: 5, seed: 9 }).predict(test.x);
    const b = RandomForest.fit(train.x, train.y, { nEstimators: 5, seed: 9 }).predict(test.x);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('CartRegressor (ml-cart trainer)', () => {
  it('trains with ml-cart and predicts like the ml-cart tree it holds', () => {
    const small = syntheticRegression({ nRows: 120, nFeatures: 4, seed: 5 });
    const cart = CartRegressor.fit(small.x, small.y, { maxDepth: 4 });
    const mean = small.y.reduce((a, b) => a + b, 0) / small.y.length;
    expect(regressionMetrics(small.y, cart.predict(small.x)).rmse).toBeLessThan(
      regressionMetrics(small.y, new Float64Array(120).fill(mean)).rmse,
    );
    expect(cart.cartJson.name).toBe('DTRegression');
    const restored = CartRegressor.fromJSON(JSON.parse(JSON.stringify(cart)));
    expect(Array.from(restored.predict(small.x))).toEqual(Array.from(cart.predict(small.x)));
  });

  it('rejects missing values, which ml-cart’s trainer cannot sort', () => {
    const small = syntheticRegression({ nRows: 30, nFeatures: 4, seed: 5, missingRate: 0.2 });
    expect(() => CartRegressor.fit(small.x, small.y)).toThrow(/NaN/);
  });
});
