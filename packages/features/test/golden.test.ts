import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitFeatureSpec, transform, transformRecords, type FeatureMatrix } from '../src/index.js';
import { dataDir, loadRealDailyTable, warnIfNoData } from './real-data.js';

/**
 * The reference features of ten real days, worked out by hand from the JMA values of those days
 * (max/min ℃ and 天気概況 as published) and the calendar. s7(k) = sin(2πk/7), c7(k) = cos(2πk/7).
 */
const s7 = [0, 0.7818314825, 0.9749279122, 0.4338837391, -0.4338837391, -0.9749279122, -0.7818314825];
const c7 = [1, 0.6234898019, -0.222520934, -0.9009688679, -0.9009688679, -0.222520934, 0.6234898019];
const half = 0.5;
const r3 = 0.8660254038; // √3/2
type Golden = Record<string, number | string>;
const golden: Golden[] = [
  // Mon between 昭和の日 weekend and 憲法記念日: a bridge day in Golden Week.
  {
    date: '2016-05-02',
    max_temp: 21.4,
    min_temp: 13.2,
    avg: 17.3,
    rng: 8.2,
    cdd: 0,
    hdd: 0.7,
    hot: 0,
    cold: 0,
    year: 2016,
    month: 5,
    day: 2,
    dow: 0,
    dow_sin: s7[0],
    dow_cos: c7[0],
    mon_sin: half,
    mon_cos: -r3,
    weekend: 0,
    holiday: 0,
    category: '曇り',
    bridge: 1,
    golden_week: 1,
    days_off_run: 0,
  },
  // A cold clear Thursday: min −4 ℃ ≤ 5.
  {
    date: '2018-01-25',
    max_temp: 4,
    min_temp: -4,
    avg: 0,
    rng: 8,
    cdd: 0,
    hdd: 18,
    hot: 0,
    cold: 1,
    year: 2018,
    month: 1,
    day: 25,
    dow: 3,
    dow_sin: s7[3],
    dow_cos: c7[3],
    mon_sin: half,
    mon_cos: r3,
    weekend: 0,
    holiday: 0,
    category: '快晴',
    bridge: 0,
    golden_week: 0,
    days_off_run: 0,
  },
  // The one-off holiday of the enthronement, inside the ten-day Golden Week of 2019.
  {
    date: '2019-05-01',
    max_temp: 23.4,
    min_temp: 14.3,
    avg: 18.85,
    rng: 9.1,
    cdd: 0.85,
    hdd: 0,
    hot: 0,
    cold: 0,
    year: 2019,
    month: 5,
    day: 1,
    dow: 2,
    dow_sin: s7[2],
    dow_cos: c7[2],
    mon_sin: half,
    mon_cos: -r3,
    weekend: 0,
    holiday: 1,
    category: '曇り時々雨',
    bridge: 0,
    golden_week: 1,
    days_off_run: 10,
  },
  // スポーツの日 moved to Fri 7/24 for the Olympics: Thu 7/23 .. Sun 7/26 off.
  {
    date: '2020-07-24',
    max_temp: 27.2,
    min_temp: 21.6,
    avg: 24.4,
    rng: 5.6,
    cdd: 6.4,
    hdd: 0,
    hot: 0,
    cold: 0,
    year: 2020,
    month: 7,
    day: 24,
    dow: 4,
    dow_sin: s7[4],
    dow_cos: c7[4],
    mon_sin: -half,
    mon_cos: -r3,
    weekend: 0,
    holiday: 1,
    category: '曇り時々雨',
    bridge: 0,
    golden_week: 0,
    days_off_run: 4,
  },
  // The June 2022 heat wave on a Wednesday: 35.4 ℃ ≥ 30.
  {
    date: '2022-06-29',
    max_temp: 35.4,
    min_temp: 25.3,
    avg: 30.35,
    rng: 10.1,
    cdd: 12.35,
    hdd: 0,
    hot: 1,
    cold: 0,
    year: 2022,
    month: 6,
    day: 29,
    dow: 2,
    dow_sin: s7[2],
    dow_cos: c7[2],
    mon_sin: 0,
    mon_cos: -1,
    weekend: 0,
    holiday: 0,
    category: '曇り',
    bridge: 0,
    golden_week: 0,
    days_off_run: 0,
  },
  // A hot Saturday.
  {
    date: '2022-07-02',
    max_temp: 35.2,
    min_temp: 25.4,
    avg: 30.3,
    rng: 9.8,
    cdd: 12.3,
    hdd: 0,
    hot: 1,
    cold: 0,
    year: 2022,
    month: 7,
    day: 2,
    dow: 5,
    dow_sin: s7[5],
    dow_cos: c7[5],
    mon_sin: -half,
    mon_cos: -r3,
    weekend: 1,
    holiday: 0,
    category: '晴れ時々曇り',
    bridge: 0,
    golden_week: 0,
    days_off_run: 2,
  },
  // 振替休日 for 元日 on a Sunday, inside the year-end days off Thu 12/29 .. Tue 1/3.
  {
    date: '2023-01-02',
    max_temp: 12.1,
    min_temp: 2,
    avg: 7.05,
    rng: 10.1,
    cdd: 0,
    hdd: 10.95,
    hot: 0,
    cold: 1,
    year: 2023,
    month: 1,
    day: 2,
    dow: 0,
    dow_sin: s7[0],
    dow_cos: c7[0],
    mon_sin: half,
    mon_cos: r3,
    weekend: 0,
    holiday: 1,
    category: '晴れ',
    bridge: 0,
    golden_week: 0,
    days_off_run: 6,
  },
  // 憲法記念日: Wed 5/3 .. Sun 5/7 off.
  {
    date: '2023-05-03',
    max_temp: 23.4,
    min_temp: 11.8,
    avg: 17.6,
    rng: 11.6,
    cdd: 0,
    hdd: 0.4,
    hot: 0,
    cold: 0,
    year: 2023,
    month: 5,
    day: 3,
    dow: 2,
    dow_sin: s7[2],
    dow_cos: c7[2],
    mon_sin: half,
    mon_cos: -r3,
    weekend: 0,
    holiday: 1,
    category: '晴れ時々曇り',
    bridge: 0,
    golden_week: 1,
    days_off_run: 5,
  },
  // Obon Tuesday, hot, not a holiday.
  {
    date: '2023-08-15',
    max_temp: 32.8,
    min_temp: 25.7,
    avg: 29.25,
    rng: 7.1,
    cdd: 11.25,
    hdd: 0,
    hot: 1,
    cold: 0,
    year: 2023,
    month: 8,
    day: 15,
    dow: 1,
    dow_sin: s7[1],
    dow_cos: c7[1],
    mon_sin: -r3,
    mon_cos: -half,
    weekend: 0,
    holiday: 0,
    category: '晴れ時々曇り',
    bridge: 0,
    golden_week: 0,
    days_off_run: 0,
  },
  // First year-end day off (Fri 12/29 .. Wed 1/3), a cold clear day.
  {
    date: '2023-12-29',
    max_temp: 13.8,
    min_temp: 2.2,
    avg: 8,
    rng: 11.6,
    cdd: 0,
    hdd: 10,
    hot: 0,
    cold: 1,
    year: 2023,
    month: 12,
    day: 29,
    dow: 4,
    dow_sin: s7[4],
    dow_cos: c7[4],
    mon_sin: 0,
    mon_cos: 1,
    weekend: 0,
    holiday: 0,
    category: '快晴',
    bridge: 0,
    golden_week: 0,
    days_off_run: 6,
  },
];

function valueOf(m: FeatureMatrix, row: number, name: string): number {
  const j = m.featureNames.indexOf(name);
  expect(j, name).toBeGreaterThanOrEqual(0);
  return m.values[row * m.featureNames.length + j];
}

warnIfNoData('golden');
describe.skipIf(!dataDir)('golden reference features of ten real days', () => {
  let table: ColumnTable;
  beforeAll(async () => {
    table = await loadRealDailyTable(dataDir!);
  });

  it('match the hand-computed values', () => {
    const spec = fitFeatureSpec(table, { featureSet: 'extended' });
    const m = transform(table, spec);
    const rowOf = new Map(m.dates.map((d, i) => [d, i]));
    for (const expected of golden) {
      const row = rowOf.get(expected.date as string)!;
      expect(row, expected.date as string).toBeDefined();
      for (const [name, value] of Object.entries(expected)) {
        if (name === 'date') continue;
        if (name === 'category') {
          expect(m.weatherCategories[row], `${expected.date} ${name}`).toBe(value);
          expect(valueOf(m, row, `weather_category_${value}`), `${expected.date} one-hot`).toBe(1);
        } else {
          expect(valueOf(m, row, name), `${expected.date} ${name}`).toBeCloseTo(value as number, 9);
        }
      }
    }
  });
});

describe('golden leap-day record (synthetic)', () => {
  it('handles 2024-02-29: Thursday, day 60 of 366', () => {
    // A two-day training table is enough to fit the weather encoder for this record.
    const train = aq.table({
      date: ['2024-02-27', '2024-02-28'],
      max_temp: [12, 14],
      min_temp: [3, 4],
      weather_day: ['晴', '曇'],
    });
    const spec = fitFeatureSpec(train, { featureSet: 'extended' });
    const m = transformRecords([{ date: '2024-02-29', max_temp: 15, min_temp: 5, weather: '晴' }], spec);
    const expected: Record<string, number> = {
      avg: 10,
      rng: 10,
      cdd: 0,
      hdd: 8,
      hot: 0,
      cold: 1,
      year: 2024,
      month: 2,
      day: 29,
      dow: 3,
      dow_sin: s7[3],
      dow_cos: c7[3],
      mon_sin: r3,
      mon_cos: half,
      weekend: 0,
      holiday: 0,
      doy_sin: Math.sin((2 * Math.PI * 59) / 366),
      doy_cos: Math.cos((2 * Math.PI * 59) / 366),
    };
    for (const [name, value] of Object.entries(expected)) expect(valueOf(m, 0, name), name).toBeCloseTo(value, 9);
  });
});
