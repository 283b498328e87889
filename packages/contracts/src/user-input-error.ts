/**
 * The one family of "the input is wrong" errors. Every package's input errors extend it, so an app
 * maps any of them to its user-facing answer by type (exit code 2, HTTP 4xx) instead of by name,
 * and anything else stays an internal fault (exit 1, HTTP 5xx).
 */
export abstract class UserInputError extends Error {
  /** Stable, kebab-case identifier of what went wrong (for logs, metrics and problem+json `type`). */
  abstract readonly kind: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for every error of the user-input family, whichever package threw it. */
export function isUserInputError(error: unknown): error is UserInputError {
  return error instanceof UserInputError;
}
