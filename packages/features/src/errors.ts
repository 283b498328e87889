import { UserInputError } from '@powercast/contracts';

/** Base class for every error this package throws, so callers can catch them as one family; all are about its input. */
export abstract class FeaturesError extends UserInputError {
  override name = 'FeaturesError';
}

/** A table or record field holds a value the features cannot use (names the field and value). */
export class FeatureInputError extends FeaturesError {
  override name = 'FeatureInputError';
  readonly kind = 'invalid-feature-input';
  constructor(
    readonly field: string,
    readonly row: number | undefined,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(
      `${row === undefined ? '' : `row ${row}: `}field '${field}' is ${JSON.stringify(value)}; expected ${expected}`,
    );
  }
}

/** A configuration or a serialised spec does not match its schema. */
export class FeatureConfigError extends FeaturesError {
  override name = 'FeatureConfigError';
  readonly kind = 'invalid-feature-config';
}

/** A split would leave the train or the test set empty. */
export class SplitError extends FeaturesError {
  override name = 'SplitError';
  readonly kind = 'empty-split';
}
