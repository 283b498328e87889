import { describe, expect, it } from 'vitest';
import { tepcoDailyText } from '../__fixtures__/builders.js';
import { InvalidValueError } from '../errors.js';
import { readTepcoDailyFile } from '../readers/tepco-daily.js';
import { loadTepcoNightBefore, tepcoNightBeforeSeries } from './tepco-night-before.js';
import { SupplyCapacityIndex } from './supply-capacity.js';

/** TEPCO's file of 2023-07-31 announcing 2023-08-01's peak supply capacity with the given stamp. */
const announcedAt = (time: string): SupplyCapacityIndex => {
  const file = readTepcoDailyFile(
    tepcoDailyText('2023-07-31', { nextDaySupplyManKw: 6246, nextDayStamp: { monthDay: '7/31', time } }),
    { file: '20230731_power_usage.csv' },
  );
  return new SupplyCapacityIndex(tepcoNightBeforeSeries([file]).supply);
};

describe('SupplyCapacityIndex', () => {
  it('gives the capacity to an issue after its stamp, with the stamp', () => {
    expect(announcedAt('17:40').forTargetDay('2023-08-01', '2023-07-31T18:00:00+09:00')).toMatchObject({
      targetDate: '2023-08-01',
      valueManKw: 6246,
      stamp: '2023-07-31T17:40:00+09:00',
    });
  });

  it('does not use an announcement stamped after the issue time (or at it)', () => {
    expect(announcedAt('18:10').forTargetDay('2023-08-01', '2023-07-31T18:00:00+09:00')).toBeNull();
    expect(announcedAt('18:00').forTargetDay('2023-08-01', '2023-07-31T18:00:00+09:00')).toBeNull();
    expect(announcedAt('18:10').forTargetDay('2023-08-01', '2023-07-31T18:15:00+09:00')).not.toBeNull();
  });

  it('compares instants, not texts: 09:00Z is 18:00 JST', () => {
    expect(announcedAt('17:40').forTargetDay('2023-08-01', '2023-07-31T09:00:00Z')?.valueManKw).toBe(6246);
    expect(announcedAt('17:40').forTargetDay('2023-08-01', '2023-07-31T08:30:00Z')).toBeNull();
  });

  it('knows nothing of other days and names a malformed issue time', () => {
    expect(announcedAt('17:40').forTargetDay('2023-08-02', '2023-08-01T18:00:00+09:00')).toBeNull();
    expect(() => announcedAt('17:40').forTargetDay('2023-08-01', '2023-07-31 18:00')).toThrow(InvalidValueError);
  });
});

const dataDir = process.env.POWERCAST_DATA_DIR;
describe.skipIf(!dataDir)('SupplyCapacityIndex on the shared data', () => {
  it('the archive keeps only the last update (23:50 of D−1 or later): an 18:00 issue knows no capacity', async () => {
    const series = await loadTepcoNightBefore({ source: dataDir! });
    const index = new SupplyCapacityIndex(series.supply);
    const kept = series.supply.find((value) => value.targetDate === '2022-08-01')!;
    expect(kept.stamp >= '2022-07-31T23:00').toBe(true);
    expect(index.forTargetDay('2022-08-01', '2022-07-31T18:00:00+09:00')).toBeNull();
    expect(index.forTargetDay('2022-08-01', '2022-08-01T05:00:00+09:00')).toEqual(kept);
  });
});
