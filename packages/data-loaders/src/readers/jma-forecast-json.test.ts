import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { archiveRecords, archiveText, liveJsonFromArchive } from '../__fixtures__/jma-forecast.js';
import { TableShapeError, UnknownFormatError } from '../errors.js';
import { readJmaForecastArchive } from './jma-forecast-archive.js';
import { readJmaForecastJson } from './jma-forecast-json.js';

const EVENING = '2023-08-22T17:00:00+09:00';
const origin = { file: '130000.json' };
const tinyArchive = archiveText([
  {
    reportDatetime: EVENING,
    timeDefine: '2023-08-23T00:00:00+09:00',
    areaCode: '130010',
    weatherCode: '101',
    weather: '晴れ　時々　くもり',
    wind: '南の風',
  },
  { reportDatetime: EVENING, timeDefine: '2023-08-23T12:00:00+09:00', areaCode: '130010', pop: '20' },
  { reportDatetime: EVENING, timeDefine: '2023-08-23T09:00:00+09:00', areaCode: '44132', temp: '33' },
  {
    reportDatetime: EVENING,
    timeDefine: '2023-08-24T00:00:00+09:00',
    areaCode: '130010',
    weatherCode: '201',
    pop: '30',
    reliability: 'B',
  },
  {
    reportDatetime: EVENING,
    timeDefine: '2023-08-24T00:00:00+09:00',
    areaCode: '44132',
    tempMin: '26',
    tempMax: '34',
    tempMinUpper: '27',
    tempMaxUpper: '36',
    tempMinLower: '25',
    tempMaxLower: '33',
  },
]);

describe('readJmaForecastJson', () => {
  it('gives the same rows as the archive for a JSON built from the archive rows (other areas skipped)', () => {
    const json = liveJsonFromArchive(archiveRecords(tinyArchive, EVENING));
    const fromJson = readJmaForecastJson(JSON.stringify(json), origin);
    expect(fromJson).toEqual(readJmaForecastArchive(tinyArchive, { file: 'archive.csv' }));
    expect(
      fromJson.map((row) => [row.target_date, row.weather_code, row.pop_12, row.temp_max, row.weekly_temp_max]),
    ).toEqual([
      ['2023-08-23', 101, 20, 33, null],
      ['2023-08-24', null, null, null, 34],
    ]);
  });

  it('keeps each report at its own issue time (the morning JSON carries the weekly report of the evening before)', () => {
    const [shortRange] = liveJsonFromArchive(archiveRecords(tinyArchive, EVENING)) as { reportDatetime: string }[];
    const [, weekly] = liveJsonFromArchive(archiveRecords(tinyArchive, EVENING));
    shortRange!.reportDatetime = '2023-08-23T05:00:00+09:00';
    const rows = readJmaForecastJson(JSON.stringify([shortRange, weekly]), origin);
    expect(rows.map((row) => `${row.issued_at} ${row.target_date}`)).toEqual([
      '2023-08-22T17:00:00+09:00 2023-08-24',
      '2023-08-23T05:00:00+09:00 2023-08-23',
    ]);
  });

  it('names the JSON path of an array that does not match its timeDefines', async () => {
    const json = liveJsonFromArchive(archiveRecords(tinyArchive, EVENING)) as {
      timeSeries: { areas: { pops?: string[] }[] }[];
    }[];
    json[0]!.timeSeries[1]!.areas[0]!.pops!.push('10');
    const error = await expectDataError(() => readJmaForecastJson(JSON.stringify(json), origin));
    expect(error).toBeInstanceOf(TableShapeError);
    expect(error.message).toBe(
      '130000.json, column "[0].timeSeries[1].areas[0].pops": 2 values for 1 timeDefines; expected one value per timeDefine',
    );
  });

  it('names the value and its path when a temperature is not a number', async () => {
    const json = liveJsonFromArchive(archiveRecords(tinyArchive, EVENING)) as {
      timeSeries: { areas: { temps?: string[] }[] }[];
    }[];
    json[0]!.timeSeries[2]!.areas[0]!.temps = ['33度'];
    const error = await expectDataError(() => readJmaForecastJson(JSON.stringify(json), origin));
    expect(error.message).toContain('130000.json, column "[0].timeSeries[2].areas[0].temps[0]", value "33度"');
  });

  it('refuses text that is not JSON, or JSON that is not a JMA forecast', async () => {
    const html = await expectDataError(() => readJmaForecastJson('<html>メンテナンス中</html>', origin));
    expect(html).toBeInstanceOf(UnknownFormatError);
    expect(html.message).toContain('130000.json, value "<html>メンテナンス中</html>": not JSON');
    const other = await expectDataError(() => readJmaForecastJson('[{"publishingOffice":"気象庁"}]', origin));
    expect(other.message).toContain('column "[0].reportDatetime"');
    expect(other.message).toContain('expected a JMA forecast JSON');
  });
});

const dataDir = process.env.POWERCAST_DATA_DIR;
describe.skipIf(!dataDir)('readJmaForecastJson on live-format JSONs built from the real archive', () => {
  it('matches the archive rows for every 40th issue of 2022–2023 that has both reports', async () => {
    let compared = 0;
    for (const month of ['202204', '202208', '202212', '202303', '202307', '202311']) {
      const file = `forecast_${month}_130000.csv`;
      const text = (await readFile(path.join(dataDir!, 'jma/forecast', file))).toString('utf8');
      const archive = readJmaForecastArchive(text, { file });
      const of = (issue: string) => archive.filter((row) => row.issued_at === issue);
      const issues = [...new Set(archive.map((row) => row.issued_at))].filter(
        (issue) =>
          of(issue).some((row) => row.temp_max !== null) && of(issue).some((row) => row.weekly_temp_max !== null),
      );
      for (const issue of issues.filter((_, i) => i % 40 === 0)) {
        const json = liveJsonFromArchive(archiveRecords(text, issue));
        expect(readJmaForecastJson(JSON.stringify(json), origin)).toEqual(
          archive.filter((row) => row.issued_at === issue),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });
});
