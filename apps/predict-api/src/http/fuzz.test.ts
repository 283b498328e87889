import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../monitoring/metrics.js';
import { loadServableModel } from '../predictors/load-servable-model.js';
import { LocalModelPredictor } from '../predictors/local-model.js';
import { trainSyntheticArtifact } from '../../test/support/trained-model.js';
import { createPredictApp } from './app.js';

/**
 * Property: whatever the body, `POST /predict` answers below 500, and every 4xx is a
 * problem+json document whose status matches. Seeded so a failure replays exactly. The bodies
 * that pass validation reach a real trained model, so the feature pipeline is fuzzed too.
 */
let app: ReturnType<typeof createPredictApp>;
beforeAll(async () => {
  const { artifact } = await trainSyntheticArtifact();
  const predictor = new LocalModelPredictor(
    await loadServableModel(artifact.dir, { version: 1, source: artifact.dir }),
  );
  app = createPredictApp({ predictor, metrics: new ServiceMetrics() });
});
const SEED = 20250520;

const validRecord = { date: '2025-05-20', max_temp: 28, min_temp: 10.5, weather: '曇り' };
const nasty = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    '',
    'NaN',
    'Infinity',
    '-0',
    '1e999',
    '2025-02-30',
    '2024-02-29',
    '0000-00-00',
    '晴',
    null,
    true,
    [],
    {},
    -1e308,
    1e308,
    51,
    -31,
  ),
  fc.double(),
  fc.string({ unit: 'binary' }),
);
const mutatedRecord = fc
  .record({
    field: fc.constantFrom(
      'date',
      'max_temp',
      'min_temp',
      'weather',
      'history',
      'features',
      'records',
      '__proto__',
      'constructor',
      'extra',
    ),
    value: nasty,
    drop: fc.boolean(),
  })
  .map(({ field, value, drop }) => {
    const copy: Record<string, unknown> = { ...validRecord };
    if (drop) delete copy[field];
    else copy[field] = value;
    return copy;
  });
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 12 }).map((value) => JSON.stringify(value)),
  mutatedRecord.map((value) => JSON.stringify(value)),
  fc.array(mutatedRecord, { maxLength: 5 }).map((value) => JSON.stringify(value)),
  fc
    .record({ features: fc.array(fc.array(nasty, { maxLength: 6 }), { maxLength: 4 }), history: fc.option(nasty) })
    .map((value) => JSON.stringify(value)),
  fc
    .record({
      records: fc.array(mutatedRecord, { maxLength: 3 }),
      history: fc.array(fc.record({ date: nasty, peak: nasty }), { maxLength: 3 }),
    })
    .map((value) => JSON.stringify(value)),
  // plausible histories (real dates, repeated dates, far-off dates) beside a valid record
  fc
    .array(
      fc.record({
        date: fc.constantFrom('2025-05-19', '2025-05-18', '1970-01-01', '2050-12-31', '2025-05-20', '2025-05-21'),
        peak: fc.oneof(fc.double({ min: 0, max: 20000, noNaN: true }), nasty),
      }),
      { maxLength: 6 },
    )
    .map((history) => JSON.stringify({ ...validRecord, history })),
  // byte-level damage to a valid body: truncation, insertion, bracket storms
  fc.tuple(fc.nat(60), fc.string({ unit: 'grapheme', maxLength: 8 })).map(([at, text]) => {
    const valid = JSON.stringify(validRecord);
    return valid.slice(0, at) + text + valid.slice(at + text.length);
  }),
  fc
    .tuple(fc.constantFrom('[', '{"a":', '{"features":['), fc.integer({ min: 1, max: 3000 }))
    .map(([open, n]) => open.repeat(n)),
);
const csvCell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('2025-05-20', '28', '10.5', '晴', '"', '""', 'NaN', '\r', ''),
);
const validCsvRow = fc.tuple(
  fc.constantFrom('2025-05-20', '2023-08-01'),
  fc.integer({ min: 10, max: 40 }),
  fc.integer({ min: -5, max: 10 }),
  fc.constantFrom('晴', '曇り', ''),
);
const csvBody = fc
  .tuple(
    fc.array(fc.oneof(fc.array(csvCell, { maxLength: 6 }), validCsvRow), { maxLength: 6 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([rows, newline]) => rows.map((row) => row.join(',')).join(newline));
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/csv',
  'text/plain',
  'application/problem+json',
  '',
  'multipart/form-data; boundary=x',
);

const bodyCase = fc.oneof(
  { weight: 6, arbitrary: fc.record({ contentType: fc.constant('application/json'), body: jsonBody }) },
  { weight: 2, arbitrary: fc.record({ contentType: fc.constant('text/csv'), body: csvBody }) },
  {
    weight: 1,
    arbitrary: fc.record({ contentType, body: fc.oneof(jsonBody, csvBody, fc.string({ unit: 'binary' })) }),
  },
);

describe('POST /predict under random and mutated bodies', () => {
  it('never answers 5xx and always answers 4xx as problem+json', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        bodyCase,
        fc.constantFrom('/predict', '/invocations'),
        async ({ contentType: type, body }, path) => {
          const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
          const response = await app.request(path, { method: 'POST', headers, body });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type')).toBe('application/problem+json');
            const problem = (await response.json()) as { status: number; title: string; errors: unknown[] };
            expect(problem.status).toBe(response.status);
            expect(Array.isArray(problem.errors)).toBe(true);
          } else {
            await response.arrayBuffer();
          }
        },
      ),
      { seed: SEED, numRuns: 2500 },
    );
    // The generators must reach both accepting and rejecting paths, or the property says little.
    console.info(`fuzz: status counts ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
    expect([...statuses.keys()].filter((status) => status >= 400).length).toBeGreaterThanOrEqual(3);
  });
});
