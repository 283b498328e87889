import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambdaBundles, lambdaHandlers, type BuiltBundle } from './build-bundles.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('Lambda bundles', () => {
  let work: string;
  let first: BuiltBundle[];
  let second: BuiltBundle[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'approval-bundles-'));
    first = await buildLambdaBundles({ projectRoot, outDir: join(work, 'a') });
    second = await buildLambdaBundles({ projectRoot, outDir: join(work, 'b') });
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it('builds one zip per handler', () => {
    expect(first.map((bundle) => bundle.name).sort()).toEqual(Object.keys(lambdaHandlers).sort());
  });

  it('take from the workspace packages only the approval module of @powercast/aws-pipeline and the dependency-free contracts (no pipeline, data, model code)', () => {
    for (const bundle of first) {
      const fromPackages = bundle.inputs.filter((input) => input.includes('packages/'));
      expect(
        fromPackages.filter(
          (input) =>
            !input.includes('packages/aws-pipeline/src/approval/') && !input.includes('packages/contracts/src/'),
        ),
        bundle.name,
      ).toEqual([]);
    }
    for (const name of ['decide', 'notify-approver']) {
      const inputs = first.find((bundle) => bundle.name === name)?.inputs ?? [];
      expect(
        inputs.some((input) => input.endsWith('packages/aws-pipeline/src/approval/approval-token.ts')),
        `${name} signs or verifies tokens`,
      ).toBe(true);
    }
  });

  it('are byte-identical when built twice', async () => {
    for (const [index, bundle] of first.entries()) {
      const again = second[index] as BuiltBundle;
      expect(again.name).toBe(bundle.name);
      expect(Buffer.compare(await readFile(bundle.zipPath), await readFile(again.zipPath))).toBe(0);
    }
  });

  it('each holds index.mjs only, which loads in plain Node and exports the handler', async () => {
    for (const bundle of first) {
      const entries = unzipSync(await readFile(bundle.zipPath));
      expect(Object.keys(entries)).toEqual(['index.mjs']);
      const dir = await mkdtemp(join(work, `${bundle.name}-`));
      const file = join(dir, 'index.mjs');
      await writeFile(file, entries['index.mjs'] as Uint8Array);
      const { stdout } = await run(
        process.execPath,
        ['--input-type=module', '-e', 'const m = await import(process.argv[1]); console.log(typeof m.handler);', file],
        {
          cwd: dir,
          env: { PATH: process.env['PATH'] ?? '', AWS_REGION: 'ap-northeast-1' },
        },
      );
      expect(`${bundle.name}: ${stdout.trim()}`).toBe(`${bundle.name}: function`);
    }
  });

  it('runs: the decide bundle answers a request that is not from API Gateway with 400, without AWS', async () => {
    const decide = first.find((bundle) => bundle.name === 'decide') as BuiltBundle;
    const dir = await mkdtemp(join(work, 'decide-run-'));
    const file = join(dir, 'index.mjs');
    await writeFile(file, unzipSync(await readFile(decide.zipPath))['index.mjs'] as Uint8Array);
    const script = 'const m = await import(process.argv[1]); const r = await m.handler({}); console.log(r.statusCode);';
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, file], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '' },
    });
    expect(stdout.trim().split('\n').at(-1)).toBe('400');
  });
});
