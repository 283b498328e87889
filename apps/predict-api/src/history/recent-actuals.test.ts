import { describe, expect, it } from 'vitest';
import { RecentActuals } from './recent-actuals.js';

const on = (date: string): { date: string; max_temp: number; min_temp: number; weather: string } => ({
  date,
  max_temp: 25,
  min_temp: 15,
  weather: '晴',
});

describe('RecentActuals', () => {
  it('offers nothing before any actual is known', () => {
    expect(new RecentActuals().forRecords([on('2025-05-20')])).toBeUndefined();
  });

  it('offers the known actuals, sorted, for dates right after the newest one', () => {
    const actuals = new RecentActuals();
    actuals.remember([
      { date: '2025-05-19', peak: 3300 },
      { date: '2025-05-18', peak: 3100 },
    ]);
    expect(actuals.forRecords([on('2025-05-20')])).toEqual([
      { date: '2025-05-18', peak: 3100 },
      { date: '2025-05-19', peak: 3300 },
    ]);
  });

  it('offers nothing when the newest actual is more than a week before the records', () => {
    const actuals = new RecentActuals();
    actuals.remember([{ date: '2025-05-01', peak: 3300 }]);
    expect(actuals.forRecords([on('2025-05-20')])).toBeUndefined();
  });

  it('offers nothing for records on or before the newest actual (no look-ahead)', () => {
    const actuals = new RecentActuals();
    actuals.remember([{ date: '2025-05-19', peak: 3300 }]);
    expect(actuals.forRecords([on('2025-05-19'), on('2025-05-21')])).toBeUndefined();
  });

  it('lets a newer value replace an older one for the same date and forgets old dates', () => {
    const actuals = new RecentActuals(10);
    actuals.remember([
      { date: '2025-05-01', peak: 1 },
      { date: '2025-05-19', peak: 3300 },
    ]);
    actuals.remember([{ date: '2025-05-19', peak: 3350 }]);
    expect(actuals.forRecords([on('2025-05-20')])).toEqual([{ date: '2025-05-19', peak: 3350 }]);
  });

  it('keeps one array while nothing changes (the feature package caches per array)', () => {
    const actuals = new RecentActuals();
    actuals.remember([{ date: '2025-05-19', peak: 3300 }]);
    const first = actuals.forRecords([on('2025-05-20')]);
    actuals.remember([{ date: '2025-05-19', peak: 3300 }]);
    expect(actuals.forRecords([on('2025-05-20')])).toBe(first);
  });
});
