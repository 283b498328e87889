import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArtifactIntegrityError,
  contentHash,
  openArtifactStore,
  StoreModelRegistry,
  type ArtifactStore,
} from '@powercast/aws-pipeline';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServableModel } from './local-model.js';
import { StoreDeploymentSource } from './store-deployments.js';

const group = 'PowerForecastPackageGroup';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A store with two approved versions whose "artifacts" are small byte strings, hashes recorded. */
async function setup(): Promise<{ store: ArtifactStore; source: StoreDeploymentSource; loaded: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'powercast-deployments-'));
  dirs.push(dir);
  const store = openArtifactStore(dir);
  const registry = new StoreModelRegistry(store, group);
  for (const version of [1, 2]) {
    const bytes = new TextEncoder().encode(`model ${version}`);
    const artifactUri = await store.put(`runs/r${version}/model.tar.gz`, bytes);
    await registry.register({
      artifactUri,
      artifactSha256: contentHash(bytes),
      metrics: { mse: 1 },
      trainingWindow: { from: '2021-01-01', to: '2022-12-31' },
      dataFingerprint: 'synthetic',
    });
    await registry.decide(version, { status: 'Approved', by: 'test' });
  }
  const loaded: string[] = [];
  const source = new StoreDeploymentSource(store, registry, group, async (path, identity) => {
    loaded.push(`${identity.version}`);
    const { readFile } = await import('node:fs/promises');
    return {
      info: { backend: 'local', version: identity.version, source: (await readFile(path, 'utf8')).trim() },
    } as ServableModel;
  });
  return { store, source, loaded };
}

describe('StoreDeploymentSource', () => {
  it('loads the bytes it verified against the sha256 recorded at registration', async () => {
    const { source } = await setup();
    const deployment = (await source.current())!;
    expect(deployment.version).toBe(2);
    expect((await source.load(deployment)).info.source).toBe('model 2');
  });

  it('refuses an artifact edited after registration, and lists the older approved versions as fallbacks', async () => {
    const { store, source, loaded } = await setup();
    await store.put('runs/r2/model.tar.gz', new TextEncoder().encode('tampered'));
    const deployment = (await source.current())!;
    await expect(source.load(deployment)).rejects.toBeInstanceOf(ArtifactIntegrityError);
    expect(loaded).toEqual([]);
    expect((await source.fallbacks(deployment)).map((candidate) => candidate.version)).toEqual([1]);
  });
});
