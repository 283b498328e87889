import * as aq from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AsOfInputs, ForecastIssueRow } from '@powercast/data-loaders';
import type { AsOfSources } from '@powercast/features';
import { dataDir } from '../../test/cli.js';
import { replayForecasts, type ReplayedIssue } from './daily-backfill.js';

const HOUR_MS = 3_600_000;
/** The issue the corruption starts after: the backfill retrains at 04-01, so both paths are covered. */
const CUT = '2023-04-01T18:00:00+09:00';
const CONFIG = { hyperparameters: { nEstimators: 40, learningRate: 0.2 } };

/** Every input stamped after `asOf` replaced: later days and hours of demand and temperature, later JMA issues. */
function corruptedAfter(sources: AsOfInputs, asOf: string): AsOfSources {
  const cut = Date.parse(asOf);
  const cutDay = new Date(cut + 9 * HOUR_MS).toISOString().slice(0, 10);
  const cutHour = new Date(cut + 9 * HOUR_MS).getUTCHours();
  const daily = (sources.daily.objects() as Record<string, unknown>[]).map((row) =>
    (row['date'] as string) >= cutDay
      ? { ...row, peak_hourly: 9999, peak_5min: 9999, max_temp: 45, min_temp: 40, weather_day: '雨' }
      : row,
  );
  const demand = (sources.demand ?? []).map((day) => ({
    ...day,
    hourlyManKw: day.hourlyManKw.map((value, hour) =>
      day.date > cutDay || (day.date === cutDay && hour + 1 > cutHour) ? 9999 : value,
    ),
  }));
  const temperatures = (sources.temperatures ?? []).map((reading) =>
    reading.date > cutDay || (reading.date === cutDay && reading.hour >= cutHour) ? { ...reading, tempC: 45 } : reading,
  );
  return {
    ...sources,
    daily: aq.from(daily),
    demand,
    temperatures,
    forecasts: laterIssuesCorrupted(sources, cut),
  };
}

let ForecastIssueIndex: typeof import('@powercast/data-loaders').ForecastIssueIndex;

function laterIssuesCorrupted(sources: AsOfInputs, cut: number): AsOfSources['forecasts'] {
  const rows = (sources.forecastDataset?.rows ?? []).map((row): ForecastIssueRow =>
    Date.parse(row.issued_at) > cut ? { ...row, temp_max: row.temp_max === null ? null : 45, weather_text: '雨' } : row,
  );
  return new ForecastIssueIndex(rows);
}

const peaks = (issues: readonly ReplayedIssue[]): [string, string, number[]][] =>
  issues.map((issue) => [issue.day, issue.version, issue.forecast?.days.map((day) => day.peakManKw) ?? []]);

describe.skipIf(!dataDir)('replayForecasts (shared data)', () => {
  let inputs: AsOfInputs;
  let model: typeof import('@powercast/model');
  beforeAll(async () => {
    const loaders = await import('@powercast/data-loaders');
    ForecastIssueIndex = loaders.ForecastIssueIndex;
    const { loadAsOfInputs } = loaders;
    model = await import('@powercast/model');
    inputs = await loadAsOfInputs({ source: dataDir! });
  });

  const replay = (sources: AsOfSources, from: string, to: string): ReplayedIssue[] => [
    ...replayForecasts({ sources, config: CONFIG, from, to }, model),
  ];

  it('retrains at each month’s first issue on the days over by then, and forecasts D+1..D+7 of each day', () => {
    const issues = replay(inputs, '2023-03-31', '2023-04-01');
    expect(issues.map((issue) => [issue.issuedAt, issue.version, issue.trained?.trainThrough ?? null])).toEqual([
      ['2023-03-31T18:00:00+09:00', 'backfill-2023-03-30', '2023-03-30'],
      ['2023-04-01T18:00:00+09:00', 'backfill-2023-03-31', '2023-03-31'],
    ]);
    expect(issues.map((issue) => issue.forecast!.days.map((day) => day.leadDays))).toEqual([
      [1, 2, 3, 4, 5, 6, 7],
      [1, 2, 3, 4, 5, 6, 7],
    ]);
  }, 120_000);

  it('changes no forecast when every input stamped after the issue is corrupted, retraining included', () => {
    const honest = replay(inputs, '2023-03-31', '2023-04-02');
    const corrupted = replay(corruptedAfter(inputs, CUT), '2023-03-31', '2023-04-02');
    expect(peaks(corrupted.slice(0, 2))).toEqual(peaks(honest.slice(0, 2)));
    // The corruption reaches the next issue, which may see 04-01 in full.
    expect(peaks(corrupted.slice(2))).not.toEqual(peaks(honest.slice(2)));
  }, 180_000);
});
