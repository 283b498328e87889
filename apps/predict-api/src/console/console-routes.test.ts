import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore } from '@powercast/aws-pipeline';
import type { LedgerRow } from '@powercast/contracts';
import { AlertLog, checkAccuracy } from '@powercast/monitoring';
import { archiveDays, backtestLedger } from '@powercast/monitoring/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandInPredictor } from '../../test/support/stand-in-predictor.js';
import { createPredictApp } from '../http/app.js';
import { ServiceMetrics } from '../monitoring/metrics.js';
import type { ConsoleView } from './console-view.js';
import { MonitoringSources } from './monitoring-sources.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];

/** `name{labels} value` lines of a Prometheus text, by name and labels. */
function gauges(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+\{[^}]*\}) (\S+)$/.exec(line);
    if (match) values.set(match[1] as string, Number(match[2]));
  }
  return values;
}

describe.skipIf(!dataDir)('accuracy gauges on /metrics and the console data, from the ledger', () => {
  let root: string;
  let rows: LedgerRow[];
  let app: ReturnType<typeof createPredictApp>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'powercast-console-routes-'));
    const store = new LocalArtifactStore(root);
    const days = await archiveDays(dataDir as string, '2023-06-01', '2023-08-31');
    // The stand-in predictor serves version 7: 2 % too high, with a band that always holds the actual.
    rows = [
      ...backtestLedger(days, {
        modelVersion: '7',
        point: (day) => day.actual * 1.02,
        band: (day) => [day.actual * 0.9, day.actual * 1.1],
      }),
      ...backtestLedger(days, { modelVersion: '6', point: (day) => day.actual * 2 }),
    ];
    const ledger = { rows: async () => rows };
    await checkAccuracy({ ledger, store, notifiers: [], modelVersion: '7', asOf: '2023-08-31' });
    const monitoring = new MonitoringSources({ ledger, alerts: new AlertLog(store) });
    app = createPredictApp({ predictor: new StandInPredictor(), metrics: new ServiceMetrics(), monitoring });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("exports the served version's rolling MAPE, bias and coverage beside TEPCO's and the naive MAPE", async () => {
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('# TYPE powercast_forecast_mape_percent gauge');
    const values = gauges(text);
    expect(
      values.get('powercast_forecast_mape_percent{window="28d",model_version="7",forecaster="model"}'),
    ).toBeCloseTo(2, 10);
    expect(values.get('powercast_forecast_mape_percent{window="7d",model_version="7",forecaster="model"}')).toBeCloseTo(
      2,
      10,
    );
    const august = rows.filter((row) => row.modelVersion === '7' && row.targetDate >= '2023-08-04');
    const tepco =
      (august.reduce(
        (sum, row) => sum + Math.abs((row.tepcoForecast as number) - (row.actual as number)) / (row.actual as number),
        0,
      ) /
        august.length) *
      100;
    expect(
      values.get('powercast_forecast_mape_percent{window="28d",model_version="7",forecaster="tepco"}'),
    ).toBeCloseTo(tepco, 10);
    expect(values.has('powercast_forecast_mape_percent{window="28d",model_version="7",forecaster="naive"}')).toBe(true);
    const meanActual = august.reduce((sum, row) => sum + (row.actual as number), 0) / august.length;
    expect(values.get('powercast_forecast_bias_man_kw{window="28d",model_version="7"}')).toBeCloseTo(
      0.02 * meanActual,
      8,
    );
    // Coverage 100 % is outside 70–90 %: that alert is open, the MAPE one is not.
    expect(values.get('powercast_forecast_interval_coverage_ratio{window="28d",model_version="7"}')).toBe(1);
    expect(values.get('powercast_forecast_scored_days{window="28d",model_version="7"}')).toBe(28);
    expect(values.get('powercast_alert_open{check="coverage-28d"}')).toBe(1);
    expect(values.get('powercast_alert_open{check="mape-28d"}')).toBe(0);
    expect(values.get('powercast_accuracy_threshold{threshold="mape_28d_percent"}')).toBe(3.5);
    expect(text).toContain('\npowercast_accuracy_available 1\n');
  });

  it('serves the console page, its data and its vega assets; unknown asset names are 404', async () => {
    const page = await app.request('/');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<html lang="ja">');
    const view = (await (await app.request('/console/data.json')).json()) as ConsoleView;
    expect(view.model).toMatchObject({ ready: true, version: '7', evaluationUrl: null, charts: [] });
    expect(view.history).toHaveLength(60);
    expect(view.history.at(-1)?.targetDate).toBe('2023-08-31');
    expect(view.alerts.open.map((alert) => alert.check)).toEqual(['coverage-28d']);
    for (const name of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js']) {
      const asset = await app.request(`/console/assets/${name}`);
      expect([name, asset.status, asset.headers.get('content-type')]).toEqual([
        name,
        200,
        'text/javascript; charset=utf-8',
      ]);
    }
    for (const name of ['__proto__', 'constructor', '..%2Fpackage.json', 'vega.js'])
      expect((await app.request(`/console/assets/${name}`)).status).toBe(404);
    expect((await app.request('/console/model/evaluation.json')).status).toBe(404);
  });
});

describe('an unreadable ledger', () => {
  it('keeps /metrics up (accuracy_available 0, logged) and answers the console data 503', async () => {
    const lines: string[] = [];
    const ledger = {
      rows: async (): Promise<LedgerRow[]> => {
        throw new Error('s3://bucket/models/ledger unreachable');
      },
    };
    const app = createPredictApp({
      predictor: new StandInPredictor(),
      metrics: new ServiceMetrics(),
      monitoring: new MonitoringSources({ ledger }),
      log: (line) => lines.push(line),
    });
    const metrics = await app.request('/metrics');
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('powercast_accuracy_available 0');
    expect(text).toContain('powercast_http_requests_total');
    expect(lines).toEqual([
      'predict-api: cannot read the ledger or the alert log for /metrics: Error: s3://bucket/models/ledger unreachable',
    ]);
    const data = await app.request('/console/data.json');
    expect(data.status).toBe(503);
    expect(((await data.json()) as { type: string }).type).toContain('monitoring-unavailable');
  });
});

describe('the console without a ledger', () => {
  it('still loads and shows an empty ledger and no accuracy gauges', async () => {
    const app = createPredictApp({ predictor: new StandInPredictor(), metrics: new ServiceMetrics() });
    expect((await app.request('/')).status).toBe(200);
    const view = (await (await app.request('/console/data.json')).json()) as ConsoleView;
    expect(view).toMatchObject({ latestIssue: null, history: [], accuracy: null, alerts: { open: [] } });
    expect(await (await app.request('/metrics')).text()).not.toContain('powercast_forecast_mape_percent');
  });
});
