import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, powercastPipeline, resolveParameters, type JobStep } from '@powercast/aws-pipeline';
import { describe, expect, it } from 'vitest';
import { dataDir, runCli } from '../../test/cli.js';
import { OPT_ML_ROOT_ENV, parseStepArguments } from './step.js';

/** A fresh folder laid out like a SageMaker job's /opt/ml (each job gets its own container). */
function optMl(): string {
  return mkdtempSync(join(tmpdir(), 'opt-ml-'));
}

const pipeline = powercastPipeline(parseConfig({}), 's3://bucket/data');
const parameters = resolveParameters(pipeline);

/** The `--name value` container arguments of a step, as the compiled definition passes them. */
function argumentsOf(stepName: string): string[] {
  const step = pipeline.steps.find((candidate) => candidate.name === stepName) as JobStep;
  return step.parameters.flatMap((name) => [`--${name}`, String(parameters[name])]);
}

async function step(root: string, argv: string[]): Promise<void> {
  const result = await runCli(['step', ...argv], { env: { [OPT_ML_ROOT_ENV]: root } });
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
}

describe.skipIf(!dataDir)('step runner chained like SageMaker', () => {
  it('runs load-data → validate → preprocess → train → evaluate → visualize through /opt/ml paths', async () => {
    const load = optMl();
    mkdirSync(join(load, 'processing', 'input'), { recursive: true });
    symlinkSync(dataDir!, join(load, 'processing', 'input', 'raw'));
    await step(load, ['load-data', ...argumentsOf('LoadData')]);

    // ValidateData reads the raw files again (for their lines) beside LoadData's outputs.
    const validate = optMl();
    mkdirSync(join(validate, 'processing', 'input'), { recursive: true });
    symlinkSync(dataDir!, join(validate, 'processing', 'input', 'raw'));
    for (const name of ['dataset', 'as_of'])
      cpSync(join(load, 'processing', 'output', name), join(validate, 'processing', 'input', name), {
        recursive: true,
      });
    await step(validate, ['validate', ...argumentsOf('ValidateData')]);
    const quality = JSON.parse(
      readFileSync(join(validate, 'processing', 'output', 'quality', 'quality.json'), 'utf8'),
    ) as { failed: boolean; droppedDates: string[] };
    expect(quality).toMatchObject({ failed: false, droppedDates: [] });

    const preprocess = optMl();
    cpSync(join(validate, 'processing', 'output', 'dataset'), join(preprocess, 'processing', 'input', 'dataset'), {
      recursive: true,
    });
    await step(preprocess, ['preprocess', ...argumentsOf('PreprocessData')]);
    const trainCsv = readFileSync(join(preprocess, 'processing', 'output', 'train', 'train.csv'), 'utf8').split('\n');
    const features = readFileSync(join(preprocess, 'processing', 'output', 'train', 'features.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(trainCsv[0]!.split(',')).toHaveLength(features.length + 1);
    expect(Number(trainCsv[0]!.split(',')[0])).toBeGreaterThan(1000);

    // Training: channel + hyperparameters.json (SageMaker writes every value as a string), model to /opt/ml/model.
    const train = optMl();
    // Every channel the definition declares (train, and LoadData's as-of inputs for the as-served rows).
    for (const [channel, source] of [
      ['train', join(preprocess, 'processing', 'output', 'train')],
      ['as_of', join(load, 'processing', 'output', 'as_of')],
    ] as const)
      cpSync(source, join(train, 'input', 'data', channel), { recursive: true });
    mkdirSync(join(train, 'input', 'config'), { recursive: true });
    const trainStep = pipeline.steps.find((candidate) => candidate.name === 'TrainModel') as JobStep;
    const hyperparameters = Object.fromEntries(trainStep.parameters.map((name) => [name, String(parameters[name])]));
    writeFileSync(join(train, 'input', 'config', 'hyperparameters.json'), JSON.stringify(hyperparameters));
    await step(train, ['train']);
    expect(readdirSync(join(train, 'model')).sort()).toEqual(['features.txt', 'model.json']);

    // SageMaker packs /opt/ml/model into model.tar.gz and hands that to the next job.
    const evaluate = optMl();
    const modelInput = join(evaluate, 'processing', 'input', 'model');
    mkdirSync(modelInput, { recursive: true });
    execFileSync('tar', ['-czf', join(modelInput, 'model.tar.gz'), '-C', join(train, 'model'), '.']);
    cpSync(join(preprocess, 'processing', 'output', 'test'), join(evaluate, 'processing', 'input', 'test'), {
      recursive: true,
    });
    // The ex-ante rows need the validated daily table and LoadData's as-of inputs, mounted as the definition declares.
    cpSync(join(validate, 'processing', 'output', 'dataset'), join(evaluate, 'processing', 'input', 'dataset'), {
      recursive: true,
    });
    cpSync(join(load, 'processing', 'output', 'as_of'), join(evaluate, 'processing', 'input', 'as_of'), {
      recursive: true,
    });
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
    cpSync(modelInput, join(visualize, 'processing', 'input', 'model'), { recursive: true });
    cpSync(join(evaluate, 'processing', 'output', 'evaluation'), join(visualize, 'processing', 'input', 'evaluation'), {
      recursive: true,
    });
    cpSync(join(validate, 'processing', 'output', 'quality'), join(visualize, 'processing', 'input', 'quality'), {
      recursive: true,
    });
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
