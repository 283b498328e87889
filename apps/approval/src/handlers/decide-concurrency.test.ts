import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  DescribeModelPackageCommand,
  ListEndpointConfigsCommand,
} from '@aws-sdk/client-sagemaker';
import { issueApprovalToken, type ApprovalAction } from '@powercast/aws-pipeline/approval';
import { registryStandIn } from '@powercast/test-aws';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ENDPOINT,
  lambdaEnv,
  mockedClients,
  PACKAGE_ARN,
  SECRET,
  validationException,
} from '../../test/aws-test-kit.js';
import { httpApiV2Event } from '../__fixtures__/api-gateway-events.js';
import { memoryLogger } from '../log/logger.js';
import { createDecideHandler } from './decide.js';

const now = new Date('2026-11-20T01:30:00.000Z');
const SECRET_PARAMETER = '/power-forecasting/dev/approval/token-secret';
const MARKER = '/power-forecasting/dev/approval/decided/powerforecastpackagegroup/7';

/**
 * The stateful stand-in of SageMaker Model Registry and SSM (@powercast/test-aws) with our one package,
 * plus an endpoint that does not exist yet.
 */
function statefulServices(aws: ReturnType<typeof mockedClients>) {
  const registry = registryStandIn(aws.sagemakerMock, aws.ssmMock, {
    packages: [{ arn: PACKAGE_ARN, group: 'PowerForecastPackageGroup', version: 7 }],
    parameters: { [SECRET_PARAMETER]: SECRET },
  });
  aws.sagemakerMock.on(DescribeEndpointCommand).rejects(validationException(`Could not find endpoint "${ENDPOINT}".`));
  aws.sagemakerMock.on(CreateModelCommand).resolves({ ModelArn: 'arn:model' });
  aws.sagemakerMock.on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: 'arn:config' });
  aws.sagemakerMock.on(CreateEndpointCommand).resolves({ EndpointArn: 'arn:endpoint' });
  aws.sagemakerMock.on(ListEndpointConfigsCommand).resolves({ EndpointConfigs: [] });
  return {
    get status(): string {
      return registry.statusOf(PACKAGE_ARN);
    },
    updates: registry.updates,
    parameters: registry.parameters,
    set failNextUpdate(fail: boolean) {
      registry.failNextUpdate = fail;
    },
  };
}

function post(action: ApprovalAction, approver = 'ops@example.com'): ReturnType<typeof httpApiV2Event> {
  const token = issueApprovalToken({
    secret: SECRET,
    packageId: PACKAGE_ARN,
    action,
    approver,
    nowSeconds: Math.floor(now.getTime() / 1000) - 60,
  });
  return httpApiV2Event('POST', {}, new URLSearchParams({ action, token }).toString());
}

describe('decide handler against a stateful registry: concurrent decisions', () => {
  let aws: ReturnType<typeof mockedClients>;
  let handler: ReturnType<typeof createDecideHandler>;
  let state: ReturnType<typeof statefulServices>;

  beforeEach(() => {
    aws = mockedClients();
    handler = createDecideHandler({
      env: lambdaEnv,
      clients: { sagemaker: aws.sagemaker, ssm: aws.ssm },
      logger: memoryLogger(),
      clock: () => now,
    });
    state = statefulServices(aws);
  });

  it.each([
    ['approve, approve (double click), reject', ['approve', 'approve', 'reject'] as const],
    ['reject, approve, approve', ['reject', 'approve', 'approve'] as const],
    ['approve, reject, approve', ['approve', 'reject', 'approve'] as const],
  ])('%s at once: exactly one decision wins, the others get 409 "already decided"', async (_order, actions) => {
    const events = actions.map((action, i) => post(action, action === 'reject' ? 'lead@example.com' : `ops${i}@x.io`));
    const responses = await Promise.all(events.map((event) => handler(event)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409]);
    expect(state.updates).toHaveLength(1);
    const winner = actions[responses.findIndex((response) => response.statusCode === 200)];
    expect(state.status).toBe(winner === 'approve' ? 'Approved' : 'Rejected');
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      expect(response.body).toContain('Already decided');
      expect(response.body).toContain(`<strong>${state.status}</strong>`);
    }
    // Only an approval that won deploys; a losing approve never starts an endpoint.
    expect(aws.sagemakerMock.commandCalls(CreateModelCommand)).toHaveLength(winner === 'approve' ? 1 : 0);
    expect(JSON.parse(state.parameters.get(MARKER) as string)).toMatchObject({ status: state.status });
  });

  it('frees the marker when the package update fails, so trying the link again decides', async () => {
    state.failNextUpdate = true;
    const failed = await handler(post('approve'));
    expect(failed.statusCode).toBe(500);
    expect(state.parameters.has(MARKER)).toBe(false);
    expect(state.status).toBe('PendingManualApproval');
    const retried = await handler(post('approve'));
    expect(retried.statusCode).toBe(200);
    expect(state.status).toBe('Approved');
  });
});

describe('decide handler: escaped user-input errors are 4xx', () => {
  it('answers 400 naming the value when a signed link names no versioned package ARN; SageMaker is not asked', async () => {
    const aws = mockedClients();
    const state = statefulServices(aws);
    const handler = createDecideHandler({
      env: lambdaEnv,
      clients: { sagemaker: aws.sagemaker, ssm: aws.ssm },
      logger: memoryLogger(),
      clock: () => now,
    });
    const token = issueApprovalToken({
      secret: SECRET,
      packageId: 'PowerForecastPackageGroup/7',
      action: 'approve',
      approver: 'ops@example.com',
      nowSeconds: Math.floor(now.getTime() / 1000) - 60,
    });
    const response = await handler(httpApiV2Event('GET', { action: 'approve', token }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('the link names &quot;PowerForecastPackageGroup/7&quot;');
    expect(response.body).toContain('Nothing was changed.');
    expect(aws.sagemakerMock.commandCalls(DescribeModelPackageCommand)).toHaveLength(0);
    expect(state.updates).toHaveLength(0);
  });

  it('keeps a broken Lambda environment a 500 (the deployment is at fault, not the request)', async () => {
    const aws = mockedClients();
    statefulServices(aws);
    const handler = createDecideHandler({
      env: { ...lambdaEnv, POWERCAST_ENV: 'staging' },
      clients: { sagemaker: aws.sagemaker, ssm: aws.ssm },
      logger: memoryLogger(),
      clock: () => now,
    });
    expect((await handler(post('approve'))).statusCode).toBe(500);
  });
});

describe('decide handler: token lifetime', () => {
  it('refuses (403) a signed link issued in the future or living longer than TOKEN_TTL_HOURS; nothing changes', async () => {
    const aws = mockedClients();
    const state = statefulServices(aws);
    const handler = createDecideHandler({
      env: { ...lambdaEnv, TOKEN_TTL_HOURS: '24' },
      clients: { sagemaker: aws.sagemaker, ssm: aws.ssm },
      logger: memoryLogger(),
      clock: () => now,
    });
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const sign = (iat: number, ttlSeconds: number): string =>
      issueApprovalToken({
        secret: SECRET,
        packageId: PACKAGE_ARN,
        action: 'approve',
        approver: 'ops@example.com',
        nowSeconds: iat,
        ttlSeconds,
      });
    for (const [token, text] of [
      [sign(nowSeconds + 3600, 3600), 'in the future'],
      [sign(nowSeconds - 60, 25 * 3600), 'at most 86400 s'],
    ] as const) {
      const response = await handler(
        httpApiV2Event('POST', {}, new URLSearchParams({ action: 'approve', token }).toString()),
      );
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain(text);
    }
    expect(state.updates).toHaveLength(0);
    expect(aws.sagemakerMock.commandCalls(DescribeModelPackageCommand)).toHaveLength(0);
  });
});
