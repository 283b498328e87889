import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArtifactStore, recordDeployment, StoreModelRegistry, type ArtifactStore } from '@powercast/aws-pipeline';
import type { ForecastModel } from '@powercast/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../src/config.js';
import { startService, type RunningService } from '../src/service.js';
import { trainSyntheticArtifact } from './support/trained-model.js';

const group = 'PowerForecastPackageGroup';
const record = { date: '2023-08-01', max_temp: 35, min_temp: 26, weather: '晴' };

async function predict(service: RunningService, body: unknown): Promise<Response> {
  return fetch(`${service.url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Register a model.tar.gz put into the store, as the trainer does; returns its version. */
async function register(store: ArtifactStore, tarGzPath: string): Promise<number> {
  const registry = new StoreModelRegistry(store, group);
  const key = `runs/${Date.now()}-${Math.random().toString(36).slice(2)}/model.tar.gz`;
  const artifactUri = await store.put(key, new Uint8Array(await readFile(tarGzPath)));
  const pkg = await registry.register({
    artifactUri,
    metrics: { mse: 1 },
    trainingWindow: { from: '2021-01-01', to: '2022-12-31' },
    dataFingerprint: 'synthetic',
  });
  return pkg.version;
}

async function approve(store: ArtifactStore, version: number): Promise<void> {
  await new StoreModelRegistry(store, group).decide(version, { status: 'Approved', by: 'test' });
}

describe('local back end on the artifact store', () => {
  let store: ArtifactStore;
  let service: RunningService;
  let first: { model: ForecastModel; artifact: { tarGzPath: string } };

  beforeAll(async () => {
    const storeDir = await mkdtemp(join(tmpdir(), 'powercast-store-'));
    store = openArtifactStore(storeDir);
    first = await trainSyntheticArtifact();
    const config = parseServiceConfig(['--store', storeDir, '--port', '0'], { POWERCAST_POLL_MS: '3600000' });
    service = await startService(config, { log: () => undefined });
  });
  afterAll(() => service?.close());

  it('starts without a deployed model: /ready says so and /predict answers 503 with how to train and approve', async () => {
    const ready = await fetch(`${service.url}/ready`);
    expect(ready.status).toBe(503);
    const response = await predict(service, record);
    expect(response.status).toBe(503);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toContain('trainer:run');
    expect(problem.detail).toMatch(/approve/);
  });

  it('serves the approved version once the watcher sees it, with the model’s own forecasts', async () => {
    const version = await register(store, first.artifact.tarGzPath);
    await service.watcher?.check();
    expect((await fetch(`${service.url}/ready`)).status).toBe(503); // registered, not yet approved
    await approve(store, version);
    await service.watcher?.check();
    const ready = (await (await fetch(`${service.url}/ready`)).json()) as {
      ready: boolean;
      model: { version: number; trainedWindow: { from: string } };
    };
    expect(ready).toMatchObject({ ready: true, model: { version: 1, trainedWindow: { from: '2021-01-01' } } });
    const body = (await (await predict(service, record)).json()) as {
      predictions: number[];
      model: { version: number };
    };
    expect(body.model.version).toBe(1);
    expect(body.predictions[0]).toBeCloseTo(first.model.predict([record])[0]?.peak as number, 2);
  });

  it('swaps to a newly approved and deployed version without failing requests in flight', async () => {
    const second = await trainSyntheticArtifact();
    const version = await register(store, second.artifact.tarGzPath);
    await approve(store, version);
    await recordDeployment(store, new StoreModelRegistry(store, group), version, group);
    const during = Array.from({ length: 40 }, () => predict(service, record));
    await service.watcher?.check();
    const statuses = await Promise.all(during.map(async (pending) => (await pending).status));
    expect(statuses.every((status) => status === 200)).toBe(true);
    const body = (await (await predict(service, record)).json()) as { model: { version: number } };
    expect(body.model.version).toBe(2);
  });

  it('answers with the with-history variant given recent actuals, for that request only', async () => {
    const target = { ...record, date: '2022-06-01' };
    const history = Array.from({ length: 40 }, (_, i) => ({
      date: new Date(Date.UTC(2022, 4, 31) - i * 86_400_000).toISOString().slice(0, 10),
      peak: 3500 + i,
    }));
    const withHistory = (await (await predict(service, { ...target, history })).json()) as {
      model: { variant: string[] };
      history: { source: string; daysGiven: number; asOf: string };
    };
    expect(withHistory.model.variant).toEqual(['with-history']);
    expect(withHistory.history).toMatchObject({ source: 'request', daysGiven: 40, asOf: '2022-05-31' });
    // #13 item 2: nothing a caller sends is remembered; this service has no data folder to lend actuals from.
    const next = (await (await predict(service, target)).json()) as {
      model: { variant: string[] };
      history: { source: string; note: string };
    };
    expect(next.model.variant).toEqual(['weather-calendar']);
    expect(next.history.source).toBe('none');
    expect(next.history.note).toContain('--data-dir');
  });

  it('reports input drift against the training statistics of the served model', async () => {
    // 240 records: /drift flags nothing below POWERCAST_DRIFT_MIN_SAMPLES (default 200).
    await predict(
      service,
      Array.from({ length: 240 }, (_, i) => ({
        ...record,
        date: `2023-08-${String((i % 28) + 1).padStart(2, '0')}`,
        max_temp: 45,
        min_temp: 40,
      })),
    );
    const report = (await (await fetch(`${service.url}/drift`)).json()) as {
      sampleSize: number;
      flagged: string[];
      features: { feature: string; psi: number }[];
    };
    expect(report.sampleSize).toBeGreaterThanOrEqual(60);
    expect(report.features.find((feature) => feature.feature === 'max_temp')?.psi).toBeGreaterThan(0.2);
    expect(report.flagged).toContain('max_temp');
  });
});
