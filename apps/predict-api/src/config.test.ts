import { describe, expect, it } from 'vitest';
import { parseServiceConfig, ServiceConfigError } from './config.js';

describe('parseServiceConfig', () => {
  it('defaults to the local store on 127.0.0.1:8000', () => {
    expect(parseServiceConfig([], {})).toEqual({
      mode: 'api',
      host: '127.0.0.1',
      port: 8000,
      backend: {
        kind: 'store',
        storeUri: '.powercast',
        registryGroup: 'PowerForecastPackageGroup',
        pollIntervalMs: 10_000,
      },
      driftSampleSize: 2000,
    });
  });

  it('takes the store from --store over POWERCAST_STORE, and PORT/HOST from the environment', () => {
    const config = parseServiceConfig(['--store', 's3://bucket/prefix'], {
      POWERCAST_STORE: '/elsewhere',
      PORT: '9000',
      HOST: '0.0.0.0',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      backend: { kind: 'store', storeUri: 's3://bucket/prefix' },
    });
    expect(parseServiceConfig([], { POWERCAST_STORE: '/elsewhere' }).backend).toMatchObject({ storeUri: '/elsewhere' });
  });

  it('proxies to SageMaker when SAGEMAKER_ENDPOINT_NAME is set', () => {
    expect(parseServiceConfig([], { SAGEMAKER_ENDPOINT_NAME: 'power-forecast-serverless-dev' }).backend).toEqual({
      kind: 'sagemaker',
      endpointName: 'power-forecast-serverless-dev',
      timeoutMs: 30_000,
    });
  });

  it('selects hosting mode for `serve`: port 8080, all interfaces, /opt/ml/model unless overridden', () => {
    expect(parseServiceConfig(['serve'], {})).toMatchObject({
      mode: 'hosting',
      host: '0.0.0.0',
      port: 8080,
      backend: { kind: 'model-dir', modelDir: '/opt/ml/model' },
    });
    expect(parseServiceConfig(['serve'], { POWERCAST_MODEL_ROOT: '/tmp/m' }).backend).toEqual({
      kind: 'model-dir',
      modelDir: '/tmp/m',
    });
  });

  it('rejects a bad port with the value in the message', () => {
    expect(() => parseServiceConfig([], { PORT: 'eighty' })).toThrow(ServiceConfigError);
    expect(() => parseServiceConfig([], { PORT: 'eighty' })).toThrow(/"eighty"/);
  });
});
