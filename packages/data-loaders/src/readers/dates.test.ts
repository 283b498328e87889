import { describe, expect, it } from 'vitest';
import { addDays, dateRange, missingDates, parseClockMinutes, parseSlashDate } from './dates.js';

describe('dates', () => {
  it('parses padded and unpadded slash dates and rejects impossible ones', () => {
    expect(parseSlashDate('2016/4/1')).toBe('2016-04-01');
    expect(parseSlashDate('2026/01/01')).toBe('2026-01-01');
    expect(parseSlashDate('2023/2/29')).toBeNull();
    expect(parseSlashDate('2024/2/29')).toBe('2024-02-29');
    expect(parseSlashDate('2024-02-01')).toBeNull();
  });

  it('adds days across month and year ends without time-zone drift', () => {
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(dateRange('2023-12-30', '2024-01-02')).toEqual(['2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02']);
  });

  it('lists the dates missing between sorted dates', () => {
    expect(missingDates(['2024-01-01', '2024-01-04', '2024-01-05'])).toEqual(['2024-01-02', '2024-01-03']);
    expect(missingDates([])).toEqual([]);
  });

  it('parses clock times to minutes', () => {
    expect(parseClockMinutes('0:00')).toBe(0);
    expect(parseClockMinutes('23:55')).toBe(1435);
    expect(parseClockMinutes('07:05')).toBe(425);
    expect(parseClockMinutes('1:00:00')).toBe(60);
    expect(parseClockMinutes('25:00')).toBeNull();
    expect(parseClockMinutes('9:5')).toBeNull();
  });
});
