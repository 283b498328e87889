import { describe, expect, it } from 'vitest';
import type { AccuracyWindow } from './accuracy.js';
import { alertTransitions, type OpenAlert } from './alert-state.js';
import type { CheckResult } from './checks.js';

const window: AccuracyWindow = {
  days: 28,
  from: '2023-06-16',
  to: '2023-07-13',
  samples: 28,
  mapePercent: 3.6,
  biasManKw: 40,
  coverage: 0.8,
  coverageSamples: 28,
  tepco: { samples: 28, mapePercent: 2.8 },
  naive: { samples: 28, mapePercent: 6.1 },
};
const check = (status: CheckResult['status']): CheckResult => ({
  id: 'mape-28d',
  metric: '28-day MAPE',
  value: 3.6,
  allowed: '≤ 3.5 %',
  status,
  modelVersion: '1',
  window,
});
const open: OpenAlert = { check: 'mape-28d', episode: 2, since: '2023-07-01', raisedAt: '2023-07-01T09:00:00Z' };

describe('alertTransitions', () => {
  it('raises the next episode on ok → breached and nothing while it stays breached', () => {
    expect(alertTransitions(new Map(), new Map([['mape-28d', 2]]), [check('breached')])).toEqual([
      { kind: 'raise', check: check('breached'), episode: 3 },
    ]);
    expect(alertTransitions(new Map([['mape-28d', open]]), new Map(), [check('breached')])).toEqual([]);
  });

  it('clears the open alert on recovery, and leaves the state alone with too few samples', () => {
    expect(alertTransitions(new Map([['mape-28d', open]]), new Map(), [check('ok')])).toEqual([
      { kind: 'clear', check: check('ok'), alert: open },
    ]);
    expect(alertTransitions(new Map([['mape-28d', open]]), new Map(), [check('insufficient-data')])).toEqual([]);
    expect(alertTransitions(new Map(), new Map(), [check('insufficient-data'), check('ok')])).toEqual([]);
  });
});
