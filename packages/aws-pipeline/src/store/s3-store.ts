import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { assertValidKey, type ArtifactStore } from './artifact-store.js';
import { ArtifactNotFoundError, ArtifactStoreError } from './errors.js';

/**
 * An artifact store under `s3://bucket/prefix`. A single PutObject is atomic on S3 (readers
 * never see a partial object); create-only writes use S3 conditional writes (`If-None-Match: *`).
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly uri: string;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    readonly prefix: string,
  ) {
    this.uri = `s3://${bucket}${prefix === '' ? '' : `/${prefix}`}`;
  }

  uriOf(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }

  async put(key: string, body: Uint8Array | string): Promise<string> {
    const uri = this.uriOf(key);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body }));
    } catch (error) {
      throw s3Error(uri, 'write', error);
    }
    return uri;
  }

  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    // The HEAD is a fast path (and all that S3 emulators without conditional writes honour);
    // IfNoneMatch makes the create atomic on real S3.
    if (await this.exists(key)) return false;
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body, IfNoneMatch: '*' }),
      );
      return true;
    } catch (error) {
      if (httpStatus(error) === 412 || errorName(error) === 'PreconditionFailed') return false;
      throw s3Error(this.uriOf(key), 'write', error);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const uri = this.uriOf(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (response.Body === undefined) return new Uint8Array();
      return await response.Body.transformToByteArray();
    } catch (error) {
      if (errorName(error) === 'NoSuchKey' || httpStatus(error) === 404) throw new ArtifactNotFoundError(uri);
      throw s3Error(uri, 'read', error);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (errorName(error) === 'NotFound' || httpStatus(error) === 404) return false;
      throw s3Error(this.uriOf(key), 'read', error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const base = this.prefix === '' ? '' : `${this.prefix}/`;
    let continuationToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${base}${prefix}`,
            ContinuationToken: continuationToken,
          }),
        );
        for (const object of page.Contents ?? [])
          if (object.Key !== undefined) keys.push(object.Key.slice(base.length));
        continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (continuationToken !== undefined);
    } catch (error) {
      throw s3Error(`${this.uri}/${prefix}`, 'list', error);
    }
    return keys.sort();
  }

  private objectKey(key: string): string {
    assertValidKey(key);
    return this.prefix === '' ? key : `${this.prefix}/${key}`;
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return metadata?.httpStatusCode;
}

function s3Error(uri: string, operation: 'read' | 'write' | 'list', error: unknown): ArtifactStoreError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const unreachable =
    code !== undefined && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE'].includes(code);
  const detail = unreachable
    ? `S3 endpoint unreachable (${code})`
    : `${errorName(error) ?? 'S3 error'}: ${error instanceof Error ? error.message : String(error)}`;
  return new ArtifactStoreError(uri, operation, detail, { cause: error });
}
