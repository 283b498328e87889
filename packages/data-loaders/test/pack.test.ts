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
 * Builds a workspace package into a staging folder and packs it there; returns the tarball's path.
 * `paths` points the compiler at the staged builds of workspace dependencies instead of their dist/.
 */
async function packStaged(projectDir: string, name: string, paths: Record<string, string[]> = {}): Promise<string> {
  const staging = path.join(work, name);
  await mkdir(staging, { recursive: true });
  const tsconfig = path.join(staging, 'tsconfig.staging.json');
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: path.join(projectDir, 'tsconfig.lib.json'),
      compilerOptions: {
        outDir: path.join(staging, 'dist'),
        tsBuildInfoFile: path.join(staging, 'dist', '.tsbuildinfo'),
        // Outside the workspace the compiler would not find @types/node next to the config.
        typeRoots: [path.join(projectDir, '..', '..', 'node_modules', '@types')],
        paths,
      },
    }),
  );
  await run('npx', ['tsc', '-p', tsconfig], { cwd: projectDir });
  await copyFile(path.join(projectDir, 'package.json'), path.join(staging, 'package.json'));
  await copyFile(path.join(projectDir, 'README.md'), path.join(staging, 'README.md'));
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: staging });
  return path.join(work, stdout.trim());
}

/**
 * The published package works outside the monorepo: build into a staging folder (not the shared
 * dist/, which a parallel build may be writing), `npm pack` it, install the tarball into an empty
 * folder and use it from plain Node, library and bin.
 */
describe('npm pack', () => {
  it('installs into an empty folder and imports from plain Node', async () => {
    // @powercast/contracts (the CLI helpers) is a workspace package: pack it too and install both tarballs.
    const contractsTarball = await packStaged(path.join(packageDir, '..', 'contracts'), 'staging-contracts');
    const contractsTypes = path.join(work, 'staging-contracts', 'dist');
    const tarball = await packStaged(packageDir, 'staging', {
      '@powercast/contracts': [path.join(contractsTypes, 'index.d.ts')],
      '@powercast/contracts/cli': [path.join(contractsTypes, 'cli', 'index.d.ts')],
    });

    const consumer = path.join(work, 'consumer');
    await mkdir(consumer);
    // arquero 8.0.3 resolves @uwdata/flechette 2.7.0, whose dependency is missing from the registry.
    await writeFile(
      path.join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', overrides: { '@uwdata/flechette': '2.6.0' } }),
    );
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', contractsTarball, tarball], {
      cwd: consumer,
    });
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
