import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  ResourceNotFound,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

const sagemaker = mockClient(SageMakerClient);
beforeEach(() => sagemaker.reset());

describe('trainer sagemaker', () => {
  it('compiles the definition to a file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'powercast-sm-')), 'definition.json');
    const result = await runCli(['sagemaker', 'compile', '--out', out]);
    expect(result.code).toBe(0);
    const definition = JSON.parse(readFileSync(out, 'utf8')) as {
      Version: string;
      Steps: { Name: string }[];
      Parameters: { Name: string; DefaultValue: unknown }[];
    };
    expect(definition.Version).toBe('2020-12-01');
    expect(definition.Steps.map((step) => step.Name)).toContain('CheckMSE');
    expect(definition.Parameters.find((p) => p.Name === 'input_data')!.DefaultValue).toBe(
      's3://power-forecasting-mlops-dev/data',
    );
  });

  it('upserts (creates) the pipeline with the configured name and role', async () => {
    sagemaker.on(DescribePipelineCommand).rejects(new ResourceNotFound({ message: 'missing', $metadata: {} }));
    sagemaker.on(CreatePipelineCommand).resolves({ PipelineArn: 'arn:pipeline' });
    const result = await runCli(['sagemaker', 'upsert']);
    expect(result.out).toBe('created arn:pipeline');
    expect(sagemaker.commandCalls(CreatePipelineCommand)[0]!.args[0].input).toMatchObject({
      PipelineName: 'PowerForecastPipeline',
      RoleArn: 'arn:aws:iam::123456789012:role/powercast-sagemaker-execution-dev',
    });
  });

  it('starts with --param overrides and shows the status of an execution', async () => {
    sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: 'arn:exec' });
    const started = await runCli(['sagemaker', 'start', '--param', 'mse_threshold=20000']);
    expect(started.out).toContain('started arn:exec');
    expect(sagemaker.commandCalls(StartPipelineExecutionCommand)[0]!.args[0].input.PipelineParameters).toEqual([
      { Name: 'mse_threshold', Value: '20000' },
    ]);

    sagemaker
      .on(DescribePipelineExecutionCommand)
      .resolves({ PipelineExecutionStatus: 'Failed', FailureReason: 'Step failure' });
    sagemaker
      .on(ListPipelineExecutionStepsCommand)
      .resolves({ PipelineExecutionSteps: [{ StepName: 'TrainModel', StepStatus: 'Failed', FailureReason: 'OOM' }] });
    const status = await runCli(['sagemaker', 'status', 'arn:exec']);
    expect(status.code).toBe(1);
    expect(status.out).toBe('Failed: Step failure\n  TrainModel        Failed  OOM');
  });

  it('needs an execution ARN for status', async () => {
    const result = await runCli(['sagemaker', 'status']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('status: expected a pipeline execution ARN');
  });
});
