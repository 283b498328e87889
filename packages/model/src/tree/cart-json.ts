import type { CartNodeJson, CartRegressionJson } from 'ml-cart';

/** ml-cart's regression tree JSON (`DecisionTreeRegression#toJSON`, input of `load`). */
export type CartTreeJson = CartRegressionJson;
export type CartTreeNodeJson = CartNodeJson;

/** Options block ml-cart's `load` needs (it builds every node from it); values describe how the tree was grown. */
export function cartOptions(maxDepth: number, minSamplesLeaf: number): CartTreeJson['options'] {
  return {
    gainFunction: 'regression',
    splitFunction: 'mean',
    minNumSamples: minSamplesLeaf,
    maxDepth: Number.isFinite(maxDepth) ? maxDepth : Number.MAX_SAFE_INTEGER,
    kind: 'regression',
  };
}
