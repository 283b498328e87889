import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordCandidate } from './__fixtures__/record-candidates.js';
import { TEMPERATURE_RANGE_C, validateRecords, validateRecordsWithSchema } from './records.js';

/** Records with every field sometimes absent, sometimes explicitly undefined, plus unknown keys. */
const record = recordCandidate({
  temperatureC: TEMPERATURE_RANGE_C,
  humidity_mean: { min: 0, max: 100 },
  sunshine_hours: { min: 0, max: 24 },
  precipitation_mm: { min: 0, max: Number.POSITIVE_INFINITY },
  // The feature schema sets no length limit on weather text: texts around 200 characters are just long ones here.
  maxWeatherLength: 200,
}).map((fields) => fields as unknown);

const item = fc.oneof(
  { weight: 8, arbitrary: record },
  { weight: 1, arbitrary: fc.anything() },
  // Objects zod reads like records but the fast path leaves to zod.
  { weight: 1, arbitrary: record.map((fields) => Object.assign(Object.create(null) as object, fields)) },
);

describe('validateRecords fast path', () => {
  it('gives exactly the schema-only answer on one record or a list, well-formed or not', () => {
    fc.assert(
      fc.property(fc.oneof(item, fc.array(item, { maxLength: 4 })), (input) => {
        expect(validateRecords(input)).toStrictEqual(validateRecordsWithSchema(input));
      }),
      { numRuns: 8000, seed: 20261202 },
    );
  });

  it('takes the fast path for well-formed records (they come back as zod outputs them)', () => {
    const good = { date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り', precipitation_mm: 0, extra: 1 };
    const fast = validateRecords(good);
    expect(fast).toStrictEqual(validateRecordsWithSchema(good));
    expect(fast.ok && Object.keys(fast.records[0]!)).toEqual([
      'date',
      'max_temp',
      'min_temp',
      'weather',
      'precipitation_mm',
    ]);
  });
});
