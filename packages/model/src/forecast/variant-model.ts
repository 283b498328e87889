import { z } from 'zod';
import { GradientBoostedTrees, type GbtDocument } from '../boosting/gradient-boosted-trees.js';
import type { GbtHyperparameters } from '../boosting/hyperparameters.js';
import type { FeatureImportance } from '../ensemble/importance.js';
import { columnIndices, selectMatrix } from './column-subset.js';

export type ForecastVariant = 'with-history' | 'weather-calendar';

/**
 * What the trees predict. `level`: the peak itself. `ratio`: peak ÷ a recent-demand feature
 * (`base`), so the trees learn relative movements and a demand level outside the training
 * range (2023 fell below 2022 at equal temperatures) carries through the base feature.
 */
export type TargetTransform = { kind: 'level' } | { kind: 'ratio'; base: string };

export interface VariantModelDocument {
  variant: ForecastVariant;
  featureNames: string[];
  target: TargetTransform;
  gbt: GbtDocument;
}

export const targetTransformSchema = z.union([
  z.object({ kind: z.literal('level') }),
  z.object({ kind: z.literal('ratio'), base: z.string().min(1) }),
]);

export const variantModelDocumentSchema = z.object({
  variant: z.enum(['with-history', 'weather-calendar']),
  featureNames: z.array(z.string()).min(1),
  target: targetTransformSchema,
  gbt: z.unknown(),
});

/** One boosted model over a named subset of the feature-spec columns. */
export class VariantModel {
  private readonly baseIndex: number;

  private constructor(
    readonly variant: ForecastVariant,
    readonly featureNames: string[],
    readonly target: TargetTransform,
    readonly gbt: GradientBoostedTrees,
  ) {
    this.baseIndex = target.kind === 'ratio' ? featureNames.indexOf(target.base) : -1;
    if (target.kind === 'ratio' && this.baseIndex < 0) {
      throw new RangeError(`${variant}: ratio target base '${target.base}' is not one of the model's features`);
    }
  }

  /** Fits on `rows` of a spec matrix (row-major over `matrixFeatureNames`), targets `peaks[row]`. */
  static fit(
    variant: ForecastVariant,
    matrix: { values: Float64Array; featureNames: readonly string[] },
    rows: ArrayLike<number>,
    peaks: ArrayLike<number>,
    featureNames: string[],
    target: TargetTransform,
    hyperparameters: Partial<GbtHyperparameters>,
  ): VariantModel {
    const columns = columnIndices(matrix.featureNames, featureNames, variant);
    const width = matrix.featureNames.length;
    const baseColumn = target.kind === 'ratio' ? columns[featureNames.indexOf(target.base)] : -1;
    if (target.kind === 'ratio' && baseColumn === undefined) {
      throw new RangeError(`${variant}: ratio target base '${target.base}' is not one of the model's features`);
    }
    // A ratio needs a positive base; rows without one cannot teach the ratio model.
    const usable = Array.from(rows).filter((row) => baseColumn < 0 || matrix.values[row * width + baseColumn] > 0);
    const x = selectMatrix(matrix.values, width, usable, columns);
    const y = Float64Array.from(usable, (row) =>
      baseColumn >= 0 ? peaks[row] / matrix.values[row * width + baseColumn] : peaks[row],
    );
    return new VariantModel(variant, featureNames, target, GradientBoostedTrees.fit(x, y, hyperparameters));
  }

  /** Predicted peak for a row of this model's own columns (`values[offset..]`). */
  predictRow(values: ArrayLike<number>, offset = 0): number {
    const raw = this.gbt.predictRow(values, offset);
    return this.baseIndex >= 0 ? raw * values[offset + this.baseIndex] : raw;
  }

  /**
   * Predicted peaks for `rows` of a spec matrix (row-major, `width` columns) whose model columns
   * are `columns`; uses the batch evaluator.
   */
  predictRows(values: Float64Array, width: number, rows: ArrayLike<number>, columns: Int32Array): Float64Array {
    const x = selectMatrix(values, width, rows, columns);
    const raw = this.gbt.predict(x);
    if (this.baseIndex >= 0)
      for (let i = 0; i < raw.length; i++) raw[i] *= x.values[i * columns.length + this.baseIndex];
    return raw;
  }

  featureImportance(): FeatureImportance[] {
    return this.gbt.featureImportance(this.featureNames);
  }

  toJSON(): VariantModelDocument {
    return { variant: this.variant, featureNames: this.featureNames, target: this.target, gbt: this.gbt.toJSON() };
  }

  static fromJSON(doc: VariantModelDocument, where: string): VariantModel {
    const gbt = GradientBoostedTrees.fromJSON(doc.gbt, `${where}.gbt`);
    if (gbt.nFeatures !== doc.featureNames.length) {
      throw new RangeError(`${where}: ${doc.featureNames.length} feature names but the trees expect ${gbt.nFeatures}`);
    }
    return new VariantModel(doc.variant, doc.featureNames, doc.target, gbt);
  }
}
