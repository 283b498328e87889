import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastModel } from '@powercast/model';
import { dataDir, runCli } from '../../test/cli.js';
import { printForecast, type ForecastDocument } from './forecast.js';

const AS_OF = '2023-08-01T18:00+09:00';
const ISSUE = '2023-08-01T17:00:00+09:00';

describe.skipIf(!dataDir)('trainer forecast (shared data)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'powercast-forecast-'));
  const modelDir = join(dir, 'model');
  let server: Server;
  let url: string;
  let model: ForecastModel;

  beforeAll(async () => {
    // Loaded as the command loads them (the trainer imports these packages lazily).
    const { loadDailyDataset } = await import('@powercast/data-loaders');
    const { ForecastModel } = await import('@powercast/model');
    const { table } = await loadDailyDataset({ source: dataDir! });
    model = ForecastModel.train(table.filter(`d => d.date <= '2023-06-30'`), {
      hyperparameters: { nEstimators: 60, learningRate: 0.15 },
    });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(join(modelDir, 'model.json'), JSON.stringify(model.toJSON()));
    const archive = readFileSync(join(dataDir!, 'jma', 'forecast', 'forecast_202308_130000.csv'), 'utf8');
    // The one builder of live-format JSON from archive rows: data-loaders' test-only export (not published),
    // imported as the trainer imports data-loaders, lazily.
    const { archiveRecords, liveJsonFromArchive } = await import('@powercast/data-loaders/testing');
    const live = JSON.stringify(liveJsonFromArchive(archiveRecords(archive, ISSUE)));
    writeFileSync(join(dir, '130000.json'), live);
    server = createServer((request, response) => {
      response.writeHead(request.url === '/130000.json' ? 200 : 404, { 'content-type': 'application/json' });
      response.end(request.url === '/130000.json' ? live : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/130000.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const forecast = (...extra: string[]) =>
    runCli(['forecast', '--as-of', AS_OF, '--data-dir', dataDir!, '--model-dir', modelDir, ...extra]);

  it('forecasts offline from the archive: D+1 short-range, D+2..D+7 weekly and flagged, as forecastAsOf', async () => {
    const out = join(dir, 'offline.json');
    const result = await forecast('--out', out);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const document = JSON.parse(readFileSync(out, 'utf8')) as ForecastDocument;
    expect(document.latestIssueAt).toBe(ISSUE);
    expect(document.days.map((day) => [day.date, day.leadDays, day.lowerAccuracy])).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((d, i) => [`2023-08-0${d}`, i + 1, i > 0]),
    );
    expect(document.days[0]).toMatchObject({ temperatureSource: 'short-range', variant: 'with-history' });
    expect(result.out).toContain('2023-08-02  D+1 ');
    expect(result.out).toContain('D+2*');
    // A model trained without quantiles still forecasts: point values, no band, and it says so.
    expect(document.warnings).toEqual(['intervals unavailable: model has no quantiles']);
    expect(document.days.every((day) => day.interval === null && day.tightSupply.status === 'unknown')).toBe(true);
    expect(result.out).toContain('warning: intervals unavailable: model has no quantiles');
    // The windowed read gives the answer of the core on everything.
    const [{ loadAsOfInputs }, { forecastAsOf }] = await Promise.all([
      import('@powercast/data-loaders'),
      import('@powercast/model'),
    ]);
    const full = forecastAsOf({ model, sources: await loadAsOfInputs({ source: dataDir! }), asOf: AS_OF });
    expect(document.days.map((day) => day.peakManKw)).toEqual(full.days.map((day) => day.peakManKw));
  });

  it('gives the same answer from a live-format JSON served over HTTP and from the file', async () => {
    const offline = join(dir, 'offline-2.json');
    const served = join(dir, 'served.json');
    const file = join(dir, 'file.json');
    expect((await forecast('--out', offline)).code).toBe(0);
    const overHttp = await forecast('--jma-forecast', url, '--out', served);
    expect(overHttp.err).toBe('');
    expect(overHttp.code).toBe(0);
    expect((await forecast('--jma-forecast', join(dir, '130000.json'), '--out', file)).code).toBe(0);
    const days = (path: string): number[] =>
      (JSON.parse(readFileSync(path, 'utf8')) as ForecastDocument).days.map((day) => day.peakManKw);
    expect(days(served)).toEqual(days(offline));
    expect(days(file)).toEqual(days(offline));
    expect((JSON.parse(readFileSync(served, 'utf8')) as ForecastDocument).forecastSource).toBe(url);
  });

  it('refuses a malformed JMA file with exit 2, naming it', async () => {
    const bad = join(dir, '130000-bad.json');
    writeFileSync(bad, '[{"publishingOffice":"気象庁","reportDatetime":"yesterday","timeSeries":[]}]');
    const result = await forecast('--jma-forecast', bad);
    expect(result.code).toBe(2);
    expect(result.err).toContain(bad);
  });

  it('refuses a JMA file issued more than 36 h before --as-of with exit 2, naming it and the issue', async () => {
    const result = await runCli([
      'forecast',
      '--as-of',
      '2023-08-03T06:00+09:00',
      '--data-dir',
      dataDir!,
      '--model-dir',
      modelDir,
      '--jma-forecast',
      join(dir, '130000.json'),
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`StaleForecastError: ${join(dir, '130000.json')}`);
    expect(result.err).toContain(ISSUE);
  });
});

describe('printForecast', () => {
  const unknown = {
    status: 'unknown',
    reason: 'no-capacity',
    pAtLeast95Percent: null,
    pAtLeast97Percent: null,
  } as const;
  const day = (
    lead: number,
    overrides: Partial<ForecastDocument['days'][number]>,
  ): ForecastDocument['days'][number] => ({
    date: `2023-08-0${lead + 1}`,
    leadDays: lead,
    peakManKw: 4950,
    variant: lead === 1 ? 'with-history' : 'weather-calendar',
    weatherCategory: '晴れ',
    jmaIssuedAt: ISSUE,
    temperatureSource: lead === 1 ? 'short-range' : 'weekly',
    lowerAccuracy: lead > 1,
    interval: null,
    weatherRange: null,
    tightSupply: unknown,
    ...overrides,
  });
  const document = (days: ForecastDocument['days'], warnings: string[] = []): ForecastDocument => ({
    asOf: '2023-08-01T18:00:00+09:00',
    latestIssueAt: ISSUE,
    forecastSource: 'test',
    trainedWindow: { from: '2016-04-01', to: '2023-06-30', nRows: 2647 },
    answer: { blend: null, temperatureUncertainty: null },
    days,
    warnings,
    model: { version: 3, source: 'store' },
  });
  const printed = (forecast: ForecastDocument): string[] => {
    const lines: string[] = [];
    printForecast({ out: (line: string) => lines.push(line) }, forecast, '');
    return lines;
  };

  it('prints the 80 % band, the tight-supply chances, and marks a band widened by the weekly range', () => {
    const lines = printed(
      document([
        day(1, {
          interval: { p10: 4780, p50: 4950, p90: 5120 },
          tightSupply: {
            status: 'known',
            capacityManKw: 5400,
            band: '14:00～15:00',
            announcedAt: '2023-08-01T17:40:00+09:00',
            pAtLeast95Percent: 0.1234,
            pAtLeast97Percent: 0.031,
          },
        }),
        day(2, {
          interval: { p10: 4500, p50: 4950, p90: 5400 },
          weatherRange: { maxLower: 31, maxUpper: 35, minLower: 24, minUpper: 27 },
        }),
      ]),
    );
    expect(lines.find((line) => line.startsWith('2023-08-02'))).toContain('4,780–5,120   12.3% / 3.1%');
    expect(lines.find((line) => line.startsWith('2023-08-03'))).toContain('4,500–5,400†  unknown');
    expect(lines).toContain("† widened by JMA's weekly likely range of the temperatures (forecast at both ends)");
    expect(lines.some((line) => line.startsWith('warning:'))).toBe(false);
  });

  it('prints n/a and the warning for a model without quantiles', () => {
    const lines = printed(
      document(
        [day(1, { tightSupply: { ...unknown, reason: 'no-interval' } })],
        ['intervals unavailable: model has no quantiles'],
      ),
    );
    expect(lines.find((line) => line.startsWith('2023-08-02'))).toMatch(/4,950 {2}n\/a +unknown/);
    expect(lines).toContain('warning: intervals unavailable: model has no quantiles');
  });
});
