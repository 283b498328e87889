import { describe, expect, it } from 'vitest';
import type { ForecastIssueRow, TepcoDayAheadValue } from '@powercast/data-loaders';
import { addDays, forecastRow, simpleWorld, sourcesOf, type World } from './__fixtures__/as-of-world.js';
import type { AsOfSources, ForecastLookup } from './as-of-sources.js';
import { FeatureInputError } from './errors.js';
import { featuresAsOf, featureTableAsOf } from './features-as-of.js';
import { fitFeatureSpec } from './spec.js';
import { dailyTable, syntheticDays } from '../test/tables.js';

const { ForecastIssueIndex, SupplyCapacityIndex } = await import('@powercast/data-loaders');
const index = (rows: ForecastIssueRow[]): ForecastLookup => new ForecastIssueIndex(rows);

const TARGET = '2023-08-10';
const spec = fitFeatureSpec(dailyTable(syntheticDays('2022-01-01', 365)));
const feature = (values: Float64Array, name: string): number => values[spec.featureNames.indexOf(name)]!;

/** The simple world with the 08-08 17:00 weekly issue giving JMA's likely range for the target. */
function rangedWorld(): World {
  const world = simpleWorld(TARGET);
  const weekly = forecastRow('2023-08-08T17:00:00+09:00', TARGET, {
    weekly_weather_code: 200,
    weekly_temp_max: 28,
    weekly_temp_max_lower: 26,
    weekly_temp_max_upper: 31,
    weekly_temp_min: 21,
    weekly_temp_min_lower: 20,
    weekly_temp_min_upper: 23,
  });
  return { ...world, forecasts: [weekly, ...world.forecasts.slice(1)] };
}

const capacity = (stamp: string): TepcoDayAheadValue => ({
  targetDate: TARGET,
  valueManKw: 6000,
  band: '13:00～14:00',
  stamp,
  file: '20230809_power_usage.csv',
});
const withCapacity = (world: World, stamp: string): AsOfSources => ({
  ...sourcesOf(world, index),
  supplyCapacity: new SupplyCapacityIndex([capacity(stamp)]),
});

describe("JMA's weekly likely range in the provenance", () => {
  const world = rangedWorld();

  it('two days ahead: the range of the weekly issue, while the features keep the central forecast', () => {
    const row = featuresAsOf({
      target: TARGET,
      issuedAt: '2023-08-08T18:00:00+09:00',
      spec,
      sources: sourcesOf(world, index),
    });
    expect(row.provenance.weeklyRange).toEqual({ maxLower: 26, maxUpper: 31, minLower: 20, minUpper: 23 });
    expect(feature(row.values, 'max_temp')).toBe(28);
    expect(row.featureNames).toEqual(spec.featureNames);
  });

  it('the day before: the short-range forecast answers, so no weekly range', () => {
    const row = featuresAsOf({ target: TARGET, spec, sources: sourcesOf(world, index) });
    expect(row.provenance.temperatureSource).toBe('short-range');
    expect(row.provenance.weeklyRange).toBeNull();
  });

  it("weeklyRangeEnd puts the range's ends into the temperatures of weekly rows only", () => {
    const targets = [addDays(TARGET, -1), TARGET];
    const sources = sourcesOf(world, index);
    const issuedAt = '2023-08-08T18:00:00+09:00';
    const at = (end?: 'lower' | 'upper') =>
      featureTableAsOf({ targets, issuedAt, spec, sources, ...(end ? { weeklyRangeEnd: end } : {}) });
    const width = spec.featureNames.length;
    const row = (table: ReturnType<typeof at>, r: number) => table.matrix.values.subarray(r * width, (r + 1) * width);
    const [central, lower, upper] = [at(), at('lower'), at('upper')];
    expect([feature(row(lower, 1), 'max_temp'), feature(row(lower, 1), 'min_temp')]).toEqual([26, 20]);
    expect([feature(row(upper, 1), 'max_temp'), feature(row(upper, 1), 'min_temp')]).toEqual([31, 23]);
    expect(feature(row(central, 1), 'max_temp')).toBe(28);
    // D+1 of the issue comes from the short-range forecast: unchanged at either end.
    expect(Array.from(row(lower, 0))).toEqual(Array.from(row(central, 0)));
    expect(upper.provenance).toEqual(central.provenance);
  });
});

describe("TEPCO's announced supply capacity in the provenance", () => {
  const world = simpleWorld(TARGET);

  it('is known when stamped before the issue time, with its stamp and band', () => {
    const row = featuresAsOf({ target: TARGET, spec, sources: withCapacity(world, '2023-08-09T17:40:00+09:00') });
    expect(row.provenance.supplyCapacity).toEqual({
      capacityManKw: 6000,
      band: '13:00～14:00',
      stamp: '2023-08-09T17:40:00+09:00',
    });
  });

  it('is not used when the stamp moves after the issue time, and the features do not change', () => {
    const before = featuresAsOf({ target: TARGET, spec, sources: withCapacity(world, '2023-08-09T17:40:00+09:00') });
    const after = featuresAsOf({ target: TARGET, spec, sources: withCapacity(world, '2023-08-09T18:20:00+09:00') });
    expect(after.provenance.supplyCapacity).toBeNull();
    expect(Array.from(after.values)).toEqual(Array.from(before.values));
    expect(Array.from(after.forecastValues)).toEqual(Array.from(before.forecastValues));
  });

  it('is null without a capacity source', () => {
    expect(
      featuresAsOf({ target: TARGET, spec, sources: sourcesOf(world, index) }).provenance.supplyCapacity,
    ).toBeNull();
  });

  it('refuses a lookup that answers with an announcement stamped after the issue time', () => {
    const leaky: AsOfSources = {
      ...sourcesOf(world, index),
      supplyCapacity: { forTargetDay: () => capacity('2023-08-09T23:50:00+09:00') },
    };
    expect(() => featuresAsOf({ target: TARGET, spec, sources: leaky })).toThrow(FeatureInputError);
  });
});
