import { describe, expect, it } from 'vitest';

import { matchesEventPattern } from '../../test/event-pattern-matcher.js';
import {
  endpointStateChange,
  modelPackageStateChange,
  pipelineExecutionStatusChange,
} from '../../test/fixtures/sagemaker-events.js';
import { ref, resourceWhere, synthesized, type Resource } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';

describe.each(environmentNames)('EventBridge rules (%s)', (environment) => {
  const { json, config } = synthesized(environment);
  const other = environment === 'dev' ? 'prod' : 'dev';
  const rule = (name: string): Resource =>
    resourceWhere(json, 'aws_cloudwatch_event_rule', (values) => values.name === `powercast-${name}-${environment}`);
  const pattern = (name: string): Record<string, unknown> => JSON.parse(rule(name).values.event_pattern as string);
  const targetOf = (name: string): Resource =>
    resourceWhere(json, 'aws_cloudwatch_event_target', (values) => values.rule === ref(rule(name), 'name'));
  const lambda = (name: string): Resource =>
    resourceWhere(json, 'aws_lambda_function', (values) => values.function_name === `powercast-${name}-${environment}`);

  it('sends model packages awaiting approval in our group to notifyApprover', () => {
    expect(pattern('model-package-pending')).toEqual({
      source: ['aws.sagemaker'],
      'detail-type': ['SageMaker Model Package State Change'],
      detail: {
        ModelPackageGroupName: [`PowerForecastPackageGroup-${environment}`],
        ModelApprovalStatus: ['PendingManualApproval'],
      },
    });
    expect(targetOf('model-package-pending').values.arn).toBe(ref(lambda('notify-approver'), 'arn'));
  });

  it('matches a documented pending event of our group only', () => {
    const matches = (event: Record<string, unknown>) => matchesEventPattern(pattern('model-package-pending'), event);
    expect(matches(modelPackageStateChange(config.modelPackageGroupName, 'PendingManualApproval'))).toBe(true);
    expect(matches(modelPackageStateChange(config.modelPackageGroupName, 'Approved'))).toBe(false);
    expect(matches(modelPackageStateChange(`PowerForecastPackageGroup-${other}`, 'PendingManualApproval'))).toBe(false);
  });

  it("sends our endpoint's IN_SERVICE and FAILED events to recordDeployment", () => {
    expect(pattern('endpoint-state-change')).toEqual({
      source: ['aws.sagemaker'],
      'detail-type': ['SageMaker Endpoint State Change'],
      detail: { EndpointName: [`power-forecast-serverless-${environment}`], EndpointStatus: ['IN_SERVICE', 'FAILED'] },
    });
    expect(targetOf('endpoint-state-change').values.arn).toBe(ref(lambda('record-deployment'), 'arn'));
    const matches = (event: Record<string, unknown>) => matchesEventPattern(pattern('endpoint-state-change'), event);
    expect(matches(endpointStateChange(config.endpoint.name, 'IN_SERVICE'))).toBe(true);
    expect(matches(endpointStateChange(config.endpoint.name, 'FAILED'))).toBe(true);
    expect(matches(endpointStateChange(config.endpoint.name, 'UPDATING'))).toBe(false);
    expect(matches(endpointStateChange(`power-forecast-serverless-${other}`, 'IN_SERVICE'))).toBe(false);
  });

  it('lets each rule, and only it, invoke its Lambda', () => {
    for (const [ruleName, functionName] of [
      ['model-package-pending', 'notify-approver'],
      ['endpoint-state-change', 'record-deployment'],
    ] as const) {
      expect(
        resourceWhere(json, 'aws_lambda_permission', (values) => values.source_arn === ref(rule(ruleName), 'arn'))
          .values,
      ).toMatchObject({
        action: 'lambda:InvokeFunction',
        principal: 'events.amazonaws.com',
        function_name: ref(lambda(functionName), 'function_name'),
      });
    }
  });

  it('publishes failed executions of our pipeline to the alert topic, readable by a human', () => {
    const failedPattern = pattern('pipeline-failed') as { detail: { pipelineArn: string[] } };
    expect(failedPattern).toMatchObject({
      source: ['aws.sagemaker'],
      'detail-type': ['SageMaker Model Building Pipeline Execution Status Change'],
      detail: { currentPipelineExecutionStatus: ['Failed'] },
    });
    const [pipelineArn] = failedPattern.detail.pipelineArn;
    expect(matchesEventPattern(failedPattern, pipelineExecutionStatusChange(pipelineArn!, 'Failed'))).toBe(true);
    expect(matchesEventPattern(failedPattern, pipelineExecutionStatusChange(pipelineArn!, 'Succeeded'))).toBe(false);

    const topic = resourceWhere(json, 'aws_sns_topic');
    const target = targetOf('pipeline-failed');
    expect(target.values.arn).toBe(ref(topic, 'arn'));
    expect(target.values.input_transformer).toMatchObject({
      input_paths: { execution: '$.detail.pipelineExecutionArn' },
    });
    expect(JSON.parse((target.values.input_transformer as { input_template: string }).input_template)).toContain(
      'failed at <time>',
    );
  });

  it('allows only the pipeline-failed rule (and the undelivered-events alarm) to publish to the topic', () => {
    const topic = resourceWhere(json, 'aws_sns_topic');
    const policy = JSON.parse(resourceWhere(json, 'aws_sns_topic_policy').values.policy as string);
    const alarm = resourceWhere(json, 'aws_cloudwatch_metric_alarm');
    expect(policy.Statement).toEqual([
      {
        Sid: 'PipelineFailedRulePublishes',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['sns:Publish'],
        Resource: [ref(topic, 'arn')],
        Condition: { ArnEquals: { 'aws:SourceArn': ref(rule('pipeline-failed'), 'arn') } },
      },
      {
        Sid: 'UndeliveredEventsAlarmPublishes',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['sns:Publish'],
        Resource: [ref(topic, 'arn')],
        Condition: { ArnEquals: { 'aws:SourceArn': ref(alarm, 'arn') } },
      },
    ]);
    expect(resourceWhere(json, 'aws_sns_topic_subscription').values).toMatchObject({
      protocol: 'email',
      endpoint: config.alertEmail,
      topic_arn: ref(topic, 'arn'),
    });
  });

  describe('delivery: retries, then the dead-letter queue', () => {
    const queue = resourceWhere(json, 'aws_sqs_queue');
    const ruleNames = ['model-package-pending', 'endpoint-state-change', 'pipeline-failed'];

    it('gives every target a retry policy and the encrypted dead-letter queue of this environment', () => {
      expect(queue.values).toMatchObject({
        name: `powercast-undelivered-events-${environment}`,
        message_retention_seconds: 14 * 24 * 3600,
        sqs_managed_sse_enabled: true,
      });
      for (const name of ruleNames) {
        expect(targetOf(name).values).toMatchObject({
          retry_policy: { maximum_retry_attempts: 24, maximum_event_age_in_seconds: 6 * 3600 },
          dead_letter_config: { arn: ref(queue, 'arn') },
        });
      }
    });

    it('lets only our three rules send to the queue (least privilege)', () => {
      const policy = resourceWhere(json, 'aws_sqs_queue_policy');
      expect(policy.values.queue_url).toBe(ref(queue, 'url'));
      expect(JSON.parse(policy.values.policy as string).Statement).toEqual([
        {
          Sid: 'OurRulesDeadLetter',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['sqs:SendMessage'],
          Resource: [ref(queue, 'arn')],
          Condition: { ArnEquals: { 'aws:SourceArn': ruleNames.map((name) => ref(rule(name), 'arn')) } },
        },
      ]);
      expect(JSON.stringify(policy.values.policy)).not.toContain(other);
    });

    it('alarms on the alert topic as soon as one event lands in the queue', () => {
      expect(resourceWhere(json, 'aws_cloudwatch_metric_alarm').values).toMatchObject({
        namespace: 'AWS/SQS',
        metric_name: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: ref(queue, 'name') },
        threshold: 0,
        comparison_operator: 'GreaterThanThreshold',
        alarm_actions: [ref(resourceWhere(json, 'aws_sns_topic'), 'arn')],
      });
    });
  });
});
