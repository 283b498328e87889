import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from '@powercast/aws-pipeline';
import { afterAll, describe, expect, it } from 'vitest';

import { defaultBundlesDir } from './approval-bundles.js';
import { UsageError, defaultOutdir, parseSynthArguments } from './cli.js';
import { InvalidEnvironmentConfigError } from './config/environment-config.js';

const scratch = mkdtempSync(join(tmpdir(), 'powercast-infra-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('parseSynthArguments', () => {
  it('synthesises the chosen environment into infra/cdktf.out with the S3 backend by default', () => {
    const command = parseSynthArguments(['--env', 'prod']);
    expect(command.config.environment).toBe('prod');
    expect(command).toMatchObject({ outdir: defaultOutdir, bundlesDir: defaultBundlesDir, localState: false });
    expect(defaultOutdir.endsWith('/infra/cdktf.out')).toBe(true);
  });

  it('sends approvals and alerts to --approver-email unless --alert-email differs', () => {
    expect(parseSynthArguments(['--env', 'dev', '--approver-email', 'ops@powercast.test']).config).toMatchObject({
      approverEmail: 'ops@powercast.test',
      alertEmail: 'ops@powercast.test',
    });
    expect(
      parseSynthArguments([
        '--env',
        'dev',
        '--approver-email',
        'ops@powercast.test',
        '--alert-email',
        'oncall@powercast.test',
      ]).config.alertEmail,
    ).toBe('oncall@powercast.test');
  });

  it('takes --local-state, --bundles-dir and --out', () => {
    expect(
      parseSynthArguments(['--env', 'dev', '--local-state', '--bundles-dir', '/tmp/b', '--out', '/tmp/o']),
    ).toMatchObject({ localState: true, bundlesDir: '/tmp/b', outdir: '/tmp/o' });
  });

  it('explains usage when --env is missing or a flag is unknown', () => {
    expect(() => parseSynthArguments([])).toThrow(UsageError);
    expect(() => parseSynthArguments(['--env', 'dev', '--region', 'us-east-1'])).toThrow(/--region/);
  });

  it('refuses an invalid environment or email through the config validation', () => {
    expect(() => parseSynthArguments(['--env', 'qa'])).toThrow(InvalidEnvironmentConfigError);
    expect(() => parseSynthArguments(['--env', 'dev', '--approver-email', 'nobody'])).toThrow(/approverEmail/);
  });

  it('reads the pipeline settings from --powercast-config, and refuses a file that is not there', () => {
    const file = join(scratch, 'powercast.config.yaml');
    writeFileSync(file, 'mse_threshold: 25000\n');
    expect(parseSynthArguments(['--env', 'dev', '--powercast-config', file]).pipelineConfig.mse_threshold).toBe(25_000);
    expect(() => parseSynthArguments(['--env', 'dev', '--powercast-config', join(scratch, 'absent.yaml')])).toThrow(
      ConfigError,
    );
  });
});
