import { describe, expect, it } from 'vitest';
import { civilFromDayNumber, dayNumberFromCivil, dayOfWeekMon0, isoDateFromDayNumber, parseIsoDate } from './dates.js';

describe('ISO date arithmetic', () => {
  it('numbers days from 1970-01-01', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('1969-12-31')).toBe(-1);
    expect(parseIsoDate('2000-03-01')).toBe(11017);
  });

  it('round-trips every day from 1900 to 2100 and agrees with UTC Date arithmetic', () => {
    const first = dayNumberFromCivil(1900, 1, 1);
    const last = dayNumberFromCivil(2100, 12, 31);
    const wrong: string[] = [];
    for (let n = first; n <= last; n++) {
      const iso = isoDateFromDayNumber(n);
      if (parseIsoDate(iso) !== n || new Date(n * 86_400_000).toISOString().slice(0, 10) !== iso) wrong.push(iso);
    }
    expect(last - first).toBeGreaterThan(73_000);
    expect(wrong).toEqual([]);
  });

  it('accepts leap days only in leap years', () => {
    expect(parseIsoDate('2024-02-29')).toBeDefined();
    expect(parseIsoDate('2000-02-29')).toBeDefined();
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('1900-02-29')).toBeUndefined();
    expect(civilFromDayNumber(parseIsoDate('2024-03-01')! - 1)).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('rejects anything but a strict zero-padded YYYY-MM-DD', () => {
    for (const text of [
      '2023-2-01',
      '2023/02/01',
      '2023-02-01T00:00',
      '2023-13-01',
      '2023-04-31',
      '2023-00-10',
      '',
      'abcd-ef-gh',
    ]) {
      expect(parseIsoDate(text)).toBeUndefined();
    }
  });

  it('numbers weekdays from Monday = 0', () => {
    expect(dayOfWeekMon0(parseIsoDate('2024-01-01')!)).toBe(0); // a Monday
    expect(dayOfWeekMon0(parseIsoDate('2023-12-31')!)).toBe(6); // a Sunday
    expect(dayOfWeekMon0(parseIsoDate('1970-01-01')!)).toBe(3); // a Thursday
    expect(dayOfWeekMon0(parseIsoDate('1969-12-29')!)).toBe(0); // before the epoch
  });
});
