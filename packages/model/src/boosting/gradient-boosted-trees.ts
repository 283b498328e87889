import { z } from 'zod';
import { binMatrix, fitFeatureBins, type BinnedMatrix } from '../tree/binning.js';
import { assertDenseMatrix, type DenseMatrix } from '../tree/dense-matrix.js';
import type { FlatTree } from '../tree/flat-tree.js';
import { TreeGrower, predictBinnedRow, type GrownTree } from '../tree/grower.js';
import { createRng, sampleWithoutReplacement } from '../tree/rng.js';
import { TreeEnsemble } from '../ensemble/tree-ensemble.js';
import {
  ensembleDocumentSchema,
  ensembleFromDocument,
  ensembleToDocument,
  type EnsembleDocument,
} from '../ensemble/ensemble-document.js';
import { featureImportance, type FeatureImportance } from '../ensemble/importance.js';
import { pinballLoss } from '../metrics/interval-metrics.js';
import { quantileOf, quantileOfSorted } from '../metrics/quantile.js';
import {
  gbtHyperparametersSchema,
  resolveGbtHyperparameters,
  type GbtHyperparameters,
  type GbtObjective,
} from './hyperparameters.js';

export interface GbtTrainingSummary {
  /** Trees kept in the model. */
  nTrees: number;
  /** Validation loss per round when early stopping ran (before any refit): MSE, or pinball loss for a quantile objective. */
  validationMse?: number[];
  /** 1-based round with the lowest validation loss. */
  bestIteration?: number;
}

export interface GbtDocument {
  kind: 'gradient-boosted-trees';
  hyperparameters: GbtHyperparameters;
  training: GbtTrainingSummary;
  ensemble: EnsembleDocument;
}

const gbtDocumentSchema = z.object({
  kind: z.literal('gradient-boosted-trees'),
  hyperparameters: gbtHyperparametersSchema,
  training: z.object({
    nTrees: z.number().int().min(0),
    validationMse: z.array(z.number()).optional(),
    bestIteration: z.number().int().optional(),
  }),
  ensemble: ensembleDocumentSchema,
});

/**
 * Gradient-boosted regression trees grown by TreeGrower, stored as ml-cart trees: squared error by
 * default, or a quantile (pinball-loss) objective (`hyperparameters.objective`).
 */
export class GradientBoostedTrees {
  private constructor(
    readonly hyperparameters: GbtHyperparameters,
    readonly ensemble: TreeEnsemble,
    readonly training: GbtTrainingSummary,
  ) {}

  /**
   * Fits on rows in time order (early stopping holds out the LAST `validationFraction` rows).
   * Deterministic: the same data, hyperparameters and seed give an identical `toJSON()`.
   */
  static fit(
    x: DenseMatrix,
    y: ArrayLike<number>,
    hyperparameters: Partial<GbtHyperparameters> = {},
  ): GradientBoostedTrees {
    assertDenseMatrix(x, y.length);
    if (x.nRows < 2) throw new RangeError(`need at least 2 training rows, got ${x.nRows}`);
    for (let r = 0; r < y.length; r++) {
      if (!Number.isFinite(y[r])) throw new RangeError(`target row ${r} is ${y[r]}, expected a finite number`);
    }
    const hp = resolveGbtHyperparameters(hyperparameters);
    const binned = binMatrix(x, fitFeatureBins(x, hp.maxBins));
    const target = Float64Array.from(y);

    if (hp.earlyStoppingRounds !== undefined) {
      const nValid = Math.max(1, Math.floor(x.nRows * (hp.validationFraction ?? 0.1)));
      const run = boost(binned, target, x.nRows - nValid, hp, hp.nEstimators, hp.earlyStoppingRounds);
      const bestIteration = run.bestIteration;
      const summary = { validationMse: run.validationMse, bestIteration };
      if (hp.refitAfterEarlyStopping ?? true) {
        const refit = boost(binned, target, x.nRows, hp, bestIteration, undefined);
        return new GradientBoostedTrees(hp, refit.ensemble, { nTrees: bestIteration, ...summary });
      }
      const kept = new TreeEnsemble(
        run.ensemble.baseScore,
        run.ensemble.trees.slice(0, bestIteration),
        x.nFeatures,
        run.ensemble.growth,
      );
      return new GradientBoostedTrees(hp, kept, { nTrees: bestIteration, ...summary });
    }
    const run = boost(binned, target, x.nRows, hp, hp.nEstimators, undefined);
    return new GradientBoostedTrees(hp, run.ensemble, { nTrees: run.ensemble.trees.length });
  }

  get nFeatures(): number {
    return this.ensemble.nFeatures;
  }

  predict(x: DenseMatrix): Float64Array {
    return this.ensemble.predict(x);
  }

  predictRow(values: ArrayLike<number>, offset = 0): number {
    return this.ensemble.predictRow(values, offset);
  }

  featureImportance(featureNames: readonly string[]): FeatureImportance[] {
    return featureImportance(this.ensemble.trees, featureNames);
  }

  toJSON(): GbtDocument {
    return {
      kind: 'gradient-boosted-trees',
      hyperparameters: this.hyperparameters,
      training: this.training,
      ensemble: ensembleToDocument(this.ensemble),
    };
  }

  static fromJSON(doc: unknown, where = 'model'): GradientBoostedTrees {
    const parsed = gbtDocumentSchema.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(`${where}.${issue.path.join('.')}: ${issue.message}`);
    }
    const { hyperparameters, training, ensemble } = parsed.data;
    return new GradientBoostedTrees(hyperparameters, ensembleFromDocument(ensemble, `${where}.ensemble`), training);
  }
}

interface BoostRun {
  ensemble: TreeEnsemble;
  validationMse?: number[];
  bestIteration: number;
}

/**
 * Per-objective pieces of the boosting loop. Quantile: the start is the α quantile of the targets,
 * the gradient of pinball loss is its sign part (1 − α above the target, −α below; hessian 1, so
 * the grower's splits are those of LightGBM's quantile objective), and every leaf's value is then
 * replaced by the α quantile of the residuals of its rows — the step that actually minimises
 * pinball loss in the leaf (LightGBM's RenewTreeOutput), since a sign gradient carries no scale.
 */
interface ObjectiveParts {
  baseScore(y: Float64Array, nTrain: number): number;
  gradient(prediction: number, target: number): number;
  /** null: keep the grower's −G/(H+λ) leaves. */
  alpha: number | null;
  loss(prediction: number, target: number): number;
}

function objectiveParts(objective: GbtObjective | undefined): ObjectiveParts {
  if (objective === undefined || objective.kind === 'squared-error')
    return {
      baseScore: (y, nTrain) => {
        let sum = 0;
        for (let r = 0; r < nTrain; r++) sum += y[r];
        return sum / nTrain;
      },
      gradient: (prediction, target) => prediction - target,
      alpha: null,
      loss: (prediction, target) => (prediction - target) ** 2,
    };
  const { alpha } = objective;
  return {
    baseScore: (y, nTrain) => quantileOf(y.subarray(0, nTrain), alpha),
    gradient: (prediction, target) => (prediction >= target ? 1 - alpha : -alpha),
    alpha,
    loss: (prediction, target) => pinballLoss(target, prediction, alpha),
  };
}

/** Quantile leaves: each leaf's value becomes the α quantile of its rows' residuals × the learning rate. */
function renewQuantileLeaves(
  grown: GrownTree,
  rows: Int32Array,
  y: Float64Array,
  prediction: Float64Array,
  alpha: number,
  shrinkage: number,
  scratch: Float64Array,
): void {
  for (const { node, start, end } of grown.leaves) {
    if (end <= start) continue;
    const residuals = scratch.subarray(0, end - start);
    for (let i = start; i < end; i++) residuals[i - start] = y[rows[i]] - prediction[rows[i]];
    grown.tree.value[node] = quantileOfSorted(residuals.sort(), alpha) * shrinkage;
  }
}

/** Boosts on rows [0, nTrain); rows [nTrain, nRows) are the validation slice (if any). */
function boost(
  binned: BinnedMatrix,
  y: Float64Array,
  nTrain: number,
  hp: GbtHyperparameters,
  rounds: number,
  patience: number | undefined,
): BoostRun {
  const { nRows, nFeatures, codes } = binned;
  const random = createRng(hp.seed);
  const objective = objectiveParts(hp.objective);
  const baseScore = objective.baseScore(y, nTrain);
  const leafScratch = objective.alpha === null ? new Float64Array(0) : new Float64Array(nTrain);

  const prediction = new Float64Array(nRows).fill(baseScore);
  const gradients = new Float64Array(nRows);
  const grower = new TreeGrower(binned, {
    maxDepth: hp.maxDepth,
    minSamplesLeaf: hp.minSamplesLeaf,
    l2: hp.l2,
    minSplitGain: 0,
    shrinkage: hp.learningRate,
  });
  const nSample = Math.max(1, Math.round(hp.subsample * nTrain));
  const nColumns = Math.max(1, Math.round(hp.colsampleByTree * nFeatures));
  const allFeatures = Int32Array.from({ length: nFeatures }, (_, f) => f);
  const rowScratch = new Int32Array(nTrain);
  const allRows = Int32Array.from({ length: nTrain }, (_, i) => i);
  const rowBuffer = new Int32Array(nTrain);
  const featureScratch = new Int32Array(nFeatures);
  const trees: FlatTree[] = [];
  const validationMse: number[] = [];
  let best = Infinity;
  let bestIteration = rounds;

  for (let round = 0; round < rounds; round++) {
    let rows: Int32Array;
    if (nSample < nTrain) rows = sampleWithoutReplacement(nTrain, nSample, random, rowScratch);
    else {
      rowBuffer.set(allRows); // the grower permutes rows in place; restore ascending order for locality
      rows = rowBuffer;
    }
    const features =
      nColumns < nFeatures ? sampleWithoutReplacement(nFeatures, nColumns, random, featureScratch) : allFeatures;
    for (let i = 0; i < rows.length; i++) gradients[rows[i]] = objective.gradient(prediction[rows[i]], y[rows[i]]);
    const grown = grower.grow(gradients, null, rows, features);
    if (objective.alpha !== null)
      renewQuantileLeaves(grown, rows, y, prediction, objective.alpha, hp.learningRate, leafScratch);
    trees.push(grown.tree);
    for (let r = 0; r < nRows; r++) prediction[r] += predictBinnedRow(grown, codes, nRows, r);

    if (patience !== undefined && nTrain < nRows) {
      let sse = 0;
      for (let r = nTrain; r < nRows; r++) sse += objective.loss(prediction[r], y[r]);
      const mse = sse / (nRows - nTrain);
      validationMse.push(mse);
      if (mse < best) {
        best = mse;
        bestIteration = round + 1;
      } else if (round + 1 - bestIteration >= patience) break;
    }
  }
  const ensemble = new TreeEnsemble(baseScore, trees, nFeatures, {
    maxDepth: hp.maxDepth,
    minSamplesLeaf: hp.minSamplesLeaf,
  });
  return patience !== undefined
    ? { ensemble, validationMse, bestIteration }
    : { ensemble, bestIteration: trees.length };
}
