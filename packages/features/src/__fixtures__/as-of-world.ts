/**
 * A small hand-made world of inputs around one target day, as plain data (so tests can change
 * what lies after an issue time), and its AsOfSources for the issue-time feature builder.
 */
import * as aq from 'arquero';
import type { ForecastIssueRow } from '@powercast/data-loaders';
import type { AsOfSources, ForecastLookup } from '../as-of-sources.js';
import { isoDateFromDayNumber, parseIsoDate } from '../dates.js';

export interface WorldDay {
  date: string;
  peak_hourly: number | null;
  max_temp: number | null;
  min_temp: number | null;
  weather_day: string | null;
}

export interface World {
  target: string;
  daily: WorldDay[];
  demand: { date: string; hourlyManKw: (number | null)[] }[];
  temperatures: { date: string; hour: number; tempC: number | null }[];
  forecasts: ForecastIssueRow[];
}

export const WEATHER_CODES = [
  { code: 100, weatherJ: '晴' },
  { code: 101, weatherJ: '晴時々曇' },
  { code: 200, weatherJ: '曇' },
  { code: 300, weatherJ: '雨' },
];

export const addDays = (date: string, days: number): string => isoDateFromDayNumber(parseIsoDate(date)! + days);

/** A forecast-issue row with every field not given null. */
export function forecastRow(issuedAt: string, target: string, fields: Partial<ForecastIssueRow>): ForecastIssueRow {
  const issueDate = issuedAt.slice(0, 10);
  return {
    issued_at: issuedAt,
    issue_date: issueDate,
    target_date: target,
    lead_days: parseIsoDate(target)! - parseIsoDate(issueDate)!,
    weather_code: null,
    weather_text: null,
    pop_00: null,
    pop_06: null,
    pop_12: null,
    pop_18: null,
    temp_min: null,
    temp_max: null,
    weekly_weather_code: null,
    weekly_pop: null,
    weekly_reliability: null,
    weekly_temp_min: null,
    weekly_temp_min_lower: null,
    weekly_temp_min_upper: null,
    weekly_temp_max: null,
    weekly_temp_max_lower: null,
    weekly_temp_max_upper: null,
    ...fields,
  };
}

/** 70 days of history before `target` (and the target and the day after), smooth and deterministic. */
export function simpleWorld(target: string): World {
  const daily: WorldDay[] = [];
  for (let k = -70; k <= 1; k++) {
    const date = addDays(target, k);
    daily.push({ date, peak_hourly: 4000 + 10 * k, max_temp: 30 + (k % 3), min_temp: 22 + (k % 2), weather_day: '晴' });
  }
  const demand = [-3, -2, -1, 0].map((k) => ({
    date: addDays(target, k),
    hourlyManKw: Array.from({ length: 24 }, (_, hour) => 3000 + 50 * hour + 10 * k),
  }));
  const temperatures = [-3, -2, -1, 0].flatMap((k) =>
    Array.from({ length: 24 }, (_, i) => ({ date: addDays(target, k), hour: i + 1, tempC: 25 + Math.sin(i / 4) * 5 })),
  );
  const eve = `${addDays(target, -1)}T17:00:00+09:00`;
  return {
    target,
    daily,
    demand,
    temperatures,
    forecasts: [
      forecastRow(`${addDays(target, -2)}T17:00:00+09:00`, target, {
        weekly_weather_code: 200,
        weekly_temp_max: 28,
        weekly_temp_min: 21,
      }),
      forecastRow(eve, target, {
        weather_code: 101,
        weather_text: '晴れ　時々　くもり',
        pop_00: 10,
        pop_06: 20,
        pop_12: 30,
        pop_18: 0,
        temp_min: 24,
        temp_max: 33,
        weekly_weather_code: 101,
      }),
      forecastRow(`${target}T05:00:00+09:00`, target, { weather_code: 300, temp_max: 25 }),
    ],
  };
}

/** The world as the builder's sources; the lookup is data-loaders' ForecastIssueIndex. */
export function sourcesOf(world: World, index: (rows: ForecastIssueRow[]) => ForecastLookup): AsOfSources {
  return {
    daily: aq.table({
      date: world.daily.map((d) => d.date),
      peak_hourly: world.daily.map((d) => d.peak_hourly),
      max_temp: world.daily.map((d) => d.max_temp),
      min_temp: world.daily.map((d) => d.min_temp),
      weather_day: world.daily.map((d) => d.weather_day),
    }),
    forecasts: index(world.forecasts),
    weatherCodes: WEATHER_CODES,
    demand: world.demand,
    temperatures: world.temperatures,
  };
}
