import { describe, expect, it } from 'vitest';

import { ref, resourceWhere, synthesized } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';
import type { PolicyDocument } from '../iam/policy-document.js';

describe.each(environmentNames)('accuracy alerts (%s)', (environment) => {
  const { json, config } = synthesized(environment);
  const topic = resourceWhere(
    json,
    'aws_sns_topic',
    (values) => values.name === `powercast-pipeline-alerts-${environment}`,
  );
  const bucket = resourceWhere(json, 'aws_s3_bucket');
  const policy = resourceWhere(
    json,
    'aws_iam_policy',
    (values) => values.name === `powercast-alert-publisher-${environment}`,
  );
  const document = JSON.parse(policy.values.policy as string) as PolicyDocument;

  it('emails the alert topic to the configured address', () => {
    expect(resourceWhere(json, 'aws_sns_topic_subscription').values).toMatchObject({
      topic_arn: ref(topic, 'arn'),
      protocol: 'email',
      endpoint: config.alertEmail,
    });
  });

  it("lets the alert publisher publish to that topic only, and touch only the store's alert log", () => {
    const alertLog = `${config.storage.prefixes.models}monitoring/alerts/`;
    expect(document.Statement.map((statement) => statement.Sid)).toEqual([
      'PublishAlerts',
      'ListAlertLog',
      'ReadWriteAlertLog',
      ...(config.storage.encryption === 'aws:kms' ? ['UseBucketKey'] : []),
    ]);
    expect(document.Statement[0]).toEqual({
      Sid: 'PublishAlerts',
      Effect: 'Allow',
      Action: ['sns:Publish'],
      Resource: [ref(topic, 'arn')],
    });
    expect(document.Statement[1]).toEqual({
      Sid: 'ListAlertLog',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [ref(bucket, 'arn')],
      Condition: { StringLike: { 's3:prefix': [`${alertLog}*`] } },
    });
    expect(document.Statement[2]).toEqual({
      Sid: 'ReadWriteAlertLog',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: [`${ref(bucket, 'arn')}/${alertLog}*`],
    });
    if (config.storage.encryption === 'aws:kms') {
      const key = resourceWhere(json, 'aws_kms_key');
      expect(document.Statement[3]).toMatchObject({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: [ref(key, 'arn')],
      });
    }
  });
});
