import { describe, expect, it } from 'vitest';
import { DecisionTreeRegression } from 'ml-cart';
import { syntheticRegression } from '../__fixtures__/synthetic.js';
import { matrixRow } from '../tree/dense-matrix.js';
import { regressionMetrics } from '../metrics/regression-metrics.js';
import { GradientBoostedTrees } from './gradient-boosted-trees.js';

const train = syntheticRegression({ nRows: 800, nFeatures: 10, seed: 11, missingRate: 0.02 });
const test = syntheticRegression({ nRows: 300, nFeatures: 10, seed: 12, missingRate: 0.02 });
const small = { nEstimators: 60, learningRate: 0.1, maxDepth: 4, minSamplesLeaf: 5, seed: 1 };

describe('GradientBoostedTrees', () => {
  it('learns a nonlinear target far better than predicting the mean', () => {
    const model = GradientBoostedTrees.fit(train.x, train.y, small);
    const metrics = regressionMetrics(test.y, model.predict(test.x));
    const meanOnly = regressionMetrics(test.y, new Float64Array(test.y.length).fill(model.ensemble.baseScore));
    expect(metrics.rmse).toBeLessThan(meanOnly.rmse / 3);
  });

  it('gives an identical model JSON for the same seed and data, and a different one for another seed', () => {
    const a = JSON.stringify(GradientBoostedTrees.fit(train.x, train.y, small));
    const b = JSON.stringify(GradientBoostedTrees.fit(train.x, train.y, small));
    const c = JSON.stringify(GradientBoostedTrees.fit(train.x, train.y, { ...small, seed: 2 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('stores trees that ml-cart loads, and ml-cart’s predictions sum to the model’s own', () => {
    const model = GradientBoostedTrees.fit(train.x, train.y, { ...small, nEstimators: 15 });
    const rows = Array.from({ length: train.x.nRows }, (_, r) => matrixRow(train.x, r));
    const viaMlCart = model.ensemble.predictWithMlCart(rows);
    const own = model.predict(train.x);
    for (let r = 0; r < rows.length; r++) expect(viaMlCart[r]).toBeCloseTo(own[r], 9);
    for (const json of model.ensemble.toCartJson())
      expect(() => DecisionTreeRegression.load(JSON.parse(JSON.stringify(json)))).not.toThrow();
  });

  it('round-trips through toJSON/fromJSON with identical predictions', () => {
    const model = GradientBoostedTrees.fit(train.x, train.y, small);
    const restored = GradientBoostedTrees.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(Array.from(restored.predict(test.x))).toEqual(Array.from(model.predict(test.x)));
  });

  it('stops early on the validation slice and keeps the best round count', () => {
    const model = GradientBoostedTrees.fit(train.x, train.y, {
      ...small,
      nEstimators: 2000,
      learningRate: 0.3,
      earlyStoppingRounds: 10,
      validationFraction: 0.2,
    });
    const { bestIteration, validationMse, nTrees } = model.training;
    expect(bestIteration).toBeDefined();
    expect(validationMse!.length).toBeLessThan(2000);
    expect(validationMse!.length - bestIteration!).toBe(10);
    expect(Math.min(...validationMse!)).toBe(validationMse![bestIteration! - 1]);
    expect(model.ensemble.trees.length).toBe(nTrees);
  });

  it('ranks the features the target depends on as most important', () => {
    const model = GradientBoostedTrees.fit(train.x, train.y, small);
    const names = Array.from({ length: 10 }, (_, f) => `x${f}`);
    const importance = model.featureImportance(names);
    expect(importance[0].feature).toBe('x0');
    expect(importance.reduce((s, i) => s + i.gain, 0)).toBeCloseTo(1, 9);
    expect(importance.reduce((s, i) => s + i.splits, 0)).toBeCloseTo(1, 9);
  });

  it('rejects invalid hyperparameters and targets with messages naming them', () => {
    expect(() => GradientBoostedTrees.fit(train.x, train.y, { learningRate: -1 })).toThrow(/learningRate/);
    const y = Float64Array.from(train.y);
    y[5] = NaN;
    expect(() => GradientBoostedTrees.fit(train.x, y, small)).toThrow(/row 5/);
  });

  it('rejects a corrupt document with the path of the bad field', () => {
    const doc = JSON.parse(JSON.stringify(GradientBoostedTrees.fit(train.x, train.y, { ...small, nEstimators: 2 })));
    doc.ensemble.trees[1].f = 'oops';
    expect(() => GradientBoostedTrees.fromJSON(doc)).toThrow(/ensemble\.trees\.1\.f/);
  });
});
