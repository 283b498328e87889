import { describe, expect, it } from 'vitest';
import { SplitError } from './errors.js';
import { splitByDate } from './split.js';
import { dailyTable, syntheticDays } from '../test/tables.js';

const days = syntheticDays('2024-09-22', 20); // 2024-09-22 .. 2024-10-11
const shuffled = dailyTable([...days].reverse());

describe('splitByDate', () => {
  it('puts dates before splitDate in train and the rest in test, sorted by date', () => {
    const { train, test } = splitByDate(shuffled, { splitDate: '2024-10-01' });
    expect(train.array('date')).toEqual(days.slice(0, 9).map((d) => d.date));
    expect(test.array('date')).toEqual(days.slice(9).map((d) => d.date));
    expect(test.array('max_temp')).toEqual(days.slice(9).map((d) => d.max_temp));
  });

  it('takes the last testRatio of the rows as the test set', () => {
    const { train, test } = splitByDate(shuffled, { testRatio: 0.2 });
    expect(train.numRows()).toBe(16);
    expect(test.array('date')).toEqual(days.slice(16).map((d) => d.date));
  });

  it('takes the last testDays calendar days as the test set', () => {
    const { test } = splitByDate(shuffled, { testDays: 7 });
    expect(test.array('date')).toEqual(days.slice(13).map((d) => d.date));
  });

  it('says which dates exist when a split leaves a set empty', () => {
    expect(() => splitByDate(shuffled, { splitDate: '2025-01-01' })).toThrow(SplitError);
    expect(() => splitByDate(shuffled, { splitDate: '2025-01-01' })).toThrow(
      'splitDate 2025-01-01 leaves the test set empty: the table has 20 dates from 2024-09-22 to 2024-10-11',
    );
    expect(() => splitByDate(shuffled, { splitDate: '2020-01-01' })).toThrow(/train set empty/);
    expect(() => splitByDate(dailyTable([]), { testRatio: 0.2 })).toThrow(/no rows/);
  });

  it('rejects a malformed split date or ratio', () => {
    expect(() => splitByDate(shuffled, { splitDate: '2024/10/01' })).toThrow(/splitDate/);
    expect(() => splitByDate(shuffled, { testRatio: 1.5 })).toThrow(/testRatio/);
  });
});
