import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { InputTooLargeError, SourceLayoutError } from '../errors.js';
import { DEFAULT_READ_LIMITS } from '../limits.js';

/** Where the files come from: a local folder or an S3 prefix, behind one small interface. */
export interface DataSource {
  /** For messages and lineage: the folder path or 's3://bucket/prefix'. */
  readonly uri: string;
  /** Paths of all files below the source, relative to it, with '/' separators. */
  list(): Promise<string[]>;
  /** The file's bytes; one above `maxBytes` is refused (InputTooLargeError) before its content is read. */
  read(relativePath: string, maxBytes?: number): Promise<Uint8Array>;
}

export function localDirectorySource(directory: string): DataSource {
  const root = path.resolve(directory);
  return {
    uri: root,
    async list(): Promise<string[]> {
      const info = await stat(root).catch(() => undefined);
      if (!info?.isDirectory()) throw new SourceLayoutError(root, 'directory does not exist');
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      const files: string[] = [];
      for (const entry of entries) {
        const absolute = path.join(entry.parentPath, entry.name);
        // A symlinked file (e.g. a data folder assembled from links) counts; a linked folder does not.
        const isFile =
          entry.isFile() ||
          (entry.isSymbolicLink() && (await stat(absolute).catch(() => undefined))?.isFile() === true);
        if (isFile) files.push(path.relative(root, absolute).split(path.sep).join('/'));
      }
      return files.sort();
    },
    async read(relativePath: string, maxBytes?: number): Promise<Uint8Array> {
      const absolute = path.join(root, relativePath);
      if (maxBytes !== undefined) {
        const { size } = await stat(absolute);
        if (size > maxBytes) throw new InputTooLargeError({ file: relativePath }, size, maxBytes, 'maxFileBytes');
      }
      return readFile(absolute);
    },
  };
}

export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new SourceLayoutError(uri, 'not an s3:// URI');
  const prefix = match[2]!;
  return { bucket: match[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

/** An S3 prefix with the same layout as a local folder. */
export function s3PrefixSource(uri: string, client: S3Client): DataSource {
  const { bucket, prefix } = parseS3Uri(uri);
  return {
    uri: `s3://${bucket}/${prefix}`,
    async list(): Promise<string[]> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key.slice(prefix.length));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async read(relativePath: string, maxBytes?: number): Promise<Uint8Array> {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${relativePath}` }));
      const uri = `s3://${bucket}/${prefix}${relativePath}`;
      if (!object.Body) throw new SourceLayoutError(uri, 'object has no body');
      const size = object.ContentLength;
      if (maxBytes !== undefined && size !== undefined && size > maxBytes) {
        // Close the response stream unread: only the headers came over.
        const body = object.Body as { destroy?: () => void };
        body.destroy?.();
        throw new InputTooLargeError({ file: uri }, size, maxBytes, 'maxFileBytes');
      }
      return object.Body.transformToByteArray();
    },
  };
}

/** Read many files with bounded concurrency (S3 round trips overlap; local reads stay cheap), each at most `maxFileBytes`. */
export async function readAll(
  source: DataSource,
  paths: readonly string[],
  maxFileBytes: number = DEFAULT_READ_LIMITS.maxFileBytes,
  concurrency = 16,
): Promise<Uint8Array[]> {
  const results = new Array<Uint8Array>(paths.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < paths.length) {
      const index = next++;
      results[index] = await source.read(paths[index]!, maxFileBytes);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return results;
}
