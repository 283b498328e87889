import { UserInputError } from '@powercast/contracts';
import { z } from 'zod';
import type { FeatureConfig } from '@powercast/features';
import type { GbtHyperparameters } from '@powercast/model';
import {
  INTERVAL_CALIBRATIONS,
  encoderSchema,
  hyperparametersSchema,
  thresholdsSchema,
  type IntervalCalibrationSetting,
} from '../config/schema.js';
import type { ParameterValue } from '../pipeline/definition.js';

/** A pipeline parameter value a step cannot use; names the parameter and what was expected. */
export class StepParameterError extends UserInputError {
  override readonly name = 'StepParameterError';
  readonly kind = 'invalid-step-parameter';
  constructor(
    readonly parameter: string,
    detail: string,
  ) {
    super(`pipeline parameter "${parameter}": ${detail}`);
  }
}

function parseJsonParameter<T>(parameters: Record<string, ParameterValue>, name: string, schema: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(parameters[name]));
  } catch {
    throw new StepParameterError(name, `expected JSON, got ${JSON.stringify(parameters[name])}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new StepParameterError(name, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

function oneOf<T extends string>(parameters: Record<string, ParameterValue>, name: string, allowed: readonly T[]): T {
  const value = String(parameters[name]);
  if (!(allowed as readonly string[]).includes(value))
    throw new StepParameterError(name, `expected one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** The feature settings from pipeline parameters (snake_case config → the features package's FeatureConfig). */
export function featureConfigFrom(parameters: Record<string, ParameterValue>): Partial<FeatureConfig> {
  const thresholds = parseJsonParameter(parameters, 'feature_thresholds', thresholdsSchema);
  const encoders = parseJsonParameter(parameters, 'encoders', z.array(encoderSchema));
  return {
    target: oneOf(parameters, 'target', ['peak_hourly', 'peak_5min'] as const),
    featureSet: oneOf(parameters, 'feature_set', ['reference', 'extended'] as const),
    thresholds: {
      hotDay: thresholds.hot_day,
      coldDay: thresholds.cold_day,
      cddBase: thresholds.cdd_base,
      hddBase: thresholds.hdd_base,
    },
    encoders: encoders.map((encoder) => ({
      name: encoder.name,
      columns: encoder.columns,
    })) as FeatureConfig['encoders'],
  };
}

export function joinModeFrom(parameters: Record<string, ParameterValue>): 'target' | 'inner' {
  return oneOf(parameters, 'join', ['target', 'inner'] as const);
}

/** How TrainModel calibrates the served interval (`interval_calibration`). */
export function intervalCalibrationFrom(parameters: Record<string, ParameterValue>): IntervalCalibrationSetting {
  return oneOf(parameters, 'interval_calibration', INTERVAL_CALIBRATIONS);
}

export function hyperparametersFrom(parameters: Record<string, ParameterValue>): Partial<GbtHyperparameters> {
  const settings = parseJsonParameter(parameters, 'hyperparameters', hyperparametersSchema);
  const mapped: Partial<GbtHyperparameters> = {
    nEstimators: settings.n_estimators,
    learningRate: settings.learning_rate,
    maxDepth: settings.max_depth,
    minSamplesLeaf: settings.min_samples_leaf,
    subsample: settings.subsample,
    colsampleByTree: settings.colsample_by_tree,
    l2: settings.l2,
    earlyStoppingRounds: settings.early_stopping_rounds,
    validationFraction: settings.validation_fraction,
    seed: settings.seed,
  };
  return Object.fromEntries(
    Object.entries(mapped).filter(([, value]) => value !== undefined),
  ) as Partial<GbtHyperparameters>;
}

export type SplitRule = { splitDate: string } | { testRatio: number } | { testDays: number };

/** Exactly one of split_date ('none' or '' = unused), test_days (0 = unused), test_ratio (0 = unused). */
export function splitRuleFrom(parameters: Record<string, ParameterValue>): SplitRule {
  const splitDate = String(parameters['split_date'] ?? 'none');
  const testDays = Number(parameters['test_days'] ?? 0);
  const testRatio = Number(parameters['test_ratio'] ?? 0);
  const rules: SplitRule[] = [];
  if (splitDate !== '' && splitDate !== 'none') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(splitDate))
      throw new StepParameterError('split_date', `expected YYYY-MM-DD, got "${splitDate}"`);
    rules.push({ splitDate });
  }
  if (testDays !== 0) rules.push({ testDays });
  if (testRatio !== 0) rules.push({ testRatio });
  if (rules.length !== 1) {
    throw new StepParameterError(
      'split_date',
      `set exactly one of split_date, test_days, test_ratio (got ${rules.length})`,
    );
  }
  return rules[0]!;
}
