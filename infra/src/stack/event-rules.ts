import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy/index.js';
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
 * SageMaker events → approval Lambdas and the alert topic, each target with the permission that
 * lets exactly its rule invoke it.
 */
export class EventRules extends Construct {
  readonly modelPackagePending: CloudwatchEventRule;
  readonly endpointStateChange: CloudwatchEventRule;
  readonly pipelineFailed: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: EventRulesProps) {
    super(scope, id);
    const { config, names } = props;

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
      inputTransformer: {
        inputPaths: {
          execution: '$.detail.pipelineExecutionArn',
          time: '$.time',
          previous: '$.detail.previousPipelineExecutionStatus',
        },
        inputTemplate: pipelineFailedMessage,
      },
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
        ]),
      ),
    });
  }

  private rule(id: string, name: string, description: string, pattern: EventPattern): CloudwatchEventRule {
    return new CloudwatchEventRule(this, id, { name, description, eventPattern: JSON.stringify(pattern) });
  }

  private invokeLambda(id: string, rule: CloudwatchEventRule, target: LambdaFunction): void {
    new CloudwatchEventTarget(this, `${id}-target`, { rule: rule.name, arn: target.arn });
    new LambdaPermission(this, `${id}-permission`, {
      statementId: `AllowEventBridge-${id}`,
      action: 'lambda:InvokeFunction',
      functionName: target.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: rule.arn,
    });
  }
}
