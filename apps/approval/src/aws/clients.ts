import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SSMClient } from '@aws-sdk/client-ssm';

/**
 * The SDK clients the handlers use. Each handler constructs only its own (region from
 * AWS_REGION), so each bundle carries only the clients it needs; tests pass mocked instances.
 */
export interface AwsClients {
  sagemaker: SageMakerClient;
  ssm: SSMClient;
  s3: S3Client;
  ses: SESv2Client;
  sns: SNSClient;
}

/** Memoises an async initialiser for the life of the execution environment; a failure is retried next time. */
export function once<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= init().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
