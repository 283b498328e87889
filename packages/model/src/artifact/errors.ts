/** A model artifact cannot be read: missing, corrupt or of an incompatible schema. Names the file. */
export class ModelArtifactError extends Error {
  override name = 'ModelArtifactError';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}
