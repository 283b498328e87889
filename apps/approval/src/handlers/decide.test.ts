import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeModelPackageCommand,
  ListEndpointConfigsCommand,
  UpdateEndpointCommand,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ENDPOINT,
  inputsOf,
  lambdaEnv,
  mockedClients,
  PACKAGE_ARN,
  parameterNotFound,
  ROLE_ARN,
  SECRET,
  validationException,
} from '../../test/aws-test-kit.js';
import { httpApiV2Event, restApiV1Event } from '../__fixtures__/api-gateway-events.js';
import { memoryLogger } from '../log/logger.js';
import { issueApprovalToken, type ApprovalAction } from '@powercast/aws-pipeline/approval';
import { createDecideHandler } from './decide.js';

const now = new Date('2026-11-20T01:30:00.000Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const SECRET_PARAMETER = '/power-forecasting/dev/approval/token-secret';
const APPROVED = '/power-forecasting/dev/sagemaker/model-registry/approved';
const LAST_DEPLOYED = '/power-forecasting/dev/sagemaker/deploy/last_deployed';
const DECIDED = '/power-forecasting/dev/approval/decided/powerforecastpackagegroup/7';
/** The create-only marker decide writes before UpdateModelPackage (one decision per version wins). */
const marker = (status: string) => ({
  Name: DECIDED,
  Value: JSON.stringify({ status, by: 'ops@example.com', at: '2026-11-20T01:30:00.000Z' }),
  Type: 'String',
  Overwrite: false,
});

function token(action: ApprovalAction, issuedAt = nowSeconds - 3600): string {
  return issueApprovalToken({
    secret: SECRET,
    packageId: PACKAGE_ARN,
    action,
    approver: 'ops@example.com',
    nowSeconds: issuedAt,
  });
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe('decide handler', () => {
  let aws: ReturnType<typeof mockedClients>;
  let logger: ReturnType<typeof memoryLogger>;
  let handler: ReturnType<typeof createDecideHandler>;

  beforeEach(() => {
    aws = mockedClients();
    logger = memoryLogger();
    handler = createDecideHandler({
      env: lambdaEnv,
      clients: { sagemaker: aws.sagemaker, ssm: aws.ssm },
      logger,
      clock: () => now,
    });
    aws.ssmMock
      .on(GetParameterCommand, { Name: SECRET_PARAMETER, WithDecryption: true })
      .resolves({ Parameter: { Name: SECRET_PARAMETER, Value: SECRET, Type: 'SecureString' } });
    aws.ssmMock.on(GetParameterCommand, { Name: LAST_DEPLOYED }).rejects(parameterNotFound());
    aws.ssmMock.on(PutParameterCommand).resolves({ Version: 1 });
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves({
      ModelPackageArn: PACKAGE_ARN,
      ModelPackageGroupName: 'PowerForecastPackageGroup',
      ModelPackageVersion: 7,
      ModelApprovalStatus: 'PendingManualApproval',
    });
    aws.sagemakerMock.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: PACKAGE_ARN });
    aws.sagemakerMock
      .on(DescribeEndpointCommand)
      .rejects(validationException(`Could not find endpoint "${ENDPOINT}".`));
    aws.sagemakerMock.on(CreateModelCommand).resolves({ ModelArn: 'arn:model' });
    aws.sagemakerMock.on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: 'arn:config' });
    aws.sagemakerMock.on(CreateEndpointCommand).resolves({ EndpointArn: 'arn:endpoint' });
    aws.sagemakerMock.on(UpdateEndpointCommand).resolves({ EndpointArn: 'arn:endpoint' });
    aws.sagemakerMock.on(ListEndpointConfigsCommand).resolves({ EndpointConfigs: [] });
  });

  it('GET shows a confirmation page and changes nothing (mail scanners prefetch links)', async () => {
    const approveToken = token('approve');
    const response = await handler(httpApiV2Event('GET', { action: 'approve', token: approveToken }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).toContain('<form method="post">');
    expect(response.body).toContain(`name="token" value="${approveToken}"`);
    expect(response.body).toContain('Approve version 7');
    expect(inputsOf(aws.sagemakerMock, DescribeModelPackageCommand)).toEqual([{ ModelPackageName: PACKAGE_ARN }]);
    expect(aws.sagemakerMock.commandCalls(UpdateModelPackageCommand)).toHaveLength(0);
    expect(aws.ssmMock.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('POST approve: marks Approved, records the ARN, creates model, serverless config and endpoint', async () => {
    const response = await handler(
      httpApiV2Event(
        'POST',
        {},
        form({ action: 'approve', token: token('approve'), reason: 'MSE well under threshold' }),
      ),
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('was approved by ops@example.com');
    expect(response.body).toContain('new endpoint');
    expect(inputsOf(aws.sagemakerMock, UpdateModelPackageCommand)).toEqual([
      {
        ModelPackageArn: PACKAGE_ARN,
        ModelApprovalStatus: 'Approved',
        ApprovalDescription:
          'Approved by ops@example.com at 2026-11-20T01:30:00.000Z via signed link: MSE well under threshold',
      },
    ]);
    expect(inputsOf(aws.ssmMock, PutParameterCommand)).toEqual([
      marker('Approved'),
      { Name: APPROVED, Value: PACKAGE_ARN, Type: 'String', Overwrite: true },
    ]);
    expect(inputsOf(aws.sagemakerMock, DescribeEndpointCommand)).toEqual([{ EndpointName: ENDPOINT }]);
    expect(inputsOf(aws.sagemakerMock, CreateModelCommand)).toEqual([
      {
        ModelName: `${ENDPOINT}-v7-20261120013000`,
        ExecutionRoleArn: ROLE_ARN,
        PrimaryContainer: { ModelPackageName: PACKAGE_ARN },
        Tags: [
          { Key: 'powercast:model-package', Value: PACKAGE_ARN },
          { Key: 'powercast:endpoint', Value: ENDPOINT },
        ],
      },
    ]);
    expect(inputsOf(aws.sagemakerMock, CreateEndpointConfigCommand)).toEqual([
      {
        EndpointConfigName: `${ENDPOINT}-v7-20261120013000`,
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: `${ENDPOINT}-v7-20261120013000`,
            ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 1 },
          },
        ],
      },
    ]);
    expect(inputsOf(aws.sagemakerMock, CreateEndpointCommand)).toEqual([
      { EndpointName: ENDPOINT, EndpointConfigName: `${ENDPOINT}-v7-20261120013000` },
    ]);
    expect(aws.sagemakerMock.commandCalls(UpdateEndpointCommand)).toHaveLength(0);
  });

  it('POST approve on an existing endpoint: UpdateEndpoint, and endpoint configs beyond the last 3 are deleted', async () => {
    aws.sagemakerMock.on(DescribeEndpointCommand).resolves({
      EndpointName: ENDPOINT,
      EndpointConfigName: `${ENDPOINT}-v6-20261101000000`,
      EndpointStatus: 'InService',
    });
    aws.sagemakerMock.on(ListEndpointConfigsCommand).resolves({
      EndpointConfigs: [
        `${ENDPOINT}-v7-20261120013000`,
        `${ENDPOINT}-v6-20261101000000`,
        `${ENDPOINT}-v5-20261015000000`,
        `${ENDPOINT}-v4-20261001000000`,
        `${ENDPOINT}-v3-20260915000000`,
      ].map((name) => ({ EndpointConfigName: name, EndpointConfigArn: `arn:${name}`, CreationTime: new Date() })),
    });
    const response = await handler(restApiV1Event('POST', {}, form({ action: 'approve', token: token('approve') })));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('endpoint update');
    expect(inputsOf(aws.sagemakerMock, UpdateEndpointCommand)).toEqual([
      { EndpointName: ENDPOINT, EndpointConfigName: `${ENDPOINT}-v7-20261120013000` },
    ]);
    expect(aws.sagemakerMock.commandCalls(CreateEndpointCommand)).toHaveLength(0);
    expect(inputsOf(aws.sagemakerMock, ListEndpointConfigsCommand)).toEqual([
      { NameContains: `${ENDPOINT}-v`, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 },
    ]);
    expect(inputsOf(aws.sagemakerMock, DeleteEndpointConfigCommand)).toEqual([
      { EndpointConfigName: `${ENDPOINT}-v4-20261001000000` },
      { EndpointConfigName: `${ENDPOINT}-v3-20260915000000` },
    ]);
  });

  it('POST approve when the package is already last_deployed: records the approval, deploys nothing', async () => {
    aws.ssmMock
      .on(GetParameterCommand, { Name: LAST_DEPLOYED })
      .resolves({ Parameter: { Name: LAST_DEPLOYED, Value: PACKAGE_ARN } });
    const response = await handler(httpApiV2Event('POST', {}, form({ action: 'approve', token: token('approve') })));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('already the deployed model');
    expect(inputsOf(aws.sagemakerMock, UpdateModelPackageCommand)).toHaveLength(1);
    expect(inputsOf(aws.ssmMock, PutParameterCommand)).toEqual([
      marker('Approved'),
      { Name: APPROVED, Value: PACKAGE_ARN, Type: 'String', Overwrite: true },
    ]);
    expect(inputsOf(aws.ssmMock, GetParameterCommand)).toContainEqual({ Name: LAST_DEPLOYED });
    for (const command of [
      DescribeEndpointCommand,
      CreateModelCommand,
      CreateEndpointConfigCommand,
      CreateEndpointCommand,
      UpdateEndpointCommand,
    ]) {
      expect(inputsOf(aws.sagemakerMock, command)).toHaveLength(0);
    }
  });

  it('POST reject (REST API v1 payload): marks Rejected with the reason, only the decision marker, no deployment', async () => {
    const response = await handler(
      restApiV1Event('POST', { action: 'reject', token: token('reject') }, form({ reason: 'MAPE too high in August' })),
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('was rejected by ops@example.com');
    expect(inputsOf(aws.sagemakerMock, UpdateModelPackageCommand)).toEqual([
      {
        ModelPackageArn: PACKAGE_ARN,
        ModelApprovalStatus: 'Rejected',
        ApprovalDescription:
          'Rejected by ops@example.com at 2026-11-20T01:30:00.000Z via signed link: MAPE too high in August',
      },
    ]);
    expect(inputsOf(aws.ssmMock, PutParameterCommand)).toEqual([marker('Rejected')]);
    expect(aws.sagemakerMock.commandCalls(CreateModelCommand)).toHaveLength(0);
  });

  it.each([
    [
      'a tampered token',
      () => ({ action: 'approve', token: `${token('approve').slice(0, -2)}AA` }),
      403,
      'signature does not match',
    ],
    [
      'an expired token',
      () => ({ action: 'approve', token: token('approve', nowSeconds - 73 * 3600) }),
      403,
      'expired',
    ],
    ['a reject token used to approve', () => ({ action: 'approve', token: token('reject') }), 403, 'issued to reject'],
    ['a malformed token', () => ({ action: 'approve', token: 'not-a-token' }), 400, 'not of the form'],
    ['a missing action', () => ({ token: token('approve') }), 400, 'action=approve or action=reject'],
  ])('POST with %s → %i, package untouched', async (_name, fields, status, text) => {
    const response = await handler(httpApiV2Event('POST', {}, form(fields() as Record<string, string>)));
    expect(response.statusCode).toBe(status);
    expect(response.body).toContain(text);
    expect(aws.sagemakerMock.commandCalls(DescribeModelPackageCommand)).toHaveLength(0);
    expect(aws.sagemakerMock.commandCalls(UpdateModelPackageCommand)).toHaveLength(0);
    expect(aws.ssmMock.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('answers 409 when the package is no longer PendingManualApproval', async () => {
    aws.sagemakerMock.on(DescribeModelPackageCommand).resolves({
      ModelPackageArn: PACKAGE_ARN,
      ModelPackageGroupName: 'PowerForecastPackageGroup',
      ModelPackageVersion: 7,
      ModelApprovalStatus: 'Approved',
    });
    const response = await handler(httpApiV2Event('POST', {}, form({ action: 'reject', token: token('reject') })));
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('<strong>Approved</strong>');
    expect(aws.sagemakerMock.commandCalls(UpdateModelPackageCommand)).toHaveLength(0);
  });

  it('reads the secret once per cold start and never logs it or the token', async () => {
    const approveToken = token('approve');
    await handler(httpApiV2Event('GET', { action: 'approve', token: approveToken }));
    await handler(httpApiV2Event('GET', { action: 'approve', token: 'garbled' }));
    await handler(httpApiV2Event('POST', {}, form({ action: 'approve', token: approveToken })));
    expect(
      inputsOf(aws.ssmMock, GetParameterCommand).filter(
        (input) => (input as { Name: string }).Name === SECRET_PARAMETER,
      ),
    ).toEqual([{ Name: SECRET_PARAMETER, WithDecryption: true }]);
    const logText = JSON.stringify(logger.records);
    expect(logger.records.length).toBeGreaterThan(2);
    expect(logText).not.toContain(SECRET);
    expect(logText).not.toContain(approveToken);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ packageId: PACKAGE_ARN, action: 'approve', outcome: 'Approved' }),
    );
  });

  it('answers 404 when the package ARN no longer resolves', async () => {
    aws.sagemakerMock.on(DescribeModelPackageCommand).rejects(validationException('Model package does not exist.'));
    const response = await handler(httpApiV2Event('GET', { action: 'approve', token: token('approve') }));
    expect(response.statusCode).toBe(404);
    expect(aws.sagemakerMock.commandCalls(UpdateModelPackageCommand)).toHaveLength(0);
  });

  it('keeps the approval and says so (502) when the deployment cannot start', async () => {
    aws.sagemakerMock
      .on(CreateModelCommand)
      .rejects(new Error('AccessDeniedException: not authorized to perform sagemaker:CreateModel'));
    const response = await handler(httpApiV2Event('POST', {}, form({ action: 'approve', token: token('approve') })));
    expect(response.statusCode).toBe(502);
    expect(response.body).toContain('was approved by ops@example.com');
    expect(response.body).toContain('not authorized to perform sagemaker:CreateModel');
    expect(inputsOf(aws.sagemakerMock, UpdateModelPackageCommand)).toHaveLength(1);
    expect(aws.sagemakerMock.commandCalls(CreateEndpointCommand)).toHaveLength(0);
  });

  it('answers 405 to other methods', async () => {
    const event = httpApiV2Event('GET', { action: 'approve', token: token('approve') });
    const response = await handler({
      ...event,
      requestContext: { ...(event['requestContext'] as object), http: { method: 'PUT' } },
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers['allow']).toBe('GET, POST');
  });

  it('refuses events that are not API Gateway requests', async () => {
    const response = await handler({ hello: 'world' });
    expect(response.statusCode).toBe(400);
  });
});
