import { describe, expect, it } from 'vitest';
import { datesNamedBy, windowedSource } from './dated-files.js';
import type { DataSource } from './source.js';

describe('datesNamedBy', () => {
  it('reads the span of every dated file name of the data layout', () => {
    expect(datesNamedBy('tepco/yearly/juyo-2023.csv')).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(datesNamedBy('jma/hourly/temperature-2023.csv')).toEqual({ from: '2023-01-01', to: '2024-01-01' });
    expect(datesNamedBy('tepco/monthly/202302_power_usage.zip')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(datesNamedBy('tepco/daily/20230801_power_usage.csv')).toEqual({ from: '2023-08-01', to: '2023-08-01' });
    expect(datesNamedBy('jma/daily-full/data20221020-20231019.csv')).toEqual({ from: '2022-10-20', to: '2023-10-19' });
  });

  it('widens a JMA forecast month by a month either side (earlier issues in it, forecasts past its end)', () => {
    expect(datesNamedBy('jma/forecast/forecast_202301_130000.csv')).toEqual({ from: '2022-12-01', to: '2023-02-28' });
    expect(datesNamedBy('jma/forecast/forecast_202312_130000.csv')).toEqual({ from: '2023-11-01', to: '2024-01-31' });
  });

  it('does not date a name without dates', () => {
    for (const path of ['jma/daily/weather_data.csv', 'holidays/syukujitsu.csv', 'jma/forecast/weatherCode.csv']) {
      expect(datesNamedBy(path)).toBeNull();
    }
  });
});

describe('windowedSource', () => {
  const files = [
    'holidays/syukujitsu.csv',
    'tepco/yearly/juyo-2022.csv',
    'tepco/yearly/juyo-2023.csv',
    'jma/forecast/forecast_202305_130000.csv',
    'jma/forecast/forecast_202306_130000.csv',
    'jma/forecast/forecast_202308_130000.csv',
    'jma/forecast/forecast_202310_130000.csv',
  ];
  const source: DataSource = {
    uri: 'memory://',
    list: () => Promise.resolve(files),
    read: (path) => Promise.resolve(new TextEncoder().encode(path)),
  };

  it('lists the files that may hold a day of the window, and the undated ones', async () => {
    const windowed = windowedSource(source, { from: '2023-05-27', to: '2023-08-08' });
    expect(await windowed.list()).toEqual([
      'holidays/syukujitsu.csv',
      'tepco/yearly/juyo-2023.csv',
      'jma/forecast/forecast_202305_130000.csv',
      'jma/forecast/forecast_202306_130000.csv',
      'jma/forecast/forecast_202308_130000.csv',
    ]);
    expect(new TextDecoder().decode(await windowed.read('tepco/yearly/juyo-2023.csv'))).toBe(
      'tepco/yearly/juyo-2023.csv',
    );
    expect(windowed.uri).toBe('memory://');
  });
});
