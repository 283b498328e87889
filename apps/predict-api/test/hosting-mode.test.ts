import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ForecastModel } from '@powercast/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../src/config.js';
import { startService, type RunningService } from '../src/service.js';
import { trainSyntheticArtifact } from './support/trained-model.js';

/** SageMaker extracts model.tar.gz into /opt/ml/model; this folder is laid out the same way. */
async function optMlModelFolder(tarGzPath: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'opt-ml-model-'));
  execFileSync('tar', ['-xzf', tarGzPath, '-C', dir]);
  return dir;
}

const records = [
  { date: '2023-08-01', max_temp: 35, min_temp: 26, weather: '晴' },
  { date: '2023-01-15', max_temp: 8, min_temp: 1, weather: '曇' },
];

describe('SageMaker hosting mode', () => {
  let model: ForecastModel;
  let service: RunningService;

  beforeAll(async () => {
    const trained = await trainSyntheticArtifact();
    model = trained.model;
    const modelRoot = await optMlModelFolder(trained.artifact.tarGzPath);
    const config = parseServiceConfig(['serve'], { POWERCAST_MODEL_ROOT: modelRoot, PORT: '0', HOST: '127.0.0.1' });
    expect(config.mode).toBe('hosting');
    service = await startService(config, { log: () => undefined });
  });
  afterAll(() => service?.close());

  it('answers GET /ping with 200 once the model is loaded', async () => {
    const response = await fetch(`${service.url}/ping`);
    expect(response.status).toBe(200);
  });

  it('answers POST /invocations with the same forecasts as the model itself', async () => {
    const response = await fetch(`${service.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(records),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { predictions: number[]; unit: string };
    const expected = model.predict(records).map((forecast) => forecast.peak);
    expect(body.unit).toBe('万kW');
    body.predictions.forEach((peak, i) => expect(peak).toBeCloseTo(expected[i] as number, 2));
  });

  it('accepts text/csv on /invocations and answers CSV when asked', async () => {
    const response = await fetch(`${service.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', accept: 'text/csv' },
      body: '2023-08-01,35,26,晴\n',
    });
    expect(response.status).toBe(200);
    const [header, row] = (await response.text()).trim().split('\n');
    expect(header).toBe('date,peak_man_kw,variant,weather_category');
    expect(row).toMatch(/^2023-08-01,\d+(\.\d+)?,weather-calendar,晴れ$/);
  });

  it('stays up without a model and says why on /ping', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'opt-ml-model-empty-'));
    const bare = await startService(
      parseServiceConfig(['serve'], { POWERCAST_MODEL_ROOT: empty, PORT: '0', HOST: '127.0.0.1' }),
      { log: () => undefined },
    );
    try {
      const ping = await fetch(`${bare.url}/ping`);
      expect(ping.status).toBe(503);
      // The reason says what is wrong without the server's path (that goes to the log only).
      const { reason } = (await ping.json()) as { reason: string };
      expect(reason).toContain('Cannot load the model from the configured model directory');
      expect(reason).not.toContain(empty);
      const invocation = await fetch(`${bare.url}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(records[0]),
      });
      expect(invocation.status).toBe(503);
      expect(invocation.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await bare.close();
    }
  });
});
