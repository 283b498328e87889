import type { ForecastVariant, PredictionInterval } from '@powercast/model';

/**
 * The prediction contract as the service sees it: request and history types come from the
 * feature package and the variant names from the model package, so serving cannot drift from
 * training.
 */
export type { DemandObservation, FieldError, ForecastRecord } from '@powercast/features';
export type { ForecastVariant, PredictionInterval } from '@powercast/model';

/** One served forecast. `weatherCategory` is null when the back end does not report it. */
export interface ServedPrediction {
  date: string;
  peakManKw: number;
  variant: ForecastVariant;
  weatherCategory: string | null;
  /** The 80 % interval and median, 万kW; absent or null when the model has no quantiles (older artifacts). */
  interval?: PredictionInterval | null;
}
