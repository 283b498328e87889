import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { tepcoDailyText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { hourlyFor, smallTree, writeTree } from '../__fixtures__/tree.js';
import { SourceLayoutError } from '../errors.js';
import { loadAsOfInputs } from './load-as-of-inputs.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadAsOfInputs', () => {
  it('reads the daily table, yearly demand and hourly temperatures; no forecast folder means no issues', async () => {
    const dir = await writeTree(smallTree());
    dirs.push(dir);
    const inputs = await loadAsOfInputs({ source: dir });
    expect(inputs.daily.numRows()).toBe(4);
    expect(inputs.forecastDataset).toBeNull();
    expect(inputs.forecasts.forTargetDay('2022-04-02', '2022-04-01T18:00:00+09:00')).toBeNull();
    expect(inputs.tepcoNightBefore).not.toBeNull();
    expect(inputs.demand.map((day) => day.date)).toEqual(['2022-03-30', '2022-03-31', '2022-04-01', '2022-04-02']);
    expect(inputs.demand.every((day) => day.hourlyManKw.length === 24)).toBe(true);
    expect(inputs.temperatures).toHaveLength(4 * 24);
    expect(inputs.temperatures[0]).toEqual({ date: '2022-03-30', hour: 1, tempC: 6 });
  });

  it('skips the forecast archive when asked, and names an empty folder', async () => {
    const dir = await writeTree(smallTree());
    const empty = await writeTree({});
    dirs.push(dir, empty);
    expect((await loadAsOfInputs({ source: dir, forecasts: false })).forecastDataset).toBeNull();
    await expect(loadAsOfInputs({ source: empty })).rejects.toThrow(SourceLayoutError);
  });

  it("indexes TEPCO's announced supply capacity by its stamp, unless the night-before series is skipped", async () => {
    const announced = (date: string, monthDay: string, time: string): Uint8Array =>
      encodeCp932(
        tepcoDailyText(date, {
          hourly: hourlyFor(date),
          nextDaySupplyManKw: 4800,
          nextDayStamp: { monthDay, time },
        }),
      );
    const dir = await writeTree({
      ...smallTree(),
      'tepco/monthly/202204_power_usage.zip': zipSync({
        '20220401_power_usage.csv': announced('2022-04-01', '4/1', '17:40'),
        '20220402_power_usage.csv': announced('2022-04-02', '4/2', '18:30'),
      }),
    });
    dirs.push(dir);
    const inputs = await loadAsOfInputs({ source: dir });
    expect(inputs.supplyCapacity.forTargetDay('2022-04-02', '2022-04-01T18:00:00+09:00')).toMatchObject({
      valueManKw: 4800,
      stamp: '2022-04-01T17:40:00+09:00',
    });
    expect(inputs.supplyCapacity.forTargetDay('2022-04-03', '2022-04-02T18:00:00+09:00')).toBeNull();
    expect(inputs.supplyCapacity.forTargetDay('2022-04-03', '2022-04-02T19:00:00+09:00')?.valueManKw).toBe(4800);
    const skipped = await loadAsOfInputs({ source: dir, nightBefore: false });
    expect(skipped.supplyCapacity.forTargetDay('2022-04-02', '2022-04-01T18:00:00+09:00')).toBeNull();
  });
});

const dataDir = process.env.POWERCAST_DATA_DIR;
describe.skipIf(!dataDir)('loadAsOfInputs on the shared data, windowed', () => {
  it('reads the same days inside the window as a full read, from far fewer files', async () => {
    const window = { from: '2023-05-27', to: '2023-08-08' };
    const [full, windowed] = await Promise.all([
      loadAsOfInputs({ source: dataDir!, nightBefore: false }),
      loadAsOfInputs({ source: dataDir!, nightBefore: false, window }),
    ]);
    const inside = (rows: Record<string, unknown>[]): Record<string, unknown>[] =>
      rows.filter((row) => (row.date as string) >= window.from && (row.date as string) <= window.to);
    const days = inside(windowed.daily.objects() as Record<string, unknown>[]);
    expect(days).toHaveLength(74);
    expect(days).toEqual(inside(full.daily.objects() as Record<string, unknown>[]));
    expect(inside(windowed.demand as unknown as Record<string, unknown>[])).toEqual(
      inside(full.demand as unknown as Record<string, unknown>[]),
    );
    expect(inside(windowed.temperatures as unknown as Record<string, unknown>[])).toEqual(
      inside(full.temperatures as unknown as Record<string, unknown>[]),
    );
    for (const at of ['2023-05-27T18:00:00+09:00', '2023-08-01T18:00:00+09:00']) {
      expect(windowed.forecasts.latestIssueAtOrBefore(at)).toEqual(full.forecasts.latestIssueAtOrBefore(at));
    }
    expect(windowed.weatherCodes).toEqual(full.weatherCodes);
    expect(windowed.tepcoNightBefore).toBeNull();
    expect(windowed.daily.numRows()).toBeLessThan(full.daily.numRows() / 5);
  });
});
