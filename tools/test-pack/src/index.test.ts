import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeClosure, shellEnvironment, tarballProblems, workspacePackages, type PackedPackage } from './index.js';

const work = await mkdtemp(path.join(tmpdir(), 'powercast-test-pack-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** An unpacked tarball made by hand: `files` maps paths to their contents. */
async function unpackedTarball(
  files: Record<string, string>,
  dependencies: Record<string, string> = {},
): Promise<PackedPackage> {
  const unpacked = path.join(work, `pkg-${Object.keys(files).length}-${Math.random().toString(36).slice(2)}`);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(unpacked, file)), { recursive: true });
    await writeFile(path.join(unpacked, file), content);
  }
  const manifest = { name: '@powercast/example', version: '1.0.0', dependencies };
  return { name: manifest.name, tarball: '', unpacked, files: Object.keys(files).sort(), manifest };
}

describe('runtimeClosure', () => {
  it('follows dependencies between workspace packages but not devDependencies', async () => {
    const packages = await workspacePackages();
    expect(runtimeClosure('@powercast/aws-pipeline', packages)).toEqual(
      expect.arrayContaining(['@powercast/aws-pipeline', '@powercast/data-loaders', '@powercast/features']),
    );
    // features depends on contracts and lists data-loaders only as a devDependency (its real-data tests).
    expect(runtimeClosure('@powercast/features', packages)).toEqual(['@powercast/features', '@powercast/contracts']);
  });
});

describe('tarballProblems', () => {
  it('accepts built files whose maps point at shipped sources', async () => {
    const packed = await unpackedTarball(
      {
        'dist/index.js': 'export const a = 1;',
        'dist/index.js.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
        'src/index.ts': 'export const a = 1;',
      },
      { zod: '^4.1.12' },
    );
    expect(await tarballProblems(packed)).toEqual([]);
  });

  it('names a map whose source is missing, a shipped test or fixture, and a pinned dependency', async () => {
    const packed = await unpackedTarball(
      {
        'dist/index.js': '',
        'dist/index.d.ts.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
        'src/index.test.ts': '',
        'src/__fixtures__/tree.ts': '',
      },
      { zod: '4.1.12' },
    );
    expect(await tarballProblems(packed)).toEqual([
      'dist/index.d.ts.map points at ../src/index.ts, which the tarball does not hold',
      'ships src/__fixtures__/tree.ts',
      'ships src/index.test.ts',
      'dependency zod is "4.1.12", not a ^ range',
    ]);
  });
});

describe('shellEnvironment', () => {
  it('drops the variables of the surrounding Nx task, npm script and Vitest worker', () => {
    process.env['NX_TASK_TARGET_PROJECT'] = 'example';
    process.env['npm_config_workspace'] = 'example';
    const env = shellEnvironment();
    expect(env['NX_TASK_TARGET_PROJECT']).toBeUndefined();
    expect(env['npm_config_workspace']).toBeUndefined();
    expect(env['VITEST']).toBeUndefined();
    expect(env['PATH']).toBe(process.env['PATH']);
  });
});
