import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';

/** The SDK clients the handlers use; created once per cold start (region from AWS_REGION). */
export interface AwsClients {
  sagemaker: SageMakerClient;
  ssm: SSMClient;
  s3: S3Client;
  ses: SESv2Client;
  sns: SNSClient;
}

export function defaultAwsClients(overrides: Partial<AwsClients> = {}): AwsClients {
  return {
    sagemaker: overrides.sagemaker ?? new SageMakerClient({}),
    ssm: overrides.ssm ?? new SSMClient({}),
    s3: overrides.s3 ?? new S3Client({}),
    ses: overrides.ses ?? new SESv2Client({}),
    sns: overrides.sns ?? new SNSClient({}),
  };
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
