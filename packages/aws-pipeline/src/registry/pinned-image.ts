import { UserInputError } from '@powercast/contracts';

/**
 * A registered model package must name its serving image by digest: a tag (`:latest`, `:v3`) can be
 * pushed again and silently change what an approved version runs. `<repository>@sha256:<64 hex>`, or
 * `<repository>@${…}` when infra passes a Terraform reference that resolves to the digest at apply time.
 */
const PINNED_IMAGE = /^[^\s@]+@(?:sha256:[0-9a-f]{64}|\$\{[^}\s]+\})$/;

export function isPinnedImageUri(uri: string): boolean {
  return PINNED_IMAGE.test(uri);
}

/** An image named by tag (or not at all) where a digest is required; names the setting and the value. */
export class UnpinnedImageError extends UserInputError {
  override readonly name = 'UnpinnedImageError';
  readonly kind = 'unpinned-image';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    const quoted = value.length > 80 ? `${value.slice(0, 77)}…` : value;
    super(
      `${field}: expected the serving image by digest (<repository>@sha256:<64 hex digits>), got "${quoted}"; ` +
        'a tag can be pushed again and change what an approved model runs ' +
        "(the digest: aws ecr describe-images --repository-name <repo> --query 'imageDetails[].imageDigest')",
    );
  }
}

export function assertPinnedImage(uri: string, field: string): void {
  if (!isPinnedImageUri(uri)) throw new UnpinnedImageError(field, uri);
}
