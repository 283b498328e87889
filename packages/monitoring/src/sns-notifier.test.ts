import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from './alert-log.js';
import { SnsNotifier } from './sns-notifier.js';

const topicArn = 'arn:aws:sns:ap-northeast-1:123456789012:powercast-alerts-dev';
const event: AlertEvent = {
  kind: 'raised',
  source: 'accuracy',
  check: 'mape-28d',
  episode: '000001',
  since: '2023-07-13',
  at: '2023-07-13T09:20:00.000Z',
  subject: 'Powercast alert: 28-day MAPE 3.55% outside <=3.5% (model v1)',
  body: '28-day MAPE of model version 1 is 3.55 %, outside the allowed ≤ 3.5 %, since 2023-07-13.',
  details: { value: 3.55 },
};

describe('SnsNotifier', () => {
  it('publishes one message per event to the alert topic, subject and body as written, with filterable attributes', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await new SnsNotifier({ client: new SNSClient({ region: 'ap-northeast-1' }), topicArn }).notify(event);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      TopicArn: topicArn,
      Subject: event.subject,
      Message: event.body,
      MessageAttributes: {
        event: { DataType: 'String', StringValue: 'raised' },
        source: { DataType: 'String', StringValue: 'accuracy' },
        check: { DataType: 'String', StringValue: 'mape-28d' },
      },
    });
    sns.restore();
  });

  it('lets a failed publish reach the caller, so the event stays undelivered and is re-sent', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).rejects(new Error('AuthorizationError: not allowed to publish'));
    const notifier = new SnsNotifier({ client: new SNSClient({ region: 'ap-northeast-1' }), topicArn });
    await expect(notifier.notify(event)).rejects.toThrow('not allowed to publish');
    sns.restore();
  });
});
