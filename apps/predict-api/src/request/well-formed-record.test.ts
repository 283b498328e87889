import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { physicalRanges } from './physical-ranges.js';
import { forecastRecordSchema, optionalFieldBounds } from './schemas.js';
import { isWellFormedRecord } from './well-formed-record.js';

const { min: minC, max: maxC } = physicalRanges.temperatureC;

/** Numbers around every bound the schema knows, and values of the wrong kind. */
function near(bounds: { min: number; max: number }): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.double({ min: bounds.min, max: bounds.max, noNaN: true }),
    fc.constantFrom(bounds.min, bounds.max, bounds.min - 0.001, bounds.max + 0.001, -0, 0),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, '12', true, [], {}),
    fc.double({ noNaN: false }),
  );
}

const date = fc.oneof(
  fc
    .date({ min: new Date('1960-01-01'), max: new Date('2060-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    '2025-02-29',
    '2024-02-29',
    '2025-13-01',
    '2025-04-31',
    '2025/05/20',
    '2025-5-20',
    '',
    20250520,
    null,
  ),
);
const weather = fc.oneof(
  fc.constantFrom('晴', '曇り', '雨', null, 3, ''),
  fc.string({ maxLength: 210 }),
  fc.constant('晴'.repeat(200)),
  fc.constant('晴'.repeat(201)),
);

const candidate: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    date,
    max_temp: near({ min: minC, max: maxC }),
    min_temp: near({ min: minC, max: maxC }),
    weather,
    mean_temp: near({ min: minC, max: maxC }),
    humidity_mean: near(optionalFieldBounds.humidity_mean),
    sunshine_hours: near(optionalFieldBounds.sunshine_hours),
    precipitation_mm: near(optionalFieldBounds.precipitation_mm),
    maxTemp: fc.integer(),
    __proto__: fc.constant(1),
  },
  { requiredKeys: ['date', 'max_temp', 'min_temp', 'weather'] },
);
// Mostly records that pass, so both answers are exercised.
const valid = fc.record(
  {
    date: fc
      .date({ min: new Date('1971-01-01'), max: new Date('2049-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    max_temp: fc.double({ min: 0, max: maxC, noNaN: true }),
    min_temp: fc.double({ min: minC, max: 0, noNaN: true }),
    weather: fc.constantFrom('晴', '曇り', null),
    humidity_mean: fc.double({ min: 0, max: 100, noNaN: true }),
  },
  { requiredKeys: ['date', 'max_temp', 'min_temp', 'weather'] },
);

describe('isWellFormedRecord: the one-pass check behind the zod schema', () => {
  it('accepts exactly what forecastRecordSchema accepts, for every body JSON can carry', () => {
    fc.assert(
      fc.property(fc.oneof(candidate, valid, fc.anything()), (value) => {
        const json: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        const parsed = forecastRecordSchema.safeParse(json);
        expect(isWellFormedRecord(json)).toBe(parsed.success);
        if (parsed.success) expect(parsed.data).toEqual(json);
      }),
      { numRuns: 5000, seed: 14 },
    );
  });

  it('never accepts what the schema refuses, whatever the object (undefined fields, other prototypes)', () => {
    fc.assert(
      fc.property(
        fc.oneof(candidate, valid, fc.anything({ withNullPrototype: true, withObjectString: true })),
        (value) => {
          if (isWellFormedRecord(value)) expect(forecastRecordSchema.safeParse(value).success).toBe(true);
        },
      ),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('accepts a reference record and refuses one just outside the physical range', () => {
    const record = { date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' };
    expect(isWellFormedRecord(record)).toBe(true);
    expect(isWellFormedRecord({ ...record, max_temp: maxC + 0.01 })).toBe(false);
    expect(isWellFormedRecord({ ...record, max_temp: 5, min_temp: 10 })).toBe(false);
  });
});
