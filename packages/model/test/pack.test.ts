import { importEveryEntry, packedForTest, runNode, tarballProblems } from '@powercast/test-pack';
import { describe, expect, it } from 'vitest';

/**
 * The published package works outside the monorepo: packed from a clean copy of the workspace
 * (prepack builds it and the workspace packages it needs), installed with them into an empty
 * folder, imported from plain Node.
 */
describe('npm pack of @powercast/model', () => {
  const pack = packedForTest('@powercast/model');

  it('packs the built files of it and its workspace dependencies, their sources for the maps, and no tests', async () => {
    for (const tarball of pack.packed)
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
  });

  it('imports every entry point from plain Node', async () => {
    const entries = await importEveryEntry(pack.consumer, pack.main);
    for (const [entry, names] of Object.entries(entries))
      expect({ [entry]: names.length > 0 }).toEqual({ [entry]: true });
    const script = `import { regressionMetrics } from '@powercast/model';
console.log(JSON.stringify(regressionMetrics([100, 200], [110, 190])));`;
    expect(JSON.parse(await runNode(pack.consumer, script))).toMatchObject({ mae: 10, mse: 100, bias: 0, n: 2 });
  });
});
