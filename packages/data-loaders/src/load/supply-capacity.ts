import { InvalidValueError } from '../errors.js';
import { parseInstant } from '../readers/jst-time.js';
import type { TepcoDayAheadValue } from './tepco-night-before.js';

/**
 * TEPCO's announced next-day peak supply capacity (翌日のピーク時供給力) indexed for "what was known
 * at time t": the announcement for a day counts only when its update stamp is strictly before the
 * issue time. Each target day has one value (its last update before 06:00 of the day, formats.md §1);
 * an issue before that stamp knew no capacity, since the earlier figure was overwritten and is not archived.
 * Fits `SupplyCapacityLookup` of @powercast/features.
 */
export class SupplyCapacityIndex {
  private readonly byTarget = new Map<string, { value: TepcoDayAheadValue; at: number }>();

  constructor(values: readonly TepcoDayAheadValue[]) {
    for (const value of values) this.byTarget.set(value.targetDate, { value, at: instantOf(value.stamp, 'stamp') });
  }

  /** The capacity announced for `targetDate` with a stamp before `issuedAt` (ISO 8601 with offset), else null. */
  forTargetDay(targetDate: string, issuedAt: string): TepcoDayAheadValue | null {
    const cut = instantOf(issuedAt, 'issuedAt');
    const entry = this.byTarget.get(targetDate);
    return entry !== undefined && entry.at < cut ? entry.value : null;
  }
}

function instantOf(text: string, field: string): number {
  const instant = parseInstant(text);
  if (instant === null) {
    throw new InvalidValueError(
      { file: `(${field})`, column: field, value: String(text).slice(0, 80) },
      'an ISO 8601 time with offset such as 2023-07-31T23:50:00+09:00',
    );
  }
  return instant;
}
