import type { z } from '@hono/zod-openapi';
import { validateRecords } from '@powercast/features';
import type { DemandObservation, FieldError, ForecastRecord } from '../domain.js';
import { RequestProblem } from '../http/problem.js';
import { parseCsvRows } from './csv.js';
import { jsonNestingExceeds } from './json-depth.js';
import { requestLimits } from './limits.js';
import { forecastRecordSchema, historySchema } from './schemas.js';
import { isWellFormedRecord } from './well-formed-record.js';

export interface PredictRequest {
  records: ForecastRecord[];
  history?: DemandObservation[];
}

type Path = (string | number)[];

/** A record as found in the body, before validation, with where it came from. */
interface CandidateRecord {
  path: Path;
  fields: unknown;
  /** Maps a record field to its path segment when the body is positional (features rows, CSV). */
  fieldPath?: (field: string | number) => string | number;
  /** Set when the item cannot be a record at all (a features row of the wrong shape). */
  shapeError?: string;
}

const FEATURE_COLUMNS = ['date', 'max_temp', 'min_temp', 'weather'] as const;
const MAX_REPORTED_ERRORS = 50;

/**
 * Turn a `POST /predict` body into validated records. Accepts the reference endpoint's forms —
 * one record, a list of records, `{"features": [[date, max_temp, min_temp, weather], …]}`,
 * `text/csv` rows — plus `{"records": […]}`; the object forms may carry `history`.
 * Throws RequestProblem (400/413/415/422) naming every offending field.
 */
export function parsePredictRequest(contentType: string | undefined, body: string): PredictRequest {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'text/csv' || mediaType === 'application/csv')
    return fromCandidates(csvCandidates(body), undefined);
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return fromJson(body);
  throw new RequestProblem(
    415,
    'unsupported-media-type',
    'Unsupported media type',
    `Content-Type ${contentType ? `"${contentType}"` : '(missing)'} is not accepted; send application/json or text/csv (rows date,max_temp,min_temp,weather).`,
  );
}

function fromJson(body: string): PredictRequest {
  if (body.trim() === '')
    throw malformed(
      'The body is empty; send a record such as {"date":"2025-05-20","max_temp":28,"min_temp":10.5,"weather":"曇り"}.',
    );
  if (jsonNestingExceeds(body, requestLimits.maxJsonDepth)) {
    throw malformed(
      `The JSON nests deeper than ${requestLimits.maxJsonDepth} levels; records are flat objects.`,
      'nesting-too-deep',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw malformed(`The body is not valid JSON: ${(error as Error).message}.`);
  }
  if (Array.isArray(parsed)) return fromCandidates(listCandidates(parsed, []), undefined);
  if (!isPlainObject(parsed)) {
    throw unprocessable(
      'The body must be a record object, a list of records, {"records": [...]} or {"features": [[...]]}.',
      [{ path: [], message: 'expected an object or an array', value: parsed }],
    );
  }
  const { history, ...rest } = parsed;
  if ('features' in rest) return fromCandidates(featureCandidates(rest), history, extraKeys(rest, 'features'));
  if ('records' in rest) {
    if (!Array.isArray(rest['records']))
      throw unprocessable('"records" must be a list of records.', [
        { path: ['records'], message: 'expected an array', value: rest['records'] },
      ]);
    return fromCandidates(listCandidates(rest['records'], ['records']), history, extraKeys(rest, 'records'));
  }
  return fromCandidates([{ path: [], fields: rest }], history);
}

function extraKeys(body: Record<string, unknown>, expected: string): FieldError[] {
  return Object.keys(body)
    .filter((key) => key !== expected)
    .map((key) => ({ path: [key], message: `unexpected key; expected only "${expected}" and optional "history"` }));
}

function listCandidates(list: unknown[], prefix: Path): CandidateRecord[] {
  return list.map((fields, index) => ({ path: [...prefix, index], fields }));
}

function featureCandidates(body: Record<string, unknown>): CandidateRecord[] {
  const rows = body['features'];
  if (!Array.isArray(rows)) {
    throw unprocessable('"features" must be a list of rows [date, max_temp, min_temp, weather].', [
      { path: ['features'], message: 'expected an array of arrays', value: rows },
    ]);
  }
  return rows.map((row, index) => positionalCandidate(['features', index], row));
}

function positionalCandidate(path: Path, row: unknown): CandidateRecord {
  if (!Array.isArray(row) || row.length !== FEATURE_COLUMNS.length) {
    return {
      path,
      fields: row,
      shapeError: `expected a row of ${FEATURE_COLUMNS.length} values [${FEATURE_COLUMNS.join(', ')}]`,
    };
  }
  return {
    path,
    fields: Object.fromEntries(FEATURE_COLUMNS.map((column, index) => [column, row[index]])),
    fieldPath: (field) => FEATURE_COLUMNS.indexOf(field as (typeof FEATURE_COLUMNS)[number]),
  };
}

function csvCandidates(body: string): CandidateRecord[] {
  const rows = parseCsvRows(body);
  // A header row is optional; it is recognised by its first cell.
  const dataRows = rows[0]?.fields[0]?.trim().toLowerCase() === 'date' ? rows.slice(1) : rows;
  const candidates: CandidateRecord[] = [];
  const shapeErrors: FieldError[] = [];
  for (const row of dataRows) {
    if (row.fields.length !== FEATURE_COLUMNS.length) {
      shapeErrors.push({
        path: ['csv', row.line],
        message: `expected ${FEATURE_COLUMNS.length} columns (${FEATURE_COLUMNS.join(',')}), found ${row.fields.length}`,
      });
      continue;
    }
    candidates.push({
      path: ['csv', row.line],
      fields: {
        date: row.fields[0]?.trim(),
        max_temp: csvNumber(row.fields[1]),
        min_temp: csvNumber(row.fields[2]),
        weather: row.fields[3]?.trim() === '' ? null : row.fields[3]?.trim(),
      },
    });
  }
  if (shapeErrors.length > 0) {
    throw malformed(
      'CSV rows must have exactly 4 columns: date,max_temp,min_temp,weather.',
      'csv-shape',
      shapeErrors.slice(0, MAX_REPORTED_ERRORS),
    );
  }
  return candidates;
}

/** CSV cells are text; numbers are converted here, and text that is not a number stays text so the error shows it. */
function csvNumber(cell: string | undefined): unknown {
  const text = cell?.trim() ?? '';
  if (text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

function fromCandidates(
  candidates: CandidateRecord[],
  history: unknown,
  extraErrors: FieldError[] = [],
): PredictRequest {
  if (candidates.length === 0) {
    throw unprocessable('No records to predict: send at least one record.', [
      { path: [], message: 'expected at least 1 record' },
    ]);
  }
  if (candidates.length > requestLimits.maxRecords) {
    throw new RequestProblem(
      413,
      'too-many-records',
      'Too many records',
      `The request holds ${candidates.length} records; the limit is ${requestLimits.maxRecords} per request. Split it into batches.`,
    );
  }
  const errors: FieldError[] = [...extraErrors];
  const records: ForecastRecord[] = [];
  for (const candidate of candidates) {
    if (candidate.shapeError !== undefined) {
      errors.push({ path: candidate.path, message: candidate.shapeError, value: candidate.fields });
      continue;
    }
    const result = isWellFormedRecord(candidate.fields)
      ? { success: true as const, data: candidate.fields }
      : forecastRecordSchema.safeParse(candidate.fields);
    if (!result.success) {
      errors.push(...issuesToFieldErrors(result.error.issues, candidate));
    } else {
      // The HTTP checks passed; the feature package adds the domain rules (e.g. the holiday-table date range).
      const domain = validateRecords(result.data);
      if (domain.ok) records.push(result.data);
      else
        errors.push(
          ...domain.errors.map((error) => ({
            ...error,
            path: [...candidate.path, ...mapField(candidate, error.path)],
          })),
        );
    }
    if (errors.length >= MAX_REPORTED_ERRORS) break;
  }
  let parsedHistory: DemandObservation[] | undefined;
  if (history !== undefined) {
    const result = historySchema.safeParse(history);
    if (result.success) parsedHistory = result.data;
    else errors.push(...issuesToFieldErrors(result.error.issues, { path: ['history'], fields: history }));
  }
  if (errors.length > 0) {
    throw unprocessable(
      `${errors.length >= MAX_REPORTED_ERRORS ? `At least ${MAX_REPORTED_ERRORS}` : errors.length} field(s) are invalid; see errors.`,
      errors.slice(0, MAX_REPORTED_ERRORS),
    );
  }
  return parsedHistory === undefined ? { records } : { records, history: parsedHistory };
}

function issuesToFieldErrors(issues: z.core.$ZodIssue[], candidate: CandidateRecord): FieldError[] {
  return issues.map((issue) => {
    const relative = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    const mapped = mapField(candidate, relative);
    const message =
      issue.code === 'unrecognized_keys'
        ? `unexpected field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`
        : issue.message;
    const error: FieldError = { path: [...candidate.path, ...mapped], message };
    const value = valueAt(candidate.fields, relative);
    if (value !== undefined) error.value = value;
    return error;
  });
}

function mapField(candidate: CandidateRecord, path: (string | number)[]): (string | number)[] {
  if (candidate.fieldPath === undefined || path.length === 0) return path;
  return [candidate.fieldPath(path[0] as string), ...path.slice(1)];
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(detail: string, slug = 'malformed-body', errors: FieldError[] = []): RequestProblem {
  return new RequestProblem(400, slug, 'Malformed request body', detail, errors);
}

function unprocessable(detail: string, errors: FieldError[]): RequestProblem {
  return new RequestProblem(422, 'invalid-records', 'Invalid prediction request', detail, errors);
}
