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

const work = await mkdtemp(path.join(tmpdir(), 'powercast-charts-pack-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/**
 * The published package works outside the monorepo: packed from a clean copy of the workspace
 * (prepack builds it), installed into an empty folder (vega, vega-lite and the native resvg
 * binary from the npm registry), used from plain Node.
 */
describe('npm pack of @powercast/charts', () => {
  let packed: PackedPackage[];
  let consumer: string;
  beforeAll(async () => {
    packed = await packWithoutBuild('@powercast/charts', work);
    consumer = await installInEmptyFolder(packed, path.join(work, 'consumer'));
  }, 600_000);

  it('packs the built files, their sources for the maps, and no tests', async () => {
    for (const tarball of packed) {
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
    }
  });

  it('imports from plain Node and renders a Vega-Lite spec to SVG', async () => {
    expect(Object.keys(await importEveryEntry(consumer, packed[0]))).toEqual(['@powercast/charts']);
    const script = `import { CHART_NAMES, specToSvg } from '@powercast/charts';
const svg = await specToSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } });
console.log(JSON.stringify({ charts: CHART_NAMES.length, svg: svg.startsWith('<svg') }));`;
    expect(JSON.parse(await runNode(consumer, script))).toEqual({ charts: 4, svg: true });
  });
});
