import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  importEveryEntry,
  installInEmptyFolder,
  packWithoutBuild,
  runBin,
  runNode,
  tarballProblems,
  type PackedPackage,
} from '@powercast/test-pack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallTree, writeTree } from '../src/__fixtures__/tree.js';

const work = await mkdtemp(path.join(tmpdir(), 'powercast-pack-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/**
 * The published package works outside the monorepo: `npm pack` it from a clean copy of the
 * workspace (no dist/: prepack builds it), install the tarball into an empty folder and use it
 * from plain Node, library and bin.
 */
describe('npm pack', () => {
  let packed: PackedPackage;
  let consumer: string;
  beforeAll(async () => {
    // With @powercast/contracts (the error base class), which is not on the registry yet.
    const tarballs = await packWithoutBuild('@powercast/data-loaders', work);
    packed = tarballs[0];
    consumer = await installInEmptyFolder(tarballs, path.join(work, 'consumer'));
  }, 600_000);

  it('packs the built files, their sources for the maps, and no tests', async () => {
    expect(await tarballProblems(packed)).toEqual([]);
  });

  it('installs into an empty folder and imports from plain Node', async () => {
    const installed = await readdir(path.join(consumer, 'node_modules/@powercast/data-loaders/dist'));
    expect(installed).toContain('index.js');
    expect(installed.some((name) => name.endsWith('.test.js'))).toBe(false);

    const data = await writeTree(smallTree(), path.join(work, 'data'));
    const script = `import { loadDailyDataset, datasetFingerprint } from '@powercast/data-loaders';
const { table, report } = await loadDailyDataset({ source: ${JSON.stringify(data)} });
console.log(JSON.stringify({ rows: table.numRows(), first: report.firstDate, fingerprint: datasetFingerprint(table) }));`;
    expect(JSON.parse(await runNode(consumer, script))).toMatchObject({
      rows: 4,
      first: '2022-03-30',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const inventory = await runBin(consumer, 'powercast-data', ['describe', '--data-dir', data]);
    expect(JSON.parse(inventory).merged.rowCount).toBe(4);
  });

  it('serves the readers, the downloader and the quality rules from their subpaths', async () => {
    const entries = await importEveryEntry(consumer, packed);
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
