import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { smallTree, writeTree } from '../src/__fixtures__/tree.js';

const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = await mkdtemp(path.join(tmpdir(), 'powercast-pack-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/**
 * The published package works outside the monorepo: build into a staging folder (not the shared
 * dist/, which a parallel build may be writing), `npm pack` it, install the tarball into an empty
 * folder and use it from plain Node, library and bin.
 */
describe('npm pack', () => {
  it('installs into an empty folder and imports from plain Node', async () => {
    const staging = path.join(work, 'staging');
    await mkdir(staging, { recursive: true });
    await run('npx', ['tsc', '-p', 'tsconfig.lib.json', '--outDir', path.join(staging, 'dist')], { cwd: packageDir });
    await copyFile(path.join(packageDir, 'package.json'), path.join(staging, 'package.json'));
    await copyFile(path.join(packageDir, 'README.md'), path.join(staging, 'README.md'));
    const { stdout: tarball } = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: staging });
    // @powercast/contracts (the error base class) is not on the registry yet: install its tarball beside.
    const contractsDir = path.join(packageDir, '..', 'contracts');
    const contractsStaging = path.join(work, 'contracts-staging');
    await mkdir(contractsStaging, { recursive: true });
    await run('npx', ['tsc', '-p', 'tsconfig.lib.json', '--outDir', path.join(contractsStaging, 'dist')], {
      cwd: contractsDir,
    });
    await copyFile(path.join(contractsDir, 'package.json'), path.join(contractsStaging, 'package.json'));
    await copyFile(path.join(contractsDir, 'README.md'), path.join(contractsStaging, 'README.md'));
    const { stdout: contractsTarball } = await run('npm', ['pack', '--silent', '--pack-destination', work], {
      cwd: contractsStaging,
    });

    const consumer = path.join(work, 'consumer');
    await mkdir(consumer);
    // arquero 8.0.3 resolves @uwdata/flechette 2.7.0, whose dependency is missing from the registry.
    await writeFile(
      path.join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', overrides: { '@uwdata/flechette': '2.6.0' } }),
    );
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        path.join(work, contractsTarball.trim()),
        path.join(work, tarball.trim()),
      ],
      { cwd: consumer },
    );
    const installed = await readdir(path.join(consumer, 'node_modules/@powercast/data-loaders/dist'));
    expect(installed).toContain('index.js');
    expect(installed.some((name) => name.endsWith('.test.js'))).toBe(false);

    const data = await writeTree(smallTree(), path.join(work, 'data'));
    const script = `import { loadDailyDataset, datasetFingerprint } from '@powercast/data-loaders';
const { table, report } = await loadDailyDataset({ source: ${JSON.stringify(data)} });
console.log(JSON.stringify({ rows: table.numRows(), first: report.firstDate, fingerprint: datasetFingerprint(table) }));`;
    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: consumer });
    expect(JSON.parse(stdout)).toMatchObject({
      rows: 4,
      first: '2022-03-30',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const { stdout: inventory } = await run(
      path.join(consumer, 'node_modules/.bin/powercast-data'),
      ['describe', '--data-dir', data],
      { cwd: consumer },
    );
    expect(JSON.parse(inventory).merged.rowCount).toBe(4);
  }, 240_000);
});
