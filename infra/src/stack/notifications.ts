import { Sesv2EmailIdentity } from '@cdktf/provider-aws/lib/sesv2-email-identity/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import type { ResourceNames } from '@powercast/contracts';

export interface NotificationsProps {
  config: EnvironmentConfig;
  names: ResourceNames;
}

/**
 * Who hears about what: the SES identity approval emails are sent from (and, in the SES
 * sandbox, to), and the SNS topic for pipeline and deployment failures with an email
 * subscription. AWS emails a confirmation link for both; see the README.
 */
export class Notifications extends Construct {
  readonly approverIdentity: Sesv2EmailIdentity;
  readonly alertTopic: SnsTopic;

  constructor(scope: Construct, id: string, { config, names }: NotificationsProps) {
    super(scope, id);
    this.approverIdentity = new Sesv2EmailIdentity(this, 'approver-identity', { emailIdentity: config.approverEmail });
    this.alertTopic = new SnsTopic(this, 'alert-topic', {
      name: names.alertTopic,
      displayName: `Powercast ${config.environment} alerts`,
    });
    new SnsTopicSubscription(this, 'alert-email', {
      topicArn: this.alertTopic.arn,
      protocol: 'email',
      endpoint: config.alertEmail,
    });
  }
}
