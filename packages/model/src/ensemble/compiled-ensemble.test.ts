import { describe, expect, it } from 'vitest';
import { DecisionTreeRegression } from 'ml-cart';
import { syntheticRegression } from '../__fixtures__/synthetic.js';
import { GradientBoostedTrees } from '../boosting/gradient-boosted-trees.js';
import { RandomForest } from '../forest/random-forest.js';
import { matrixRow } from '../tree/dense-matrix.js';
import { flatTreeToCartJson, predictFlatTree, treeDepth } from '../tree/flat-tree.js';
import type { TreeEnsemble } from './tree-ensemble.js';

const train = syntheticRegression({ nRows: 400, nFeatures: 7, seed: 31, missingRate: 0.05 });
const test = syntheticRegression({ nRows: 203, nFeatures: 7, seed: 32, missingRate: 0.1 }); // not a multiple of 4

function expectSameAsMlCart(ensemble: TreeEnsemble): void {
  const batch = ensemble.predict(test.x);
  const rows = Array.from({ length: test.x.nRows }, (_, r) => matrixRow(test.x, r));
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
    expectSameAsMlCart(GradientBoostedTrees.fit(train.x, train.y, { nEstimators: 25, maxDepth: 5, minSamplesLeaf: 20, seed: 4 }).ensemble);
  });

  it('predicts exactly as ml-cart for deep forest trees (pointer layout)', () => {
    const forest = RandomForest.fit(train.x, train.y, { nEstimators: 8, maxDepth: 14, minSamplesLeaf: 1, seed: 4 });
    expect(Math.max(...forest.ensemble.trees.map((tree) => treeDepth(tree)))).toBeGreaterThan(10);
    expectSameAsMlCart(forest.ensemble);
  });
});
