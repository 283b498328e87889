import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { ALERT_LOG_PREFIX } from '@powercast/monitoring';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import { policyDocument, policyJson, type PolicyStatement } from '../iam/policy-document.js';
import type { DataBucket } from './data-bucket.js';

export interface AlertPublisherProps {
  config: EnvironmentConfig;
  dataBucket: DataBucket;
  /** The topic with the email subscription (Notifications): accuracy and pipeline alerts share it. */
  alertTopic: SnsTopic;
}

/** The alert log's key prefix in the bucket: the store is the models prefix (with the registry). */
export function alertLogPrefix(config: EnvironmentConfig): string {
  return `${config.storage.prefixes.models}${ALERT_LOG_PREFIX}`;
}

/**
 * What the accuracy monitor (`checkAccuracy` of @powercast/monitoring with its SNS notifier) may do,
 * as a managed policy for the role of whatever runs it (the daily job): publish to the alert topic,
 * and list, read and create the alert log's objects. Nothing else of the bucket, no other topic.
 */
export class AlertPublisher extends Construct {
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, { config, dataBucket, alertTopic }: AlertPublisherProps) {
    super(scope, id);
    this.policy = new IamPolicy(this, 'policy', {
      name: `${config.namePrefix}-alert-publisher-${config.environment}`,
      description: 'Publishes accuracy and pipeline alerts to the alert topic; keeps the alert log in the store',
      policy: policyJson(
        policyDocument(alertPublisherStatements({ config, dataBucket, alertTopicArn: alertTopic.arn })),
      ),
    });
  }
}

/**
 * The statements themselves, for a role that keeps its permissions inline (the daily job's role
 * can spread them into its own policy instead of attaching the managed one).
 */
export function alertPublisherStatements({
  config,
  dataBucket,
  alertTopicArn,
}: {
  config: EnvironmentConfig;
  dataBucket: DataBucket;
  alertTopicArn: string;
}): PolicyStatement[] {
  const prefix = alertLogPrefix(config);
  return [
    { Sid: 'PublishAlerts', Effect: 'Allow', Action: ['sns:Publish'], Resource: [alertTopicArn] },
    {
      Sid: 'ListAlertLog',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [dataBucket.bucket.arn],
      Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    },
    {
      // PutObject with If-None-Match is the store's create-only write: one alert per crossing.
      Sid: 'ReadWriteAlertLog',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: [dataBucket.objectsArn(prefix)],
    },
    ...dataBucket.kmsStatements('UseBucketKey', ['kms:Decrypt', 'kms:GenerateDataKey']),
  ];
}
