import { UserInputError } from '@powercast/contracts';
import { describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../monitoring/metrics.js';
import { StandInPredictor } from '../../test/support/stand-in-predictor.js';
import { createPredictApp } from './app.js';

const record = { date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' };

function setup(): { app: ReturnType<typeof createPredictApp>; predictor: StandInPredictor; metrics: ServiceMetrics } {
  const predictor = new StandInPredictor();
  const metrics = new ServiceMetrics();
  return { app: createPredictApp({ predictor, metrics }), predictor, metrics };
}

function postJson(
  app: ReturnType<typeof createPredictApp>,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: { path: (string | number)[]; message: string; value?: unknown }[];
}

async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Problem;
  expect(problem.status).toBe(response.status);
  return problem;
}

describe('POST /predict input forms', () => {
  it('answers one record with a reference-compatible predictions list', async () => {
    const { app } = setup();
    const response = await postJson(app, record);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      predictions: number[];
      unit: string;
      model: { version: number; variant: string[] };
    };
    expect(body.predictions).toEqual([3000 + 280 + 10.5]);
    expect(body.unit).toBe('万kW');
    expect(body.model).toMatchObject({ version: 7, variant: ['weather-calendar'] });
  });

  it('answers a list of records in order', async () => {
    const { app } = setup();
    const response = await postJson(app, [record, { ...record, date: '2025-05-21', max_temp: 30 }]);
    const body = (await response.json()) as { predictions: number[] };
    expect(body.predictions).toEqual([3290.5, 3310.5]);
  });

  it('answers the features-matrix form and passes history to the back end', async () => {
    const { app, predictor } = setup();
    const history = [{ date: '2025-05-19', peak: 3300 }];
    const response = await postJson(app, { features: [['2025-05-20', 28, 10.5, '曇り']], history });
    expect(response.status).toBe(200);
    expect(predictor.calls[0]).toEqual({ records: [record], history });
    const body = (await response.json()) as { model: { variant: string[] } };
    expect(body.model.variant).toEqual(['with-history']);
  });

  it('answers the records form with history', async () => {
    const { app, predictor } = setup();
    const response = await postJson(app, { records: [record], history: [{ date: '2025-05-19', peak: 3300 }] });
    expect(response.status).toBe(200);
    expect(predictor.calls[0]?.history).toHaveLength(1);
  });

  it('accepts text/csv rows with or without a header, quoted fields included', async () => {
    const { app, predictor } = setup();
    const csv = 'date,max_temp,min_temp,weather\r\n2025-05-20,28,10.5,曇り\r\n2025-05-21,30,18,"晴, 後曇"\r\n';
    const response = await app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(response.status).toBe(200);
    expect(predictor.calls[0]?.records.map((r) => r.weather)).toEqual(['曇り', '晴, 後曇']);
  });

  it('decodes a CSV body in its declared charset: Shift_JIS (CP932) as well as UTF-8', async () => {
    const { app, predictor } = setup();
    // 2025-05-20,28,10.5,曇り in Shift_JIS: 曇 = 93 DC, り = 82 E8.
    const ascii = Buffer.from('2025-05-20,28,10.5,', 'latin1');
    const shiftJis = Buffer.concat([ascii, Buffer.from([0x93, 0xdc, 0x82, 0xe8]), Buffer.from('\r\n')]);
    for (const charset of ['shift_jis', 'CP932', '"Windows-31J"']) {
      const response = await app.request('/predict', {
        method: 'POST',
        headers: { 'content-type': `text/csv; charset=${charset}` },
        body: shiftJis,
      });
      expect(response.status, charset).toBe(200);
    }
    expect(predictor.calls.map((call) => call.records[0]?.weather)).toEqual(['曇り', '曇り', '曇り']);
    // The same bytes sent as UTF-8 are refused, never decoded into replacement characters.
    const asUtf8 = await app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: shiftJis,
    });
    expect(asUtf8.status).toBe(400);
    expect((await problemOf(asUtf8)).detail).toMatch(/not valid UTF-8.*charset=shift_jis/);
    expect(predictor.calls).toHaveLength(3);
  });

  it('refuses a charset it cannot decode with 415 naming the supported ones', async () => {
    const { app, predictor } = setup();
    const response = await app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=euc-jp' },
      body: '2025-05-20,28,10.5,晴\r\n',
    });
    expect(response.status).toBe(415);
    const problem = await problemOf(response);
    expect(problem.detail).toMatch(/charset "euc-jp" is not accepted; send utf-8 or shift_jis/);
    expect(predictor.calls).toHaveLength(0);
  });

  it('answers CSV when the client accepts only text/csv', async () => {
    const { app } = setup();
    const response = await postJson(app, [record], { accept: 'text/csv' });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await response.text()).toBe(
      'date,peak_man_kw,variant,weather_category\n2025-05-20,3290.5,weather-calendar,曇り\n',
    );
  });

  it('names the category an unknown weather text was mapped to', async () => {
    const { app } = setup();
    const response = await postJson(app, { ...record, weather: 'にわか砂嵐' });
    const body = (await response.json()) as { warnings: { path: unknown[]; message: string }[] };
    expect(body.warnings).toEqual([
      { path: [0, 'weather'], message: expect.stringContaining('"その他"') as string, value: 'にわか砂嵐' },
    ]);
  });
});

describe('POST /predict bad input', () => {
  it.each([
    ['an impossible date', { ...record, date: '2025-02-30' }, ['date']],
    ['a date outside the holiday table', { ...record, date: '1960-01-01' }, ['date']],
    ['a date in another format', { ...record, date: '2025/05/20' }, ['date']],
    ['a temperature above 50 ℃', { ...record, max_temp: 51 }, ['max_temp']],
    ['a temperature below −30 ℃', { ...record, min_temp: -31 }, ['min_temp']],
    ['max below min', { ...record, max_temp: 5, min_temp: 10 }, ['max_temp']],
    ['a missing field', { date: record.date, max_temp: 28, weather: '晴' }, ['min_temp']],
    ['a temperature sent as text', { ...record, max_temp: '28' }, ['max_temp']],
    ['weather as a number', { ...record, weather: 3 }, ['weather']],
    ['an unknown field', { ...record, maxTemp: 28 }, []],
  ])('rejects %s with 422 and the field path', async (_name, body, path) => {
    const { app } = setup();
    const problem = await problemOf(await postJson(app, body));
    expect(problem.status).toBe(422);
    expect(problem.errors.map((error) => error.path)).toContainEqual(path);
  });

  it('rejects a history with the same date twice', async () => {
    const { app } = setup();
    const history = [
      { date: '2025-05-19', peak: 3300 },
      { date: '2025-05-19', peak: 3400 },
    ];
    const problem = await problemOf(await postJson(app, { ...record, history }));
    expect(problem.errors.map((error) => error.path)).toEqual([['history', 1, 'date']]);
  });

  it('points at the record index and field inside a list', async () => {
    const { app } = setup();
    const problem = await problemOf(await postJson(app, [record, { ...record, max_temp: 99 }]));
    expect(problem.errors).toEqual([
      {
        path: [1, 'max_temp'],
        message: 'expected max_temp within -20..45 ℃ (data-quality rule temperature-range)',
        value: 99,
      },
    ]);
  });

  it('points at the column index inside a features row', async () => {
    const { app } = setup();
    const problem = await problemOf(
      await postJson(app, {
        features: [
          ['2025-05-20', 28, 10.5, '晴'],
          ['2025-13-01', 28, 10.5, '晴'],
          [1, 2],
        ],
      }),
    );
    expect(problem.errors.map((error) => error.path)).toEqual([
      ['features', 1, 0],
      ['features', 2],
    ]);
  });

  it('rejects NaN and Infinity written as CSV cells or overflowing JSON numbers', async () => {
    const { app } = setup();
    const csv = await app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: '2025-05-20,NaN,10,晴\n2025-05-21,28,Infinity,晴\n',
    });
    const csvProblem = await problemOf(csv);
    expect(csvProblem.errors.map((error) => error.path)).toEqual([
      ['csv', 1, 'max_temp'],
      ['csv', 2, 'min_temp'],
    ]);
    const json = await postJson(app, '{"date":"2025-05-20","max_temp":1e999,"min_temp":10,"weather":"晴"}');
    expect((await problemOf(json)).errors[0]?.path).toEqual(['max_temp']);
  });

  it('rejects CSV rows with the wrong column count with their line numbers', async () => {
    const { app } = setup();
    const response = await app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: '2025-05-20,28,10\n2025-05-21,28,10,晴,extra\n',
    });
    const problem = await problemOf(response);
    expect(problem.status).toBe(400);
    expect(problem.errors.map((error) => error.path)).toEqual([
      ['csv', 1],
      ['csv', 2],
    ]);
  });

  it('rejects malformed JSON with 400', async () => {
    const { app } = setup();
    const problem = await problemOf(await postJson(app, '{"date": "2025-05-20",'));
    expect(problem.status).toBe(400);
    expect(problem.detail).toMatch(/not valid JSON/);
  });

  it('rejects deeply nested JSON before parsing it', async () => {
    const { app } = setup();
    const problem = await problemOf(await postJson(app, `${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    expect(problem.status).toBe(400);
    expect(problem.type).toBe('urn:powercast:problem:nesting-too-deep');
  });

  it('rejects an empty list with 422', async () => {
    const { app } = setup();
    expect((await problemOf(await postJson(app, []))).status).toBe(422);
  });

  it('rejects more than 1,000 records with 413 naming the limit', async () => {
    const { app, predictor } = setup();
    const problem = await problemOf(
      await postJson(
        app,
        Array.from({ length: 1001 }, () => record),
      ),
    );
    expect(problem.status).toBe(413);
    expect(problem.detail).toContain('1000');
    expect(predictor.calls).toHaveLength(0);
  });

  it('accepts exactly 1,000 records', async () => {
    const { app } = setup();
    expect(
      (
        await postJson(
          app,
          Array.from({ length: 1000 }, () => record),
        )
      ).status,
    ).toBe(200);
  });

  it('rejects a body over 1 MiB with 413, declared or streamed', async () => {
    const { app } = setup();
    const big = JSON.stringify({ ...record, weather: 'x'.repeat(1024 * 1024) });
    expect((await problemOf(await postJson(app, big))).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i += 1) controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        controller.close();
      },
    });
    const streamed = await app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect((await problemOf(streamed)).status).toBe(413);
  });

  it('rejects a declared Content-Length over 1 MiB before reading the body', async () => {
    const { app } = setup();
    const response = await postJson(app, record, { 'content-length': String(1024 * 1024 + 1) });
    expect((await problemOf(response)).status).toBe(413);
  });

  it('reads a body with a declared Content-Length in one piece', async () => {
    const { app } = setup();
    const body = JSON.stringify(record);
    const response = await postJson(app, body, { 'content-length': String(Buffer.byteLength(body)) });
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d{3}$/);
  });

  it('rejects other content types with 415', async () => {
    const { app } = setup();
    const response = await app.request('/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect((await problemOf(response)).status).toBe(415);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const { app } = setup();
    expect((await problemOf(await app.request('/nope'))).status).toBe(404);
  });
});

describe('errors from the back end', () => {
  class OutOfRangeError extends UserInputError {
    readonly kind = 'record-out-of-range';
  }

  /** A back end that fails with the given error on every request. */
  class FailingPredictor extends StandInPredictor {
    constructor(private readonly error: Error) {
      super();
    }

    override async predict(): Promise<never> {
      throw this.error;
    }
  }

  const answer = (error: Error): Promise<Response> =>
    postJson(createPredictApp({ predictor: new FailingPredictor(error), metrics: new ServiceMetrics() }), record);

  it('answers a user-input error with 422, typed by its kind', async () => {
    const problem = await problemOf(await answer(new OutOfRangeError('2099-01-01 is past the holiday table')));
    expect(problem).toMatchObject({
      status: 422,
      type: 'urn:powercast:problem:record-out-of-range',
      detail: '2099-01-01 is past the holiday table',
    });
  });

  it('answers any other error with 500 and no details', async () => {
    const problem = await problemOf(await answer(new TypeError('engine is undefined')));
    expect(problem).toMatchObject({ status: 500, type: 'urn:powercast:problem:internal' });
    expect(problem.detail).not.toContain('engine');
  });
});

describe('service endpoints', () => {
  it('reports liveness and readiness, 503 when no model is loaded', async () => {
    const { app, predictor } = setup();
    expect((await app.request('/health')).status).toBe(200);
    expect(await (await app.request('/ready')).json()).toMatchObject({ ready: true, model: { version: 7 } });
    predictor.setLoaded(false);
    const notReady = await app.request('/ready');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ ready: false, reason: 'no model' });
  });

  it('exposes Prometheus metrics by route pattern and status', async () => {
    const { app } = setup();
    await postJson(app, record);
    await postJson(app, '{');
    await app.request('/docs/assets/nothing.js');
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('powercast_http_requests_total{method="POST",route="/predict",status="200"} 1');
    expect(text).toContain('powercast_http_requests_total{method="POST",route="/predict",status="400"} 1');
    expect(text).toContain('route="/docs/assets/:name",status="404"');
    expect(text).toContain('powercast_predictions_total{variant="weather-calendar"} 1');
    expect(text).toContain('powercast_model_info{backend="local",version="7"} 1');
    expect(text).toMatch(/powercast_http_request_duration_seconds_count\{route="\/predict"\} 2/);
  });

  it('publishes an OpenAPI document with the reference example body', async () => {
    const { app } = setup();
    const document = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, { post?: { requestBody: { content: Record<string, { example: unknown }> } } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.paths['/predict']?.post?.requestBody.content['application/json']?.example).toEqual(record);
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['ForecastRecord', 'PredictResponse', 'Problem']),
    );
  });

  it('serves Swagger UI and its assets locally', async () => {
    const { app } = setup();
    const page = await (await app.request('/docs')).text();
    expect(page).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page).not.toMatch(/https?:\/\//);
    const bundle = await app.request('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
