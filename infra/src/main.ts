/**
 * Synthesises one environment: `node --conditions=@powercast/source --import tsx src/main.ts --env dev`
 * (or `npx nx run infra:synth -- --env dev`). Writes cdktf.out/stacks/powercast-<env>/cdk.tf.json.
 */
import { relative } from 'node:path';

import { synthesizeEnvironment } from './app.js';
import { parseSynthArguments } from './cli.js';
import { stackName } from './stack/powercast-stack.js';

try {
  const command = parseSynthArguments(process.argv.slice(2));
  const startedMs = performance.now();
  if (command.config.approverEmail.endsWith('@example.com')) {
    console.warn(
      `warning: approver email is ${command.config.approverEmail}; pass --approver-email <address> before deploying`,
    );
  }
  const result = synthesizeEnvironment({
    config: command.config,
    pipelineConfig: command.pipelineConfig,
    outdir: command.outdir,
    bundlesDir: command.bundlesDir,
    localStatePath: command.localState ? `terraform.${stackName(command.config)}.tfstate` : undefined,
  });
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  console.log(`synthesised ${result.stackName} in ${seconds} s → ${relative(process.cwd(), result.stackFile)}`);
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exitCode = 1;
}
