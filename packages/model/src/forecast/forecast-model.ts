import type { ColumnTable } from 'arquero';
import {
  fitFeatureSpec,
  parseFeatureSpec,
  transform,
  transformRecords,
  type DemandObservation,
  type FeatureConfig,
  type FeatureMatrix,
  type FeatureSpec,
  type ForecastRecord,
} from '@powercast/features';
import { datasetFingerprint } from '@powercast/contracts';
import { resolveGbtHyperparameters, type GbtHyperparameters } from '../boosting/hyperparameters.js';
import type { FeatureImportance } from '../ensemble/importance.js';
import { columnIndices } from './column-subset.js';
import { libraryVersions } from './library-versions.js';
import { parseModelDocument, MODEL_SCHEMA_VERSION, type ModelDocument } from './model-document.js';
import { dateColumn, numericColumn } from './table-columns.js';
import { defaultAnswerSettings, type AnswerSettings } from './ex-ante-answer.js';
import { VariantModel, type ForecastVariant, type TargetTransform } from './variant-model.js';
import {
  defaultQuantileHyperparameters,
  fitQuantileVariant,
  hasIntervalLevels,
  quantileModelsFromJSON,
  quantileModelsToJSON,
  resolveQuantileLevels,
  type QuantileModels,
  type QuantileTrainingOptions,
} from './quantile-models.js';
import type { IntervalCalibration } from './interval-calibration.js';

export interface ForecastPrediction {
  date: string;
  /** Predicted daily peak, 万kW. */
  peak: number;
  /** Which boosted model answered: with recent demand (history reaches D−1) or weather + calendar only. */
  variant: ForecastVariant;
  weatherCategory: string;
  /**
   * The 80 % interval and median, 万kW, when the model carries quantiles (absent for older artifacts,
   * which answer point forecasts only). Never crossing: p10 ≤ p50 ≤ p90.
   */
  interval?: PredictionInterval;
}

export interface PredictionInterval {
  p10: number;
  p50: number;
  p90: number;
}

export interface ForecastTrainingOptions {
  featureConfig?: Partial<FeatureConfig>;
  /** Hyperparameters for both boosted models (each may be overridden below). */
  hyperparameters?: Partial<GbtHyperparameters>;
  withHistoryHyperparameters?: Partial<GbtHyperparameters>;
  weatherCalendarHyperparameters?: Partial<GbtHyperparameters>;
  /** Target of the with-history model (default: ratio to yesterday's peak, see README). */
  historyTarget?: TargetTransform;
  /**
   * The training rows' features for the fitted spec (default `transform(train, spec)`): lets a
   * backtest train on rows built as they are served (e.g. D−1's demand only up to the issue time).
   */
  trainingMatrix?: (spec: FeatureSpec) => FeatureMatrix;
  /** How the model answers forecasts as issued (stored with it; default `defaultAnswerSettings`). */
  answer?: AnswerSettings;
  /** Also fit pinball-loss models at these levels (both variants), so answers carry an interval. Off when absent. */
  quantiles?: QuantileTrainingOptions;
  /** Split-conformal calibration of the interval (`calibrateIntervals`), stored with the model; needs `quantiles`. */
  intervalCalibration?: IntervalCalibration;
}

/** Per quantile level (ascending), the predicted peak of every row, 万kW. */
export interface QuantilePredictions {
  levels: readonly number[];
  values: Float64Array[];
}

/** Tuned on the 2016-04..2022-12 → 2023 backtest (see README, `npx nx run model:accuracy`). */
export const defaultForecastHyperparameters: Partial<GbtHyperparameters> = {
  nEstimators: 400,
  learningRate: 0.05,
  maxDepth: 5,
  minSamplesLeaf: 8,
  subsample: 0.8,
  colsampleByTree: 0.5,
  l2: 1,
  seed: 42,
};

/** Ratio to yesterday's peak: 2023 backtest MAPE 2.44 % vs 2.94 % for the level and 3.04 % for the 28-day mean (README). */
export const defaultHistoryTarget: TargetTransform = { kind: 'ratio', base: 'peak_lag1' };

export interface TrainingWindow {
  from: string;
  to: string;
  nRows: number;
}

/**
 * Daily-peak forecaster: the fitted FeatureSpec plus two gradient-boosted models. Rows whose
 * demand history reaches the day before are answered by the with-history model, others by the
 * weather-and-calendar model.
 */
export class ForecastModel {
  /** Each model's column indices in the spec's own layout, which every transform of this spec produces. */
  private readonly specColumns: Map<VariantModel, Int32Array>;
  /** The spec's names; replaced once by a copy of the first matching matrix's, whose strings are the transform's own (faster to compare). */
  private specLayout: readonly string[];

  private constructor(
    readonly spec: FeatureSpec,
    readonly withHistory: VariantModel | null,
    readonly weatherCalendar: VariantModel,
    readonly trainingWindow: TrainingWindow,
    readonly dataFingerprint: string,
    /** How it answers a forecast as issued (`answerExAnte`): the backtest, the evaluation and the service alike. */
    readonly answerSettings: AnswerSettings,
    /** The pinball-loss models behind `interval`; null for a point model (and every artifact written before them). */
    readonly quantiles: QuantileModels | null = null,
    /** How the interval is calibrated; null: the quantile models' band as is. */
    readonly intervalCalibration: IntervalCalibration | null = null,
  ) {
    // Computed once (throws if the spec lacks a model's feature): predict only checks that a matrix has the spec's layout.
    this.specColumns = new Map(
      [withHistory, weatherCalendar]
        .filter((model): model is VariantModel => model !== null)
        .map((model) => [model, columnIndices(spec.featureNames, model.featureNames, model.variant)]),
    );
    this.specLayout = spec.featureNames;
  }

  static train(train: ColumnTable, options: ForecastTrainingOptions = {}): ForecastModel {
    if (options.intervalCalibration && !options.quantiles)
      throw new RangeError('intervalCalibration calibrates the quantile models: also ask for quantiles');
    const fitted = fitForecastVariants(train, options, { weatherCalendar: true });
    return new ForecastModel(
      fitted.spec,
      fitted.withHistory,
      fitted.weatherCalendar!,
      fitted.trainingWindow,
      datasetFingerprint(train),
      options.answer ?? defaultAnswerSettings,
      fitted.quantiles,
      options.intervalCalibration ?? null,
    );
  }

  /** Whether answers carry an 80 % interval (quantile models at 0.1, 0.5 and 0.9). */
  get hasIntervals(): boolean {
    return this.quantiles !== null && hasIntervalLevels(this.quantiles.levels);
  }

  /** The same model with another interval calibration (the quantile models unchanged). */
  withIntervalCalibration(calibration: IntervalCalibration | null): ForecastModel {
    if (this.quantiles === null) throw new RangeError('this model has no quantile models to calibrate');
    return new ForecastModel(
      this.spec,
      this.withHistory,
      this.weatherCalendar,
      this.trainingWindow,
      this.dataFingerprint,
      this.answerSettings,
      this.quantiles,
      calibration,
    );
  }

  /** Forecasts request records; `history` (actual peaks) enables the with-history model. */
  predict(records: ForecastRecord[], history?: DemandObservation[]): ForecastPrediction[] {
    return this.predictMatrix(transformRecords(records, this.spec, history ? { history } : undefined));
  }

  /** Forecasts every row of a daily table; lag features come from `history` (default: the table's own target). */
  predictTable(table: ColumnTable, history?: DemandObservation[]): ForecastPrediction[] {
    return this.predictMatrix(transform(table, this.spec, history ? { history } : undefined));
  }

  /** As predict/predictTable on a transformed matrix; `forceVariant` evaluates one model on every row. */
  predictMatrix(matrix: FeatureMatrix, forceVariant?: ForecastVariant): ForecastPrediction[] {
    const width = matrix.featureNames.length;
    const { historyRows, weatherRows } = this.routeRows(matrix, forceVariant);
    const peaks = new Float64Array(matrix.nRows);
    const variants: ForecastVariant[] = new Array<ForecastVariant>(matrix.nRows);
    const specLayout = this.hasSpecLayout(matrix.featureNames);
    for (const [model, rows] of [
      [this.withHistory, historyRows],
      [this.weatherCalendar, weatherRows],
    ] as const) {
      if (model === null || rows.length === 0) continue;
      // Matrices in another layout (not made by transforming with this spec) are rare: indices computed per call.
      const columns = specLayout
        ? this.specColumns.get(model)!
        : columnIndices(matrix.featureNames, model.featureNames, model.variant);
      const predicted = model.predictRows(matrix.values, width, rows, columns);
      rows.forEach((r, i) => {
        peaks[r] = predicted[i];
        variants[r] = model.variant;
      });
    }
    return Array.from({ length: matrix.nRows }, (_, r) => ({
      date: matrix.dates[r],
      peak: peaks[r],
      variant: variants[r],
      weatherCategory: matrix.weatherCategories[r],
    }));
  }

  /**
   * Each quantile level's peaks for every row, the rows routed to the variants as `predictMatrix`
   * routes them; null for a model without quantile models. Levels are fitted one by one, so a row's
   * values may cross; `answerRows` sorts them.
   */
  predictQuantiles(matrix: FeatureMatrix, forceVariant?: ForecastVariant): QuantilePredictions | null {
    const quantiles = this.quantiles;
    if (quantiles === null) return null;
    const width = matrix.featureNames.length;
    const { historyRows, weatherRows } = this.routeRows(matrix, forceVariant);
    const values = quantiles.levels.map(() => new Float64Array(matrix.nRows));
    for (const [models, rows] of [
      [quantiles.withHistory, historyRows],
      [quantiles.weatherCalendar, weatherRows],
    ] as const) {
      if (models === null || rows.length === 0) continue;
      const columns = columnIndices(matrix.featureNames, models[0]!.featureNames, models[0]!.variant);
      models.forEach((model, k) => {
        const predicted = model.predictRows(matrix.values, width, rows, columns);
        rows.forEach((r, i) => (values[k]![r] = predicted[i]!));
      });
    }
    return { levels: quantiles.levels, values };
  }

  private routeRows(
    matrix: FeatureMatrix,
    forceVariant: ForecastVariant | undefined,
  ): { historyRows: number[]; weatherRows: number[] } {
    const historyRows: number[] = [];
    const weatherRows: number[] = [];
    for (let r = 0; r < matrix.nRows; r++) {
      const useHistory = this.withHistory !== null && forceVariant !== 'weather-calendar' && matrix.hasRecentDemand[r];
      if (forceVariant === 'with-history' && !useHistory) {
        throw new RangeError(`row ${r} (${matrix.dates[r]}): the with-history model needs demand up to the day before`);
      }
      (useHistory ? historyRows : weatherRows).push(r);
    }
    return { historyRows, weatherRows };
  }

  /**
   * Whether `names` is the spec's layout, which every transform with this spec copies into its matrix:
   * then the indices computed at construction apply. One name-by-name comparison per call.
   */
  private hasSpecLayout(names: readonly string[]): boolean {
    if (!sameNames(names, this.specLayout)) return false;
    if (this.specLayout === this.spec.featureNames && names !== this.specLayout) this.specLayout = [...names];
    return true;
  }

  /** Importance of the model that answers day-ahead requests (with-history when present). */
  featureImportance(
    variant: ForecastVariant = this.withHistory ? 'with-history' : 'weather-calendar',
  ): FeatureImportance[] {
    const model = variant === 'with-history' ? this.withHistory : this.weatherCalendar;
    if (!model)
      throw new RangeError('this model has no with-history variant (feature set without recent-demand features)');
    return model.featureImportance();
  }

  toJSON(): ModelDocument {
    return {
      schemaVersion: MODEL_SCHEMA_VERSION,
      kind: 'powercast-forecast-model',
      spec: this.spec,
      models: { withHistory: this.withHistory?.toJSON() ?? null, weatherCalendar: this.weatherCalendar.toJSON() },
      training: { window: this.trainingWindow, dataFingerprint: this.dataFingerprint, target: this.spec.config.target },
      hyperparameters: {
        withHistory: this.withHistory ? resolveGbtHyperparameters(this.withHistory.gbt.hyperparameters) : null,
        weatherCalendar: resolveGbtHyperparameters(this.weatherCalendar.gbt.hyperparameters),
      },
      libraries: libraryVersions(),
      answer: this.answerSettings,
      // Only models with quantiles write the fields: a point model's model.json is unchanged.
      ...(this.quantiles ? { quantiles: quantileModelsToJSON(this.quantiles) } : {}),
      ...(this.intervalCalibration ? { intervalCalibration: this.intervalCalibration } : {}),
    };
  }

  /** Rebuilds a model from `toJSON()` output; throws ModelDocumentError naming the bad field. */
  static fromJSON(doc: unknown): ForecastModel {
    const parsed = parseModelDocument(doc);
    const weatherCalendar = VariantModel.fromJSON(parsed.models.weatherCalendar, 'models.weatherCalendar');
    const withHistory = parsed.models.withHistory
      ? VariantModel.fromJSON(parsed.models.withHistory, 'models.withHistory')
      : null;
    const spec = parseFeatureSpec(parsed.spec);
    for (const [model, where] of [
      [weatherCalendar, 'models.weatherCalendar'],
      [withHistory, 'models.withHistory'],
    ] as const) {
      if (model) columnIndices(spec.featureNames, model.featureNames, where);
    }
    return new ForecastModel(
      spec,
      withHistory,
      weatherCalendar,
      parsed.training.window,
      parsed.training.dataFingerprint,
      parsed.answer ?? defaultAnswerSettings,
      parsed.quantiles ? quantileModelsFromJSON(parsed.quantiles, 'quantiles') : null,
      parsed.intervalCalibration ?? null,
    );
  }
}

/** The fitted spec and the variants asked for: `ForecastModel.train`, or a backtest that needs only one. */
export interface FittedVariants {
  spec: FeatureSpec;
  withHistory: VariantModel | null;
  /** null when not asked for. */
  weatherCalendar: VariantModel | null;
  trainingWindow: TrainingWindow;
  /** null when `options.quantiles` is absent; its weather+calendar models only when that variant was asked for. */
  quantiles: QuantileModels | null;
}

/**
 * Fits the spec and the boosted models of `ForecastModel.train`; `weatherCalendar: false` skips that
 * variant (a backtest whose every row has demand up to D−1 never asks it). Package-internal.
 */
export function fitForecastVariants(
  train: ColumnTable,
  options: ForecastTrainingOptions,
  which: { weatherCalendar: boolean },
): FittedVariants {
  const spec = fitFeatureSpec(train, options.featureConfig);
  const matrix = options.trainingMatrix ? options.trainingMatrix(spec) : transform(train, spec);
  const peaks = numericColumn(train, spec.config.target);
  const dates = dateColumn(train);
  const known: number[] = [];
  const knownWithHistory: number[] = [];
  for (let r = 0; r < matrix.nRows; r++) {
    if (!Number.isFinite(peaks[r])) continue;
    known.push(r);
    if (matrix.hasRecentDemand[r]) knownWithHistory.push(r);
  }
  if (known.length < 2)
    throw new RangeError(
      `training table has ${known.length} rows with a '${spec.config.target}' value; need at least 2`,
    );
  const base = { ...defaultForecastHyperparameters, ...options.hyperparameters };
  const fitWeatherCalendar = (hyperparameters: Partial<GbtHyperparameters>): VariantModel =>
    VariantModel.fit(
      'weather-calendar',
      matrix,
      known,
      peaks,
      spec.weatherCalendarFeatureNames,
      { kind: 'level' },
      { ...base, ...options.weatherCalendarHyperparameters, ...hyperparameters },
    );
  const weatherCalendar = which.weatherCalendar ? fitWeatherCalendar({}) : null;
  let fitWithHistory: ((hyperparameters: Partial<GbtHyperparameters>) => VariantModel) | null = null;
  if (spec.recentDemandFeatureNames.length > 0 && knownWithHistory.length >= 2) {
    const requested = options.historyTarget ?? defaultHistoryTarget;
    const target =
      requested.kind === 'ratio' && !spec.featureNames.includes(requested.base)
        ? { kind: 'level' as const }
        : requested;
    fitWithHistory = (hyperparameters) =>
      VariantModel.fit('with-history', matrix, knownWithHistory, peaks, spec.featureNames, target, {
        ...base,
        ...options.withHistoryHyperparameters,
        ...hyperparameters,
      });
  }
  const withHistory = fitWithHistory ? fitWithHistory({}) : null;
  let quantiles: QuantileModels | null = null;
  if (options.quantiles) {
    const levels = resolveQuantileLevels(options.quantiles.levels);
    const hyperparameters = { ...defaultQuantileHyperparameters, ...options.quantiles.hyperparameters };
    quantiles = {
      levels,
      withHistory: fitWithHistory ? fitQuantileVariant(levels, hyperparameters, fitWithHistory) : null,
      weatherCalendar: which.weatherCalendar ? fitQuantileVariant(levels, hyperparameters, fitWeatherCalendar) : [],
    };
  }
  const trainingWindow = { from: dates[known[0]], to: dates[known[known.length - 1]], nRows: known.length };
  return { spec, withHistory, weatherCalendar, trainingWindow, quantiles };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
