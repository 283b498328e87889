import { describe, expect, it } from 'vitest';

import { ref, resourceWhere, resourcesOfType, synthesized } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';

describe.each(environmentNames)('approval API (%s)', (environment) => {
  const { json, config } = synthesized(environment);
  const api = resourceWhere(json, 'aws_apigatewayv2_api');
  const decide = resourceWhere(
    json,
    'aws_lambda_function',
    (values) => values.function_name === `powercast-decide-${environment}`,
  );

  it('is an HTTP API named for the environment', () => {
    expect(api.values).toMatchObject({ name: `powercast-approval-api-${environment}`, protocol_type: 'HTTP' });
  });

  it('routes GET and POST /approval, and nothing else, to decide', () => {
    const integration = resourceWhere(json, 'aws_apigatewayv2_integration');
    expect(integration.values).toMatchObject({
      api_id: ref(api, 'id'),
      integration_type: 'AWS_PROXY',
      integration_uri: ref(decide, 'invoke_arn'),
      payload_format_version: '2.0',
    });
    const routes = resourcesOfType(json, 'aws_apigatewayv2_route').map((route) => [
      route.values.route_key,
      route.values.target,
    ]);
    expect(routes.sort()).toEqual([
      ['GET /approval', `integrations/${ref(integration, 'id')}`],
      ['POST /approval', `integrations/${ref(integration, 'id')}`],
    ]);
  });

  it('lets API Gateway invoke decide for /approval only', () => {
    expect(
      resourceWhere(json, 'aws_lambda_permission', (values) => values.principal === 'apigateway.amazonaws.com').values,
    ).toMatchObject({
      action: 'lambda:InvokeFunction',
      function_name: ref(decide, 'function_name'),
      source_arn: `${ref(api, 'execution_arn')}/*/*/approval`,
    });
  });

  it('throttles and access-logs the default stage, without query strings (they carry tokens)', () => {
    const accessLogs = resourceWhere(
      json,
      'aws_cloudwatch_log_group',
      (values) => values.name === `/aws/apigateway/powercast-approval-api-${environment}`,
    );
    const stage = resourceWhere(json, 'aws_apigatewayv2_stage');
    expect(stage.values).toMatchObject({
      api_id: ref(api, 'id'),
      name: '$default',
      auto_deploy: true,
      default_route_settings: {
        throttling_rate_limit: config.api.throttlingRateLimit,
        throttling_burst_limit: config.api.throttlingBurstLimit,
      },
      access_log_settings: { destination_arn: ref(accessLogs, 'arn') },
    });
    const format = JSON.parse((stage.values.access_log_settings as { format: string }).format) as Record<
      string,
      string
    >;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      routeKey: '$context.routeKey',
    });
    expect(Object.values(format).some((variable) => /querystring|path\b/i.test(variable))).toBe(false);
    expect(accessLogs.values.retention_in_days).toBe(config.lambda.logRetentionDays);
  });
});
