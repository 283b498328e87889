import { describe, expect, it } from 'vitest';
import { jmaDailyText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { DateOrderError, InvalidValueError, StationMismatchError } from '../errors.js';
import { readJmaDailyFile } from './jma-daily.js';

const origin = { file: 'jma/daily/weather_data.csv' };
const rows = [
  { date: '2018-01-01', maxTemp: '13.0', minTemp: '0.4', weather: '晴', meanTemp: '6.2' },
  { date: '2018-01-02', maxTemp: '10.8', minTemp: '0.8', weather: '快晴', meanTemp: '6.1' },
];

/** Every element of the 96-column export has a different group width; this one mimics three shapes. */
const mixedExport = [
  'ダウンロードした時刻：2023/10/22 14:24:08',
  '',
  ',東京,東京,東京,東京,東京,東京,東京,東京,東京,東京,東京,東京,東京,東京,東京',
  '年月日,日照時間(時間),日照時間(時間),日照時間(時間),日照時間(時間),最高気温(℃),最高気温(℃),最高気温(℃),最高気温(℃),最高気温(℃),天気概況(夜：18時～翌日06時),天気概況(夜：18時～翌日06時),天気概況(夜：18時～翌日06時),平均湿度(％),平均湿度(％),平均湿度(％)',
  ',,,,,,,時分,時分,,,,,,,',
  ',,現象なし情報,品質情報,均質番号,,品質情報,,品質情報,均質番号,,品質情報,均質番号,,品質情報,均質番号',
  '2022/10/20,10.2,0,8,1,20.7,8,2022/10/20 12:30,8,1,快晴,8,1,58,8,1',
  '2022/10/21,,0,1,1,23.2,8,2022/10/21 13:17,8,1,曇,8,1,68,4,1',
].join('\r\n');

describe('readJmaDailyFile', () => {
  it('maps the reference selection (max, min, 天気概況(昼), mean) and the download stamp', () => {
    const file = readJmaDailyFile(encodeCp932(jmaDailyText(rows, { downloadedAt: '2025/05/05 19:50:15' })), origin);
    expect(file.downloadedAt).toBe('2025-05-05T19:50:15');
    expect(file.station).toBe('東京');
    expect(file.fields).toEqual(['max_temp', 'min_temp', 'weather_day', 'mean_temp']);
    expect(file.rows[1]).toEqual({
      date: '2018-01-02',
      line: 8,
      values: { max_temp: 10.8, min_temp: 0.8, weather_day: '快晴', mean_temp: 6.1 },
      quality: { max_temp: 8, min_temp: 8, weather_day: 8, mean_temp: 8 },
    });
    expect(file.warnings).toEqual([]);
  });

  it('finds columns by header in any element selection, ignoring 時分 sub-columns', () => {
    const file = readJmaDailyFile(mixedExport, { file: 'full.csv' });
    expect(file.fields).toEqual(['sunshine_hours', 'max_temp', 'weather_night', 'humidity_mean']);
    expect(file.rows[0]!.values).toEqual({
      sunshine_hours: 10.2,
      max_temp: 20.7,
      weather_night: '快晴',
      humidity_mean: 58,
    });
  });

  it('turns empty values and quality below 5 into null with a warning each', () => {
    const file = readJmaDailyFile(mixedExport, { file: 'full.csv' });
    expect(file.rows[1]!.values).toMatchObject({ sunshine_hours: null, humidity_mean: null, max_temp: 23.2 });
    expect(file.rows[1]!.quality).toMatchObject({ sunshine_hours: 1, humidity_mean: 4, max_temp: 8 });
    expect(file.warnings).toEqual([
      expect.objectContaining({ file: 'full.csv', line: 8, field: 'sunshine_hours', date: '2022-10-21' }),
      expect.objectContaining({
        file: 'full.csv',
        line: 8,
        field: 'humidity_mean',
        message: expect.stringContaining('quality 4 (below 5)'),
      }),
    ]);
  });

  it('rejects an export for another station', async () => {
    const error = await expectDataError(() => readJmaDailyFile(jmaDailyText(rows, { station: '横浜' }), origin));
    expect(error).toBeInstanceOf(StationMismatchError);
    expect(error.message).toContain('jma/daily/weather_data.csv, line 3');
    expect(error.message).toContain('value "横浜"');
    expect(error.message).toContain('expected station 東京');
  });

  it('rejects a non-numeric temperature, naming line, column and value', async () => {
    const error = await expectDataError(() =>
      readJmaDailyFile(jmaDailyText([{ ...rows[0]!, maxTemp: '13.O' }]), origin),
    );
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error.location).toMatchObject({ line: 7, column: '最高気温(℃)', value: '13.O' });
  });

  it('rejects dates out of order', async () => {
    const error = await expectDataError(() => readJmaDailyFile(jmaDailyText([rows[1]!, rows[0]!]), origin));
    expect(error).toBeInstanceOf(DateOrderError);
    expect(error.message).toContain('date does not follow 2018-01-02');
  });

  it('rejects an hourly export where a daily one is expected', async () => {
    const hourly =
      'ダウンロードした時刻：2024/01/02 17:36:07\r\n\r\n,東京\r\n年月日時,気温(℃)\r\n2022/1/1 1:00:00,0.7\r\n';
    const error = await expectDataError(() => readJmaDailyFile(hourly, origin));
    expect(error.message).toContain('expected a daily export');
  });
});
