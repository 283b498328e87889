import { calendarIndexOf } from './calendar.js';
import type { DailyInputs, WeatherObservation } from './inputs.js';

/** Temperatures of the two days before each row, after the fallbacks below. */
export interface PreviousWeather {
  prevMaxTemp: Float64Array;
  prevMinTemp: Float64Array;
  /** Average temperature two days before. */
  prev2Avg: Float64Array;
}

type TemperaturesByDay = Map<number, { maxTemp: number; minTemp: number }>;

const historyCache = new WeakMap<readonly WeatherObservation[], TemperaturesByDay>();

function indexWeatherHistory(history: readonly WeatherObservation[]): TemperaturesByDay {
  let byDay = historyCache.get(history);
  if (!byDay) {
    byDay = new Map();
    history.forEach((o, i) => {
      byDay!.set(calendarIndexOf(o.date, `weatherHistory[${i}].date`), {
        maxTemp: typeof o.max_temp === 'number' ? o.max_temp : NaN,
        minTemp: typeof o.min_temp === 'number' ? o.min_temp : NaN,
      });
    });
    historyCache.set(history, byDay);
  }
  return byDay;
}

/**
 * Find the weather of D-1 and D-2 for every row: first among the rows themselves (the table, or
 * the other records of the same request), then in `weatherHistory`. A day that is not found, or
 * lacks a temperature, falls back to the next later day (D-1 → D itself, D-2 → D-1), i.e. the
 * dynamics features then say "no change" rather than going missing at serving time.
 */
export function resolvePreviousWeather(
  inputs: DailyInputs,
  weatherHistory?: readonly WeatherObservation[],
): PreviousWeather {
  const { n, calendarIndex, maxTemp, minTemp } = inputs;
  const history = weatherHistory && weatherHistory.length > 0 ? indexWeatherHistory(weatherHistory) : undefined;
  let rowsByDay: Map<number, number> | undefined;
  const rowOf = (day: number, near: number): number => {
    // Sorted consecutive input is the common case: look one and two rows back before searching.
    if (near >= 0 && calendarIndex[near] === day) return near;
    if (near >= 1 && calendarIndex[near - 1] === day) return near - 1;
    if (n <= 16) return calendarIndex.indexOf(day);
    if (!rowsByDay) {
      rowsByDay = new Map();
      for (let i = 0; i < n; i++) rowsByDay.set(calendarIndex[i], i);
    }
    return rowsByDay.get(day) ?? -1;
  };
  const lookup = (day: number, near: number, out: [number, number]): boolean => {
    const row = rowOf(day, near);
    if (row >= 0 && maxTemp[row] === maxTemp[row] && minTemp[row] === minTemp[row]) {
      out[0] = maxTemp[row];
      out[1] = minTemp[row];
      return true;
    }
    const seen = history?.get(day);
    if (seen && seen.maxTemp === seen.maxTemp && seen.minTemp === seen.minTemp) {
      out[0] = seen.maxTemp;
      out[1] = seen.minTemp;
      return true;
    }
    return false;
  };
  const prevMaxTemp = new Float64Array(n);
  const prevMinTemp = new Float64Array(n);
  const prev2Avg = new Float64Array(n);
  const found: [number, number] = [NaN, NaN];
  for (let i = 0; i < n; i++) {
    const day = calendarIndex[i];
    let max = maxTemp[i];
    let min = minTemp[i];
    if (lookup(day - 1, i - 1, found)) [max, min] = found;
    prevMaxTemp[i] = max;
    prevMinTemp[i] = min;
    if (lookup(day - 2, i - 2, found)) [max, min] = found;
    prev2Avg[i] = (max + min) / 2;
  }
  return { prevMaxTemp, prevMinTemp, prev2Avg };
}
