import { createHash } from 'node:crypto';
import { InvalidArtifactKeyError } from './errors.js';

/**
 * Where pipeline artifacts, run records and the registry live: a local directory or an S3 prefix.
 * Keys are relative, `/`-separated paths. Every write is atomic: a reader sees the old object,
 * the whole new object, or nothing — never a partial one.
 *
 * Concurrency primitive: `putIfAbsent` (create-only write). The registry builds all of its
 * decisions on it; there is no compare-and-swap.
 */
export interface ArtifactStore {
  /** The store's own URI: an absolute local directory or `s3://bucket/prefix`. */
  readonly uri: string;
  /** The URI an artifact has (or would have) under `key`. */
  uriOf(key: string): string;
  /** Writes (or replaces) an artifact atomically; returns its URI. */
  put(key: string, body: Uint8Array | string, options?: WriteOptions): Promise<string>;
  /** Creates an artifact only if `key` does not exist yet; `false` when it already did. Atomic across processes. */
  putIfAbsent(key: string, body: Uint8Array | string, options?: WriteOptions): Promise<boolean>;
  /** Reads an artifact; throws `ArtifactNotFoundError` when absent. */
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  /** All keys that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

export interface WriteOptions {
  /**
   * A secret or a capability (the approval signing secret, a message with signed links): a local store
   * creates it 0600 in a 0700 directory. S3 objects are private already (the bucket blocks public access).
   */
  private?: boolean;
}

/** sha256 hex of an artifact's bytes: the content hash recorded in runs and packages. */
export function contentHash(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

export function assertValidKey(key: string): void {
  const segments = key.split('/');
  if (key.length === 0 || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new InvalidArtifactKeyError(key);
  }
}

export async function getText(store: ArtifactStore, key: string): Promise<string> {
  return new TextDecoder().decode(await store.get(key));
}

export async function getJson(store: ArtifactStore, key: string): Promise<unknown> {
  return JSON.parse(await getText(store, key)) as unknown;
}

export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
