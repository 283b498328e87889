import { rm } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { tepcoDailyText, type TepcoDailyOptions } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { writeTree } from '../__fixtures__/tree.js';
import { DataConflictError, SourceLayoutError } from '../errors.js';
import { readTepcoDailyFile } from '../readers/tepco-daily.js';
import { loadTepcoNightBefore, tepcoNightBeforeSeries } from './tepco-night-before.js';

const day = (date: string, options: TepcoDailyOptions, file = 'tepco/monthly/202212_power_usage.zip') =>
  readTepcoDailyFile(tepcoDailyText(date, { nextDaySupplyManKw: 4800, ...options }), {
    file,
    member: `${date.replaceAll('-', '')}_power_usage.csv`,
  });

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('tepcoNightBeforeSeries', () => {
  it('keeps values stamped before 06:00 of the target day, across the year end, and lists the overwritten days', () => {
    const series = tepcoNightBeforeSeries([
      day('2022-12-30', { nextDayStamp: { monthDay: '12/30', time: '23:20' } }),
      day('2022-12-31', { nextDayStamp: { monthDay: '1/1', time: '0:50' } }),
      day('2023-01-01', { nextDayStamp: { monthDay: '1/2', time: '23:40' } }),
    ]);
    expect(series.forecasts).toEqual([
      {
        targetDate: '2022-12-31',
        valueManKw: 3500,
        band: '18:00～19:00',
        stamp: '2022-12-30T23:20:00+09:00',
        file: 'tepco/monthly/202212_power_usage.zip#20221230_power_usage.csv',
      },
      expect.objectContaining({ targetDate: '2023-01-01', stamp: '2023-01-01T00:50:00+09:00' }),
    ]);
    expect(series.supply.map((value) => [value.targetDate, value.valueManKw])).toEqual([
      ['2022-12-31', 4800],
      ['2023-01-01', 4800],
    ]);
    expect(series.overwritten).toEqual({ forecasts: ['2023-01-02'], supply: ['2023-01-02'] });
  });

  it('drops a repeat of the same day and names both files of a contradiction', async () => {
    const stamp = { nextDayStamp: { monthDay: '12/30', time: '23:20' } };
    const once = day('2022-12-30', stamp);
    expect(tepcoNightBeforeSeries([once, day('2022-12-30', stamp, 'loose.csv')]).forecasts).toHaveLength(1);
    const other = readTepcoDailyFile(tepcoDailyText('2022-12-30', stamp).replace('3500,18:00', '3550,18:00'), {
      file: 'other.csv',
    });
    const error = await expectDataError(() => tepcoNightBeforeSeries([once, other]));
    expect(error).toBeInstanceOf(DataConflictError);
    expect(error.message).toContain('other.csv, column "翌日の予想最大電力(万kW)"');
    expect(error.message).toContain('conflicts with tepco/monthly/202212_power_usage.zip#20221230_power_usage.csv');
  });
});

describe('loadTepcoNightBefore', () => {
  it('reads the monthly ZIPs below a folder, not the live snapshots', async () => {
    const zip = zipSync({
      '20220401_power_usage.csv': encodeCp932(tepcoDailyText('2022-04-01')),
      '20220402_power_usage.csv': encodeCp932(tepcoDailyText('2022-04-02')),
    });
    const dir = await writeTree({
      'tepco/monthly/202204_power_usage.zip': zip,
      'tepco/live/20220403_1755_juyo-d1-j.csv': tepcoDailyText('2022-04-03'),
    });
    dirs.push(dir);
    const series = await loadTepcoNightBefore({ source: dir });
    expect(series.forecasts.map((value) => `${value.targetDate} ${value.stamp}`)).toEqual([
      '2022-04-02 2022-04-02T00:50:00+09:00',
      '2022-04-03 2022-04-03T00:50:00+09:00',
    ]);
    const empty = await writeTree({ 'README.md': 'nothing' });
    dirs.push(empty);
    expect(await expectDataError(() => loadTepcoNightBefore({ source: empty }))).toBeInstanceOf(SourceLayoutError);
  });
});
