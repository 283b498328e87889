import { z } from '@hono/zod-openapi';
import { requestLimits } from './limits.js';

/** The reference system's example body, used in the OpenAPI document and the docs page. */
export const referenceExampleRecord = {
  date: '2025-05-20',
  max_temp: 28,
  min_temp: 10.5,
  weather: '曇り',
} as const;

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30 and 2023-13-01). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (year < 1970 || year > 2050 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const isoDateSchema = z
  .string({ error: 'expected a date string YYYY-MM-DD' })
  .refine(isCalendarDate, { error: 'expected a real calendar date YYYY-MM-DD between 1970 and 2050' });

function bounded(label: string, min: number, max: number): z.ZodNumber {
  return z
    .number({ error: `expected ${label} as a finite number` })
    .min(min, { error: `expected ${label} ≥ ${min}` })
    .max(max, { error: `expected ${label} ≤ ${max}` });
}

const { minTempC, maxTempC } = requestLimits;

export const forecastRecordSchema = z
  .strictObject({
    date: isoDateSchema.openapi({ example: referenceExampleRecord.date }),
    max_temp: bounded('max_temp in ℃', minTempC, maxTempC).openapi({ example: 28 }),
    min_temp: bounded('min_temp in ℃', minTempC, maxTempC).openapi({ example: 10.5 }),
    weather: z
      .string({ error: 'expected weather as text (JMA 天気概況, e.g. 晴, 曇り, 雨) or null' })
      .max(requestLimits.maxWeatherTextLength, {
        error: `expected weather text of at most ${requestLimits.maxWeatherTextLength} characters`,
      })
      .nullable()
      .openapi({
        example: '曇り',
        description: 'JMA 天気概況 (昼) text; unknown text maps to a category named in the response',
      }),
    mean_temp: bounded('mean_temp in ℃', minTempC, maxTempC).optional(),
    humidity_mean: bounded('humidity_mean in %', 0, 100).optional(),
    sunshine_hours: bounded('sunshine_hours', 0, 24).optional(),
    precipitation_mm: bounded('precipitation_mm', 0, 2000).optional(),
  })
  .refine((record) => record.max_temp >= record.min_temp, {
    error: 'expected max_temp ≥ min_temp',
    path: ['max_temp'],
  })
  .openapi('ForecastRecord', { example: referenceExampleRecord });

export const demandObservationSchema = z
  .strictObject({
    date: isoDateSchema,
    peak: bounded('peak in 万kW', 0, 20000),
  })
  .openapi('DemandObservation', { example: { date: '2025-05-19', peak: 3321 } });

export const historySchema = z
  .array(demandObservationSchema)
  .max(requestLimits.maxHistoryEntries, {
    error: `expected at most ${requestLimits.maxHistoryEntries} history entries`,
  })
  .superRefine((observations, ctx) => {
    const seen = new Set<string>();
    observations.forEach((observation, index) => {
      if (seen.has(observation.date))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'date'],
          message: 'expected each date at most once in history',
          input: observation.date,
        });
      seen.add(observation.date);
    });
  })
  .openapi({ description: 'Recent actual daily peaks (万kW); enables the with-history (day-ahead) variant' });

export const featureRowSchema = z
  .tuple([z.string(), z.number(), z.number(), z.string().nullable()])
  .openapi({ example: ['2025-05-20', 28, 10.5, '曇り'] });

/** Every JSON body form `POST /predict` accepts (documentation; parsing is in parse-predict-request.ts). */
export const predictRequestSchema = z
  .union([
    forecastRecordSchema,
    z.array(forecastRecordSchema).min(1).max(requestLimits.maxRecords),
    z.object({
      records: z.array(forecastRecordSchema).min(1).max(requestLimits.maxRecords),
      history: historySchema.optional(),
    }),
    z.object({
      features: z.array(featureRowSchema).min(1).max(requestLimits.maxRecords),
      history: historySchema.optional(),
    }),
  ])
  .openapi('PredictRequest', { example: referenceExampleRecord });

export const servedPredictionSchema = z
  .object({
    date: z.string(),
    peakManKw: z.number(),
    variant: z.enum(['with-history', 'weather-calendar']),
    weatherCategory: z.string().nullable(),
  })
  .openapi('ServedPrediction');

export const modelInfoSchema = z
  .object({
    backend: z.enum(['local', 'sagemaker']),
    version: z.union([z.number(), z.string()]).nullable(),
    variant: z.array(z.enum(['with-history', 'weather-calendar'])),
  })
  .openapi('ModelSummary');

export const fieldErrorSchema = z
  .object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), value: z.unknown().optional() })
  .openapi('FieldError');

export const predictResponseSchema = z
  .object({
    predictions: z.array(z.number()).openapi({ example: [3363.47], description: 'Daily peak demand forecasts, 万kW' }),
    unit: z.literal('万kW'),
    model: modelInfoSchema,
    details: z.array(servedPredictionSchema),
    warnings: z.array(fieldErrorSchema),
  })
  .openapi('PredictResponse');

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    errors: z.array(fieldErrorSchema),
  })
  .openapi('Problem');
