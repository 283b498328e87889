import { describe, expect, it } from 'vitest';
import { syntheticHourly, syntheticFiveMinute, tepcoDailyText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { InvalidValueError, TableShapeError, UnknownHeaderError } from '../errors.js';
import { readTepcoDailyFile } from './tepco-daily.js';

const origin = { file: 'tepco/monthly/202207_power_usage.zip', member: '20220715_power_usage.csv' };

describe('readTepcoDailyFile', () => {
  it('reads the hourly and 5-minute tables and the day summary from CP932 bytes', () => {
    const hourly = syntheticHourly(3100);
    const fiveMinute = syntheticFiveMinute(hourly);
    fiveMinute[150] = 4321;
    const file = readTepcoDailyFile(
      encodeCp932(tepcoDailyText('2022-07-15', { hourly, fiveMinute, sameDayForecastManKw: 3777 })),
      origin,
    );
    expect(file.date).toBe('2022-07-15');
    expect(file.updatedAt).toBe('2022-07-15T23:55');
    expect(file.hourly).toHaveLength(24);
    expect(file.fiveMinute).toHaveLength(288);
    expect(file.fiveMinute[150]).toMatchObject({ minute: 750, demandManKw: 4321 });
    const peak = Math.max(...hourly);
    expect(file.summary).toEqual({
      date: '2022-07-15',
      peak_hourly: peak,
      peak_5min: 4321,
      peak_hour: hourly.indexOf(peak),
      tepco_forecast_peak: 3777,
    });
    expect(file.sameDayForecast).toEqual({ peakManKw: 3777, band: '14:00～15:00', updatedAt: '2022-07-15T08:30' });
  });

  it('marks the next-day forecast day-ahead only when stamped before 06:00 of the target day', () => {
    const early = readTepcoDailyFile(
      tepcoDailyText('2022-07-15', { nextDayStamp: { monthDay: '7/16', time: '5:59' } }),
      origin,
    );
    expect(early.nextDayForecast).toMatchObject({
      targetDate: '2022-07-16',
      updatedAt: '2022-07-16T05:59',
      dayAhead: true,
    });
    const late = readTepcoDailyFile(
      tepcoDailyText('2022-07-15', { nextDayStamp: { monthDay: '7/16', time: '6:00' } }),
      origin,
    );
    expect(late.nextDayForecast?.dayAhead).toBe(false);
  });

  it("reads TEPCO's announced next-day supply with the same stamp rule", () => {
    const file = readTepcoDailyFile(
      tepcoDailyText('2022-07-15', { nextDaySupplyManKw: 5210, nextDayStamp: { monthDay: '7/15', time: '17:45' } }),
      origin,
    );
    expect(file.nextDaySupply).toEqual({
      targetDate: '2022-07-16',
      supplyManKw: 5210,
      band: '18:00～19:00',
      updatedAt: '2022-07-15T17:45',
      dayAhead: true,
      reservePercent: 12,
      usagePercent: 89,
    });
    expect(readTepcoDailyFile(tepcoDailyText('2022-07-15'), origin).nextDaySupply).toBeNull();
  });

  it('infers the year of a December stamp for a January target day', () => {
    const file = readTepcoDailyFile(
      tepcoDailyText('2022-12-31', { nextDayStamp: { monthDay: '12/31', time: '18:00' } }),
      origin,
    );
    expect(file.nextDayForecast).toMatchObject({
      targetDate: '2023-01-01',
      updatedAt: '2022-12-31T18:00',
      dayAhead: true,
    });
  });

  it('accepts the 〜 wave dash and trailing commas on headers', () => {
    const text = tepcoDailyText('2022-07-15')
      .replace('予想最大電力情報更新時刻\r\n', '予想最大電力情報更新時刻,,\r\n')
      .replaceAll('～', '〜');
    expect(readTepcoDailyFile(text, origin).sameDayForecast?.band).toBe('14:00～15:00');
  });

  it('leaves the peaks null for a day still running (unmeasured intervals are 0 or empty)', () => {
    const hourly = syntheticHourly();
    const rows = hourly.map((value, hour) => `2022/7/15,${hour}:00,${hour >= 20 ? 0 : value},${value},80,4000`);
    const fiveMinute = syntheticFiveMinute(hourly);
    const text = tepcoDailyText('2022-07-15', { hourlyRows: rows, fiveMinute });
    const file = readTepcoDailyFile(text, origin);
    expect(file.unmeasuredHours).toBe(4);
    expect(file.summary.peak_hourly).toBeNull();
    expect(file.summary.peak_5min).not.toBeNull();
  });

  it.each([23, 25])('rejects an hourly table with %i rows, naming file, member and line', async (count) => {
    const rows = Array.from({ length: count }, (_, i) => `2022/7/15,${i % 24}:00,3000,3000,80,4000`);
    const error = await expectDataError(() =>
      readTepcoDailyFile(tepcoDailyText('2022-07-15', { hourlyRows: rows }), origin),
    );
    expect(error).toBeInstanceOf(TableShapeError);
    expect(error.message).toContain(`tepco/monthly/202207_power_usage.zip [member 20220715_power_usage.csv], line 9`);
    expect(error.message).toContain(`hourly table has ${count} rows; expected 24 rows, 0:00 to 23:00`);
  });

  it('rejects a file without the 5-minute table', async () => {
    const error = await expectDataError(() =>
      readTepcoDailyFile(tepcoDailyText('2022-07-15', { omitFiveMinute: true }), origin),
    );
    expect(error).toBeInstanceOf(TableShapeError);
    expect(error.message).toContain('5-minute table missing');
  });

  it('rejects an unknown section header, listing the known ones', async () => {
    const error = await expectDataError(() =>
      readTepcoDailyFile(tepcoDailyText('2022-07-15', { extraSection: '謎の値(万kW),時間帯' }), origin),
    );
    expect(error).toBeInstanceOf(UnknownHeaderError);
    expect(error.location.value).toBe('謎の値(万kW)');
    expect(error.message).toContain('expected one of the TEPCO daily sections');
  });

  it('rejects a non-numeric actual, naming line, column and value', async () => {
    const rows = syntheticHourly().map(
      (value, hour) => `2022/7/15,${hour}:00,${hour === 5 ? 'N/A' : value},3000,80,4000`,
    );
    const error = await expectDataError(() =>
      readTepcoDailyFile(tepcoDailyText('2022-07-15', { hourlyRows: rows }), origin),
    );
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error.location).toMatchObject({ line: 15, column: '当日実績(万kW)', value: 'N/A' });
  });

  it('rejects hourly rows out of order', async () => {
    const rows = syntheticHourly().map(
      (value, hour) => `2022/7/15,${hour === 3 ? 4 : hour === 4 ? 3 : hour}:00,${value},3000,80,4000`,
    );
    const error = await expectDataError(() =>
      readTepcoDailyFile(tepcoDailyText('2022-07-15', { hourlyRows: rows }), origin),
    );
    expect(error.message).toContain('hourly rows out of order');
  });

  it('rejects a file whose first line is not an update stamp', async () => {
    const error = await expectDataError(() => readTepcoDailyFile('DATE,TIME\r\n', origin));
    expect(error).toBeInstanceOf(UnknownHeaderError);
    expect(error.message).toContain('expected a first line like "2022/4/1 23:55 UPDATE"');
  });
});
