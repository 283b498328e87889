import { describe, expect, it } from 'vitest';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { backtest } from './backtest.js';

const table = syntheticDailyTable({ from: '2020-01-01', days: 800, seed: 8 });
const config = { hyperparameters: { nEstimators: 40, learningRate: 0.15, maxDepth: 4 } };
const options = { table, trainUntil: '2021-12-31', from: '2022-01-01', to: '2022-02-28', config };

describe('backtest', () => {
  const result = backtest(options);

  it('forecasts every day of the window with the day-ahead model and the baselines', () => {
    expect(result.window.nTestDays).toBe(59);
    expect(result.model.predictions.map((p) => p.variant)).toEqual(Array(59).fill('with-history'));
    expect(result.weatherCalendar.predictions.every((p) => p.variant === 'weather-calendar')).toBe(true);
    expect(result.baselines.reference.predictions).toHaveLength(59);
    expect(result.model.metrics.n).toBe(59);
  });

  it('uses the actual of D−1 (and D−7) for the naive baselines', () => {
    const actual = new Map(
      (table.objects() as { date: string; peak_hourly: number }[]).map((r) => [r.date, r.peak_hourly]),
    );
    const first = result.baselines.naiveYesterday.predictions[0];
    expect(first.date).toBe('2022-01-01');
    expect(first.predicted).toBe(actual.get('2021-12-31'));
    expect(result.baselines.naiveLastWeek.predictions[0].predicted).toBe(actual.get('2021-12-25'));
  });

  it('never looks at the actual demand of the day it forecasts', () => {
    const target = '2022-01-20';
    const changed = table.derive({ peak_hourly: `d => d.date === '${target}' ? d.peak_hourly + 5000 : d.peak_hourly` });
    const again = backtest({ ...options, table: changed });
    const index = result.model.predictions.findIndex((p) => p.date === target);
    expect(again.model.predictions[index].predicted).toBe(result.model.predictions[index].predicted);
    expect(again.model.predictions[index + 1].predicted).not.toBe(result.model.predictions[index + 1].predicted);
  });

  it('rejects a window that does not start after the training period', () => {
    expect(() => backtest({ ...options, from: '2021-12-01' })).toThrow(/after trainUntil/);
  });
});
