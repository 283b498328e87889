import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRecordKey, type RunRecord } from '@powercast/contracts';
import { describe, expect, it } from 'vitest';
import { toJsonText } from '../store/artifact-store.js';
import { LocalArtifactStore } from '../store/local-store.js';
import { RunRecordError, parseRunRecord, readRunRecord } from './run-record.js';

const model = {
  name: 'model',
  uri: '/store/runs/r1/steps/TrainModel/model',
  sha256: 'a'.repeat(64),
  files: [{ path: 'model.tar.gz', sha256: 'b'.repeat(64), bytes: 1234 }],
};

/** One step of every kind, each with its result. */
const record: RunRecord = {
  runId: 'r1',
  pipeline: 'PowerForecastPipeline',
  status: 'Succeeded',
  startedAt: '2025-01-01T00:00:00.000Z',
  endedAt: '2025-01-01T00:01:00.000Z',
  durationMs: 60_000,
  parameters: { mse_threshold: 40_000, target: 'peak_hourly' },
  steps: [
    { name: 'TrainModel', type: 'Training', status: 'Succeeded', durationMs: 900, inputs: [], outputs: [model] },
    {
      name: 'CheckMSE',
      type: 'Condition',
      status: 'Succeeded',
      inputs: [],
      outputs: [],
      properties: { left: 100, right: 40_000, outcome: true, expression: '100 <= 40000', next: 'RegisterModel' },
    },
    {
      name: 'RegisterModel',
      type: 'RegisterModel',
      status: 'Succeeded',
      inputs: [model],
      outputs: [],
      properties: {
        group: 'PowerForecastPackageGroup',
        version: 7,
        status: 'PendingManualApproval',
        alreadyRegistered: false,
      },
    },
    { name: 'Fail', type: 'Fail', status: 'Skipped', inputs: [], outputs: [] },
  ],
};

async function storeWith(text: string): Promise<LocalArtifactStore> {
  const store = new LocalArtifactStore(mkdtempSync(join(tmpdir(), 'powercast-run-record-')));
  await store.put(runRecordKey('r1'), text);
  return store;
}

describe('run records', () => {
  it('read back from the store exactly as written, step results typed by kind', async () => {
    const store = await storeWith(toJsonText(record));
    const back = await readRunRecord(store, 'r1');
    expect(back).toEqual(record);
    const registered = back.steps.find((step) => step.type === 'RegisterModel');
    expect(registered?.type === 'RegisterModel' ? registered.properties?.version : undefined).toBe(7);
  });

  it('name the field and the value that break the contract', () => {
    const broken = structuredClone(record) as unknown as { steps: { properties?: Record<string, unknown> }[] };
    broken.steps[2]!.properties!['version'] = '7';
    expect(() => parseRunRecord(broken, 'runs/r1/run.json')).toThrow(RunRecordError);
    expect(() => parseRunRecord(broken, 'runs/r1/run.json')).toThrow(
      'run record runs/r1/run.json: field steps[2].properties.version: Invalid input: expected number, received string (got "7")',
    );
  });

  it('name a missing field', () => {
    const { runId: _runId, ...withoutId } = record;
    expect(() => parseRunRecord(withoutId, 'runs/r1/run.json')).toThrow(
      /^run record runs\/r1\/run\.json: field runId: .*expected string.* \(got missing\)$/,
    );
  });

  it('refuse a step kind the contract does not know', () => {
    const broken = structuredClone(record) as unknown as { steps: { type: string }[] };
    broken.steps[0]!.type = 'Transform';
    expect(() => parseRunRecord(broken, 'runs/r1/run.json')).toThrow(/field steps\[0\]\.type: .*\(got "Transform"\)/);
  });

  it('say so when the stored record is not JSON', async () => {
    const store = await storeWith('{"runId": "r1",');
    await expect(readRunRecord(store, 'r1')).rejects.toThrow(/^run record .*runs\/r1\/run\.json: not JSON \(/);
  });
});
