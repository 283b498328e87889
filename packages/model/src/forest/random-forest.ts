import { binMatrix, fitFeatureBins } from '../tree/binning.js';
import { assertDenseMatrix, type DenseMatrix } from '../tree/dense-matrix.js';
import type { FlatTree } from '../tree/flat-tree.js';
import { TreeGrower } from '../tree/grower.js';
import { createRng, sampleWithoutReplacement } from '../tree/rng.js';
import { TreeEnsemble } from '../ensemble/tree-ensemble.js';
import { featureImportance, type FeatureImportance } from '../ensemble/importance.js';
import {
  ensembleDocumentSchema,
  ensembleFromDocument,
  ensembleToDocument,
  type EnsembleDocument,
} from '../ensemble/ensemble-document.js';
import { z } from 'zod';

export interface RandomForestHyperparameters {
  nEstimators: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** Fraction of features each tree may split on. */
  maxFeatures: number;
  seed: number;
}

export interface RandomForestDocument {
  kind: 'random-forest';
  hyperparameters: RandomForestHyperparameters;
  ensemble: EnsembleDocument;
}

const randomForestDocumentSchema = z.object({
  kind: z.literal('random-forest'),
  hyperparameters: z.object({
    nEstimators: z.number().int().min(1),
    maxDepth: z.number().int().min(0),
    minSamplesLeaf: z.number().int().min(1),
    maxFeatures: z.number().gt(0).max(1),
    seed: z.number().int(),
  }),
  ensemble: ensembleDocumentSchema,
});

export const defaultRandomForestHyperparameters: RandomForestHyperparameters = {
  nEstimators: 200,
  maxDepth: 12,
  minSamplesLeaf: 3,
  maxFeatures: 0.6,
  seed: 42,
};

/**
 * Bagged regression trees (bootstrap rows, per-tree feature subsets), a baseline. Leaves hold
 * mean / nTrees so the forest, like boosting, is a plain sum of ml-cart trees.
 */
export class RandomForest {
  private constructor(
    readonly hyperparameters: RandomForestHyperparameters,
    readonly ensemble: TreeEnsemble,
  ) {}

  static fit(
    x: DenseMatrix,
    y: ArrayLike<number>,
    hyperparameters: Partial<RandomForestHyperparameters> = {},
  ): RandomForest {
    assertDenseMatrix(x, y.length);
    const hp = { ...defaultRandomForestHyperparameters, ...hyperparameters };
    if (!(hp.nEstimators >= 1 && hp.maxFeatures > 0 && hp.maxFeatures <= 1 && hp.minSamplesLeaf >= 1)) {
      throw new RangeError(`invalid random forest hyperparameters ${JSON.stringify(hp)}`);
    }
    const binned = binMatrix(x, fitFeatureBins(x));
    const random = createRng(hp.seed);
    const negatedTarget = Float64Array.from(y, (v) => -v); // gradient of squared error at 0 → leaf = mean
    const grower = new TreeGrower(binned, {
      maxDepth: hp.maxDepth,
      minSamplesLeaf: hp.minSamplesLeaf,
      l2: 0,
      minSplitGain: 0,
      shrinkage: 1 / hp.nEstimators,
    });
    const nColumns = Math.max(1, Math.round(hp.maxFeatures * x.nFeatures));
    const trees: FlatTree[] = [];
    for (let t = 0; t < hp.nEstimators; t++) {
      const rows = new Int32Array(x.nRows);
      for (let i = 0; i < x.nRows; i++) rows[i] = Math.floor(random() * x.nRows);
      rows.sort();
      const features = sampleWithoutReplacement(x.nFeatures, nColumns, random);
      trees.push(grower.grow(negatedTarget, null, rows, features).tree);
    }
    return new RandomForest(
      hp,
      new TreeEnsemble(0, trees, x.nFeatures, { maxDepth: hp.maxDepth, minSamplesLeaf: hp.minSamplesLeaf }),
    );
  }

  predict(x: DenseMatrix): Float64Array {
    return this.ensemble.predict(x);
  }

  featureImportance(featureNames: readonly string[]): FeatureImportance[] {
    return featureImportance(this.ensemble.trees, featureNames);
  }

  toJSON(): RandomForestDocument {
    return {
      kind: 'random-forest',
      hyperparameters: this.hyperparameters,
      ensemble: ensembleToDocument(this.ensemble),
    };
  }

  static fromJSON(doc: unknown, where = 'model'): RandomForest {
    const parsed = randomForestDocumentSchema.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(`${where}.${issue.path.join('.')}: ${issue.message}`);
    }
    return new RandomForest(
      parsed.data.hyperparameters,
      ensembleFromDocument(parsed.data.ensemble, `${where}.ensemble`),
    );
  }
}
