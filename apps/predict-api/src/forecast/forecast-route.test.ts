import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPredictApp } from '../http/app.js';
import { TrustedData } from '../inputs/trusted-data.js';
import { ServiceMetrics } from '../monitoring/metrics.js';
import { LocalModelPredictor } from '../predictors/local-model.js';
import { AsOfForecaster } from './as-of-forecaster.js';

interface Problem {
  type: string;
  status: number;
  detail: string;
}

const post = (app: ReturnType<typeof createPredictApp>, body: string, type = 'application/json'): Promise<Response> =>
  Promise.resolve(app.request('/forecast', { method: 'POST', headers: { 'content-type': type }, body }));

describe('POST /forecast without what it needs', () => {
  it('answers 503 with how to configure a data folder when none is configured', async () => {
    const predictor = new LocalModelPredictor();
    const app = createPredictApp({
      predictor,
      metrics: new ServiceMetrics(),
      forecaster: new AsOfForecaster({ model: () => predictor.forecastModel() }),
    });
    const response = await post(app, '');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Problem;
    expect(problem.type).toBe('urn:powercast:problem:no-data-dir');
    expect(problem.detail).toContain('--data-dir');
    expect(problem.detail).toContain('POWERCAST_DATA_DIR');
  });

  it('answers 503 as /predict does when no model is loaded', async () => {
    const predictor = new LocalModelPredictor();
    const data = new TrustedData({ source: await mkdtemp(join(tmpdir(), 'powercast-data-')), refreshMs: 60_000 });
    const app = createPredictApp({
      predictor,
      metrics: new ServiceMetrics(),
      forecaster: new AsOfForecaster({ model: () => predictor.forecastModel(), data }),
    });
    const forecast = await post(app, '');
    const predict = await app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' }),
    });
    expect(forecast.status).toBe(503);
    expect(await forecast.json()).toEqual(await predict.json());
  });

  it('refuses a body that is not JSON with 415 and malformed JSON with 400, before anything is read', async () => {
    const app = createPredictApp({ predictor: new LocalModelPredictor(), metrics: new ServiceMetrics() });
    expect((await post(app, 'date,max_temp', 'text/csv')).status).toBe(415);
    const malformed = await post(app, '[{"reportDatetime":');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Problem).type).toBe('urn:powercast:problem:malformed-body');
    const wrongShape = await post(app, '{"as_of": 5, "weather": "晴"}');
    expect(wrongShape.status).toBe(422);
  });
});
