import type { OpenAPIHono } from '@hono/zod-openapi';
import { DEFAULT_THRESHOLDS, rollingAccuracy } from '@powercast/monitoring';
import { HttpProblem } from '../http/problem.js';
import { renderAccuracyMetrics } from '../monitoring/accuracy-metrics.js';
import type { Predictor } from '../predictors/predictor.js';
import { consoleAsset } from './console-assets.js';
import { consolePage } from './console-page.js';
import { consoleView, type ConsoleModel, type ConsoleView } from './console-view.js';
import type { MonitoringSnapshot, MonitoringSources } from './monitoring-sources.js';

const ASSET_BASE = '/console/assets';
const DATA_URL = '/console/data.json';
const EVALUATION_URL = '/console/model/evaluation.json';
const CHARTS_URL = '/console/model/charts';

/**
 * The console (`GET /`, its data, its vega assets, the deployed model's evaluation and charts).
 * Without monitoring sources the page still loads and says the ledger is empty.
 */
export function registerConsoleRoutes(
  app: OpenAPIHono,
  predictor: Predictor,
  sources: MonitoringSources | undefined,
): void {
  app.get('/', (c) => c.html(consolePage(ASSET_BASE, DATA_URL)));
  app.get(DATA_URL, async (c) => c.json(await buildView(predictor, sources), 200, { 'cache-control': 'no-store' }));
  app.get(`${ASSET_BASE}/:name`, async (c) => {
    const name = c.req.param('name');
    const asset = await consoleAsset(name);
    if (asset === null)
      throw new HttpProblem(404, 'not-found', 'Not found', `No console asset "${name.slice(0, 80)}".`);
    return c.body(asset.bytes, 200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=3600' });
  });
  app.get(EVALUATION_URL, async (c) => {
    const version = servedVersion(predictor);
    const evaluation = version === null ? null : ((await sources?.documents?.evaluation(version)) ?? null);
    if (evaluation === null)
      throw new HttpProblem(404, 'not-found', 'Not found', 'The deployed model has no evaluation in the registry.');
    return c.json(evaluation);
  });
  app.get(`${CHARTS_URL}/:name`, async (c) => {
    const name = c.req.param('name');
    const version = servedVersion(predictor);
    const chart = version === null ? null : ((await sources?.documents?.chart(version, name)) ?? null);
    if (chart === null)
      throw new HttpProblem(404, 'not-found', 'Not found', `The deployed model has no chart "${name.slice(0, 80)}".`);
    return c.body(new Uint8Array(chart.bytes), 200, { 'content-type': chart.contentType });
  });
}

/** The accuracy gauges appended to /metrics (empty without a ledger). */
export async function accuracyMetricsText(
  predictor: Predictor,
  sources: MonitoringSources | undefined,
  log: (message: string) => void,
): Promise<string> {
  if (sources === undefined) return '';
  let snapshot: MonitoringSnapshot;
  try {
    snapshot = await sources.snapshot();
  } catch (error) {
    // The service's own metrics must not go down with the store: say the figures are missing instead.
    log(`predict-api: cannot read the ledger or the alert log for /metrics: ${String(error)}`);
    return `${ACCURACY_AVAILABLE_HELP}powercast_accuracy_available 0\n`;
  }
  const { rows, alerts } = snapshot;
  const modelVersion = servedVersionText(predictor);
  let asOf: string | undefined;
  for (const row of rows)
    if (row.actual !== null && (asOf === undefined || row.targetDate > asOf)) asOf = row.targetDate;
  const report = asOf === undefined ? null : rollingAccuracy(rows, { modelVersion, asOf });
  const open = alerts.filter((entry) => entry.raised.source === 'accuracy' && entry.cleared === null);
  const figures = renderAccuracyMetrics(
    report,
    open.map((entry) => entry.check),
    sources.thresholds,
  );
  return `${ACCURACY_AVAILABLE_HELP}powercast_accuracy_available 1\n${figures}`;
}

const ACCURACY_AVAILABLE_HELP =
  '# HELP powercast_accuracy_available 1 when the ledger and the alert log could be read for the accuracy gauges.\n' +
  '# TYPE powercast_accuracy_available gauge\n';

async function buildView(predictor: Predictor, sources: MonitoringSources | undefined): Promise<ConsoleView> {
  let snapshot: MonitoringSnapshot = { rows: [], alerts: [] };
  try {
    if (sources !== undefined) snapshot = await sources.snapshot();
  } catch (error) {
    console.error('predict-api: cannot read the ledger or the alert log for the console', error);
    throw new HttpProblem(
      503,
      'monitoring-unavailable',
      'Ledger unavailable',
      'The forecast ledger or the alert log cannot be read right now; try again shortly.',
    );
  }
  return consoleView({
    rows: snapshot.rows,
    alerts: snapshot.alerts,
    thresholds: sources?.thresholds ?? DEFAULT_THRESHOLDS,
    model: await consoleModel(predictor, sources),
  });
}

async function consoleModel(predictor: Predictor, sources: MonitoringSources | undefined): Promise<ConsoleModel> {
  const readiness = predictor.readiness();
  if (!readiness.ready)
    return {
      ready: false,
      version: null,
      backend: readiness.backend,
      trainedWindow: null,
      loadedAt: null,
      reason: readiness.reason,
      evaluationUrl: null,
      charts: [],
    };
  const version = servedVersion(predictor);
  const documents = sources?.documents;
  const [evaluation, charts] =
    version === null || documents === undefined
      ? [null, []]
      : await Promise.all([documents.evaluation(version), documents.charts(version)]);
  return {
    ready: true,
    version: servedVersionText(predictor),
    backend: readiness.model.backend,
    trainedWindow: readiness.model.trainedWindow ?? null,
    loadedAt: readiness.model.loadedAt ?? null,
    reason: null,
    evaluationUrl: evaluation === null ? null : EVALUATION_URL,
    charts: charts.map((name) => ({ name, url: `${CHARTS_URL}/${encodeURIComponent(name)}` })),
  };
}

/** The registry version being served, when it is one (a --model-dir artifact has none). */
function servedVersion(predictor: Predictor): number | null {
  const readiness = predictor.readiness();
  if (!readiness.ready) return null;
  const version = Number(readiness.model.version);
  return readiness.model.version !== null && Number.isInteger(version) ? version : null;
}

function servedVersionText(predictor: Predictor): string | null {
  const readiness = predictor.readiness();
  return readiness.ready && readiness.model.version !== null ? String(readiness.model.version) : null;
}
