import { describe, expect, it } from 'vitest';
import { validateRecords } from './records.js';

const good = { date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' };

describe('validateRecords', () => {
  it('accepts one record or a list, dropping unknown keys', () => {
    expect(validateRecords(good)).toEqual({ ok: true, records: [good] });
    const result = validateRecords([good, { ...good, date: '2025-05-21', weather: null, humidity_mean: 60, extra: 1 }]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.records[1]).toEqual({ ...good, date: '2025-05-21', weather: null, humidity_mean: 60 });
  });

  it('lists every problem of every record with its path and value', () => {
    const result = validateRecords([
      good,
      { date: '2023-02-29', max_temp: 5, min_temp: 9, weather: 3 },
      { date: '2025/05/20', max_temp: 'hot', min_temp: -45 },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const located = result.errors.map((e) => [e.path.join('.'), e.value]);
    expect(located).toEqual(
      expect.arrayContaining([
        ['1.date', '2023-02-29'],
        ['1.weather', 3],
        ['1.max_temp', 5],
        ['2.date', '2025/05/20'],
        ['2.max_temp', 'hot'],
        ['2.min_temp', -45],
        ['2.weather', undefined],
      ]),
    );
    expect(result.errors).toHaveLength(7);
    expect(result.errors.find((e) => e.path.join('.') === '1.max_temp')!.message).toMatch(/≥ min_temp/);
    expect(result.errors.find((e) => e.path.join('.') === '2.min_temp')!.message).toMatch(/-30/);
  });

  it('uses field-only paths for a single record', () => {
    const result = validateRecords({ ...good, max_temp: 51 });
    expect(result).toEqual({ ok: false, errors: [{ path: ['max_temp'], message: 'must be at most 50 ℃', value: 51 }] });
  });

  it('rejects empty lists, non-objects, non-finite numbers and dates outside the holiday table', () => {
    expect(validateRecords([]).ok).toBe(false);
    expect(validateRecords('2025-05-20,28,10,晴').ok).toBe(false);
    expect(validateRecords({ ...good, max_temp: Number.NaN }).ok).toBe(false);
    expect(validateRecords({ ...good, min_temp: Number.NEGATIVE_INFINITY }).ok).toBe(false);
    const late = validateRecords({ ...good, date: '2051-01-01' });
    expect(late.ok === false && late.errors[0].message).toMatch(/2050/);
  });

  it('checks the optional extra columns’ ranges', () => {
    const result = validateRecords({ ...good, humidity_mean: 120, sunshine_hours: -1, precipitation_mm: -0.5 });
    expect(result.ok === false && result.errors.map((e) => e.path[0])).toEqual([
      'humidity_mean',
      'sunshine_hours',
      'precipitation_mm',
    ]);
  });
});
