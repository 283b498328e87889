import { QUALITY_RULES } from '@powercast/data-loaders/quality';
import { describe, expect, it } from 'vitest';
import { StandInPredictor } from '../../test/support/stand-in-predictor.js';
import { createPredictApp } from '../http/app.js';
import { ServiceMetrics } from '../monitoring/metrics.js';

interface Problem {
  type: string;
  status: number;
  errors: { path: (string | number)[]; message: string; value?: unknown }[];
}

// The bounds under test are read from the training rule table itself, so a change there is a change here.
const rule = (id: string): Record<string, number> => QUALITY_RULES.find((entry) => entry.id === id)!.parameters;
const { minC, maxC } = rule('temperature-range') as { minC: number; maxC: number };
const { minManKw, maxManKw } = rule('hourly-demand-range') as { minManKw: number; maxManKw: number };
const record = { date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' };

async function post(body: string, type = 'application/json'): Promise<Response> {
  const app = createPredictApp({ predictor: new StandInPredictor(), metrics: new ServiceMetrics() });
  return app.request('/predict', { method: 'POST', headers: { 'content-type': type }, body });
}

async function problemOf(response: Response): Promise<Problem> {
  expect(response.status).toBe(422);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Problem;
}

describe('POST /predict applies the physical ranges of the training quality rules', () => {
  it('accepts temperatures at both ends of the temperature-range rule', async () => {
    const response = await post(JSON.stringify([{ ...record, max_temp: maxC, min_temp: minC, mean_temp: maxC }]));
    expect(response.status).toBe(200);
  });

  it.each([
    ['max_temp above the range', { max_temp: maxC + 0.1 }, 'max_temp', maxC + 0.1],
    ['min_temp below the range', { min_temp: minC - 0.1 }, 'min_temp', minC - 0.1],
    ['mean_temp above the range', { mean_temp: maxC + 5 }, 'mean_temp', maxC + 5],
  ])(
    'refuses %s with 422 naming the record, the field, the value and the range',
    async (_name, change, field, value) => {
      const problem = await problemOf(await post(JSON.stringify([record, { ...record, ...change }])));
      expect(problem.errors).toEqual([
        {
          path: [1, field],
          message: `expected ${field} within ${minC}..${maxC} ℃ (data-quality rule temperature-range)`,
          value,
        },
      ]);
    },
  );

  it('names the row and column of a features row and the line of a CSV row', async () => {
    const features = await problemOf(
      await post(
        JSON.stringify({
          features: [
            ['2025-05-20', 28, 10, '晴'],
            ['2025-05-21', maxC + 10, 10, '晴'],
          ],
        }),
      ),
    );
    expect(features.errors).toEqual([expect.objectContaining({ path: ['features', 1, 1], value: maxC + 10 })]);
    const csv = await problemOf(
      await post(`date,max_temp,min_temp,weather\n2025-05-20,28,${minC - 1},晴\n`, 'text/csv'),
    );
    expect(csv.errors).toEqual([
      expect.objectContaining({
        path: ['csv', 2, 'min_temp'],
        value: minC - 1,
        message: expect.stringContaining(`${minC}..${maxC}`) as string,
      }),
    ]);
  });

  it('accepts a history at both ends of the hourly-demand range and refuses a peak outside it', async () => {
    const inRange = [
      { date: '2025-05-18', peak: minManKw },
      { date: '2025-05-19', peak: maxManKw },
    ];
    expect((await post(JSON.stringify({ ...record, history: inRange }))).status).toBe(200);
    const problem = await problemOf(
      await post(JSON.stringify({ records: [record], history: [...inRange, { date: '2025-05-17', peak: 0 }] })),
    );
    expect(problem.errors).toEqual([
      {
        path: ['history', 2, 'peak'],
        message: `expected peak within ${minManKw}..${maxManKw} 万kW (data-quality rule hourly-demand-range)`,
        value: 0,
      },
    ]);
  });

  it('documents the same ranges in the OpenAPI schema', async () => {
    const app = createPredictApp({ predictor: new StandInPredictor(), metrics: new ServiceMetrics() });
    const document = (await (await app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { minimum?: number; maximum?: number }> }> };
    };
    const { ForecastRecord, DemandObservation } = document.components.schemas;
    expect(ForecastRecord?.properties['max_temp']).toMatchObject({ minimum: minC, maximum: maxC });
    expect(DemandObservation?.properties['peak']).toMatchObject({ minimum: minManKw, maximum: maxManKw });
  });
});
