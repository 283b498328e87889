// s3rver ships no types; consumers type-check this file from source, so the declaration must travel with it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** A real S3-compatible server (s3rver) on 127.0.0.1 with a random port, and a client configured for it. */
export interface TestS3 {
  /** Current endpoint URL; changes after `restart`. */
  readonly endpoint: string;
  /** The first configured bucket. */
  readonly bucket: string;
  /** A client for the current endpoint; replaced after `restart`. */
  readonly client: S3Client;
  /** Takes the server down but keeps its files (to test an unreachable S3). */
  stop(): Promise<void>;
  /** Serves the same files again, on a new port. */
  restart(): Promise<void>;
  /** Takes the server down, destroys the client and deletes the files. */
  close(): Promise<void>;
}

export interface TestS3Options {
  buckets?: string[];
  region?: string;
  /** SDK attempts per request; low so that tests of an unreachable server stay fast. */
  maxAttempts?: number;
}

/**
 * An S3 client for s3rver. Path-style addressing, and checksums only when required: with the
 * SDK defaults, streamed uploads are stored with their chunk framing inside the object.
 */
export function createTestS3Client(endpoint: string, options: Omit<TestS3Options, 'buckets'> = {}): S3Client {
  return new S3Client({
    endpoint,
    region: options.region ?? 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: options.maxAttempts ?? 2,
  });
}

export async function startTestS3(options: TestS3Options = {}): Promise<TestS3> {
  const buckets = options.buckets ?? ['powercast-test'];
  const directory = mkdtempSync(join(tmpdir(), 'powercast-s3rver-'));
  let server: S3rver | undefined;
  let endpoint = '';
  let client: S3Client | undefined;

  const start = async (): Promise<void> => {
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: buckets.map((name) => ({ name })),
    });
    const address = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
    client?.destroy();
    client = createTestS3Client(endpoint, options);
  };
  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    await running?.close();
  };

  await start();
  return {
    get endpoint() {
      return endpoint;
    },
    bucket: buckets[0] ?? 'powercast-test',
    get client() {
      if (!client) throw new Error('the test S3 server was closed');
      return client;
    },
    stop,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      client?.destroy();
      client = undefined;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
