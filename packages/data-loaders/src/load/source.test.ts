import { rm } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCp932 } from '../__fixtures__/cp932.js';
import { expectDataError } from '../__fixtures__/expect-error.js';
import { smallTree, writeTree } from '../__fixtures__/tree.js';
import { datasetFingerprint } from './fingerprint.js';
import { loadDailyDataset } from './load-daily-dataset.js';
import { parseS3Uri, s3PrefixSource } from './source.js';

let s3: TestS3;
let client: S3Client;

beforeAll(async () => {
  s3 = await startTestS3({ buckets: ['powercast-data'] });
  client = s3.client;
  for (const [key, content] of Object.entries(smallTree())) {
    const body = typeof content === 'string' ? encodeCp932(content) : content;
    await client.send(new PutObjectCommand({ Bucket: 'powercast-data', Key: `raw/v1/${key}`, Body: body }));
  }
});

afterAll(async () => {
  await s3?.close();
});

describe('S3 prefix source (s3rver)', () => {
  it('lists keys below the prefix relative to it', async () => {
    const keys = await s3PrefixSource('s3://powercast-data/raw/v1', client).list();
    expect(keys).toContain('tepco/monthly/202204_power_usage.zip');
    expect(keys).toContain('jma/daily/newer.csv');
    expect(keys.every((key) => !key.startsWith('raw/'))).toBe(true);
  });

  it('loads the same table from S3 as from the same files on disk', async () => {
    const fromS3 = await loadDailyDataset({ source: 's3://powercast-data/raw/v1/', s3Client: client });
    const dir = await writeTree(smallTree());
    try {
      const fromDisk = await loadDailyDataset({ source: dir });
      expect(fromS3.table.numRows()).toBe(4);
      expect(datasetFingerprint(fromS3.table)).toBe(datasetFingerprint(fromDisk.table));
      expect(fromS3.report.source).toBe('s3://powercast-data/raw/v1/');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('explains the expected layout for an empty prefix', async () => {
    const error = await expectDataError(() =>
      loadDailyDataset({ source: 's3://powercast-data/nothing-here', s3Client: client }),
    );
    expect(error.message).toContain(
      's3://powercast-data/nothing-here/: no files found; expected a folder (or s3:// prefix)',
    );
  });

  it('refuses an object above maxFileBytes from its Content-Length, naming the object', async () => {
    const error = await expectDataError(() =>
      loadDailyDataset({ source: 's3://powercast-data/raw/v1/', s3Client: client, limits: { maxFileBytes: 2000 } }),
    );
    expect(error.kind).toBe('too-large');
    expect(error.location.file).toMatch(/^s3:\/\/powercast-data\/raw\/v1\/.+/);
    expect(error.message).toContain('above the read limit maxFileBytes = 2000');
  });

  it('requires a client for s3:// sources', async () => {
    const error = await expectDataError(() => loadDailyDataset({ source: 's3://powercast-data/raw/v1' }));
    expect(error.message).toContain('needs an s3Client');
  });
});

describe('read limits on a local folder', () => {
  it('refuses a file above maxFileBytes before reading it, and reads the same folder under a higher limit', async () => {
    const dir = await writeTree(smallTree());
    try {
      const error = await expectDataError(() => loadDailyDataset({ source: dir, limits: { maxFileBytes: 2000 } }));
      expect(error.kind).toBe('too-large');
      expect(error.message).toMatch(/^(tepco|jma)\/[^:]+: \d+ bytes is above the read limit maxFileBytes = 2000/);
      expect((await loadDailyDataset({ source: dir, limits: { maxFileBytes: 1_000_000 } })).table.numRows()).toBe(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a limit that is not a positive whole number', async () => {
    await expect(loadDailyDataset({ source: '.', limits: { maxMemberBytes: -1 } })).rejects.toThrow(
      /read limit maxMemberBytes: expected a positive whole number/,
    );
  });
});

describe('parseS3Uri', () => {
  it('splits bucket and prefix and normalises the trailing slash', () => {
    expect(parseS3Uri('s3://b/p/q')).toEqual({ bucket: 'b', prefix: 'p/q/' });
    expect(parseS3Uri('s3://b')).toEqual({ bucket: 'b', prefix: '' });
  });
});
