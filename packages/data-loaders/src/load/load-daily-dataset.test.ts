import { rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { jmaDailyText, syntheticHourly, tepcoDailyText, tepcoYearlyText } from '../__fixtures__/builders.js';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { hourlyFor, smallTree, writeTree, type Tree } from '../__fixtures__/tree.js';
import { DataConflictError, SourceLayoutError } from '../errors.js';
import { datasetFingerprint } from './fingerprint.js';
import { loadDailyDataset } from './load-daily-dataset.js';

const dirs: string[] = [];
async function tree(files: Tree): Promise<string> {
  const dir = await writeTree(files);
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadDailyDataset from a local folder', () => {
  it('merges TEPCO daily and yearly files with JMA exports into one row per date', async () => {
    const { table, report } = await loadDailyDataset({ source: await tree(smallTree()) });
    expect(table.array('date')).toEqual(['2022-03-30', '2022-03-31', '2022-04-01', '2022-04-02']);
    expect(table.array('peak_hourly')).toEqual(
      ['2022-03-30', '2022-03-31', '2022-04-01', '2022-04-02'].map((date) => Math.max(...hourlyFor(date))),
    );
    const peak5 = table.array('peak_5min');
    expect(peak5[0]).toBeNull();
    expect(peak5[2]).toBe(Math.max(...hourlyFor('2022-04-01')) + 8);
    expect(table.array('tepco_forecast_peak')).toEqual([null, null, 3650, 3650]);
    expect(report).toMatchObject({
      rowCount: 4,
      firstDate: '2022-03-30',
      lastDate: '2022-04-02',
      gaps: [],
      ignoredFiles: ['README.md'],
    });
  });

  it('uses JMA daily temperatures, keeps the hourly-derived ones beside them, and falls back to them', async () => {
    const { table } = await loadDailyDataset({ source: await tree(smallTree()) });
    const row = (i: number): Record<string, unknown> => table.objects()[i] as Record<string, unknown>;
    expect(row(1)).toMatchObject({
      max_temp: 15,
      min_temp: 5,
      mean_temp: 10,
      max_temp_hourly: 11.8,
      min_temp_hourly: 6,
      weather_day: '晴',
    });
    // 2022-03-30 has no JMA daily row: official columns fall back to the hourly-derived figures.
    expect(row(0)).toMatchObject({ max_temp: 11.8, min_temp: 6, max_temp_hourly: 11.8, weather_day: null });
  });

  it('lets the later JMA download win and warns about each differing value', async () => {
    const { table, report } = await loadDailyDataset({ source: await tree(smallTree()) });
    expect(table.array('weather_day')[2]).toBe('曇後大雪');
    const revisions = report.warnings.filter((warning) => warning.field === 'weather_day');
    expect(revisions).toEqual([
      expect.objectContaining({
        file: 'jma/daily/newer.csv',
        date: '2022-04-01',
        message: expect.stringContaining('"曇後雪" in jma/daily-full/older.csv'),
      }),
    ]);
  });

  it('records lineage in the sources column', async () => {
    const { table } = await loadDailyDataset({ source: await tree(smallTree()) });
    expect(String(table.array('sources')[2]).split(';')).toEqual([
      'tepco/monthly/202204_power_usage.zip#20220401_power_usage.csv',
      'tepco/yearly/juyo-2022.csv',
      'jma/daily/newer.csv',
      'jma/hourly/temperature-2022.csv',
    ]);
  });

  it('reports an inventory per source kind', async () => {
    const { report } = await loadDailyDataset({ source: await tree(smallTree()) });
    expect(report.inventory.map((entry) => [entry.kind, entry.firstDate, entry.lastDate, entry.dayCount])).toEqual([
      ['tepco-daily', '2022-04-01', '2022-04-02', 2],
      ['tepco-yearly', '2022-03-30', '2022-04-02', 4],
      ['jma-daily', '2022-03-31', '2022-04-02', 3],
      ['jma-hourly', '2022-03-30', '2022-04-02', 4],
    ]);
  });

  it('recognises files by header in a flat folder with arbitrary names', async () => {
    const flat = Object.fromEntries(
      Object.entries(smallTree()).map(([name, content], i) => [`f${i}${path.extname(name)}`, content]),
    );
    const nested = await loadDailyDataset({ source: await tree(smallTree()) });
    const { table } = await loadDailyDataset({ source: await tree(flat) });
    expect(table.numRows()).toBe(4);
    expect(table.array('peak_hourly')).toEqual(nested.table.array('peak_hourly'));
  });

  it('follows symlinked files', async () => {
    const real = await tree(smallTree());
    const linked = await tree({});
    await symlink(path.join(real, 'tepco'), path.join(linked, 'tepco-dir'));
    await symlink(path.join(real, 'tepco/yearly/juyo-2022.csv'), path.join(linked, 'juyo-2022.csv'));
    const { report } = await loadDailyDataset({ source: linked });
    expect(report.rowCount).toBe(4);
    expect(report.inventory.map((entry) => entry.kind)).toEqual(['tepco-yearly']);
  });

  it("keeps only dates that also have JMA daily weather with join: 'inner'", async () => {
    const { table } = await loadDailyDataset({ source: await tree(smallTree()), join: 'inner' });
    expect(table.array('date')).toEqual(['2022-03-31', '2022-04-01', '2022-04-02']);
  });

  it('lists missing dates as gaps instead of dropping them silently', async () => {
    const days = ['2022-01-01', '2022-01-02', '2022-01-05'].map((date) => ({ date, hourly: syntheticHourly() }));
    const text = tepcoYearlyText(days);
    const { report } = await loadDailyDataset({ source: await tree({ 'juyo-2022.csv': text }) });
    expect(report.gaps).toEqual(['2022-01-03', '2022-01-04']);
    expect(report.inventory[0]!.gaps).toEqual(['2022-01-03', '2022-01-04']);
  });

  it('decodes a UTF-8 file where CP932 was expected without mojibake', async () => {
    const files = smallTree();
    const utf8 = new TextEncoder().encode(
      jmaDailyText([{ date: '2022-03-30', maxTemp: '9.0', minTemp: '1.0', weather: '曇一時雨' }]),
    );
    const { table } = await loadDailyDataset({ source: await tree({ ...files, 'jma/daily/utf8.csv': utf8 }) });
    expect(table.array('weather_day')[0]).toBe('曇一時雨');
  });
});

describe('loadDailyDataset conflicts and bad sources', () => {
  it('fails when a daily file disagrees with the yearly file, naming both', async () => {
    const files = smallTree();
    const changed = hourlyFor('2022-04-01');
    changed[10]! += 5;
    files['tepco/monthly/202204_power_usage.zip'] = zipSync({
      '20220401_power_usage.csv': encodeCp932(tepcoDailyText('2022-04-01', { hourly: changed })),
    });
    const error = await expectDataError(async () => loadDailyDataset({ source: await tree(files) }));
    expect(error).toBeInstanceOf(DataConflictError);
    expect(error.message).toContain('tepco/monthly/202204_power_usage.zip [member 20220401_power_usage.csv]');
    expect(error.message).toContain('tepco/yearly/juyo-2022.csv line 62 (3330)');
    expect(error.message).toContain('2022-04-01 10:00');
  });

  it('drops identical duplicate days and rejects two files with different numbers for one date', async () => {
    const files = smallTree();
    const same = tepcoDailyText('2022-04-01', { hourly: hourlyFor('2022-04-01') });
    const { report } = await loadDailyDataset({
      source: await tree({ ...files, 'copy/20220401_power_usage.csv': same }),
    });
    expect(report.duplicatesDropped).toBe(1);

    const different = tepcoDailyText('2022-04-01', { hourly: hourlyFor('2022-04-01'), sameDayForecastManKw: 9999 });
    const error = await expectDataError(async () =>
      loadDailyDataset({ source: await tree({ ...files, 'copy/20220401_power_usage.csv': different }) }),
    );
    expect(error).toBeInstanceOf(DataConflictError);
    expect(error.message).toContain('tepco/monthly/202204_power_usage.zip [member 20220401_power_usage.csv]');
    expect(error.message).toContain('conflicts with copy/20220401_power_usage.csv');
    expect(error.message).toContain('same-day forecast peak is 3650 here but 9999 there');
  });

  it('rejects two yearly files with different numbers for the same hour', async () => {
    const a = tepcoYearlyText([{ date: '2022-01-01', hourly: syntheticHourly(3000) }]);
    const b = tepcoYearlyText([{ date: '2022-01-01', hourly: syntheticHourly(3001) }]);
    const error = await expectDataError(async () =>
      loadDailyDataset({ source: await tree({ 'a/juyo-2022.csv': a, 'b/juyo-2022.csv': b }) }),
    );
    expect(error).toBeInstanceOf(DataConflictError);
    expect(error.message).toMatch(/b\/juyo-2022\.csv, line 4.*conflicts with a\/juyo-2022\.csv line 4/);
  });

  it('names the ZIP when a .zip file is not an archive', async () => {
    const error = await expectDataError(async () =>
      loadDailyDataset({ source: await tree({ ...smallTree(), 'tepco/monthly/202205_power_usage.zip': 'not a zip' }) }),
    );
    expect(error.kind).toBe('not-a-zip');
    expect(error.location.file).toBe('tepco/monthly/202205_power_usage.zip');
  });

  it('rejects a ZIP member whose name and tables disagree on the date, naming the member', async () => {
    const zip = zipSync({
      '20220403_power_usage.csv': encodeCp932(tepcoDailyText('2022-04-02', { hourly: hourlyFor('2022-04-02') })),
    });
    const error = await expectDataError(async () =>
      loadDailyDataset({ source: await tree({ ...smallTree(), 'extra/x.zip': zip }) }),
    );
    expect(error.message).toContain('extra/x.zip [member 20220403_power_usage.csv], line 1');
    expect(error.message).toContain('file name says 2022-04-03 but the tables are for 2022-04-02');
  });

  it('rejects a file named like a source whose header is unknown', async () => {
    const error = await expectDataError(async () =>
      loadDailyDataset({
        source: await tree({ ...smallTree(), 'tepco/yearly/juyo-2021.csv': '日付,需要\r\n2021/1/1,3000\r\n' }),
      }),
    );
    expect(error.kind).toBe('unknown-header');
    expect(error.message).toContain(
      'tepco/yearly/juyo-2021.csv, line 1, value "日付,需要": file name says this is a source file but its header is not recognised',
    );
  });

  it('explains the expected layout for an empty folder', async () => {
    const error = await expectDataError(async () => loadDailyDataset({ source: await tree({}) }));
    expect(error).toBeInstanceOf(SourceLayoutError);
    expect(error.message).toContain('no files found');
    expect(error.message).toContain('tepco/monthly/YYYYMM_power_usage.zip');
    expect(error.message).toContain('jma/hourly/*.csv');
  });

  it('explains the expected layout for a missing folder', async () => {
    const error = await expectDataError(() => loadDailyDataset({ source: '/nonexistent/powercast-data' }));
    expect(error).toBeInstanceOf(SourceLayoutError);
    expect(error.message).toContain('/nonexistent/powercast-data: directory does not exist; expected a folder');
  });

  it('explains the expected layout when no TEPCO file is present', async () => {
    const error = await expectDataError(async () =>
      loadDailyDataset({ source: await tree({ 'notes.csv': 'a,b\r\n' }) }),
    );
    expect(error.message).toContain('no TEPCO demand file among 1 file(s) (notes.csv)');
  });
});

describe('datasetFingerprint', () => {
  it('is stable for the same data, ignores column order and changes with any value', async () => {
    const dir = await tree(smallTree());
    const first = await loadDailyDataset({ source: dir });
    const second = await loadDailyDataset({ source: dir });
    expect(datasetFingerprint(first.table)).toMatch(/^[0-9a-f]{64}$/);
    expect(datasetFingerprint(second.table)).toBe(datasetFingerprint(first.table));
    const reordered = first.table.select([...first.table.columnNames()].reverse());
    expect(datasetFingerprint(reordered)).toBe(datasetFingerprint(first.table));
    const changed = first.table.derive({ peak_hourly: (d: { peak_hourly: number }) => d.peak_hourly + 1 });
    expect(datasetFingerprint(changed)).not.toBe(datasetFingerprint(first.table));
  });
});
