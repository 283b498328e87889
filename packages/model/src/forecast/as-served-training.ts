import type { ColumnTable } from 'arquero';
import {
  featureTableAsOf,
  transform,
  type AsOfSources,
  type FeatureMatrix,
  type FeatureSpec,
} from '@powercast/features';

/** Columns of an as-served training row taken from `featureTableAsOf`: what the issue time cuts short. */
const AS_SERVED_COLUMNS = ['peak_lag1', 'peak_lag7', 'peak_mean_28wd', 'prev_max_temp', 'prev_min_temp', 'prev_avg'];

/**
 * Replaces, in a training matrix, the columns the issue time cuts short (D−1's demand and
 * temperatures so far) by their values as `featureTableAsOf` serves them, so the model learns from
 * rows like the ones it answers. Those columns do not depend on the fitted encoders, so each date's
 * served values are computed once per backtest and reused by every retraining.
 */
export function asServedColumns(
  sources: AsOfSources,
  issuedAtOf: (day: string) => string,
): (spec: FeatureSpec, observed: FeatureMatrix) => FeatureMatrix {
  const cache = new Map<string, { values: Float64Array; hasRecentDemand: boolean }>();
  return (spec, observed) => {
    const names = observed.featureNames;
    const columns = AS_SERVED_COLUMNS.map((name) => names.indexOf(name)).filter((c) => c >= 0);
    const missing = observed.dates.filter((date) => !cache.has(date));
    if (missing.length > 0) {
      const table = featureTableAsOf({ targets: missing, issuedAt: issuedAtOf, spec, sources }).matrix;
      const width = table.featureNames.length;
      const tableColumns = AS_SERVED_COLUMNS.map((name) => table.featureNames.indexOf(name)).filter((c) => c >= 0);
      missing.forEach((date, r) =>
        cache.set(date, {
          values: Float64Array.from(tableColumns, (c) => table.values[r * width + c]!),
          hasRecentDemand: table.hasRecentDemand[r]!,
        }),
      );
    }
    const width = names.length;
    const values = Float64Array.from(observed.values);
    const hasRecentDemand = observed.dates.map((date, r) => {
      const row = cache.get(date)!;
      columns.forEach((c, k) => (values[r * width + c] = row.values[k]!));
      return row.hasRecentDemand;
    });
    return { ...observed, values, hasRecentDemand };
  };
}

/**
 * `ForecastTrainingOptions.trainingMatrix` for training rows as a forecast issued at `issueTime`
 * JST on D−1 sees them (D−1's demand and temperatures so far; D's weather stays observed, since
 * JMA's archive starts in 2021-11): what the pipeline trains on, as the backtest does.
 */
export function asServedTrainingMatrix(
  train: ColumnTable,
  sources: AsOfSources,
  issueTime = '18:00',
): (spec: FeatureSpec) => FeatureMatrix {
  const served = asServedColumns(sources, (day) => `${dayBefore(day)}T${issueTime}:00+09:00`);
  return (spec) => served(spec, transform(train, spec));
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
