import { describe, expect, it } from 'vitest';
import { featureTableAsOf } from '@powercast/features';
import { syntheticAsOfWorld } from '../__fixtures__/as-of-sources.js';
import { syntheticDailyTable } from '../__fixtures__/daily-table.js';
import { backtestAsOf } from './backtest-as-of.js';
import { answerExAnte, answererOf, answerRows, defaultAnswerSettings, levelRowsOf } from './ex-ante-answer.js';
import { forecastAsOf } from './forecast-as-of.js';
import { ForecastModel } from './forecast-model.js';
import { ModelDocumentError } from './model-document.js';

const table = syntheticDailyTable({ from: '2020-01-01', days: 800, seed: 13 });
const world = syntheticAsOfWorld(table, 4, '2021-12-01');
const config = { hyperparameters: { nEstimators: 40, learningRate: 0.15, maxDepth: 4 } };

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('the one ex-ante answer', () => {
  const backtest = backtestAsOf({
    sources: world.sources,
    trainUntil: '2021-12-31',
    from: '2022-01-01',
    to: '2022-01-31',
    retrain: 'none',
    config,
  });
  const model = backtest.trainedModel;

  it('is what forecastAsOf serves: the backtest and the served forecast give the same peak for every day', () => {
    expect(model.answerSettings).toEqual(defaultAnswerSettings);
    for (const prediction of backtest.model.predictions) {
      const served = forecastAsOf({
        model,
        sources: world.sources,
        asOf: `${addDays(prediction.date, -1)}T18:00+09:00`,
      });
      expect(served.days[0]!.date).toBe(prediction.date);
      expect(served.days[0]!.peakManKw, prediction.date).toBeCloseTo(prediction.predicted, 9);
    }
  });

  it('survives the artifact: a reloaded model answers as it was trained to', () => {
    const plain = backtestAsOf({
      sources: world.sources,
      trainUntil: '2021-12-31',
      from: '2022-01-01',
      to: '2022-01-10',
      config,
      blend: null,
      temperatureUncertainty: null,
    });
    const reloaded = ForecastModel.fromJSON(JSON.parse(JSON.stringify(plain.trainedModel.toJSON())));
    expect(reloaded.answerSettings).toEqual({ blend: null, temperatureUncertainty: null });
    const asOf = '2022-01-09T18:00+09:00';
    const served = forecastAsOf({ model: reloaded, sources: world.sources, asOf });
    const rows = featureTableAsOf({
      targets: ['2022-01-10'],
      issuedAt: asOf,
      spec: reloaded.spec,
      sources: world.sources,
    });
    expect(served.days[0]!.peakManKw).toBe(reloaded.predictMatrix(rows.matrix)[0]!.peak);
    expect(plain.model.predictions.at(-1)!.predicted).toBe(served.days[0]!.peakManKw);
  });

  it('loads a model written before the settings existed with the defaults, and names a bad setting', () => {
    const { answer: _dropped, ...older } = model.toJSON();
    expect(ForecastModel.fromJSON(older).answerSettings).toEqual(defaultAnswerSettings);
    const bad = { ...model.toJSON(), answer: { blend: { weight: 2, levelDays: 28 }, temperatureUncertainty: null } };
    expect(() => ForecastModel.fromJSON(bad)).toThrow(ModelDocumentError);
    expect(() => ForecastModel.fromJSON(bad)).toThrow(/answer\.blend\.weight/);
  });

  it('reads no actual of the as-of day or later for any lead, however far ahead', () => {
    const asOf = '2022-01-20T18:00+09:00';
    const targets = Array.from({ length: 7 }, (_, k) => addDays('2022-01-20', k + 1));
    const answer = (levelRows: ReturnType<typeof levelRowsOf>): number[] =>
      answerExAnte({
        answerer: answererOf(model),
        sources: world.sources,
        targets,
        issuedAt: asOf,
        settings: defaultAnswerSettings,
        levelRows,
      }).predictions.map((p) => p.peak);
    const honest = levelRowsOf(world.sources.daily, model.spec);
    const future = new Map([...honest.actualByDate].map(([day, peak]) => [day, day >= '2022-01-20' ? peak * 2 : peak]));
    expect(answer({ ...honest, actualByDate: future })).toEqual(answer(honest));
    const past = new Map([...honest.actualByDate].map(([day, peak]) => [day, day === '2022-01-19' ? peak * 2 : peak]));
    expect(answer({ ...honest, actualByDate: past })[6]).not.toBe(answer(honest)[6]);
  });

  it('answers rows as the model does when nothing is blended, and refuses a blend without level rows', () => {
    const rows = featureTableAsOf({ targets: ['2022-01-05'], spec: model.spec, sources: world.sources }).matrix;
    const input = { answerer: answererOf(model), matrices: [{ weight: 1, matrix: rows }], targets: ['2022-01-05'] };
    expect(answerRows({ ...input, knownThrough: ['2022-01-03'], blend: null })).toEqual(model.predictMatrix(rows));
    expect(() => answerRows({ ...input, knownThrough: ['2022-01-03'], blend: defaultAnswerSettings.blend })).toThrow(
      /level rows/,
    );
  });
});
