import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { accuracyMetricsText, registerConsoleRoutes } from '../console/console-routes.js';
import type { MonitoringSources } from '../console/monitoring-sources.js';
import { HOW_TO_CONFIGURE_DATA, type AsOfForecaster } from '../forecast/as-of-forecaster.js';
import { parseForecastRequest } from '../forecast/parse-forecast-request.js';
import { chooseHistory, historyReport } from '../history/request-history.js';
import { predictQuality } from '../inputs/input-quality.js';
import type { TrustedData } from '../inputs/trusted-data.js';
import type { DriftMonitor, DriftReference } from '../monitoring/drift-monitor.js';
import type { ServiceMetrics } from '../monitoring/metrics.js';
import type { Predictor } from '../predictors/predictor.js';
import { parsePredictRequest } from '../request/parse-predict-request.js';
import { readBodyText } from '../request/read-body.js';
import { requestLimits } from '../request/limits.js';
import { CLIENT_CLOSED_REQUEST, clientAbortLogLine, clientClosedResponse, clientHasGone } from './client-abort.js';
import { openApiDocument, registerOpenApiRoutes } from './openapi.js';
import { HttpProblem, problemFor, problemResponse } from './problem.js';
import { predictResponseBody, predictResponseCsv, prefersCsv } from './respond.js';
import { swaggerAsset, swaggerPage } from './swagger-ui.js';

export interface PredictAppOptions {
  predictor: Predictor;
  metrics: ServiceMetrics;
  /** Input drift: the monitor samples answered records; the reference comes from the served model. */
  drift?: { monitor: DriftMonitor; reference: () => DriftReference | null };
  /** Where routine one-line notices go (client aborts); default console.info. */
  log?: (message: string) => void;
  /** The configured data folder: its latest actuals are lent to requests without `history`. */
  data?: TrustedData;
  /** POST /forecast; without it the route answers 503 with how to configure a data folder. */
  forecaster?: AsOfForecaster;
  /** The forecast ledger and alert log: the console at `/` and the accuracy gauges of /metrics. */
  monitoring?: MonitoringSources;
}

/**
 * The HTTP surface. `/predict` and `/invocations` share one handler, so the SageMaker hosting
 * contract and the public API cannot drift apart.
 */
export function createPredictApp(options: PredictAppOptions): OpenAPIHono {
  const { predictor, metrics } = options;
  const log = options.log ?? ((message: string) => console.info(message));
  const app = new OpenAPIHono();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    if (c.res.status === CLIENT_CLOSED_REQUEST) metrics.countAborted(c.req.method, matchedRoute(c));
    else metrics.observeRequest(c.req.method, matchedRoute(c), c.res.status, (performance.now() - started) / 1000);
  });

  app.onError((error, c) => {
    if (clientHasGone(c.req.raw)) {
      log(clientAbortLogLine(c.req.method, c.req.path, error));
      return clientClosedResponse();
    }
    const { problem, internal } = problemFor(error);
    if (internal) console.error('predict-api: unexpected error', error);
    return problemResponse(problem);
  });
  app.notFound((c) =>
    problemResponse(
      new HttpProblem(404, 'not-found', 'Not found', `No route ${c.req.method} ${c.req.path}; see /docs.`),
    ),
  );

  const predict = async (c: Context): Promise<Response> => {
    const started = performance.now();
    const body = await readBodyText(c.req.raw, requestLimits.maxBodyBytes);
    const request = parsePredictRequest(c.req.header('content-type'), body);
    // Nothing a caller sends outlives its request: `history` answers this request only.
    const trusted = options.data?.actuals() ?? null;
    const chosen = chooseHistory(request.records, request.history, trusted);
    const batch = await predictor.predict(request.records, chosen.history);
    for (const prediction of batch.predictions) metrics.countPredictions(prediction.variant, 1);
    options.drift?.monitor.observe(request.records);
    const answer = predictResponseBody(
      request.records,
      batch,
      historyReport(chosen, batch.predictions, trusted, options.data !== undefined),
      predictQuality(chosen.report.source, chosen.report.asOf, options.data?.rejected() ?? null),
    );
    // Read, validate and predict time (W3C Server-Timing), for clients and the benchmark. Set with
    // the response rather than on it afterwards: touching a built response's headers makes
    // @hono/node-server take its slow streaming path.
    const serverTiming = `app;dur=${(performance.now() - started).toFixed(3)}`;
    if (prefersCsv(c.req.header('accept'))) {
      return c.body(predictResponseCsv(answer), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'server-timing': serverTiming,
      });
    }
    // A plain header object lets @hono/node-server write the answer without building a Headers object.
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json', 'server-timing': serverTiming },
    });
  };
  app.post('/predict', predict);
  app.post('/invocations', predict);

  app.post('/forecast', async (c) => {
    const started = performance.now();
    const body = await readBodyText(c.req.raw, requestLimits.maxBodyBytes);
    const request = parseForecastRequest(c.req.header('content-type'), body, c.req.query('as_of'));
    if (options.forecaster === undefined)
      throw new HttpProblem(503, 'no-data-dir', 'No trusted data configured', HOW_TO_CONFIGURE_DATA);
    const { answer, readMs } = await options.forecaster.forecast(request);
    for (const day of answer.days) metrics.countPredictions(day.variant, 1);
    return c.json(answer, 200, {
      'server-timing': `read;dur=${readMs.toFixed(3)}, app;dur=${(performance.now() - started).toFixed(3)}`,
    });
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  const ready = (c: Context): Response => {
    const readiness = predictor.readiness();
    return c.json(readiness, readiness.ready ? 200 : 503);
  };
  app.get('/ready', ready);
  app.get('/ping', ready);
  app.get('/metrics', async (c) => {
    const readiness = predictor.readiness();
    metrics.setModel(
      readiness.ready ? { backend: readiness.model.backend, version: String(readiness.model.version) } : null,
    );
    const accuracy = await accuracyMetricsText(predictor, options.monitoring, log);
    return c.body(metrics.render() + accuracy, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  app.get('/drift', (c) => {
    const reference = options.drift?.reference() ?? null;
    if (options.drift === undefined || reference === null) {
      throw new HttpProblem(
        503,
        'drift-unavailable',
        'Drift report unavailable',
        'Drift is measured against the training statistics of a locally loaded model; none is loaded (or the back end is a remote endpoint).',
      );
    }
    return c.json(options.drift.monitor.report(reference));
  });

  registerConsoleRoutes(app, predictor, options.monitoring);

  registerOpenApiRoutes(app);
  app.get('/openapi.json', (c) => c.json(openApiDocument(app)));
  app.get('/docs', (c) => c.html(swaggerPage('/openapi.json', '/docs/assets')));
  app.get('/docs/assets/:name', async (c) => {
    const name = c.req.param('name');
    const asset = await swaggerAsset(name);
    if (asset === null)
      throw new HttpProblem(404, 'not-found', 'Not found', `No documentation asset "${name.slice(0, 80)}".`);
    return c.body(asset.bytes, 200, {
      'content-type': asset.contentType,
      'cache-control': 'public, max-age=3600',
    });
  });
  return app;
}

/** The matched route pattern (not the raw path) keeps metric label sets bounded. */
function matchedRoute(c: Context): string {
  // The last route that is not a middleware; searched from the end without copying the list (every request).
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i -= 1) {
    const route = routes[i]!;
    if (route.method !== 'ALL') return route.path;
  }
  return 'unmatched';
}
