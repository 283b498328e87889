/**
 * The part of ArtifactStore the local approval flow uses (a local directory or an S3 prefix).
 * Declared here as a port so this code depends on behaviour, not on a class (and does not load
 * the store implementations); every ArtifactStore satisfies it.
 */
export interface KeyValueStore {
  readonly uri: string;
  put(key: string, body: Uint8Array | string): Promise<string>;
  /** Create-only write; false when the key already existed. Atomic across processes. */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean>;
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  list(prefix: string): Promise<string[]>;
}
