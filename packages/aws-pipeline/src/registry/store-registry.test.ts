import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { raceProcesses } from '../../test/race.js';
import { LocalArtifactStore } from '../store/local-store.js';
import { NotApprovedError, readDeploymentRecord, recordDeployment } from './deployment.js';
import {
  ModelPackageConflictError,
  ModelPackageNotFoundError,
  RegistryCorruptError,
  type NewModelPackage,
} from './model-registry.js';
import { StoreModelRegistry } from './store-registry.js';

const workerScript = fileURLToPath(new URL('../../test/registry-worker.ts', import.meta.url));

function newStore(): LocalArtifactStore {
  return new LocalArtifactStore(mkdtempSync(join(tmpdir(), 'powercast-registry-')));
}

const candidate: NewModelPackage = {
  artifactUri: '/store/runs/r1/TrainModel/model/model.tar.gz',
  metrics: { mse: 12_345.6, rmse: 111.1 },
  trainingWindow: { from: '2022-04-01', to: '2023-09-30' },
  dataFingerprint: 'abc123',
  runId: 'r1',
};

describe('StoreModelRegistry', () => {
  it('registers versions 1, 2, 3 as PendingManualApproval in the default group', async () => {
    const registry = new StoreModelRegistry(newStore());
    const versions = [];
    for (let i = 0; i < 3; i += 1) versions.push(await registry.register(candidate));
    expect(versions.map((pkg) => [pkg.group, pkg.version, pkg.status])).toEqual([
      ['PowerForecastPackageGroup', 1, 'PendingManualApproval'],
      ['PowerForecastPackageGroup', 2, 'PendingManualApproval'],
      ['PowerForecastPackageGroup', 3, 'PendingManualApproval'],
    ]);
    expect((await registry.list()).map((pkg) => pkg.version)).toEqual([1, 2, 3]);
  });

  it('registers a version straight as Rejected, decided by the pipeline with the reason (final like any decision)', async () => {
    const registry = new StoreModelRegistry(newStore());
    const rejected = await registry.register(
      { ...candidate, description: 'rejected by CheckChampion: worse than the deployed model' },
      { rejected: { by: 'pipeline RegisterRejected', reason: 'worse than the deployed model' } },
    );
    expect(rejected).toMatchObject({ version: 1, status: 'Rejected' });
    expect(await registry.describe(1)).toMatchObject({
      status: 'Rejected',
      description: 'rejected by CheckChampion: worse than the deployed model',
      decision: { status: 'Rejected', by: 'pipeline RegisterRejected', reason: 'worse than the deployed model' },
    });
    await expect(registry.decide(1, { status: 'Approved', by: 'alice' })).rejects.toThrow(ModelPackageConflictError);
  });

  it('keeps groups apart', async () => {
    const registry = new StoreModelRegistry(newStore());
    await registry.register(candidate);
    const other = await registry.register({ ...candidate, group: 'Other' });
    expect(other.version).toBe(1);
    expect(await registry.list('Other')).toHaveLength(1);
  });

  it('records who approved, why and when', async () => {
    const at = new Date('2025-01-02T03:04:05.000Z');
    const registry = new StoreModelRegistry(newStore(), undefined, () => at);
    await registry.register(candidate);
    const approved = await registry.decide(1, { status: 'Approved', by: 'alice', reason: 'beats v0' });
    expect(approved.status).toBe('Approved');
    expect(await registry.describe(1)).toMatchObject({
      status: 'Approved',
      decision: { status: 'Approved', by: 'alice', reason: 'beats v0', at: at.toISOString() },
      metrics: candidate.metrics,
      trainingWindow: candidate.trainingWindow,
    });
  });

  it('refuses to re-decide a decided version, naming the existing decision', async () => {
    const registry = new StoreModelRegistry(newStore());
    await registry.register(candidate);
    await registry.decide(1, { status: 'Rejected', by: 'bob', reason: 'too old' });
    const again = registry.decide(1, { status: 'Approved', by: 'alice' });
    await expect(again).rejects.toThrow(ModelPackageConflictError);
    await expect(registry.decide(1, { status: 'Rejected', by: 'bob' })).rejects.toThrow(
      /already Rejected by bob .*too old/,
    );
  });

  it('reports a missing version as ModelPackageNotFoundError', async () => {
    const registry = new StoreModelRegistry(newStore());
    await expect(registry.describe(7)).rejects.toThrow(ModelPackageNotFoundError);
    await expect(registry.decide(7, { status: 'Approved', by: 'x' })).rejects.toThrow(
      'PowerForecastPackageGroup/7 does not exist',
    );
  });

  it('reports a hand-broken entry as RegistryCorruptError naming the file', async () => {
    const store = newStore();
    const registry = new StoreModelRegistry(store);
    await registry.register(candidate);
    writeFileSync(store.uriOf('registry/PowerForecastPackageGroup/versions/1/decision.json'), '{"status":"Maybe"}');
    await expect(registry.describe(1)).rejects.toThrow(RegistryCorruptError);
    await expect(registry.describe(1)).rejects.toThrow(/versions\/1\/decision\.json is invalid: status/);
  });
});

describe('deployment record', () => {
  it('records the deployed approved version and reads it back', async () => {
    const store = newStore();
    const registry = new StoreModelRegistry(store);
    await registry.register(candidate);
    await registry.decide(1, { status: 'Approved', by: 'alice' });
    expect(await readDeploymentRecord(store, registry.defaultGroup)).toBeUndefined();
    const record = await recordDeployment(store, registry, 1, undefined, new Date('2025-01-01T00:00:00Z'));
    expect(await readDeploymentRecord(store, registry.defaultGroup)).toEqual(record);
    expect(record).toEqual({
      group: 'PowerForecastPackageGroup',
      version: 1,
      artifactUri: candidate.artifactUri,
      deployedAt: '2025-01-01T00:00:00.000Z',
    });
  });

  it('refuses to deploy a version that is not approved', async () => {
    const store = newStore();
    const registry = new StoreModelRegistry(store);
    await registry.register(candidate);
    await expect(recordDeployment(store, registry, 1)).rejects.toThrow(NotApprovedError);
  });
});

describe('StoreModelRegistry under real concurrent processes', () => {
  it('lets exactly one of two processes deciding the same version win; the other gets a conflict', async () => {
    const store = newStore();
    const registry = new StoreModelRegistry(store);
    await registry.register(candidate);
    await registry.register(candidate);
    const results = (await raceProcesses(workerScript, [
      [store.uri, 'approve', '1'],
      [store.uri, 'reject', '1'],
      [store.uri, 'approve', '2'],
      [store.uri, 'approve', '2'],
    ])) as { outcome: string; status: string }[];
    for (const pair of [results.slice(0, 2), results.slice(2, 4)]) {
      expect(pair.map((result) => result.outcome).sort()).toEqual(['conflict', 'won']);
    }
    const winnerOf1 = results.slice(0, 2).find((result) => result.outcome === 'won')!;
    expect((await registry.describe(1)).status).toBe(winnerOf1.status);
    expect((await registry.describe(2)).status).toBe('Approved');
  });

  it('gives concurrent registrations distinct versions', async () => {
    const store = newStore();
    const results = (await raceProcesses(workerScript, [
      [store.uri, 'register'],
      [store.uri, 'register'],
      [store.uri, 'register'],
    ])) as { version: number }[];
    expect(results.map((result) => result.version).sort()).toEqual([1, 2, 3]);
    expect((await new StoreModelRegistry(store).list()).map((pkg) => pkg.version)).toEqual([1, 2, 3]);
  });
});
