import {
  InvokeEndpointCommand,
  ModelError,
  ModelNotReadyException,
  SageMakerRuntimeClient,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { createPredictApp } from '../http/app.js';
import { ServiceMetrics } from '../monitoring/metrics.js';
import { SageMakerEndpointPredictor } from './sagemaker-endpoint.js';

const sagemaker = mockClient(SageMakerRuntimeClient);
afterEach(() => sagemaker.reset());

const record = { date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' };
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

function appWith(timeoutMs = 2000): ReturnType<typeof createPredictApp> {
  const predictor = new SageMakerEndpointPredictor({
    endpointName: 'power-forecast-serverless-dev',
    client: new SageMakerRuntimeClient({ region: 'ap-northeast-1' }),
    timeoutMs,
  });
  return createPredictApp({ predictor, metrics: new ServiceMetrics() });
}

async function post(app: ReturnType<typeof createPredictApp>, body: unknown): Promise<Response> {
  return app.request('/predict', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('SageMaker endpoint back end', () => {
  it('invokes the endpoint with the records and history as JSON and relays the answer', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves({
      ContentType: 'application/json',
      Body: encode({
        predictions: [3401.2],
        details: [{ date: '2025-05-20', peakManKw: 3401.2, variant: 'with-history', weatherCategory: '曇り' }],
        model: { version: 4 },
      }),
    } as never);
    const history = [{ date: '2025-05-19', peak: 3300 }];
    const response = await post(appWith(), { records: [record], history });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      predictions: [3401.2],
      model: { backend: 'sagemaker', version: 4, variant: ['with-history'] },
    });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'power-forecast-serverless-dev',
      ContentType: 'application/json',
      Accept: 'application/json',
    });
    const sent = sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input.Body as Uint8Array;
    expect(JSON.parse(new TextDecoder().decode(sent))).toEqual({ records: [record], history });
  });

  it('accepts a reference-style answer holding only predictions', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves({ Body: encode({ predictions: [3363.47] }) } as never);
    const body = (await (await post(appWith(), record)).json()) as { details: unknown[] };
    expect(body.details).toEqual([
      { date: '2025-05-20', peakManKw: 3363.47, variant: 'weather-calendar', weatherCategory: null },
    ]);
  });

  it('maps a model container error to 502 with the container message', async () => {
    sagemaker.on(InvokeEndpointCommand).rejects(
      new ModelError({
        message: 'Received server error (500)',
        $metadata: {},
        OriginalStatusCode: 500,
        OriginalMessage: 'feature mismatch',
      }),
    );
    const response = await post(appWith(), record);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain('status 500: feature mismatch');
  });

  it('maps an unknown endpoint to 502 naming it', async () => {
    sagemaker.on(InvokeEndpointCommand).rejects(
      new ValidationError({
        message: 'Endpoint power-forecast-serverless-dev of account 1 not found.',
        $metadata: {},
      }),
    );
    const response = await post(appWith(), record);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { detail: string }).detail).toContain('power-forecast-serverless-dev');
  });

  it('maps a cold start to 504 with Retry-After', async () => {
    sagemaker.on(InvokeEndpointCommand).rejects(new ModelNotReadyException({ message: 'not ready', $metadata: {} }));
    const response = await post(appWith(), record);
    expect(response.status).toBe(504);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('answers 504 when the endpoint does not answer in time', async () => {
    sagemaker.on(InvokeEndpointCommand).callsFake(() => new Promise(() => undefined));
    const started = Date.now();
    const response = await post(appWith(100), record);
    expect(response.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(((await response.json()) as { detail: string }).detail).toContain('100 ms');
  });

  it('answers 502 when the endpoint answers garbage or the wrong count', async () => {
    sagemaker
      .on(InvokeEndpointCommand)
      .resolvesOnce({ Body: new TextEncoder().encode('<html>') } as never)
      .resolvesOnce({ Body: encode({ predictions: [1, 2] }) } as never);
    expect((await post(appWith(), record)).status).toBe(502);
    const wrongCount = await post(appWith(), record);
    expect(wrongCount.status).toBe(502);
    expect(((await wrongCount.json()) as { detail: string }).detail).toContain('2 predictions for 1 records');
  });

  it('never calls the endpoint for an invalid request', async () => {
    expect((await post(appWith(), { ...record, date: '2025-02-30' })).status).toBe(422);
    expect(sagemaker).not.toHaveReceivedCommand(InvokeEndpointCommand);
  });
});
