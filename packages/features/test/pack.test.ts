import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importEveryEntry, packedForTest, runNode, tarballProblems } from '@powercast/test-pack';
import { describe, expect, it } from 'vitest';

/**
 * How users consume the package: `npm pack` it from a clean copy of the workspace (no dist/:
 * prepack builds it), install the tarball into an empty folder (only its declared dependencies
 * come from the npm registry) and import it from plain Node, without the workspace's source condition.
 */
const consumerScript = `
import * as aq from 'arquero';
import { fitFeatureSpec, parseFeatureSpec, transformRecords, validateRecords } from '@powercast/features';

const train = aq.table({
  date: ['2024-07-01', '2024-07-02', '2024-07-03'],
  max_temp: [31.2, 29.8, 33.0],
  min_temp: [24.0, 23.1, 25.2],
  weather_day: ['晴', '曇一時雨', '晴後曇'],
  peak_hourly: [4700, 4500, 4900],
});
const spec = parseFeatureSpec(JSON.parse(JSON.stringify(fitFeatureSpec(train))));
const checked = validateRecords({ date: '2024-07-04', max_temp: 34.5, min_temp: 26, weather: '晴' });
if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
const history = [{ date: '2024-07-03', peak: 4900 }];
const m = transformRecords(checked.records, spec, { history });
const row = Object.fromEntries(m.featureNames.map((name, j) => [name, m.values[j]]));
console.log(JSON.stringify({ row, category: m.weatherCategories[0], hasRecentDemand: m.hasRecentDemand[0] }));
`;

describe('npm pack of @powercast/features', () => {
  // With @powercast/contracts (the error base class), which is not on the registry yet.
  const pack = packedForTest('@powercast/features');

  it('packs the built files, their sources for the maps, and no tests', async () => {
    expect(pack.main.files).toContain('dist/index.js');
    expect(pack.main.files).toContain('README.md');
    expect(pack.main.files.some((f) => f.includes('.test.') || f.includes('__fixtures__'))).toBe(false);
    // Source and declaration maps point at src/, which the package ships.
    expect(pack.main.files).toContain('dist/index.d.ts.map');
    expect(pack.main.files).toContain('src/index.ts');
    for (const tarball of pack.packed)
      expect({ [tarball.name]: await tarballProblems(tarball) }).toEqual({ [tarball.name]: [] });
  });

  it('installs into an empty folder and transforms a record from plain Node', async () => {
    const installed = readdirSync(join(pack.consumer, 'node_modules', '@powercast'));
    expect(installed).toEqual(['contracts', 'features']); // dev-only workspace packages stay out
    expect(Object.keys(pack.main.manifest.dependencies ?? {}).sort()).toEqual([
      '@holiday-jp/holiday_jp',
      '@powercast/contracts',
      'arquero',
      'zod',
    ]);

    const output = JSON.parse(await runNode(pack.consumer, consumerScript));
    expect(output.category).toBe('晴れ');
    expect(output.hasRecentDemand).toBe(false); // only one day of history
    expect(output.row).toMatchObject({
      max_temp: 34.5,
      avg: 30.25,
      hot: 1,
      dow: 3,
      prev_max_temp: 34.5,
      peak_lag1: 4900,
    });
    expect(output.row['weather_category_晴れ']).toBe(1);
  });

  it('serves the calendar and weather building blocks from their subpaths', async () => {
    const entries = await importEveryEntry(pack.consumer, pack.main);
    expect(entries['@powercast/features/calendar']).toContain('isJapaneseHoliday');
    expect(entries['@powercast/features/weather']).toContain('categoriseWeather');
    expect(entries['@powercast/features']).not.toContain('categoriseWeather');
  });
});
