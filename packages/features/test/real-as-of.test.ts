import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JmaForecastDataset } from '@powercast/data-loaders';
import {
  featureTableAsOf,
  fitFeatureSpec,
  splitByDate,
  transform,
  transformRecords,
  type AsOfSources,
  type DemandDay,
  type FeatureSpec,
  type ForecastLookup,
  type TemperatureReading,
  type WeatherCodeWords,
} from '../src/index.js';
import { dataDir, warnIfNoData } from './real-data.js';

warnIfNoData('real-as-of');

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.from(a).every((value, i) => Object.is(value, b[i]));

describe.skipIf(!dataDir)('the issue-time builder on the real data (2023, as of 18:00 the day before)', () => {
  let table: ColumnTable;
  let forecasts: JmaForecastDataset;
  let lookup: ForecastLookup;
  let demand: DemandDay[];
  let temperatures: TemperatureReading[];
  let spec: FeatureSpec;
  let targets: string[];
  const sources = (): AsOfSources => ({
    daily: table,
    forecasts: lookup,
    weatherCodes: forecasts.weatherCodes,
    demand,
    temperatures,
  });

  beforeAll(async () => {
    const loaders = await import('@powercast/data-loaders');
    const readers = await import('@powercast/data-loaders/readers');
    const [dataset, loaded] = await Promise.all([
      loaders.loadDailyDataset({ source: dataDir! }),
      loaders.loadJmaForecasts({ source: dataDir! }),
    ]);
    table = dataset.table;
    forecasts = loaded;
    // These assignments are the contract: data-loaders' outputs fit the builder's input types.
    lookup = new loaders.ForecastIssueIndex(loaded.table);
    const codes: readonly WeatherCodeWords[] = loaded.weatherCodes;
    expect(codes).toHaveLength(118);
    demand = [];
    temperatures = [];
    for (const year of [2022, 2023]) {
      const yearly = readers.readTepcoYearlyFile(await readFile(join(dataDir!, `tepco/yearly/juyo-${year}.csv`)), {
        file: `juyo-${year}.csv`,
      });
      demand.push(...yearly.days);
      const hourly = readers.readJmaHourlyFile(await readFile(join(dataDir!, `jma/hourly/temperature-${year}.csv`)), {
        file: `temperature-${year}.csv`,
      });
      temperatures.push(...hourly.readings);
    }
    spec = fitFeatureSpec(splitByDate(table, { splitDate: '2023-01-01' }).train);
    targets = (table.array('date') as string[]).filter((date) => date >= '2023-01-01');
  });

  it('builds the 365 rows of 2023 in well under a second (indexing included)', () => {
    const start = performance.now();
    const { matrix } = featureTableAsOf({ targets, spec, sources: sources() });
    const elapsed = performance.now() - start;
    console.log(`[real-as-of] 2023 ex-ante feature table: ${matrix.nRows} rows in ${elapsed.toFixed(0)} ms`);
    expect(matrix.nRows).toBe(365);
    expect(elapsed).toBeLessThan(1000);
  });

  it('keeps the backcast layout: calendar and peak_lag7 identical, peak_lag1 only the hours to 17:00', () => {
    const exAnte = featureTableAsOf({ targets, spec, sources: sources() }).matrix;
    const back = transform(table, spec);
    const offset = back.dates.indexOf('2023-01-01');
    const width = spec.featureNames.length;
    const column = (matrix: typeof back, name: string, first: number): number[] =>
      targets.map((_, r) => matrix.values[(first + r) * width + spec.featureNames.indexOf(name)]!);
    for (const name of ['year', 'month', 'dow', 'holiday', 'day_off', 'days_off_run', 'doy_sin', 'peak_lag7']) {
      expect(sameBits(column(exAnte, name, 0), column(back, name, offset)), name).toBe(true);
    }
    const lag1 = column(exAnte, 'peak_lag1', 0);
    const fullLag1 = column(back, 'peak_lag1', offset);
    expect(lag1.every((value, r) => value <= fullLag1[r]!)).toBe(true);
    // Equal exactly on the days whose previous day peaked in an hour that ended by 18:00.
    const peakHour = new Map(
      (table.objects() as { date: string; peak_hour: number }[]).map((row) => [row.date, row.peak_hour]),
    );
    const earlyPeak = targets.map((target) => peakHour.get(addDays(target, -1))! <= 17);
    expect(lag1.map((value, r) => value === fullLag1[r])).toEqual(earlyPeak);
    console.log(
      `[real-as-of] 2023: D-1's peak after 18:00 on ${earlyPeak.filter((early) => !early).length} days; peak_lag1 then ` +
        `${(lag1.reduce((sum, value, r) => sum + fullLag1[r]! - value, 0) / earlyPeak.filter((early) => !early).length).toFixed(1)} 万kW lower on average`,
    );
  });

  it('after midnight gives exactly the backcast vector of a request carrying the forecast weather', () => {
    const issuedAt = (target: string): string => `${target}T01:30:00+09:00`;
    const exAnte = featureTableAsOf({ targets, issuedAt, spec, sources: sources() });
    const rows = table.objects() as { date: string; peak_hourly: number; max_temp: number; min_temp: number }[];
    const history = rows.map((row) => ({ date: row.date, peak: row.peak_hourly }));
    const weatherHistory = rows.map((row) => ({ date: row.date, max_temp: row.max_temp, min_temp: row.min_temp }));
    const width = spec.featureNames.length;
    const differing = targets.filter((target, r) => {
      const forecast = lookup.forTargetDay(target, issuedAt(target))!;
      const record = {
        date: target,
        max_temp: (forecast.temp_max ?? forecast.weekly_temp_max)!,
        min_temp: (forecast.temp_min ?? forecast.weekly_temp_min)!,
        weather: exAnte.provenance[r]!.weatherWords,
      };
      const backcast = transformRecords([record], spec, { history, weatherHistory });
      return !sameBits(backcast.values, exAnte.matrix.values.subarray(r * width, (r + 1) * width));
    });
    expect(differing).toEqual([]);
  });

  it("misses the observed maximum by 1.01 ℃ on average with JMA's forecast of 18:00 the day before", () => {
    const { matrix, provenance } = featureTableAsOf({ targets, spec, sources: sources() });
    const observed = new Map(
      (table.objects() as { date: string; max_temp: number }[]).map((row) => [row.date, row.max_temp]),
    );
    const column = spec.featureNames.indexOf('max_temp');
    const width = spec.featureNames.length;
    const mae =
      targets.reduce(
        (sum, target, r) => sum + Math.abs(matrix.values[r * width + column]! - observed.get(target)!),
        0,
      ) / targets.length;
    expect(mae).toBeCloseTo(1.0063, 4);
    expect(provenance.every((row) => row.weatherSource === 'code' && row.temperatureSource === 'short-range')).toBe(
      true,
    );
    const notEvening = provenance.filter(
      (row, r) => row.forecastIssuedAt !== `${addDays(targets[r]!, -1)}T17:00:00+09:00`,
    );
    console.log(`[real-as-of] 2023: ${notEvening.length} days use another issue than 17:00 on D-1`);
  });
});
