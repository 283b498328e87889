import { describe, expect, it } from 'vitest';
import { datasetFingerprint, type FingerprintTable } from './dataset-fingerprint.js';

/** A column table from plain columns, in the given column order. */
function columns(data: Record<string, unknown[]>): FingerprintTable {
  return {
    columnNames: () => Object.keys(data),
    numRows: () => Object.values(data)[0]?.length ?? 0,
    array: (name) => data[name] ?? [],
  };
}

describe('datasetFingerprint', () => {
  const days = { date: ['2023-01-01', '2023-01-02'], peak_hourly: [3100, 3200], weather_day: ['晴', null] };

  it('is a sha256 hex digest, the same for the same data', () => {
    expect(datasetFingerprint(columns(days))).toMatch(/^[0-9a-f]{64}$/);
    expect(datasetFingerprint(columns({ ...days }))).toBe(datasetFingerprint(columns(days)));
  });

  it('ignores column order', () => {
    const reordered = { weather_day: days.weather_day, date: days.date, peak_hourly: days.peak_hourly };
    expect(datasetFingerprint(columns(reordered))).toBe(datasetFingerprint(columns(days)));
  });

  it('changes with a value, a row order or a column name', () => {
    const base = datasetFingerprint(columns(days));
    expect(datasetFingerprint(columns({ ...days, peak_hourly: [3100, 3201] }))).not.toBe(base);
    expect(
      datasetFingerprint(
        columns({ date: [...days.date].reverse(), peak_hourly: [3200, 3100], weather_day: [null, '晴'] }),
      ),
    ).not.toBe(base);
    const { peak_hourly, ...rest } = days;
    expect(datasetFingerprint(columns({ ...rest, peak_5min: peak_hourly }))).not.toBe(base);
  });

  it('treats undefined and NaN as a missing (null) cell', () => {
    const withNull = datasetFingerprint(columns({ date: ['2023-01-01'], max_temp: [null] }));
    expect(datasetFingerprint(columns({ date: ['2023-01-01'], max_temp: [Number.NaN] }))).toBe(withNull);
    expect(datasetFingerprint(columns({ date: ['2023-01-01'], max_temp: [undefined] }))).toBe(withNull);
  });
});
