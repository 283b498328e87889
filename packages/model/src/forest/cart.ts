// ml-cart ships no typings: this brings ours into every program that compiles this file, including consumers
// typechecking our sources. The emitted .d.ts drop it and need none: they never mention ml-cart (see cart-json.ts).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient declaration file cannot be imported
/// <reference path="../tree/ml-cart.d.ts" />
import { DecisionTreeRegression } from 'ml-cart';
import type { CartTreeJson } from '../tree/cart-json.js';
import { assertDenseMatrix, matrixRow, type DenseMatrix } from '../tree/dense-matrix.js';
import { flatTreeFromCartJson } from '../tree/flat-tree.js';
import { TreeEnsemble } from '../ensemble/tree-ensemble.js';
import { z } from 'zod';

export interface CartHyperparameters {
  maxDepth: number;
  /** ml-cart's minNumSamples: a node with at most this many rows becomes a leaf. */
  minNumSamples: number;
}

/**
 * A single tree trained by ml-cart's own trainer — a baseline for small data only: its split
 * search is O(features × n²) per node (seconds per tree at a few thousand rows; see bench/).
 * ml-cart's sort-based search does not handle NaN, so missing values are rejected.
 */
export class CartRegressor {
  private constructor(
    readonly hyperparameters: CartHyperparameters,
    readonly cartJson: CartTreeJson,
    readonly ensemble: TreeEnsemble,
  ) {}

  static fit(x: DenseMatrix, y: ArrayLike<number>, hyperparameters: Partial<CartHyperparameters> = {}): CartRegressor {
    assertDenseMatrix(x, y.length);
    const hp: CartHyperparameters = { maxDepth: 6, minNumSamples: 3, ...hyperparameters };
    const missing = x.values.findIndex((v) => Number.isNaN(v));
    if (missing >= 0) {
      throw new RangeError(
        `CART (ml-cart trainer) needs complete data; row ${Math.floor(missing / x.nFeatures)} feature ${missing % x.nFeatures} is NaN`,
      );
    }
    const tree = new DecisionTreeRegression({ maxDepth: hp.maxDepth, minNumSamples: hp.minNumSamples });
    tree.train(
      Array.from({ length: x.nRows }, (_, r) => matrixRow(x, r)),
      Array.from(y),
    );
    const json = JSON.parse(JSON.stringify(tree.toJSON())) as CartTreeJson;
    return new CartRegressor(
      hp,
      json,
      new TreeEnsemble(0, [flatTreeFromCartJson(json)], x.nFeatures, { maxDepth: hp.maxDepth, minSamplesLeaf: 1 }),
    );
  }

  predict(x: DenseMatrix): Float64Array {
    return this.ensemble.predict(x);
  }

  /** ml-cart's own JSON is the stored form (loadable with `DecisionTreeRegression.load`). */
  toJSON(): CartDocument {
    return {
      kind: 'cart',
      hyperparameters: this.hyperparameters,
      nFeatures: this.ensemble.nFeatures,
      tree: this.cartJson,
    };
  }

  static fromJSON(doc: unknown, where = 'model'): CartRegressor {
    const parsed = cartDocumentSchema.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(`${where}.${issue.path.join('.')}: ${issue.message}`);
    }
    const { hyperparameters, nFeatures } = parsed.data;
    const tree = parsed.data.tree as CartTreeJson;
    const ensemble = new TreeEnsemble(0, [flatTreeFromCartJson(tree)], nFeatures, {
      maxDepth: hyperparameters.maxDepth,
      minSamplesLeaf: 1,
    });
    return new CartRegressor(hyperparameters, tree, ensemble);
  }
}

export interface CartDocument {
  kind: 'cart';
  hyperparameters: CartHyperparameters;
  nFeatures: number;
  tree: CartTreeJson;
}

const cartDocumentSchema = z.object({
  kind: z.literal('cart'),
  hyperparameters: z.object({ maxDepth: z.number().int().min(0), minNumSamples: z.number().int().min(1) }),
  nFeatures: z.number().int().positive(),
  tree: z.object({
    name: z.literal('DTRegression'),
    options: z.object({}).passthrough(),
    root: z.object({}).passthrough(),
  }),
});
