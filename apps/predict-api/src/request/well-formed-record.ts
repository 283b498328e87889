import type { ForecastRecord } from '../domain.js';
import { requestLimits } from './limits.js';
import { physicalRanges } from './physical-ranges.js';
import { isCalendarDate, optionalFieldBounds } from './schemas.js';

const { temperatureC } = physicalRanges;
const inside = (value: unknown, bounds: { min: number; max: number }): boolean =>
  typeof value === 'number' && value >= bounds.min && value <= bounds.max;

/**
 * True when `fields` is a record `forecastRecordSchema` accepts as it is: the same checks (strict
 * keys, real calendar date, physical ranges, weather text length, max ≥ min) in one pass without
 * the allocations of a zod parse, which cost more than the rest of a one-record request. False
 * means "ask the schema": zod then says what is wrong, so error messages have one source. A
 * property test holds the two to the same answers.
 */
export function isWellFormedRecord(fields: unknown): fields is ForecastRecord {
  if (typeof fields !== 'object' || fields === null || Object.getPrototypeOf(fields) !== Object.prototype) return false;
  const record = fields as Record<string, unknown>;
  let required = 0;
  for (const key in record) {
    const value = record[key];
    switch (key) {
      case 'date':
        if (typeof value !== 'string' || !isCalendarDate(value)) return false;
        required += 1;
        break;
      case 'max_temp':
      case 'min_temp':
        if (!inside(value, temperatureC)) return false;
        required += 1;
        break;
      case 'weather':
        if (value !== null && (typeof value !== 'string' || value.length > requestLimits.maxWeatherTextLength))
          return false;
        required += 1;
        break;
      case 'mean_temp':
        if (!inside(value, temperatureC)) return false;
        break;
      case 'humidity_mean':
      case 'sunshine_hours':
      case 'precipitation_mm':
        if (!inside(value, optionalFieldBounds[key])) return false;
        break;
      default:
        return false;
    }
  }
  return required === 4 && (record['max_temp'] as number) >= (record['min_temp'] as number);
}
