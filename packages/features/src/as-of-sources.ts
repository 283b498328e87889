import type { ColumnTable } from 'arquero';
import { calendarIndexOf, calendarTable } from './calendar.js';
import type { TargetColumn } from './config.js';
import { FeatureInputError } from './errors.js';
import { weatherCodeMap, type WeatherCodeWords } from './forecast-weather.js';

/**
 * The fields of a JMA forecast-issue row the features read (`ForecastIssueRow` of
 * @powercast/data-loaders; the tests check that its rows and index fit these types).
 */
export interface IssuedForecast {
  /** ISO 8601 with offset, e.g. `2023-07-31T17:00:00+09:00`. */
  issued_at: string;
  target_date: string;
  lead_days: number;
  weather_code: number | null;
  weather_text: string | null;
  pop_00: number | null;
  pop_06: number | null;
  pop_12: number | null;
  pop_18: number | null;
  temp_min: number | null;
  temp_max: number | null;
  weekly_weather_code: number | null;
  weekly_pop: number | null;
  weekly_temp_min: number | null;
  weekly_temp_max: number | null;
  /** JMA's likely range (80 %) of the weekly maximum and minimum (formats.md §6); absent or null when not given. */
  weekly_temp_max_lower?: number | null;
  weekly_temp_max_upper?: number | null;
  weekly_temp_min_lower?: number | null;
  weekly_temp_min_upper?: number | null;
}

/**
 * Which forecast JMA had issued for a day by a time: `ForecastIssueIndex` of
 * @powercast/data-loaders (the latest issue at or before `issuedAt` with a temperature for the day).
 */
export interface ForecastLookup {
  forTargetDay(targetDate: string, issuedAt: string): IssuedForecast | null;
}

/**
 * One value TEPCO announced for a day with the stamp of its update (`TepcoDayAheadValue` of
 * @powercast/data-loaders): here the next day's peak supply capacity 翌日のピーク時供給力.
 */
export interface AnnouncedValue {
  targetDate: string;
  valueManKw: number;
  /** Time band of the peak as published, e.g. '13:00～14:00'. */
  band: string;
  /** The update stamp, ISO 8601 with offset. */
  stamp: string;
}

/**
 * TEPCO's announced supply capacity for a day as of a time: `SupplyCapacityIndex` of
 * @powercast/data-loaders (the announcement stamped before `issuedAt`, else null).
 */
export interface SupplyCapacityLookup {
  forTargetDay(targetDate: string, issuedAt: string): AnnouncedValue | null;
}

/** One day of TEPCO actuals by interval (hour 0 = 0:00–1:00); null = not measured (yet). */
export interface DemandDay {
  date: string;
  hourlyManKw: readonly (number | null)[];
  /** 288 five-minute values, needed only for a spec whose target is `peak_5min`. */
  fiveMinuteManKw?: readonly (number | null)[];
}

/** One JMA hourly temperature reading on JMA's day: hour 1..24, 24 being the reading at D+1 0:00. */
export interface TemperatureReading {
  date: string;
  hour: number;
  tempC: number | null;
}

/** Everything the issue-time builder may look at; it takes from each only what existed at the issue time. */
export interface AsOfSources {
  /** The daily table (data-loaders columns `date`, `peak_hourly`/`peak_5min`, `max_temp`, `min_temp`). */
  daily: ColumnTable;
  forecasts: ForecastLookup;
  /** JMA's `weatherCode.csv` rows. */
  weatherCodes: readonly WeatherCodeWords[];
  /** Intraday actuals (at least of the issue days): the partial day of the issue comes from here. */
  demand?: readonly DemandDay[];
  /** JMA hourly readings (at least of the issue days): the day in progress comes from here. */
  temperatures?: readonly TemperatureReading[];
  /** TEPCO's announced next-day peak supply capacity: provenance for the tight-supply outlook, never a feature. */
  supplyCapacity?: SupplyCapacityLookup;
}

/** The sources as arrays by calendar index (built once per sources object). */
export interface IndexedSources {
  forecasts: ForecastLookup;
  supplyCapacity: SupplyCapacityLookup | null;
  codes: Map<number, string>;
  /** First calendar index of the daily arrays. */
  first: number;
  peaks: Record<TargetColumn, Float64Array>;
  maxTemp: Float64Array;
  minTemp: Float64Array;
  demand: Map<number, DemandDay>;
  /** Readings of hour 1..24 (index 0 unused; NaN = missing) per calendar index. */
  temperatures: Map<number, Float64Array>;
}

const cache = new WeakMap<AsOfSources, IndexedSources>();

/** Index the sources (cached per object: treat a sources object as immutable once used). */
export function indexSources(sources: AsOfSources): IndexedSources {
  let indexed = cache.get(sources);
  if (!indexed) {
    indexed = buildIndex(sources);
    cache.set(sources, indexed);
  }
  return indexed;
}

const numberOrNaN = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : NaN);

function buildIndex(sources: AsOfSources): IndexedSources {
  const { daily } = sources;
  const names = new Set(daily.columnNames());
  for (const required of ['date', 'max_temp', 'min_temp']) {
    if (!names.has(required)) {
      throw new FeatureInputError(`daily.${required}`, undefined, undefined, 'a column of the daily table');
    }
  }
  const dates = daily.array('date') as unknown[];
  const rows = Int32Array.from(dates, (date, i) => calendarIndexOf(date, 'daily.date', i));
  const first = rows.length > 0 ? Math.min(...rows) : 0;
  const span = rows.length > 0 ? Math.max(...rows) - first + 1 : 0;
  const column = (name: string): Float64Array => {
    const out = new Float64Array(span).fill(NaN);
    if (!names.has(name)) return out;
    const values = daily.array(name) as unknown[];
    for (let i = 0; i < rows.length; i++) out[rows[i]! - first] = numberOrNaN(values[i]);
    return out;
  };
  const demand = new Map<number, DemandDay>();
  sources.demand?.forEach((day, i) => {
    if (day.hourlyManKw.length !== 24) {
      throw new FeatureInputError(`demand[${i}].hourlyManKw`, i, day.hourlyManKw.length, '24 hourly values');
    }
    demand.set(calendarIndexOf(day.date, `demand[${i}].date`), day);
  });
  const temperatures = new Map<number, Float64Array>();
  sources.temperatures?.forEach((reading, i) => {
    if (!Number.isInteger(reading.hour) || reading.hour < 1 || reading.hour > 24) {
      throw new FeatureInputError(`temperatures[${i}].hour`, i, reading.hour, "an hour 1..24 of JMA's day");
    }
    const day = calendarIndexOf(reading.date, `temperatures[${i}].date`);
    let hours = temperatures.get(day);
    if (!hours) {
      hours = new Float64Array(25).fill(NaN);
      temperatures.set(day, hours);
    }
    hours[reading.hour] = numberOrNaN(reading.tempC);
  });
  return {
    forecasts: sources.forecasts,
    supplyCapacity: sources.supplyCapacity ?? null,
    codes: weatherCodeMap(sources.weatherCodes),
    first,
    peaks: { peak_hourly: column('peak_hourly'), peak_5min: column('peak_5min') },
    maxTemp: column('max_temp'),
    minTemp: column('min_temp'),
    demand,
    temperatures,
  };
}

/** Day number of a calendar index (the calendar table starts at 1970-01-01 = day 0). */
export function dayNumberOf(calendarIndex: number): number {
  return calendarTable().firstDayNumber + calendarIndex;
}
