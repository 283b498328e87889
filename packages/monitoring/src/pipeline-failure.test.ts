import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore, type PipelineDefinition } from '@powercast/aws-pipeline';
import { runPipeline, type StepImplementations } from '@powercast/aws-pipeline/local';
import type { RunRecord } from '@powercast/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxNotifier } from './notifier.js';
import { pipelineFailureAlerter } from './pipeline-failure.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'powercast-pipeline-alert-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

function run(status: RunRecord['status'], overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: '20230713T091500Z-abc123',
    pipeline: 'PowerForecastPipeline',
    status,
    startedAt: '2023-07-13T09:15:00.000Z',
    endedAt: '2023-07-13T09:16:10.000Z',
    parameters: {},
    steps: [
      { name: 'ValidateData', type: 'Processing', status: 'Succeeded', inputs: [], outputs: [] },
      {
        name: 'TrainModel',
        type: 'Training',
        status: status === 'Failed' ? 'Failed' : 'Succeeded',
        endedAt: '2023-07-13T09:16:09.000Z',
        error: 'out of memory',
        logUri: '/tmp/store/runs/x/logs/TrainModel.log',
        inputs: [],
        outputs: [],
      },
    ],
    ...(status === 'Failed' ? { reason: 'step TrainModel failed: out of memory' } : {}),
    ...overrides,
  };
}

describe('pipelineFailureAlerter', () => {
  it('sends one alert per failed run naming the step, the reason and since when, however often it is called', async () => {
    const store = new LocalArtifactStore(root);
    const alert = pipelineFailureAlerter({ store, notifiers: [new OutboxNotifier(store)] });
    const event = await alert(run('Failed'));
    expect(await alert(run('Failed'))).toBeNull();
    expect(event).toMatchObject({ source: 'pipeline', check: 'pipeline-failure', episode: '20230713T091500Z-abc123' });
    expect(event?.body).toContain(
      'failed at step TrainModel (since 2023-07-13T09:16:09.000Z): step TrainModel failed: out of memory',
    );
    expect(event?.body).toContain('/tmp/store/runs/x/logs/TrainModel.log');
    expect(event?.subject).toBe('Powercast alert: pipeline run 20230713T091500Z-abc123 failed at TrainModel');
    expect(await readdir(join(root, 'outbox'))).toEqual(['alert-pipeline-failure-20230713T091500Z-abc123-raised.json']);
  });

  it('alerts when a Fail step stopped the run, and not for a run that succeeded', async () => {
    const store = new LocalArtifactStore(root);
    const alert = pipelineFailureAlerter({ store, notifiers: [] });
    expect(await alert(run('Succeeded'))).toBeNull();
    const stopped = run('Stopped', {
      runId: 'r-2',
      reason: 'MSE 41000 above the threshold 40000',
      steps: [{ name: 'CheckMSEFail', type: 'Fail', status: 'Succeeded', inputs: [], outputs: [] }],
    });
    const event = await alert(stopped);
    expect(event?.body).toContain('was stopped by its Fail step at step CheckMSEFail');
    expect(event?.body).toContain('MSE 41000 above the threshold 40000');
  });
});

describe('pipelineFailureAlerter as the local runner calls it', () => {
  const step = { description: 'test step', inputs: {}, parameters: [] };
  const implementations = (broken: boolean): StepImplementations => ({
    jobs: {
      prepare: {
        codeVersion: 'v1',
        run: async () => {
          if (broken) throw new Error('the TEPCO file of 2023-07-12 is truncated');
        },
      },
    },
    register: {
      run: async () => {
        throw new Error('no register step in this pipeline');
      },
    },
  });
  const pipeline = (withFail: boolean): PipelineDefinition => ({
    name: 'AlertTestPipeline',
    parameters: [],
    steps: [
      { ...step, name: 'Prepare', type: 'Processing', command: 'prepare', outputs: [], propertyFiles: [] },
      ...(withFail
        ? [{ ...step, name: 'Stop', type: 'Fail' as const, errorMessage: [{ literal: 'stopped on purpose' }] }]
        : []),
    ],
  });

  it('alerts once for a run whose step threw and once for a run a Fail step stopped, through the outbox', async () => {
    const store = new LocalArtifactStore(root);
    const onFailure = pipelineFailureAlerter({ store, notifiers: [new OutboxNotifier(store)] });
    const failed = await runPipeline({
      pipeline: pipeline(false),
      implementations: implementations(true),
      store,
      onFailure,
    });
    const stopped = await runPipeline({
      pipeline: pipeline(true),
      implementations: implementations(false),
      store,
      onFailure,
    });
    const succeeded = await runPipeline({
      pipeline: pipeline(false),
      implementations: implementations(false),
      store,
      onFailure,
      useCache: false,
    });
    expect([failed.status, stopped.status, succeeded.status]).toEqual(['Failed', 'Stopped', 'Succeeded']);
    const outbox = (await readdir(join(root, 'outbox'))).sort();
    expect(outbox).toEqual(
      [failed.runId, stopped.runId].map((runId) => `alert-pipeline-failure-${runId}-raised.json`).sort(),
    );
    const message = JSON.parse(
      await readFile(join(root, 'outbox', `alert-pipeline-failure-${failed.runId}-raised.json`), 'utf8'),
    ) as { body: string };
    expect(message.body).toContain('failed at step Prepare');
    expect(message.body).toContain('the TEPCO file of 2023-07-12 is truncated');
  });
});
