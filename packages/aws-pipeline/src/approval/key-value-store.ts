/**
 * The part of ArtifactStore the local approval flow uses (a local directory or an S3 prefix).
 * Declared here as a port so this code depends on behaviour, not on a class (and does not load
 * the store implementations); every ArtifactStore satisfies it.
 */
export interface KeyValueStore {
  readonly uri: string;
  /** `private`: a secret or capability, created 0600 (in a 0700 directory) by a local store. */
  put(key: string, body: Uint8Array | string, options?: { private?: boolean }): Promise<string>;
  /** Create-only write; false when the key already existed. Atomic across processes. */
  putIfAbsent(key: string, body: Uint8Array | string, options?: { private?: boolean }): Promise<boolean>;
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  list(prefix: string): Promise<string[]>;
}
