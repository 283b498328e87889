import { ForecastModel, INTERVALS_UNAVAILABLE } from '@powercast/model';
import { describe, expect, it } from 'vitest';
import { syntheticDailyTable } from '../../test/support/trained-model.js';
import { ServiceMetrics } from '../monitoring/metrics.js';
import { LocalModelPredictor, type ForecastEngine } from '../predictors/local-model.js';
import { createPredictApp } from './app.js';
import { openApiDocument } from './openapi.js';

const model = ForecastModel.train(syntheticDailyTable(), {
  hyperparameters: { nEstimators: 20, learningRate: 0.3, maxDepth: 3, seed: 7 },
});
const info = { backend: 'local' as const, version: 4, source: 'test' };
const records = [
  { date: '2023-01-10', max_temp: 8, min_temp: 1, weather: '晴' },
  { date: '2023-01-11', max_temp: 11, min_temp: 3, weather: '曇' },
];

/** The real model's answers with a hand-made interval around each (what a quantile model gives). */
const withIntervals: ForecastEngine = {
  predict: (input, history) =>
    model.predict(input, history).map((prediction) => ({
      ...prediction,
      interval: { p10: prediction.peak - 120.123, p50: prediction.peak, p90: prediction.peak + 150.456 },
    })),
};

interface PredictAnswer {
  predictions: number[];
  details: { peakManKw: number; interval?: { p10: number; p50: number; p90: number } }[];
  modelWarnings: string[];
  warnings: unknown[];
}

async function predict(engine: ForecastEngine): Promise<{ status: number; body: PredictAnswer }> {
  const app = createPredictApp({
    predictor: new LocalModelPredictor({ engine, info, forecastModel: model }),
    metrics: new ServiceMetrics(),
  });
  const response = await app.request('/predict', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(records),
  });
  return { status: response.status, body: (await response.json()) as PredictAnswer };
}

describe('POST /predict intervals', () => {
  it('returns P10, P50, P90 per record (rounded like the peak) when the model has quantiles', async () => {
    const { status, body } = await predict(withIntervals);
    expect(status).toBe(200);
    expect(body.modelWarnings).toEqual([]);
    const expected = model.predict(records);
    body.details.forEach((detail, i) => {
      const peak = expected[i]!.peak;
      expect(detail.interval).toEqual({
        p10: Math.round((peak - 120.123) * 100) / 100,
        p50: Math.round(peak * 100) / 100,
        p90: Math.round((peak + 150.456) * 100) / 100,
      });
    });
  });

  it('answers point forecasts and says intervals are unavailable for a model without quantiles (200, not 5xx)', async () => {
    const { status, body } = await predict(model);
    expect(status).toBe(200);
    expect(body.predictions).toHaveLength(2);
    expect(body.details.every((detail) => detail.interval === undefined)).toBe(true);
    expect(body.modelWarnings).toEqual([INTERVALS_UNAVAILABLE]);
    expect(body.warnings).toEqual([]);
  });
});

describe('OpenAPI document', () => {
  it('documents the interval, the tight-supply outlook and the warnings of both answers', () => {
    const document = openApiDocument(
      createPredictApp({ predictor: new LocalModelPredictor(), metrics: new ServiceMetrics() }),
    );
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['PredictionInterval', 'TightSupplyOutlook', 'ForecastAnswer', 'PredictAnswer']),
    );
    const text = JSON.stringify(document);
    expect(text).toContain('modelWarnings');
    expect(text).toContain('pAtLeast97Percent');
  });
});
