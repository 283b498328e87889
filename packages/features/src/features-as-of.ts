import {
  indexSources,
  dayNumberOf,
  type AsOfSources,
  type IndexedSources,
  type IssuedForecast,
} from './as-of-sources.js';
import { calendarIndexOf } from './calendar.js';
import { EXTRA_WEATHER_COLUMNS, type ExtraWeatherColumn } from './config.js';
import { isoDateFromDayNumber } from './dates.js';
import { RECENT_DEMAND_WINDOW, type DemandHistory } from './demand-history.js';
import { FeatureInputError } from './errors.js';
import { categoriseForecastWeather, type ForecastWeatherSource } from './forecast-weather.js';
import type { DailyInputs } from './inputs.js';
import { dayStart, defaultIssuedAt, parseJstMoment, type JstMoment } from './issue-time.js';
import { computeFeatureMatrix, type FeatureMatrix } from './kernel.js';
import { resolvePreviousWeather } from './previous-weather.js';
import { specLayout, type FeatureSpec } from './spec.js';
import type { WeatherCategory } from './weather.js';

/**
 * Forecast-only features, beside the spec's vector (which keeps the layout of the observed-weather
 * features): JMA's probabilities of precipitation (%) of the target day's 6-hour blocks, of its
 * daytime (max of 06–12 and 12–18, the 天気概況(昼) window) and of the weekly forecast; the days
 * from the issue time's date to the target; the hours since the JMA issue used was published.
 */
export const FORECAST_FEATURES = [
  'pop_00',
  'pop_06',
  'pop_12',
  'pop_18',
  'pop_day',
  'weekly_pop',
  'lead_days',
  'forecast_age_hours',
] as const;
export type ForecastFeature = (typeof FORECAST_FEATURES)[number];
const F = Object.fromEntries(FORECAST_FEATURES.map((name, i) => [name, i])) as Record<ForecastFeature, number>;

/** JMA's likely range (80 %) of a weekly forecast day, °C (formats.md §6). */
export interface WeeklyTemperatureRange {
  maxLower: number;
  maxUpper: number;
  minLower: number;
  minUpper: number;
}

/** TEPCO's announced peak supply capacity for the target day, as known at the issue time. */
export interface KnownSupplyCapacity {
  capacityManKw: number;
  /** Time band of the peak as published, e.g. '13:00～14:00'. */
  band: string;
  /** The announcement's update stamp (strictly before the issue time). */
  stamp: string;
}

/** Where the values of one ex-ante row came from. */
export interface AsOfProvenance {
  /** The JMA issue the target day's weather comes from; null when none existed at the issue time. */
  forecastIssuedAt: string | null;
  weatherCode: number | null;
  /** The words categorised: weatherCode.csv's for the code, else the published phrasing. */
  weatherWords: string | null;
  weatherSource: ForecastWeatherSource;
  temperatureSource: 'short-range' | 'weekly' | 'none';
  /** The day in progress at the issue time (before the target), and how much of it was known. */
  partialDay: { date: string; demandIntervalsKnown: number; temperatureReadingsKnown: number } | null;
  /** The weekly forecast's likely range when the temperatures came from it with a range; else null. Not a feature. */
  weeklyRange: WeeklyTemperatureRange | null;
  /** TEPCO's announced supply capacity stamped before the issue time; null when none was. Not a feature. */
  supplyCapacity: KnownSupplyCapacity | null;
}

/** The features of one target day as of one issue time. */
export interface AsOfFeatures {
  target: string;
  /** Canonical JST issue time. */
  issuedAt: string;
  /** `spec.featureNames`: the same layout the model was trained with. */
  featureNames: string[];
  values: Float64Array;
  hasRecentDemand: boolean;
  weatherCategory: WeatherCategory;
  forecastValues: Float64Array;
  provenance: AsOfProvenance;
}

export interface FeaturesAsOfOptions {
  target: string;
  /** ISO 8601 with offset; default 18:00 JST on the day before `target`. */
  issuedAt?: string;
  spec: FeatureSpec;
  sources: AsOfSources;
}

/**
 * The feature vector of target day D from exactly what existed at `issuedAt`:
 * - D's weather: the latest JMA issue at or before `issuedAt` with a temperature for D (maximum
 *   and minimum into `max_temp`/`min_temp`, the code's words into the weather category);
 * - TEPCO actuals: whole days that ended by `issuedAt` from the daily table, the day in progress
 *   only for the intervals that ended by then (at 18:00: hours 0:00–17:00);
 * - JMA observations: days whose JMA day (1:00..24:00) ended before `issuedAt` from the daily
 *   table, the day in progress from hourly readings stamped before `issuedAt` (at 18:00: up to 17:00);
 * - the calendar, known in advance. Nothing stamped later is read.
 */
export function featuresAsOf(options: FeaturesAsOfOptions): AsOfFeatures {
  const { matrix, forecastValues, provenance, issuedAt } = featureTableAsOf({
    targets: [options.target],
    ...(options.issuedAt === undefined ? {} : { issuedAt: options.issuedAt }),
    spec: options.spec,
    sources: options.sources,
  });
  return {
    target: options.target,
    issuedAt: issuedAt[0]!,
    featureNames: matrix.featureNames,
    values: matrix.values,
    hasRecentDemand: matrix.hasRecentDemand[0]!,
    weatherCategory: matrix.weatherCategories[0]!,
    forecastValues,
    provenance: provenance[0]!,
  };
}

export interface FeatureTableAsOfOptions {
  targets: readonly string[];
  /** One time for all targets, or one per target; default 18:00 JST the day before each. */
  issuedAt?: string | ((target: string) => string);
  spec: FeatureSpec;
  sources: AsOfSources;
  /**
   * Added to JMA's forecast maximum and minimum temperatures (°C) before the features are computed:
   * lets a model average its answer over the forecast's error (what-if rows, not what JMA said).
   */
  forecastTemperatureShiftC?: { max: number; min: number };
  /**
   * Rows whose temperatures come from JMA's weekly forecast with a likely range take that range's
   * lower or upper end (max and min together) instead: the model at the weather's 10th or 90th
   * percentile, for widening the interval by the weather's own uncertainty. Other rows are unchanged.
   */
  weeklyRangeEnd?: 'lower' | 'upper';
}

/** Rows of `featuresAsOf` for many targets, as a FeatureMatrix plus the forecast-only columns. */
export interface AsOfFeatureTable {
  matrix: FeatureMatrix;
  issuedAt: string[];
  forecastFeatureNames: ForecastFeature[];
  /** Row-major `targets × FORECAST_FEATURES`. */
  forecastValues: Float64Array;
  provenance: AsOfProvenance[];
}

/** `featuresAsOf` for every target (a training table, a backtest, or a week of live forecasts). */
export function featureTableAsOf(options: FeatureTableAsOfOptions): AsOfFeatureTable {
  const { targets, spec } = options;
  const indexed = indexSources(options.sources);
  const layout = specLayout(spec);
  const width = layout.featureNames.length;
  const values = new Float64Array(targets.length * width);
  const forecastValues = new Float64Array(targets.length * FORECAST_FEATURES.length);
  const hasRecentDemand: boolean[] = [];
  const weatherCategories: WeatherCategory[] = [];
  const issuedAt: string[] = [];
  const provenance: AsOfProvenance[] = [];
  targets.forEach((target, r) => {
    const time =
      typeof options.issuedAt === 'function' ? options.issuedAt(target) : (options.issuedAt ?? defaultIssuedAt(target));
    const row = rowAsOf(
      indexed,
      spec,
      target,
      parseJstMoment(time),
      r,
      options.forecastTemperatureShiftC,
      options.weeklyRangeEnd,
    );
    const matrix = computeFeatureMatrix(row.inputs, row.previous, row.history, spec.config, layout);
    values.set(matrix.values, r * width);
    forecastValues.set(row.forecastValues, r * FORECAST_FEATURES.length);
    hasRecentDemand.push(matrix.hasRecentDemand[0]!);
    weatherCategories.push(matrix.weatherCategories[0]!);
    issuedAt.push(row.cut.iso);
    provenance.push(row.provenance);
  });
  return {
    matrix: {
      featureNames: [...layout.featureNames],
      dates: [...targets],
      values,
      nRows: targets.length,
      hasRecentDemand,
      weatherCategories,
    },
    issuedAt,
    forecastFeatureNames: [...FORECAST_FEATURES],
    forecastValues,
    provenance,
  };
}

const NO_EXTRAS = Object.fromEntries(EXTRA_WEATHER_COLUMNS.map((column) => [column, undefined])) as Record<
  ExtraWeatherColumn,
  undefined
>;

interface RowInputs {
  cut: JstMoment;
  inputs: DailyInputs;
  previous: ReturnType<typeof resolvePreviousWeather>;
  history: DemandHistory;
  forecastValues: Float64Array;
  provenance: AsOfProvenance;
}

function rowAsOf(
  indexed: IndexedSources,
  spec: FeatureSpec,
  target: string,
  cut: JstMoment,
  row: number,
  shift: { max: number; min: number } = { max: 0, min: 0 },
  rangeEnd?: 'lower' | 'upper',
): RowInputs {
  const targetIndex = calendarIndexOf(target, 'target', row);
  const targetDay = dayNumberOf(targetIndex);
  if (cut.minutes >= dayStart(targetDay + 1)) {
    throw new FeatureInputError(
      'issuedAt',
      row,
      cut.iso,
      `a time before the end of ${target} (later, the day's own weather is observed: use transform)`,
    );
  }
  const forecast = checkedForecast(indexed, target, cut, row);
  const weeklyRange = forecast?.temp_max == null ? weeklyRangeOf(forecast) : null;
  const end =
    weeklyRange === null || rangeEnd === undefined
      ? null
      : rangeEnd === 'lower'
        ? { max: weeklyRange.maxLower, min: weeklyRange.minLower }
        : { max: weeklyRange.maxUpper, min: weeklyRange.minUpper };
  const max = (end?.max ?? num(forecast?.temp_max ?? forecast?.weekly_temp_max)) + shift.max;
  const min = (end?.min ?? num(forecast?.temp_min ?? forecast?.weekly_temp_min)) + shift.min;
  const weather = categoriseForecastWeather(
    forecast?.weather_code ?? forecast?.weekly_weather_code ?? null,
    forecast?.weather_text ?? null,
    indexed.codes,
  );
  const inputs: DailyInputs = {
    n: 1,
    dates: [target],
    calendarIndex: Int32Array.of(targetIndex),
    maxTemp: Float64Array.of(max),
    minTemp: Float64Array.of(min),
    weatherCategory: [weather.category],
    // JMA forecasts no humidity, sunshine, precipitation total or daily mean: missing, never guessed.
    extras: NO_EXTRAS,
  };
  const previousDays = [1, 2].map((k) => {
    const observed = observedTemperatures(indexed, targetIndex - k, cut);
    return { date: isoDateFromDayNumber(targetDay - k), max_temp: observed.max, min_temp: observed.min };
  });
  const previous = resolvePreviousWeather(inputs, previousDays);
  const history = demandWindow(indexed, spec, targetIndex, cut);
  const issueIndex = targetIndex - (targetDay - cut.day);
  const partialDay =
    cut.day < targetDay
      ? {
          date: isoDateFromDayNumber(cut.day),
          demandIntervalsKnown: partialPeak(indexed, spec, issueIndex, cut).known,
          temperatureReadingsKnown: observedTemperatures(indexed, issueIndex, cut).readings,
        }
      : null;
  return {
    cut,
    inputs,
    previous,
    history,
    forecastValues: forecastFeatures(forecast, targetDay, cut),
    provenance: {
      forecastIssuedAt: forecast?.issued_at ?? null,
      weatherCode: forecast?.weather_code ?? forecast?.weekly_weather_code ?? null,
      weatherWords: weather.words,
      weatherSource: weather.source,
      temperatureSource:
        forecast?.temp_max != null ? 'short-range' : forecast?.weekly_temp_max != null ? 'weekly' : 'none',
      partialDay,
      weeklyRange,
      supplyCapacity: checkedSupplyCapacity(indexed, target, cut, row),
    },
  };
}

/** The weekly forecast's range when JMA gave all four ends (it omits them on the weekly report's first day). */
function weeklyRangeOf(forecast: IssuedForecast | null): WeeklyTemperatureRange | null {
  if (forecast === null) return null;
  const { weekly_temp_max_lower, weekly_temp_max_upper, weekly_temp_min_lower, weekly_temp_min_upper } = forecast;
  if (
    typeof weekly_temp_max_lower !== 'number' ||
    typeof weekly_temp_max_upper !== 'number' ||
    typeof weekly_temp_min_lower !== 'number' ||
    typeof weekly_temp_min_upper !== 'number'
  )
    return null;
  return {
    maxLower: weekly_temp_max_lower,
    maxUpper: weekly_temp_max_upper,
    minLower: weekly_temp_min_lower,
    minUpper: weekly_temp_min_upper,
  };
}

/** The lookup's capacity, checked: for the target, and stamped strictly before the cut (a later one is leakage). */
function checkedSupplyCapacity(
  indexed: IndexedSources,
  target: string,
  cut: JstMoment,
  row: number,
): KnownSupplyCapacity | null {
  const announced = indexed.supplyCapacity?.forTargetDay(target, cut.iso) ?? null;
  if (announced === null) return null;
  const stamped = parseJstMoment(announced.stamp, 'supplyCapacity.stamp');
  if (announced.targetDate !== target || stamped.minutes >= cut.minutes) {
    throw new FeatureInputError(
      'supplyCapacity',
      row,
      `${announced.targetDate} stamped ${announced.stamp}`,
      `a supply capacity for ${target} stamped before ${cut.iso}`,
    );
  }
  return { capacityManKw: announced.valueManKw, band: announced.band, stamp: announced.stamp };
}

const num = (value: number | null | undefined): number => (typeof value === 'number' ? value : NaN);

/** The lookup's answer, checked: for the target, and issued at or before the cut. */
function checkedForecast(indexed: IndexedSources, target: string, cut: JstMoment, row: number): IssuedForecast | null {
  const forecast = indexed.forecasts.forTargetDay(target, cut.iso);
  if (forecast === null) return null;
  const issued = parseJstMoment(forecast.issued_at, 'forecasts.issued_at');
  if (forecast.target_date !== target || issued.minutes > cut.minutes) {
    throw new FeatureInputError(
      'forecasts',
      row,
      `${forecast.target_date} issued ${forecast.issued_at}`,
      `a forecast for ${target} issued at or before ${cut.iso}`,
    );
  }
  return forecast;
}

function forecastFeatures(forecast: IssuedForecast | null, targetDay: number, cut: JstMoment): Float64Array {
  const out = new Float64Array(FORECAST_FEATURES.length).fill(NaN);
  out[F.lead_days] = targetDay - cut.day;
  if (!forecast) return out;
  out[F.pop_00] = num(forecast.pop_00);
  out[F.pop_06] = num(forecast.pop_06);
  out[F.pop_12] = num(forecast.pop_12);
  out[F.pop_18] = num(forecast.pop_18);
  const daytime = [out[F.pop_06]!, out[F.pop_12]!].filter((pop) => pop === pop);
  out[F.pop_day] = daytime.length > 0 ? Math.max(...daytime) : NaN;
  out[F.weekly_pop] = num(forecast.weekly_pop);
  out[F.forecast_age_hours] = (cut.minutes - parseJstMoment(forecast.issued_at).minutes) / 60;
  return out;
}

/**
 * Max and min temperature of JMA day `calendarIndex` as observed by the cut: the daily table's
 * values once the day's last reading (D+1 0:00) is before the cut; else the hourly readings
 * stamped before it (NaN when none).
 */
function observedTemperatures(
  indexed: IndexedSources,
  calendarIndex: number,
  cut: JstMoment,
): { max: number; min: number; readings: number } {
  const start = dayStart(dayNumberOf(calendarIndex));
  if (start + 24 * 60 < cut.minutes) {
    const i = calendarIndex - indexed.first;
    return { max: indexed.maxTemp[i] ?? NaN, min: indexed.minTemp[i] ?? NaN, readings: 24 };
  }
  const hours = indexed.temperatures.get(calendarIndex);
  let max = -Infinity;
  let min = Infinity;
  let readings = 0;
  for (let hour = 1; hour <= 24 && start + hour * 60 < cut.minutes; hour++) {
    const value = hours?.[hour] ?? NaN;
    if (value !== value) continue;
    readings++;
    if (value > max) max = value;
    if (value < min) min = value;
  }
  return readings > 0 ? { max, min, readings } : { max: NaN, min: NaN, readings: 0 };
}

/** Highest TEPCO actual among the intervals of a day that ended by the cut. */
function partialPeak(
  indexed: IndexedSources,
  spec: FeatureSpec,
  calendarIndex: number,
  cut: JstMoment,
): { peak: number; known: number } {
  const day = indexed.demand.get(calendarIndex);
  const fiveMinute = spec.config.target === 'peak_5min';
  const values = fiveMinute ? day?.fiveMinuteManKw : day?.hourlyManKw;
  if (!values) return { peak: NaN, known: 0 };
  const minutes = fiveMinute ? 5 : 60;
  const start = dayStart(dayNumberOf(calendarIndex));
  let peak = -Infinity;
  let known = 0;
  for (let i = 0; i < values.length && start + (i + 1) * minutes <= cut.minutes; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    known++;
    if (value > peak) peak = value;
  }
  return known > 0 ? { peak, known } : { peak: NaN, known: 0 };
}

/**
 * The daily peaks the lag features may read (the `searchDays` before the target): days that ended
 * by the cut in full, the day in progress as its highest interval so far, later days unknown.
 */
function demandWindow(indexed: IndexedSources, spec: FeatureSpec, targetIndex: number, cut: JstMoment): DemandHistory {
  const days = RECENT_DEMAND_WINDOW.searchDays;
  const firstIndex = targetIndex - days;
  const peaks = new Float64Array(days).fill(NaN);
  const full = indexed.peaks[spec.config.target];
  for (let k = 0; k < days; k++) {
    const calendarIndex = firstIndex + k;
    const start = dayStart(dayNumberOf(calendarIndex));
    if (start + 24 * 60 <= cut.minutes) peaks[k] = full[calendarIndex - indexed.first] ?? NaN;
    else if (start < cut.minutes) peaks[k] = partialPeak(indexed, spec, calendarIndex, cut).peak;
  }
  return { firstIndex, peaks };
}
