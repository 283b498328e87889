import fc from 'fast-check';
import { recordCandidate } from '@powercast/features/testing';
import { describe, expect, it } from 'vitest';
import { requestLimits } from './limits.js';
import { physicalRanges } from './physical-ranges.js';
import { forecastRecordSchema, optionalFieldBounds } from './schemas.js';
import { isWellFormedRecord } from './well-formed-record.js';

const { min: minC, max: maxC } = physicalRanges.temperatureC;

const candidate = recordCandidate(
  {
    temperatureC: physicalRanges.temperatureC,
    ...optionalFieldBounds,
    maxWeatherLength: requestLimits.maxWeatherTextLength,
  },
  ['date', 'max_temp', 'min_temp', 'weather'],
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
