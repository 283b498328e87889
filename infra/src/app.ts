import type { PowercastConfig } from '@powercast/aws-pipeline';
import { App } from 'cdktf';

import { resolveApprovalBundles } from './approval-bundles.js';
import type { EnvironmentConfig } from './config/environment-config.js';
import { readPowercastConfig } from './powercast-config.js';
import { PowercastStack, stackName } from './stack/powercast-stack.js';

export interface SynthesizeOptions {
  config: EnvironmentConfig;
  /** Default: the workspace's powercast.config.yaml. */
  pipelineConfig?: PowercastConfig;
  /** cdktf output directory; the stack lands in `<outdir>/stacks/<stack>/cdk.tf.json`. */
  outdir: string;
  /** Directory holding `<handler>.zip` for every approval handler (default: apps/approval/dist/bundles). */
  bundlesDir?: string;
  localStatePath?: string;
}

export interface SynthesizedStack {
  stackName: string;
  /** Path of the written cdk.tf.json. */
  stackFile: string;
}

/** Builds the environment's stack and writes it (with its Lambda assets) under `outdir`. */
export function synthesizeEnvironment(options: SynthesizeOptions): SynthesizedStack {
  // Checked before any construct exists, so a missing bundle is one clear error.
  const bundles = resolveApprovalBundles(options.bundlesDir);
  const app = new App({ outdir: options.outdir, skipValidation: false });
  new PowercastStack(app, {
    config: options.config,
    pipelineConfig: options.pipelineConfig ?? readPowercastConfig(),
    bundles,
    localStatePath: options.localStatePath,
  });
  app.synth();
  const name = stackName(options.config);
  return { stackName: name, stackFile: `${options.outdir}/stacks/${name}/cdk.tf.json` };
}
