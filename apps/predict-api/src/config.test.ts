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
      limits: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000, maxConnections: 900 },
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

  it('reads the server timeouts and the connection cap from the environment, in every mode', () => {
    const env = {
      POWERCAST_HEADERS_TIMEOUT_MS: '2000',
      POWERCAST_REQUEST_TIMEOUT_MS: '5000',
      POWERCAST_KEEP_ALIVE_TIMEOUT_MS: '1000',
      POWERCAST_MAX_CONNECTIONS: '64',
    };
    const expected = { headersTimeoutMs: 2000, requestTimeoutMs: 5000, keepAliveTimeoutMs: 1000, maxConnections: 64 };
    expect(parseServiceConfig([], env).limits).toEqual(expected);
    expect(parseServiceConfig(['serve'], env).limits).toEqual(expected);
  });

  it('refuses a headers timeout longer than the request timeout, and a cap that is not a positive integer', () => {
    expect(() =>
      parseServiceConfig([], { POWERCAST_HEADERS_TIMEOUT_MS: '40000', POWERCAST_REQUEST_TIMEOUT_MS: '30000' }),
    ).toThrow(/POWERCAST_HEADERS_TIMEOUT_MS \(40000\) must not exceed POWERCAST_REQUEST_TIMEOUT_MS \(30000\)/);
    expect(() => parseServiceConfig([], { POWERCAST_MAX_CONNECTIONS: '0' })).toThrow(
      /POWERCAST_MAX_CONNECTIONS must be a positive integer, got "0"/,
    );
  });
});
