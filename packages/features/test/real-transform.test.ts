import type { ColumnTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitFeatureSpec, splitByDate, transform, transformRecords, type ForecastRecord } from '../src/index.js';
import { categoriseWeather } from '../src/entries/weather.js';
import { expectedWeatherCategories } from '../src/__fixtures__/weather-texts.js';
import { dataDir, loadRealDailyTable, warnIfNoData } from './real-data.js';

warnIfNoData('real-transform');
describe.skipIf(!dataDir)('features over the real daily table (data-loaders)', () => {
  let table: ColumnTable;
  beforeAll(async () => {
    table = await loadRealDailyTable(dataDir!);
  });

  it('gives identical vectors for every real day, batch or one record at a time', () => {
    const { train } = splitByDate(table, { splitDate: '2023-01-01' });
    const spec = fitFeatureSpec(train);
    const dates = table.array('date') as string[];
    const maxTemp = table.array('max_temp') as number[];
    const minTemp = table.array('min_temp') as number[];
    const weather = table.array('weather_day') as (string | null)[];
    const peaks = table.array('peak_hourly') as number[];
    const records: ForecastRecord[] = dates.map((date, i) => ({
      date,
      max_temp: maxTemp[i],
      min_temp: minTemp[i],
      weather: weather[i],
    }));
    const history = dates.map((date, i) => ({ date, peak: peaks[i] }));
    const batch = transform(table, spec);
    const width = spec.featureNames.length;
    const differing: string[] = [];
    for (let r = 0; r < records.length; r++) {
      const single = transformRecords([records[r]], spec, { history, weatherHistory: records });
      const a = single.values;
      const b = batch.values.subarray(r * width, (r + 1) * width);
      if (!a.every((x, j) => Object.is(x, b[j])) || single.hasRecentDemand[0] !== batch.hasRecentDemand[r])
        differing.push(dates[r]);
    }
    expect(records.length).toBeGreaterThanOrEqual(2831);
    expect(differing).toEqual([]);
  });

  it('categorises every weather text of the loaded table as the hand-derived table says', () => {
    const expected = new Map(
      Object.entries(expectedWeatherCategories).flatMap(([c, texts]) => texts.map((t) => [t, c])),
    );
    const texts = new Set(
      [
        ...(table.array('weather_day') as (string | null)[]),
        ...(table.array('weather_night') as (string | null)[]),
      ].filter((t): t is string => t !== null),
    );
    expect(texts.size).toBeGreaterThan(200);
    expect([...texts].filter((t) => expected.get(t) !== categoriseWeather(t))).toEqual([]);
  });

  it('has lag features on every real day after the first week, and known weather everywhere', () => {
    const spec = fitFeatureSpec(table);
    const m = transform(table, spec);
    expect(m.hasRecentDemand.slice(0, 7).some(Boolean)).toBe(false);
    const firstComplete = m.hasRecentDemand.indexOf(true);
    expect(m.dates[firstComplete] <= '2016-05-15').toBe(true);
    expect(m.hasRecentDemand.slice(firstComplete).every(Boolean)).toBe(true);
    expect(m.weatherCategories.includes('不明')).toBe(false);
    const stats = new Map(spec.trainingStats.features.map((f) => [f.feature, f]));
    expect(stats.get('max_temp')!.missingShare).toBe(0);
    expect(stats.get('year_end')!.proportions[1]).toBeCloseTo(6 / 365.25, 2);
  });
});
