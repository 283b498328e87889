import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, powercastPipeline } from '@powercast/aws-pipeline';
import { describe, expect, it } from 'vitest';
import { dataDir, runCli } from '../../test/cli.js';
import {
  evaluationJob,
  handOver,
  optMl,
  packModel,
  runDataSteps,
  trainingJob,
  type RunStep,
} from './__fixtures__/opt-ml.js';
import { OPT_ML_ROOT_ENV, parseStepArguments } from './step.js';

const pipeline = powercastPipeline(parseConfig({}), 's3://bucket/data');

const step: RunStep = async (root, argv) => {
  const result = await runCli(['step', ...argv], { env: { [OPT_ML_ROOT_ENV]: root } });
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
};

describe.skipIf(!dataDir)('step runner chained like SageMaker', () => {
  it('runs load-data → validate → preprocess → train → evaluate → visualize through /opt/ml paths', async () => {
    const data = await runDataSteps(pipeline, dataDir!, step);
    const quality = JSON.parse(
      readFileSync(join(data.validate, 'processing', 'output', 'quality', 'quality.json'), 'utf8'),
    ) as { failed: boolean; droppedDates: string[] };
    expect(quality).toMatchObject({ failed: false, droppedDates: [] });
    const trainOutput = join(data.preprocess, 'processing', 'output', 'train');
    const trainCsv = readFileSync(join(trainOutput, 'train.csv'), 'utf8').split('\n');
    const features = readFileSync(join(trainOutput, 'features.txt'), 'utf8').trim().split('\n');
    expect(trainCsv[0]!.split(',')).toHaveLength(features.length + 1);
    expect(Number(trainCsv[0]!.split(',')[0])).toBeGreaterThan(1000);

    // Training: channels + hyperparameters.json, model to /opt/ml/model.
    const train = trainingJob(pipeline, data);
    await step(train, ['train']);
    expect(readdirSync(join(train, 'model')).sort()).toEqual(['features.txt', 'model.json']);

    const tarball = join(optMl(), 'model.tar.gz');
    packModel(train, tarball);
    const evaluate = evaluationJob(data, tarball);
    await step(evaluate, ['evaluate']);
    const report = JSON.parse(
      readFileSync(join(evaluate, 'processing', 'output', 'evaluation', 'evaluation.json'), 'utf8'),
    ) as {
      regression_metrics: { mse: { value: number } };
      basis: string;
      ex_ante: { n_days: number; regression_metrics: { mse: { value: number } } } | null;
      backcast: { n_days: number };
    };
    expect(report.regression_metrics.mse.value).toBeGreaterThan(0);
    expect(report.basis).toBe('ex-ante');
    expect(report.ex_ante?.n_days).toBe(92);
    expect(report.regression_metrics.mse.value).toBe(report.ex_ante?.regression_metrics.mse.value);
    expect(report.backcast.n_days).toBe(92);

    const visualize = optMl();
    cpSync(join(evaluate, 'processing', 'input', 'model'), join(visualize, 'processing', 'input', 'model'), {
      recursive: true,
    });
    handOver(evaluate, 'evaluation', visualize);
    handOver(data.validate, 'quality', visualize);
    await step(visualize, ['visualize']);
    expect(readdirSync(join(visualize, 'processing', 'output', 'charts'))).toContain('model_metrics.png');
    expect(readdirSync(join(visualize, 'processing', 'output', 'charts'))).toContain('quality_findings_by_month.png');
  });
});

describe('step runner faults', () => {
  it('writes the failure reason to /opt/ml/output/failure and exits 1 when an input is missing', async () => {
    const root = optMl();
    const result = await runCli(['step', 'evaluate'], { env: { [OPT_ML_ROOT_ENV]: root } });
    expect(result.code).toBe(1);
    const failure = readFileSync(join(root, 'output', 'failure'), 'utf8');
    expect(failure).toBe(`input "model" is missing: ${join(root, 'processing', 'input', 'model')} does not exist`);
    expect(result.err).toContain(failure);
  });

  it('rejects an unknown step and malformed arguments with the usage', async () => {
    const unknown = await runCli(['step', 'deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown step "deploy"');
    expect(() => parseStepArguments(['--target'])).toThrow('expected "--name value" pairs');
    expect(parseStepArguments(['--split_date', '', '--test_days', '92'])).toEqual({ split_date: '', test_days: '92' });
    expect(existsSync('/opt/ml/output/failure')).toBe(false);
  });
});
