import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { PowercastConfig } from '@powercast/aws-pipeline';
import {
  UsageError,
  defineCommand,
  findWorkspaceRoot,
  helpText,
  parseCommandLine,
  resolveUserPath,
  type CommandLocation,
} from '@powercast/contracts/cli';

import { defaultBundlesDir } from './approval-bundles.js';
import { resolveEnvironmentConfig, type EnvironmentConfig } from './config/environment-config.js';
import { readPowercastConfig } from './powercast-config.js';

export { UsageError };

export const defaultOutdir = join(findWorkspaceRoot(dirname(fileURLToPath(import.meta.url))), 'infra', 'cdktf.out');

export const SYNTH_COMMAND = defineCommand({
  name: 'npx nx run infra:synth --',
  synopsis: '--env dev|prod [options]',
  summary: 'Synthesises the Terraform JSON of one environment into <out>/stacks/powercast-<env>/cdk.tf.json.',
  options: {
    env: { type: 'string', value: '<dev|prod>', description: 'environment to synthesise (required)' },
    'local-state': {
      type: 'boolean',
      default: false,
      description: 'local state file (terraform.<stack>.tfstate in the stack dir) instead of the S3 backend',
    },
    'approver-email': {
      type: 'string',
      value: '<addr>',
      description: 'approval emails go to (and come from) this address',
    },
    'alert-email': {
      type: 'string',
      value: '<addr>',
      description: 'pipeline-failure alerts go to this address (default: the approver)',
    },
    'trainer-image-digest': {
      type: 'string',
      value: '<sha256:…>',
      description: 'the trainer image the pipeline runs (default: the newest in its repository at plan time)',
    },
    'predict-api-image-digest': {
      type: 'string',
      value: '<sha256:…>',
      description: 'the serving image registered packages name (default: the newest in its repository at plan time)',
    },
    'bundles-dir': {
      type: 'string',
      value: '<dir>',
      description: 'approval Lambda zips (default: apps/approval/dist/bundles)',
    },
    'powercast-config': {
      type: 'string',
      value: '<file>',
      description: "pipeline settings (default: the workspace's powercast.config.yaml)",
    },
    out: { type: 'string', value: '<dir>', description: 'cdktf output directory (default: infra/cdktf.out)' },
  },
  notes: ['A relative path you type resolves from the directory you run the command in.'],
});

export const usage = helpText(SYNTH_COMMAND);

export interface SynthCommand {
  config: EnvironmentConfig;
  pipelineConfig: PowercastConfig;
  outdir: string;
  bundlesDir: string;
  localState: boolean;
}

/**
 * Reads `infra:synth`'s arguments into a validated command; throws CommandLineError (an unknown or
 * malformed option), UsageError (no --env) or InvalidEnvironmentConfigError.
 */
export function parseSynthArguments(
  argv: readonly string[],
  location: CommandLocation = { env: process.env, cwd: process.cwd() },
): SynthCommand {
  const line = parseCommandLine(SYNTH_COMMAND, argv);
  if (line.help) throw new UsageError(`--help asks for the usage, not a synthesis\n${usage}`);
  const { values } = line;
  if (values.env === undefined) throw new UsageError(`missing --env\n${usage}`);
  const approverEmail = values['approver-email'];
  const config = resolveEnvironmentConfig(values.env, {
    ...(approverEmail === undefined ? {} : { approverEmail, alertEmail: approverEmail }),
    ...(values['alert-email'] === undefined ? {} : { alertEmail: values['alert-email'] }),
    imageDigests: {
      trainer: values['trainer-image-digest'] ?? null,
      predictApi: values['predict-api-image-digest'] ?? null,
    },
  });
  const typed = (path: string | undefined): string | undefined =>
    path === undefined ? undefined : resolveUserPath(path, location);
  return {
    config,
    pipelineConfig: readPowercastConfig(typed(values['powercast-config'])),
    outdir: typed(values.out) ?? defaultOutdir,
    bundlesDir: typed(values['bundles-dir']) ?? defaultBundlesDir,
    localState: values['local-state'],
  };
}
