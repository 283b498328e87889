import { describe, expect, it } from 'vitest';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { archiveText } from '../__fixtures__/jma-forecast.js';
import { InvalidValueError } from '../errors.js';
import { forecastIssueTable } from '../readers/jma-forecast-issues.js';
import { readJmaForecastArchive } from '../readers/jma-forecast-archive.js';
import { ForecastIssueIndex, forecastForTargetDay, latestIssueAtOrBefore } from './forecast-selection.js';

const issue = (reportDatetime: string, target: string, maxTemp: string | null, code = '100') => [
  {
    reportDatetime,
    timeDefine: `${target}T00:00:00+09:00`,
    areaCode: '130010',
    weatherCode: code,
    weather: '晴れ',
    wind: '北の風',
  },
  ...(maxTemp === null
    ? []
    : [{ reportDatetime, timeDefine: `${target}T09:00:00+09:00`, areaCode: '44132', temp: maxTemp }]),
];
const rows = readJmaForecastArchive(
  archiveText([
    ...issue('2023-07-31T11:00:00+09:00', '2023-08-01', '33'),
    ...issue('2023-07-31T17:00:00+09:00', '2023-08-01', '34'),
    // A weekly-only issue naming tomorrow's weather but no temperature (as on 2022-09-26 17:00).
    {
      reportDatetime: '2023-07-31T19:00:00+09:00',
      timeDefine: '2023-08-01T00:00:00+09:00',
      areaCode: '130010',
      weatherCode: '200',
    },
    ...issue('2023-08-01T05:00:00+09:00', '2023-08-01', '35'),
  ]),
  { file: 'forecast.csv' },
);

describe('latestIssueAtOrBefore', () => {
  it('returns the rows of the latest issue at or before the time, whatever its offset', () => {
    expect(latestIssueAtOrBefore(rows, '2023-07-31T18:00:00+09:00').map((row) => row.issued_at)).toEqual([
      '2023-07-31T17:00:00+09:00',
    ]);
    expect(latestIssueAtOrBefore(rows, '2023-07-31T08:00:00Z')[0]?.issued_at).toBe('2023-07-31T17:00:00+09:00');
    expect(latestIssueAtOrBefore(rows, '2023-07-31T19:30:00+09:00')[0]?.issued_at).toBe('2023-07-31T19:00:00+09:00');
    expect(latestIssueAtOrBefore(rows, '2023-07-31T10:59:59+09:00')).toEqual([]);
  });

  it('reads a forecast-issue table as well as rows', () => {
    const table = forecastIssueTable(rows);
    expect(latestIssueAtOrBefore(table, '2023-08-01T06:00:00+09:00')).toEqual(
      latestIssueAtOrBefore(rows, '2023-08-01T06:00:00+09:00'),
    );
  });

  it('refuses a time without offset', async () => {
    const error = await expectDataError(() => latestIssueAtOrBefore(rows, '2023-07-31 18:00'));
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error.message).toContain('column "issuedAt", value "2023-07-31 18:00"');
  });
});

describe('forecastForTargetDay', () => {
  it('takes the latest issue with a temperature for the day, passing over one that names only the weather', () => {
    expect(forecastForTargetDay(rows, '2023-08-01', '2023-07-31T18:00:00+09:00')).toMatchObject({
      issued_at: '2023-07-31T17:00:00+09:00',
      temp_max: 34,
    });
    expect(forecastForTargetDay(rows, '2023-08-01', '2023-07-31T20:00:00+09:00')?.issued_at).toBe(
      '2023-07-31T17:00:00+09:00',
    );
    expect(forecastForTargetDay(rows, '2023-08-01', '2023-08-01T05:00:00+09:00')?.temp_max).toBe(35);
    expect(forecastForTargetDay(rows, '2023-08-01', '2023-07-31T10:00:00+09:00')).toBeNull();
    expect(forecastForTargetDay(rows, '2023-08-09', '2023-08-01T10:00:00+09:00')).toBeNull();
  });

  it('answers the same through a reusable index', () => {
    const index = new ForecastIssueIndex(rows);
    expect(index.issueTimes).toEqual([
      '2023-07-31T11:00:00+09:00',
      '2023-07-31T17:00:00+09:00',
      '2023-07-31T19:00:00+09:00',
      '2023-08-01T05:00:00+09:00',
    ]);
    expect(index.forTargetDay('2023-08-01', '2023-07-31T11:00:00+09:00')?.temp_max).toBe(33);
  });
});
