import { describe, expect, it } from 'vitest';
import { jmaHourlyDay, jmaHourlyText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { dailyFromHourly, readJmaHourlyFile } from './jma-hourly.js';

const origin = { file: 'jma/hourly/temperature-2022.csv' };
const temps = Array.from({ length: 24 }, (_, i) => 5 + i / 2);

describe('readJmaHourlyFile', () => {
  it('assigns D+1 0:00:00 to day D as hour 24', () => {
    const file = readJmaHourlyFile(encodeCp932(jmaHourlyText(jmaHourlyDay('2022-12-31', temps))), origin);
    expect(file.readings).toHaveLength(24);
    expect(file.readings.every((reading) => reading.date === '2022-12-31')).toBe(true);
    expect(file.readings.at(-1)).toMatchObject({ hour: 24, tempC: 16.5 });
  });

  it('treats empty readings and quality below 5 as missing', () => {
    const readings = jmaHourlyDay('2022-01-01', temps);
    readings[3] = ['2022/1/1 4:00:00', '7.0', '4'];
    const file = readJmaHourlyFile(jmaHourlyText(readings), origin);
    expect(file.readings[3]!.tempC).toBeNull();
    expect(file.readings[2]!.tempC).toBe(6);
  });
});

describe('dailyFromHourly', () => {
  it('computes max, min and the mean of the 24 readings rounded to 0.1 ℃', () => {
    const { days, warnings } = dailyFromHourly(
      readJmaHourlyFile(jmaHourlyText(jmaHourlyDay('2022-01-01', temps)), origin).readings,
      origin.file,
    );
    const mean = temps.reduce((a, b) => a + b, 0) / 24;
    expect(days).toEqual([
      {
        date: '2022-01-01',
        max_temp_hourly: 16.5,
        min_temp_hourly: 5,
        mean_temp_hourly: Math.round(mean * 10) / 10,
        missingReadings: 0,
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps a day with three missing readings', () => {
    const withGaps = temps.map((t, i) => (i < 3 ? null : t));
    const { days } = dailyFromHourly(
      readJmaHourlyFile(jmaHourlyText(jmaHourlyDay('2022-01-01', withGaps)), origin).readings,
      origin.file,
    );
    expect(days[0]).toMatchObject({ min_temp_hourly: 6.5, missingReadings: 3 });
  });

  it('nulls a day with more than three missing readings, with a warning', () => {
    const withGaps = temps.map((t, i) => (i < 4 ? null : t));
    const { days, warnings } = dailyFromHourly(
      readJmaHourlyFile(jmaHourlyText(jmaHourlyDay('2022-01-01', withGaps)), origin).readings,
      origin.file,
    );
    expect(days[0]).toEqual({
      date: '2022-01-01',
      max_temp_hourly: null,
      min_temp_hourly: null,
      mean_temp_hourly: null,
      missingReadings: 4,
    });
    expect(warnings).toEqual([
      expect.objectContaining({
        file: origin.file,
        date: '2022-01-01',
        message: expect.stringContaining('4 of 24 hourly temperatures missing'),
      }),
    ]);
  });
});
