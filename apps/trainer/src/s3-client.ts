import { S3Client } from '@aws-sdk/client-s3';

/**
 * The S3 client for s3:// stores and data: the default AWS chain, or an S3-compatible endpoint
 * (e.g. a local s3rver) from POWERCAST_S3_ENDPOINT, with path-style addressing and checksums only
 * when required (what s3rver understands).
 */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv): S3Client {
  const endpoint = env['POWERCAST_S3_ENDPOINT'];
  if (endpoint === undefined || endpoint === '') return new S3Client({});
  return new S3Client({
    endpoint,
    region: env['AWS_REGION'] ?? 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    ...(env['AWS_ACCESS_KEY_ID'] === undefined
      ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
      : {}),
  });
}
