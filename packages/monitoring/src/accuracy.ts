import type { LedgerRow } from '@powercast/contracts';
import { addDays, weekBefore } from './calendar-days.js';

/** MAPE and its sample count for one forecaster over a window. */
export interface ForecasterAccuracy {
  /** Target dates of the window this forecaster had a value for. */
  samples: number;
  /** Mean absolute percentage error, %; null without samples. */
  mapePercent: number | null;
}

/** The deployed model's accuracy over the target dates `from`..`to` (inclusive), beside the baselines. */
export interface AccuracyWindow {
  days: number;
  from: string;
  to: string;
  /** Scored forecasts of the model in the window (one per target date). */
  samples: number;
  mapePercent: number | null;
  /** Mean of forecast − actual, 万kW: positive = the model forecasts too high. */
  biasManKw: number | null;
  /** Share of actuals inside [p10, p90], over the forecasts that carry both; null when none does. */
  coverage: number | null;
  coverageSamples: number;
  /** TEPCO's night-before forecast, on the window's dates where it is known. */
  tepco: ForecasterAccuracy;
  /** The naive baseline: the actual of the same weekday one week earlier (see NAIVE_BASELINE). */
  naive: ForecasterAccuracy;
}

export interface AccuracyReport {
  /** The model version measured; null = every version's forecasts (the latest issue per date). */
  modelVersion: string | null;
  /** Lead measured, days (1 = day-ahead). */
  lead: number;
  /** The last target date of every window. */
  asOf: string;
  windows: AccuracyWindow[];
}

/**
 * The naive baseline: the same weekday last week rather than yesterday, because the daily peak has
 * a strong weekly cycle (a Monday is compared with a Monday, not with a Sunday). It is ex ante:
 * the actual of D−7 is known when D's day-ahead forecast is issued.
 */
export const NAIVE_BASELINE = 'same weekday last week (actual of D−7)';

export const DEFAULT_WINDOW_DAYS = [7, 28] as const;

export interface RollingAccuracyOptions {
  /** The deployed model's version; null measures the latest issue of any version per date. */
  modelVersion: string | null;
  /** The windows end on this target date (YYYY-MM-DD), inclusive. */
  asOf: string;
  /** Default 1 (day-ahead). */
  lead?: number;
  /** Default 7 and 28 days. */
  windowDays?: readonly number[];
}

/** One scored forecast per target date: the model's, at the lead, latest issue first. */
export function scoredForecastsByDate(
  rows: readonly LedgerRow[],
  modelVersion: string | null,
  lead: number,
): Map<string, LedgerRow & { actual: number }> {
  const chosen = new Map<string, LedgerRow & { actual: number }>();
  for (const row of rows) {
    if (row.actual === null || row.lead !== lead) continue;
    if (modelVersion !== null && row.modelVersion !== modelVersion) continue;
    const kept = chosen.get(row.targetDate);
    if (kept === undefined || issuedLater(row, kept)) chosen.set(row.targetDate, row as LedgerRow & { actual: number });
  }
  return chosen;
}

/** Every actual the ledger knows, by target date (any lead, any version: an actual is an actual). */
export function actualsByDate(rows: readonly LedgerRow[]): Map<string, number> {
  const actuals = new Map<string, number>();
  for (const row of rows) if (row.actual !== null) actuals.set(row.targetDate, row.actual);
  return actuals;
}

/** Rolling MAPE, bias and 80 % interval coverage of one model version, beside TEPCO's and the naive forecast. */
export function rollingAccuracy(rows: readonly LedgerRow[], options: RollingAccuracyOptions): AccuracyReport {
  const lead = options.lead ?? 1;
  const forecasts = scoredForecastsByDate(rows, options.modelVersion, lead);
  const actuals = actualsByDate(rows);
  const windows = (options.windowDays ?? DEFAULT_WINDOW_DAYS).map((days) => {
    const from = addDays(options.asOf, -(days - 1));
    const inWindow = [...forecasts.values()].filter((row) => row.targetDate >= from && row.targetDate <= options.asOf);
    return accuracyWindow(days, from, options.asOf, inWindow, actuals);
  });
  return { modelVersion: options.modelVersion, lead, asOf: options.asOf, windows };
}

function accuracyWindow(
  days: number,
  from: string,
  to: string,
  rows: readonly (LedgerRow & { actual: number })[],
  actuals: ReadonlyMap<string, number>,
): AccuracyWindow {
  const withBand = rows.filter((row) => row.p10 !== null && row.p90 !== null);
  const covered = withBand.filter((row) => (row.p10 as number) <= row.actual && row.actual <= (row.p90 as number));
  const tepcoPairs = rows.flatMap((row) =>
    row.tepcoForecast === null ? [] : [{ forecast: row.tepcoForecast, actual: row.actual }],
  );
  const naivePairs = rows.flatMap((row) => {
    const lastWeek = actuals.get(weekBefore(row.targetDate));
    return lastWeek === undefined ? [] : [{ forecast: lastWeek, actual: row.actual }];
  });
  return {
    days,
    from,
    to,
    samples: rows.length,
    mapePercent: mapePercent(rows.map((row) => ({ forecast: row.point, actual: row.actual }))),
    biasManKw: rows.length === 0 ? null : mean(rows.map((row) => row.point - row.actual)),
    coverage: withBand.length === 0 ? null : covered.length / withBand.length,
    coverageSamples: withBand.length,
    tepco: { samples: tepcoPairs.length, mapePercent: mapePercent(tepcoPairs) },
    naive: { samples: naivePairs.length, mapePercent: mapePercent(naivePairs) },
  };
}

function mapePercent(pairs: readonly { forecast: number; actual: number }[]): number | null {
  if (pairs.length === 0) return null;
  return mean(pairs.map(({ forecast, actual }) => Math.abs(forecast - actual) / actual)) * 100;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function issuedLater(a: LedgerRow, b: LedgerRow): boolean {
  return Date.parse(a.issuedAt) > Date.parse(b.issuedAt);
}
