import type { ColumnTable } from 'arquero';
import { transform, type DemandObservation } from '@powercast/features';
import { regressionMetrics, type RegressionMetrics } from '../metrics/regression-metrics.js';
import { ForecastModel, type ForecastTrainingOptions } from './forecast-model.js';
import { dateColumn, numericColumn, rowsBetween } from './table-columns.js';
import type { ForecastVariant } from './variant-model.js';

export interface BacktestPrediction {
  date: string;
  actual: number;
  predicted: number;
  variant?: ForecastVariant;
}

export interface BacktestSeries {
  name: string;
  description: string;
  predictions: BacktestPrediction[];
  metrics: RegressionMetrics;
}

export interface BacktestOptions {
  /** The daily table (data-loaders contract), sorted by date. */
  table: ColumnTable;
  /** Train on dates <= trainUntil (and >= trainFrom when given). */
  trainUntil: string;
  trainFrom?: string;
  /** Forecast every day of [from, to] that has an actual value. */
  from: string;
  to: string;
  config?: ForecastTrainingOptions;
}

export interface BacktestResult {
  window: { trainFrom: string; trainUntil: string; from: string; to: string; nTrainRows: number; nTestDays: number };
  /** Day-ahead: weather of D observed, actual demand up to D−1 (with-history model). */
  model: BacktestSeries;
  /** The same model's weather-and-calendar variant on every day (no demand history). */
  weatherCalendar: BacktestSeries;
  baselines: { naiveYesterday: BacktestSeries; naiveLastWeek: BacktestSeries; reference: BacktestSeries };
  trainedModel: ForecastModel;
}

/** The reference system's setup: reference feature set, LightGBM-like 100 rounds at learning rate 0.5, 255 bins, 20 rows per leaf. */
export const referenceTrainingOptions: ForecastTrainingOptions = {
  featureConfig: { featureSet: 'reference' },
  hyperparameters: {
    nEstimators: 100,
    learningRate: 0.5,
    maxDepth: 5,
    minSamplesLeaf: 20,
    subsample: 1,
    colsampleByTree: 1,
    l2: 0,
    seed: 10,
    maxBins: 255,
  },
};

function series(name: string, description: string, predictions: BacktestPrediction[]): BacktestSeries {
  return {
    name,
    description,
    predictions,
    metrics: regressionMetrics(
      predictions.map((p) => p.actual),
      predictions.map((p) => p.predicted),
    ),
  };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Trains once on dates <= trainUntil, then forecasts each day D of [from, to] day-ahead: D's
 * observed weather and actual demand up to D−1 (no retraining inside the window). Baselines are
 * computed in the same call on the same days.
 */
export function backtest(options: BacktestOptions): BacktestResult {
  const { table, trainUntil, from, to } = options;
  if (!(from > trainUntil))
    throw new RangeError(`backtest window starts ${from}, expected after trainUntil ${trainUntil}`);
  const config = options.config ?? {};
  const target = config.featureConfig?.target ?? 'peak_hourly';
  const train = rowsBetween(table, options.trainFrom, trainUntil);
  const trainedModel = ForecastModel.train(train, config);
  const reference = ForecastModel.train(train, {
    ...referenceTrainingOptions,
    featureConfig: { ...referenceTrainingOptions.featureConfig, target },
  });

  // Everything up to `to` is transformed so that D−1 weather and lags exist for the first test day;
  // lag features only ever look at dates before D, so passing all actuals is day-ahead.
  const known = rowsBetween(table, undefined, to);
  const dates = dateColumn(known);
  const actuals = numericColumn(known, trainedModel.spec.config.target);
  const history: DemandObservation[] = [];
  const actualByDate = new Map<string, number>();
  dates.forEach((date, i) => {
    if (Number.isFinite(actuals[i])) {
      history.push({ date, peak: actuals[i] });
      actualByDate.set(date, actuals[i]);
    }
  });
  const testRows = dates.flatMap((date, i) => (date >= from && date <= to && Number.isFinite(actuals[i]) ? [i] : []));
  if (testRows.length === 0)
    throw new RangeError(`no days with a '${trainedModel.spec.config.target}' value in [${from}, ${to}]`);

  const pick = (predictions: { peak: number; variant: ForecastVariant }[]): BacktestPrediction[] =>
    testRows.map((i) => ({
      date: dates[i],
      actual: actuals[i],
      predicted: predictions[i].peak,
      variant: predictions[i].variant,
    }));

  const matrix = transform(known, trainedModel.spec, { history });
  const dayAhead = pick(trainedModel.predictMatrix(matrix));
  const weatherOnly = pick(trainedModel.predictMatrix(matrix, 'weather-calendar'));
  const referencePredictions = pick(
    reference.predictMatrix(transform(known, reference.spec, { history }), 'weather-calendar'),
  );

  const naive = (lagDays: number): BacktestPrediction[] =>
    testRows.flatMap((i) => {
      const previous = actualByDate.get(addDays(dates[i], -lagDays));
      return previous === undefined ? [] : [{ date: dates[i], actual: actuals[i], predicted: previous }];
    });

  const trainDates = dateColumn(train);
  return {
    window: {
      trainFrom: trainDates[0],
      trainUntil,
      from,
      to,
      nTrainRows: trainedModel.trainingWindow.nRows,
      nTestDays: testRows.length,
    },
    model: series('powercast backcast', 'backcast: observed weather of D + actual demand to D−1', dayAhead),
    weatherCalendar: series('powercast weather+calendar', 'weather and calendar only', weatherOnly),
    baselines: {
      naiveYesterday: series('naive yesterday', 'actual peak of D−1', naive(1)),
      naiveLastWeek: series('naive last week', 'actual peak of D−7', naive(7)),
      reference: series('reference config', 'reference features, 100 rounds, learning rate 0.5', referencePredictions),
    },
    trainedModel,
  };
}
