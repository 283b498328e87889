/**
 * The forecast ledger's records (issue #16): what was forecast, when, by which model, and later what
 * happened. Append-only: a forecast is written once per key and never changed; its score is a second
 * record with the same key, written once the actual has arrived.
 */

/** One record per (target date, issue time, model version). */
export interface LedgerKey {
  /** JST calendar date forecast, YYYY-MM-DD. */
  targetDate: string;
  /** When the forecast was issued, ISO 8601 with offset (e.g. 2023-05-01T18:00:00+09:00). */
  issuedAt: string;
  /** The registry version that answered (e.g. "3"). */
  modelVersion: string;
}

export interface LedgerForecast extends LedgerKey {
  /** Days from the issue's JST date to the target date: 1 = day-ahead. */
  lead: number;
  /** The point forecast, 万kW. */
  point: number;
  /** The 80 % interval and median, 万kW; null when the model carries no quantiles. */
  p10: number | null;
  p50: number | null;
  p90: number | null;
  /** Which variant answered ("with-history" | "weather-calendar" | a blend's description). */
  variant: string;
  /** The JMA forecast issue used (its reportDatetime), null when none covered the target. */
  weatherIssue: string | null;
  /** Data-quality findings that shaped this forecast (rule ids), empty when clean. */
  qualityFlags: string[];
}

export interface LedgerScore extends LedgerKey {
  /** The observed daily peak, 万kW. */
  actual: number;
  /** TEPCO's own night-before forecast for the target date, when published. */
  tepcoForecast: number | null;
  /** When the score was written, ISO 8601. */
  scoredAt: string;
}

/** A forecast joined with its score (the score fields null until the actual arrives). */
export interface LedgerRow extends LedgerForecast {
  actual: number | null;
  tepcoForecast: number | null;
  /** point − actual, 万kW. */
  error: number | null;
  scoredAt: string | null;
}

/** The columns `trainer:ledger -- export` writes, in order. */
export const LEDGER_CSV_COLUMNS = [
  'target_date',
  'issued_at',
  'lead',
  'model_version',
  'point',
  'p10',
  'p50',
  'p90',
  'actual',
  'error',
  'tepco_forecast',
  'variant',
  'weather_issue',
  'quality_flags',
  'scored_at',
] as const;
