import type { ColumnTable } from 'arquero';
import { UserInputError } from '@powercast/contracts';
import {
  featureTableAsOf,
  transform,
  type AsOfProvenance,
  type AsOfSources,
  type DemandObservation,
  type FeatureMatrix,
  type FeatureSpec,
} from '@powercast/features';
import { regressionMetrics } from '../metrics/regression-metrics.js';
import { referenceTrainingOptions, type BacktestPrediction, type BacktestSeries } from './backtest.js';
import { columnIndices } from './column-subset.js';
import { asServedColumns } from './as-served-training.js';
import { defaultTemperatureUncertainty, type TemperatureUncertainty } from './temperature-uncertainty.js';
import { defaultLevelBlend, type LevelBlend } from './level-blend.js';
import {
  answerExAnte,
  answerRows,
  describeAnswerSettings,
  type Answerer,
  type AnswerSettings,
} from './ex-ante-answer.js';
import {
  fitForecastVariants,
  ForecastModel,
  type FittedVariants,
  type ForecastPrediction,
  type ForecastTrainingOptions,
  type PredictionInterval,
  type QuantilePredictions,
  type TrainingWindow,
} from './forecast-model.js';
import type { IntervalCalibration } from './interval-calibration.js';
import { hasIntervalLevels } from './quantile-models.js';
import { dateColumn, numericColumn, rowsBetween } from './table-columns.js';

/** 'forecast': D's weather from JMA's issues as of the issue time (ex-ante); 'observed': D's observed weather (a backcast). */
export type BacktestWeather = 'forecast' | 'observed';
/**
 * 'monthly' ('quarterly'): retrain before each calendar month (quarter: Jan, Apr, Jul, Oct) on every day
 * whose actual was known at its first issue.
 */
export type RetrainSchedule = 'none' | 'monthly' | 'quarterly';

/** TEPCO's night-before forecast of one day (data-loaders' `TepcoDayAheadValue` fits). */
export interface NightBeforeForecast {
  targetDate: string;
  valueManKw: number;
}

export interface BacktestAsOfOptions {
  /** Everything the forecaster may look at; each day's row takes only what existed at its issue time. */
  sources: AsOfSources;
  /** Train on dates <= trainUntil (and >= trainFrom), never on a day not over by the first issue. */
  trainUntil: string;
  trainFrom?: string;
  /** Forecast every day of [from, to] that has an actual value. */
  from: string;
  to: string;
  /** 'HH:MM' JST on D−1; default '18:00'. */
  issueTime?: string;
  weather?: BacktestWeather;
  retrain?: RetrainSchedule;
  /** TEPCO's own night-before forecasts: a baseline where they exist. */
  tepcoNightBefore?: readonly NightBeforeForecast[];
  config?: ForecastTrainingOptions;
  /**
   * How training rows are built: 'observed' = the plain table (D−1's full demand); 'as-served' =
   * D−1's demand and temperatures only up to the issue time, as the forecast sees them (D's own
   * weather stays observed: JMA's archive starts in 2021-11). Default 'as-served'.
   */
  trainingRows?: TrainingRows;
  /**
   * Blend of the with-history variant with the levelled weather+calendar one (model and backcast);
   * default `defaultLevelBlend`, `null` = the with-history variant alone (the answer before issue #12's item 3).
   */
  blend?: LevelBlend | null;
  /**
   * The ex-ante answer is averaged over JMA's temperature-forecast error (default
   * `defaultTemperatureUncertainty`; null = the forecast temperatures as given). Not used by the backcast.
   */
  temperatureUncertainty?: TemperatureUncertainty | null;
  /**
   * Also train and answer the baselines that need models of their own (the backcast and the reference
   * configuration; default true). Off for a run that only wants the model's answers (interval calibration):
   * each segment then trains one model instead of three.
   */
  baselines?: boolean;
}

export type TrainingRows = 'observed' | 'as-served';

export interface AsOfBacktestPrediction extends BacktestPrediction {
  /** The forecast's issue time, JST (18:00 on D−1 by default). */
  issuedAt: string;
  /** Which JMA issue D's weather came from, or `observed (backcast)`. */
  weatherSource: string;
  /** Last day the answering model was trained on. */
  trainedThrough: string;
  /** The 80 % interval, when the configuration asks for quantile models (`config.quantiles`). */
  interval?: PredictionInterval;
}

export interface AsOfBacktestSeries extends BacktestSeries {
  predictions: AsOfBacktestPrediction[];
}

export interface BacktestAsOfResult {
  window: {
    trainFrom: string;
    trainUntil: string;
    from: string;
    to: string;
    nTestDays: number;
    issueTime: string;
    weather: BacktestWeather;
    retrain: RetrainSchedule;
    /** One entry per trained model: the first issue it served and the days it was trained on. */
    trainingRows: TrainingRows;
    /** The blend of the two variants the model and the backcast answered with (null: with-history alone). */
    blend: LevelBlend | null;
    /** The temperature-forecast error the ex-ante answer was averaged over (null: none). */
    temperatureUncertainty: TemperatureUncertainty | null;
    trainings: { firstIssuedAt: string; trainFrom: string; trainThrough: string; nTrainRows: number }[];
  };
  /** Ex-ante (weather 'forecast') or backcast (weather 'observed') forecasts of the configured model. */
  model: AsOfBacktestSeries;
  baselines: {
    /** TEPCO's night-before forecast, on the days it exists (null when none falls in the window). */
    tepco: BacktestSeries | null;
    /** The same models fed D's observed weather and D−1's full demand (only beside an ex-ante run, with `baselines`). */
    backcast: BacktestSeries | null;
    /** D−1's highest hour among those that ended by the issue time (at 18:00: 0:00–18:00). */
    naiveYesterday: BacktestSeries;
    /** The reference configuration, fed the same inputs as the model (null without `baselines`). */
    reference: BacktestSeries | null;
  };
  /** The model that answered the last day (the latest retraining). */
  trainedModel: ForecastModel;
}

/** No JMA issue with a temperature for a target day existed at (or before) its issue time. */
export class NoForecastIssueError extends UserInputError {
  readonly kind = 'no-forecast-issue';
  constructor(
    readonly target: string,
    readonly issuedAt: string,
  ) {
    super(
      `no JMA forecast issue for ${target} at or before ${issuedAt}: the forecast archive must cover the window ` +
        '(jma/forecast/, from 2021-11-04), or use --weather observed for a backcast',
    );
  }
}

/** The backtest options do not describe a window that can be run. */
export class BacktestWindowError extends UserInputError {
  readonly kind = 'backtest-window';
}

const ISSUE_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function series<P extends BacktestPrediction>(
  name: string,
  description: string,
  predictions: P[],
): BacktestSeries & { predictions: P[] } {
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

/** `jma <issue>`, flagged when no issue of the issue day had been published yet (an earlier one is used). */
function weatherSourceOf(provenance: AsOfProvenance, target: string, issuedAt: string): string {
  const used = provenance.forecastIssuedAt;
  if (used === null) throw new NoForecastIssueError(target, issuedAt);
  const issueDay = issuedAt.slice(0, 10);
  const weekly = provenance.temperatureSource === 'weekly' ? ' weekly' : '';
  return used.slice(0, 10) < issueDay
    ? `jma ${used}${weekly} (latest earlier issue: none on ${issueDay} by ${issuedAt.slice(11, 16)})`
    : `jma ${used}${weekly}`;
}

interface Segment {
  /** Index into the test days of the segment's first day, and one past its last. */
  start: number;
  end: number;
  trainThrough: string;
}

/**
 * Days whose actual is known at the first issue of each segment: the issue is on D−1, so D−2 is
 * the last complete day. 'none' is one segment; 'monthly' starts one per calendar month, 'quarterly' one per quarter.
 */
function segmentsOf(days: readonly string[], trainUntil: string, retrain: RetrainSchedule): Segment[] {
  const segments: Segment[] = [];
  days.forEach((day, i) => {
    const newSegment = i === 0 || (retrain !== 'none' && periodOf(day, retrain) !== periodOf(days[i - 1]!, retrain));
    if (!newSegment) return;
    const lastKnown = addDays(day, -2);
    const trainThrough = i === 0 ? (trainUntil < lastKnown ? trainUntil : lastKnown) : lastKnown;
    if (segments.length > 0) segments.at(-1)!.end = i;
    segments.push({ start: i, end: days.length, trainThrough });
  });
  return segments;
}

/** The retraining period a day falls in: its month, or its quarter ('2023-Q0' .. '2023-Q3'). */
function periodOf(day: string, retrain: Exclude<RetrainSchedule, 'none'>): string {
  return retrain === 'monthly'
    ? day.slice(0, 7)
    : `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3)}`;
}

/** D−1's highest hourly actual among the hours that ended by the issue time (the naive forecast as served). */
function yesterdaySoFar(sources: AsOfSources, issueTime: string): Map<string, number> {
  const [hours, minutes] = issueTime.split(':').map(Number) as [number, number];
  const complete = Math.floor((hours * 60 + minutes) / 60);
  const peaks = new Map<string, number>();
  for (const demand of sources.demand ?? []) {
    const known = demand.hourlyManKw
      .slice(0, complete)
      .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
    if (known.length > 0) peaks.set(addDays(demand.date, 1), Math.max(...known));
  }
  return peaks;
}

/**
 * The backtest that cannot cheat: each day D of [from, to] is forecast from `featureTableAsOf` as
 * of `issueTime` JST on D−1 (JMA's latest issue, D−1's demand and temperatures only so far), by a
 * model trained only on days over by then. `weather: 'observed'` feeds D's observed weather instead
 * and is a backcast. Baselines come from the same call on the same days.
 */
export function backtestAsOf(options: BacktestAsOfOptions): BacktestAsOfResult {
  const { sources, trainUntil, from, to } = options;
  const issueTime = options.issueTime ?? '18:00';
  const weather = options.weather ?? 'forecast';
  const retrain = options.retrain ?? 'none';
  const trainingRows = options.trainingRows ?? 'as-served';
  const blend = options.blend === undefined ? defaultLevelBlend : options.blend;
  const blending = blend !== null && blend.weight > 0;
  const uncertainty =
    options.temperatureUncertainty === undefined ? defaultTemperatureUncertainty : options.temperatureUncertainty;
  if (!ISSUE_TIME.test(issueTime))
    throw new BacktestWindowError(`issueTime: expected HH:MM (JST on the day before), got "${issueTime.slice(0, 80)}"`);
  if (!(from > trainUntil))
    throw new BacktestWindowError(`backtest window starts ${from}, expected after trainUntil ${trainUntil}`);
  const settings: AnswerSettings = { blend: blending ? blend : null, temperatureUncertainty: uncertainty };
  // The trained models carry how they were answered, so a model the backtest returns serves the same way.
  const config: ForecastTrainingOptions = { ...options.config, answer: settings };
  const table = sources.daily;
  const target = config.featureConfig?.target ?? 'peak_hourly';
  const issuedAtOf = (day: string): string => `${addDays(day, -1)}T${issueTime}:00+09:00`;

  const known = rowsBetween(table, undefined, to);
  const dates = dateColumn(known);
  const actuals = numericColumn(known, target);
  const history: DemandObservation[] = [];
  const actualByDate = new Map<string, number>();
  dates.forEach((date, i) => {
    if (!Number.isFinite(actuals[i])) return;
    history.push({ date, peak: actuals[i] });
    actualByDate.set(date, actuals[i]);
  });
  const testRows = dates.flatMap((date, i) => (date >= from && date <= to && Number.isFinite(actuals[i]) ? [i] : []));
  if (testRows.length === 0) throw new BacktestWindowError(`no days with a '${target}' value in [${from}, ${to}]`);
  const days = testRows.map((i) => dates[i]);

  const model: AsOfBacktestPrediction[] = [];
  const backcast: BacktestPrediction[] = [];
  const reference: BacktestPrediction[] = [];
  const trainings: BacktestAsOfResult['window']['trainings'] = [];
  let trainedModel: ForecastModel | undefined;
  const withBaselines = options.baselines ?? true;
  const asServed = trainingRows === 'as-served' && weather === 'forecast';
  const served = asServed ? asServedColumns(sources, issuedAtOf) : undefined;
  const segments = segmentsOf(days, trainUntil, retrain);
  for (const [index, segment] of segments.entries()) {
    const train = rowsBetween(table, options.trainFrom, segment.trainThrough);
    // Only the last segment's model is returned whole; the others answer rows with demand up to D−1.
    const forecaster = new SegmentModel(
      train,
      served ? { ...config, trainingMatrix: (spec) => served(spec, transform(train, spec)) } : config,
      blending || index === segments.length - 1,
    );
    if (index === segments.length - 1) trainedModel = forecaster.model();
    const rows = testRows.slice(segment.start, segment.end);
    const targets = days.slice(segment.start, segment.end);
    trainings.push({
      firstIssuedAt: issuedAtOf(targets[0]!),
      trainFrom: forecaster.trainingWindow.from,
      trainThrough: segment.trainThrough,
      nTrainRows: forecaster.trainingWindow.nRows,
    });
    // The backcast reads D's observed weather and D−1's full actual: lag features only look before D.
    const observedRows = (matrix: FeatureMatrix): FeatureMatrix => pickRows(matrix, rows);
    const observed = transform(known, forecaster.spec, { history });
    const levelRows = blending ? { observed, actualByDate } : undefined;
    const answerObserved = (answerer: SegmentModel, matrix: FeatureMatrix): ForecastPrediction[] =>
      answerRows({
        answerer,
        matrices: [{ weight: 1, matrix }],
        targets,
        knownThrough: targets.map((day) => addDays(day, -2)),
        blend,
        levelRows,
      });
    // Ex-ante: the one answer `forecastAsOf` and the pipeline's evaluation give too.
    const predicted =
      weather === 'forecast'
        ? answerExAnte({ answerer: forecaster, sources, targets, issuedAt: issuedAtOf, settings, levelRows })
        : undefined;
    const answered = predicted ? predicted.predictions : answerObserved(forecaster, observedRows(observed));
    targets.forEach((date, r) => {
      const issuedAt = issuedAtOf(date);
      model.push({
        date,
        actual: actuals[rows[r]!]!,
        predicted: answered[r]!.peak,
        variant: answered[r]!.variant,
        issuedAt,
        weatherSource: predicted
          ? weatherSourceOf(predicted.table.provenance[r]!, date, issuedAt)
          : 'observed (backcast)',
        trainedThrough: segment.trainThrough,
        ...(answered[r]!.interval ? { interval: answered[r]!.interval } : {}),
      });
    });
    if (!withBaselines) continue;
    // The backcast is today's model: trained on the plain table, fed D's observed weather and D−1 in full
    // (a point baseline: no quantile models).
    const backcaster = asServed ? new SegmentModel(train, pointOnly(config), blending) : forecaster;
    const referenceModel = ForecastModel.train(train, {
      ...referenceTrainingOptions,
      featureConfig: { ...referenceTrainingOptions.featureConfig, target },
    });
    const backcastPredicted = predicted
      ? answerObserved(backcaster, observedRows(transform(known, backcaster.spec, { history })))
      : answered;
    const referenceMatrix =
      weather === 'forecast'
        ? featureTableAsOf({ targets, issuedAt: issuedAtOf, spec: referenceModel.spec, sources }).matrix
        : observedRows(transform(known, referenceModel.spec, { history }));
    const referencePredicted = referenceModel.predictMatrix(referenceMatrix, 'weather-calendar');
    targets.forEach((date, r) => {
      const actual = actuals[rows[r]!]!;
      backcast.push({ date, actual, predicted: backcastPredicted[r]!.peak, variant: backcastPredicted[r]!.variant });
      reference.push({ date, actual, predicted: referencePredicted[r]!.peak });
    });
  }

  const byDay = new Map(model.map((p) => [p.date, p.actual]));
  const nightBefore = (options.tepcoNightBefore ?? []).flatMap((value) => {
    const actual = byDay.get(value.targetDate);
    return actual === undefined ? [] : [{ date: value.targetDate, actual, predicted: value.valueManKw }];
  });
  nightBefore.sort((a, b) => (a.date < b.date ? -1 : 1));
  const soFar = yesterdaySoFar(sources, issueTime);
  const naive = model.flatMap((p) => {
    const predicted = soFar.get(p.date);
    return predicted === undefined ? [] : [{ date: p.date, actual: p.actual, predicted }];
  });

  const exAnteRun = weather === 'forecast';
  return {
    window: {
      trainFrom: trainings[0]!.trainFrom,
      trainUntil: trainings[0]!.trainThrough,
      from,
      to,
      nTestDays: days.length,
      issueTime,
      weather,
      retrain,
      trainings,
      trainingRows,
      blend: blending ? blend : null,
      temperatureUncertainty: exAnteRun ? uncertainty : null,
    },
    model: series(
      exAnteRun ? 'powercast ex-ante' : 'powercast backcast',
      exAnteRun
        ? `JMA forecast of D and demand so far, as of ${issueTime} JST on D−1${describeAnswerSettings(settings)}`
        : `backcast: observed weather of D + actual demand to D−1${describeAnswerSettings({ blend: settings.blend, temperatureUncertainty: null })}`,
      model,
    ),
    baselines: {
      tepco:
        nightBefore.length === 0
          ? null
          : series('TEPCO night-before', "TEPCO's 翌日の予想最大電力, stamped before 06:00 of D", nightBefore),
      backcast:
        exAnteRun && withBaselines
          ? series(
              'powercast backcast',
              'backcast: the same configuration on the plain table, observed weather of D, demand to D−1',
              backcast,
            )
          : null,
      naiveYesterday: series('naive yesterday', `highest hour of D−1 ended by ${issueTime}`, naive),
      reference: withBaselines
        ? series(
            exAnteRun ? 'reference config' : 'reference backcast',
            `reference features, 100 rounds, learning rate 0.5${exAnteRun ? '' : ' (observed weather)'}`,
            reference,
          )
        : null,
    },
    trainedModel: trainedModel!,
  };
}

/** The training options without quantile models (for the point baselines). */
function pointOnly(config: ForecastTrainingOptions): ForecastTrainingOptions {
  const { quantiles: _quantiles, intervalCalibration: _calibration, ...point } = config;
  return point;
}

/** The rows of a matrix at `rows`, in that order. */
function pickRows(matrix: FeatureMatrix, rows: readonly number[]): FeatureMatrix {
  const width = matrix.featureNames.length;
  const values = new Float64Array(rows.length * width);
  rows.forEach((row, r) => values.set(matrix.values.subarray(row * width, (row + 1) * width), r * width));
  return {
    featureNames: matrix.featureNames,
    dates: rows.map((row) => matrix.dates[row]!),
    values,
    nRows: rows.length,
    hasRecentDemand: rows.map((row) => matrix.hasRecentDemand[row]!),
    weatherCategories: rows.map((row) => matrix.weatherCategories[row]!),
  };
}

/**
 * A segment's forecaster. While every row it answers has demand up to D−1 only the with-history
 * variant is needed, so the weather+calendar one is fitted only for the model the backtest returns
 * or when a row without recent demand comes (the answers are those of `ForecastModel` either way).
 */
class SegmentModel implements Answerer {
  private readonly fitted: FittedVariants | null;
  private full: ForecastModel | null = null;

  constructor(
    private readonly train: ColumnTable,
    private readonly options: ForecastTrainingOptions,
    whole: boolean,
  ) {
    if (whole) this.full = ForecastModel.train(train, options);
    this.fitted = whole ? null : fitForecastVariants(train, options, { weatherCalendar: false });
  }

  get spec(): FeatureSpec {
    return this.full?.spec ?? this.fitted!.spec;
  }

  get trainingWindow(): TrainingWindow {
    return this.full?.trainingWindow ?? this.fitted!.trainingWindow;
  }

  predictMatrix(matrix: FeatureMatrix): ForecastPrediction[] {
    const withHistory = this.fitted?.withHistory;
    if (this.full === null && withHistory && matrix.hasRecentDemand.every(Boolean)) {
      const all = Int32Array.from({ length: matrix.nRows }, (_, r) => r);
      const columns = columnIndices(matrix.featureNames, withHistory.featureNames, withHistory.variant);
      const peaks = withHistory.predictRows(matrix.values, matrix.featureNames.length, all, columns);
      return matrix.dates.map((date, r) => ({
        date,
        peak: peaks[r]!,
        variant: withHistory.variant,
        weatherCategory: matrix.weatherCategories[r]!,
      }));
    }
    return this.model().predictMatrix(matrix);
  }

  /** As `predictMatrix`: the with-history quantile models alone while every row has demand up to D−1. */
  predictQuantiles(matrix: FeatureMatrix): QuantilePredictions | null {
    const quantiles = this.full?.quantiles ?? this.fitted?.quantiles ?? null;
    if (quantiles === null || !hasIntervalLevels(quantiles.levels)) return null;
    const withHistory = quantiles.withHistory;
    if (this.full === null && withHistory && matrix.hasRecentDemand.every(Boolean)) {
      const all = Int32Array.from({ length: matrix.nRows }, (_, r) => r);
      const columns = columnIndices(matrix.featureNames, withHistory[0]!.featureNames, withHistory[0]!.variant);
      const values = withHistory.map((model) =>
        model.predictRows(matrix.values, matrix.featureNames.length, all, columns),
      );
      return { levels: quantiles.levels, values };
    }
    return this.model().predictQuantiles(matrix);
  }

  get intervalCalibration(): IntervalCalibration | null {
    return this.options.intervalCalibration ?? null;
  }

  model(): ForecastModel {
    this.full ??= ForecastModel.train(this.train, this.options);
    return this.full;
  }
}
