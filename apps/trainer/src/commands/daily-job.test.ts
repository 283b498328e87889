import { describe, expect, it } from 'vitest';
import type { LedgerRow } from '@powercast/contracts';
import { issueSlotAt, scoresDue, withScores } from './daily-job.js';

const row = (targetDate: string, overrides: Partial<LedgerRow> = {}): LedgerRow => ({
  targetDate,
  issuedAt: '2023-08-01T18:00:00+09:00',
  modelVersion: '1',
  lead: 1,
  point: 5000,
  p10: null,
  p50: null,
  p90: null,
  variant: 'with-history',
  weatherIssue: null,
  qualityFlags: [],
  actual: null,
  tepcoForecast: null,
  error: null,
  scoredAt: null,
  ...overrides,
});

describe('issueSlotAt', () => {
  it('is today’s 18:00 JST once it has passed, else yesterday’s', () => {
    expect(issueSlotAt(new Date('2023-08-01T09:10:00Z'))).toBe('2023-08-01T18:00:00+09:00');
    expect(issueSlotAt(new Date('2023-08-01T09:00:00Z'))).toBe('2023-08-01T18:00:00+09:00');
    expect(issueSlotAt(new Date('2023-08-01T08:59:59Z'))).toBe('2023-07-31T18:00:00+09:00');
    // 00:30 JST on 08-02 is still the issue of 08-01 (a retry after midnight keys to the same records).
    expect(issueSlotAt(new Date('2023-08-01T15:30:00Z'))).toBe('2023-08-01T18:00:00+09:00');
  });
});

describe('scoresDue', () => {
  const observations = {
    actualByDate: new Map([
      ['2023-08-02', 5100],
      ['2023-08-03', 5200],
      ['2023-08-04', 5300],
    ]),
    tepcoByDate: new Map([['2023-08-02', 5050]]),
  };

  it('scores unscored forecasts of days before the issue’s JST date that have an actual', () => {
    const rows = [row('2023-08-02'), row('2023-08-03'), row('2023-08-04'), row('2023-08-05')];
    const due = scoresDue(rows, observations, '2023-08-04T18:00:00+09:00', '2023-08-04T09:10:00Z');
    expect(due.map((score) => [score.targetDate, score.actual, score.tepcoForecast])).toEqual([
      ['2023-08-02', 5100, 5050],
      ['2023-08-03', 5200, null],
    ]);
  });

  it('leaves scored rows and days without an actual alone', () => {
    const rows = [row('2023-08-02', { scoredAt: '2023-08-03T18:00:00+09:00', actual: 5100 }), row('2023-08-01')];
    expect(scoresDue(rows, observations, '2023-08-05T18:00:00+09:00', '2023-08-05T09:10:00Z')).toEqual([]);
  });

  it('joins new scores onto their rows, error = point − actual', () => {
    const rows = [row('2023-08-02'), row('2023-08-03')];
    const due = scoresDue(rows, observations, '2023-08-03T18:00:00+09:00', '2023-08-03T09:10:00Z');
    expect(withScores(rows, due).map((r) => [r.targetDate, r.error])).toEqual([
      ['2023-08-02', -100],
      ['2023-08-03', null],
    ]);
  });
});
