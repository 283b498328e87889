import type { ColumnTable } from 'arquero';
import { z } from 'zod';
import { calendarTable } from './calendar.js';
import { featureConfigSchema, resolveFeatureConfig, type EncodableColumn, type FeatureConfig } from './config.js';
import { demandHistoryFromColumns } from './demand-history.js';
import { summariseFeatures, type FeatureDistribution } from './drift.js';
import { fitEncoder, type FittedEncoderState } from './encoders.js';
import { FeatureConfigError } from './errors.js';
import { featureLayout, type FeatureLayout } from './feature-names.js';
import { inputsFromTable, type DailyInputs } from './inputs.js';
import { computeFeatureMatrix } from './kernel.js';
import { resolvePreviousWeather } from './previous-weather.js';

/** Version of the spec layout; bump when a feature's definition changes. */
export const FEATURE_SPEC_VERSION = 1;

/** Everything serving needs to rebuild the training features; JSON, stored in every model artifact. */
export interface FeatureSpec {
  specVersion: number;
  config: FeatureConfig;
  encoders: FittedEncoderState[];
  /** Ordered columns of the full matrix. */
  featureNames: string[];
  /** The columns usable without demand history (a prefix of `featureNames`). */
  weatherCalendarFeatureNames: string[];
  /** Lag features: need actuals up to the day before the target date. */
  recentDemandFeatureNames: string[];
  /** Training distribution of every feature, for drift checks. */
  trainingStats: FeatureDistribution;
}

const layoutCache = new WeakMap<FeatureSpec, FeatureLayout>();

/** The column layout of a spec (cached per spec object). */
export function specLayout(spec: FeatureSpec): FeatureLayout {
  let layout = layoutCache.get(spec);
  if (!layout) {
    layout = featureLayout(spec.config, spec.encoders);
    layoutCache.set(spec, layout);
  }
  return layout;
}

function encoderValues(inputs: DailyInputs, column: EncodableColumn): string[] {
  if (column === 'weather_category') return inputs.weatherCategory;
  const cal = calendarTable();
  const source = column === 'month' ? cal.month : column === 'dow' ? cal.dow : cal.year;
  return Array.from(inputs.calendarIndex, (c) => String(source[c]));
}

/**
 * Fit the feature spec on training rows only: encoder categories and the training
 * distribution come from `train`; the config is completed with the defaults.
 */
export function fitFeatureSpec(train: ColumnTable, config: Partial<FeatureConfig> = {}): FeatureSpec {
  const resolved = resolveFeatureConfig(config);
  const inputs = inputsFromTable(train);
  if (inputs.n === 0) throw new FeatureConfigError('cannot fit a feature spec on an empty training table');
  const encoders = resolved.encoders.flatMap((encoder) =>
    (encoder.columns as EncodableColumn[]).map((column) =>
      fitEncoder(encoder.name, column, encoderValues(inputs, column)),
    ),
  );
  const layout = featureLayout(resolved, encoders);
  const names = new Set(train.columnNames());
  const history = names.has(resolved.target)
    ? demandHistoryFromColumns(inputs.calendarIndex, train.array(resolved.target) as unknown[])
    : demandHistoryFromColumns(new Int32Array(0), []);
  const matrix = computeFeatureMatrix(inputs, resolvePreviousWeather(inputs), history, resolved, layout);
  return {
    specVersion: FEATURE_SPEC_VERSION,
    config: resolved,
    encoders,
    featureNames: layout.featureNames,
    weatherCalendarFeatureNames: layout.weatherCalendarFeatureNames,
    recentDemandFeatureNames: layout.recentDemandFeatureNames,
    trainingStats: summariseFeatures(matrix),
  };
}

const finite = z.number();
const specSchema = z.object({
  specVersion: z.literal(FEATURE_SPEC_VERSION),
  config: featureConfigSchema,
  encoders: z.array(
    z.object({
      name: z.enum(['One-Hot', 'Ordinal']),
      column: z.enum(['weather_category', 'month', 'dow', 'year']),
      categories: z.array(z.string()),
    }),
  ),
  featureNames: z.array(z.string()),
  weatherCalendarFeatureNames: z.array(z.string()),
  recentDemandFeatureNames: z.array(z.string()),
  trainingStats: z.object({
    nRows: z.number().int().nonnegative(),
    features: z.array(
      z.object({
        feature: z.string(),
        edges: z.array(finite),
        proportions: z.array(finite),
        missingShare: finite,
        mean: finite.nullable(),
        std: finite.nullable(),
        min: finite.nullable(),
        max: finite.nullable(),
      }),
    ),
    weatherCategoryShares: z.record(z.string(), finite),
  }),
});

/**
 * Validate a spec read back from JSON (e.g. a model artifact). Also checks that its feature
 * names are exactly what this version of the package computes from its config and encoders,
 * so a spec from an incompatible version fails loudly instead of shifting columns.
 */
export function parseFeatureSpec(input: unknown): FeatureSpec {
  const result = specSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new FeatureConfigError(`invalid feature spec: ${problems.slice(0, 10).join('; ')}`);
  }
  const spec = result.data as FeatureSpec;
  const expected = featureLayout(spec.config, spec.encoders).featureNames;
  if (expected.join('\u0000') !== spec.featureNames.join('\u0000')) {
    throw new FeatureConfigError(
      `feature spec lists [${spec.featureNames.join(', ')}] but its config and encoders give [${expected.join(', ')}]`,
    );
  }
  return spec;
}
