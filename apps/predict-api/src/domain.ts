/**
 * The prediction contract as the service sees it. These mirror `ForecastRecord`,
 * `DemandObservation` and `ForecastPrediction` in CONTRACTS.md (structural types, so the model
 * package's values fit them without conversion).
 */
export interface ForecastRecord {
  date: string;
  max_temp: number;
  min_temp: number;
  weather: string | null;
  mean_temp?: number;
  humidity_mean?: number;
  sunshine_hours?: number;
  precipitation_mm?: number;
}

/** An actual daily peak, 万kW, used by the day-ahead (with-history) variant. */
export interface DemandObservation {
  date: string;
  peak: number;
}

export type ForecastVariant = 'with-history' | 'weather-calendar';

/** One served forecast. `weatherCategory` is null when the back end does not report it. */
export interface ServedPrediction {
  date: string;
  peakManKw: number;
  variant: ForecastVariant;
  weatherCategory: string | null;
}

/** Field-level problem inside a request; `path` points into the request body as sent. */
export interface FieldError {
  path: (string | number)[];
  message: string;
  value?: unknown;
}
