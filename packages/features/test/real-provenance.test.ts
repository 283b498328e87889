import type { AsOfInputs } from '@powercast/data-loaders';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureTableAsOf, fitFeatureSpec, splitByDate, type FeatureSpec } from '../src/index.js';
import { dataDir } from './real-data.js';

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!dataDir)("the as-of provenance on the real data: JMA's weekly range, TEPCO's capacity", () => {
  let inputs: AsOfInputs;
  let spec: FeatureSpec;

  beforeAll(async () => {
    const { loadAsOfInputs } = await import('@powercast/data-loaders');
    // The loader's output is the builder's input as it is: the assignment below is the contract.
    inputs = await loadAsOfInputs({ source: dataDir!, window: { from: '2022-06-01', to: '2023-08-10' } });
    spec = fitFeatureSpec(splitByDate(inputs.daily, { splitDate: '2022-07-01' }).train);
  });

  it("gives JMA's likely range for D+2..D+7 of the 2023-08-01 17:00 issue, around its central forecast", () => {
    const targets = [1, 2, 3, 4, 5, 6, 7].map((lead) => addDays('2023-08-01', lead));
    const table = featureTableAsOf({ targets, issuedAt: '2023-08-01T18:00:00+09:00', spec, sources: inputs });
    const maxTemp = spec.featureNames.indexOf('max_temp');
    expect(table.provenance[0]!.weeklyRange).toBeNull();
    table.provenance.slice(1).forEach((row, i) => {
      const range = row.weeklyRange!;
      const central = table.matrix.values[(i + 1) * spec.featureNames.length + maxTemp]!;
      expect(range.maxLower).toBeLessThanOrEqual(central);
      expect(range.maxUpper).toBeGreaterThanOrEqual(central);
      expect(range.maxUpper - range.maxLower).toBeGreaterThan(0);
      expect(range.minLower).toBeLessThanOrEqual(range.minUpper);
    });
  });

  it("knows TEPCO's announced capacity only after its stamp (the archive's stamps are 23:50 of D−1 or later)", () => {
    const announced = inputs.tepcoNightBefore!.supply.find((value) => value.targetDate === '2022-08-02')!;
    const at = (issuedAt: string) =>
      featureTableAsOf({ targets: ['2022-08-02'], issuedAt, spec, sources: inputs }).provenance[0]!.supplyCapacity;
    expect(at('2022-08-01T18:00:00+09:00')).toBeNull();
    const justAfter = new Date(Date.parse(announced.stamp) + 60_000 + 9 * 3_600_000).toISOString().slice(0, 16);
    expect(at(`${justAfter}+09:00`)).toEqual({
      capacityManKw: announced.valueManKw,
      band: announced.band,
      stamp: announced.stamp,
    });
  });
});
