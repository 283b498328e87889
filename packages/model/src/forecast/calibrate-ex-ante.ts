import type { AsOfSources } from '@powercast/features';
import {
  backtestAsOf,
  BacktestWindowError,
  type AsOfBacktestPrediction,
  type RetrainSchedule,
} from './backtest-as-of.js';
import { forecastAsOf, MissingForecastIssueError, StaleForecastError } from './forecast-as-of.js';
import type { ForecastModel, ForecastTrainingOptions } from './forecast-model.js';
import {
  calibrateIntervals,
  type CalibrationDay,
  type IntervalCalibration,
  type IntervalMethod,
} from './interval-calibration.js';
import { calibrateLeads, type LeadCalibrationDay } from './interval-leads.js';
import type { LevelBlend } from './level-blend.js';
import type { TemperatureUncertainty } from './temperature-uncertainty.js';

/**
 * Kept after measuring the methods on ex-ante 2023 trained through 2022 (README, `model:accuracy`):
 * the balanced band covered 79.7 % (every season 77–82 %) with lower p10/p90 pinball and a narrower
 * band than the quantile band as is; the split-conformal variants covered 81–84 % with a season
 * outside 76–84 % and wider bands.
 */
export const defaultIntervalMethod: IntervalMethod = 'balanced-band';

/**
 * How the held-out days are answered by default: retrained quarterly. On ex-ante 2023 the balanced band
 * calibrated this way covered 80.0 % (seasons 78–82 %, mean pinball 32.35) against 79.7 % (32.33) retrained
 * monthly, for a third of the training (4 models instead of 12: ~4× the point model's training instead of
 * ~13×, `model:bench`); 'none' (one model a year old by the window's end) covered 80.5 % with a 3 % wider band.
 * The balanced band takes only its shape from the held-out year, not its level, so staler models cost little.
 */
export const defaultCalibrationRetrain: RetrainSchedule = 'quarterly';

export interface ExAnteCalibrationOptions {
  sources: AsOfSources;
  /** The last training day of the model to calibrate: the held-out days end here. */
  trainUntil: string;
  trainFrom?: string;
  /** Held-out days before `trainUntil` (default 365; fewer where JMA's archive starts later). */
  days?: number;
  issueTime?: string;
  /**
   * Retraining inside the held-out window (default `defaultCalibrationRetrain`): each period is answered by a
   * model trained on every day known at its first issue, so the residuals are those of a model about as well
   * informed as the one calibrated (scaled-band on 2023 covered 81.1 % retrained monthly, 85.2 % with 'none').
   */
  retrain?: RetrainSchedule;
  /** The configuration of the model to calibrate; its quantile settings are used (default levels when absent). */
  config?: ForecastTrainingOptions;
  blend?: LevelBlend | null;
  temperatureUncertainty?: TemperatureUncertainty | null;
  /** Default `defaultIntervalMethod`. */
  method?: IntervalMethod;
  /**
   * Also calibrate leads 2–7 against D+1 (`calibrateLeads`): a model trained up to the day before the
   * window, carrying the D+1 calibration, forecasts D+1..D+7 as of every issue in it (`forecastAsOf`).
   * About 20–30 s more for a year on this machine. Default false.
   */
  leads?: boolean;
}

export interface ExAnteCalibration {
  calibration: IntervalCalibration;
  /** The held-out days with their uncalibrated band (to compare methods on them). */
  days: CalibrationDay[];
  /** With `leads`: the held-out forecasts of every lead, as served with the D+1 calibration. */
  leadDays?: LeadCalibrationDay[];
}

/** Fewer held-out days than this (JMA's archive too short before `trainUntil`): no calibration. */
export const MIN_CALIBRATION_DAYS = 60;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface CalibrationWindow {
  from: string;
  to: string;
  /** Days in [from, to]: fewer than `MIN_CALIBRATION_DAYS` means no calibration can be set. */
  nDays: number;
}

/**
 * The held-out window of `calibrateExAnte`: the `days` days ending `trainUntil`, starting later where
 * JMA's archive does (from 2021-11-04): at the first day with a forecast issued by its issue time.
 */
export function exAnteCalibrationWindow(
  options: Pick<ExAnteCalibrationOptions, 'sources' | 'trainUntil' | 'days' | 'issueTime'>,
): CalibrationWindow {
  const { sources, trainUntil } = options;
  const issueTime = options.issueTime ?? '18:00';
  let from = addDays(trainUntil, -((options.days ?? 365) - 1));
  while (
    from <= trainUntil &&
    sources.forecasts.forTargetDay(from, `${addDays(from, -1)}T${issueTime}:00+09:00`) === null
  )
    from = addDays(from, 1);
  const nDays = Math.round((Date.parse(trainUntil) - Date.parse(from)) / 86_400_000) + 1;
  return { from, to: trainUntil, nDays: Math.max(nDays, 0) };
}

/**
 * Split-conformal calibration on held-out **ex-ante** days: models of the same configuration, trained
 * only on days before each period of the held-out window, answer each of its days as of the issue
 * time (`backtestAsOf`, the one ex-ante answer), and the residuals set the interval's calibration.
 * The window is `exAnteCalibrationWindow`'s; throws BacktestWindowError when it is too short.
 */
export function calibrateExAnte(options: ExAnteCalibrationOptions): ExAnteCalibration {
  const { sources, trainUntil } = options;
  const issueTime = options.issueTime ?? '18:00';
  const { from, nDays } = exAnteCalibrationWindow(options);
  if (nDays < MIN_CALIBRATION_DAYS)
    throw new BacktestWindowError(
      `interval calibration: ${nDays} held-out days with JMA forecasts before ${trainUntil}, expected at least ${MIN_CALIBRATION_DAYS}`,
    );
  const retrain = options.retrain ?? defaultCalibrationRetrain;
  const { quantiles, intervalCalibration: _ignored, ...config } = options.config ?? {};
  // What every held-out model shares: trained up to the day before the window, uncalibrated, answers only.
  const heldOutRun = {
    sources,
    trainUntil: addDays(from, -1),
    ...(options.trainFrom ? { trainFrom: options.trainFrom } : {}),
    from,
    issueTime,
    config: { ...config, quantiles: quantiles ?? {} },
    ...(options.blend !== undefined ? { blend: options.blend } : {}),
    ...(options.temperatureUncertainty !== undefined ? { temperatureUncertainty: options.temperatureUncertainty } : {}),
    // Only the model's answers are calibrated on: no backcast or reference models to train.
    baselines: false,
  };
  const heldOut = backtestAsOf({ ...heldOutRun, to: trainUntil, retrain });
  const days = heldOut.model.predictions.map(calibrationDayOf);
  const set = calibrateIntervals(days, options.method ?? defaultIntervalMethod);
  const calibration: IntervalCalibration = { ...set, window: { ...set.window, retrain } };
  if (!options.leads) return { calibration, days };
  // backtestAsOf's own training (as-served rows, the answer settings) over a one-day window: the model
  // that answered the window's first period, whole, to forecast every lead.
  const { trainedModel } = backtestAsOf({ ...heldOutRun, to: from });
  const leadDays = exAnteLeadDays({
    model: trainedModel.withIntervalCalibration(calibration),
    sources,
    from,
    to: trainUntil,
    issueTime,
  });
  return { calibration: { ...calibration, leads: calibrateLeads(leadDays) }, days, leadDays };
}

export interface ExAnteLeadDaysOptions {
  model: ForecastModel;
  sources: AsOfSources;
  /** The first and last forecast day kept (issues run from the day before `from`). */
  from: string;
  to: string;
  issueTime?: string;
}

/**
 * Every day of [from, to] forecast at every lead the issues reach (D+1..D+7), as `forecastAsOf` serves
 * it, with its actual. Issue times without a usable JMA issue are skipped (the archive has gaps).
 */
export function exAnteLeadDays(options: ExAnteLeadDaysOptions): LeadCalibrationDay[] {
  const { model, sources, from, to } = options;
  const issueTime = options.issueTime ?? '18:00';
  const target = model.spec.config.target;
  const dates = sources.daily.array('date') as string[];
  const values = sources.daily.array(target) as ArrayLike<number | null>;
  const actual = new Map<string, number>();
  dates.forEach((date, i) => {
    const value = values[i];
    if (typeof value === 'number' && Number.isFinite(value)) actual.set(date, value);
  });
  const days: LeadCalibrationDay[] = [];
  for (let issue = addDays(from, -1); issue < to; issue = addDays(issue, 1)) {
    let forecast;
    try {
      forecast = forecastAsOf({ model, sources, asOf: `${issue}T${issueTime}+09:00` });
    } catch (error) {
      if (error instanceof MissingForecastIssueError || error instanceof StaleForecastError) continue;
      throw error;
    }
    for (const day of forecast.days) {
      const value = actual.get(day.date);
      if (day.date < from || day.date > to || value === undefined || day.interval === null) continue;
      days.push({
        date: day.date,
        leadDays: day.leadDays,
        actual: value,
        interval: day.interval,
        widened: day.weatherRange !== null,
      });
    }
  }
  return days;
}

/** A backtest day answered by an uncalibrated model, as a calibration day (its band's sides around the point). */
export function calibrationDayOf(prediction: AsOfBacktestPrediction): CalibrationDay {
  const { interval } = prediction;
  if (!interval) throw new RangeError(`${prediction.date}: the backtest answered without an interval`);
  return {
    date: prediction.date,
    actual: prediction.actual,
    peak: prediction.predicted,
    lowerSpread: prediction.predicted - interval.p10,
    upperSpread: interval.p90 - prediction.predicted,
  };
}
