import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy/index.js';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import type { ResourceNames } from '@powercast/contracts';
import { policyDocument, policyJson } from '../iam/policy-document.js';
import {
  endpointStateChangePattern,
  modelPackagePendingPattern,
  pipelineFailedPattern,
  type EventPattern,
} from './event-patterns.js';

export interface EventRulesProps {
  config: EnvironmentConfig;
  names: ResourceNames;
  notifyApprover: LambdaFunction;
  recordDeployment: LambdaFunction;
  alertTopic: SnsTopic;
  pipelineArn: string;
}

/** Readable alert mail instead of a raw event document. */
const pipelineFailedMessage =
  '"Powercast pipeline execution <execution> failed at <time> (previous status <previous>). See SageMaker Studio > Pipelines, or run: npx nx run trainer:sagemaker -- status <execution>"';

/**
 * EventBridge retries a target it cannot reach (throttled Lambda, SNS outage) for this long, then puts
 * the event on the dead-letter queue instead of dropping it: a pending package whose approval email
 * was never sent, or an endpoint change never recorded, stays visible and can be replayed.
 */
export const targetRetryPolicy = { maximumRetryAttempts: 24, maximumEventAgeInSeconds: 6 * 3600 } as const;
/** SQS's maximum: undelivered events wait two weeks for someone to look. */
const deadLetterRetentionSeconds = 14 * 24 * 3600;

/**
 * SageMaker events → approval Lambdas and the alert topic, each target with the permission that
 * lets exactly its rule invoke it, a retry policy and the dead-letter queue (with an alarm on it).
 */
export class EventRules extends Construct {
  readonly modelPackagePending: CloudwatchEventRule;
  readonly endpointStateChange: CloudwatchEventRule;
  readonly pipelineFailed: CloudwatchEventRule;
  readonly deadLetterQueue: SqsQueue;

  constructor(scope: Construct, id: string, props: EventRulesProps) {
    super(scope, id);
    const { config, names } = props;
    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: names.eventDeadLetterQueue,
      messageRetentionSeconds: deadLetterRetentionSeconds,
      sqsManagedSseEnabled: true,
    });

    this.modelPackagePending = this.rule(
      'model-package-pending',
      names.rules.modelPackagePending,
      'Model package awaiting approval in our group',
      modelPackagePendingPattern(config),
    );
    this.invokeLambda('model-package-pending', this.modelPackagePending, props.notifyApprover);

    this.endpointStateChange = this.rule(
      'endpoint-state-change',
      names.rules.endpointStateChange,
      'Our serverless endpoint is InService or Failed',
      endpointStateChangePattern(config),
    );
    this.invokeLambda('endpoint-state-change', this.endpointStateChange, props.recordDeployment);

    this.pipelineFailed = this.rule(
      'pipeline-failed',
      names.rules.pipelineFailed,
      'An execution of our training pipeline failed',
      pipelineFailedPattern(props.pipelineArn),
    );
    new CloudwatchEventTarget(this, 'pipeline-failed-target', {
      rule: this.pipelineFailed.name,
      arn: props.alertTopic.arn,
      ...this.delivery(),
      inputTransformer: {
        inputPaths: {
          execution: '$.detail.pipelineExecutionArn',
          time: '$.time',
          previous: '$.detail.previousPipelineExecutionStatus',
        },
        inputTemplate: pipelineFailedMessage,
      },
    });
    const rules = [this.modelPackagePending, this.endpointStateChange, this.pipelineFailed];
    new SqsQueuePolicy(this, 'dead-letter-queue-policy', {
      queueUrl: this.deadLetterQueue.url,
      policy: policyJson(
        policyDocument([
          {
            Sid: 'OurRulesDeadLetter',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['sqs:SendMessage'],
            Resource: [this.deadLetterQueue.arn],
            Condition: { ArnEquals: { 'aws:SourceArn': rules.map((rule) => rule.arn) } },
          },
        ]),
      ),
    });
    const undeliveredAlarm = new CloudwatchMetricAlarm(this, 'undelivered-events-alarm', {
      alarmName: names.eventDeadLetterQueue,
      alarmDescription: `EventBridge could not deliver a Powercast event after retries: see SQS ${names.eventDeadLetterQueue}`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: this.deadLetterQueue.name },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alertTopic.arn],
    });
    new SnsTopicPolicy(this, 'alert-topic-policy', {
      arn: props.alertTopic.arn,
      policy: policyJson(
        policyDocument([
          {
            Sid: 'PipelineFailedRulePublishes',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['sns:Publish'],
            Resource: [props.alertTopic.arn],
            Condition: { ArnEquals: { 'aws:SourceArn': this.pipelineFailed.arn } },
          },
          {
            Sid: 'UndeliveredEventsAlarmPublishes',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['sns:Publish'],
            Resource: [props.alertTopic.arn],
            Condition: { ArnEquals: { 'aws:SourceArn': undeliveredAlarm.arn } },
          },
        ]),
      ),
    });
  }

  /** Retries, then the dead-letter queue: the same for every target. */
  private delivery(): { retryPolicy: typeof targetRetryPolicy; deadLetterConfig: { arn: string } } {
    return { retryPolicy: targetRetryPolicy, deadLetterConfig: { arn: this.deadLetterQueue.arn } };
  }

  private rule(id: string, name: string, description: string, pattern: EventPattern): CloudwatchEventRule {
    return new CloudwatchEventRule(this, id, { name, description, eventPattern: JSON.stringify(pattern) });
  }

  private invokeLambda(id: string, rule: CloudwatchEventRule, target: LambdaFunction): void {
    new CloudwatchEventTarget(this, `${id}-target`, { rule: rule.name, arn: target.arn, ...this.delivery() });
    new LambdaPermission(this, `${id}-permission`, {
      statementId: `AllowEventBridge-${id}`,
      action: 'lambda:InvokeFunction',
      functionName: target.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: rule.arn,
    });
  }
}
