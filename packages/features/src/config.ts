import { z } from 'zod';
import { FeatureConfigError } from './errors.js';
import type { TemperatureThresholds } from './temperature.js';

export type FeatureSetName = 'reference' | 'extended';
export type TargetColumn = 'peak_hourly' | 'peak_5min';
export type EncoderName = 'One-Hot' | 'Ordinal';

/** Columns an encoder may take: the weather category and the integer calendar columns. */
export const ENCODABLE_COLUMNS = ['weather_category', 'month', 'dow', 'year'] as const;
export type EncodableColumn = (typeof ENCODABLE_COLUMNS)[number];

/** Optional JMA daily columns that become features only when listed in the config. */
export const EXTRA_WEATHER_COLUMNS = ['mean_temp', 'humidity_mean', 'sunshine_hours', 'precipitation_mm'] as const;
export type ExtraWeatherColumn = (typeof EXTRA_WEATHER_COLUMNS)[number];

export interface EncoderConfig {
  name: EncoderName;
  columns: string[];
}

export interface FeatureConfig {
  featureSet: FeatureSetName;
  target: TargetColumn;
  thresholds: TemperatureThresholds;
  encoders: EncoderConfig[];
  /** Extra JMA columns used as features (NaN where a row lacks them). Default none. */
  extraWeatherColumns: ExtraWeatherColumn[];
}

/** The defaults, in one place: extended features, hourly peak, reference thresholds and encoder. */
export const defaultFeatureConfig: FeatureConfig = Object.freeze({
  featureSet: 'extended',
  target: 'peak_hourly',
  thresholds: Object.freeze({ hotDay: 30, coldDay: 5, cddBase: 18, hddBase: 18 }),
  encoders: Object.freeze([Object.freeze({ name: 'One-Hot', columns: Object.freeze(['weather_category']) })]),
  extraWeatherColumns: Object.freeze([]),
}) as unknown as FeatureConfig;

const thresholdsSchema = z.object({
  hotDay: z.number(),
  coldDay: z.number(),
  cddBase: z.number(),
  hddBase: z.number(),
});

const encoderSchema = z.object({
  name: z.enum(['One-Hot', 'Ordinal']),
  columns: z.array(z.enum(ENCODABLE_COLUMNS)).min(1),
});

export const featureConfigSchema = z
  .object({
    featureSet: z.enum(['reference', 'extended']),
    target: z.enum(['peak_hourly', 'peak_5min']),
    thresholds: thresholdsSchema,
    encoders: z.array(encoderSchema),
    extraWeatherColumns: z.array(z.enum(EXTRA_WEATHER_COLUMNS)),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.encoders.forEach((encoder, i) =>
      encoder.columns.forEach((column, j) => {
        if (seen.has(column)) {
          ctx.addIssue({
            code: 'custom',
            path: ['encoders', i, 'columns', j],
            message: `column '${column}' is encoded twice`,
          });
        }
        seen.add(column);
      }),
    );
    if (new Set(config.extraWeatherColumns).size !== config.extraWeatherColumns.length) {
      ctx.addIssue({ code: 'custom', path: ['extraWeatherColumns'], message: 'columns must be distinct' });
    }
  });

const partialConfigSchema = z
  .object({
    featureSet: z.unknown(),
    target: z.unknown(),
    thresholds: thresholdsSchema.partial(),
    encoders: z.unknown(),
    extraWeatherColumns: z.unknown(),
  })
  .partial()
  .strict();

function configError(error: z.ZodError): FeatureConfigError {
  const problems = error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`);
  return new FeatureConfigError(`invalid feature config: ${problems.join('; ')}`);
}

/**
 * A complete, validated config from a partial one (thresholds merge key by key with the defaults).
 * Throws `FeatureConfigError` listing every problem.
 */
export function resolveFeatureConfig(partial: unknown = {}): FeatureConfig {
  const shape = partialConfigSchema.safeParse(partial ?? {});
  if (!shape.success) throw configError(shape.error);
  const given = shape.data;
  const merged = {
    featureSet: given.featureSet ?? defaultFeatureConfig.featureSet,
    target: given.target ?? defaultFeatureConfig.target,
    thresholds: { ...defaultFeatureConfig.thresholds, ...given.thresholds },
    encoders: given.encoders ?? defaultFeatureConfig.encoders,
    extraWeatherColumns: given.extraWeatherColumns ?? defaultFeatureConfig.extraWeatherColumns,
  };
  const result = featureConfigSchema.safeParse(merged);
  if (!result.success) throw configError(result.error);
  return result.data;
}
