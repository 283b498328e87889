import { OpenAPIHono, z } from '@hono/zod-openapi';
import { requestLimits } from '../request/limits.js';
import {
  predictRequestSchema,
  predictResponseSchema,
  problemSchema,
  referenceExampleRecord,
} from '../request/schemas.js';

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
    `Optional "history" (recent actual daily peaks) enables the with-history variant. ` +
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
        'application/json': { schema: predictResponseSchema },
        'text/csv': { schema: z.string() },
      },
    },
    400: { description: 'Malformed body (JSON syntax, nesting, CSV shape)', content: problemContent },
    413: { description: 'Body over 1 MiB or more than 1,000 records', content: problemContent },
    415: { description: 'Content-Type other than JSON or CSV', content: problemContent },
    422: { description: 'Invalid fields; every error names its path', content: problemContent },
    502: { description: 'SageMaker endpoint error', content: problemContent },
    503: { description: 'No model deployed yet', content: problemContent },
    504: { description: 'SageMaker endpoint timed out', content: problemContent },
  },
});

/** Register every documented route on the app's OpenAPI registry. */
export function registerOpenApiRoutes(app: OpenAPIHono): void {
  const registry = app.openAPIRegistry;
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
