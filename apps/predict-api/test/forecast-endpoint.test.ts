import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { ForecastIssueIndex, loadAsOfInputs } from '@powercast/data-loaders';
import { readJmaForecastJson } from '@powercast/data-loaders/readers';
import { archiveRecords, liveJsonFromArchive } from '@powercast/data-loaders/testing';
import { forecastAsOf, forecastInputWindow, type ForecastModel } from '@powercast/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../src/config.js';
import type { ForecastAnswer } from '../src/forecast/as-of-forecaster.js';
import { startService, type RunningService } from '../src/service.js';
import { trainRealArtifact } from './support/trained-model.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];
const AS_OF = '2023-08-01T18:00+09:00';
const ISSUE = '2023-08-01T17:00:00+09:00';

interface Problem {
  type: string;
  status: number;
  detail: string;
  errors: { path: (string | number)[]; message: string }[];
}

/**
 * POST /forecast on a real server: a model trained on the shared data, the shared data as the
 * trusted data folder, and JMA's live feed served by a local HTTP server from a live-format
 * 130000.json built from the archive's 2023-08-01 17:00 issue.
 */
describe.skipIf(!dataDir)('POST /forecast on the shared data', () => {
  let service: RunningService;
  let feedServer: Server;
  let model: ForecastModel;
  let live: string;
  let feedStatus = 200;
  let feedRequests = 0;
  /** Server-Timing of the first request: the windowed read of the data folder, not yet cached. */
  let coldTiming = '';

  beforeAll(async () => {
    const archive = readFileSync(join(dataDir!, 'jma', 'forecast', 'forecast_202308_130000.csv'), 'utf8');
    live = JSON.stringify(liveJsonFromArchive(archiveRecords(archive, ISSUE)));
    feedServer = createServer((request, response) => {
      feedRequests += 1;
      response.writeHead(feedStatus, { 'content-type': 'application/json' });
      response.end(feedStatus === 200 ? live : '{"error":"unavailable"}');
    });
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    const address = feedServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const trained = await trainRealArtifact(dataDir!);
    model = trained.model;
    const config = parseServiceConfig(['--model-dir', trained.artifact.dir, '--data-dir', dataDir!, '--port', '0'], {
      POWERCAST_JMA_FORECAST_URL: `http://127.0.0.1:${port}/130000.json`,
      POWERCAST_REFRESH_MINUTES: '600',
    });
    service = await startService(config, { log: () => undefined });
    await Promise.all([service.data?.refresh(), service.feed?.refresh()]);
  });
  afterAll(async () => {
    await service?.close();
    await new Promise<void>((resolve) => feedServer?.close(() => resolve()));
  });

  const post = (body: string, query = `?as_of=${encodeURIComponent(AS_OF)}`): Promise<Response> =>
    fetch(`${service.url}/forecast${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it("answers a live JMA JSON body exactly as trainer forecast's forecastAsOf on the whole data folder", async () => {
    const started = performance.now();
    const response = await post(live);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as ForecastAnswer;
    coldTiming = `${(performance.now() - started).toFixed(0)} ms (server ${response.headers.get('server-timing')})`;
    // What `trainer forecast --jma-forecast 130000.json` computes, on every file of the folder (no window).
    const expected = forecastAsOf({
      model,
      asOf: AS_OF,
      sources: {
        ...(await loadAsOfInputs({ source: dataDir!, nightBefore: false })),
        forecasts: new ForecastIssueIndex(readJmaForecastJson(live, { file: '130000.json' })),
      },
    });
    expect(answer.asOf).toBe(expected.asOf);
    expect(answer.latestIssueAt).toBe(ISSUE);
    expect(answer.trainedWindow).toEqual(expected.trainedWindow);
    expect(answer.days).toEqual(expected.days);
    expect(answer.days.map((day) => [day.leadDays, day.lowerAccuracy])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((lead) => [lead, lead > 1]),
    );
    expect(answer.days[0]).toMatchObject({ date: '2023-08-02', variant: 'with-history', jmaIssuedAt: ISSUE });
    // The artifact was trained without quantiles: point forecasts, no band, and a warning (200, never a 5xx).
    expect(answer.warnings).toEqual(['intervals unavailable: model has no quantiles']);
    expect(answer.days.every((day) => day.interval === null && day.tightSupply.status === 'unknown')).toBe(true);
    expect(answer).toMatchObject({
      model: { backend: 'local', version: null },
      weather: { source: 'request', fetchedAt: null },
      forecastSource: 'the request body',
    });
  });

  it('takes as_of from the body too, and reads only the files near it (latency printed)', async () => {
    const body = JSON.stringify({ as_of: AS_OF, jma_forecast: JSON.parse(live) as unknown });
    const fromField = (await (await post(body, '')).json()) as ForecastAnswer;
    expect(fromField.days).toEqual(((await (await post(live)).json()) as ForecastAnswer).days);
    const window = forecastInputWindow(AS_OF);
    const windowed = await loadAsOfInputs({ source: dataDir!, window, nightBefore: false });
    // The window holds the lag look-back and the week ahead, not ten years.
    expect(windowed.demand.length).toBeLessThan(400);
    const timings: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const started = performance.now();
      expect((await post(live)).status).toBe(200);
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    console.info(
      `forecast latency (window ${window.from}..${window.to}): first request ${coldTiming}; ` +
        `then, inputs cached, median ${timings[4]!.toFixed(0)} ms, max ${timings[7]!.toFixed(0)} ms over 8`,
    );
  });

  it('with an empty body uses the forecast last fetched from the configured URL, and keeps it when a fetch fails', async () => {
    const fromFeed = (await (await post('')).json()) as ForecastAnswer;
    expect(fromFeed.weather.source).toBe('live-feed');
    expect(fromFeed.forecastSource).toContain('/130000.json');
    const fromBody = (await (await post(live)).json()) as ForecastAnswer;
    expect(fromFeed.days).toEqual(fromBody.days);
    const fetchedAt = fromFeed.weather.fetchedAt;

    feedStatus = 503;
    const before = feedRequests;
    await service.feed?.refresh();
    expect(feedRequests).toBe(before + 1);
    const afterFailure = (await (await post('')).json()) as ForecastAnswer;
    expect(afterFailure.weather).toEqual({ source: 'live-feed', fetchedAt });
    expect(afterFailure.days).toEqual(fromFeed.days);
    // Refetched at most every POWERCAST_REFRESH_MINUTES: these requests did not fetch again.
    expect(feedRequests).toBe(before + 1);
    feedStatus = 200;
  });

  it('refuses a JMA JSON that is not one with 422 naming the path inside it', async () => {
    const broken = JSON.parse(live) as { timeSeries: { areas: Record<string, unknown>[] }[] }[];
    broken[0]!.timeSeries[1]!.areas[0]!['pops'] = [10, 20];
    const response = await post(JSON.stringify(broken));
    expect(response.status).toBe(422);
    const problem = (await response.json()) as Problem;
    expect(problem.type).toBe('urn:powercast:problem:invalid-jma-forecast');
    expect(problem.errors[0]?.path).toEqual([0, 'timeSeries', 1, 'areas', 0, 'pops']);
    expect(problem.detail).toContain('not an array of strings');

    const wrapped = await post(JSON.stringify({ jma_forecast: [{ publishingOffice: '気象庁', timeSeries: [] }] }), '');
    expect(wrapped.status).toBe(422);
    expect(((await wrapped.json()) as Problem).errors[0]?.path).toEqual(['jma_forecast', 0, 'reportDatetime']);
  });

  it('refuses an issue more than 36 h before as_of with 422 stale-forecast naming the issue', async () => {
    const response = await post(live, `?as_of=${encodeURIComponent('2023-08-03T06:00+09:00')}`);
    expect(response.status).toBe(422);
    const problem = (await response.json()) as Problem;
    expect(problem.type).toBe('urn:powercast:problem:stale-forecast');
    expect(problem.detail).toContain(ISSUE);
  });

  it('refuses a bad, future or outside-the-data as_of with 422 naming as_of', async () => {
    for (const asOf of ['tomorrow', '2023-08-01', '2099-01-01T18:00+09:00', '2010-08-01T18:00+09:00']) {
      const response = await post(live, `?as_of=${encodeURIComponent(asOf)}`);
      expect(response.status).toBe(422);
      expect(((await response.json()) as Problem).errors[0]?.path).toEqual(['as_of']);
    }
  });

  it('counts /forecast by route in /metrics and documents it in /openapi.json', async () => {
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/powercast_http_requests_total\{method="POST",route="\/forecast",status="200"\} \d+/);
    expect(metrics).toMatch(/powercast_http_requests_total\{method="POST",route="\/forecast",status="422"\} \d+/);
    const document = (await (await fetch(`${service.url}/openapi.json`)).json()) as {
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths['/forecast']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '422', '503']),
    );
    expect(document.components.schemas).toHaveProperty('ForecastResponse');
    expect(document.components.schemas).toHaveProperty('HistoryReport');
  });
});
