import { describe, expect, it } from 'vitest';
import { InvalidValueError, MAX_QUOTED_CHARACTERS, quoteValue } from './errors.js';

describe('quoted values in error messages', () => {
  it('quotes at most ~80 characters of an offending value and says how long it was', () => {
    const value = 'x'.repeat(500_000);
    const error = new InvalidValueError({ file: 'a.csv', line: 3, column: '実績(万kW)', value }, 'a number');
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain('(500000 characters)');
    expect(error.location.value!.length).toBeLessThan(MAX_QUOTED_CHARACTERS + 25);
  });

  it('leaves a short value as it is', () => {
    expect(quoteValue('12,3')).toBe('12,3');
    const error = new InvalidValueError({ file: 'a.csv', line: 3, value: 'abc' }, 'a number');
    expect(error.message).toBe('a.csv, line 3, value "abc": cannot parse value; expected a number');
  });
});
