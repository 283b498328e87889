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

/**
 * Validate request records: one record or a non-empty list of them. Every problem is reported
 * (not just the first), each with its path and the offending value. Unknown keys are dropped.
 */
export function validateRecords(input: unknown): RecordsValidation {
  // Validate list items one by one so a bad record does not hide the others' errors behind a union.
  const items = Array.isArray(input) ? input : [input];
  if (Array.isArray(input) && input.length === 0) {
    return { ok: false, errors: [{ path: [], message: 'must contain at least one record', value: input }] };
  }
  const errors: FieldError[] = [];
  const records: ForecastRecord[] = [];
  items.forEach((item, index) => {
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
