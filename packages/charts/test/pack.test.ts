import { importEveryEntry, packedForTest, runNode, tarballProblems } from '@powercast/test-pack';
import { describe, expect, it } from 'vitest';

/**
 * The published package works outside the monorepo: packed from a clean copy of the workspace
 * (prepack builds it), installed into an empty folder (vega, vega-lite and the native resvg
 * binary from the npm registry), used from plain Node.
 */
describe('npm pack of @powercast/charts', () => {
  const pack = packedForTest('@powercast/charts');

  it('packs the built files, their sources for the maps, and no tests', async () => {
    for (const tarball of pack.packed) {
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
    }
  });

  it('imports from plain Node and renders a Vega-Lite spec to SVG', async () => {
    expect(Object.keys(await importEveryEntry(pack.consumer, pack.main))).toEqual(['@powercast/charts']);
    const script = `import { CHART_NAMES, specToSvg } from '@powercast/charts';
const svg = await specToSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } });
console.log(JSON.stringify({ charts: CHART_NAMES.length, svg: svg.startsWith('<svg') }));`;
    expect(JSON.parse(await runNode(pack.consumer, script))).toEqual({ charts: 4, svg: true });
  });
});
