import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  importEveryEntry,
  installInEmptyFolder,
  packWithoutBuild,
  runNode,
  tarballProblems,
  type PackedPackage,
} from '@powercast/test-pack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const work = await mkdtemp(path.join(tmpdir(), 'powercast-model-pack-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/**
 * The published package works outside the monorepo: packed from a clean copy of the workspace
 * (prepack builds it and the workspace packages it needs), installed with them into an empty
 * folder, imported from plain Node.
 */
describe('npm pack of @powercast/model', () => {
  let packed: PackedPackage[];
  let consumer: string;
  beforeAll(async () => {
    packed = await packWithoutBuild('@powercast/model', work);
    consumer = await installInEmptyFolder(packed, path.join(work, 'consumer'));
  }, 600_000);

  it('packs the built files of it and its workspace dependencies, their sources for the maps, and no tests', async () => {
    for (const tarball of packed)
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
  });

  it('imports every entry point from plain Node', async () => {
    const entries = await importEveryEntry(consumer, packed[0]);
    for (const [entry, names] of Object.entries(entries))
      expect({ [entry]: names.length > 0 }).toEqual({ [entry]: true });
    const script = `import { regressionMetrics } from '@powercast/model';
console.log(JSON.stringify(regressionMetrics([100, 200], [110, 190])));`;
    expect(JSON.parse(await runNode(consumer, script))).toMatchObject({ mae: 10, mse: 100, bias: 0, n: 2 });
  });
});
