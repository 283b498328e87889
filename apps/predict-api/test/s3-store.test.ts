import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { openArtifactStore, recordDeployment, StoreModelRegistry } from '@powercast/aws-pipeline';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../src/config.js';
import { startService, type RunningService } from '../src/service.js';
import { trainSyntheticArtifact } from './support/trained-model.js';

const bucket = 'powercast-predict-test';
const group = 'PowerForecastPackageGroup';

/** The registry and the artifact live in S3 (s3rver on 127.0.0.1): the service copies the artifact down and serves it. */
describe('local back end on an S3 store', () => {
  let s3: TestS3;
  let client: S3Client;
  let service: RunningService;

  beforeAll(async () => {
    s3 = await startTestS3({ buckets: [bucket] });
    client = s3.client;
    const storeUri = `s3://${bucket}/powercast`;
    const store = openArtifactStore(storeUri, { s3Client: client });
    const { artifact } = await trainSyntheticArtifact();
    const artifactUri = await store.put('models/v1/model.tar.gz', new Uint8Array(await readFile(artifact.tarGzPath)));
    const registry = new StoreModelRegistry(store, group);
    const pkg = await registry.register({
      artifactUri,
      metrics: { mse: 1 },
      trainingWindow: { from: '2021-01-01', to: '2022-12-31' },
      dataFingerprint: 'synthetic',
    });
    await registry.decide(pkg.version, { status: 'Approved', by: 'test' });
    await recordDeployment(store, registry, pkg.version, group);
    service = await startService(
      parseServiceConfig(['--store', storeUri, '--port', '0'], { POWERCAST_POLL_MS: '3600000' }),
      {
        storeOptions: { s3Client: client },
        log: () => undefined,
      },
    );
  });

  afterAll(async () => {
    await service?.close();
    await s3?.close();
  });

  it('serves the deployed version whose artifact is an s3:// URI', async () => {
    const ready = (await (await fetch(`${service.url}/ready`)).json()) as {
      ready: boolean;
      model: { version: number; source: string };
    };
    expect(ready).toMatchObject({
      ready: true,
      model: { version: 1, source: `s3://${bucket}/powercast/models/v1/model.tar.gz` },
    });
    const response = await fetch(`${service.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date: '2023-08-01', max_temp: 35, min_temp: 26, weather: '晴' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { predictions: number[] }).predictions).toHaveLength(1);
  });
});
