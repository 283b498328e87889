import { describe, expect, it } from 'vitest';
import { transform } from '@powercast/features';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { ForecastModel, type ForecastPrediction } from './forecast-model.js';
import { blendForecasts, weatherCalendarLevels } from './level-blend.js';
import { rowsBetween } from './table-columns.js';

const table = syntheticDailyTable({ from: '2020-01-01', days: 500, seed: 5 });
const model = ForecastModel.train(rowsBetween(table, undefined, '2020-12-31'), {
  hyperparameters: { nEstimators: 30, learningRate: 0.2, maxDepth: 3 },
});
const observed = transform(table, model.spec);
const weatherCalendar = new Map(
  model.predictMatrix(observed, 'weather-calendar').map((prediction) => [prediction.date, prediction.peak]),
);
const actuals = new Map(
  (table.objects() as { date: string; peak_hourly: number }[]).map((row) => [row.date, row.peak_hourly]),
);

describe('weatherCalendarLevels', () => {
  it('is Σ actual ÷ Σ weather+calendar forecast over D−levelDays−1 .. D−2', () => {
    const [level] = weatherCalendarLevels(model, observed, actuals, ['2021-03-10'], 3);
    const days = ['2021-03-08', '2021-03-07', '2021-03-06'];
    const expected =
      days.reduce((sum, day) => sum + actuals.get(day)!, 0) /
      days.reduce((sum, day) => sum + weatherCalendar.get(day)!, 0);
    expect(level).toBeCloseTo(expected, 12);
  });

  it('reads nothing of D−1 or later: a scaled demand from D−1 on leaves the level unchanged', () => {
    const scaled = new Map([...actuals].map(([day, peak]) => [day, day >= '2021-03-09' ? peak * 1.5 : peak]));
    expect(weatherCalendarLevels(model, observed, scaled, ['2021-03-10'])).toEqual(
      weatherCalendarLevels(model, observed, actuals, ['2021-03-10']),
    );
    const earlier = new Map([...actuals].map(([day, peak]) => [day, day === '2021-03-08' ? peak * 1.5 : peak]));
    expect(weatherCalendarLevels(model, observed, earlier, ['2021-03-10'])[0]).toBeGreaterThan(
      weatherCalendarLevels(model, observed, actuals, ['2021-03-10'])[0]!,
    );
  });

  it('ends the level days at knownThrough when that is before D−2 (a forecast several days ahead)', () => {
    const [capped] = weatherCalendarLevels(model, observed, actuals, ['2021-03-14'], 3, ['2021-03-08']);
    expect(capped).toBe(weatherCalendarLevels(model, observed, actuals, ['2021-03-10'], 3)[0]);
    // A cap after D−2 changes nothing.
    expect(weatherCalendarLevels(model, observed, actuals, ['2021-03-10'], 3, ['2021-03-09'])).toEqual(
      weatherCalendarLevels(model, observed, actuals, ['2021-03-10'], 3),
    );
  });

  it('is 1 when no level day has both an actual and a forecast', () => {
    expect(Array.from(weatherCalendarLevels(model, observed, new Map(), ['2021-03-10']))).toEqual([1]);
  });
});

describe('blendForecasts', () => {
  const answer = (peak: number, variant: ForecastPrediction['variant']): ForecastPrediction => ({
    date: '2021-03-10',
    peak,
    variant,
    weatherCategory: '晴れ',
  });

  it('weighs the with-history answer against the levelled weather+calendar one', () => {
    const peaks = blendForecasts([answer(3000, 'with-history')], [answer(3200, 'weather-calendar')], [0.95], {
      weight: 0.25,
      levelDays: 28,
    });
    expect(peaks[0]).toBeCloseTo(0.75 * 3000 + 0.25 * 3200 * 0.95, 9);
  });

  it('gives the with-history answer at weight 0 and the levelled weather+calendar one without history', () => {
    const wc = [answer(3200, 'weather-calendar')];
    expect(blendForecasts([answer(3000, 'with-history')], wc, [0.9], { weight: 0, levelDays: 28 })).toEqual([3000]);
    expect(blendForecasts([answer(3100, 'weather-calendar')], wc, [0.9])[0]).toBeCloseTo(3200 * 0.9, 9);
  });
});
