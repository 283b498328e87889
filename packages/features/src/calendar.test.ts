import { describe, expect, it } from 'vitest';
import { calendarDay, calendarIndexOf } from './calendar.js';
import { FeatureInputError } from './errors.js';

describe('calendarDay', () => {
  it('gives Mon=0 weekdays, day of year and the weekend flag', () => {
    expect(calendarDay('2023-07-15')).toMatchObject({
      year: 2023,
      month: 7,
      day: 15,
      dow: 5,
      weekend: true,
      dayOfYear: 196,
    });
    expect(calendarDay('2023-07-17')).toMatchObject({ dow: 0, weekend: false, holiday: true }); // 海の日
  });

  it('handles leap days', () => {
    expect(calendarDay('2024-02-29')).toMatchObject({ dow: 3, dayOfYear: 60, daysInYear: 366 });
    expect(calendarDay('2024-12-31')).toMatchObject({ dayOfYear: 366 });
    expect(calendarDay('2023-12-31')).toMatchObject({ dayOfYear: 365, daysInYear: 365 });
  });

  it('marks the year-end period 12/29–1/3 as days off although only 1/1 is a holiday', () => {
    expect(calendarDay('2023-12-28')).toMatchObject({ yearEnd: false, dayOff: false });
    // Fri 2023-12-29 .. Wed 2024-01-03: six consecutive days off.
    for (const date of ['2023-12-29', '2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02', '2024-01-03']) {
      expect(calendarDay(date)).toMatchObject({ yearEnd: true, dayOff: true, daysOffRun: 6 });
    }
    expect(calendarDay('2024-01-04')).toMatchObject({ yearEnd: false, dayOff: false, daysOffRun: 0 });
  });

  it('marks Obon 8/13–8/16 without making it a day off', () => {
    expect(calendarDay('2023-08-14')).toMatchObject({ obon: true, dayOff: false, holiday: false });
    expect(calendarDay('2023-08-17')).toMatchObject({ obon: false });
  });

  it('measures the run of days off: the ten-day Golden Week of 2019', () => {
    // Sat 4/27 .. Mon 5/6, including the one-off holiday 5/1 and the citizens' holidays 4/30, 5/2.
    expect(calendarDay('2019-04-27').daysOffRun).toBe(10);
    expect(calendarDay('2019-05-01')).toMatchObject({ holiday: true, goldenWeek: true, daysOffRun: 10 });
    expect(calendarDay('2019-05-07')).toMatchObject({ dayOff: false, daysOffRun: 0, goldenWeek: false });
    expect(calendarDay('2023-07-15').daysOffRun).toBe(3); // Sat, Sun, Mon 海の日
    expect(calendarDay('2023-07-22').daysOffRun).toBe(2); // a plain weekend
  });

  it('flags a working day between two days off as a bridge day', () => {
    // Fri 2016-04-29 昭和の日, weekend, Mon 5/2 at work, Tue 5/3 憲法記念日.
    expect(calendarDay('2016-05-02')).toMatchObject({ dow: 0, dayOff: false, bridge: true });
    expect(calendarDay('2016-05-06')).toMatchObject({ dow: 4, dayOff: false, bridge: true }); // between 5/5 and Sat
    expect(calendarDay('2016-05-09').bridge).toBe(false);
  });
});

describe('calendarIndexOf', () => {
  it('rejects malformed dates and dates the holiday table does not cover, naming the field', () => {
    expect(() => calendarIndexOf('2023-02-30', 'date', 4)).toThrow(FeatureInputError);
    expect(() => calendarIndexOf('2023-02-30', 'date', 4)).toThrow(/row 4: field 'date' is "2023-02-30"/);
    expect(() => calendarIndexOf('2051-01-01')).toThrow(/1970\.\.2050/);
    expect(() => calendarIndexOf(20230101)).toThrow(FeatureInputError);
  });
});
