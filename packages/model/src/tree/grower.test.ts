import { describe, expect, it } from 'vitest';
import { DecisionTreeRegression } from 'ml-cart';
import { binMatrix, fitFeatureBins } from './binning.js';
import { matrixRow } from './dense-matrix.js';
import { flatTreeFromCartJson, flatTreeToCartJson, predictFlatTree, treeDepth } from './flat-tree.js';
import { TreeGrower, predictBinnedRow, type TreeGrowthParams } from './grower.js';
import { syntheticRegression } from '../__fixtures__/synthetic.js';

const params: TreeGrowthParams = { maxDepth: 6, minSamplesLeaf: 5, l2: 0, minSplitGain: 0, shrinkage: 1 };

function growRegressionTree(nRows: number, missingRate: number, overrides: Partial<TreeGrowthParams> = {}) {
  const { x, y } = syntheticRegression({ nRows, nFeatures: 8, seed: 7, missingRate });
  const binned = binMatrix(x, fitFeatureBins(x));
  const grower = new TreeGrower(binned, { ...params, ...overrides });
  const gradients = y.map((v) => -v); // squared error from a zero prediction: leaves become means
  const rows = Int32Array.from({ length: nRows }, (_, i) => i);
  const features = Int32Array.from({ length: 8 }, (_, i) => i);
  return { x, y, binned, grown: grower.grow(gradients, null, rows, features) };
}

describe('TreeGrower', () => {
  it.each([0, 0.1])(
    'emits trees that ml-cart loads and predicts identically on every training row (missing rate %s)',
    (missingRate) => {
      const { x, binned, grown } = growRegressionTree(600, missingRate);
      const cart = DecisionTreeRegression.load(JSON.parse(JSON.stringify(flatTreeToCartJson(grown.tree, params))));
      const rows = Array.from({ length: x.nRows }, (_, r) => matrixRow(x, r));
      const cartPredictions = cart.predict(rows);
      for (let r = 0; r < x.nRows; r++) {
        const own = predictFlatTree(grown.tree, x.values, r * x.nFeatures);
        expect(cartPredictions[r]).toBe(own);
        expect(predictBinnedRow(grown, binned.codes, x.nRows, r)).toBe(own);
      }
    },
  );

  it('respects maxDepth and minSamplesLeaf', () => {
    const { grown } = growRegressionTree(500, 0, { maxDepth: 3, minSamplesLeaf: 40 });
    expect(treeDepth(grown.tree)).toBeLessThanOrEqual(3);
    for (const leaf of grown.leaves) expect(leaf.end - leaf.start).toBeGreaterThanOrEqual(40);
  });

  it('sets each leaf to the mean target of its rows when l2 is 0', () => {
    const { y, grown } = growRegressionTree(400, 0);
    // rows were permuted in place; leaves index that permutation
    const rows = Int32Array.from({ length: 400 }, (_, i) => i);
    expect(grown.leaves.reduce((n, leaf) => n + leaf.end - leaf.start, 0)).toBe(rows.length);
    const totals = grown.leaves.map((leaf) => grown.tree.value[leaf.node] * (leaf.end - leaf.start));
    expect(totals.reduce((a, b) => a + b, 0)).toBeCloseTo(
      y.reduce((a, b) => a + b, 0),
      4,
    );
  });

  it('shrinks leaf values towards zero with l2', () => {
    const plain = growRegressionTree(300, 0, { maxDepth: 0 }).grown.tree.value[0];
    const shrunk = growRegressionTree(300, 0, { maxDepth: 0, l2: 300 }).grown.tree.value[0];
    expect(shrunk).toBeCloseTo(plain / 2, 8);
  });

  it('sends missing values right, as ml-cart does', () => {
    const { grown } = growRegressionTree(600, 0.2);
    const row = new Float64Array(8).fill(NaN);
    let node = 0;
    while (grown.tree.feature[node] !== -1) node = grown.tree.right[node];
    expect(predictFlatTree(grown.tree, row)).toBe(grown.tree.value[node]);
  });

  it('reads ml-cart-trained trees into the same predictions', () => {
    const { x, y } = syntheticRegression({ nRows: 60, nFeatures: 4, seed: 3 });
    const rows = Array.from({ length: x.nRows }, (_, r) => matrixRow(x, r));
    const cart = new DecisionTreeRegression({ maxDepth: 4, minNumSamples: 3 });
    cart.train(rows, Array.from(y));
    const flat = flatTreeFromCartJson(JSON.parse(JSON.stringify(cart.toJSON())));
    const expected = cart.predict(rows);
    rows.forEach((row, r) => expect(predictFlatTree(flat, row)).toBe(expected[r]));
  });
});
