import type { ColumnTable } from 'arquero';
import { InvalidValueError } from '../errors.js';
import { forecastIssueRows, type ForecastIssueRow } from '../readers/jma-forecast-issues.js';
import { parseInstant } from '../readers/jst-time.js';

interface IssueEntry {
  at: number;
  rows: ForecastIssueRow[];
}

/** Issue instants and rows of one target day, ascending by issue time. */
interface TargetEntries {
  at: number[];
  rows: ForecastIssueRow[];
}

/**
 * The forecast-issue table indexed for "what was known at time t" questions. Times are compared
 * as instants, so `2023-07-31T08:00:00Z` and `2023-07-31T17:00:00+09:00` are the same moment.
 */
export class ForecastIssueIndex {
  private readonly issues: IssueEntry[];
  private readonly issueInstants: number[];
  private readonly byTarget = new Map<string, TargetEntries>();

  constructor(issues: ColumnTable | readonly ForecastIssueRow[]) {
    const rows = Array.isArray(issues)
      ? (issues as readonly ForecastIssueRow[])
      : forecastIssueRows(issues as ColumnTable);
    const byIssue = new Map<string, IssueEntry>();
    for (const row of rows) {
      let entry = byIssue.get(row.issued_at);
      if (!entry) {
        entry = { at: instantOf(row.issued_at, 'issued_at'), rows: [] };
        byIssue.set(row.issued_at, entry);
      }
      entry.rows.push(row);
    }
    this.issues = [...byIssue.values()].sort((a, b) => a.at - b.at);
    this.issueInstants = this.issues.map((issue) => issue.at);
    for (const issue of this.issues) {
      for (const row of issue.rows) {
        if ((row.temp_max ?? row.weekly_temp_max) === null) continue;
        let target = this.byTarget.get(row.target_date);
        if (!target) {
          target = { at: [], rows: [] };
          this.byTarget.set(row.target_date, target);
        }
        target.at.push(issue.at);
        target.rows.push(row);
      }
    }
  }

  /** Every issue time, ascending (canonical JST ISO). */
  get issueTimes(): string[] {
    return this.issues.map((issue) => issue.rows[0]!.issued_at);
  }

  /** All rows (every target day) of the latest issue at or before `issuedAt`; empty when none is that old. */
  latestIssueAtOrBefore(issuedAt: string): ForecastIssueRow[] {
    const i = lastAtOrBefore(this.issueInstants, instantOf(issuedAt, 'issuedAt'));
    return i < 0 ? [] : [...this.issues[i]!.rows];
  }

  /**
   * What JMA forecast for `targetDate` as of `issuedAt`: the row of the latest issue at or
   * before `issuedAt` that gives the day's maximum temperature (short-range, else weekly). An
   * issue without one for that day (a weekly-only issue naming just tomorrow's weather) is passed
   * over for the issue before it. Null when no issue that old covers the day.
   */
  forTargetDay(targetDate: string, issuedAt: string): ForecastIssueRow | null {
    const entries = this.byTarget.get(targetDate);
    if (!entries) {
      instantOf(issuedAt, 'issuedAt');
      return null;
    }
    const i = lastAtOrBefore(entries.at, instantOf(issuedAt, 'issuedAt'));
    return i < 0 ? null : entries.rows[i]!;
  }
}

const indexCache = new WeakMap<object, ForecastIssueIndex>();

function indexOf(issues: ColumnTable | readonly ForecastIssueRow[]): ForecastIssueIndex {
  let index = indexCache.get(issues);
  if (!index) {
    index = new ForecastIssueIndex(issues);
    indexCache.set(issues, index);
  }
  return index;
}

/**
 * The rows of the latest JMA issue at or before `issuedAt` (ISO 8601 with offset). The index
 * behind it is built once per table or array, so repeated calls are cheap.
 */
export function latestIssueAtOrBefore(
  issues: ColumnTable | readonly ForecastIssueRow[],
  issuedAt: string,
): ForecastIssueRow[] {
  return indexOf(issues).latestIssueAtOrBefore(issuedAt);
}

/** Per-target-day selection: see `ForecastIssueIndex.forTargetDay`. */
export function forecastForTargetDay(
  issues: ColumnTable | readonly ForecastIssueRow[],
  targetDate: string,
  issuedAt: string,
): ForecastIssueRow | null {
  return indexOf(issues).forTargetDay(targetDate, issuedAt);
}

function instantOf(text: string, field: string): number {
  const instant = parseInstant(text);
  if (instant === null) {
    throw new InvalidValueError(
      { file: `(${field})`, column: field, value: String(text).slice(0, 80) },
      'an ISO 8601 time with offset such as 2023-07-31T18:00:00+09:00',
    );
  }
  return instant;
}

/** Index of the last element ≤ `cut` in an ascending array, or -1. */
function lastAtOrBefore(sorted: readonly number[], cut: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= cut) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
