// Generators of candidate forecast records for property tests (fast-check): near-valid records
// with fields on and around each bound, of the wrong kind, absent or explicitly undefined, plus
// unknown keys. Shared by this package's validateRecords test and predict-api's request check, so
// both fast paths are held to their schemas over the same inputs. Test-only: exported as
// `@powercast/features/testing` under the `@powercast/source` condition, never published.
import fc from 'fast-check';

export interface NumberBounds {
  min: number;
  max: number;
}

/** What the schema under test accepts: its temperature range, the optional fields' bounds, the weather text length. */
export interface RecordBounds {
  temperatureC: NumberBounds;
  humidity_mean: NumberBounds;
  sunshine_hours: NumberBounds;
  precipitation_mm: NumberBounds;
  maxWeatherLength: number;
}

/** Numbers on and around each bound (inside, on, just outside), and values of the wrong kind. */
export function nearBounds({ min, max }: NumberBounds): fc.Arbitrary<unknown> {
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

/** Dates from 1960 to 2060 and text that is almost a date (impossible days, other separators, full-width digits). */
export const candidateDate: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .date({ min: new Date('1960-01-01'), max: new Date('2060-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    '2023-02-29',
    '2024-02-29',
    '2025-02-29',
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

/** Weather text up to and past the length limit, null, and values of the wrong kind. */
export function candidateWeather(maxLength: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom('晴', '曇り', '雨', null, 3, '', undefined),
    fc.string({ maxLength: maxLength + 10 }),
    fc.constant('晴'.repeat(maxLength)),
    fc.constant('晴'.repeat(maxLength + 1)),
  );
}

/** Mostly values the schema accepts, so records reach a fast path with one or two fields on an edge. */
export function mostlyValid(valid: fc.Arbitrary<unknown>, edge: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: edge });
}

const inside = ({ min, max }: NumberBounds): fc.Arbitrary<number> =>
  fc.double({ min, max: Number.isFinite(max) ? max : 1e6, noNaN: true });

/**
 * Candidate records: every field mostly valid (values on the bounds included), sometimes on an
 * edge, absent or undefined; in one record of four, keys outside the schema (`extra`, a
 * camel-cased `maxTemp`, an own `__proto__`). `requiredKeys` are always present (as values of any kind).
 */
export function recordCandidate(
  bounds: RecordBounds,
  requiredKeys: readonly ('date' | 'max_temp' | 'min_temp' | 'weather')[] = ['date', 'max_temp', 'min_temp'],
): fc.Arbitrary<Record<string, unknown>> {
  const { temperatureC, maxWeatherLength } = bounds;
  const temperature = mostlyValid(inside(temperatureC), nearBounds(temperatureC));
  const optional = (field: NumberBounds): fc.Arbitrary<unknown> => mostlyValid(inside(field), nearBounds(field));
  const fields = {
    date: mostlyValid(fc.constantFrom('2025-05-20', '2023-12-31', '1970-01-01', '2050-12-31'), candidateDate),
    max_temp: temperature,
    min_temp: temperature,
    weather: mostlyValid(
      fc.constantFrom('晴', '曇り', null, '晴'.repeat(maxWeatherLength)),
      candidateWeather(maxWeatherLength),
    ),
    mean_temp: temperature,
    humidity_mean: optional(bounds.humidity_mean),
    sunshine_hours: optional(bounds.sunshine_hours),
    precipitation_mm: optional(bounds.precipitation_mm),
  };
  const extras = { extra: fc.anything(), maxTemp: fc.integer(), __proto__: fc.constant(1) };
  const keys = { requiredKeys: [...requiredKeys] };
  return fc.oneof(
    { weight: 3, arbitrary: fc.record(fields, keys) },
    { weight: 1, arbitrary: fc.record({ ...fields, ...extras }, keys) },
  );
}
