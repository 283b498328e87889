import { z } from 'zod';
import { calendarTable } from './calendar.js';
import { parseIsoDate } from './dates.js';
import type { ForecastRecord } from './inputs.js';

/** One problem in a request, located by its path (`[0, 'max_temp']`). */
export interface FieldError {
  path: (string | number)[];
  message: string;
  value?: unknown;
}

export type RecordsValidation = { ok: true; records: ForecastRecord[] } | { ok: false; errors: FieldError[] };

/** Plausible daily temperatures at Tokyo (℃): the record extremes are −9.2 and 39.5. */
export const TEMPERATURE_RANGE_C = { min: -30, max: 50 } as const;

const temperature = z
  .number({ error: 'must be a number (℃)' })
  .min(TEMPERATURE_RANGE_C.min, `must be at least ${TEMPERATURE_RANGE_C.min} ℃`)
  .max(TEMPERATURE_RANGE_C.max, `must be at most ${TEMPERATURE_RANGE_C.max} ℃`);

const isoDate = z.string({ error: 'must be a date string YYYY-MM-DD' }).superRefine((text, ctx) => {
  const day = parseIsoDate(text);
  if (day === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a real calendar date written YYYY-MM-DD' });
  } else if (calendarTable().indexOf(day) < 0) {
    ctx.addIssue({ code: 'custom', message: 'must be within 1970-01-01..2050-12-31 (holiday table range)' });
  }
});

const recordSchema = z.object({
  date: isoDate,
  max_temp: temperature,
  min_temp: temperature,
  weather: z.string({ error: 'must be a 天気概況 text or null' }).nullable(),
  mean_temp: temperature.optional(),
  humidity_mean: z.number({ error: 'must be a number (%)' }).min(0).max(100).optional(),
  sunshine_hours: z.number({ error: 'must be a number (hours)' }).min(0).max(24).optional(),
  precipitation_mm: z.number({ error: 'must be a number (mm)' }).min(0).optional(),
});

/** max ≥ min, checked even when other fields fail (a zod refinement would be skipped then). */
function temperatureOrderError(item: unknown): FieldError | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const { max_temp: max, min_temp: min } = item as Record<string, unknown>;
  if (typeof max !== 'number' || typeof min !== 'number' || !(max < min)) return undefined;
  return { path: ['max_temp'], message: `must be ≥ min_temp (${min} ℃)`, value: max };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const OPTIONAL_BOUNDS = {
  mean_temp: TEMPERATURE_RANGE_C,
  humidity_mean: { min: 0, max: 100 },
  sunshine_hours: { min: 0, max: 24 },
  precipitation_mm: { min: 0, max: Number.POSITIVE_INFINITY },
} as const;

/** What `z.number().min(min).max(max)` accepts: a finite number within the bounds (zod 4 refuses ±Infinity and NaN). */
function isWithin(value: unknown, bounds: { readonly min: number; readonly max: number }): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= bounds.min && value <= bounds.max;
}

/**
 * The record `recordSchema` would output for `item` when it accepts it and max ≥ min (its keys in
 * schema order, unknown keys dropped), read field by field as zod reads them but without the
 * allocations of a zod parse, which cost more than the rest of validating a record. Undefined
 * means "ask the schema": it then says what is wrong, so error messages have one source. A
 * property test holds the two paths to the same answers.
 */
function acceptedRecord(item: unknown): ForecastRecord | undefined {
  if (typeof item !== 'object' || item === null || Object.getPrototypeOf(item) !== Object.prototype) return undefined;
  const fields = item as Record<string, unknown>;
  const { date, max_temp: maxTemp, min_temp: minTemp, weather } = fields;
  if (typeof date !== 'string') return undefined;
  const day = parseIsoDate(date);
  if (day === undefined || calendarTable().indexOf(day) < 0) return undefined;
  if (!isWithin(maxTemp, TEMPERATURE_RANGE_C) || !isWithin(minTemp, TEMPERATURE_RANGE_C) || maxTemp < minTemp)
    return undefined;
  if (weather !== null && typeof weather !== 'string') return undefined;
  const record: ForecastRecord = { date, max_temp: maxTemp, min_temp: minTemp, weather };
  for (const key of Object.keys(OPTIONAL_BOUNDS) as (keyof typeof OPTIONAL_BOUNDS)[]) {
    const value = fields[key];
    if (value === undefined) {
      // zod keeps a key given as undefined; rare enough to leave to it.
      if (key in fields) return undefined;
    } else if (isWithin(value, OPTIONAL_BOUNDS[key])) record[key] = value;
    else return undefined;
  }
  return record;
}

/**
 * Validate request records: one record or a non-empty list of them. Every problem is reported
 * (not just the first), each with its path and the offending value. Unknown keys are dropped.
 */
export function validateRecords(input: unknown): RecordsValidation {
  return validateEach(input, acceptedRecord);
}

/** `validateRecords` with zod on every record, no fast path: the reference its property test compares against. */
export function validateRecordsWithSchema(input: unknown): RecordsValidation {
  return validateEach(input, () => undefined);
}

function validateEach(input: unknown, fastPath: (item: unknown) => ForecastRecord | undefined): RecordsValidation {
  // Validate list items one by one so a bad record does not hide the others' errors behind a union.
  const items = Array.isArray(input) ? input : [input];
  if (Array.isArray(input) && input.length === 0) {
    return { ok: false, errors: [{ path: [], message: 'must contain at least one record', value: input }] };
  }
  const errors: FieldError[] = [];
  const records: ForecastRecord[] = [];
  items.forEach((item, index) => {
    const accepted = fastPath(item);
    if (accepted !== undefined) {
      records.push(accepted);
      return;
    }
    const located = (path: (string | number)[]): (string | number)[] =>
      Array.isArray(input) ? [index, ...path] : path;
    const result = recordSchema.safeParse(item);
    const order = temperatureOrderError(item);
    if (result.success && !order) {
      records.push(result.data);
      return;
    }
    for (const issue of result.error?.issues ?? []) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      errors.push({ path: located(path), message: issue.message, value: valueAt(item, issue.path) });
    }
    if (order) errors.push({ ...order, path: located(order.path) });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records };
}
