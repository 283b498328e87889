import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api/index.js';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration/index.js';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route/index.js';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import type { ResourceNames } from '@powercast/contracts';

export const approvalPath = '/approval';
/** GET shows the confirmation page; POST acts (so link-prefetching mail scanners change nothing). */
export const approvalMethods = ['GET', 'POST'] as const;

/** One JSON line per request; no query string, so tokens never reach the logs. */
const accessLogFormat = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationError: '$context.integrationErrorMessage',
});

export interface ApprovalApiProps {
  config: EnvironmentConfig;
  names: ResourceNames;
}

/**
 * The HTTP API behind the approval links. Built in two steps because the link URL goes into
 * `notifyApprover`'s environment before `decide` exists: construct it, then `routeTo(decide)`.
 */
export class ApprovalApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly accessLogs: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, { config, names }: ApprovalApiProps) {
    super(scope, id);
    this.api = new Apigatewayv2Api(this, 'api', {
      name: names.approvalApi,
      protocolType: 'HTTP',
      description: 'Powercast model approval links',
    });
    this.accessLogs = new CloudwatchLogGroup(this, 'access-logs', {
      name: names.apiAccessLogGroup,
      retentionInDays: config.lambda.logRetentionDays,
    });
    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: accessLogFormat },
      defaultRouteSettings: {
        throttlingRateLimit: config.api.throttlingRateLimit,
        throttlingBurstLimit: config.api.throttlingBurstLimit,
      },
    });
  }

  /** The link target: `https://<api-id>.execute-api.<region>.amazonaws.com/approval`. */
  get approvalUrl(): string {
    return `${this.api.apiEndpoint}${approvalPath}`;
  }

  /** Routes GET and POST /approval to `decide` and lets API Gateway invoke it for that path only. */
  routeTo(decide: LambdaFunction): void {
    const integration = new Apigatewayv2Integration(this, 'decide-integration', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: decide.invokeArn,
      payloadFormatVersion: '2.0',
      timeoutMilliseconds: 29_000,
    });
    for (const method of approvalMethods) {
      new Apigatewayv2Route(this, `route-${method.toLowerCase()}`, {
        apiId: this.api.id,
        routeKey: `${method} ${approvalPath}`,
        target: `integrations/${integration.id}`,
      });
    }
    new LambdaPermission(this, 'invoke-decide', {
      statementId: 'AllowApprovalApi',
      action: 'lambda:InvokeFunction',
      functionName: decide.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/*/*${approvalPath}`,
    });
  }
}
