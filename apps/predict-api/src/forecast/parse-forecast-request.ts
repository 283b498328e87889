import { DataLoaderError, type ForecastIssueRow } from '@powercast/data-loaders';
import { validateForecastIssues, type QualityFinding } from '@powercast/data-loaders/quality';
import { readJmaForecastJson } from '@powercast/data-loaders/readers';
import { failing } from '../inputs/input-quality.js';
import type { FieldError } from '../domain.js';
import { RequestProblem } from '../http/problem.js';
import { jsonNestingExceeds } from '../request/json-depth.js';
import { forecastRequestObjectSchema } from '../request/schemas.js';

export interface ForecastRequest {
  /** The as-of instant the caller asked for (query `as_of` or the body's `as_of`); default now. */
  asOf?: string;
  /** The issues of the JMA JSON the caller sent; absent: the service's own forecast. */
  jma?: ForecastIssueRow[];
  /** What the data-quality rules found in `jma` that does not refuse it (warnings). */
  jmaWarnings?: QualityFinding[];
}

/** A 130000.json nests 7 levels (report → timeSeries → areas → area …); anything far deeper is not one. */
const MAX_FORECAST_JSON_DEPTH = 16;
/** Where a caller's JMA JSON is said to come from in errors and in `forecastSource`. */
export const REQUEST_BODY_SOURCE = 'the request body';

/**
 * Read a `POST /forecast` body: empty (the service's JMA forecast), a live JMA `130000.json`
 * (an array of reports), or `{"as_of"?, "jma_forecast"?}`. Throws RequestProblem naming the path
 * of what is wrong (400 malformed JSON, 415 not JSON, 422 not a JMA forecast).
 */
export function parseForecastRequest(
  contentType: string | undefined,
  body: string,
  queryAsOf: string | undefined,
): ForecastRequest {
  const asOfQuery = queryAsOf === undefined || queryAsOf === '' ? undefined : queryAsOf;
  if (body.trim() === '') return asOfQuery === undefined ? {} : { asOf: asOfQuery };
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw new RequestProblem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `Content-Type ${contentType ? `"${contentType}"` : '(missing)'} is not accepted; send JMA's 130000.json as application/json, or no body.`,
    );
  }
  if (jsonNestingExceeds(body, MAX_FORECAST_JSON_DEPTH))
    throw new RequestProblem(
      400,
      'nesting-too-deep',
      'Malformed request body',
      `The JSON nests deeper than ${MAX_FORECAST_JSON_DEPTH} levels; a JMA 130000.json nests 7.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new RequestProblem(
      400,
      'malformed-body',
      'Malformed request body',
      `The body is not valid JSON: ${(error as Error).message}.`,
    );
  }
  if (Array.isArray(parsed)) return withAsOf(asOfQuery, undefined, checkedJma(body, []));
  const object = forecastRequestObjectSchema.safeParse(parsed);
  if (!object.success) {
    throw new RequestProblem(
      422,
      'invalid-forecast-request',
      'Invalid forecast request',
      'The body must be JMA\'s 130000.json (an array of reports) or {"as_of": "2023-08-01T18:00+09:00", "jma_forecast": [...]}.',
      object.error.issues.map((issue) => ({
        path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
        message:
          issue.code === 'unrecognized_keys'
            ? `unexpected field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}; expected "as_of" and "jma_forecast"`
            : issue.message,
      })),
    );
  }
  const { as_of: asOfField, jma_forecast: jma } = object.data;
  return withAsOf(asOfQuery, asOfField, jma === undefined ? {} : checkedJma(JSON.stringify(jma), ['jma_forecast']));
}

function withAsOf(query: string | undefined, field: string | undefined, request: ForecastRequest): ForecastRequest {
  if (query !== undefined && field !== undefined && query !== field) {
    throw new RequestProblem(422, 'invalid-as-of', 'Invalid forecast request', 'as_of is given twice, differently.', [
      { path: ['as_of'], message: `expected the query's as_of "${query.slice(0, 80)}" or none`, value: field },
    ]);
  }
  const asOf = query ?? field;
  return asOf === undefined ? request : { ...request, asOf };
}

/**
 * The caller's issues, checked by the rules the training data passes (`validateForecastIssues`:
 * temperatures within Tokyo's physical range): a finding of a rule set to `fail` is a 422 naming
 * the issue, the day, the field, the value and the range.
 */
function checkedJma(text: string, prefix: (string | number)[]): Pick<ForecastRequest, 'jma' | 'jmaWarnings'> {
  const rows = jmaRows(text, prefix);
  const findings = validateForecastIssues(rows, REQUEST_BODY_SOURCE);
  const failed = failing(findings);
  if (failed.length > 0) {
    throw new RequestProblem(
      422,
      'invalid-jma-forecast',
      'Invalid JMA forecast',
      `The JMA forecast holds ${failed.length} value(s) outside the physical ranges of the data-quality rules; see errors.`,
      failed.slice(0, 50).map((finding) => ({
        path: prefix,
        message: `${finding.message} (data-quality rule ${finding.rule})`,
        ...(finding.value === null ? {} : { value: finding.value }),
      })),
    );
  }
  return { jma: rows, jmaWarnings: findings };
}

/** The JMA JSON's issues; a JSON that is not JMA's forecast is a 422 naming the path inside it. */
function jmaRows(text: string, prefix: (string | number)[]): ForecastIssueRow[] {
  let rows: ForecastIssueRow[];
  try {
    rows = readJmaForecastJson(text, { file: REQUEST_BODY_SOURCE });
  } catch (error) {
    if (!(error instanceof DataLoaderError)) throw error;
    const column = error.location.column;
    const field: FieldError = {
      path: [...prefix, ...(column === undefined ? [] : jsonPathSegments(column))],
      message: error.message,
    };
    if (error.location.value !== undefined) field.value = error.location.value;
    throw new RequestProblem(
      422,
      'invalid-jma-forecast',
      'Invalid JMA forecast',
      `The JMA forecast JSON is not readable: ${error.message}`,
      [field],
    );
  }
  if (rows.length === 0) {
    throw new RequestProblem(
      422,
      'invalid-jma-forecast',
      'Invalid JMA forecast',
      "The JMA forecast JSON holds no forecast for Tokyo (area 130010, point 44132); send JMA's 130000.json.",
      [{ path: prefix, message: 'expected the Tokyo office forecast (130000.json)' }],
    );
  }
  return rows;
}

/** `[0].timeSeries[1].areas[0].pops` → [0, 'timeSeries', 1, 'areas', 0, 'pops']. */
export function jsonPathSegments(path: string): (string | number)[] {
  return [...path.matchAll(/\[(\d+)\]|\.([^.[\]]+)/g)].map((match) =>
    match[1] === undefined ? (match[2] as string) : Number(match[1]),
  );
}
