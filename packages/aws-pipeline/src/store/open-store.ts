import { S3Client } from '@aws-sdk/client-s3';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from './artifact-store.js';
import { InvalidStoreUriError } from './errors.js';
import { LocalArtifactStore } from './local-store.js';
import { S3ArtifactStore } from './s3-store.js';

export interface OpenArtifactStoreOptions {
  /** Client for `s3://` stores (tests pass one configured for s3rver); default: a client from the environment. */
  s3Client?: S3Client;
  /** Directory that relative local paths resolve against (default: the process's cwd). */
  baseDir?: string;
}

export type ParsedStoreUri = { kind: 'local'; path: string } | { kind: 's3'; bucket: string; prefix: string };

/** Parses a store URI: `s3://bucket[/prefix]`, `file:///abs/dir`, or a local path. */
export function parseStoreUri(uri: string, baseDir = process.cwd()): ParsedStoreUri {
  if (uri.trim() === '') throw new InvalidStoreUriError(uri, 'empty');
  if (uri.startsWith('s3://')) {
    const [bucket = '', ...rest] = uri.slice('s3://'.length).split('/');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new InvalidStoreUriError(uri, `"${bucket}" is not a valid S3 bucket name`);
    }
    return { kind: 's3', bucket, prefix: rest.filter((segment) => segment !== '').join('/') };
  }
  if (uri.startsWith('file://')) return { kind: 'local', path: fileURLToPath(uri) };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri);
  if (scheme !== null) throw new InvalidStoreUriError(uri, `unsupported scheme "${scheme[1]}:"`);
  return { kind: 'local', path: isAbsolute(uri) ? uri : resolve(baseDir, uri) };
}

export function openArtifactStore(uri: string, options: OpenArtifactStoreOptions = {}): ArtifactStore {
  const parsed = parseStoreUri(uri, options.baseDir);
  if (parsed.kind === 'local') return new LocalArtifactStore(parsed.path);
  return new S3ArtifactStore(options.s3Client ?? new S3Client({}), parsed.bucket, parsed.prefix);
}
