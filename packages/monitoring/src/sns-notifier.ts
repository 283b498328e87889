import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertEvent } from './alert-log.js';
import type { AlertNotifier } from './notifier.js';

export interface SnsNotifierOptions {
  client: SNSClient;
  /** The alert topic (infra's `<prefix>-alerts-<env>`, with the email subscription). */
  topicArn: string;
}

/**
 * Alerts on AWS: one SNS message per event, to the topic the email subscription listens on. The
 * attributes let a subscription filter (e.g. only `raised`, only `pipeline`).
 */
export class SnsNotifier implements AlertNotifier {
  readonly name = 'sns';
  constructor(private readonly options: SnsNotifierOptions) {}

  async notify(event: AlertEvent): Promise<void> {
    await this.options.client.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: event.subject,
        Message: event.body,
        MessageAttributes: {
          event: { DataType: 'String', StringValue: event.kind },
          source: { DataType: 'String', StringValue: event.source },
          check: { DataType: 'String', StringValue: event.check },
        },
      }),
    );
  }
}
