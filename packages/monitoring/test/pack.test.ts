import { importEveryEntry, packedForTest, runNode, tarballProblems } from '@powercast/test-pack';
import { describe, expect, it } from 'vitest';

/** The published package works outside the monorepo: packed without a prior build, used from plain Node. */
describe('npm pack of @powercast/monitoring', () => {
  const pack = packedForTest('@powercast/monitoring');

  it('packs the built files, their sources for the maps, and no tests or fixtures', async () => {
    for (const tarball of pack.packed) {
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
    }
  });

  it('imports both entries from plain Node and measures a ledger row', async () => {
    expect(Object.keys(await importEveryEntry(pack.consumer, pack.main))).toEqual([
      '@powercast/monitoring',
      '@powercast/monitoring/sns',
    ]);
    const script = `import { rollingAccuracy } from '@powercast/monitoring';
const row = { targetDate: '2023-05-10', issuedAt: '2023-05-09T18:00:00+09:00', modelVersion: '1', lead: 1, point: 3030,
  p10: 2900, p50: 3030, p90: 3100, variant: 'with-history', weatherIssue: null, qualityFlags: [], actual: 3000,
  tepcoForecast: 3060, error: 30, scoredAt: '2023-05-10T23:30:00+09:00' };
const [, month] = rollingAccuracy([row], { modelVersion: '1', asOf: '2023-05-10' }).windows;
console.log(JSON.stringify({ samples: month.samples, coverage: month.coverage, tepcoSamples: month.tepco.samples }));`;
    expect(JSON.parse(await runNode(pack.consumer, script))).toEqual({ samples: 1, coverage: 1, tepcoSamples: 1 });
  });
});
