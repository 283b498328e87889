import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  ResourceNotFound,
  SageMakerClient,
  SageMakerServiceException,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { powercastPipeline } from '../pipeline/powercast-pipeline.js';
import { compilePipeline } from './compile.js';
import { SageMakerPipelineClient, SageMakerPipelineError } from './pipeline-client.js';

const sagemaker = mockClient(SageMakerClient);
const config = parseConfig({});
const definition = compilePipeline(powercastPipeline(config, 's3://b/data'), { aws: config.aws });
const pipelineArn = 'arn:aws:sagemaker:ap-northeast-1:123456789012:pipeline/powerforecastpipeline';
const executionArn = `${pipelineArn}/execution/abc123`;
const sleeps: number[] = [];
const client = (): SageMakerPipelineClient =>
  new SageMakerPipelineClient(new SageMakerClient({ region: 'ap-northeast-1' }), {
    sleep: async (ms) => void sleeps.push(ms),
    baseDelayMs: 10,
  });

const serviceError = (name: string, message: string): SageMakerServiceException =>
  new SageMakerServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });

beforeEach(() => {
  sagemaker.reset();
  sleeps.length = 0;
});

describe('SageMakerPipelineClient.upsert', () => {
  it('creates the pipeline when it does not exist, sending the definition JSON', async () => {
    sagemaker
      .on(DescribePipelineCommand)
      .rejects(new ResourceNotFound({ message: 'Pipeline does not exist', $metadata: {} }));
    sagemaker.on(CreatePipelineCommand).resolves({ PipelineArn: pipelineArn });
    const result = await client().upsert({ pipelineName: 'PowerForecastPipeline', roleArn: 'arn:role', definition });
    expect(result).toEqual({ pipelineArn, action: 'created' });
    const input = sagemaker.commandCalls(CreatePipelineCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      PipelineName: 'PowerForecastPipeline',
      PipelineDisplayName: 'PowerForecastPipeline',
      RoleArn: 'arn:role',
    });
    expect(JSON.parse(input.PipelineDefinition!)).toEqual(JSON.parse(JSON.stringify(definition)));
    expect(sagemaker.commandCalls(UpdatePipelineCommand)).toHaveLength(0);
  });

  it('updates the pipeline when it exists', async () => {
    sagemaker.on(DescribePipelineCommand).resolves({ PipelineArn: pipelineArn });
    sagemaker.on(UpdatePipelineCommand).resolves({ PipelineArn: pipelineArn });
    expect(
      await client().upsert({
        pipelineName: 'PowerForecastPipeline',
        roleArn: 'arn:role',
        definition,
        description: 'd',
      }),
    ).toEqual({
      pipelineArn,
      action: 'updated',
    });
    expect(sagemaker.commandCalls(UpdatePipelineCommand)[0]!.args[0].input).toEqual({
      PipelineName: 'PowerForecastPipeline',
      PipelineDefinition: JSON.stringify(definition),
      RoleArn: 'arn:role',
      PipelineDescription: 'd',
    });
    expect(sagemaker.commandCalls(CreatePipelineCommand)).toHaveLength(0);
  });

  it('shows a validation error with the service message', async () => {
    sagemaker.on(DescribePipelineCommand).rejects(new ResourceNotFound({ message: 'nope', $metadata: {} }));
    sagemaker
      .on(CreatePipelineCommand)
      .rejects(serviceError('ValidationException', "Unknown Argument member 'ModelPackageName'"));
    await expect(client().upsert({ pipelineName: 'P', roleArn: 'r', definition })).rejects.toThrow(
      "CreatePipeline failed: ValidationException: Unknown Argument member 'ModelPackageName'",
    );
    expect(sagemaker.commandCalls(CreatePipelineCommand)).toHaveLength(1);
  });

  it('retries throttling with back-off, then succeeds', async () => {
    sagemaker
      .on(DescribePipelineCommand)
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .resolves({ PipelineArn: pipelineArn });
    sagemaker.on(UpdatePipelineCommand).resolves({ PipelineArn: pipelineArn });
    await client().upsert({ pipelineName: 'P', roleArn: 'r', definition });
    expect(sagemaker.commandCalls(DescribePipelineCommand)).toHaveLength(3);
    expect(sleeps).toEqual([10, 20]);
  });

  it('gives up after the retry budget and names the throttling', async () => {
    sagemaker.on(StartPipelineExecutionCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    const failure = client().start('P');
    await expect(failure).rejects.toThrow(SageMakerPipelineError);
    await expect(client().start('P')).rejects.toThrow(
      'StartPipelineExecution failed: ThrottlingException: Rate exceeded',
    );
    expect(sagemaker.commandCalls(StartPipelineExecutionCommand)).toHaveLength(10);
  });
});

describe('SageMakerPipelineClient.start and status', () => {
  it('starts an execution with string parameter values', async () => {
    sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: executionArn });
    expect(await client().start('PowerForecastPipeline', { mse_threshold: 30000, target: 'peak_5min' })).toBe(
      executionArn,
    );
    expect(sagemaker.commandCalls(StartPipelineExecutionCommand)[0]!.args[0].input).toEqual({
      PipelineName: 'PowerForecastPipeline',
      PipelineParameters: [
        { Name: 'mse_threshold', Value: '30000' },
        { Name: 'target', Value: 'peak_5min' },
      ],
    });
  });

  it('reports the execution and its steps, following pages', async () => {
    sagemaker.on(DescribePipelineExecutionCommand, { PipelineExecutionArn: executionArn }).resolves({
      PipelineExecutionStatus: 'Failed',
      FailureReason: 'Step failure: One or multiple steps failed.',
    });
    sagemaker
      .on(ListPipelineExecutionStepsCommand)
      .resolvesOnce({
        PipelineExecutionSteps: [
          {
            StepName: 'LoadData',
            StepStatus: 'Succeeded',
            StartTime: new Date('2025-01-01T00:00:00Z'),
            EndTime: new Date('2025-01-01T00:05:00Z'),
          },
        ],
        NextToken: 'page2',
      })
      .resolvesOnce({
        PipelineExecutionSteps: [
          { StepName: 'Fail', StepStatus: 'Failed', FailureReason: 'not registered: mse 50000 > threshold 40000' },
        ],
      });
    const status = await client().status(executionArn);
    expect(status).toEqual({
      executionArn,
      status: 'Failed',
      failureReason: 'Step failure: One or multiple steps failed.',
      steps: [
        {
          name: 'LoadData',
          status: 'Succeeded',
          startTime: '2025-01-01T00:00:00.000Z',
          endTime: '2025-01-01T00:05:00.000Z',
        },
        { name: 'Fail', status: 'Failed', failureReason: 'not registered: mse 50000 > threshold 40000' },
      ],
    });
    expect(sagemaker.commandCalls(ListPipelineExecutionStepsCommand)[1]!.args[0].input).toEqual({
      PipelineExecutionArn: executionArn,
      SortOrder: 'Ascending',
      NextToken: 'page2',
    });
  });

  it('polls until the execution ends', async () => {
    sagemaker
      .on(DescribePipelineExecutionCommand)
      .resolvesOnce({ PipelineExecutionStatus: 'Executing' })
      .resolves({ PipelineExecutionStatus: 'Succeeded' });
    sagemaker.on(ListPipelineExecutionStepsCommand).resolves({ PipelineExecutionSteps: [] });
    const seen: string[] = [];
    const final = await client().waitFor(executionArn, {
      intervalMs: 5,
      onStatus: (status) => seen.push(status.status),
    });
    expect(final.status).toBe('Succeeded');
    expect(seen).toEqual(['Executing', 'Succeeded']);
    expect(sleeps).toEqual([5]);
  });
});
