import { describe, expect, it } from 'vitest';
import { intervalScores } from './interval-scores.js';

describe('intervalScores', () => {
  const interval = { p10: 90, p50: 100, p90: 120 };

  it('averages the pinball loss per quantile, the coverage and the width over the days', () => {
    const scores = intervalScores([
      { actual: 100, interval },
      { actual: 130, interval },
    ])!;
    // Day 1: 0.1·10, 0, 0.1·20 (below P90 by 20: (1 − 0.9)·20). Day 2: 0.1·40, 0.5·30, 0.9·10.
    expect(scores.pinball_loss.p10).toBeCloseTo((1 + 4) / 2, 12);
    expect(scores.pinball_loss.p50).toBeCloseTo((0 + 15) / 2, 12);
    expect(scores.pinball_loss.p90).toBeCloseTo((2 + 9) / 2, 12);
    expect(scores.pinball_loss.mean).toBeCloseTo((2.5 + 7.5 + 5.5) / 3, 12);
    expect(scores.coverage_80).toBe(0.5);
    expect(scores.mean_width_80).toBe(30);
    expect(scores.n_days).toBe(2);
  });

  it('counts the band ends as inside, and is null for no days', () => {
    expect(
      intervalScores([
        { actual: 90, interval },
        { actual: 120, interval },
      ])!.coverage_80,
    ).toBe(1);
    expect(intervalScores([])).toBeNull();
  });
});
