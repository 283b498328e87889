import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { defaultBundlesDir } from './approval-bundles.js';
import type { PowercastConfig } from '@powercast/aws-pipeline';

import { resolveEnvironmentConfig, type EnvironmentConfig } from './config/environment-config.js';
import { readPowercastConfig } from './powercast-config.js';

export const defaultOutdir = resolve(fileURLToPath(new URL('../cdktf.out', import.meta.url)));

export const usage = `usage: npx nx run infra:synth -- --env dev|prod [options]
  --env <dev|prod>          environment to synthesise (required)
  --local-state             local state file (terraform.<stack>.tfstate in the stack dir) instead of the S3 backend
  --approver-email <addr>   approval emails go to (and come from) this address
  --alert-email <addr>      pipeline-failure alerts go to this address (default: the approver)
  --bundles-dir <dir>       approval Lambda zips (default: apps/approval/dist/bundles)
  --powercast-config <file> pipeline settings (default: the workspace's powercast.config.yaml)
  --out <dir>               cdktf output directory (default: infra/cdktf.out)`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${usage}`);
    this.name = 'UsageError';
  }
}

export interface SynthCommand {
  config: EnvironmentConfig;
  pipelineConfig: PowercastConfig;
  outdir: string;
  bundlesDir: string;
  localState: boolean;
}

/** Reads `infra:synth`'s arguments into a validated command; throws UsageError or InvalidEnvironmentConfigError. */
export function parseSynthArguments(argv: readonly string[]): SynthCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        'local-state': { type: 'boolean', default: false },
        'approver-email': { type: 'string' },
        'alert-email': { type: 'string' },
        'bundles-dir': { type: 'string' },
        'powercast-config': { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.env === undefined) throw new UsageError('missing --env');
  const approverEmail = values['approver-email'];
  const config = resolveEnvironmentConfig(values.env, {
    ...(approverEmail === undefined ? {} : { approverEmail, alertEmail: approverEmail }),
    ...(values['alert-email'] === undefined ? {} : { alertEmail: values['alert-email'] }),
  });
  return {
    config,
    pipelineConfig: readPowercastConfig(values['powercast-config']),
    outdir: values.out === undefined ? defaultOutdir : resolve(values.out),
    bundlesDir: values['bundles-dir'] === undefined ? defaultBundlesDir : resolve(values['bundles-dir']),
    localState: values['local-state'],
  };
}
