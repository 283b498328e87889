import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { powercastPipeline } from '@powercast/aws-pipeline';
import { SageMakerPipelineClient, compilePipeline, type CompiledPipeline } from '@powercast/aws-pipeline/sagemaker';
import { EXIT, UsageError, type CliIo } from '../cli-io.js';
import { loadSettings } from '../settings.js';
import { resolveFromRoot } from '../workspace.js';
import { parseParams } from './run.js';

export const SAGEMAKER_USAGE = `usage: trainer sagemaker compile [--out FILE] | upsert | start [--param key=value]… | status <executionArn> [--wait]
  options: --config FILE; AWS credentials and region come from the environment (region default: aws.region)`;

const DEFAULT_DEFINITION_PATH = '.powercast/sagemaker/pipeline-definition.json';

/** `trainer sagemaker`: the same pipeline definition, compiled for and run on SageMaker Pipelines. */
export async function sagemakerCommand(argv: string[], io: CliIo, client?: SageMakerClient): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      param: { type: 'string', multiple: true, default: [] },
      wait: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const [action, executionArn] = positionals;
  const settings = loadSettings(io, { config: values.config });
  const { aws } = settings.config;
  const definition = (): CompiledPipeline =>
    compilePipeline(powercastPipeline(settings.config, `s3://${aws.bucket}/data`), { aws });
  const pipelines = (): SageMakerPipelineClient =>
    new SageMakerPipelineClient(client ?? new SageMakerClient({ region: aws.region }));
  switch (action) {
    case 'compile': {
      const out = resolveFromRoot(settings.root, values.out ?? DEFAULT_DEFINITION_PATH);
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
      const arn = await pipelines().start(aws.pipeline_name, parseParams(values.param ?? []));
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
