import { from, type ColumnTable } from 'arquero';
import { describe, expect, it } from 'vitest';
import { featureTableAsOf, type AsOfSources, type IssuedForecast } from '@powercast/features';
import { forecastLookupOf, syntheticAsOfWorld, type SyntheticAsOfWorld } from '../__fixtures__/as-of-sources.js';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { createRng } from '../tree/rng.js';
import {
  backtestAsOf,
  NoForecastIssueError,
  type BacktestAsOfOptions,
  type BacktestAsOfResult,
} from './backtest-as-of.js';

const table = syntheticDailyTable({ from: '2020-01-01', days: 800, seed: 8 });
const world = syntheticAsOfWorld(table, 3, '2021-12-01');
const config = { hyperparameters: { nEstimators: 40, learningRate: 0.15, maxDepth: 4 } };
const options = (w: SyntheticAsOfWorld): BacktestAsOfOptions => ({
  sources: w.sources,
  tepcoNightBefore: w.nightBefore,
  trainUntil: '2021-12-31',
  from: '2022-01-01',
  to: '2022-02-28',
  retrain: 'monthly',
  config,
});

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Every input stamped at or after `cut` replaced by noise: later days, later hours, later JMA issues, TEPCO's forecasts. */
function corruptedAfter(w: SyntheticAsOfWorld, cut: string, seed: number): SyntheticAsOfWorld {
  const random = createRng(seed);
  const noise = (value: number, scale: number): number => Math.round(value + scale * (random() - 0.5) * 10) / 10;
  const cutDay = cut.slice(0, 10);
  const cutAt = Date.parse(cut);
  const cutHour = Number(cut.slice(11, 13));
  const rows = (w.sources.daily.objects() as Record<string, unknown>[]).map((row) =>
    (row.date as string) >= cutDay
      ? {
          ...row,
          peak_hourly: noise(row.peak_hourly as number, 2000),
          max_temp: noise(row.max_temp as number, 20),
          min_temp: noise(row.min_temp as number, 20),
          mean_temp: noise(row.mean_temp as number, 20),
          weather_day: random() < 0.5 ? '雨' : '快晴',
        }
      : row,
  );
  const demand = (w.sources.demand ?? []).map((day) => ({
    ...day,
    hourlyManKw: day.hourlyManKw.map((value, hour) =>
      day.date > cutDay || (day.date === cutDay && hour + 1 > cutHour) ? noise(value ?? 0, 2000) : value,
    ),
  }));
  const temperatures = (w.sources.temperatures ?? []).map((reading) =>
    reading.date > cutDay || (reading.date === cutDay && reading.hour >= cutHour)
      ? { ...reading, tempC: noise(reading.tempC ?? 0, 20) }
      : reading,
  );
  const issues: IssuedForecast[] = w.issues.map((issue) =>
    Date.parse(issue.issued_at) > cutAt
      ? { ...issue, temp_max: noise(issue.temp_max!, 20), temp_min: noise(issue.temp_min!, 20), weather_text: '雨' }
      : issue,
  );
  const sources: AsOfSources = {
    daily: from(rows) as ColumnTable,
    forecasts: forecastLookupOf(issues),
    weatherCodes: [],
    demand,
    temperatures,
  };
  const nightBefore = w.nightBefore.map((value) =>
    value.targetDate > cutDay ? { ...value, valueManKw: noise(value.valueManKw, 2000) } : value,
  );
  return { sources, issues, nightBefore };
}

/** The ex-ante answers of the days up to `last`: the model's, the reference's and the naive one. */
const answersThrough = (result: BacktestAsOfResult, last: string): number[][] =>
  [result.model, result.baselines.reference!, result.baselines.naiveYesterday].map((series) =>
    series.predictions.filter((p) => p.date <= last).map((p) => p.predicted),
  );

describe('backtestAsOf', () => {
  const result = backtestAsOf(options(world));

  it('forecasts every day as of 18:00 JST the day before, from the 17:00 JMA issue, retrained monthly', () => {
    expect(result.window.nTestDays).toBe(59);
    expect(result.model.predictions[0]).toMatchObject({
      date: '2022-01-01',
      issuedAt: '2021-12-31T18:00:00+09:00',
      weatherSource: 'jma 2021-12-31T17:00:00+09:00',
      trainedThrough: '2021-12-30',
    });
    expect(result.window.trainings.map((t) => [t.firstIssuedAt, t.trainThrough])).toEqual([
      ['2021-12-31T18:00:00+09:00', '2021-12-30'],
      ['2022-01-31T18:00:00+09:00', '2022-01-30'],
    ]);
    expect(result.baselines.tepco?.metrics.n).toBe(59);
    expect(result.baselines.backcast?.predictions).toHaveLength(59);
  });

  it('uses the highest hour of D−1 that ended by 18:00 as the naive forecast', () => {
    const first = result.baselines.naiveYesterday.predictions[0]!;
    const yesterday = world.sources.demand!.find((day) => day.date === '2021-12-31')!;
    expect(first.predicted).toBe(Math.max(...(yesterday.hourlyManKw.slice(0, 18) as number[])));
  });

  it('changes no prediction when every input stamped after each issue time is corrupted', () => {
    for (const [i, target] of ['2022-01-01', '2022-01-17', '2022-02-01', '2022-02-20'].entries()) {
      const cut = `${addDays(target, -1)}T18:00:00+09:00`;
      const again = backtestAsOf(options(corruptedAfter(world, cut, 100 + i)));
      expect(answersThrough(again, target), target).toEqual(answersThrough(result, target));
      // The corruption is real: the days after the target see it.
      expect(again.model.predictions.at(-1)!.predicted).not.toBe(result.model.predictions.at(-1)!.predicted);
    }
  });

  it('changes no interval when every input stamped after each issue time is corrupted', () => {
    const withIntervals = (w: SyntheticAsOfWorld): BacktestAsOfOptions => ({
      ...options(w),
      to: '2022-01-31',
      retrain: 'none',
      config: { ...config, quantiles: {} },
    });
    const honest = backtestAsOf(withIntervals(world));
    const intervalsThrough = (r: BacktestAsOfResult, last: string): unknown[] =>
      r.model.predictions.filter((p) => p.date <= last).map((p) => p.interval);
    for (const [i, target] of ['2022-01-01', '2022-01-17'].entries()) {
      const again = backtestAsOf(
        withIntervals(corruptedAfter(world, `${addDays(target, -1)}T18:00:00+09:00`, 200 + i)),
      );
      expect(intervalsThrough(again, target), target).toEqual(intervalsThrough(honest, target));
      expect(again.model.predictions.at(-1)!.interval).not.toEqual(honest.model.predictions.at(-1)!.interval);
    }
    expect(honest.model.predictions.every((p) => p.interval !== undefined)).toBe(true);
    expect(result.model.predictions.some((p) => p.interval !== undefined)).toBe(false);
  });

  it('does change the forecast when D−1 demand before the issue time or the 17:00 JMA issue changes', () => {
    const target = '2022-01-17';
    const index = result.model.predictions.findIndex((p) => p.date === target);
    const demand = world.sources.demand!.map((day) =>
      day.date === addDays(target, -1)
        ? { ...day, hourlyManKw: day.hourlyManKw.map((value, hour) => (hour < 17 ? value! * 1.1 : value)) }
        : day,
    );
    const earlierDemand = backtestAsOf(options({ ...world, sources: { ...world.sources, demand } }));
    expect(earlierDemand.model.predictions[index]!.predicted).not.toBe(result.model.predictions[index]!.predicted);
    const issues = world.issues.map((issue) =>
      issue.target_date === target && issue.issued_at.endsWith('T17:00:00+09:00')
        ? { ...issue, temp_max: issue.temp_max! + 8 }
        : issue,
    );
    const earlierIssue = backtestAsOf(
      options({ ...world, issues, sources: { ...world.sources, forecasts: forecastLookupOf(issues) } }),
    );
    expect(earlierIssue.model.predictions[index]!.predicted).not.toBe(result.model.predictions[index]!.predicted);
  });

  it('says so when no issue of the issue day existed yet and an earlier one is used', () => {
    const issues = world.issues.filter((issue) => !issue.issued_at.startsWith('2022-01-09'));
    const stale = backtestAsOf({
      ...options(world),
      sources: { ...world.sources, forecasts: forecastLookupOf(issues) },
      retrain: 'none',
    });
    const day = stale.model.predictions.find((p) => p.date === '2022-01-10')!;
    expect(day.weatherSource).toBe('jma 2022-01-08T17:00:00+09:00 (latest earlier issue: none on 2022-01-09 by 18:00)');
  });

  it('fails naming the day when no JMA issue exists at its issue time', () => {
    const issues = world.issues.filter((issue) => issue.target_date !== '2022-01-05');
    const run = (): unknown =>
      backtestAsOf({ ...options(world), sources: { ...world.sources, forecasts: forecastLookupOf(issues) } });
    expect(run).toThrow(NoForecastIssueError);
    expect(run).toThrow(/no JMA forecast issue for 2022-01-05 at or before 2022-01-04T18:00:00\+09:00/);
  });

  it('blends the variants by default; blend null answers with the with-history variant alone', () => {
    expect(result.window.blend).toEqual({ weight: 0.5, levelDays: 28 });
    const alone = backtestAsOf({ ...options(world), blend: null, temperatureUncertainty: null });
    expect(alone.window.blend).toBeNull();
    const last = alone.model.predictions.length - 1;
    const withHistory = alone.trainedModel.predictMatrix(
      featureTableAsOf({
        targets: [alone.model.predictions[last]!.date],
        spec: alone.trainedModel.spec,
        sources: world.sources,
      }).matrix,
    );
    expect(alone.model.predictions[last]!.predicted).toBe(withHistory[0]!.peak);
    expect(alone.model.predictions.map((p) => p.predicted)).not.toEqual(
      result.model.predictions.map((p) => p.predicted),
    );
  });

  it("averages the ex-ante answer over JMA's temperature error by default, not the backcast", () => {
    expect(result.window.temperatureUncertainty).toEqual({ maxTempSigmaC: 1, minTempSigmaC: 0.7 });
    const asGiven = backtestAsOf({ ...options(world), temperatureUncertainty: null });
    expect(asGiven.window.temperatureUncertainty).toBeNull();
    expect(asGiven.model.predictions.map((p) => p.predicted)).not.toEqual(
      result.model.predictions.map((p) => p.predicted),
    );
    expect(asGiven.baselines.backcast!.predictions).toEqual(result.baselines.backcast!.predictions);
  });

  it('labels the observed-weather run a backcast', () => {
    const backcast = backtestAsOf({ ...options(world), weather: 'observed', retrain: 'none' });
    expect(backcast.model.name).toBe('powercast backcast');
    expect(backcast.model.predictions.every((p) => p.weatherSource === 'observed (backcast)')).toBe(true);
    expect(backcast.baselines.backcast).toBeNull();
  });
});
