import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { getJson, getText } from '../store/artifact-store.js';
import { LocalArtifactStore } from '../store/local-store.js';
import { PipelineDefinitionError, orderSteps, type PipelineDefinition } from './definition.js';
import { powercastPipeline } from './powercast-pipeline.js';
import { readRunRecord } from './run-record.js';
import type { RunRecord } from '@powercast/contracts';
import { runPipeline, type StepImplementations } from './runner.js';

/** Fake step code: small files that depend on their inputs, so hashes and caching behave as with the real steps. */
interface FakeState {
  mse: number;
  calls: string[];
  failIn?: string;
  /** The deployed model's MSE on the same days (undefined: nothing deployed). */
  deployedMse?: number;
  registered?: { approvalStatus: string; description: string }[];
}

function fakeSteps(state: FakeState): StepImplementations {
  const job = (name: string, body: (inputs: Record<string, string>, outputs: Record<string, string>) => void) => ({
    codeVersion: `fake-${name}-v1`,
    async run(context: { inputs: Record<string, string>; outputs: Record<string, string>; log(m: string): void }) {
      state.calls.push(name);
      context.log(`${name} running`);
      if (state.failIn === name) throw new Error(`${name} broke on purpose`);
      body(context.inputs, context.outputs);
    },
  });
  return {
    jobs: {
      'load-data': job('load-data', (inputs, outputs) =>
        writeFileSync(join(outputs['dataset']!, 'daily.csv'), readFileSync(join(inputs['raw']!, 'demand.csv'))),
      ),
      validate: job('validate', (inputs, outputs) => {
        writeFileSync(join(outputs['dataset']!, 'daily.csv'), readFileSync(join(inputs['dataset']!, 'daily.csv')));
        writeFileSync(join(outputs['quality']!, 'quality.json'), '{"findings":[]}');
      }),
      preprocess: job('preprocess', (inputs, outputs) => {
        const rows = readFileSync(join(inputs['dataset']!, 'daily.csv'), 'utf8');
        writeFileSync(join(outputs['train']!, 'train.csv'), rows);
        writeFileSync(join(outputs['test']!, 'test.csv'), rows);
        writeFileSync(join(outputs['spec']!, 'feature-spec.json'), '{}');
      }),
      train: job('train', (inputs, outputs) =>
        writeFileSync(
          join(outputs['model']!, 'model.tar.gz'),
          `model of ${readFileSync(join(inputs['train']!, 'train.csv'), 'utf8')}`,
        ),
      ),
      evaluate: job('evaluate', (_inputs, outputs) =>
        writeFileSync(
          join(outputs['evaluation']!, 'evaluation.json'),
          JSON.stringify({
            regression_metrics: { mse: { value: state.mse } },
            basis: 'ex-ante',
            champion: {
              candidate_mse: state.mse,
              allowed_mse: state.deployedMse === undefined ? state.mse : state.deployedMse * 1.05,
              reason:
                state.deployedMse === undefined
                  ? 'no deployed model: passes'
                  : `candidate mse ${state.mse} vs allowed ${state.deployedMse * 1.05}`,
            },
          }),
        ),
      ),
      visualize: job('visualize', (_inputs, outputs) => {
        mkdirSync(join(outputs['charts']!, 'svg'));
        writeFileSync(join(outputs['charts']!, 'svg', 'model_metrics.svg'), '<svg/>');
      }),
    },
    register: {
      async run(context) {
        state.calls.push('register');
        (state.registered ??= []).push({ approvalStatus: context.approvalStatus, description: context.description });
        expect(readFileSync(join(context.inputs['model']!, 'model.tar.gz'), 'utf8')).toContain('model of');
        return {
          version: 1,
          group: String(context.parameters['model_package_group']),
          modelUri: context.inputUris['model']!,
        };
      },
    },
  };
}

function setup(mse = 100): {
  store: LocalArtifactStore;
  dataDir: string;
  pipeline: PipelineDefinition;
  state: FakeState;
} {
  const root = mkdtempSync(join(tmpdir(), 'powercast-runner-'));
  const dataDir = join(root, 'raw');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'demand.csv'), '2024-01-01,3000\n');
  const config = parseConfig({ mse_threshold: 1000 });
  return {
    store: new LocalArtifactStore(join(root, 'store')),
    dataDir,
    pipeline: powercastPipeline(config, dataDir),
    state: { mse, calls: [] },
  };
}

const statuses = (run: RunRecord): Record<string, string> =>
  Object.fromEntries(run.steps.map((step) => [step.name, step.status]));

describe('runPipeline (local runner) with fake steps', () => {
  it('runs the steps in dependency order and registers when mse <= threshold', async () => {
    const { store, pipeline, state } = setup(100);
    const lines: string[] = [];
    const run = await runPipeline({
      pipeline,
      implementations: fakeSteps(state),
      store,
      progress: (line) => lines.push(line),
    });
    expect(run.status).toBe('Succeeded');
    expect(state.calls).toEqual(['load-data', 'validate', 'preprocess', 'train', 'evaluate', 'visualize', 'register']);
    expect(statuses(run)).toEqual({
      LoadData: 'Succeeded',
      ValidateData: 'Succeeded',
      PreprocessData: 'Succeeded',
      TrainModel: 'Succeeded',
      EvaluateModel: 'Succeeded',
      VisualizeResults: 'Succeeded',
      CheckMSE: 'Succeeded',
      CheckChampion: 'Succeeded',
      RegisterModel: 'Succeeded',
      RegisterRejected: 'Skipped',
      Fail: 'Skipped',
    });
    expect(run.steps.find((step) => step.name === 'CheckMSE')!.properties).toMatchObject({
      left: 100,
      right: 1000,
      outcome: true,
    });
    expect(lines).toContain('[7/11] CheckMSE 100 <= 1000 is true → CheckChampion');
    expect(lines).toContain('[8/11] CheckChampion 100 <= 100 is true → RegisterModel');
    expect(lines[0]).toBe('[1/11] LoadData started');
    expect(lines).toContainEqual(expect.stringMatching(/^\[1\/11\] LoadData done in \d+\.\d\d s$/));
    expect(state.registered).toEqual([
      {
        approvalStatus: 'PendingManualApproval',
        description: 'Powercast daily peak demand forecaster (TEPCO area); CheckChampion: no deployed model: passes',
      },
    ]);
  });

  it('records parameters, durations, input/output URIs with content hashes and a log per step in runs/<runId>/run.json', async () => {
    const { store, pipeline, state } = setup();
    const run = await runPipeline({
      pipeline,
      implementations: fakeSteps(state),
      store,
      parameters: { target: 'peak_5min' },
    });
    const saved = (await getJson(store, `runs/${run.runId}/run.json`)) as RunRecord;
    expect(saved.status).toBe('Succeeded');
    expect(saved.parameters['target']).toBe('peak_5min');
    const train = saved.steps.find((step) => step.name === 'TrainModel')!;
    expect(train.durationMs).toBeGreaterThanOrEqual(0);
    expect(train.inputs[0]).toMatchObject({
      name: 'train',
      uri: store.uriOf(`runs/${run.runId}/steps/PreprocessData/train`),
    });
    const model = train.outputs[0]!;
    expect(model.uri).toBe(store.uriOf(`runs/${run.runId}/steps/TrainModel/model`));
    expect(model.files).toEqual([
      { path: 'model.tar.gz', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) },
    ]);
    expect(await getText(store, `runs/${run.runId}/steps/TrainModel/model/model.tar.gz`)).toContain(
      'model of 2024-01-01',
    );
    expect(await getText(store, `runs/${run.runId}/steps/TrainModel/log.txt`)).toContain('train running');
    const register = saved.steps.find((step) => step.name === 'RegisterModel')!;
    expect(register.properties).toEqual({ version: 1, group: 'PowerForecastPackageGroup', modelUri: model.uri });
  });

  it('writes a run record that reads back against the contract', async () => {
    const { store, pipeline, state } = setup();
    const run = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    const back = await readRunRecord(store, run.runId);
    expect(back.steps.map((step) => [step.name, step.type, step.status])).toEqual(
      run.steps.map((step) => [step.name, step.type, step.status]),
    );
    const condition = back.steps.find((step) => step.type === 'Condition');
    expect(condition?.type === 'Condition' ? condition.properties?.expression : undefined).toBe('100 <= 1000');
  });

  it('skips unchanged steps on a second identical run and reuses the first run’s outputs', async () => {
    const { store, pipeline, state } = setup();
    const first = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    state.calls.length = 0;
    const second = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    expect(state.calls).toEqual(['register']);
    expect(second.steps.filter((step) => step.status === 'Cached').map((step) => step.name)).toEqual([
      'LoadData',
      'ValidateData',
      'PreprocessData',
      'TrainModel',
      'EvaluateModel',
      'VisualizeResults',
    ]);
    expect(second.steps.find((step) => step.name === 'TrainModel')!.cachedFromRunId).toBe(first.runId);
    expect(second.steps.find((step) => step.name === 'TrainModel')!.outputs).toEqual(
      first.steps.find((step) => step.name === 'TrainModel')!.outputs,
    );
  });

  it('runs a step again when the outputs its cache entry points at were deleted', async () => {
    const { store, pipeline, state } = setup();
    const first = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    rmSync(store.uriOf(`runs/${first.runId}/steps/TrainModel/model/model.tar.gz`));
    state.calls.length = 0;
    const second = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    expect(second.status).toBe('Succeeded');
    expect(state.calls).toEqual(['train', 'register']);
  });

  it('does not reuse a cached output that was edited after it was written: the step runs again and says why', async () => {
    const { store, pipeline, state } = setup();
    const first = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    const modelPath = store.uriOf(`runs/${first.runId}/steps/TrainModel/model/model.tar.gz`);
    const original = readFileSync(modelPath, 'utf8');
    writeFileSync(modelPath, 'model of something else');
    state.calls.length = 0;
    const second = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    expect(second.status).toBe('Succeeded');
    // Train runs again and produces the original bytes, so the steps after it hit their cache.
    expect(state.calls).toEqual(['train', 'register']);
    const train = second.steps.find((step) => step.name === 'TrainModel')!;
    expect(train.cachedFromRunId).toBeUndefined();
    const log = await getText(store, `runs/${second.runId}/steps/TrainModel/log.txt`);
    expect(log).toContain(
      `cache entry of run ${first.runId} not used: artifact ${modelPath} does not match its recorded sha256`,
    );
    expect(readFileSync(store.uriOf(`runs/${second.runId}/steps/TrainModel/model/model.tar.gz`), 'utf8')).toBe(
      original,
    );
  });

  it('runs every step again with useCache false', async () => {
    const { store, pipeline, state } = setup();
    await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    state.calls.length = 0;
    await runPipeline({ pipeline, implementations: fakeSteps(state), store, useCache: false });
    expect(state.calls).toEqual(['load-data', 'validate', 'preprocess', 'train', 'evaluate', 'visualize', 'register']);
  });

  it('re-runs the steps downstream of changed input data or a changed parameter, and only those', async () => {
    const { store, pipeline, state, dataDir } = setup();
    await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    writeFileSync(join(dataDir, 'demand.csv'), '2024-01-01,3100\n');
    state.calls.length = 0;
    await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    expect(state.calls).toEqual(['load-data', 'validate', 'preprocess', 'train', 'evaluate', 'visualize', 'register']);
    state.calls.length = 0;
    await runPipeline({
      pipeline,
      implementations: fakeSteps(state),
      store,
      parameters: { hyperparameters: '{"seed":2}' },
    });
    // Only TrainModel reads the hyperparameters; its fake output does not depend on them, so later steps hit the cache.
    expect(state.calls).toEqual(['train', 'register']);
  });

  it('names a failing step, keeps its log, does not run later steps, and resumes from there next time', async () => {
    const { store, pipeline, state } = setup();
    state.failIn = 'train';
    const lines: string[] = [];
    const failed = await runPipeline({
      pipeline,
      implementations: fakeSteps(state),
      store,
      progress: (line) => lines.push(line),
    });
    expect(failed.status).toBe('Failed');
    expect(failed.reason).toBe('step TrainModel failed: train broke on purpose');
    expect(statuses(failed)).toMatchObject({
      PreprocessData: 'Succeeded',
      TrainModel: 'Failed',
      EvaluateModel: 'NotRun',
      RegisterModel: 'NotRun',
    });
    const train = failed.steps.find((step) => step.name === 'TrainModel')!;
    expect(await getText(store, `runs/${failed.runId}/steps/TrainModel/log.txt`)).toContain(
      'FAILED: Error: train broke on purpose',
    );
    expect(train.logUri).toBe(store.uriOf(`runs/${failed.runId}/steps/TrainModel/log.txt`));
    expect(lines.at(-1)).toMatch(/^\[4\/11\] TrainModel FAILED after .*: train broke on purpose \(log: .*log\.txt\)$/);
    expect(((await getJson(store, `runs/${failed.runId}/run.json`)) as RunRecord).status).toBe('Failed');

    delete state.failIn;
    state.calls.length = 0;
    const resumed = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    expect(resumed.status).toBe('Succeeded');
    expect(state.calls).toEqual(['train', 'evaluate', 'visualize', 'register']);
  });

  it('stops through the Fail step without registering when mse > threshold', async () => {
    const { store, pipeline, state } = setup(5000);
    const run = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    expect(run.status).toBe('Stopped');
    // The message names the MSE that was gated (the ex-ante answer's).
    expect(run.reason).toBe('not registered: ex-ante mse 5000 > mse_threshold 1000');
    expect(statuses(run)).toMatchObject({ CheckMSE: 'Succeeded', RegisterModel: 'Skipped', Fail: 'Succeeded' });
    expect(state.calls).not.toContain('register');
  });

  it('registers a candidate worse than the deployed model by more than the margin as Rejected, with the reason', async () => {
    const { store, pipeline, state } = setup(300);
    state.deployedMse = 200;
    const run = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    expect(run.status).toBe('Succeeded');
    expect(statuses(run)).toMatchObject({
      CheckMSE: 'Succeeded',
      CheckChampion: 'Succeeded',
      RegisterModel: 'Skipped',
      RegisterRejected: 'Succeeded',
      Fail: 'Skipped',
    });
    expect(run.steps.find((step) => step.name === 'CheckChampion')!.properties).toMatchObject({
      left: 300,
      right: 210,
      outcome: false,
      next: 'RegisterRejected',
    });
    expect(state.registered).toEqual([
      {
        approvalStatus: 'Rejected',
        description:
          'Powercast daily peak demand forecaster (TEPCO area); rejected by CheckChampion: candidate mse 300 vs allowed 210',
      },
    ]);
    expect(run.reason).toBe(
      'registered PowerForecastPackageGroup/1 as Rejected: Powercast daily peak demand forecaster (TEPCO area); rejected by CheckChampion: candidate mse 300 vs allowed 210',
    );
  });

  it('offers a candidate within the margin of the deployed model for approval', async () => {
    const { store, pipeline, state } = setup(205);
    state.deployedMse = 200;
    const run = await runPipeline({ pipeline, implementations: fakeSteps(state), store });
    expect(statuses(run)).toMatchObject({
      CheckChampion: 'Succeeded',
      RegisterModel: 'Succeeded',
      RegisterRejected: 'Skipped',
    });
    expect(state.registered?.map((entry) => entry.approvalStatus)).toEqual(['PendingManualApproval']);
    expect(run.reason).toBeUndefined();
  });

  it('calls onFailure once with the saved record when a Fail step stops the run or a step fails, never on success', async () => {
    const { store, pipeline, state } = setup(5000);
    const reported: RunRecord[] = [];
    const onFailure = async (record: RunRecord): Promise<void> => void reported.push(structuredClone(record));
    // No cache: the fake evaluate step writes `state.mse`, which its cache key does not see.
    const options = { pipeline, store, onFailure, useCache: false };
    const stopped = await runPipeline({ ...options, implementations: fakeSteps(state) });
    state.mse = 100;
    state.failIn = 'evaluate';
    const failed = await runPipeline({ ...options, implementations: fakeSteps(state) });
    delete state.failIn;
    const succeeded = await runPipeline({ ...options, implementations: fakeSteps(state) });
    expect(succeeded.status).toBe('Succeeded');
    expect(reported.map((record) => [record.runId, record.status, record.reason])).toEqual([
      [stopped.runId, 'Stopped', 'not registered: ex-ante mse 5000 > mse_threshold 1000'],
      [failed.runId, 'Failed', 'step EvaluateModel failed: evaluate broke on purpose'],
    ]);
    expect(reported[1]?.endedAt).toBeDefined();
  });

  it('keeps the run outcome when the failure alert itself fails, and says so', async () => {
    const { store, pipeline, state } = setup(5000);
    const lines: string[] = [];
    const run = await runPipeline({
      pipeline,
      implementations: fakeSteps(state),
      store,
      progress: (line) => lines.push(line),
      onFailure: async () => {
        throw new Error('SNS unreachable');
      },
    });
    expect(run.status).toBe('Stopped');
    expect(lines.at(-1)).toBe(`could not send the failure alert of run ${run.runId}: Error: SNS unreachable`);
  });

  it('rejects an unknown or mistyped parameter before running anything', async () => {
    const { store, pipeline, state } = setup();
    await expect(
      runPipeline({ pipeline, implementations: fakeSteps(state), store, parameters: { msethreshold: 1 } }),
    ).rejects.toThrow(/unknown pipeline parameter "msethreshold"/);
    await expect(
      runPipeline({ pipeline, implementations: fakeSteps(state), store, parameters: { test_days: 'abc' } }),
    ).rejects.toThrow('pipeline parameter "test_days" must be an integer, got "abc"');
    expect(state.calls).toEqual([]);
  });
});

describe('orderSteps', () => {
  it('rejects a reference to a missing output', () => {
    const pipeline = powercastPipeline(parseConfig({}));
    const broken: PipelineDefinition = {
      ...pipeline,
      steps: pipeline.steps.map((step) =>
        step.name === 'TrainModel'
          ? { ...step, inputs: { train: { from: 'step', step: 'PreprocessData', output: 'nope' } } }
          : step,
      ),
    };
    expect(() => orderSteps(broken)).toThrow(PipelineDefinitionError);
    expect(() => orderSteps(broken)).toThrow(
      'step TrainModel input "train" reads unknown output "nope" of PreprocessData',
    );
  });
});
