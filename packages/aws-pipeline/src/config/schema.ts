import { defaultBucketName } from '@powercast/contracts';
import { z } from 'zod';
import { isPinnedImageUri } from '../registry/pinned-image.js';

/**
 * The one schema of `powercast.config.yaml`. Every default lives here (and only here); the
 * YAML file at the repo root repeats them with a comment per key. Objects are strict so an
 * unknown or misspelt key is an error instead of a silently ignored setting.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');

export const encoderSchema = z.strictObject({
  name: z.enum(['One-Hot', 'Ordinal']),
  columns: z.array(z.string().min(1)).min(1),
});

export const splitSchema = z
  .strictObject({
    split_date: isoDate.optional(),
    test_ratio: z.number().gt(0).lt(1).optional(),
    test_days: z.number().int().positive().optional(),
  })
  .refine(
    (split) => [split.split_date, split.test_ratio, split.test_days].filter((v) => v !== undefined).length === 1,
    {
      message: 'set exactly one of split_date, test_ratio, test_days',
    },
  );

export const thresholdsSchema = z.strictObject({
  hot_day: z.number().default(30),
  cold_day: z.number().default(5),
  cdd_base: z.number().default(18),
  hdd_base: z.number().default(18),
});

/** Omitted hyperparameters fall back to the defaults of @powercast/model (documented there). */
export const hyperparametersSchema = z.strictObject({
  n_estimators: z.number().int().positive().optional(),
  learning_rate: z.number().positive().optional(),
  max_depth: z.number().int().positive().optional(),
  min_samples_leaf: z.number().int().positive().optional(),
  subsample: z.number().gt(0).max(1).optional(),
  colsample_by_tree: z.number().gt(0).max(1).optional(),
  l2: z.number().min(0).optional(),
  early_stopping_rounds: z.number().int().positive().optional(),
  validation_fraction: z.number().gt(0).lt(1).optional(),
  seed: z.number().int().optional(),
});

export const awsSchema = z.strictObject({
  region: z.string().min(1).default('ap-northeast-1'),
  environment: z.enum(['dev', 'prod']).default('dev'),
  bucket: z.string().min(1).default(defaultBucketName('dev')),
  pipeline_name: z.string().min(1).default('PowerForecastPipeline'),
  sagemaker_role_arn: z.string().default('arn:aws:iam::123456789012:role/powercast-sagemaker-execution-dev'),
  image_uri: z.string().default('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/powercast-trainer:latest'),
  /** By digest: a registered package must name exactly one image (a tag can be pushed again). */
  inference_image_uri: z
    .string()
    .refine(isPinnedImageUri, 'expected the serving image by digest: <repository>@sha256:<64 hex digits>, not a tag')
    .default(`123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/powercast-predict-api@sha256:${'0'.repeat(64)}`),
  processing_instance_type: z.string().default('ml.t3.medium'),
  training_instance_type: z.string().default('ml.m5.large'),
  inference_instance_type: z.string().default('ml.t2.medium'),
  instance_count: z.number().int().positive().default(1),
});

/**
 * How much worse (MSE, percent) a candidate may be than the deployed model on the same window and still be
 * offered for approval. 5 %: retraining on a few more weeks moves a 92-day MSE by a few percent either way, so
 * a smaller margin would reject noise, a larger one would let a real regression through.
 */
export const DEFAULT_CHALLENGER_MARGIN_PCT = 5;

/**
 * How TrainModel calibrates the served 80 % interval: `balanced-band` on the year of held-out ex-ante days
 * before the train end (@powercast/model's `calibrateExAnte`, retrained quarterly), or `none` (the quantile
 * models' band as is). The names are the model package's; this list stays here so the config loads without it.
 */
export const INTERVAL_CALIBRATIONS = ['balanced-band', 'none'] as const;
export type IntervalCalibrationSetting = (typeof INTERVAL_CALIBRATIONS)[number];

export const configSchema = z.strictObject({
  data_dir: z.string().min(1).default('data/raw'),
  join: z.enum(['target', 'inner']).default('target'),
  target: z.enum(['peak_hourly', 'peak_5min']).default('peak_hourly'),
  feature_set: z.enum(['reference', 'extended']).default('extended'),
  split: splitSchema.prefault({ test_days: 92 }),
  encoders: z.array(encoderSchema).default([{ name: 'One-Hot', columns: ['weather_category'] }]),
  thresholds: thresholdsSchema.prefault({}),
  hyperparameters: hyperparametersSchema.prefault({}),
  mse_threshold: z.number().positive().default(40_000),
  challenger_margin_pct: z.number().min(0).default(DEFAULT_CHALLENGER_MARGIN_PCT),
  interval_calibration: z.enum(INTERVAL_CALIBRATIONS).default('balanced-band'),
  store: z.string().min(1).default('.powercast'),
  registry_group: z.string().min(1).default('PowerForecastPackageGroup'),
  aws: awsSchema.prefault({}),
  /**
   * Accuracy monitoring of the daily job (thresholds, clear margins, windows). Its keys and defaults are
   * @powercast/monitoring's (`parseMonitoringConfig`), which the trainer validates them with; this schema
   * only keeps the section's place, so the other readers of the file (approval, infra) accept it.
   */
  monitoring: z.record(z.string(), z.unknown()).optional(),
});

export type PowercastConfig = z.infer<typeof configSchema>;
export type SplitConfig = z.infer<typeof splitSchema>;
export type EncoderSettings = z.infer<typeof encoderSchema>;
export type HyperparameterSettings = z.infer<typeof hyperparametersSchema>;
export type AwsConfig = z.infer<typeof awsSchema>;
