// ml-cart ships no typings: this brings ours into every program that compiles this file, including consumers
// typechecking our sources. The emitted .d.ts drop it and need none: they never mention ml-cart (see cart-json.ts).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient declaration file cannot be imported
/// <reference path="../tree/ml-cart.d.ts" />
import { DecisionTreeRegression } from 'ml-cart';
import type { CartTreeJson } from '../tree/cart-json.js';
import type { DenseMatrix } from '../tree/dense-matrix.js';
import { flatTreeToCartJson, type FlatTree } from '../tree/flat-tree.js';
import { CompiledEnsemble } from './compiled-ensemble.js';

/**
 * An additive tree ensemble: prediction = baseScore + Σ tree(x). Boosting bakes the learning rate
 * into the leaves; forests bake in 1/nTrees. Each tree is an ml-cart regression tree.
 */
export class TreeEnsemble {
  private compiled: CompiledEnsemble | null = null;

  constructor(
    readonly baseScore: number,
    readonly trees: readonly FlatTree[],
    readonly nFeatures: number,
    /** Growth limits recorded in each tree's ml-cart options. */
    readonly growth: { maxDepth: number; minSamplesLeaf: number },
  ) {}

  private get evaluator(): CompiledEnsemble {
    this.compiled ??= new CompiledEnsemble(this.trees, this.baseScore, this.nFeatures);
    return this.compiled;
  }

  predict(matrix: DenseMatrix): Float64Array {
    return this.evaluator.predict(matrix);
  }

  predictRow(values: ArrayLike<number>, offset = 0): number {
    return this.evaluator.predictRow(values, offset);
  }

  /** Each tree as ml-cart JSON (`DecisionTreeRegression.load` accepts every one). */
  toCartJson(): CartTreeJson[] {
    return this.trees.map((tree) => flatTreeToCartJson(tree, this.growth));
  }

  /** The ensemble evaluated through ml-cart's own `predict` (reference path; slow, see README). */
  predictWithMlCart(rows: number[][]): Float64Array {
    const out = new Float64Array(rows.length).fill(this.baseScore);
    for (const json of this.toCartJson()) {
      const predictions = DecisionTreeRegression.load(json).predict(rows);
      for (let r = 0; r < rows.length; r++) out[r] += predictions[r];
    }
    return out;
  }
}
