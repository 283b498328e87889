import { from, type ColumnTable } from 'arquero';
import { describe, expect, it } from 'vitest';
import { ForecastIssueIndex, type ForecastIssueRow } from '@powercast/data-loaders';
import { UserInputError } from '@powercast/contracts';
import type { AsOfSources } from '@powercast/features';
import { forecastLookupOf, syntheticAsOfWorld } from '../__fixtures__/as-of-sources.js';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { createRng } from '../tree/rng.js';
import {
  AsOfTimeError,
  forecastAsOf,
  MissingForecastIssueError,
  StaleForecastError,
  type AsOfForecast,
} from './forecast-as-of.js';
import { ForecastModel } from './forecast-model.js';

const table = syntheticDailyTable({ from: '2020-01-01', days: 800, seed: 21 });
const world = syntheticAsOfWorld(table, 5, '2021-12-01');
const train = table.filter(`d => d.date <= '2021-12-31'`);
const model = ForecastModel.train(train, { hyperparameters: { nEstimators: 40, learningRate: 0.15, maxDepth: 4 } });

const HOUR_MS = 3_600_000;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * HOUR_MS).toISOString().slice(0, 10);

/**
 * JMA-like issues at 05:00, 11:00 and 17:00 JST from 2022-01-01: the short-range forecast of the
 * next day (the observed max/min plus an error), the weekly one of the six days after (issues of
 * 11:00 and 17:00 only, as JMA's weekly forecast).
 */
function jmaIssues(seed: number): ForecastIssueRow[] {
  const random = createRng(seed);
  const observed = new Map(
    (table.objects() as { date: string; max_temp: number; min_temp: number }[]).map((row) => [row.date, row]),
  );
  const rows: ForecastIssueRow[] = [];
  for (let day = '2022-01-01'; day <= '2022-02-20'; day = addDays(day, 1)) {
    for (const hour of ['05', '11', '17']) {
      const issuedAt = `${day}T${hour}:00:00+09:00`;
      const lastLead = hour === '05' ? 1 : 7;
      for (let lead = 1; lead <= lastLead; lead++) {
        const target = addDays(day, lead);
        const truth = observed.get(target);
        if (!truth) continue;
        const error = lead * (random() - 0.5);
        const max = Math.round((truth.max_temp + error) * 10) / 10;
        const min = Math.round((truth.min_temp + error) * 10) / 10;
        const shortRange = lead === 1;
        rows.push({
          issued_at: issuedAt,
          issue_date: day,
          target_date: target,
          lead_days: lead,
          weather_code: shortRange ? 100 : null,
          weather_text: shortRange ? (random() < 0.5 ? '晴れ' : 'くもり') : null,
          pop_00: shortRange ? 10 : null,
          pop_06: shortRange ? 20 : null,
          pop_12: shortRange ? 20 : null,
          pop_18: shortRange ? 10 : null,
          temp_min: shortRange ? min : null,
          temp_max: shortRange ? max : null,
          weekly_weather_code: shortRange ? null : random() < 0.5 ? 100 : 200,
          weekly_pop: shortRange ? null : 30,
          weekly_reliability: null,
          weekly_temp_min: shortRange ? null : min,
          weekly_temp_min_upper: null,
          weekly_temp_min_lower: null,
          weekly_temp_max: shortRange ? null : max,
          weekly_temp_max_upper: null,
          weekly_temp_max_lower: null,
        } as ForecastIssueRow);
      }
    }
  }
  return rows;
}

const issues = jmaIssues(9);
const sources: AsOfSources = { ...world.sources, forecasts: new ForecastIssueIndex(issues) };
const AS_OF = '2022-01-20T18:00+09:00';

/** Every input stamped after `asOf` replaced by noise: later days and hours, later JMA issues. */
function corruptedAfter(asOf: string, seed: number): AsOfSources {
  const random = createRng(seed);
  const noise = (value: number, scale: number): number => Math.round((value + scale * (random() - 0.5)) * 10) / 10;
  const cut = Date.parse(asOf);
  const cutDay = new Date(cut + 9 * HOUR_MS).toISOString().slice(0, 10);
  const jst = new Date(cut + 9 * HOUR_MS);
  const cutMinute = jst.getUTCHours() * 60 + jst.getUTCMinutes();
  const daily = (world.sources.daily.objects() as Record<string, unknown>[]).map((row) =>
    (row.date as string) >= cutDay
      ? {
          ...row,
          peak_hourly: noise(row.peak_hourly as number, 4000),
          peak_5min: noise(row.peak_5min as number, 4000),
          max_temp: noise(row.max_temp as number, 30),
          min_temp: noise(row.min_temp as number, 30),
          weather_day: random() < 0.5 ? '雨' : '快晴',
        }
      : row,
  );
  const demand = (world.sources.demand ?? []).map((day) => ({
    ...day,
    hourlyManKw: day.hourlyManKw.map((value, hour) =>
      day.date > cutDay || (day.date === cutDay && (hour + 1) * 60 > cutMinute) ? noise(value ?? 0, 4000) : value,
    ),
  }));
  const temperatures = (world.sources.temperatures ?? []).map((reading) =>
    reading.date > cutDay || (reading.date === cutDay && reading.hour * 60 >= cutMinute)
      ? { ...reading, tempC: noise(reading.tempC ?? 0, 30) }
      : reading,
  );
  const later = (row: ForecastIssueRow): ForecastIssueRow => ({
    ...row,
    temp_max: row.temp_max === null ? null : noise(row.temp_max, 30),
    weekly_temp_max: row.weekly_temp_max === null ? null : noise(row.weekly_temp_max, 30),
    weather_text: row.weather_text === null ? null : '雨',
  });
  return {
    daily: from(daily) as ColumnTable,
    forecasts: new ForecastIssueIndex(issues.map((row) => (Date.parse(row.issued_at) > cut ? later(row) : row))),
    weatherCodes: [],
    demand,
    temperatures,
  };
}

const peaks = (forecast: AsOfForecast): number[] => forecast.days.map((day) => day.peakManKw);

describe('forecastAsOf', () => {
  const forecast = forecastAsOf({ model, sources, asOf: AS_OF, forecastSource: 'test issues' });

  it('forecasts D+1 from the short-range forecast and D+2..D+7 from the weekly one, flagged', () => {
    expect(forecast.asOf).toBe('2022-01-20T18:00:00+09:00');
    expect(forecast.latestIssueAt).toBe('2022-01-20T17:00:00+09:00');
    expect(forecast.trainedWindow).toEqual(model.trainingWindow);
    expect(forecast.days.map((day) => [day.date, day.leadDays, day.temperatureSource, day.lowerAccuracy])).toEqual([
      ['2022-01-21', 1, 'short-range', false],
      ...[2, 3, 4, 5, 6, 7].map((lead) => [addDays('2022-01-20', lead), lead, 'weekly', true]),
    ]);
    expect(forecast.days.every((day) => day.jmaIssuedAt === '2022-01-20T17:00:00+09:00')).toBe(true);
    expect(forecast.days[0]!.variant).toBe('with-history');
    expect(forecast.days.slice(1).every((day) => day.variant === 'weather-calendar')).toBe(true);
    expect(forecast.days.every((day) => Number.isFinite(day.peakManKw) && day.peakManKw > 1000)).toBe(true);
  });

  it('gives tomorrow the answer the model gives the same as-of row', () => {
    const honest = forecastAsOf({ model, sources, asOf: '2022-01-20T09:00:00Z' });
    expect(honest.asOf).toBe(forecast.asOf);
    expect(peaks(honest)).toEqual(peaks(forecast));
  });

  it('changes no answer when every input stamped after the as-of is corrupted', () => {
    for (const [i, asOf] of ['2022-01-20T18:00+09:00', '2022-02-01T17:30+09:00', '2022-02-10T12:00+09:00'].entries()) {
      const again = forecastAsOf({ model, sources: corruptedAfter(asOf, 40 + i), asOf });
      expect(peaks(again), asOf).toEqual(peaks(forecastAsOf({ model, sources, asOf })));
      // The corruption reaches the answer once the as-of moves past it.
      const later = new Date(Date.parse(asOf) + 30 * HOUR_MS).toISOString().replace('.000Z', 'Z');
      expect(peaks(forecastAsOf({ model, sources: corruptedAfter(asOf, 40 + i), asOf: later }))).not.toEqual(
        peaks(forecastAsOf({ model, sources, asOf: later })),
      );
    }
  });

  it('changes tomorrow when the demand so far or the latest issue changes', () => {
    const demand = world.sources.demand!.map((day) =>
      day.date === '2022-01-20'
        ? { ...day, hourlyManKw: day.hourlyManKw.map((value, hour) => (hour < 17 ? value! * 1.15 : value)) }
        : day,
    );
    expect(peaks(forecastAsOf({ model, sources: { ...sources, demand }, asOf: AS_OF }))[0]).not.toBe(
      peaks(forecast)[0],
    );
    const warmer = issues.map((row) =>
      row.issued_at === '2022-01-20T17:00:00+09:00' && row.temp_max !== null
        ? { ...row, temp_max: row.temp_max + 10 }
        : row,
    );
    const warm = forecastAsOf({
      model,
      sources: { ...sources, forecasts: new ForecastIssueIndex(warmer) },
      asOf: AS_OF,
    });
    expect(peaks(warm)[0]).not.toBe(peaks(forecast)[0]);
  });

  it('refuses an issue more than 36 h older than the as-of, naming the source, the issue and the as-of', () => {
    const run = (): unknown =>
      forecastAsOf({ model, sources, asOf: '2022-02-22T06:00+09:00', forecastSource: 'live.json' });
    expect(run).toThrow(StaleForecastError);
    expect(run).toThrow(
      /^live\.json: the latest JMA issue at or before 2022-02-22T06:00:00\+09:00 is 2022-02-20T17:00:00\+09:00, 37\.0 h earlier/,
    );
    // 36 h exactly is still fresh.
    expect(forecastAsOf({ model, sources, asOf: '2022-02-22T05:00+09:00' }).latestIssueAt).toBe(
      '2022-02-20T17:00:00+09:00',
    );
  });

  it('fails clearly when no issue exists at the as-of', () => {
    const run = (): unknown => forecastAsOf({ model, sources, asOf: '2021-12-31T18:00+09:00', forecastSource: 'x' });
    expect(run).toThrow(MissingForecastIssueError);
    expect(run).toThrow(/^x: no JMA forecast issue at or before 2021-12-31T18:00:00\+09:00/);
  });

  it('derives the latest issue from the rows used when the lookup has no timeline', () => {
    const plain = { ...world.sources, forecasts: forecastLookupOf(world.issues) };
    const answer = forecastAsOf({ model, sources: plain, asOf: '2022-01-20T18:00+09:00' });
    expect(answer.latestIssueAt).toBe('2022-01-20T17:00:00+09:00');
    expect(answer.days.map((day) => day.leadDays)).toEqual([1, 2]);
    expect(() => forecastAsOf({ model, sources: plain, asOf: '2030-01-01T18:00+09:00' })).toThrow(
      MissingForecastIssueError,
    );
  });

  it('refuses an as-of without an offset, as a user-input error', () => {
    const run = (): unknown => forecastAsOf({ model, sources, asOf: '2022-01-20 18:00' });
    expect(run).toThrow(AsOfTimeError);
    expect(run).toThrow(UserInputError);
  });
});
