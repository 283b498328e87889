import { z } from 'zod';
import type { GbtHyperparameters } from '../boosting/hyperparameters.js';
import { VariantModel, variantModelDocumentSchema, type VariantModelDocument } from './variant-model.js';

/** The levels fitted when none are asked for: the 80 % interval and its median. */
export const defaultQuantileLevels: readonly number[] = Object.freeze([0.1, 0.5, 0.9]);

/**
 * The quantile trees are cheaper than the point ones (150 rounds at learning rate 0.1 instead of
 * 400 at 0.05): they set a band that split-conformal calibration rescales anyway, and six of them
 * (three levels, two variants) must train in at most 3× the point model's time (`model:bench`).
 */
export const defaultQuantileHyperparameters: Partial<GbtHyperparameters> = Object.freeze({
  nEstimators: 150,
  learningRate: 0.1,
});

export interface QuantileTrainingOptions {
  /** Quantile levels in (0, 1) (default 0.1, 0.5, 0.9); the 80 % interval needs 0.1, 0.5 and 0.9 among them. */
  levels?: readonly number[];
  /** Over the point model's hyperparameters (default `defaultQuantileHyperparameters`). */
  hyperparameters?: Partial<GbtHyperparameters>;
}

/** One pinball-loss model per level and variant, over the same features and target as the point models. */
export interface QuantileModels {
  levels: number[];
  withHistory: VariantModel[] | null;
  weatherCalendar: VariantModel[];
}

export interface QuantileModelsDocument {
  levels: number[];
  withHistory: VariantModelDocument[] | null;
  weatherCalendar: VariantModelDocument[];
}

export const quantileModelsDocumentSchema = z.object({
  levels: z.array(z.number().gt(0).lt(1)).min(1),
  withHistory: z.array(variantModelDocumentSchema).nullable(),
  weatherCalendar: z.array(variantModelDocumentSchema),
});

/** Whether the levels give an 80 % interval and its median (0.1, 0.5 and 0.9 among them). */
export function hasIntervalLevels(levels: readonly number[]): boolean {
  return [0.1, 0.5, 0.9].every((level) => levels.includes(level));
}

/** Sorted, distinct levels in (0, 1); throws RangeError naming the bad one. */
export function resolveQuantileLevels(levels: readonly number[] = defaultQuantileLevels): number[] {
  for (const level of levels)
    if (!(level > 0 && level < 1)) throw new RangeError(`quantile level ${level}: expected a number in (0, 1)`);
  const sorted = [...new Set(levels)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError('quantile levels: expected at least one level');
  return sorted;
}

/**
 * Fits the quantile models of one variant: `fit` is the point model's own fit (same rows, features
 * and target transform) with the pinball objective at each level.
 */
export function fitQuantileVariant(
  levels: readonly number[],
  hyperparameters: Partial<GbtHyperparameters>,
  fit: (hyperparameters: Partial<GbtHyperparameters>) => VariantModel,
): VariantModel[] {
  return levels.map((alpha) => fit({ ...hyperparameters, objective: { kind: 'quantile', alpha } }));
}

export function quantileModelsToJSON(models: QuantileModels): QuantileModelsDocument {
  return {
    levels: models.levels,
    withHistory: models.withHistory?.map((model) => model.toJSON()) ?? null,
    weatherCalendar: models.weatherCalendar.map((model) => model.toJSON()),
  };
}

export function quantileModelsFromJSON(doc: QuantileModelsDocument, where: string): QuantileModels {
  const load = (docs: VariantModelDocument[], part: string): VariantModel[] => {
    if (docs.length !== doc.levels.length)
      throw new RangeError(`${where}.${part}: ${docs.length} models for ${doc.levels.length} levels`);
    return docs.map((model, i) => VariantModel.fromJSON(model, `${where}.${part}[${i}]`));
  };
  return {
    levels: doc.levels,
    withHistory: doc.withHistory ? load(doc.withHistory, 'withHistory') : null,
    weatherCalendar: load(doc.weatherCalendar, 'weatherCalendar'),
  };
}
