import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { standInBundlesDir } from '../test/synthesized-stack.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'powercast-infra-main-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function synth(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=@powercast/source', '--import', 'tsx', main, ...args],
      { timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.concurrent('infra:synth (src/main.ts)', () => {
  it('writes the stack with a local backend when asked', async () => {
    const out = join(scratch, 'out');
    const result = await synth([
      '--env',
      'dev',
      '--local-state',
      '--approver-email',
      'ops@powercast.test',
      '--bundles-dir',
      standInBundlesDir(),
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/synthesised powercast-dev in [\d.]+ s/);
    const stack = JSON.parse(readFileSync(join(out, 'stacks', 'powercast-dev', 'cdk.tf.json'), 'utf8'));
    expect(stack.terraform.backend).toEqual({ local: { path: 'terraform.powercast-dev.tfstate' } });
  });

  it('exits 1 naming the missing bundles and the command that builds them', async () => {
    const result = await synth([
      '--env',
      'prod',
      '--bundles-dir',
      join(scratch, 'no-bundles'),
      '--out',
      join(scratch, 'never'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MissingBundleError');
    expect(result.stderr).toContain(join(scratch, 'no-bundles', 'notify-approver.zip'));
    expect(result.stderr).toContain('npx nx run approval:bundle');
  });

  it('exits 1 with the usage when --env is missing', async () => {
    const result = await synth([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('usage: npx nx run infra:synth -- --env dev|prod');
  });
});

describe.concurrent('infra:synth command line', () => {
  it('--help lists every option and exits 0', async () => {
    const result = await synth(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^usage: npx nx run infra:synth -- --env dev\|prod \[options\]/);
    for (const option of ['--env', '--local-state', '--approver-email', '--alert-email', '--bundles-dir'])
      expect(result.stderr).toContain(`  ${option}`);
    expect(result.stderr).toContain('  --powercast-config <file>');
    expect(result.stderr).toContain('  --out <dir>');
  });

  it('an unknown option is one line naming it, exit 2, no stack trace', async () => {
    const result = await synth(['--env', 'dev', '--region', 'us-east-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "npx nx run infra:synth --: unknown option '--region' (usage: npx nx run infra:synth -- --help)\n",
    );
  });
});
