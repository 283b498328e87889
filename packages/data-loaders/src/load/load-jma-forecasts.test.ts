import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { archiveRecords, archiveText, liveJsonFromArchive, type ArchiveRecord } from '../__fixtures__/jma-forecast.js';
import { writeTree } from '../__fixtures__/tree.js';
import { DataConflictError, DownloadError, SourceLayoutError, UnknownFormatError } from '../errors.js';
import { FORECAST_ISSUE_COLUMNS } from '../readers/jma-forecast-issues.js';
import { loadJmaForecasts } from './load-jma-forecasts.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const EVENING = '2023-07-31T17:00:00+09:00';
const MORNING = '2023-08-01T05:00:00+09:00';
const line = (reportDatetime: string, fields: Partial<ArchiveRecord>): Partial<ArchiveRecord> => ({
  reportDatetime,
  ...fields,
});
// July's file ends with the evening issue; August's starts with it again (as the real months overlap).
const july = archiveText([
  line(EVENING, {
    timeDefine: '2023-08-01T00:00:00+09:00',
    areaCode: '130010',
    weatherCode: '101',
    weather: '晴れ　時々　くもり',
    wind: '南の風',
  }),
  line(EVENING, { timeDefine: '2023-08-01T09:00:00+09:00', areaCode: '44132', temp: '34' }),
]);
const august = archiveText([
  line(EVENING, { timeDefine: '2023-08-01T09:00:00+09:00', areaCode: '44132', temp: '34' }),
  line(MORNING, { timeDefine: '2023-08-02T09:00:00+09:00', areaCode: '44132', temp: '35' }),
]);
const codes =
  'weatherCode,weatherPictDay,weatherPictNight,Group,weatherJ,weatherE\r\n101,101.svg,501.svg,100,晴時々曇,PARTLY CLOUDY\r\n';
const liveJson = JSON.stringify(
  liveJsonFromArchive(
    archiveRecords(
      archiveText([
        line('2023-08-01T11:00:00+09:00', { timeDefine: '2023-08-02T00:00:00+09:00', areaCode: '44132', temp: '27' }),
      ]),
      '2023-08-01T11:00:00+09:00',
    ),
  ),
);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, utf8(text)])));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('loadJmaForecasts from a folder', () => {
  it('merges archive months and live snapshots into one table, with the weather codes', async () => {
    const dir = await tree({
      'jma/forecast/forecast_202307_130000.csv': july,
      'jma/forecast/forecast_202308_130000.csv': august,
      'jma/forecast/live/130000_20230801T1100.json': liveJson,
      'jma/forecast/weatherCode.csv': codes,
      'jma/forecast/LICENCE.txt': 'CC BY-SA 4.0',
    });
    const { table, rows, weatherCodes, report } = await loadJmaForecasts({ source: dir });
    expect(table.columnNames()).toEqual([...FORECAST_ISSUE_COLUMNS]);
    expect(rows.map((row) => `${row.issued_at} ${row.target_date} ${row.temp_min} ${row.temp_max}`)).toEqual([
      '2023-07-31T17:00:00+09:00 2023-08-01 null 34',
      '2023-08-01T05:00:00+09:00 2023-08-02 null 35',
      '2023-08-01T11:00:00+09:00 2023-08-02 27 null',
    ]);
    expect(weatherCodes.map((code) => code.weatherJ)).toEqual(['晴時々曇']);
    expect(report).toMatchObject({
      issueCount: 3,
      firstIssuedAt: EVENING,
      lastIssuedAt: '2023-08-01T11:00:00+09:00',
      repeatedValues: 1,
    });
    expect(report.files.map((file) => `${file.kind} ${file.path}`)).toEqual([
      'archive jma/forecast/forecast_202307_130000.csv',
      'archive jma/forecast/forecast_202308_130000.csv',
      'json jma/forecast/live/130000_20230801T1100.json',
      'weather-codes jma/forecast/weatherCode.csv',
    ]);
  });

  it('names both files when they contradict each other', async () => {
    const dir = await tree({
      'a/forecast_202307_130000.csv': july,
      'b/forecast_202308_130000.csv': august.replace('"34"', '"33"'),
    });
    const error = await expectDataError(() => loadJmaForecasts({ source: dir }));
    expect(error).toBeInstanceOf(DataConflictError);
    expect(error.message).toContain('b/forecast_202308_130000.csv, line 2, column "temp", value "33"');
    expect(error.message).toContain('conflicts with a/forecast_202307_130000.csv, line 3, column "temp"');
  });

  it('reads one file given by path, and says what a foreign file is', async () => {
    const dir = await tree({ '130000.json': liveJson, 'notes.csv': 'date,text\r\n' });
    const { rows } = await loadJmaForecasts({ source: path.join(dir, '130000.json') });
    expect(rows).toHaveLength(1);
    const error = await expectDataError(() => loadJmaForecasts({ source: path.join(dir, 'notes.csv') }));
    expect(error).toBeInstanceOf(UnknownFormatError);
    const bare = await tree({ 'x.txt': '' });
    const empty = await expectDataError(() => loadJmaForecasts({ source: bare }));
    expect(empty).toBeInstanceOf(SourceLayoutError);
  });
});

describe('loadJmaForecasts from a URL', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/bosai/forecast/data/forecast/130000.json') {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(liveJson);
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('downloads and reads the live JSON', async () => {
    const { rows, report } = await loadJmaForecasts({ source: `${base}/bosai/forecast/data/forecast/130000.json` });
    expect(rows[0]).toMatchObject({ issued_at: '2023-08-01T11:00:00+09:00', target_date: '2023-08-02', temp_min: 27 });
    expect(report.source).toBe(`${base}/bosai/forecast/data/forecast/130000.json`);
  });

  it('explains a 404 with the live URL to use', async () => {
    const error = await expectDataError(() => loadJmaForecasts({ source: `${base}/130000.json` }));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.message).toContain('HTTP 404');
    expect(error.message).toContain('https://www.jma.go.jp/bosai/forecast/data/forecast/130000.json');
  });
});

describe('loadJmaForecasts from S3 (s3rver)', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3({ buckets: ['powercast-data'] });
    const put = (Key: string, text: string) =>
      s3.client.send(new PutObjectCommand({ Bucket: 'powercast-data', Key, Body: utf8(text) }));
    await put('raw/jma/forecast/forecast_202307_130000.csv', july);
    await put('raw/jma/forecast/live/130000.json', liveJson);
  });
  afterAll(async () => {
    await s3?.close();
  });

  it('reads a prefix and a single object alike', async () => {
    const prefix = await loadJmaForecasts({ source: 's3://powercast-data/raw', s3Client: s3.client });
    expect(prefix.report.issueCount).toBe(2);
    const object = await loadJmaForecasts({
      source: 's3://powercast-data/raw/jma/forecast/live/130000.json',
      s3Client: s3.client,
    });
    expect(object.rows).toEqual(prefix.rows.filter((row) => row.issued_at === '2023-08-01T11:00:00+09:00'));
  });
});
