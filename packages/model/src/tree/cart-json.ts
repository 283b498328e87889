/**
 * ml-cart's regression tree JSON (`DecisionTreeRegression#toJSON`, input of `load`). Declared here
 * (not imported from ml-cart's typings in ml-cart.d.ts) so that the published .d.ts files do not
 * depend on an ambient declaration consumers lack; both describe the same structure.
 */
export type CartTreeNodeJson =
  | { distribution: number }
  | { splitColumn: number; splitValue: number; gain: number; left: CartTreeNodeJson; right: CartTreeNodeJson };

export interface CartTreeJson {
  name: 'DTRegression';
  options: {
    gainFunction?: 'regression';
    splitFunction?: 'mean';
    minNumSamples?: number;
    maxDepth?: number;
    kind?: 'regression';
  };
  root: CartTreeNodeJson;
}

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
