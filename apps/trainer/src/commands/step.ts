import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { STEP_COMMAND, parseConfig, powercastPipeline, type ParameterValue } from '@powercast/aws-pipeline';
import {
  evaluateModel,
  loadData,
  preprocessData,
  trainModel,
  validateData,
  visualizeResults,
  type DeployedModelSource,
  type JobContext,
} from '@powercast/aws-pipeline/local';
import { DEPLOYED_MODEL_ENV, sageMakerDeployedModels } from '@powercast/aws-pipeline/sagemaker';
import {
  CommandLineError,
  EXIT,
  UsageError,
  defineCommand,
  helpText,
  parseCommandLine,
  type CliIo,
  type CliOption,
} from '@powercast/contracts/cli';

/** Where SageMaker mounts everything; tests point it at a temp folder laid out the same way. */
export const OPT_ML_ROOT_ENV = 'POWERCAST_OPT_ML_ROOT';

/** The container arguments are the pipeline's parameters, so those are the options (names only: no config needed). */
const PARAMETER_OPTIONS = Object.fromEntries(
  powercastPipeline(parseConfig({})).parameters.map((parameter): [string, CliOption] => [
    parameter.name,
    { type: 'string', value: parameter.type.toUpperCase(), description: parameter.description ?? parameter.name },
  ]),
);

export const STEP_LINE = defineCommand({
  name: 'trainer step',
  summary: 'One pipeline step as the SageMaker container runs it (also runnable by hand).',
  arguments: `<${Object.values(STEP_COMMAND).join('|')}>`,
  options: PARAMETER_OPTIONS,
  notes: [
    'Processing steps read /opt/ml/processing/input/<name> and write /opt/ml/processing/output/<name>;',
    'train reads /opt/ml/input/data/<channel> (SM_CHANNEL_*), /opt/ml/input/config/hyperparameters.json',
    `and writes /opt/ml/model (SM_MODEL_DIR); failures go to /opt/ml/output/failure. Root override: ${OPT_ML_ROOT_ENV}.`,
    `evaluate compares with the deployed model when ${DEPLOYED_MODEL_ENV.registry}=sagemaker (the compiled definition sets it,`,
    `with ${DEPLOYED_MODEL_ENV.lastDeployedParameter} and ${DEPLOYED_MODEL_ENV.region}); without it the comparison is "not compared".`,
  ],
});

export const STEP_USAGE = helpText(STEP_LINE);

/**
 * Named inputs and outputs of each job step, read from the pipeline definition (the one the
 * SageMaker compiler turns into ProcessingInputs/Outputs and training channels), so the container
 * mounts exactly what the definition declares.
 */
const LAYOUT: Record<string, { inputs: string[]; outputs: string[] }> = Object.fromEntries(
  powercastPipeline(parseConfig({})).steps.flatMap((step) =>
    step.type === 'Processing' || step.type === 'Training'
      ? [[step.command, { inputs: Object.keys(step.inputs), outputs: step.outputs }]]
      : [],
  ),
);

/** `--name value` pairs of pipeline parameters → parameters (what ContainerArguments carry). */
export function parseStepArguments(argv: string[]): Record<string, ParameterValue> {
  const { values, positionals } = parseStepLine(argv);
  if (positionals.length > 0) throw pairsExpected(`unexpected argument '${positionals[0]}'`);
  return values;
}

function parseStepLine(argv: string[]): { help: boolean; values: Record<string, string>; positionals: string[] } {
  try {
    const line = parseCommandLine(STEP_LINE, argv);
    if (line.help) return { help: true, values: {}, positionals: [] };
    return { help: false, values: line.values as Record<string, string>, positionals: line.positionals };
  } catch (error) {
    if (error instanceof CommandLineError) throw pairsExpected(error.problem);
    throw error;
  }
}

function pairsExpected(problem: string): CommandLineError {
  return new CommandLineError(STEP_LINE.name, `expected "--name value" pairs of pipeline parameters; ${problem}`);
}

/** AWS clients of the evaluate step; tests pass clients for s3rver and mocked SageMaker/SSM. */
export interface StepAwsClients {
  sagemaker?: SageMakerClient;
  s3?: S3Client;
  ssm?: SSMClient;
}

/**
 * `trainer step <command>`: one pipeline step inside the SageMaker container (also runnable by hand).
 * The step code is the same function the local runner calls; only the directories differ.
 */
export async function stepCommand(argv: string[], io: CliIo, clients: StepAwsClients = {}): Promise<number> {
  const line = parseStepLine(argv);
  if (line.help) {
    io.err(STEP_USAGE);
    return EXIT.ok;
  }
  const [command, ...extra] = line.positionals;
  // SageMaker starts training containers with the single argument "train".
  const layout = command === undefined ? undefined : LAYOUT[command];
  if (command === undefined || layout === undefined) throw new UsageError(`unknown step "${command ?? ''}"`);
  if (extra.length > 0) throw pairsExpected(`unexpected argument '${extra[0]}'`);
  const root = io.env[OPT_ML_ROOT_ENV] ?? '/opt/ml';
  const failureFile = join(root, 'output', 'failure');
  const argumentParameters: Record<string, ParameterValue> = line.values;
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
      case STEP_COMMAND.validate:
        await validateData(context);
        break;
      case STEP_COMMAND.preprocess:
        await preprocessData(context);
        break;
      case STEP_COMMAND.train:
        // SageMaker packs /opt/ml/model into model.tar.gz itself.
        await trainModel(context, { tarball: false });
        break;
      case STEP_COMMAND.evaluate:
        await evaluateModel(context, await deployedModelsOf(io.env, clients));
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

/**
 * The registry EvaluateModel finds the deployed model in: on SageMaker (the compiled definition says so in
 * the job's environment) the group's package SSM `last_deployed` names, else its newest Approved one.
 */
async function deployedModelsOf(
  env: CliIo['env'],
  clients: StepAwsClients,
): Promise<{ deployedModels?: DeployedModelSource }> {
  const registry = env[DEPLOYED_MODEL_ENV.registry];
  if (registry === undefined) return {};
  if (registry !== 'sagemaker')
    throw new UsageError(
      `${DEPLOYED_MODEL_ENV.registry}: expected "sagemaker" or unset, got "${registry.slice(0, 80)}"`,
    );
  const parameterName = env[DEPLOYED_MODEL_ENV.lastDeployedParameter];
  if (parameterName === undefined)
    throw new UsageError(`${DEPLOYED_MODEL_ENV.lastDeployedParameter} must name the SSM last_deployed parameter`);
  const region = env[DEPLOYED_MODEL_ENV.region];
  const [{ SageMakerClient }, { S3Client }, { GetParameterCommand, ParameterNotFound, SSMClient }] = await Promise.all([
    import('@aws-sdk/client-sagemaker'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-ssm'),
  ]);
  const options = region === undefined ? {} : { region };
  const ssm = clients.ssm ?? new SSMClient(options);
  return {
    deployedModels: sageMakerDeployedModels({
      sagemaker: clients.sagemaker ?? new SageMakerClient(options),
      s3: clients.s3 ?? new S3Client(options),
      async deployedPackageArn() {
        try {
          return (await ssm.send(new GetParameterCommand({ Name: parameterName }))).Parameter?.Value;
        } catch (error) {
          // Written by recordDeployment once an endpoint is InService: absent until the first deployment.
          if (error instanceof ParameterNotFound) return undefined;
          throw error;
        }
      },
    }),
  };
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
