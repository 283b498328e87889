import { describe, expect, it } from 'vitest';
import { syntheticAsOfWorld } from '../__fixtures__/as-of-sources.js';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { backtestAsOf } from './backtest-as-of.js';
import { answerExAnte, answererOf, defaultAnswerSettings } from './ex-ante-answer.js';
import { forecastAsOf } from './forecast-as-of.js';
import { ForecastModel } from './forecast-model.js';
import { calibrateIntervals } from './interval-calibration.js';
import { calibrationDayOf } from './calibrate-ex-ante.js';
import { ModelDocumentError } from './model-document.js';

const table = syntheticDailyTable({ from: '2020-01-01', days: 800, seed: 21 });
const world = syntheticAsOfWorld(table, 5, '2021-12-01');
const hyperparameters = { nEstimators: 40, learningRate: 0.15, maxDepth: 4 };
const quantiles = { hyperparameters: { nEstimators: 30 } };
const train = table.filter((d: { date: string }) => d.date <= '2021-12-30');

describe('a forecast model with quantile models', () => {
  const model = ForecastModel.train(train, { hyperparameters, quantiles });
  const point = ForecastModel.train(train, { hyperparameters });

  it('fits one model per level for each variant and predicts every level for every row', () => {
    expect(model.hasIntervals).toBe(true);
    expect(point.hasIntervals).toBe(false);
    expect(model.quantiles!.levels).toEqual([0.1, 0.5, 0.9]);
    expect(model.quantiles!.withHistory).toHaveLength(3);
    expect(model.quantiles!.weatherCalendar).toHaveLength(3);
    const matrix = answerExAnte({
      answerer: answererOf(model),
      sources: world.sources,
      targets: ['2022-01-05'],
      issuedAt: '2022-01-04T18:00+09:00',
      settings: defaultAnswerSettings,
    }).table.matrix;
    expect(model.predictQuantiles(matrix)!.values.map((v) => v.length)).toEqual([1, 1, 1]);
    expect(point.predictQuantiles(matrix)).toBeNull();
  });

  it('answers every ex-ante day with a non-crossing interval around its point forecast', () => {
    const answer = answerExAnte({
      answerer: answererOf(model),
      sources: world.sources,
      targets: ['2022-01-05', '2022-01-06', '2022-01-07'],
      issuedAt: '2022-01-04T18:00+09:00',
      settings: defaultAnswerSettings,
    });
    for (const prediction of answer.predictions) {
      const band = prediction.interval!;
      expect(band.p50).toBe(prediction.peak);
      expect(band.p10).toBeLessThan(band.p50);
      expect(band.p90).toBeGreaterThan(band.p50);
    }
  });

  it('keeps its point answers: the same peaks as the model without quantile models', () => {
    const ask = (m: ForecastModel): number[] =>
      answerExAnte({
        answerer: answererOf(m),
        sources: world.sources,
        targets: ['2022-01-05', '2022-01-06'],
        issuedAt: '2022-01-04T18:00+09:00',
        settings: defaultAnswerSettings,
      }).predictions.map((p) => p.peak);
    expect(ask(model)).toEqual(ask(point));
  });

  it('serves the interval through forecastAsOf, and a point model none (intervals unavailable)', () => {
    const asOf = '2022-01-04T18:00+09:00';
    const withQuantiles = forecastAsOf({ model, sources: world.sources, asOf });
    expect(withQuantiles.days[0]!.interval).not.toBeNull();
    expect(withQuantiles.warnings).toEqual([]);
    const pointOnly = forecastAsOf({ model: point, sources: world.sources, asOf });
    expect(pointOnly.days[0]!.interval).toBeNull();
    expect(pointOnly.warnings.join(' ')).toMatch(/intervals unavailable/);
  });

  it('stores quantile models and calibration in model.json and answers the same after reloading', () => {
    const days = backtestAsOf({
      sources: world.sources,
      trainUntil: '2021-12-31',
      from: '2022-01-01',
      to: '2022-01-31',
      config: { hyperparameters, quantiles },
    }).model.predictions.map(calibrationDayOf);
    const calibrated = model.withIntervalCalibration(calibrateIntervals(days, 'scaled-band'));
    const reloaded = ForecastModel.fromJSON(JSON.parse(JSON.stringify(calibrated.toJSON())));
    expect(reloaded.intervalCalibration).toEqual(calibrated.intervalCalibration);
    const asOf = '2022-01-20T18:00+09:00';
    expect(forecastAsOf({ model: reloaded, sources: world.sources, asOf }).days).toEqual(
      forecastAsOf({ model: calibrated, sources: world.sources, asOf }).days,
    );
  });

  it('writes no quantile fields for a point model, and loads an older document as a point model', () => {
    const document = point.toJSON();
    expect('quantiles' in document).toBe(false);
    expect('intervalCalibration' in document).toBe(false);
    const { quantiles: _q, ...older } = model.toJSON();
    expect(ForecastModel.fromJSON(older).hasIntervals).toBe(false);
  });

  it('answers every day with an interval when retrained monthly with the with-history variant alone', () => {
    const result = backtestAsOf({
      sources: world.sources,
      trainUntil: '2021-12-31',
      from: '2022-01-20',
      to: '2022-02-10',
      retrain: 'monthly',
      blend: null,
      config: { hyperparameters, quantiles },
    });
    expect(result.window.trainings).toHaveLength(2);
    for (const prediction of result.model.predictions) {
      const band = prediction.interval!;
      expect(band.p50, prediction.date).toBe(prediction.predicted);
      expect(band.p10, prediction.date).toBeLessThan(band.p50);
      expect(band.p90, prediction.date).toBeGreaterThan(band.p50);
    }
  });

  it('names a damaged quantile field', () => {
    const bad = { ...model.toJSON(), quantiles: { ...model.toJSON().quantiles, levels: [0.1, 1.5, 0.9] } };
    expect(() => ForecastModel.fromJSON(bad)).toThrow(ModelDocumentError);
    expect(() => ForecastModel.fromJSON(bad)).toThrow(/quantiles\.levels\.1/);
  });

  it('refuses a calibration without quantile models', () => {
    expect(() =>
      ForecastModel.train(train, {
        hyperparameters,
        intervalCalibration: calibrateIntervals(
          [{ date: '2022-01-01', actual: 1, peak: 1, lowerSpread: 1, upperSpread: 1 }],
          'conformal',
        ),
      }),
    ).toThrow(/also ask for quantiles/);
  });
});
