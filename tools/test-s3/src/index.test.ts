import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestS3 } from './index.js';

describe('startTestS3', () => {
  it('stores an object byte for byte (no chunk framing) and serves it again after a restart', async () => {
    const s3 = await startTestS3({ buckets: ['bucket-a', 'bucket-b'] });
    try {
      expect(s3.bucket).toBe('bucket-a');
      await s3.client.send(new PutObjectCommand({ Bucket: 'bucket-b', Key: 'k.txt', Body: 'peak 5,311 万kW' }));
      const firstEndpoint = s3.endpoint;
      await s3.restart();
      expect(s3.endpoint).not.toBe(firstEndpoint);
      const object = await s3.client.send(new GetObjectCommand({ Bucket: 'bucket-b', Key: 'k.txt' }));
      expect(await object.Body?.transformToString()).toBe('peak 5,311 万kW');
    } finally {
      await s3.close();
    }
  });

  it('makes requests fail once stopped', async () => {
    const s3 = await startTestS3();
    try {
      await s3.stop();
      await expect(s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'missing' }))).rejects.toThrow();
    } finally {
      await s3.close();
    }
  });
});
