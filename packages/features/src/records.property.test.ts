import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEMPERATURE_RANGE_C, validateRecords, validateRecordsWithSchema } from './records.js';

/** Numbers on and around each bound, and values of the wrong kind. */
function near(min: number, max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.double({ min, max: Number.isFinite(max) ? max : 1e6, noNaN: true }),
    fc.constantFrom(min, max, min - 0.001, max + 0.001, -0, 0, 1e300),
    fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      null,
      undefined,
      '12',
      true,
      [],
      {},
    ),
    fc.double({ noNaN: false }),
  );
}

const date = fc.oneof(
  fc
    .date({ min: new Date('1960-01-01'), max: new Date('2060-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    '2023-02-29',
    '2024-02-29',
    '2025-13-01',
    '2025-04-31',
    '2025/05/20',
    '2025-5-20',
    '',
    '２０２５-05-20',
  ),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(20250520, null, undefined, ['2025-05-20']),
);

/** Mostly values the schema accepts, so records reach the fast path with one or two fields on an edge. */
function mostlyValid(valid: fc.Arbitrary<unknown>, edge: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: edge });
}

const temperature = mostlyValid(
  fc.double({ min: TEMPERATURE_RANGE_C.min, max: TEMPERATURE_RANGE_C.max, noNaN: true }),
  near(TEMPERATURE_RANGE_C.min, TEMPERATURE_RANGE_C.max),
);

/** Records with every field sometimes absent, sometimes explicitly undefined, plus unknown keys. */
const record = fc
  .record(
    {
      date: mostlyValid(fc.constantFrom('2025-05-20', '2023-12-31', '1970-01-01', '2050-12-31'), date),
      max_temp: temperature,
      min_temp: temperature,
      weather: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null), fc.constant(3), fc.constant(undefined)),
      mean_temp: temperature,
      humidity_mean: mostlyValid(fc.double({ min: 0, max: 100, noNaN: true }), near(0, 100)),
      sunshine_hours: mostlyValid(fc.double({ min: 0, max: 24, noNaN: true }), near(0, 24)),
      precipitation_mm: mostlyValid(fc.double({ min: 0, max: 500, noNaN: true }), near(0, Number.POSITIVE_INFINITY)),
      extra: fc.anything(),
    },
    { requiredKeys: ['date', 'max_temp', 'min_temp'] },
  )
  .map((fields) => fields as unknown);

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
