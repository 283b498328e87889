import type { ColumnTable } from 'arquero';
import type { ForecastModel } from '@powercast/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { asOfInputsDocument, type AsOfInputsDocument } from './as-of-inputs.js';
import { compareWithDeployed, type DeployedScore } from './champion-comparison.js';
import { demandHistory } from './daily-table.js';
import { evaluateTestWindow, type TestWindowEvaluation } from './test-window-evaluation.js';

const dataDir = process.env['POWERCAST_DATA_DIR'];

const between = (table: ColumnTable, from: string, to: string): ColumnTable =>
  table
    .params({ from, to })
    .filter((d: { date: string }, $: { from: string; to: string }) => d.date >= $.from && d.date <= $.to);

const TRAINED = { from: '2016-04-01', to: '2022-03-31' };

describe.skipIf(!dataDir)('the champion/challenger comparison on the shared data', () => {
  let good: TestWindowEvaluation;
  let poor: TestWindowEvaluation;
  const deployedAs = (evaluation: TestWindowEvaluation, trainingWindow = TRAINED): DeployedScore => ({
    version: 1,
    artifactUri: '/store/runs/r1/steps/TrainModel/model/model.tar.gz',
    trainingWindow,
    evaluation,
  });

  beforeAll(async () => {
    const [{ loadAsOfInputs }, { ForecastModel }] = await Promise.all([
      import('@powercast/data-loaders'),
      import('@powercast/model'),
    ]);
    const inputs = await loadAsOfInputs({ source: dataDir! });
    const daily = inputs.daily;
    const asOf: AsOfInputsDocument = asOfInputsDocument(inputs);
    const train = between(daily, TRAINED.from, TRAINED.to);
    const score = (model: ForecastModel): Promise<TestWindowEvaluation> =>
      evaluateTestWindow({
        model,
        test: between(daily, '2022-04-02', '2022-06-30'),
        history: demandHistory(daily, 'peak_hourly'),
        daily,
        asOf,
      });
    good = await score(ForecastModel.train(train));
    // Two shallow trees at a small learning rate: a model that is clearly worse on any window.
    poor = await score(ForecastModel.train(train, { hyperparameters: { nEstimators: 2, learningRate: 0.05 } }));
  }, 120_000);

  it('rejects a candidate worse than the deployed model by more than the margin, naming both MSEs', () => {
    const comparison = compareWithDeployed(poor, { kind: 'deployed', score: deployedAs(good) }, 5);
    const deployedMse = good.document.regression_metrics.mse.value;
    const candidateMse = poor.document.regression_metrics.mse.value;
    expect(comparison.outcome).toBe('compared');
    expect(comparison.basis).toBe('ex-ante');
    expect(comparison.deployed_mse).toBeCloseTo(deployedMse, 6);
    expect(comparison.candidate_mse).toBeCloseTo(candidateMse, 6);
    expect(comparison.allowed_mse).toBeCloseTo(deployedMse * 1.05, 6);
    expect(comparison.passes).toBe(false);
    expect(comparison.reason).toBe(
      `worse than the deployed model: candidate ex-ante mse ${candidateMse.toFixed(1)} > allowed ${(deployedMse * 1.05).toFixed(1)} ` +
        `(deployed v1 ex-ante mse ${deployedMse.toFixed(1)} + 5 % margin) on 90 days 2022-04-02 .. 2022-06-30`,
    );
    // The approver sees the deployed model's figures on the same days, both variants included.
    expect(comparison.deployed?.gated.n_days).toBe(90);
    expect(comparison.deployed?.variants.weather_calendar.regression_metrics).toEqual(
      good.document.ex_ante?.variants.weather_calendar.regression_metrics,
    );
  });

  it('passes a candidate that beats the deployed model', () => {
    const comparison = compareWithDeployed(good, { kind: 'deployed', score: deployedAs(poor) }, 5);
    expect(comparison.passes).toBe(true);
    expect(comparison.candidate_mse).toBeLessThanOrEqual(comparison.allowed_mse);
    expect(comparison.reason).toMatch(/^candidate ex-ante mse [\d.]+ <= allowed [\d.]+ \(deployed v1 ex-ante mse/);
  });

  it('passes a candidate equal to the deployed model with a zero margin (not worse is enough)', () => {
    expect(compareWithDeployed(good, { kind: 'deployed', score: deployedAs(good) }, 0).passes).toBe(true);
  });

  it('passes without a deployed model and says so', () => {
    const comparison = compareWithDeployed(poor, { kind: 'none', group: 'PowerForecastPackageGroup' }, 5);
    expect(comparison).toMatchObject({
      outcome: 'no-deployed-model',
      passes: true,
      deployed_mse: null,
      deployed: null,
      allowed_mse: poor.document.regression_metrics.mse.value,
      reason: 'no deployed model in PowerForecastPackageGroup: the champion/challenger gate passes',
    });
  });

  it('flags a deployed model that was trained on days of the window (its figure is in-sample)', () => {
    const comparison = compareWithDeployed(
      poor,
      { kind: 'deployed', score: deployedAs(good, { from: '2016-04-01', to: '2022-04-30' }) },
      5,
    );
    expect(comparison.deployed?.days_in_training).toBe(29);
    expect(comparison.reason).toMatch(/; deployed v1 was trained on 29 of these days \(in-sample\)$/);
  });
});
