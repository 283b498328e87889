import { describe, expect, it } from 'vitest';
import { isUserInputError, UserInputError } from './user-input-error.js';

class WrongDateError extends UserInputError {
  readonly kind = 'wrong-date';
}

describe('UserInputError', () => {
  it('is recognised by type, with the subclass name and its kind', () => {
    const error = new WrongDateError('2025-02-30 is not a date');
    expect(isUserInputError(error)).toBe(true);
    expect(error.name).toBe('WrongDateError');
    expect(error.kind).toBe('wrong-date');
    expect(error.message).toBe('2025-02-30 is not a date');
  });

  it('does not claim other errors', () => {
    expect(isUserInputError(new TypeError('x is undefined'))).toBe(false);
    expect(isUserInputError('a string')).toBe(false);
  });
});
