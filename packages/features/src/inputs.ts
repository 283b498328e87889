import type { ColumnTable } from 'arquero';
import { calendarIndexOf } from './calendar.js';
import { EXTRA_WEATHER_COLUMNS, type ExtraWeatherColumn } from './config.js';
import { FeatureInputError } from './errors.js';
import { categoriseWeather, type WeatherCategory } from './weather.js';

/** A request record (predict API, serving): one target date with its weather forecast. */
export interface ForecastRecord {
  date: string;
  max_temp: number;
  min_temp: number;
  weather: string | null;
  mean_temp?: number;
  humidity_mean?: number;
  sunshine_hours?: number;
  precipitation_mm?: number;
}

/** Observed (or forecast) temperatures of a day before a target date, for the previous-day features. */
export interface WeatherObservation {
  date: string;
  max_temp?: number | null;
  min_temp?: number | null;
}

/** The per-row inputs of the feature kernel, columnar; both transforms reduce to this. */
export interface DailyInputs {
  n: number;
  dates: string[];
  /** Row of each date in the calendar table (also a day number offset). */
  calendarIndex: Int32Array;
  maxTemp: Float64Array;
  minTemp: Float64Array;
  weatherCategory: WeatherCategory[];
  extras: Record<ExtraWeatherColumn, Float64Array | undefined>;
}

const toNumber = (value: unknown): number => (typeof value === 'number' ? value : NaN);

function numericColumn(values: ArrayLike<unknown>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toNumber(values[i]);
  return out;
}

/** Columns of the daily table (data-loaders contract); `weather` is accepted for hand-made tables. */
export function inputsFromTable(table: ColumnTable): DailyInputs {
  const names = new Set(table.columnNames());
  for (const required of ['date', 'max_temp', 'min_temp']) {
    if (!names.has(required))
      throw new FeatureInputError(required, undefined, undefined, 'a column of the daily table');
  }
  const weatherColumn = names.has('weather_day') ? 'weather_day' : names.has('weather') ? 'weather' : undefined;
  if (!weatherColumn) throw new FeatureInputError('weather_day', undefined, undefined, 'a column of the daily table');
  const dates = table.array('date') as unknown[];
  const n = dates.length;
  const calendarIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) calendarIndex[i] = calendarIndexOf(dates[i], 'date', i);
  const weather = table.array(weatherColumn) as unknown[];
  const extras = {} as Record<ExtraWeatherColumn, Float64Array | undefined>;
  for (const column of EXTRA_WEATHER_COLUMNS) {
    extras[column] = names.has(column) ? numericColumn(table.array(column) as unknown[]) : undefined;
  }
  return {
    n,
    dates: dates as string[],
    calendarIndex,
    maxTemp: numericColumn(table.array('max_temp') as unknown[]),
    minTemp: numericColumn(table.array('min_temp') as unknown[]),
    weatherCategory: Array.from(weather, (text) => categoriseWeather(typeof text === 'string' ? text : null)),
    extras,
  };
}

/** Records as kernel inputs (validate untrusted input with `validateRecords` first). */
export function inputsFromRecords(records: readonly ForecastRecord[]): DailyInputs {
  const n = records.length;
  const calendarIndex = new Int32Array(n);
  const maxTemp = new Float64Array(n);
  const minTemp = new Float64Array(n);
  const weatherCategory: WeatherCategory[] = new Array(n);
  const dates: string[] = new Array(n);
  const extras = {} as Record<ExtraWeatherColumn, Float64Array | undefined>;
  for (const column of EXTRA_WEATHER_COLUMNS) extras[column] = undefined;
  for (let i = 0; i < n; i++) {
    const record = records[i];
    dates[i] = record.date;
    calendarIndex[i] = calendarIndexOf(record.date, 'date', i);
    maxTemp[i] = toNumber(record.max_temp);
    minTemp[i] = toNumber(record.min_temp);
    weatherCategory[i] = categoriseWeather(record.weather);
    for (const column of EXTRA_WEATHER_COLUMNS) {
      const value = record[column];
      if (value === undefined) continue;
      extras[column] ??= new Float64Array(n).fill(NaN);
      extras[column][i] = toNumber(value);
    }
  }
  return { n, dates, calendarIndex, maxTemp, minTemp, weatherCategory, extras };
}
