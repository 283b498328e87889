import { beforeAll, describe, expect, it } from 'vitest';
import {
  ForecastIssueIndex,
  loadAsOfInputs,
  loadDailyDataset,
  loadJmaForecasts,
  loadTepcoNightBefore,
  type DailyDataset,
  type JmaForecastDataset,
  type TepcoNightBeforeSeries,
} from '../src/index.js';

const dataDir = process.env.POWERCAST_DATA_DIR;
if (!dataDir) console.warn('[data-loaders] POWERCAST_DATA_DIR is not set: the real forecast tests are skipped');

/** JMA issues per report month, counted independently from the raw archive files (distinct reportDatetime). */
const ISSUES_PER_MONTH: Record<string, number> = {
  '2021-11': 81,
  '2021-12': 96,
  '2022-01': 95,
  '2022-02': 87,
  '2022-03': 95,
  '2022-04': 97,
  '2022-05': 98,
  '2022-06': 94,
  '2022-07': 100,
  '2022-08': 99,
  '2022-09': 95,
  '2022-10': 95,
  '2022-11': 96,
  '2022-12': 97,
  '2023-01': 94,
  '2023-02': 89,
  '2023-03': 100,
  '2023-04': 94,
  '2023-05': 95,
  '2023-06': 90,
  '2023-07': 99,
  '2023-08': 99,
  '2023-09': 92,
  '2023-10': 109,
  '2023-11': 99,
  '2023-12': 108,
};

const addDay = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!dataDir)('real JMA forecasts and TEPCO night-before values in POWERCAST_DATA_DIR', () => {
  let forecasts: JmaForecastDataset;
  let daily: DailyDataset;
  let nightBefore: TepcoNightBeforeSeries;
  let observed: Map<string, { peak: number; maxTemp: number | null }>;

  beforeAll(async () => {
    [forecasts, daily, nightBefore] = await Promise.all([
      loadJmaForecasts({ source: dataDir! }),
      loadDailyDataset({ source: dataDir! }),
      loadTepcoNightBefore({ source: dataDir! }),
    ]);
    observed = new Map(
      (daily.table.objects() as { date: string; peak_hourly: number; max_temp: number | null }[]).map((row) => [
        row.date,
        { peak: row.peak_hourly, maxTemp: row.max_temp },
      ]),
    );
  });

  it('holds 2,493 issues 2021-11-04 17:00 .. 2023-12-31 17:00, as many per month as the raw files', () => {
    expect(forecasts.report).toMatchObject({
      issueCount: 2493,
      firstIssuedAt: '2021-11-04T17:00:00+09:00',
      lastIssuedAt: '2023-12-31T17:00:00+09:00',
    });
    const perMonth: Record<string, Set<string>> = {};
    for (const row of forecasts.rows) (perMonth[row.issued_at.slice(0, 7)] ??= new Set()).add(row.issued_at);
    expect(Object.fromEntries(Object.entries(perMonth).map(([month, issues]) => [month, issues.size]))).toEqual(
      ISSUES_PER_MONTH,
    );
    const shortRange = new Set(forecasts.rows.filter((row) => row.weather_text !== null).map((row) => row.issued_at));
    expect(shortRange.size).toBe(2401);
    expect(forecasts.weatherCodes).toHaveLength(118);
    const known = new Set(forecasts.weatherCodes.map((code) => code.code));
    expect(forecasts.rows.every((row) => row.weather_code === null || known.has(row.weather_code))).toBe(true);
  });

  it('has an evening short-range issue on D-1 for every day but 2022-09-27 and 2022-10-28, which fall back to 11:00', () => {
    const evening = new Set(
      forecasts.rows
        .filter(
          (row) =>
            row.weather_text !== null && row.issued_at.slice(11, 13) >= '17' && row.issued_at.slice(11, 13) <= '20',
        )
        .map((row) => row.issue_date),
    );
    const missing: string[] = [];
    for (let day = '2021-11-05'; day <= '2023-12-31'; day = addDay(day, 1)) {
      if (!evening.has(addDay(day, -1))) missing.push(day);
    }
    expect(missing).toEqual(['2022-09-27', '2022-10-28']);
    const index = new ForecastIssueIndex(forecasts.rows);
    expect(index.forTargetDay('2022-09-27', '2022-09-26T18:00:00+09:00')?.issued_at).toBe('2022-09-26T11:00:00+09:00');
    expect(index.forTargetDay('2022-10-28', '2022-10-27T18:00:00+09:00')?.issued_at).toBe('2022-10-27T11:00:00+09:00');
  });

  it("misses the observed maximum by 1.13 ℃ (2022) and 1.01 ℃ (2023) on average with D-1 18:00's forecast", () => {
    const index = new ForecastIssueIndex(forecasts.table);
    for (const [year, expected] of [
      ['2022', 1.1268],
      ['2023', 1.0063],
    ] as const) {
      let sum = 0;
      let days = 0;
      for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addDay(day, 1)) {
        const forecast = index.forTargetDay(day, `${addDay(day, -1)}T18:00:00+09:00`)!;
        sum += Math.abs((forecast.temp_max ?? forecast.weekly_temp_max)! - observed.get(day)!.maxTemp!);
        days++;
      }
      expect(days).toBe(365);
      expect(sum / days).toBeCloseTo(expected, 4);
    }
  });

  it("gives TEPCO's night-before forecast for 244 days 2022-04-02..2022-12-01, MAPE 2.57 % against the hourly peak", () => {
    const { forecasts: values, supply } = nightBefore;
    expect(values).toHaveLength(244);
    expect([values[0]!.targetDate, values.at(-1)!.targetDate]).toEqual(['2022-04-02', '2022-12-01']);
    const mape =
      (values.reduce((sum, value) => {
        const peak = observed.get(value.targetDate)!.peak;
        return sum + Math.abs(value.valueManKw - peak) / peak;
      }, 0) /
        values.length) *
      100;
    expect(mape).toBeCloseTo(2.5738, 4);
    expect(supply.map((value) => value.targetDate)).toEqual(values.map((value) => value.targetDate));
    // Stamped late at night (23:xx on D-1 or 0:xx on D): after an 18:00 issue time.
    const hours = values.map((value) => value.stamp.slice(11, 13));
    expect(hours.filter((hour) => hour === '23')).toHaveLength(134);
    expect(hours.filter((hour) => hour === '00')).toHaveLength(110);
  });

  it('keeps the forecast files out of the daily table without a warning', () => {
    expect(daily.report.warnings.filter((warning) => warning.file.startsWith('jma/forecast/'))).toEqual([]);
    expect(
      daily.report.ignoredFiles.filter((file) => file.startsWith('jma/forecast/') && file.endsWith('.csv')),
    ).toHaveLength(27);
  });

  it('reads every as-of input of the folder in one call, equal to the single loaders', async () => {
    const inputs = await loadAsOfInputs({ source: dataDir! });
    expect(inputs.daily.numRows()).toBe(daily.table.numRows());
    expect(inputs.forecastDataset?.report.issueCount).toBe(2493);
    expect(inputs.weatherCodes.length).toBeGreaterThan(100);
    expect(inputs.tepcoNightBefore?.forecasts).toEqual(nightBefore.forecasts);
    expect(inputs.forecasts.forTargetDay('2022-09-27', '2022-09-26T18:00:00+09:00')?.issued_at).toBe(
      '2022-09-26T11:00:00+09:00',
    );
    // Yearly TEPCO files 2016-04..2023-12 (one day each) and JMA hourly readings 2016..2023 (24 a day).
    expect(inputs.demand).toHaveLength(daily.table.numRows());
    expect(inputs.demand.every((day) => day.hourlyManKw.length === 24)).toBe(true);
    expect(inputs.temperatures.length).toBe(24 * (365 * 6 + 366 * 2));
  });
});
