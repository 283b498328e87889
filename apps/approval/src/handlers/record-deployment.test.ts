import { DescribeEndpointConfigCommand, DescribeModelCommand } from '@aws-sdk/client-sagemaker';
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { ENDPOINT, inputsOf, lambdaEnv, mockedClients, PACKAGE_ARN, TOPIC_ARN } from '../../test/aws-test-kit.js';
import { memoryLogger } from '../log/logger.js';
import { createRecordDeploymentHandler } from './record-deployment.js';

const fixture = (name: string): { detail: Record<string, unknown> } =>
  JSON.parse(readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8')) as {
    detail: Record<string, unknown>;
  };
const inService = fixture('endpoint-state-change.in-service.json');
const failed = fixture('endpoint-state-change.failed.json');
const CONFIG = `${ENDPOINT}-v7-20261120012000`;
const MODEL = CONFIG; // the deployer gives the model its endpoint config's name

describe('recordDeployment handler', () => {
  let aws: ReturnType<typeof mockedClients>;
  let handler: ReturnType<typeof createRecordDeploymentHandler>;

  beforeEach(() => {
    aws = mockedClients();
    handler = createRecordDeploymentHandler({
      env: lambdaEnv,
      clients: { sagemaker: aws.sagemaker, ssm: aws.ssm, sns: aws.sns },
      logger: memoryLogger(),
    });
    aws.sagemakerMock.on(DescribeEndpointConfigCommand, { EndpointConfigName: CONFIG }).resolves({
      EndpointConfigName: CONFIG,
      ProductionVariants: [
        { VariantName: 'AllTraffic', ModelName: MODEL, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 1 } },
      ],
    });
    aws.sagemakerMock
      .on(DescribeModelCommand, { ModelName: MODEL })
      .resolves({ ModelName: MODEL, PrimaryContainer: { ModelPackageName: PACKAGE_ARN } });
    aws.ssmMock.on(PutParameterCommand).resolves({ Version: 2 });
    aws.snsMock.on(PublishCommand).resolves({ MessageId: 'n-1' });
  });

  it('IN_SERVICE: records the served package as last_deployed and the endpoint as current_endpoint', async () => {
    expect(await handler(inService)).toEqual({ kind: 'recorded', packageId: PACKAGE_ARN, endpointName: ENDPOINT });
    expect(inputsOf(aws.sagemakerMock, DescribeEndpointConfigCommand)).toEqual([{ EndpointConfigName: CONFIG }]);
    expect(inputsOf(aws.sagemakerMock, DescribeModelCommand)).toEqual([{ ModelName: MODEL }]);
    expect(inputsOf(aws.ssmMock, PutParameterCommand)).toEqual([
      {
        Name: '/power-forecasting/dev/sagemaker/deploy/last_deployed',
        Value: PACKAGE_ARN,
        Type: 'String',
        Overwrite: true,
      },
      {
        Name: '/power-forecasting/dev/sagemaker/deploy/current_endpoint',
        Value: ENDPOINT,
        Type: 'String',
        Overwrite: true,
      },
    ]);
    expect(aws.snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('IN_SERVICE retried: writes the same values again (idempotent)', async () => {
    await handler(inService);
    await handler(inService);
    const puts = inputsOf(aws.ssmMock, PutParameterCommand);
    expect(puts).toHaveLength(4);
    expect(puts.slice(2)).toEqual(puts.slice(0, 2));
  });

  it('FAILED: keeps the recorded values and publishes the failure reason', async () => {
    const outcome = await handler(failed);
    expect(outcome).toMatchObject({ kind: 'failure-notified', packageId: PACKAGE_ARN });
    expect(aws.ssmMock.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(inputsOf(aws.snsMock, PublishCommand)).toEqual([
      {
        TopicArn: TOPIC_ARN,
        Subject: `Powercast deployment failed: ${ENDPOINT}`,
        Message: [
          `Endpoint ${ENDPOINT} failed.`,
          `Endpoint config: ${CONFIG}`,
          `Model package: ${PACKAGE_ARN}`,
          `Reason: ${failed.detail['FailureReason'] as string}`,
          'The recorded deployment (last_deployed, current_endpoint) was left unchanged.',
        ].join('\n'),
      },
    ]);
  });

  it('IN_SERVICE with a failure reason (rolled-back update): records what is served and notifies', async () => {
    const reason = 'Update failed: the new variant did not pass health checks; rolled back.';
    const outcome = await handler({ ...inService, detail: { ...inService.detail, FailureReason: reason } });
    expect(outcome).toEqual({
      kind: 'recorded',
      packageId: PACKAGE_ARN,
      endpointName: ENDPOINT,
      updateFailure: reason,
    });
    expect(inputsOf(aws.ssmMock, PutParameterCommand)).toHaveLength(2);
    expect(inputsOf(aws.snsMock, PublishCommand)).toEqual([
      {
        TopicArn: TOPIC_ARN,
        Subject: `Powercast deployment rolled back: ${ENDPOINT}`,
        Message: `The update of endpoint ${ENDPOINT} failed and was rolled back; it still serves ${PACKAGE_ARN}.\nReason: ${reason}`,
      },
    ]);
  });

  it.each([
    ['another endpoint', { EndpointName: 'someone-elses-endpoint' }],
    ['a CREATING endpoint', { EndpointStatus: 'CREATING' }],
    ['an UPDATING endpoint', { EndpointStatus: 'UPDATING' }],
  ])('ignores %s', async (_name, change) => {
    expect((await handler({ ...inService, detail: { ...inService.detail, ...change } })).kind).toBe('ignored');
    expect(aws.ssmMock.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(aws.snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('rejects an event without an endpoint status, naming the field', async () => {
    await expect(handler({ ...inService, detail: { EndpointName: ENDPOINT } })).rejects.toThrow(
      /detail\.EndpointStatus/,
    );
  });
});
