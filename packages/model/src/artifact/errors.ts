import { UserInputError } from '@powercast/contracts';

/** A model artifact cannot be read: missing, corrupt or of an incompatible schema. Names the file. */
export class ModelArtifactError extends UserInputError {
  override name = 'ModelArtifactError';
  readonly kind = 'invalid-model-artifact';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}
