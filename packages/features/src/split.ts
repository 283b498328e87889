import type { ColumnTable } from 'arquero';
import { parseIsoDate } from './dates.js';
import { FeatureInputError, SplitError } from './errors.js';

export type SplitOptions = { splitDate: string } | { testRatio: number } | { testDays: number };

/**
 * Time split of a daily table (rows sorted by date first):
 * - `splitDate`: train = dates before it, test = on or after it (the reference default 2024-10-01);
 * - `testRatio`: the last `round(n × ratio)` rows are the test set;
 * - `testDays`: the test set is the last `testDays` calendar days up to the latest date.
 * An empty train or test set is a `SplitError` naming the dates the table holds.
 */
export function splitByDate(table: ColumnTable, split: SplitOptions): { train: ColumnTable; test: ColumnTable } {
  const rawDates = table.array('date') as unknown[];
  const rows = Array.from(table.indices());
  const order = rawDates.map((d, i) => {
    if (typeof d !== 'string' || parseIsoDate(d) === undefined) throw new FeatureInputError('date', i, d, 'YYYY-MM-DD');
    return i;
  });
  order.sort((a, b) =>
    (rawDates[a] as string) < (rawDates[b] as string) ? -1 : (rawDates[a] as string) > (rawDates[b] as string) ? 1 : 0,
  );
  const dates = order.map((i) => rawDates[i] as string);
  const n = dates.length;
  let nTrain: number;
  let rule: string;
  if ('splitDate' in split) {
    if (parseIsoDate(split.splitDate) === undefined)
      throw new FeatureInputError('splitDate', undefined, split.splitDate, 'YYYY-MM-DD');
    nTrain = dates.findIndex((d) => d >= split.splitDate);
    if (nTrain < 0) nTrain = n;
    rule = `splitDate ${split.splitDate}`;
  } else if ('testRatio' in split) {
    if (!(split.testRatio > 0 && split.testRatio < 1))
      throw new FeatureInputError('testRatio', undefined, split.testRatio, 'a ratio between 0 and 1');
    nTrain = n - Math.round(n * split.testRatio);
    rule = `testRatio ${split.testRatio}`;
  } else {
    if (!(Number.isInteger(split.testDays) && split.testDays > 0))
      throw new FeatureInputError('testDays', undefined, split.testDays, 'a positive whole number of days');
    const cutoff = n > 0 ? parseIsoDate(dates[n - 1])! - split.testDays : 0;
    nTrain = dates.findIndex((d) => parseIsoDate(d)! > cutoff);
    if (nTrain < 0) nTrain = n;
    rule = `testDays ${split.testDays}`;
  }
  if (nTrain === 0 || nTrain === n) {
    const held = n === 0 ? 'the table has no rows' : `the table has ${n} dates from ${dates[0]} to ${dates[n - 1]}`;
    throw new SplitError(`${rule} leaves the ${nTrain === 0 ? 'train' : 'test'} set empty: ${held}`);
  }
  const raw = order.map((i) => rows[i]);
  return { train: table.reify(raw.slice(0, nTrain)), test: table.reify(raw.slice(nTrain)) };
}
