import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { smallTree, writeTree } from '../__fixtures__/tree.js';
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
});
