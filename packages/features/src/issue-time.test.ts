import { describe, expect, it } from 'vitest';
import { parseIsoDate } from './dates.js';
import { FeatureInputError } from './errors.js';
import { defaultIssuedAt, parseJstMoment } from './issue-time.js';

describe('parseJstMoment', () => {
  it('puts any offset on the JST clock, canonically', () => {
    const jst = parseJstMoment('2023-07-31T18:00:00+09:00');
    expect(jst).toEqual({
      iso: '2023-07-31T18:00:00+09:00',
      minutes: parseIsoDate('2023-07-31')! * 1440 + 18 * 60,
      day: parseIsoDate('2023-07-31')!,
    });
    expect(parseJstMoment('2023-07-31T09:00Z')).toEqual(jst);
    expect(parseJstMoment('2023-07-31T04:00:00-05:00')).toEqual(jst);
    expect(parseJstMoment('2023-07-31T15:30:00Z').iso).toBe('2023-08-01T00:30:00+09:00');
    expect(parseJstMoment('2023-07-31T17:59:30+09:00').minutes).toBe(jst.minutes - 0.5);
  });

  it('refuses a time without offset or an impossible date', () => {
    expect(() => parseJstMoment('2023-07-31T18:00:00')).toThrow(FeatureInputError);
    expect(() => parseJstMoment('2023-02-29T18:00:00+09:00')).toThrow(/ISO 8601 time with offset/);
    expect(() => parseJstMoment(20230731)).toThrow(FeatureInputError);
  });
});

describe('defaultIssuedAt', () => {
  it('is 18:00 JST the day before, across month and year ends', () => {
    expect(defaultIssuedAt('2023-08-01')).toBe('2023-07-31T18:00:00+09:00');
    expect(defaultIssuedAt('2024-01-01', '17:30')).toBe('2023-12-31T17:30:00+09:00');
    expect(() => defaultIssuedAt('2024-01-01', '25:00')).toThrow(/HH:MM/);
  });
});
