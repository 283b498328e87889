import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STEP_COMMAND, type ParameterValue } from '@powercast/aws-pipeline';
import {
  evaluateModel,
  loadData,
  preprocessData,
  trainModel,
  visualizeResults,
  type JobContext,
} from '@powercast/aws-pipeline/local';
import { EXIT, UsageError, type CliIo } from '../cli-io.js';

/** Where SageMaker mounts everything; tests point it at a temp folder laid out the same way. */
export const OPT_ML_ROOT_ENV = 'POWERCAST_OPT_ML_ROOT';

export const STEP_USAGE = `usage: trainer step <${Object.values(STEP_COMMAND).join('|')}> [--<parameter> <value>]…
  processing steps read /opt/ml/processing/input/<name> and write /opt/ml/processing/output/<name>;
  train reads /opt/ml/input/data/<channel> (SM_CHANNEL_*), /opt/ml/input/config/hyperparameters.json
  and writes /opt/ml/model (SM_MODEL_DIR); failures go to /opt/ml/output/failure. Root override: ${OPT_ML_ROOT_ENV}.`;

/** Named inputs and outputs of each job step (the same names as the pipeline definition). */
const LAYOUT: Record<string, { inputs: string[]; outputs: string[] }> = {
  [STEP_COMMAND.loadData]: { inputs: ['raw'], outputs: ['dataset'] },
  [STEP_COMMAND.preprocess]: { inputs: ['dataset'], outputs: ['train', 'test', 'spec'] },
  [STEP_COMMAND.train]: { inputs: ['train'], outputs: ['model'] },
  [STEP_COMMAND.evaluate]: { inputs: ['model', 'test'], outputs: ['evaluation'] },
  [STEP_COMMAND.visualize]: { inputs: ['model', 'evaluation'], outputs: ['charts'] },
};

/** `--name value` pairs → parameters (what ContainerArguments carry). */
export function parseStepArguments(argv: string[]): Record<string, ParameterValue> {
  const parameters: Record<string, ParameterValue> = {};
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index]!;
    const value = argv[index + 1];
    if (!flag.startsWith('--') || value === undefined)
      throw new UsageError(`step arguments: expected "--name value" pairs, got "${argv.slice(index).join(' ')}"`);
    parameters[flag.slice(2)] = value;
  }
  return parameters;
}

/**
 * `trainer step <command>`: one pipeline step inside the SageMaker container (also runnable by hand).
 * The step code is the same function the local runner calls; only the directories differ.
 */
export async function stepCommand(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  // SageMaker starts training containers with the single argument "train".
  const layout = command === undefined ? undefined : LAYOUT[command];
  if (command === undefined || layout === undefined) throw new UsageError(`unknown step "${command ?? ''}"`);
  const root = io.env[OPT_ML_ROOT_ENV] ?? '/opt/ml';
  const failureFile = join(root, 'output', 'failure');
  const argumentParameters = parseStepArguments(rest);
  try {
    const context =
      command === STEP_COMMAND.train
        ? await trainingContext(root, layout, argumentParameters, io)
        : processingContext(root, layout, argumentParameters, io);
    for (const dir of Object.values(context.outputs)) await mkdir(dir, { recursive: true });
    for (const [name, dir] of Object.entries(context.inputs)) {
      if (!existsSync(dir)) throw new Error(`input "${name}" is missing: ${dir} does not exist`);
    }
    switch (command) {
      case STEP_COMMAND.loadData:
        await loadData(context);
        break;
      case STEP_COMMAND.preprocess:
        await preprocessData(context);
        break;
      case STEP_COMMAND.train:
        // SageMaker packs /opt/ml/model into model.tar.gz itself.
        await trainModel(context, { tarball: false });
        break;
      case STEP_COMMAND.evaluate:
        await evaluateModel(context);
        break;
      case STEP_COMMAND.visualize:
        await visualizeResults(context);
        break;
    }
    io.out(`step ${command} done`);
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await mkdir(join(root, 'output'), { recursive: true });
    await writeFile(failureFile, message.slice(0, 1024));
    io.err(`step ${command} failed: ${message}`);
    return EXIT.failed;
  }
}

function processingContext(
  root: string,
  layout: { inputs: string[]; outputs: string[] },
  parameters: Record<string, ParameterValue>,
  io: CliIo,
): JobContext {
  return {
    inputs: Object.fromEntries(layout.inputs.map((name) => [name, join(root, 'processing', 'input', name)])),
    outputs: Object.fromEntries(layout.outputs.map((name) => [name, join(root, 'processing', 'output', name)])),
    parameters,
    log: (message) => io.out(message),
  };
}

async function trainingContext(
  root: string,
  layout: { inputs: string[] },
  parameters: Record<string, ParameterValue>,
  io: CliIo,
): Promise<JobContext> {
  const hyperparametersFile = join(root, 'input', 'config', 'hyperparameters.json');
  // SageMaker writes every hyperparameter as a string; they are the step's pipeline parameters.
  const fromFile = existsSync(hyperparametersFile)
    ? (JSON.parse(await readFile(hyperparametersFile, 'utf8')) as Record<string, ParameterValue>)
    : {};
  return {
    inputs: Object.fromEntries(
      layout.inputs.map((channel) => [
        channel,
        io.env[`SM_CHANNEL_${channel.toUpperCase()}`] ?? join(root, 'input', 'data', channel),
      ]),
    ),
    outputs: { model: io.env['SM_MODEL_DIR'] ?? join(root, 'model') },
    parameters: { ...fromFile, ...parameters },
    log: (message) => io.out(message),
  };
}
