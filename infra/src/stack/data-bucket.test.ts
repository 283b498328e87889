import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';

import { ref, resourceWhere, resourcesOfType, synthesized } from '../../test/synthesized-stack.js';
import { environmentNames } from '../config/environment-config.js';

describe.each(environmentNames)('data bucket (%s)', (environment) => {
  const { json, config, stackFile } = synthesized(environment);
  const bucket = resourceWhere(json, 'aws_s3_bucket');
  const onBucket = (type: string) => resourceWhere(json, type, (values) => values.bucket === ref(bucket, 'id'));

  it('is named for the environment and not force-destroyable', () => {
    expect(bucket.values).toMatchObject({ bucket: `power-forecasting-mlops-${environment}`, force_destroy: false });
  });

  it('versions objects, enforces bucket-owner ownership and blocks every kind of public access', () => {
    expect(
      Testing.toHaveResourceWithProperties(stackFile, 'aws_s3_bucket_versioning', {
        versioningConfiguration: { status: 'Enabled' },
      }),
    ).toBe(true);
    expect(onBucket('aws_s3_bucket_versioning').values).toMatchObject({
      versioning_configuration: { status: 'Enabled' },
    });
    expect(onBucket('aws_s3_bucket_ownership_controls').values).toMatchObject({
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
    expect(onBucket('aws_s3_bucket_public_access_block').values).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('encrypts with the configured mode', () => {
    const [rule] = onBucket('aws_s3_bucket_server_side_encryption_configuration').values.rule as Record<
      string,
      Record<string, unknown>
    >[];
    const keys = resourcesOfType(json, 'aws_kms_key');
    if (config.storage.encryption === 'aws:kms') {
      expect(keys).toHaveLength(1);
      const key = keys[0]!;
      expect(key.values).toMatchObject({ enable_key_rotation: true });
      expect(rule).toMatchObject({
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: ref(key, 'arn') },
        bucket_key_enabled: true,
      });
      expect(resourceWhere(json, 'aws_kms_alias').values).toMatchObject({
        name: `alias/powercast-data-${environment}`,
        target_key_id: ref(key, 'key_id'),
      });
    } else {
      expect(keys).toEqual([]);
      expect(rule?.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
    }
  });

  it('denies every request that does not use TLS', () => {
    const policy = JSON.parse(onBucket('aws_s3_bucket_policy').values.policy as string);
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*'],
        Resource: [ref(bucket, 'arn'), `${ref(bucket, 'arn')}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('expires pipeline intermediates after N days and noncurrent versions after M days', () => {
    const lifecycle = onBucket('aws_s3_bucket_lifecycle_configuration');
    const versioning = onBucket('aws_s3_bucket_versioning');
    expect(lifecycle.values.depends_on).toEqual([`${versioning.type}.${versioning.id}`]);
    const rules = lifecycle.values.rule as Record<string, unknown>[];
    expect(rules).toEqual([
      {
        id: 'expire-pipeline-intermediates',
        status: 'Enabled',
        filter: [{ prefix: config.storage.prefixes.pipeline }],
        expiration: [{ days: config.storage.intermediateExpirationDays }],
      },
      {
        id: 'expire-noncurrent-versions',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        noncurrent_version_expiration: [{ noncurrent_days: config.storage.noncurrentVersionExpirationDays }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: config.storage.abortIncompleteUploadDays }],
      },
      {
        id: 'remove-expired-delete-markers',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ expired_object_delete_marker: true }],
      },
    ]);
    // Models and raw data are never under the expiring prefix.
    expect(config.storage.prefixes.models.startsWith(config.storage.prefixes.pipeline)).toBe(false);
    expect(config.storage.prefixes.data.startsWith(config.storage.prefixes.pipeline)).toBe(false);
  });
});

describe('lifecycle days', () => {
  it('follow the config, so prod keeps intermediates and old versions longer than dev', () => {
    const days = (environment: 'dev' | 'prod') => {
      const rules = resourceWhere(synthesized(environment).json, 'aws_s3_bucket_lifecycle_configuration').values
        .rule as { expiration?: { days?: number }[]; noncurrent_version_expiration?: { noncurrent_days: number }[] }[];
      return {
        intermediates: rules[0]?.expiration?.[0]?.days,
        noncurrent: rules[1]?.noncurrent_version_expiration?.[0]?.noncurrent_days,
      };
    };
    expect(days('dev')).toEqual({ intermediates: 7, noncurrent: 7 });
    expect(days('prod')).toEqual({ intermediates: 30, noncurrent: 90 });
  });

  it('take overrides from the config', () => {
    const { json } = synthesized('dev', {
      overrides: { storage: { intermediateExpirationDays: 2, noncurrentVersionExpirationDays: 5 } },
    });
    const rules = resourceWhere(json, 'aws_s3_bucket_lifecycle_configuration').values.rule as Record<string, unknown>[];
    expect(rules[0]).toMatchObject({ expiration: [{ days: 2 }] });
    expect(rules[1]).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 5 }] });
  });
});
