import { z } from '@hono/zod-openapi';
import { INTERVALS_UNAVAILABLE } from '@powercast/model';
import {
  forecastDaySchema,
  forecastResponseSchema,
  predictResponseSchema,
  servedPredictionSchema,
} from '../request/schemas.js';

/** The answers' probabilistic parts (#15), added to the response shapes the request schemas document. */
export const predictionIntervalSchema = z
  .object({ p10: z.number(), p50: z.number(), p90: z.number() })
  .openapi('PredictionInterval', {
    description: 'The 80 % interval (P10..P90) and median of the daily peak, 万kW; never crossing',
    example: { p10: 4780, p50: 4950, p90: 5120 },
  });

const weatherRangeSchema = z
  .object({ maxLower: z.number(), maxUpper: z.number(), minLower: z.number(), minUpper: z.number() })
  .nullable()
  .openapi({
    description: "JMA's weekly likely range (°C) that widened the interval on leads 2–7; null when none did",
  });

const tightSupplySchema = z
  .union([
    z.object({
      status: z.literal('known'),
      capacityManKw: z
        .number()
        .openapi({ description: "TEPCO's announced peak supply capacity (翌日のピーク時供給力)" }),
      band: z.string(),
      announcedAt: z.string().openapi({ description: 'Its update stamp, before the as-of' }),
      pAtLeast95Percent: z.number().openapi({ description: 'P(peak ≥ 95 % of the capacity), 0..1' }),
      pAtLeast97Percent: z.number().openapi({ description: 'P(peak ≥ 97 % of the capacity), 0..1' }),
    }),
    z.object({
      status: z.literal('unknown'),
      reason: z.enum(['no-capacity', 'no-interval']),
      pAtLeast95Percent: z.null(),
      pAtLeast97Percent: z.null(),
    }),
  ])
  .openapi('TightSupplyOutlook', {
    description:
      'The chance of a tight day; unknown when TEPCO had announced no capacity before the as-of, or the model has no quantiles',
  });

export const forecastDayAnswerSchema = forecastDaySchema
  .extend({
    interval: predictionIntervalSchema.nullable(),
    weatherRange: weatherRangeSchema,
    tightSupply: tightSupplySchema,
  })
  .openapi('ForecastDayAnswer');

export const forecastAnswerSchema = forecastResponseSchema
  .extend({
    days: z.array(forecastDayAnswerSchema),
    warnings: z.array(z.string()).openapi({ example: [INTERVALS_UNAVAILABLE] }),
  })
  .openapi('ForecastAnswer');

export const predictAnswerSchema = predictResponseSchema
  .extend({
    details: z.array(
      servedPredictionSchema
        .extend({ interval: predictionIntervalSchema.optional() })
        .openapi('ServedPredictionAnswer', { description: '`interval` only when the model has quantiles' }),
    ),
    modelWarnings: z.array(z.string()).openapi({
      description: `About the answer as a whole, e.g. "${INTERVALS_UNAVAILABLE}" for a model trained without quantiles`,
    }),
  })
  .openapi('PredictAnswer');
