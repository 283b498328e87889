import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordDeployment } from '../registry/deployment.js';
import { StoreModelRegistry } from '../registry/store-registry.js';
import { contentHash } from '../store/artifact-store.js';
import { ArtifactIntegrityError } from '../store/errors.js';
import { LocalArtifactStore } from '../store/local-store.js';
import { storeDeployedModels } from './deployed-model-source.js';

async function storeWithVersions(count: number) {
  const store = new LocalArtifactStore(mkdtempSync(join(tmpdir(), 'powercast-deployed-')));
  const registry = new StoreModelRegistry(store);
  for (let version = 1; version <= count; version += 1) {
    const key = `runs/r${version}/steps/TrainModel/model/model.tar.gz`;
    const body = `model ${version}`;
    await store.put(key, body);
    await registry.register({
      artifactUri: store.uriOf(key),
      artifactSha256: contentHash(body),
      metrics: { mse: 1000 * version },
      trainingWindow: { from: '2016-04-01', to: `2023-0${version}-30` },
      dataFingerprint: 'fp',
    });
  }
  return { store, registry, source: storeDeployedModels(store, registry) };
}

describe('storeDeployedModels', () => {
  it('finds nothing when no version is deployed or approved', async () => {
    const { source } = await storeWithVersions(2);
    expect(await source.deployed('PowerForecastPackageGroup')).toBeNull();
  });

  it('takes the deployment record, else the newest Approved version (the predict API rule)', async () => {
    const { store, registry, source } = await storeWithVersions(3);
    await registry.decide(1, { status: 'Approved', by: 'alice' });
    await registry.decide(2, { status: 'Approved', by: 'alice' });
    expect(await source.deployed('PowerForecastPackageGroup')).toMatchObject({ version: 2 });
    await recordDeployment(store, registry, 1);
    const deployed = await source.deployed('PowerForecastPackageGroup');
    expect(deployed).toMatchObject({ version: 1, trainingWindow: { from: '2016-04-01', to: '2023-01-30' } });
    expect(new TextDecoder().decode(await source.artifact(deployed!))).toBe('model 1');
  });

  it('refuses an artifact that no longer hashes to the registered sha256', async () => {
    const { store, registry, source } = await storeWithVersions(1);
    await registry.decide(1, { status: 'Approved', by: 'alice' });
    await store.put('runs/r1/steps/TrainModel/model/model.tar.gz', 'tampered');
    const deployed = await source.deployed('PowerForecastPackageGroup');
    await expect(source.artifact(deployed!)).rejects.toThrow(ArtifactIntegrityError);
  });
});
