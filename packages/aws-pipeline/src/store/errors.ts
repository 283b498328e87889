import { UserInputError } from '@powercast/contracts';

/** No artifact at `uri`. */
export class ArtifactNotFoundError extends Error {
  override readonly name = 'ArtifactNotFoundError';
  constructor(readonly uri: string) {
    super(`artifact not found: ${uri}`);
  }
}

/** A store URI that is neither a local path nor `s3://bucket[/prefix]`. */
export class InvalidStoreUriError extends UserInputError {
  override readonly name = 'InvalidStoreUriError';
  readonly kind = 'invalid-store-uri';
  constructor(
    readonly storeUri: string,
    reason: string,
  ) {
    super(`invalid store URI "${storeUri}": ${reason} (expected a local directory or s3://bucket/prefix)`);
  }
}

/** A key with empty, `.` or `..` segments, or a leading slash. */
export class InvalidArtifactKeyError extends UserInputError {
  override readonly name = 'InvalidArtifactKeyError';
  readonly kind = 'invalid-artifact-key';
  constructor(readonly key: string) {
    super(`invalid artifact key "${key}": expected relative segments separated by "/", without "." or ".."`);
  }
}

/** The store could not be read or written (permission denied, disk full, S3 unreachable, …). */
export class ArtifactStoreError extends Error {
  override readonly name = 'ArtifactStoreError';
  constructor(
    readonly uri: string,
    readonly operation: 'read' | 'write' | 'list',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot ${operation} ${uri}: ${detail}`, options);
  }
}

/** An artifact's bytes do not hash to the sha256 recorded for it: it changed after it was written. */
export class ArtifactIntegrityError extends Error {
  override readonly name = 'ArtifactIntegrityError';
  constructor(
    readonly uri: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(
      `artifact ${uri} does not match its recorded sha256 (recorded ${expectedSha256.slice(0, 12)}…, now ` +
        `${actualSha256.slice(0, 12)}…): it was modified after it was written; it is not used`,
    );
  }
}
