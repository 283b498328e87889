import { z } from '@hono/zod-openapi';
import { requestLimits } from './limits.js';
import { QUALITY_USED } from '../inputs/input-quality.js';
import { physicalRanges, rangeMessage, type PhysicalRange } from './physical-ranges.js';

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

/** A number inside a data-quality rule's physical range; the message names the field, the range and the rule. */
function physical(field: string, range: PhysicalRange): z.ZodNumber {
  const message = rangeMessage(field, range);
  return z
    .number({ error: `expected ${field} in ${range.unit} as a finite number` })
    .min(range.min, { error: message })
    .max(range.max, { error: message });
}

const { temperatureC, dailyPeakManKw } = physicalRanges;

/** Bounds of the optional record fields (not physical-range rules of the training data). */
export const optionalFieldBounds = {
  humidity_mean: { min: 0, max: 100 },
  sunshine_hours: { min: 0, max: 24 },
  precipitation_mm: { min: 0, max: 2000 },
} as const;

export const forecastRecordSchema = z
  .strictObject({
    date: isoDateSchema.openapi({ example: referenceExampleRecord.date }),
    max_temp: physical('max_temp', temperatureC).openapi({ example: 28 }),
    min_temp: physical('min_temp', temperatureC).openapi({ example: 10.5 }),
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
    mean_temp: physical('mean_temp', temperatureC).optional(),
    humidity_mean: bounded(
      'humidity_mean in %',
      optionalFieldBounds.humidity_mean.min,
      optionalFieldBounds.humidity_mean.max,
    ).optional(),
    sunshine_hours: bounded(
      'sunshine_hours',
      optionalFieldBounds.sunshine_hours.min,
      optionalFieldBounds.sunshine_hours.max,
    ).optional(),
    precipitation_mm: bounded(
      'precipitation_mm',
      optionalFieldBounds.precipitation_mm.min,
      optionalFieldBounds.precipitation_mm.max,
    ).optional(),
  })
  .refine((record) => record.max_temp >= record.min_temp, {
    error: 'expected max_temp ≥ min_temp',
    path: ['max_temp'],
  })
  .openapi('ForecastRecord', { example: referenceExampleRecord });

export const demandObservationSchema = z
  .strictObject({
    date: isoDateSchema,
    peak: physical('peak', dailyPeakManKw),
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

export const historyReportSchema = z
  .object({
    source: z.enum(['request', 'trusted-data', 'none']).openapi({
      description:
        "request: the caller's own history (applies to this request only); trusted-data: the service's latest actuals " +
        'from its data folder, lent when they end 1..7 days before the first record; none',
    }),
    asOf: z.string().nullable().openapi({ description: 'The newest actual of the history used' }),
    daysGiven: z.number().int().openapi({ description: 'Days of history the caller sent' }),
    daysNeeded: z.number().int().openapi({
      description:
        'Days before a record the with-history variant reads (the day before, 7 days before, and at least 14 working days of these)',
    }),
    note: z.string().nullable().openapi({
      description: 'Why some records were answered by the weather-and-calendar variant (null when none was)',
    }),
  })
  .openapi('HistoryReport');

export const qualityFindingSchema = z
  .object({
    rule: z.string().openapi({ description: 'The QUALITY_RULES id (@powercast/data-loaders/quality)' }),
    series: z.string(),
    date: z.string().nullable(),
    file: z.string().openapi({ description: "The file inside the data folder, or the live feed's URL" }),
    member: z.string().optional(),
    line: z.number().int().nullable(),
    value: z.string().nullable().openapi({ description: 'The offending value (at most ~80 characters)' }),
    action: z.enum(['fail', 'drop', 'warn']),
    message: z.string(),
  })
  .openapi('QualityFinding');

export const inputQualitySchema = z
  .object({
    status: z.enum(['ok', 'fallback']).openapi({
      description:
        'ok: the trusted inputs used passed the data-quality rules; fallback: the newest copy failed a rule set to fail ' +
        'and was not used',
    }),
    findings: z.array(qualityFindingSchema).openapi({
      description: 'fallback: why the newest copy was refused; ok: warnings on the copy used (at most 10)',
    }),
    used: z.enum(QUALITY_USED).openapi({
      description:
        'What answered: request, trusted-data, live-feed, archive, none; after a refusal previous-good-actuals / previous-good-issue (the copy before it) or weather-calendar (no actuals, the weather-and-calendar variant)',
    }),
    detail: z.string(),
  })
  .openapi('InputQuality');

export const predictResponseSchema = z
  .object({
    predictions: z.array(z.number()).openapi({ example: [3363.47], description: 'Daily peak demand forecasts, 万kW' }),
    unit: z.literal('万kW'),
    model: modelInfoSchema,
    details: z.array(servedPredictionSchema),
    history: historyReportSchema,
    quality: inputQualitySchema,
    warnings: z.array(fieldErrorSchema),
  })
  .openapi('PredictResponse');

/** A live JMA forecast as JMA publishes it (documentation; the reader checks every field and names the path). */
export const jmaForecastJsonSchema = z
  .array(
    z.looseObject({
      publishingOffice: z.string(),
      reportDatetime: z.string().openapi({ example: '2023-08-01T17:00:00+09:00' }),
      timeSeries: z.array(z.looseObject({ timeDefines: z.array(z.string()), areas: z.array(z.looseObject({})) })),
    }),
  )
  .min(1)
  .openapi('JmaForecastJson', {
    description:
      "JMA's https://www.jma.go.jp/bosai/forecast/data/forecast/130000.json as published: [short-range report, weekly report]",
  });

/** The object form of a POST /forecast body. */
export const forecastRequestObjectSchema = z
  .strictObject({
    as_of: z
      .string({ error: 'expected as_of as text, an ISO 8601 time with offset' })
      .optional()
      .openapi({ example: '2023-08-01T18:00+09:00' }),
    jma_forecast: z.array(z.unknown(), { error: "expected jma_forecast as JMA's 130000.json (an array)" }).optional(),
  })
  .openapi('ForecastRequest');

export const forecastDaySchema = z
  .object({
    date: z.string(),
    leadDays: z.number().int().openapi({ description: 'Days after the as-of date (1 = tomorrow)' }),
    peakManKw: z.number().openapi({ description: 'Predicted daily peak, 万kW (not rounded: the model’s own figure)' }),
    variant: z.enum(['with-history', 'weather-calendar']),
    weatherCategory: z.string(),
    jmaIssuedAt: z.string().openapi({ description: "The JMA issue this day's weather came from" }),
    temperatureSource: z.enum(['short-range', 'weekly']),
    lowerAccuracy: z
      .boolean()
      .openapi({ description: "D+2 and later: JMA's weekly forecast, no demand of the day before" }),
  })
  .openapi('ForecastDay');

export const forecastResponseSchema = z
  .object({
    asOf: z.string().openapi({ example: '2023-08-01T18:00:00+09:00' }),
    latestIssueAt: z.string().openapi({ description: 'The latest JMA issue at or before the as-of' }),
    forecastSource: z
      .string()
      .openapi({ description: 'Where the JMA issues came from (the request body, the live feed, the data archive)' }),
    trainedWindow: z.object({ from: z.string(), to: z.string(), nRows: z.number().int() }),
    days: z.array(forecastDaySchema),
    unit: z.literal('万kW'),
    model: z.object({
      backend: z.literal('local'),
      version: z.union([z.number(), z.string()]).nullable(),
    }),
    weather: z.object({
      source: z.enum(['request', 'live-feed', 'archive']),
      fetchedAt: z.string().nullable().openapi({ description: 'When the live feed was fetched (live-feed only)' }),
    }),
    quality: inputQualitySchema,
  })
  .openapi('ForecastResponse');

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    errors: z.array(fieldErrorSchema),
  })
  .openapi('Problem');
