import { UserInputError } from '@powercast/contracts';
import { z } from 'zod';
import type { FeatureSpec, TargetColumn } from '@powercast/features';
import { gbtHyperparametersSchema, type GbtHyperparameters } from '../boosting/hyperparameters.js';
import { variantModelDocumentSchema, type VariantModelDocument } from './variant-model.js';
import { answerSettingsSchema, type AnswerSettings } from './ex-ante-answer.js';
import { quantileModelsDocumentSchema, type QuantileModelsDocument } from './quantile-models.js';
import { intervalCalibrationSchema, type IntervalCalibration } from './interval-calibration.js';

/** Bump when model.json changes incompatibly; loadModel refuses other versions. */
export const MODEL_SCHEMA_VERSION = 1;

/** model.json: everything needed to serve the model without retraining. */
export interface ModelDocument {
  schemaVersion: typeof MODEL_SCHEMA_VERSION;
  kind: 'powercast-forecast-model';
  spec: FeatureSpec;
  models: { withHistory: VariantModelDocument | null; weatherCalendar: VariantModelDocument };
  training: { window: { from: string; to: string; nRows: number }; dataFingerprint: string; target: TargetColumn };
  hyperparameters: { withHistory: GbtHyperparameters | null; weatherCalendar: GbtHyperparameters };
  libraries: Record<string, string>;
  /** How the model answers a forecast as issued; absent in models written before it existed (they answer with the defaults). */
  answer?: AnswerSettings;
  /** Pinball-loss models behind the interval; absent in point models (they answer without an interval). */
  quantiles?: QuantileModelsDocument;
  /** Split-conformal calibration of the interval; absent: the quantile band as is. */
  intervalCalibration?: IntervalCalibration;
}

/** A model document (model.json) that does not match the schema; names the field. */
export class ModelDocumentError extends UserInputError {
  override name = 'ModelDocumentError';
  readonly kind = 'invalid-model-document';
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The feature spec is owned by @powercast/features; here only the parts the model relies on are checked. */
const specSchema = z
  .object({
    specVersion: z.number(),
    config: z.object({ target: z.enum(['peak_hourly', 'peak_5min']) }).passthrough(),
    featureNames: z.array(z.string()).min(1),
    weatherCalendarFeatureNames: z.array(z.string()),
    recentDemandFeatureNames: z.array(z.string()),
  })
  .passthrough();

const modelDocumentSchema = z.object({
  schemaVersion: z.literal(MODEL_SCHEMA_VERSION),
  kind: z.literal('powercast-forecast-model'),
  spec: specSchema,
  models: z.object({ withHistory: variantModelDocumentSchema.nullable(), weatherCalendar: variantModelDocumentSchema }),
  training: z.object({
    window: z.object({ from: isoDate, to: isoDate, nRows: z.number().int().min(0) }),
    dataFingerprint: z.string(),
    target: z.enum(['peak_hourly', 'peak_5min']),
  }),
  hyperparameters: z.object({
    withHistory: gbtHyperparametersSchema.nullable(),
    weatherCalendar: gbtHyperparametersSchema,
  }),
  libraries: z.record(z.string(), z.string()),
  answer: answerSettingsSchema.optional(),
  quantiles: quantileModelsDocumentSchema.optional(),
  intervalCalibration: intervalCalibrationSchema.optional(),
});

export function parseModelDocument(doc: unknown): ModelDocument {
  const version = (doc as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof doc !== 'object' || doc === null)
    throw new ModelDocumentError(`model document is ${doc === null ? 'null' : typeof doc}, expected an object`);
  if (version !== MODEL_SCHEMA_VERSION) {
    throw new ModelDocumentError(
      `model document schemaVersion is ${JSON.stringify(version)}; this @powercast/model reads version ${MODEL_SCHEMA_VERSION} only`,
    );
  }
  const parsed = modelDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelDocumentError(`model document field ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data as unknown as ModelDocument;
}
