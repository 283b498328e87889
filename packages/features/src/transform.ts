import type { ColumnTable } from 'arquero';
import { demandHistoryFromColumns, demandHistoryFromObservations, type DemandObservation } from './demand-history.js';
import { inputsFromRecords, inputsFromTable, type ForecastRecord, type WeatherObservation } from './inputs.js';
import { computeFeatureMatrix, type FeatureMatrix } from './kernel.js';
import { resolvePreviousWeather } from './previous-weather.js';
import { specLayout, type FeatureSpec } from './spec.js';

export interface TransformOptions {
  /** Actual peaks before the target dates, for the lag features (with temperatures, also for the weather ones). */
  history?: readonly DemandObservation[];
  /**
   * Temperatures of days before the target dates that are not among the rows themselves.
   * Default: the temperatures carried by `history` entries, if any.
   */
  weatherHistory?: readonly WeatherObservation[];
}

/**
 * Features of a daily table (data-loaders columns). Lag features come from `options.history`,
 * or by default from the table's own target column (only dates before each row are used).
 */
export function transform(table: ColumnTable, spec: FeatureSpec, options: TransformOptions = {}): FeatureMatrix {
  const inputs = inputsFromTable(table);
  const target = spec.config.target;
  const history = options.history
    ? demandHistoryFromObservations(options.history)
    : demandHistoryFromColumns(
        inputs.calendarIndex,
        table.columnNames().includes(target) ? (table.array(target) as unknown[]) : [],
      );
  const previous = resolvePreviousWeather(inputs, options.weatherHistory ?? options.history);
  return computeFeatureMatrix(inputs, previous, history, spec.config, specLayout(spec));
}

/**
 * Features of request records; the same computation as `transform`, so the same day gives the
 * same vector. Previous-day weather comes from the other records of the request, then from
 * `options.weatherHistory` (default: temperatures on `options.history` entries); lag features
 * only from `options.history`.
 */
export function transformRecords(
  records: readonly ForecastRecord[],
  spec: FeatureSpec,
  options: TransformOptions = {},
): FeatureMatrix {
  const inputs = inputsFromRecords(records);
  const history = demandHistoryFromObservations(options.history ?? []);
  const previous = resolvePreviousWeather(inputs, options.weatherHistory ?? options.history);
  return computeFeatureMatrix(inputs, previous, history, spec.config, specLayout(spec));
}
