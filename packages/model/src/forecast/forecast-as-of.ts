import { UserInputError } from '@powercast/contracts';
import { RECENT_DEMAND_WINDOW, type AsOfSources } from '@powercast/features';
import { answerExAnte, answererOf, type AnswerSettings } from './ex-ante-answer.js';
import type { ForecastModel, PredictionInterval, TrainingWindow } from './forecast-model.js';
import { uncertaintyAsOf, type DayUncertainty } from './forecast-uncertainty.js';
import type { ForecastVariant } from './variant-model.js';

/** JMA reissues about every 6 hours (05:00, 11:00, 17:00 JST): an issue older than this missed at least a day's issues. */
export const MAX_ISSUE_AGE_HOURS = 36;
/** D+1 from the short-range forecast, D+2..D+7 from the weekly one. */
export const FORECAST_HORIZON_DAYS = 7;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/;
const HOUR_MS = 3_600_000;
const JST_OFFSET_MS = 9 * HOUR_MS;

export interface ForecastAsOfOptions {
  /** The deployed model. */
  model: ForecastModel;
  /** What may be looked at; each row takes only what existed at `asOf` (see `featureTableAsOf`). */
  sources: AsOfSources;
  /** The forecast's instant, ISO 8601 with offset (e.g. `2023-08-01T18:00+09:00`). */
  asOf: string;
  /** Where JMA's issues came from (a file, a URL, "the forecast archive of DIR"): named in errors. */
  forecastSource?: string;
  /** Days ahead (default 7); D+2 onward come from the weekly forecast. */
  horizonDays?: number;
  /** How to answer (default: the model's own `answerSettings`, as its evaluation scored it). */
  settings?: AnswerSettings;
}

export interface AsOfForecastDay {
  date: string;
  /** Days after the as-of's JST date (1 = tomorrow). */
  leadDays: number;
  /** Predicted daily peak, 万kW. */
  peakManKw: number;
  variant: ForecastVariant;
  weatherCategory: string;
  /** The JMA issue this day's weather came from, and which of its forecasts gave the temperatures. */
  jmaIssuedAt: string;
  temperatureSource: 'short-range' | 'weekly';
  /** Leads of 2 days and more: no demand of the day before, JMA's weekly forecast; less accurate than D+1. */
  lowerAccuracy: boolean;
  /** The 80 % interval (P10, P50, P90), 万kW, widened by JMA's likely range on leads 2–7; null without quantiles. */
  interval: PredictionInterval | null;
  /** JMA's weekly likely range (°C) that widened the interval, else null. */
  weatherRange: DayUncertainty['weatherRange'];
  /** The chance of passing 95 % / 97 % of TEPCO's announced supply capacity, or why it is unknown. */
  tightSupply: DayUncertainty['tightSupply'];
}

export interface AsOfForecast {
  /** Canonical JST as-of instant. */
  asOf: string;
  /** The latest JMA issue at or before `asOf`. */
  latestIssueAt: string;
  forecastSource: string;
  /** What the model was trained on. */
  trainedWindow: TrainingWindow;
  /** How the peaks were answered (the blend and the temperature averaging). */
  answer: AnswerSettings;
  /** D+1 first; later days only where JMA's issues reach. */
  days: AsOfForecastDay[];
  /** What the answer lacks, e.g. "intervals unavailable: model has no quantiles". */
  warnings: string[];
}

/** The as-of instant is not a time with an offset. */
export class AsOfTimeError extends UserInputError {
  readonly kind = 'invalid-as-of';
  constructor(readonly value: string) {
    super(`as-of "${value.slice(0, 80)}": expected an ISO 8601 time with offset, e.g. 2023-08-01T18:00+09:00`);
  }
}

/** No JMA issue existed at the as-of (or none covering tomorrow). */
export class MissingForecastIssueError extends UserInputError {
  readonly kind = 'no-forecast-issue';
  constructor(
    readonly source: string,
    readonly asOf: string,
    readonly target?: string,
  ) {
    super(
      target === undefined
        ? `${source}: no JMA forecast issue at or before ${asOf}; expected an issue of the day (JMA issues about 05:00, 11:00 and 17:00 JST)`
        : `${source}: no JMA forecast issue at or before ${asOf} gives a temperature for ${target}`,
    );
  }
}

/** The latest JMA issue at the as-of is too old to forecast from. */
export class StaleForecastError extends UserInputError {
  readonly kind = 'stale-forecast';
  constructor(
    readonly source: string,
    readonly issuedAt: string,
    readonly asOf: string,
    readonly ageHours: number,
  ) {
    super(
      `${source}: the latest JMA issue at or before ${asOf} is ${issuedAt}, ${ageHours.toFixed(1)} h earlier; ` +
        `expected one issued within ${MAX_ISSUE_AGE_HOURS} h of the as-of (fetch a current 130000.json)`,
    );
  }
}

/** data-loaders' ForecastIssueIndex also answers "which issue was the latest at t", whatever the day. */
interface IssueTimeline {
  latestIssueAtOrBefore(issuedAt: string): readonly { issued_at: string }[];
}

function hasTimeline(lookup: object): lookup is IssueTimeline {
  return typeof (lookup as Partial<IssueTimeline>).latestIssueAtOrBefore === 'function';
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * HOUR_MS).toISOString().slice(0, 10);
}

/** The JST date of an instant with offset (AsOfTimeError otherwise). */
function jstDateOf(asOf: string): string {
  if (!INSTANT.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new AsOfTimeError(asOf);
  return new Date(Date.parse(asOf) + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The days whose data a forecast as of `asOf` can read: the lag features' look-back (plus the
 * two days of previous-day weather) before the as-of date, the forecast days after it. A loader
 * given this window (data-loaders' `loadAsOfInputs({ window })`) gives `forecastAsOf` the same answer.
 */
export function forecastInputWindow(asOf: string, horizonDays = FORECAST_HORIZON_DAYS): { from: string; to: string } {
  const day = jstDateOf(asOf);
  return { from: addDays(day, -(RECENT_DEMAND_WINDOW.searchDays + 3)), to: addDays(day, horizonDays + 1) };
}

/**
 * Tomorrow's peak (and the week's, from JMA's weekly forecast) as of one instant, from exactly
 * what existed then: the rows of `featureTableAsOf` at `asOf`, answered by `answerExAnte` with the
 * model's own settings, exactly as `backtestAsOf` and the pipeline's evaluation answer them. Throws StaleForecastError when the latest JMA issue at `asOf` is
 * more than 36 h old, MissingForecastIssueError when there is none.
 */
export function forecastAsOf(options: ForecastAsOfOptions): AsOfForecast {
  const { model, sources } = options;
  const source = options.forecastSource ?? 'JMA forecasts';
  const asOfDate = jstDateOf(options.asOf);
  const asOfMs = Date.parse(options.asOf);
  const horizon = options.horizonDays ?? FORECAST_HORIZON_DAYS;
  const targets = Array.from({ length: horizon }, (_, k) => addDays(asOfDate, k + 1));
  const settings = options.settings ?? model.answerSettings;
  const { predictions, table } = answerExAnte({
    answerer: answererOf(model),
    sources,
    targets,
    issuedAt: options.asOf,
    settings,
  });
  const asOf = table.issuedAt[0]!;

  const used = table.provenance.map((row) => row.forecastIssuedAt).filter((at): at is string => at !== null);
  const latest = hasTimeline(sources.forecasts)
    ? (sources.forecasts.latestIssueAtOrBefore(asOf)[0]?.issued_at ?? null)
    : (used.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1) ?? null);
  if (latest === null) throw new MissingForecastIssueError(source, asOf);
  const ageHours = (asOfMs - Date.parse(latest)) / HOUR_MS;
  if (ageHours > MAX_ISSUE_AGE_HOURS) throw new StaleForecastError(source, latest, asOf, ageHours);
  if (table.provenance[0]!.forecastIssuedAt === null) throw new MissingForecastIssueError(source, asOf, targets[0]);

  const uncertainty = uncertaintyAsOf({
    model,
    sources,
    targets,
    issuedAt: options.asOf,
    predictions,
    provenance: table.provenance,
    leadDays: targets.map((_, r) => r + 1),
  });
  const days = targets.flatMap((date, r): AsOfForecastDay[] => {
    const provenance = table.provenance[r]!;
    if (provenance.forecastIssuedAt === null || provenance.temperatureSource === 'none') return [];
    const prediction = predictions[r]!;
    const day = uncertainty.days[r]!;
    return [
      {
        date,
        leadDays: r + 1,
        peakManKw: prediction.peak,
        variant: prediction.variant,
        weatherCategory: prediction.weatherCategory,
        jmaIssuedAt: provenance.forecastIssuedAt,
        temperatureSource: provenance.temperatureSource,
        lowerAccuracy: r + 1 >= 2,
        interval: day.interval,
        weatherRange: day.weatherRange,
        tightSupply: day.tightSupply,
      },
    ];
  });
  return {
    asOf,
    latestIssueAt: latest,
    forecastSource: source,
    trainedWindow: model.trainingWindow,
    answer: settings,
    days,
    warnings: uncertainty.warnings,
  };
}
