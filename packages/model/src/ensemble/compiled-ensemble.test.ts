import { describe, expect, it } from 'vitest';
import { DecisionTreeRegression } from 'ml-cart';
import { syntheticRegression } from '../__fixtures__/synthetic.js';
import { GradientBoostedTrees } from '../boosting/gradient-boosted-trees.js';
import { RandomForest } from '../forest/random-forest.js';
import { matrixRow, type DenseMatrix } from '../tree/dense-matrix.js';
import { createRng } from '../tree/rng.js';
import { flatTreeToCartJson, predictFlatTree, treeDepth } from '../tree/flat-tree.js';
import type { TreeEnsemble } from './tree-ensemble.js';

const train = syntheticRegression({ nRows: 400, nFeatures: 7, seed: 31, missingRate: 0.05 });
const test = syntheticRegression({ nRows: 203, nFeatures: 7, seed: 32, missingRate: 0.1 }); // not a multiple of 4

function expectSameAsMlCart(ensemble: TreeEnsemble, x: DenseMatrix = test.x): void {
  const batch = ensemble.predict(x);
  const rows = Array.from({ length: x.nRows }, (_, r) => matrixRow(x, r));
  const cartSums = new Float64Array(rows.length).fill(ensemble.baseScore);
  for (const tree of ensemble.trees) {
    const cart = DecisionTreeRegression.load(JSON.parse(JSON.stringify(flatTreeToCartJson(tree, ensemble.growth))));
    const predictions = cart.predict(rows);
    rows.forEach((row, r) => {
      expect(predictions[r]).toBe(predictFlatTree(tree, row));
      cartSums[r] += predictions[r];
    });
  }
  rows.forEach((row, r) => {
    expect(batch[r]).toBe(cartSums[r]);
    expect(ensemble.predictRow(row)).toBe(cartSums[r]);
  });
}

describe('CompiledEnsemble', () => {
  it('predicts exactly as ml-cart, batch and row by row, for shallow boosted trees (complete layout) with missing values', () => {
    expectSameAsMlCart(
      GradientBoostedTrees.fit(train.x, train.y, { nEstimators: 25, maxDepth: 5, minSamplesLeaf: 20, seed: 4 })
        .ensemble,
    );
  });

  it('batches of depth-6 trees route values equal to thresholds, ±0, ±Infinity and NaN as ml-cart does', () => {
    const ensemble = GradientBoostedTrees.fit(train.x, train.y, {
      nEstimators: 30,
      maxDepth: 6,
      minSamplesLeaf: 3,
      seed: 5,
    }).ensemble;
    expect(Math.max(...ensemble.trees.map((tree) => treeDepth(tree)))).toBe(6);
    const thresholds = Array.from({ length: train.x.nFeatures }, (_, f) =>
      ensemble.trees.flatMap((tree) => Array.from(tree.threshold).filter((_, i) => tree.feature[i] === f)),
    );
    const special = [NaN, -0, 0, Infinity, -Infinity];
    const random = createRng(9);
    const nRows = 2 * 128 + 13;
    const values = new Float64Array(nRows * train.x.nFeatures);
    for (let i = 0; i < values.length; i++) {
      const own = thresholds[i % train.x.nFeatures];
      const pick = random();
      if (pick < 0.15 || own.length === 0) values[i] = special[Math.floor(random() * special.length)];
      else if (pick < 0.75)
        values[i] = own[Math.floor(random() * own.length)]; // exactly on a split
      else values[i] = train.x.values[Math.floor(random() * train.x.values.length)];
    }
    expectSameAsMlCart(ensemble, { values, nRows, nFeatures: train.x.nFeatures });
    expectSameAsMlCart(ensemble, {
      values: values.subarray(0, 9 * train.x.nFeatures),
      nRows: 9,
      nFeatures: train.x.nFeatures,
    });
  });

  it('predicts exactly as ml-cart for deep forest trees (pointer layout)', () => {
    const forest = RandomForest.fit(train.x, train.y, { nEstimators: 8, maxDepth: 14, minSamplesLeaf: 1, seed: 4 });
    expect(Math.max(...forest.ensemble.trees.map((tree) => treeDepth(tree)))).toBeGreaterThan(10);
    expectSameAsMlCart(forest.ensemble);
  });
});
