import { OpenAPIHono, z } from '@hono/zod-openapi';
import { requestLimits } from '../request/limits.js';
import {
  forecastRequestObjectSchema,
  jmaForecastJsonSchema,
  predictRequestSchema,
  problemSchema,
  referenceExampleRecord,
} from '../request/schemas.js';
import { forecastAnswerSchema, predictAnswerSchema } from './response-schemas.js';

const problemContent = { 'application/problem+json': { schema: problemSchema } };

const predictOperation = (
  path: string,
  summary: string,
): Parameters<OpenAPIHono['openAPIRegistry']['registerPath']>[0] => ({
  method: 'post',
  path,
  summary,
  description:
    `Forecast the daily peak demand (万kW) for each record. Accepts one record, a list, {"records": [...]}, ` +
    `{"features": [[date, max_temp, min_temp, weather], ...]} or text/csv rows date,max_temp,min_temp,weather. ` +
    `Optional "history" (recent actual daily peaks) enables the with-history variant; it applies to this request ` +
    `only. Without it the service lends its own latest actuals (from its data folder) when they end 1..7 days before ` +
    `the first record. The answer's "history" says whose actuals answered (source, asOf), how many days were given, ` +
    `how many days the with-history variant reads (daysNeeded) and, in "note", why any record fell back to the ` +
    `weather-and-calendar variant ("model.variant" names the variant per record). ` +
    `Each detail carries "interval" (P10, P50, P90) when the model has quantiles; an older model answers point ` +
    `forecasts and "modelWarnings" says "intervals unavailable: model has no quantiles". ` +
    `Limits: ${requestLimits.maxRecords} records, 1 MiB body. Send Accept: text/csv for a CSV answer.`,
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: predictRequestSchema, example: referenceExampleRecord },
        'text/csv': { schema: z.string(), example: '2025-05-20,28,10.5,曇り\n2025-05-21,30,18,晴\n' },
      },
    },
  },
  responses: {
    200: {
      description: 'Forecasts, in the order of the records',
      content: {
        'application/json': { schema: predictAnswerSchema },
        'text/csv': { schema: z.string() },
      },
    },
    400: { description: 'Malformed body (JSON syntax, nesting, CSV shape)', content: problemContent },
    413: { description: 'Body over 1 MiB or more than 1,000 records', content: problemContent },
    415: {
      description: 'Content-Type other than JSON or CSV, or a charset other than UTF-8 or Shift_JIS (CP932)',
      content: problemContent,
    },
    422: { description: 'Invalid fields; every error names its path', content: problemContent },
    502: { description: 'SageMaker endpoint error', content: problemContent },
    503: { description: 'No model deployed yet', content: problemContent },
    504: { description: 'SageMaker endpoint timed out', content: problemContent },
  },
});

const forecastOperation: Parameters<OpenAPIHono['openAPIRegistry']['registerPath']>[0] = {
  method: 'post',
  path: '/forecast',
  summary: "Tomorrow's peak (and D+2..D+7) as of an instant, from JMA's forecast",
  description:
    "The deployed model's forecast as of `as_of` (default now), exactly as `trainer forecast` answers it: D+1 from JMA's " +
    'short-range forecast with the demand known by then, D+2..D+7 from the weekly forecast, flagged lowerAccuracy. ' +
    'Body: JMA\'s live 130000.json, or {"as_of", "jma_forecast"}, or empty to use the forecast the service last ' +
    "fetched from POWERCAST_JMA_FORECAST_URL (else its data folder's archive). TEPCO actuals and observed weather come " +
    'only from the data folder the service is configured with (--data-dir / POWERCAST_DATA_DIR). Each day carries its ' +
    "80 % interval (widened by JMA's weekly likely range on D+2..D+7) and, when TEPCO announced the day's peak supply " +
    'capacity before as_of, P(peak ≥ 95 %) and P(peak ≥ 97 %) of it ("unknown" otherwise); a model without quantiles ' +
    'answers point forecasts with the warning "intervals unavailable: model has no quantiles".',
  request: {
    query: z.object({ as_of: z.string().optional().openapi({ example: '2023-08-01T18:00+09:00' }) }),
    body: {
      required: false,
      content: {
        'application/json': { schema: z.union([jmaForecastJsonSchema, forecastRequestObjectSchema]) },
      },
    },
  },
  responses: {
    200: {
      description: 'The forecast days, D+1 first',
      content: { 'application/json': { schema: forecastAnswerSchema } },
    },
    400: { description: 'Malformed JSON', content: problemContent },
    413: { description: 'Body over 1 MiB', content: problemContent },
    415: {
      description: 'Content-Type other than JSON, or a charset other than UTF-8 or Shift_JIS (CP932)',
      content: problemContent,
    },
    422: {
      description:
        'Not a JMA forecast (errors name the path inside it: invalid-jma-forecast), the latest issue at as_of is more ' +
        'than 36 h old (stale-forecast), no issue at as_of (no-forecast-issue), bad or future as_of (invalid-as-of)',
      content: problemContent,
    },
    503: {
      description:
        'No data folder configured (no-data-dir, with how to configure one), no model (no-model, as /predict), ' +
        'the live forecast not fetched yet (no-live-forecast), the data folder unreadable (trusted-data-unavailable)',
      content: problemContent,
    },
  },
};

/** Register every documented route on the app's OpenAPI registry. */
export function registerOpenApiRoutes(app: OpenAPIHono): void {
  const registry = app.openAPIRegistry;
  registry.registerPath(forecastOperation);
  registry.registerPath(predictOperation('/predict', 'Forecast daily peak demand'));
  registry.registerPath(predictOperation('/invocations', 'SageMaker hosting contract: same as /predict'));
  const plain = (path: string, summary: string, description: string): void =>
    registry.registerPath({ method: 'get', path, summary, responses: { 200: { description } } });
  plain('/health', 'Liveness', 'The process is up');
  plain('/ready', 'Readiness', 'A model is loaded (503 with the reason otherwise)');
  plain('/ping', 'SageMaker hosting health check', '200 when a model is loaded');
  plain('/metrics', 'Prometheus metrics', 'Text exposition format');
  plain(
    '/drift',
    'Input drift',
    'Population stability index per feature of recent request records versus the training data; flags PSI > 0.2',
  );
}

export function openApiDocument(app: OpenAPIHono): ReturnType<OpenAPIHono['getOpenAPIDocument']> {
  return app.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: 'Powercast predict API',
      version: '0.1.0',
      description: 'Daily peak electricity demand forecasts for the TEPCO area (万kW) from weather and calendar.',
    },
  });
}
