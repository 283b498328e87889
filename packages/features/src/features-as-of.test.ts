import { describe, expect, it } from 'vitest';
import type { ForecastIssueRow } from '@powercast/data-loaders';
import { addDays, forecastRow, simpleWorld, sourcesOf, type World } from './__fixtures__/as-of-world.js';
import type { ForecastLookup } from './as-of-sources.js';
import { FeatureInputError } from './errors.js';
import { featuresAsOf, featureTableAsOf, FORECAST_FEATURES } from './features-as-of.js';
import { fitFeatureSpec } from './spec.js';
import { dailyTable, syntheticDays } from '../test/tables.js';

const { ForecastIssueIndex } = await import('@powercast/data-loaders');
const index = (rows: ForecastIssueRow[]): ForecastLookup => new ForecastIssueIndex(rows);

const TARGET = '2023-08-10';
const spec = fitFeatureSpec(dailyTable(syntheticDays('2022-01-01', 365)));
const feature = (values: Float64Array, name: string): number => values[spec.featureNames.indexOf(name)]!;
const forecastFeature = (values: Float64Array, name: (typeof FORECAST_FEATURES)[number]): number =>
  values[FORECAST_FEATURES.indexOf(name)]!;
const asOf = (world: World, issuedAt?: string) =>
  featuresAsOf({ target: world.target, ...(issuedAt ? { issuedAt } : {}), spec, sources: sourcesOf(world, index) });

describe('featuresAsOf at 18:00 JST the day before (the default)', () => {
  const world = simpleWorld(TARGET);
  const row = asOf(world);

  it("takes D's weather from the 17:00 issue: maximum, minimum and the code's category", () => {
    expect(row.issuedAt).toBe('2023-08-09T18:00:00+09:00');
    expect(feature(row.values, 'max_temp')).toBe(33);
    expect(feature(row.values, 'min_temp')).toBe(24);
    expect(row.weatherCategory).toBe('晴れ時々曇り');
    expect(feature(row.values, 'weather_category_晴れ時々曇り')).toBe(1);
    expect(row.provenance).toMatchObject({
      forecastIssuedAt: '2023-08-09T17:00:00+09:00',
      weatherCode: 101,
      weatherWords: '晴時々曇',
      weatherSource: 'code',
      temperatureSource: 'short-range',
    });
    expect(forecastFeature(row.forecastValues, 'pop_day')).toBe(30);
    expect(forecastFeature(row.forecastValues, 'lead_days')).toBe(1);
    expect(forecastFeature(row.forecastValues, 'forecast_age_hours')).toBe(1);
  });

  it("knows D-1's demand only for the hours 0:00–17:00 (18 hours): peak_lag1 is their maximum", () => {
    const previousDay = world.demand.find((day) => day.date === addDays(TARGET, -1))!;
    expect(feature(row.values, 'peak_lag1')).toBe(Math.max(...(previousDay.hourlyManKw.slice(0, 18) as number[])));
    expect(feature(row.values, 'peak_lag7')).toBe(world.daily.find((d) => d.date === addDays(TARGET, -7))!.peak_hourly);
    expect(row.provenance.partialDay).toEqual({
      date: addDays(TARGET, -1),
      demandIntervalsKnown: 18,
      temperatureReadingsKnown: 17,
    });
  });

  it("observes D-1's temperatures only up to the 17:00 reading; D-2 in full from the daily table", () => {
    const readings = world.temperatures.filter((r) => r.date === addDays(TARGET, -1) && r.hour <= 17);
    const values = readings.map((r) => r.tempC!);
    expect(feature(row.values, 'prev_max_temp')).toBe(Math.max(...values));
    expect(feature(row.values, 'prev_min_temp')).toBe(Math.min(...values));
    const d2 = world.daily.find((d) => d.date === addDays(TARGET, -2))!;
    const avg = (33 + 24) / 2;
    const prevAvg = (Math.max(...values) + Math.min(...values)) / 2;
    expect(feature(row.values, 'avg_3d')).toBeCloseTo((avg + prevAvg + (d2.max_temp! + d2.min_temp!) / 2) / 3, 12);
  });

  it('leaves the columns JMA does not forecast missing', () => {
    const withExtras = fitFeatureSpec(dailyTable(syntheticDays('2022-01-01', 60)), {
      extraWeatherColumns: ['sunshine_hours'],
    });
    const extra = featuresAsOf({ target: TARGET, spec: withExtras, sources: sourcesOf(world, index) });
    expect(extra.values[withExtras.featureNames.indexOf('sunshine_hours')]).toBeNaN();
  });

  it('is the row of the batch form', () => {
    const table = featureTableAsOf({ targets: [addDays(TARGET, -1), TARGET], spec, sources: sourcesOf(world, index) });
    const width = spec.featureNames.length;
    expect(Array.from(table.matrix.values.subarray(width, 2 * width))).toEqual(Array.from(row.values));
    expect(table.issuedAt).toEqual(['2023-08-08T18:00:00+09:00', '2023-08-09T18:00:00+09:00']);
    expect(table.provenance[1]).toEqual(row.provenance);
  });

  it("shifts JMA's forecast temperatures when asked (what-if rows), nothing observed", () => {
    const sources = sourcesOf(world, index);
    const shifted = featureTableAsOf({
      targets: [TARGET],
      spec,
      sources,
      forecastTemperatureShiftC: { max: 1.5, min: -0.5 },
    }).matrix.values;
    expect(feature(shifted, 'max_temp')).toBe(34.5);
    expect(feature(shifted, 'min_temp')).toBe(23.5);
    expect(feature(shifted, 'avg')).toBe((34.5 + 23.5) / 2);
    for (const observed of ['prev_max_temp', 'prev_min_temp', 'peak_lag1'])
      expect(feature(shifted, observed)).toBe(feature(row.values, observed));
  });
});

describe('featuresAsOf at other issue times', () => {
  const world = simpleWorld(TARGET);

  it('two days ahead: D-1 is unknown, so the lags of D-1 go missing and the weekly forecast gives the weather', () => {
    const row = asOf(world, '2023-08-08T18:00:00+09:00');
    expect(row.provenance).toMatchObject({
      forecastIssuedAt: '2023-08-08T17:00:00+09:00',
      temperatureSource: 'weekly',
      weatherWords: '曇',
    });
    expect(feature(row.values, 'max_temp')).toBe(28);
    expect(feature(row.values, 'peak_lag1')).toBeNaN();
    expect(row.hasRecentDemand).toBe(false);
    // D-1 not observed yet: the previous-day temperatures fall back to the target's forecast ("no change").
    expect(feature(row.values, 'prev_max_temp')).toBe(28);
  });

  it('given in another offset, the same moment gives the same row', () => {
    expect(asOf(world, '2023-08-09T09:00:00Z').values).toEqual(asOf(world).values);
  });

  it('after midnight, D-1 is complete: its daily peak and official temperatures are used', () => {
    const row = asOf(world, '2023-08-10T01:30:00+09:00');
    const d1 = world.daily.find((d) => d.date === addDays(TARGET, -1))!;
    expect(feature(row.values, 'peak_lag1')).toBe(d1.peak_hourly);
    expect(feature(row.values, 'prev_max_temp')).toBe(d1.max_temp);
    expect(row.provenance.partialDay).toBeNull();
  });

  it('before any issue: no forecast, missing temperatures and 不明', () => {
    const row = asOf({ ...world, forecasts: [] });
    expect(feature(row.values, 'max_temp')).toBeNaN();
    expect(row.weatherCategory).toBe('不明');
    expect(row.provenance).toMatchObject({ forecastIssuedAt: null, weatherSource: 'none', temperatureSource: 'none' });
  });

  it("categorises the phrasing when the code is not in JMA's table", () => {
    const forecasts = [
      forecastRow('2023-08-09T17:00:00+09:00', TARGET, {
        weather_code: 999,
        weather_text: 'くもり　一時　雨',
        temp_max: 29,
      }),
    ];
    const row = asOf({ ...world, forecasts });
    expect(row.weatherCategory).toBe('曇り時々雨');
    expect(row.provenance).toMatchObject({ weatherSource: 'phrase', weatherWords: 'くもり　一時　雨' });
  });
});

describe('featuresAsOf refuses', () => {
  const world = simpleWorld(TARGET);

  it('an issue time after the target day (that is a backcast)', () => {
    expect(() => asOf(world, '2023-08-11T00:00:00+09:00')).toThrow(FeatureInputError);
    expect(() => asOf(world, '2023-08-11T00:00:00+09:00')).toThrow(/a time before the end of 2023-08-10/);
  });

  it('an issue time without offset', () => {
    expect(() => asOf(world, '2023-08-09 18:00')).toThrow(/ISO 8601 time with offset/);
  });

  it('a forecast lookup that answers with a later issue', () => {
    const leaky: ForecastLookup = { forTargetDay: () => world.forecasts[2]! };
    expect(() =>
      featuresAsOf({ target: TARGET, spec, sources: { ...sourcesOf(world, index), forecasts: leaky } }),
    ).toThrow(/expected a forecast for 2023-08-10 issued at or before 2023-08-09T18:00:00\+09:00/);
  });
});
