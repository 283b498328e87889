import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDailyDataset, type DailyDataset } from '../src/index.js';
import type { SourceInventory } from '../src/load/merge.js';
import { readJmaHourlyFile, readTepcoDailyFile, readTepcoYearlyFile, readZipMembers } from '../src/readers/index.js';

const dataDir = process.env.POWERCAST_DATA_DIR;
if (!dataDir)
  console.warn(
    '[data-loaders] POWERCAST_DATA_DIR is not set: real-data tests are skipped (set it to ../shared/data to run them)',
  );

describe.skipIf(!dataDir)('real data in POWERCAST_DATA_DIR', () => {
  let dataset: DailyDataset;
  const kind = (name: SourceInventory['kind']): SourceInventory =>
    dataset.report.inventory.find((entry) => entry.kind === name)!;

  beforeAll(async () => {
    dataset = await loadDailyDataset({ source: dataDir! });
    const summary = dataset.report.inventory.map(
      (entry) =>
        `${entry.kind}: ${entry.files.length} files, ${entry.firstDate}..${entry.lastDate}, ${entry.dayCount} days, ${entry.gaps.length} gaps`,
    );
    console.log(
      `[data-loaders] ${dataset.report.rowCount} rows ${dataset.report.firstDate}..${dataset.report.lastDate}\n  ${summary.join('\n  ')}`,
    );
  });

  it('TEPCO covers 2016-04-01..2023-12-31 without gaps (2,831 days)', () => {
    expect(kind('tepco-yearly')).toMatchObject({
      firstDate: '2016-04-01',
      lastDate: '2023-12-31',
      dayCount: 2831,
      gaps: [],
    });
  });

  it('the monthly ZIPs hold 640 complete days, 2022-04-01..2023-12-31', () => {
    const daily = kind('tepco-daily');
    expect(daily).toMatchObject({ firstDate: '2022-04-01', lastDate: '2023-12-31', dayCount: 640, gaps: [] });
    expect(daily.files).toHaveLength(21);
    expect(daily.files.reduce((sum, file) => sum + file.dayCount, 0)).toBe(640);
    const rows = dataset.table.objects() as { date: string; peak_5min: number | null }[];
    expect(rows.filter((row) => row.date >= '2022-04-01' && row.peak_5min !== null)).toHaveLength(640);
    expect(rows.filter((row) => row.date < '2022-04-01' && row.peak_5min !== null)).toHaveLength(0);
  });

  it("the daily files' hourly values equal the yearly files' (checked directly, not only by the loader)", async () => {
    const yearly = readTepcoYearlyFile(await readFile(path.join(dataDir!, 'tepco/yearly/juyo-2023.csv')), {
      file: 'juyo-2023.csv',
    });
    const byDate = new Map(yearly.days.map((day) => [day.date, day.hourlyManKw]));
    const members = readZipMembers(
      await readFile(path.join(dataDir!, 'tepco/monthly/202308_power_usage.zip')),
      '202308_power_usage.zip',
    );
    let compared = 0;
    for (const member of members) {
      const day = readTepcoDailyFile(member.bytes, { file: '202308_power_usage.zip', member: member.name });
      expect(day.hourly.map((row) => row.demandManKw)).toEqual(byDate.get(day.date));
      compared++;
    }
    expect(compared).toBe(31);
  });

  it('JMA daily weather covers 2018-01-01..2023-12-31 (2,191 days) and the full exports 2013-10-20..2023-10-19', () => {
    const files = kind('jma-daily').files;
    expect(files.find((file) => file.path === 'jma/daily/weather_data.csv')).toMatchObject({
      firstDate: '2018-01-01',
      lastDate: '2023-12-31',
      dayCount: 2191,
    });
    const full = files.filter((file) => file.path.startsWith('jma/daily-full/'));
    expect(full).toHaveLength(10);
    expect(full.map((file) => file.firstDate).sort()[0]).toBe('2013-10-20');
    expect(
      full
        .map((file) => file.lastDate)
        .sort()
        .at(-1),
    ).toBe('2023-10-19');
    expect(full.reduce((sum, file) => sum + file.dayCount, 0)).toBe(3652);
  });

  it('the merged table has 2,831 dates with a target, sorted, no gaps', () => {
    expect(dataset.report).toMatchObject({ rowCount: 2831, firstDate: '2016-04-01', lastDate: '2023-12-31', gaps: [] });
    const dates = dataset.table.array('date') as string[];
    expect([...dates].sort()).toEqual(dates);
    expect((dataset.table.array('peak_hourly') as (number | null)[]).every((value) => value !== null)).toBe(true);
  });

  it('reports the revised 天気概況 of 2022-01-06 (later download wins)', () => {
    const revision = dataset.report.warnings.find(
      (warning) => warning.date === '2022-01-06' && warning.field === 'weather_day',
    );
    expect(revision?.file).toBe('jma/daily/weather_data.csv');
    const row = (dataset.table.objects() as { date: string; weather_day: string }[]).find(
      (r) => r.date === '2022-01-06',
    );
    expect(revision?.message).toContain(`replaced by ${JSON.stringify(row?.weather_day)}`);
  });

  // The data README says five; the files hold four empty readings (quality 1) in 2019–2020.
  it('finds the empty hourly temperature readings of 2019–2020', async () => {
    const missing: string[] = [];
    for (const year of [2019, 2020]) {
      const file = readJmaHourlyFile(await readFile(path.join(dataDir!, `jma/hourly/temperature-${year}.csv`)), {
        file: String(year),
      });
      missing.push(
        ...file.readings
          .filter((reading) => reading.tempC === null)
          .map((reading) => `${reading.date} ${reading.hour}:00`),
      );
    }
    expect(missing).toEqual(['2019-12-03 13:00', '2019-12-03 14:00', '2019-12-09 10:00', '2020-11-06 11:00']);
  });

  it("inner join keeps only dates with JMA daily weather (the reference's semantics)", async () => {
    const inner = await loadDailyDataset({ source: dataDir!, join: 'inner' });
    expect(inner.report.rowCount).toBe(2831);
    expect(inner.report.firstDate).toBe('2016-04-01');
  });
});
