import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { importEveryEntry, packedForTest, runBin, runNode, tarballProblems } from '@powercast/test-pack';
import { describe, expect, it } from 'vitest';
import { smallTree, writeTree } from '../src/__fixtures__/tree.js';

/**
 * The published package works outside the monorepo: `npm pack` it from a clean copy of the
 * workspace (no dist/: prepack builds it), install the tarball into an empty folder and use it
 * from plain Node, library and bin.
 */
describe('npm pack of @powercast/data-loaders', () => {
  // With @powercast/contracts (the error base class), which is not on the registry yet.
  const pack = packedForTest('@powercast/data-loaders');

  it('packs the built files of it and its workspace dependencies, their sources for the maps, and no tests', async () => {
    for (const tarball of pack.packed)
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
  });

  it('installs into an empty folder and imports from plain Node', async () => {
    const installed = await readdir(path.join(pack.consumer, 'node_modules/@powercast/data-loaders/dist'));
    expect(installed).toContain('index.js');
    expect(installed.some((name) => name.endsWith('.test.js'))).toBe(false);

    const data = await writeTree(smallTree(), path.join(pack.work, 'data'));
    const script = `import { loadDailyDataset, datasetFingerprint } from '@powercast/data-loaders';
const { table, report } = await loadDailyDataset({ source: ${JSON.stringify(data)} });
console.log(JSON.stringify({ rows: table.numRows(), first: report.firstDate, fingerprint: datasetFingerprint(table) }));`;
    expect(JSON.parse(await runNode(pack.consumer, script))).toMatchObject({
      rows: 4,
      first: '2022-03-30',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const inventory = await runBin(pack.consumer, 'powercast-data', ['describe', '--data-dir', data]);
    expect(JSON.parse(inventory).merged.rowCount).toBe(4);
  });

  it('serves the readers, the downloader and the quality rules from their subpaths', async () => {
    const entries = await importEveryEntry(pack.consumer, pack.main);
    expect(Object.keys(entries)).toEqual([
      '@powercast/data-loaders',
      '@powercast/data-loaders/readers',
      '@powercast/data-loaders/fetch',
      '@powercast/data-loaders/quality',
    ]);
    expect(entries['@powercast/data-loaders/readers']).toContain('readTepcoDailyFile');
    expect(entries['@powercast/data-loaders/fetch']).toContain('fetchSources');
    expect(entries['@powercast/data-loaders/quality']).toEqual(
      expect.arrayContaining(['QUALITY_RULES', 'inspectSources', 'validateSources', 'DataQualityError']),
    );
    expect(entries['@powercast/data-loaders']).not.toContain('readTepcoDailyFile');
  });
});
