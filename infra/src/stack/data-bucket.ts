import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Construct } from 'constructs';

import type { EnvironmentConfig } from '../config/environment-config.js';
import type { ResourceNames } from '@powercast/contracts';
import { policyDocument, policyJson, type PolicyStatement } from '../iam/policy-document.js';

export interface DataBucketProps {
  config: EnvironmentConfig;
  names: ResourceNames;
}

/**
 * The bucket for data and artifacts: versioned, encrypted (KMS or S3-managed), never public,
 * TLS-only, and cleaned by lifecycle rules (pipeline intermediates and old versions expire).
 */
export class DataBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Present when the config asks for `aws:kms`. */
  readonly kmsKey: KmsKey | undefined;

  constructor(scope: Construct, id: string, { config, names }: DataBucketProps) {
    super(scope, id);
    const { storage } = config;

    this.bucket = new S3Bucket(this, 'bucket', { bucket: names.bucket, forceDestroy: false });
    const bucketId = this.bucket.id;

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucketId,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket: bucketId,
      versioningConfiguration: { status: 'Enabled' },
    });

    if (storage.encryption === 'aws:kms') {
      // The default key policy delegates to IAM: each role gets kms:* actions on this key only.
      this.kmsKey = new KmsKey(this, 'key', {
        description: `Powercast data bucket ${names.bucket}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      });
      new KmsAlias(this, 'key-alias', { name: names.kmsAlias, targetKeyId: this.kmsKey.keyId });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucketId,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: storage.encryption, kmsMasterKeyId: this.kmsKey?.arn },
          // Bucket keys cut KMS request costs by ~99% for SSE-KMS; harmless for AES256.
          bucketKeyEnabled: storage.encryption === 'aws:kms',
        },
      ],
    });

    new S3BucketPolicy(this, 'policy', {
      bucket: bucketId,
      policy: policyJson(
        policyDocument([
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:*'],
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      ),
    });

    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucketId,
      // Rules on a versioned bucket must wait for versioning to exist.
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-pipeline-intermediates',
          status: 'Enabled',
          filter: [{ prefix: storage.prefixes.pipeline }],
          expiration: [{ days: storage.intermediateExpirationDays }],
        },
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: storage.noncurrentVersionExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: storage.abortIncompleteUploadDays }],
        },
        {
          id: 'remove-expired-delete-markers',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });
  }

  /** ARN pattern of the objects under `prefix`. */
  objectsArn(prefix: string): string {
    return `${this.bucket.arn}/${prefix}*`;
  }

  /** The KMS grants a role needs to use objects in this bucket (none with S3-managed keys). */
  kmsStatements(sid: string, actions: ('kms:Decrypt' | 'kms:GenerateDataKey')[]): PolicyStatement[] {
    if (this.kmsKey === undefined) return [];
    return [{ Sid: sid, Effect: 'Allow', Action: actions, Resource: [this.kmsKey.arn] }];
  }
}
