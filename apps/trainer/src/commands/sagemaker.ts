import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { powercastPipeline } from '@powercast/aws-pipeline';
import { SageMakerPipelineClient, compilePipeline, type CompiledPipeline } from '@powercast/aws-pipeline/sagemaker';
import {
  EXIT,
  UsageError,
  defineCommand,
  helpText,
  parseCommandLine,
  resolvePath,
  resolveUserPath,
  type CliIo,
} from '@powercast/contracts/cli';
import { PATH_NOTE, loadSettings } from '../settings.js';
import { parseParams } from './run.js';

export const SAGEMAKER_COMMAND = defineCommand({
  name: 'trainer sagemaker',
  summary:
    'The same pipeline on SageMaker Pipelines: compile its definition, create or update it, start an execution, follow one.',
  arguments: 'compile | upsert | start | status <executionArn>',
  options: {
    out: {
      type: 'string',
      value: 'FILE',
      description: 'compile: where the definition goes (default: .powercast/sagemaker/pipeline-definition.json)',
    },
    param: {
      type: 'string',
      multiple: true,
      default: [],
      value: 'KEY=VALUE',
      description: 'start: a pipeline parameter',
    },
    wait: { type: 'boolean', default: false, description: 'status: follow the execution until it ends' },
    config: { type: 'string', value: 'FILE', description: 'pipeline settings (default: powercast.config.yaml)' },
  },
  notes: [
    'AWS credentials and region come from the environment (region default: aws.region of the config).',
    PATH_NOTE,
  ],
});

export const SAGEMAKER_USAGE = helpText(SAGEMAKER_COMMAND);

const DEFAULT_DEFINITION_PATH = '.powercast/sagemaker/pipeline-definition.json';

/** `trainer sagemaker`: the same pipeline definition, compiled for and run on SageMaker Pipelines. */
export async function sagemakerCommand(argv: string[], io: CliIo, client?: SageMakerClient): Promise<number> {
  const line = parseCommandLine(SAGEMAKER_COMMAND, argv);
  if (line.help) {
    io.err(SAGEMAKER_USAGE);
    return EXIT.ok;
  }
  const { values, positionals } = line;
  const [action, executionArn] = positionals;
  const settings = loadSettings(io, { config: values.config });
  const { aws } = settings.config;
  const definition = (): CompiledPipeline =>
    compilePipeline(powercastPipeline(settings.config, `s3://${aws.bucket}/data`), { aws });
  const pipelines = (): SageMakerPipelineClient =>
    new SageMakerPipelineClient(client ?? new SageMakerClient({ region: aws.region }));
  switch (action) {
    case 'compile': {
      const out =
        values.out === undefined
          ? resolvePath(settings.root, DEFAULT_DEFINITION_PATH)
          : resolveUserPath(values.out, io);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, `${JSON.stringify(definition(), null, 2)}\n`);
      io.out(`wrote the SageMaker pipeline definition of ${aws.pipeline_name} to ${out}`);
      return EXIT.ok;
    }
    case 'upsert': {
      const result = await pipelines().upsert({
        pipelineName: aws.pipeline_name,
        roleArn: aws.sagemaker_role_arn,
        definition: definition(),
        description: 'Powercast: TEPCO daily peak demand forecasting pipeline',
      });
      io.out(`${result.action} ${result.pipelineArn}`);
      return EXIT.ok;
    }
    case 'start': {
      const arn = await pipelines().start(aws.pipeline_name, parseParams(values.param));
      io.out(`started ${arn}`);
      io.out(`  status: npx nx run trainer:sagemaker -- status ${arn} --wait`);
      return EXIT.ok;
    }
    case 'status': {
      if (executionArn === undefined) throw new UsageError('status: expected a pipeline execution ARN');
      const print = (status: Awaited<ReturnType<SageMakerPipelineClient['status']>>): void => {
        io.out(`${status.status}${status.failureReason ? `: ${status.failureReason}` : ''}`);
        for (const step of status.steps)
          io.out(`  ${step.name.padEnd(18)}${step.status}${step.failureReason ? `  ${step.failureReason}` : ''}`);
      };
      const status = values.wait
        ? await pipelines().waitFor(executionArn, { onStatus: print })
        : await pipelines().status(executionArn);
      if (!values.wait) print(status);
      return status.status === 'Failed' ? EXIT.failed : EXIT.ok;
    }
    default:
      throw new UsageError(`unknown sagemaker action "${action ?? ''}"`);
  }
}
