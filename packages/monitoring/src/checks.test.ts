import { describe, expect, it } from 'vitest';
import type { AccuracyReport, AccuracyWindow } from './accuracy.js';
import { evaluateChecks } from './checks.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

function report(mapePercent: number, coverage: number): AccuracyReport {
  const window: AccuracyWindow = {
    days: 28,
    from: '2023-06-16',
    to: '2023-07-13',
    samples: 28,
    mapePercent,
    biasManKw: 0,
    coverage,
    coverageSamples: 28,
    tepco: { samples: 0, mapePercent: null },
    naive: { samples: 28, mapePercent: 6 },
  };
  return { modelVersion: '1', lead: 1, asOf: window.to, windows: [window] };
}

const statuses = (mapePercent: number, coverage: number, margins?: Parameters<typeof evaluateChecks>[2]): string[] =>
  evaluateChecks(report(mapePercent, coverage), DEFAULT_THRESHOLDS, margins).map((check) => check.status);

describe('evaluateChecks', () => {
  it('breaches outside the thresholds, and is ok only beyond the clear margin inside them', () => {
    expect(statuses(3.51, 0.69)).toEqual(['breached', 'breached']);
    expect(statuses(3.5, 0.7)).toEqual(['within-margin', 'within-margin']);
    expect(statuses(3.21, 0.719)).toEqual(['within-margin', 'within-margin']);
    expect(statuses(3.2, 0.72)).toEqual(['ok', 'ok']);
    expect(statuses(2.5, 0.881)).toEqual(['ok', 'within-margin']);
    expect(statuses(2.5, 0.91)).toEqual(['ok', 'breached']);
  });

  it('uses the configured margins: none makes every value inside the threshold ok', () => {
    expect(statuses(3.5, 0.7, { mapePercentPoints: 0, coveragePercentPoints: 0 })).toEqual(['ok', 'ok']);
    expect(statuses(3.0, 0.75, { mapePercentPoints: 1, coveragePercentPoints: 6 })).toEqual([
      'within-margin',
      'within-margin',
    ]);
  });
});
