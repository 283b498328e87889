import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  DescribeModelPackageCommand,
  ListEndpointConfigsCommand,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ENDPOINT,
  inputsOf,
  lambdaEnv,
  mockedClients,
  PACKAGE_ARN,
  validationException,
} from '../../test/aws-test-kit.js';
import { memoryLogger } from '../log/logger.js';
import { createDeployHandler } from './deploy.js';

const now = new Date('2026-11-21T09:08:07.000Z');

describe('deploy handler', () => {
  let aws: ReturnType<typeof mockedClients>;
  let handler: ReturnType<typeof createDeployHandler>;

  beforeEach(() => {
    aws = mockedClients();
    handler = createDeployHandler({
      env: { ...lambdaEnv, SERVERLESS_MEMORY_SIZE_MB: '3072', SERVERLESS_MAX_CONCURRENCY: '2' },
      clients: { sagemaker: aws.sagemaker },
      logger: memoryLogger(),
      clock: () => now,
    });
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves({
      ModelPackageArn: PACKAGE_ARN,
      ModelPackageGroupName: 'PowerForecastPackageGroup',
      ModelPackageVersion: 7,
      ModelApprovalStatus: 'Approved',
    });
    aws.sagemakerMock
      .on(DescribeEndpointCommand)
      .rejects(validationException(`Could not find endpoint "${ENDPOINT}".`));
    aws.sagemakerMock.on(ListEndpointConfigsCommand).resolves({ EndpointConfigs: [] });
  });

  it('creates a serverless endpoint with memory and concurrency from the configuration', async () => {
    const start = await handler({ modelPackageArn: PACKAGE_ARN });
    expect(start).toEqual({
      endpointName: ENDPOINT,
      mode: 'create',
      endpointConfigName: `${ENDPOINT}-v7-20261121090807`,
      modelName: `${ENDPOINT}-v7-20261121090807`,
    });
    expect(inputsOf(aws.sagemakerMock, CreateModelCommand)).toHaveLength(1);
    expect(inputsOf(aws.sagemakerMock, CreateEndpointConfigCommand)).toEqual([
      {
        EndpointConfigName: `${ENDPOINT}-v7-20261121090807`,
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: `${ENDPOINT}-v7-20261121090807`,
            ServerlessConfig: { MemorySizeInMB: 3072, MaxConcurrency: 2 },
          },
        ],
      },
    ]);
    expect(inputsOf(aws.sagemakerMock, CreateEndpointCommand)).toEqual([
      { EndpointName: ENDPOINT, EndpointConfigName: `${ENDPOINT}-v7-20261121090807` },
    ]);
  });

  it('does not repeat a deployment of the same version already under way (retried invocation)', async () => {
    aws.sagemakerMock.on(DescribeEndpointCommand).resolves({
      EndpointName: ENDPOINT,
      EndpointConfigName: `${ENDPOINT}-v7-20261121090700`,
      EndpointStatus: 'Updating',
    });
    const start = await handler({ modelPackageArn: PACKAGE_ARN });
    expect(start).toEqual({
      endpointName: ENDPOINT,
      mode: 'already-in-progress',
      endpointConfigName: `${ENDPOINT}-v7-20261121090700`,
    });
    for (const command of [
      CreateModelCommand,
      CreateEndpointConfigCommand,
      CreateEndpointCommand,
      UpdateEndpointCommand,
    ]) {
      expect(inputsOf(aws.sagemakerMock, command)).toHaveLength(0);
    }
  });

  it('refuses while the endpoint is busy with another version', async () => {
    aws.sagemakerMock.on(DescribeEndpointCommand).resolves({
      EndpointName: ENDPOINT,
      EndpointConfigName: `${ENDPOINT}-v6-20261101000000`,
      EndpointStatus: 'Updating',
    });
    await expect(handler({ modelPackageArn: PACKAGE_ARN })).rejects.toThrow(/is Updating/);
    expect(aws.sagemakerMock.commandCalls(CreateModelCommand)).toHaveLength(0);
  });

  it('refuses a package that is not Approved', async () => {
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves({
      ModelPackageArn: PACKAGE_ARN,
      ModelPackageGroupName: 'PowerForecastPackageGroup',
      ModelPackageVersion: 7,
      ModelApprovalStatus: 'PendingManualApproval',
    });
    await expect(handler({ modelPackageArn: PACKAGE_ARN })).rejects.toThrow(/only Approved packages/);
    expect(aws.sagemakerMock.commandCalls(CreateModelCommand)).toHaveLength(0);
  });

  it('accepts exactly { modelPackageArn } (what trainer:models sends) and names any other field', async () => {
    await expect(handler({ modelPackageArn: PACKAGE_ARN, force: true })).rejects.toThrow(/force/);
    expect(aws.sagemakerMock.commandCalls(DescribeModelPackageCommand)).toHaveLength(0);
  });

  it('rejects a request without a versioned package ARN', async () => {
    await expect(
      handler({
        modelPackageArn: 'arn:aws:sagemaker:ap-northeast-1:123456789012:model-package-group/PowerForecastPackageGroup',
      }),
    ).rejects.toThrow(/modelPackageArn/);
  });
});
