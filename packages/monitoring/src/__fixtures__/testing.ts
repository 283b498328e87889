// `@powercast/monitoring/testing`: forecast-ledger rows built from the real archive (TEPCO's actual
// daily peaks and night-before forecasts), for this package's and other projects' tests. Resolved
// only under the `@powercast/source` condition, so it is never part of the published package.
import type { LedgerRow } from '@powercast/contracts';
import { loadDailyDataset } from '@powercast/data-loaders';

/** One day of the archive: the actual daily peak and TEPCO's own night-before forecast, 万kW. */
export interface ArchiveDay {
  date: string;
  actual: number;
  tepcoForecast: number | null;
}

const cache = new Map<string, Promise<ArchiveDay[]>>();

/** Every day of `from`..`to` in the data folder that has an hourly peak. */
export function archiveDays(dataDir: string, from = '2023-01-01', to = '2023-12-31'): Promise<ArchiveDay[]> {
  const key = `${dataDir}|${from}|${to}`;
  let days = cache.get(key);
  if (days === undefined) {
    days = loadDailyDataset({ source: dataDir }).then(({ table }) =>
      (table.objects() as { date: string; peak_hourly: number | null; tepco_forecast_peak: number | null }[])
        .filter((row) => row.date >= from && row.date <= to && row.peak_hourly !== null)
        .map((row) => ({ date: row.date, actual: row.peak_hourly as number, tepcoForecast: row.tepco_forecast_peak })),
    );
    cache.set(key, days);
  }
  return days;
}

export interface BacktestLedgerOptions {
  /** Default "1". */
  modelVersion?: string;
  /** The point forecast of a day (default: TEPCO's night-before forecast, else the actual). */
  point?: (day: ArchiveDay, index: number) => number;
  /** [p10, p90] of a day, or null for a model without quantiles (default point ± 3 %). */
  band?: (day: ArchiveDay, point: number, index: number) => [number, number] | null;
  /** Leave the actual out (a forecast not scored yet) for these target dates. */
  unscored?: (day: ArchiveDay) => boolean;
}

/**
 * Day-ahead ledger rows as a daily backfill writes them: issued at 18:00 JST the day before, lead 1,
 * scored with the real actual and TEPCO's forecast of the same day.
 */
export function backtestLedger(days: readonly ArchiveDay[], options: BacktestLedgerOptions = {}): LedgerRow[] {
  const modelVersion = options.modelVersion ?? '1';
  return days.map((day, index) => {
    const point = options.point?.(day, index) ?? day.tepcoForecast ?? day.actual;
    const band = options.band ? options.band(day, point, index) : ([point * 0.97, point * 1.03] as [number, number]);
    const scored = !(options.unscored?.(day) ?? false);
    return {
      targetDate: day.date,
      issuedAt: `${dayBefore(day.date)}T18:00:00+09:00`,
      modelVersion,
      lead: 1,
      point,
      p10: band?.[0] ?? null,
      p50: band === null ? null : point,
      p90: band?.[1] ?? null,
      variant: 'with-history',
      weatherIssue: `${dayBefore(day.date)}T17:00:00+09:00`,
      qualityFlags: [],
      actual: scored ? day.actual : null,
      tepcoForecast: scored ? day.tepcoForecast : null,
      error: scored ? point - day.actual : null,
      scoredAt: scored ? `${day.date}T23:30:00+09:00` : null,
    };
  });
}

/** The week ahead of one issue (leads 1..7), not scored yet: what the newest daily run wrote. */
export function weekAheadRows(issueDate: string, points: readonly number[], modelVersion = '1'): LedgerRow[] {
  return points.map((point, i) => ({
    targetDate: addDays(issueDate, i + 1),
    issuedAt: `${issueDate}T18:00:00+09:00`,
    modelVersion,
    lead: i + 1,
    point,
    p10: point * 0.96,
    p50: point,
    p90: point * 1.04,
    variant: i === 0 ? 'with-history' : 'weather-calendar',
    weatherIssue: `${issueDate}T17:00:00+09:00`,
    qualityFlags: [],
    actual: null,
    tepcoForecast: null,
    error: null,
    scoredAt: null,
  }));
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function dayBefore(date: string): string {
  return addDays(date, -1);
}
