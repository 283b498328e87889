import { UserInputError } from '@powercast/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, ThresholdConfigError, parseThresholds } from './thresholds.js';

describe('parseThresholds', () => {
  it('defaults to a 28-day MAPE above 3.5 % and a coverage outside 70–90 %', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ mape28dPercent: 3.5, coverageMin: 0.7, coverageMax: 0.9, minSamples: 20 });
    expect(parseThresholds({ mape28dPercent: 4 })).toEqual({ ...DEFAULT_THRESHOLDS, mape28dPercent: 4 });
  });

  it('names the field, the value and what was expected, as a user-input error', () => {
    const error = (() => {
      try {
        parseThresholds({ coverageMin: 1.5 });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ThresholdConfigError);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as ThresholdConfigError).message).toMatch(/^monitoring thresholds: coverageMin = 1.5; expected /);
    expect(() => parseThresholds({ coverageMin: 0.9, coverageMax: 0.8 })).toThrow(
      'coverageMin must be below coverageMax',
    );
    expect(() => parseThresholds({ mapeLimit: 3 })).toThrow(ThresholdConfigError);
  });
});
