import { describe, expect, it } from 'vitest';
import type { ForecastRecord } from './inputs.js';
import { fitFeatureSpec, parseFeatureSpec } from './spec.js';
import { transform, transformRecords } from './transform.js';
import { FeatureConfigError, FeatureInputError } from './errors.js';
import { dailyTable, matrixRow, syntheticDays } from '../test/tables.js';

const days = syntheticDays('2023-01-01', 120);
const table = dailyTable(days);
const records: ForecastRecord[] = days.map((d) => ({
  date: d.date,
  max_temp: d.max_temp!,
  min_temp: d.min_temp!,
  weather: d.weather_day,
}));
const history = days.map((d) => ({ date: d.date, peak: d.peak_hourly! }));

function column(matrix: { featureNames: string[]; values: Float64Array; nRows: number }, name: string): number[] {
  const j = matrix.featureNames.indexOf(name);
  expect(j, `column ${name}`).toBeGreaterThanOrEqual(0);
  return Array.from({ length: matrix.nRows }, (_, r) => matrix.values[r * matrix.featureNames.length + j]);
}

describe('fitFeatureSpec', () => {
  it('defaults to the extended set with a One-Hot weather encoder fitted on the training rows only', () => {
    const spec = fitFeatureSpec(dailyTable(days.slice(0, 3))); // 晴, 曇, 晴後曇
    expect(spec.config.featureSet).toBe('extended');
    expect(spec.encoders).toEqual([
      { name: 'One-Hot', column: 'weather_category', categories: ['晴れ', '晴れ時々曇り', '曇り'] },
    ]);
    expect(spec.featureNames.filter((n) => n.startsWith('weather_category_'))).toEqual([
      'weather_category_晴れ',
      'weather_category_晴れ時々曇り',
      'weather_category_曇り',
    ]);
    expect(spec.recentDemandFeatureNames).toEqual(['peak_lag1', 'peak_lag7', 'peak_mean_28wd']);
    expect(spec.featureNames).toEqual([...spec.weatherCalendarFeatureNames, ...spec.recentDemandFeatureNames]);
  });

  it('gives the reference set exactly the reference columns and no lags', () => {
    const spec = fitFeatureSpec(table, { featureSet: 'reference' });
    expect(spec.featureNames.slice(0, 18)).toEqual([
      'max_temp',
      'min_temp',
      'avg',
      'rng',
      'cdd',
      'hdd',
      'hot',
      'cold',
      'year',
      'month',
      'day',
      'dow',
      'dow_sin',
      'dow_cos',
      'mon_sin',
      'mon_cos',
      'weekend',
      'holiday',
    ]);
    expect(spec.featureNames.slice(18).every((n) => n.startsWith('weather_category_'))).toBe(true);
    expect(spec.recentDemandFeatureNames).toEqual([]);
    expect(transform(table, spec).hasRecentDemand.every(Boolean)).toBe(true);
  });

  it('replaces an encoded column by its encoding (Ordinal weather, One-Hot month)', () => {
    const spec = fitFeatureSpec(table, {
      featureSet: 'reference',
      encoders: [
        { name: 'Ordinal', columns: ['weather_category'] },
        { name: 'One-Hot', columns: ['month'] },
      ],
    });
    expect(spec.featureNames).not.toContain('month');
    expect(spec.featureNames).toContain('weather_category');
    expect(spec.featureNames.filter((n) => n.startsWith('month_'))).toEqual([
      'month_1',
      'month_2',
      'month_3',
      'month_4',
    ]);
    const m = transform(table, spec);
    // Categories by code point: 快晴 0, 晴れ 1, 晴れ時々曇り 2, 曇り 3, 曇り時々雨 4, 雨 5;
    // the rows' texts are 晴, 曇, 晴後曇, 雨, 曇一時雨, 快晴.
    expect(column(m, 'weather_category').slice(0, 6)).toEqual([1, 3, 2, 5, 4, 0]);
  });

  it('rejects invalid configs listing every problem', () => {
    expect(() =>
      fitFeatureSpec(table, { featureSet: 'full' as never, thresholds: { hotDay: 'x' as never } as never }),
    ).toThrow(FeatureConfigError);
    expect(() => fitFeatureSpec(table, { encoders: [{ name: 'One-Hot', columns: ['weather'] }] })).toThrow(/encoders/);
  });

  it('round-trips through JSON and parseFeatureSpec, giving identical transforms', () => {
    const spec = fitFeatureSpec(table);
    const copy = parseFeatureSpec(JSON.parse(JSON.stringify(spec)));
    expect(copy).toEqual(spec);
    expect(transform(table, copy).values).toEqual(transform(table, spec).values);
    expect(() => parseFeatureSpec({ ...spec, featureNames: spec.featureNames.slice(1) })).toThrow(
      /config and encoders give/,
    );
    expect(() => parseFeatureSpec({ ...spec, specVersion: 99 })).toThrow(FeatureConfigError);
  });

  it('records the training distribution of every feature for drift checks', () => {
    const spec = fitFeatureSpec(table);
    const stats = spec.trainingStats;
    expect(stats.nRows).toBe(120);
    expect(stats.features.map((f) => f.feature)).toEqual(spec.featureNames);
    for (const f of stats.features) {
      if (f.missingShare < 1) expect(f.proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(f.proportions).toHaveLength(f.edges.length + 1);
    }
    const maxTemp = stats.features.find((f) => f.feature === 'max_temp')!;
    expect(maxTemp.edges).toHaveLength(9);
    expect(maxTemp.edges).toEqual([...maxTemp.edges].sort((a, b) => a - b));
    expect(stats.weatherCategoryShares['晴れ']).toBeCloseTo(20 / 120, 12);
    const lag1 = stats.features.find((f) => f.feature === 'peak_lag1')!;
    expect(lag1.missingShare).toBeCloseTo(1 / 120, 12);
  });
});

describe('transform and transformRecords', () => {
  const spec = fitFeatureSpec(table);

  it('produce identical vectors for the same days, batch or one by one', () => {
    const batch = transform(table, spec, { history });
    const width = spec.featureNames.length;
    for (let r = 0; r < records.length; r++) {
      const single = transformRecords([records[r]], spec, { history, weatherHistory: records });
      expect(single.featureNames).toEqual(batch.featureNames);
      expect(matrixRow(single.values, width, 0)).toEqual(matrixRow(batch.values, width, r));
      expect(single.hasRecentDemand[0]).toBe(batch.hasRecentDemand[r]);
    }
  });

  it('uses the table’s own target column as history by default, never the day itself', () => {
    const own = transform(table, spec);
    const explicit = transform(table, spec, { history });
    expect(own.values).toEqual(explicit.values);
    expect(column(own, 'peak_lag1')[10]).toBe(days[9].peak_hourly);
    expect(column(own, 'peak_lag7')[10]).toBe(days[3].peak_hourly);
    expect(column(own, 'peak_lag1')[0]).toBeNaN();
  });

  it('averages the peaks of the last 28 working days for peak_mean_28wd', () => {
    const m = transform(table, spec);
    const r = 100; // 2023-04-11
    // Working days before 2023-04-11 by hand: skip weekends and 2023-03-21 (春分の日).
    const working = days
      .slice(0, r)
      .filter((d) => {
        const dow = new Date(`${d.date}T00:00:00Z`).getUTCDay();
        return (
          dow !== 0 &&
          dow !== 6 &&
          !['2023-01-01', '2023-01-02', '2023-01-03', '2023-01-09', '2023-02-11', '2023-02-23', '2023-03-21'].includes(
            d.date,
          )
        );
      })
      .slice(-28);
    expect(working).toHaveLength(28);
    const mean = working.reduce((s, d) => s + d.peak_hourly!, 0) / 28;
    expect(column(m, 'peak_mean_28wd')[r]).toBeCloseTo(mean, 9);
    expect(m.hasRecentDemand[r]).toBe(true);
  });

  it('marks lag features missing when no actual exists within 7 days', () => {
    const stale = history.filter((h) => h.date < '2023-03-01');
    const target: ForecastRecord = { date: '2023-03-08', max_temp: 12, min_temp: 3, weather: '晴' };
    const m = transformRecords([target], spec, { history: stale });
    for (const name of spec.recentDemandFeatureNames) expect(column(m, name)[0]).toBeNaN();
    expect(m.hasRecentDemand[0]).toBe(false);
    const fresh = transformRecords([{ ...target, date: '2023-03-07' }], spec, { history: stale });
    expect(column(fresh, 'peak_lag7')[0]).toBe(history.find((h) => h.date === '2023-02-28')!.peak);
    expect(column(fresh, 'peak_lag1')[0]).toBeNaN();
    expect(fresh.hasRecentDemand[0]).toBe(false);
    expect(transformRecords([target], spec).hasRecentDemand[0]).toBe(false);
    // Far after the history: nothing recent, so the 28-day mean is missing too (not a stale mean).
    const late = transformRecords([{ ...target, date: '2023-03-20' }], spec, { history: stale.slice(-40) });
    expect(column(late, 'peak_mean_28wd')[0]).toBeNaN();
    // Within the window but with only 8 working days of history: too few for the mean.
    const short = transformRecords([{ ...target, date: '2023-03-01' }], spec, { history: stale.slice(-10) });
    expect(column(short, 'peak_lag1')[0]).toBe(stale[stale.length - 1].peak);
    expect(column(short, 'peak_mean_28wd')[0]).toBeNaN();
  });

  it('takes previous-day weather from consecutive records, then weatherHistory, else the day itself', () => {
    const d1: ForecastRecord = { date: '2023-08-01', max_temp: 35, min_temp: 27, weather: '晴' };
    const d2: ForecastRecord = { date: '2023-08-02', max_temp: 30, min_temp: 24, weather: '曇' };
    const d3: ForecastRecord = { date: '2023-08-03', max_temp: 28, min_temp: 22, weather: '雨' };
    const together = transformRecords([d1, d2, d3], spec);
    expect(column(together, 'prev_max_temp')).toEqual([35, 35, 30]);
    expect(column(together, 'prev_min_temp')).toEqual([27, 27, 24]);
    expect(column(together, 'prev_avg')).toEqual([31, 31, 27]);
    // avg_3d of 8/3 = (25 + 27 + 31) / 3; of 8/2 = (27 + 31 + 31) / 3 (D-2 falls back to D-1).
    expect(column(together, 'avg_3d')[2]).toBeCloseTo(83 / 3, 12);
    expect(column(together, 'avg_3d')[1]).toBeCloseTo(89 / 3, 12);
    const alone = transformRecords([d3], spec, { weatherHistory: [d1, d2] });
    expect(matrixRow(alone.values, spec.featureNames.length, 0)).toEqual(
      matrixRow(together.values, spec.featureNames.length, 2),
    );
    expect(column(together, 'max_temp_change')).toEqual([0, -5, -2]);
    // Serving can send observed temperatures with the demand history instead of a weatherHistory.
    const withActuals = transformRecords([d3], spec, {
      history: [
        { date: d1.date, peak: 5000, max_temp: d1.max_temp, min_temp: d1.min_temp },
        { date: d2.date, peak: 4800, max_temp: d2.max_temp, min_temp: d2.min_temp },
      ],
    });
    expect(column(withActuals, 'prev_max_temp')).toEqual([30]);
    expect(column(withActuals, 'avg_3d')[0]).toBeCloseTo(83 / 3, 12);
    expect(column(withActuals, 'peak_lag1')).toEqual([4800]);
    const unordered = transformRecords([d3, d1, d2], spec);
    expect(column(unordered, 'prev_max_temp')).toEqual([30, 35, 35]);
  });

  it('flags the day after a day off (prev_day_off)', () => {
    const m = transformRecords(
      ['2023-07-17', '2023-07-18', '2023-07-19'].map((date) => ({ date, max_temp: 30, min_temp: 24, weather: '晴' })),
      spec,
    );
    // Sun 7/16, Mon 7/17 海の日, Tue 7/18 back at work.
    expect(column(m, 'prev_day_off')).toEqual([1, 1, 0]);
  });

  it('never throws for an unseen weather category: all-zero one-hot', () => {
    const m = transformRecords([{ date: '2023-02-10', max_temp: 2, min_temp: -1, weather: '雪' }], spec);
    expect(m.weatherCategories).toEqual(['雪']);
    const oneHot = spec.featureNames.filter((n) => n.startsWith('weather_category_')).map((n) => column(m, n)[0]);
    expect(oneHot.every((v) => v === 0)).toBe(true);
  });

  it('rejects a malformed date with the row and value', () => {
    expect(() => transformRecords([records[0], { ...records[1], date: '2023-02-29' }], spec)).toThrow(
      FeatureInputError,
    );
    expect(() => transformRecords([records[0], { ...records[1], date: '2023-02-29' }], spec)).toThrow(
      /row 1: field 'date' is "2023-02-29"/,
    );
    expect(() => transform(dailyTable([]).select('date'), spec)).toThrow(/max_temp/);
  });

  it('keeps missing temperatures missing (NaN) in the matrix', () => {
    const m = transform(dailyTable([{ date: '2023-05-01', max_temp: null, min_temp: 10, weather_day: null }]), spec);
    expect(column(m, 'max_temp')[0]).toBeNaN();
    expect(column(m, 'avg')[0]).toBeNaN();
    expect(column(m, 'min_temp')[0]).toBe(10);
    expect(m.weatherCategories).toEqual(['不明']);
  });
});
