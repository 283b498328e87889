/**
 * Synthesises one environment: `node --conditions=@powercast/source --import tsx src/main.ts --env dev`
 * (or `npx nx run infra:synth -- --env dev`). Writes cdktf.out/stacks/powercast-<env>/cdk.tf.json.
 */
import { relative } from 'node:path';

import {
  CommandLineError,
  EXIT,
  isEntryPoint,
  parseCommandLine,
  processIo,
  runMain,
  type CliIo,
} from '@powercast/contracts/cli';

import { synthesizeEnvironment } from './app.js';
import { SYNTH_COMMAND, parseSynthArguments, usage } from './cli.js';
import { stackName } from './stack/powercast-stack.js';

/** 0 synthesised; 2 an unknown or malformed option (one line); 1 anything else, named. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  if (parseCommandLine(SYNTH_COMMAND, argv).help) {
    io.err(usage);
    return EXIT.ok;
  }
  try {
    const command = parseSynthArguments(argv, io);
    const startedMs = performance.now();
    if (command.config.approverEmail.endsWith('@example.com')) {
      io.err(
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
    io.out(`synthesised ${result.stackName} in ${seconds} s → ${relative(io.cwd, result.stackFile)}`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommandLineError) throw error;
    io.err(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return EXIT.failed;
  }
}

if (isEntryPoint(import.meta.url)) await runMain(main);
