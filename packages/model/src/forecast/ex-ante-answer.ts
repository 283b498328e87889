import { z } from 'zod';
import {
  featureTableAsOf,
  transform,
  type AsOfFeatureTable,
  type AsOfSources,
  type DemandObservation,
  type FeatureMatrix,
  type FeatureSpec,
} from '@powercast/features';
import type { ForecastModel, ForecastPrediction, QuantilePredictions } from './forecast-model.js';
import { calibratedInterval, type IntervalCalibration } from './interval-calibration.js';
import { rawSpreads } from './interval-band.js';
import { blendForecasts, defaultLevelBlend, weatherCalendarLevels, type LevelBlend } from './level-blend.js';
import { dateColumn, numericColumn } from './table-columns.js';
import {
  defaultTemperatureUncertainty,
  temperatureShifts,
  type TemperatureUncertainty,
} from './temperature-uncertainty.js';

/**
 * How a model answers a forecast as issued (ex-ante): the blend of its two variants and the JMA
 * temperature error it averages over. Stored in the model artifact, so the backtest, the pipeline's
 * evaluation and the served forecast answer the same way.
 */
export interface AnswerSettings {
  /** null: the with-history variant alone (the weather+calendar one where history is missing). */
  blend: LevelBlend | null;
  /** null: the forecast temperatures as given. */
  temperatureUncertainty: TemperatureUncertainty | null;
}

/** Chosen on the validation window 2021-11-05..2022-03-31 (model README). */
export const defaultAnswerSettings: AnswerSettings = Object.freeze({
  blend: defaultLevelBlend,
  temperatureUncertainty: defaultTemperatureUncertainty,
});

/** The settings in words, each part led by "; " (empty for the plain answer): for tables and evaluation.json. */
export function describeAnswerSettings(settings: AnswerSettings): string {
  const { blend, temperatureUncertainty: uncertainty } = settings;
  const blendPart =
    blend === null || blend.weight === 0
      ? ''
      : `; ${1 - blend.weight} × with-history + ${blend.weight} × weather+calendar levelled on D−${blend.levelDays + 1}..D−2`;
  const uncertaintyPart =
    uncertainty === null
      ? ''
      : `; averaged over a JMA temperature error of σ ${uncertainty.maxTempSigmaC} °C (max) / ${uncertainty.minTempSigmaC} °C (min)`;
  return blendPart + uncertaintyPart;
}

const nonNegative = z.number().finite().min(0);
export const answerSettingsSchema = z.object({
  blend: z.object({ weight: nonNegative.max(1), levelDays: z.number().int().min(1).max(366) }).nullable(),
  temperatureUncertainty: z
    .object({ maxTempSigmaC: nonNegative.max(10), minTempSigmaC: nonNegative.max(10) })
    .nullable(),
});

/**
 * What answers the rows: a whole model, or a backtest's faster stand-in that answers rows with
 * recent demand by the with-history variant alone (`model()` is then asked only when blending).
 */
export interface Answerer {
  readonly spec: FeatureSpec;
  predictMatrix(matrix: FeatureMatrix): ForecastPrediction[];
  model(): ForecastModel;
  /** The quantile models' answers for the same rows (null or absent: the answers carry no interval). */
  predictQuantiles?(matrix: FeatureMatrix): QuantilePredictions | null;
  /** How the interval is calibrated (null: the raw band). */
  readonly intervalCalibration?: IntervalCalibration | null;
}

export function answererOf(model: ForecastModel): Answerer {
  return {
    spec: model.spec,
    predictMatrix: (matrix) => model.predictMatrix(matrix),
    model: () => model,
    ...(model.hasIntervals
      ? { predictQuantiles: (matrix) => model.predictQuantiles(matrix), intervalCalibration: model.intervalCalibration }
      : {}),
  };
}

/** Past days' rows with their observed weather and their actuals: what sets the blend's level. */
export interface LevelRows {
  observed: FeatureMatrix;
  actualByDate: ReadonlyMap<string, number>;
}

/** The level rows of a daily table (every day with an actual; the level itself only reads days over by the issue). */
export function levelRowsOf(daily: AsOfSources['daily'], spec: FeatureSpec): LevelRows {
  const dates = dateColumn(daily);
  const actuals = numericColumn(daily, spec.config.target);
  const history: DemandObservation[] = [];
  const actualByDate = new Map<string, number>();
  dates.forEach((date, i) => {
    if (!Number.isFinite(actuals[i])) return;
    history.push({ date, peak: actuals[i]! });
    actualByDate.set(date, actuals[i]!);
  });
  return { observed: transform(daily, spec, { history }), actualByDate };
}

export interface WeightedMatrix {
  weight: number;
  matrix: FeatureMatrix;
}

export interface AnswerRowsInput {
  answerer: Answerer;
  /** The same target rows under each temperature shift, weights summing to 1 (one matrix: no averaging). */
  matrices: readonly WeightedMatrix[];
  /** Target day of each row and the last day whose actual the level may read (the day before the issue). */
  targets: readonly string[];
  knownThrough: readonly string[];
  blend: LevelBlend | null;
  /** Needed when blending. */
  levelRows?: LevelRows;
}

/**
 * The expected answer over the matrices, blended with the levelled weather+calendar variant; with
 * an 80 % interval on each row when the answerer has quantile models (`rawSpreads`: their band
 * widened by the answer's spread over the temperature shifts, then `calibratedInterval`).
 */
export function answerRows(input: AnswerRowsInput): ForecastPrediction[] {
  const { answerer, matrices, blend } = input;
  type Run = { weight: number; predictions: ForecastPrediction[] };
  const expected = (runs: readonly Run[]): ForecastPrediction[] =>
    runs[0]!.predictions.map((prediction, r) => ({
      ...prediction,
      peak: runs.reduce((sum, run) => sum + run.weight * run.predictions[r]!.peak, 0),
    }));
  const runs = matrices.map(({ weight, matrix }) => ({ weight, predictions: answerer.predictMatrix(matrix) }));
  const predictions = expected(runs);
  if (blend === null || blend.weight === 0)
    return withIntervals(input, predictions, () =>
      runs.map((run) => run.predictions.map((prediction) => prediction.peak)),
    );
  if (!input.levelRows) throw new RangeError('answerRows: blending needs the level rows');
  const model = answerer.model();
  const { observed, actualByDate } = input.levelRows;
  const levels = weatherCalendarLevels(
    model,
    observed,
    actualByDate,
    input.targets,
    blend.levelDays,
    input.knownThrough,
  );
  const weatherCalendarRuns = matrices.map(({ weight, matrix }) => ({
    weight,
    predictions: model.predictMatrix(matrix, 'weather-calendar'),
  }));
  const peaks = blendForecasts(predictions, expected(weatherCalendarRuns), levels, blend);
  const blended = predictions.map((prediction, r) => ({ ...prediction, peak: peaks[r]! }));
  // The blend is linear, so each shift's blended answer averages to the answer: its spread is the temperature part.
  const perShift = (): number[][] =>
    runs.map((run, s) => blendForecasts(run.predictions, weatherCalendarRuns[s]!.predictions, levels, blend));
  return withIntervals(input, blended, perShift, levels);
}

/** The predictions with their interval when the answerer has quantile models; unchanged otherwise. */
function withIntervals(
  input: AnswerRowsInput,
  predictions: ForecastPrediction[],
  peaksPerShift: () => readonly (readonly number[])[],
  levels?: Float64Array,
): ForecastPrediction[] {
  const { answerer, matrices } = input;
  if (!answerer.predictQuantiles) return predictions;
  const quantileRuns = matrices.map(({ matrix }) => answerer.predictQuantiles!(matrix));
  if (quantileRuns.some((run) => run === null)) return predictions;
  const centers = predictions.map((prediction) => prediction.peak);
  const shiftPeaks = peaksPerShift();
  // A row answered by the weather+calendar variant alone is levelled: so is its band.
  const scale = predictions.map((prediction, r) =>
    levels !== undefined && prediction.variant === 'weather-calendar' ? levels[r]! : 1,
  );
  const spreads = rawSpreads(
    quantileRuns[0]!.levels,
    matrices.map(({ weight }, s) => ({ weight, peaks: shiftPeaks[s]!, quantiles: quantileRuns[s]!.values })),
    centers,
    scale,
  );
  const calibration = answerer.intervalCalibration ?? null;
  return predictions.map((prediction, r) => ({
    ...prediction,
    interval: calibratedInterval(
      { date: prediction.date, peak: prediction.peak, lowerSpread: spreads.lower[r]!, upperSpread: spreads.upper[r]! },
      calibration,
    ),
  }));
}

export interface AnswerExAnteInput {
  answerer: Answerer;
  sources: AsOfSources;
  targets: readonly string[];
  /** One issue time for every target, or one per target (a backtest issues each day on D−1). */
  issuedAt: string | ((target: string) => string);
  settings: AnswerSettings;
  /** The level rows when already built (default: from `sources.daily`). */
  levelRows?: LevelRows;
}

export interface ExAnteAnswer {
  predictions: ForecastPrediction[];
  /** The unshifted rows and their provenance (which JMA issue, which forecast). */
  table: AsOfFeatureTable;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The ex-ante answer: each target's rows from `featureTableAsOf` as of its issue time (and again
 * under each temperature shift), answered and blended by `answerRows`. The one function behind
 * `backtestAsOf`, `forecastAsOf` and the pipeline's evaluation, so none can drift from the others.
 */
export function answerExAnte(input: AnswerExAnteInput): ExAnteAnswer {
  const { answerer, sources, targets, settings } = input;
  const spec = answerer.spec;
  const table = featureTableAsOf({ targets, issuedAt: input.issuedAt, spec, sources });
  const shifts = temperatureShifts(settings.temperatureUncertainty ?? { maxTempSigmaC: 0, minTempSigmaC: 0 });
  const matrices = shifts.map(({ shift, weight }) => ({
    weight,
    matrix:
      shift.max === 0 && shift.min === 0
        ? table.matrix
        : featureTableAsOf({ targets, issuedAt: input.issuedAt, spec, sources, forecastTemperatureShiftC: shift })
            .matrix,
  }));
  const blending = settings.blend !== null && settings.blend.weight > 0;
  // The level reads only days over by the issue: up to the day before the JST date.
  const knownThrough = table.issuedAt.map((issuedAt) => addDays(issuedAt.slice(0, 10), -1));
  const predictions = answerRows({
    answerer,
    matrices,
    targets,
    knownThrough,
    blend: settings.blend,
    levelRows: blending ? (input.levelRows ?? levelRowsOf(sources.daily, spec)) : undefined,
  });
  return { predictions, table };
}
