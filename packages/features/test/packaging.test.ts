import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * How users consume the package: build it, `npm pack` it, install the tarball into an empty
 * folder (only its declared dependencies come from the npm registry) and import it from plain
 * Node, without the workspace's source condition.
 */
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'powercast-features-pack-'));
const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });

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

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack of @powercast/features', () => {
  it('installs into an empty folder and transforms a record from plain Node', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    run(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], projectRoot);
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], projectRoot)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0].files.map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('README.md');
    expect(files.some((f) => f.includes('.test.') || f.includes('__fixtures__'))).toBe(false);
    // No source maps: they would point at src/, which the package does not ship.
    expect(files.some((f) => f.endsWith('.map'))).toBe(false);

    // @powercast/contracts (the error base class) is not on the registry yet: install its tarball beside.
    const contractsRoot = join(projectRoot, '..', 'contracts');
    const contractsStaging = join(work, 'contracts-staging');
    run(process.execPath, [tsc, '-p', 'tsconfig.lib.json', '--outDir', join(contractsStaging, 'dist')], contractsRoot);
    for (const file of ['package.json', 'README.md'])
      writeFileSync(join(contractsStaging, file), readFileSync(join(contractsRoot, file)));
    const contracts = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], contractsStaging)) as {
      filename: string;
    }[];

    const consumer = join(work, 'consumer');
    run('mkdir', ['-p', consumer], work);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(consumer, 'main.mjs'), consumerScript);
    run(
      'npm',
      [
        'install',
        join(work, contracts[0].filename),
        join(work, packed[0].filename),
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
      ],
      consumer,
    );

    const installed = readdirSync(join(consumer, 'node_modules', '@powercast'));
    expect(installed).toEqual(['contracts', 'features']); // dev-only workspace packages stay out
    const manifest = JSON.parse(
      readFileSync(join(consumer, 'node_modules', '@powercast', 'features', 'package.json'), 'utf8'),
    );
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@holiday-jp/holiday_jp',
      '@powercast/contracts',
      '@uwdata/flechette',
      'arquero',
      'zod',
    ]);

    const output = JSON.parse(run(process.execPath, ['main.mjs'], consumer));
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
  }, 240_000);
});
