import type { LedgerRow } from '@powercast/contracts';
import { DEFAULT_THRESHOLDS } from '@powercast/monitoring';
import { archiveDays, backtestLedger, weekAheadRows } from '@powercast/monitoring/testing';
import { describe, expect, it } from 'vitest';
import { consoleView, type ConsoleModel } from './console-view.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];
const model: ConsoleModel = {
  ready: true,
  version: '2',
  backend: 'local',
  trainedWindow: null,
  loadedAt: null,
  reason: null,
  evaluationUrl: null,
  charts: [],
};

describe.skipIf(!dataDir)('consoleView', () => {
  it('shows the newest issue as tomorrow and the week ahead, and the last 60 issued day-ahead forecasts against actuals', async () => {
    const days = await archiveDays(dataDir as string, '2023-10-01', '2023-12-31');
    // Version 1 until November, version 2 from December (a monthly retraining); a second, later issue
    // for 2023-12-31 replaces the first in the history.
    const rows: LedgerRow[] = [
      ...backtestLedger(days.filter((day) => day.date < '2023-12-01')),
      ...backtestLedger(
        days.filter((day) => day.date >= '2023-12-01'),
        { modelVersion: '2' },
      ),
      ...backtestLedger(
        days.filter((day) => day.date === '2023-12-31'),
        { modelVersion: '2', point: () => 1234 },
      ).map((row) => ({ ...row, issuedAt: '2023-12-30T21:00:00+09:00' })),
      ...weekAheadRows('2023-12-31', [3500, 3600, 3700, 3800, 3900, 4000, 4100], '2'),
    ];
    const view = consoleView({ rows, model, alerts: [], thresholds: DEFAULT_THRESHOLDS });
    expect(view.latestIssue?.issuedAt).toBe('2023-12-31T18:00:00+09:00');
    expect(view.latestIssue?.days.map((day) => [day.lead, day.targetDate, day.point])).toEqual(
      [3500, 3600, 3700, 3800, 3900, 4000, 4100].map((point, i) => [i + 1, `2024-01-0${i + 1}`, point]),
    );
    expect(view.history).toHaveLength(60);
    expect(view.history[0]?.targetDate).toBe('2023-11-02');
    expect(view.history.at(-1)).toMatchObject({ targetDate: '2023-12-31', point: 1234, modelVersion: '2' });
    const actual = new Map(days.map((day) => [day.date, day]));
    for (const day of view.history) {
      expect(day.actual).toBe(actual.get(day.targetDate)?.actual);
      expect(day.tepcoForecast).toBe(actual.get(day.targetDate)?.tepcoForecast);
    }
    // Rolling accuracy is the served version's: version 2's December only.
    expect(view.accuracy?.modelVersion).toBe('2');
    expect(view.accuracy?.windows[1]?.samples).toBe(28);
  });
});
