/**
 * What the ledger needs of a store: the create-only write it builds on, reads, and listings. An
 * `ArtifactStore` of `@powercast/aws-pipeline` (local folder or S3) is one; the ledger does not depend
 * on that package, so reading a ledger pulls in no S3 client or pipeline code.
 */
export interface LedgerStore {
  /** The URI an object has under `key`, for messages. */
  uriOf(key: string): string;
  /** Creates an object only if `key` does not exist yet; `false` when it did. Atomic across processes. */
  putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean>;
  /** Reads an object; throws when it is absent. */
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  /** All keys that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}
