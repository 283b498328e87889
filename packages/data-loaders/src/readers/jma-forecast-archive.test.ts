import { describe, expect, it } from 'vitest';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { ARCHIVE_HEADER, archiveLine, archiveText, type ArchiveRecord } from '../__fixtures__/jma-forecast.js';
import { DataConflictError, InvalidValueError, TableShapeError, UnknownHeaderError } from '../errors.js';
import { readJmaForecastArchive } from './jma-forecast-archive.js';

const EVENING = '2023-08-22T17:00:00+09:00';
const at = (date: string, hour = '00'): string => `${date}T${hour}:00:00+09:00`;
const area = (fields: Partial<ArchiveRecord>): Partial<ArchiveRecord> => ({
  reportDatetime: EVENING,
  areaName: '東京地方',
  areaCode: '130010',
  ...fields,
});
const point = (fields: Partial<ArchiveRecord>): Partial<ArchiveRecord> => ({
  reportDatetime: EVENING,
  areaName: '東京',
  areaCode: '44132',
  ...fields,
});

/** One evening issue with every series, laid out like the real archive. */
const eveningIssue: Partial<ArchiveRecord>[] = [
  area({ timeDefine: EVENING, weatherCode: '203', weather: 'くもり　夜のはじめ頃　雨', wind: '南東の風' }),
  area({ timeDefine: at('2023-08-23'), weatherCode: '202', weather: 'くもり　後　晴れ', wind: '南の風' }),
  area({ timeDefine: at('2023-08-24'), weatherCode: '201', weather: 'くもり　時々　晴れ', wind: '南の風' }),
  area({ timeDefine: at('2023-08-22', '18'), pop: '50' }),
  area({ timeDefine: at('2023-08-23', '00'), pop: '40' }),
  area({ timeDefine: at('2023-08-23', '06'), pop: '50' }),
  area({ timeDefine: at('2023-08-23', '12'), pop: '20' }),
  area({ timeDefine: at('2023-08-23', '18'), pop: '10' }),
  point({ timeDefine: at('2023-08-23', '00'), temp: '26' }),
  point({ timeDefine: at('2023-08-23', '09'), temp: '33' }),
  area({ timeDefine: at('2023-08-23'), weatherCode: '202' }),
  area({ timeDefine: at('2023-08-24'), weatherCode: '201', pop: '30' }),
  area({ timeDefine: at('2023-08-25'), weatherCode: '101', pop: '20', reliability: 'A' }),
  point({ timeDefine: at('2023-08-23') }),
  point({
    timeDefine: at('2023-08-24'),
    tempMin: '26',
    tempMax: '34',
    tempMinUpper: '27',
    tempMaxUpper: '36',
    tempMinLower: '25',
    tempMaxLower: '33',
  }),
  { ...area({ timeDefine: at('2023-08-23'), weatherCode: '999', weather: 'x' }), areaCode: '130020' },
];
const origin = { file: 'forecast_202308_130000.csv' };

describe('readJmaForecastArchive', () => {
  it('gathers the five series of an issue into one row per target day', () => {
    const rows = readJmaForecastArchive(archiveText(eveningIssue), origin);
    expect(rows.map((row) => `${row.target_date} lead ${row.lead_days}`)).toEqual([
      '2023-08-22 lead 0',
      '2023-08-23 lead 1',
      '2023-08-24 lead 2',
      '2023-08-25 lead 3',
    ]);
    expect(rows[1]).toEqual({
      issued_at: EVENING,
      issue_date: '2023-08-22',
      target_date: '2023-08-23',
      lead_days: 1,
      weather_code: 202,
      weather_text: 'くもり　後　晴れ',
      pop_00: 40,
      pop_06: 50,
      pop_12: 20,
      pop_18: 10,
      temp_min: 26,
      temp_max: 33,
      weekly_weather_code: 202,
      weekly_pop: null,
      weekly_reliability: null,
      weekly_temp_min: null,
      weekly_temp_min_lower: null,
      weekly_temp_min_upper: null,
      weekly_temp_max: null,
      weekly_temp_max_lower: null,
      weekly_temp_max_upper: null,
    });
    expect(rows[2]).toMatchObject({
      weather_code: 201,
      weekly_pop: 30,
      weekly_temp_max: 34,
      weekly_temp_max_lower: 33,
    });
    expect(rows[3]).toMatchObject({ weather_code: null, weekly_weather_code: 101, weekly_reliability: 'A' });
    expect(rows[0]).toMatchObject({ weather_code: 203, pop_18: 50, temp_max: null });
  });

  it("leaves a morning issue's own-day minimum empty: JMA's T00:00 slot there repeats the maximum", () => {
    const morning = '2023-08-23T05:00:00+09:00';
    const rows = readJmaForecastArchive(
      archiveText([
        point({ reportDatetime: morning, timeDefine: at('2023-08-23', '09'), temp: '32' }),
        point({ reportDatetime: morning, timeDefine: at('2023-08-23', '00'), temp: '32' }),
        point({ reportDatetime: morning, timeDefine: at('2023-08-24', '00'), temp: '26' }),
        point({ reportDatetime: morning, timeDefine: at('2023-08-24', '09'), temp: '33' }),
      ]),
      origin,
    );
    expect(rows.map((row) => [row.target_date, row.temp_min, row.temp_max])).toEqual([
      ['2023-08-23', null, 32],
      ['2023-08-24', 26, 33],
    ]);
  });

  it('drops repeated rows (the archive repeats weekly blocks) and names both lines of a contradiction', async () => {
    const repeated = readJmaForecastArchive(archiveText([...eveningIssue, ...eveningIssue.slice(10)]), origin);
    expect(repeated).toEqual(readJmaForecastArchive(archiveText(eveningIssue), origin));
    const changed = area({ timeDefine: at('2023-08-24'), weatherCode: '201', pop: '40' });
    const error = await expectDataError(() => readJmaForecastArchive(archiveText([...eveningIssue, changed]), origin));
    expect(error).toBeInstanceOf(DataConflictError);
    expect(error.message).toContain('forecast_202308_130000.csv, line 18, column "pop", value "40"');
    expect(error.message).toContain(
      'weekly_pop of the 2023-08-22T17:00:00+09:00 issue for 2023-08-24 is 40 here but 30 there',
    );
    expect(error.message).toContain('conflicts with forecast_202308_130000.csv, line 13, column "pop"');
  });

  it('normalises report times to JST', () => {
    const rows = readJmaForecastArchive(
      archiveText([point({ reportDatetime: '2023-08-22T08:00:00Z', timeDefine: '2023-08-23T00:09:00Z', temp: '33' })]),
      origin,
    );
    expect(rows[0]).toMatchObject({ issued_at: EVENING, target_date: '2023-08-23', temp_max: 33 });
  });

  it('names the file, line and column of a bad value', async () => {
    const bad = await expectDataError(() =>
      readJmaForecastArchive(archiveText([area({ timeDefine: at('2023-08-23', '06'), pop: '5O' })]), origin),
    );
    expect(bad).toBeInstanceOf(InvalidValueError);
    expect(bad.message).toBe(
      'forecast_202308_130000.csv, line 2, column "pop", value "5O": cannot parse value; expected a probability of precipitation 0..100 (%)',
    );
    const block = await expectDataError(() =>
      readJmaForecastArchive(archiveText([area({ timeDefine: at('2023-08-23', '03'), pop: '10' })]), origin),
    );
    expect(block.message).toContain('column "timeDefine", value "2023-08-23T03:00:00+09:00"');
    expect(block.message).toContain('a 6-hour precipitation block starting at 00:00, 06:00, 12:00 or 18:00 JST');
    const time = await expectDataError(() =>
      readJmaForecastArchive(archiveText([area({ timeDefine: '2023-08-23 00:00', pop: '10' })]), origin),
    );
    expect(time.message).toContain('line 2, column "timeDefine"');
  });

  it('refuses a header without the forecast columns and a row of the wrong width', async () => {
    const header = await expectDataError(() => readJmaForecastArchive('date,temp\r\n2023-08-01,30\r\n', origin));
    expect(header).toBeInstanceOf(UnknownHeaderError);
    expect(header.message).toContain('column "reportDatetime" not found');
    const short = await expectDataError(() =>
      readJmaForecastArchive(`${ARCHIVE_HEADER}\r\n${archiveLine(area({ pop: '1' })).slice(0, 40)}"\r\n`, origin),
    );
    expect(short).toBeInstanceOf(TableShapeError);
    expect(short.message).toContain('line 2');
    expect(short.message).toContain('18 fields like the header');
  });
});
