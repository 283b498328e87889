import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { archiveRecords, liveJsonFromArchive } from '@powercast/data-loaders/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AsOfForecaster } from '../forecast/as-of-forecaster.js';
import { TrustedData } from '../inputs/trusted-data.js';
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
const dataDir = process.env['POWERCAST_DATA_DIR'];
beforeAll(async () => {
  const { artifact } = await trainSyntheticArtifact();
  const predictor = new LocalModelPredictor(
    await loadServableModel(artifact.dir, { version: 1, source: artifact.dir }),
  );
  // POST /forecast reads the shared data as its trusted folder (when there is one; its fuzz is skipped otherwise).
  const data = dataDir ? new TrustedData({ source: dataDir, refreshMs: 3_600_000 }) : undefined;
  await data?.refresh();
  app = createPredictApp({
    predictor,
    metrics: new ServiceMetrics(),
    ...(data ? { data } : {}),
    forecaster: new AsOfForecaster({
      model: () => predictor.forecastModel(),
      ...(data ? { data } : {}),
      // "Now" inside the shared data, so a body without as_of is a forecast the data can answer.
      now: () => Date.parse('2023-08-01T18:30+09:00'),
    }),
  });
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

/** Every path into a JSON value, containers included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

/** A copy of `root` with the value at `path` replaced (or removed). */
function mutateAt(root: unknown, path: (string | number)[], value: unknown, drop: boolean): unknown {
  if (path.length === 0) return drop ? [] : value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (drop && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (drop) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe.skipIf(!dataDir)('POST /forecast under mutated JMA forecasts and random bodies', () => {
  it('never answers 5xx and always answers 4xx as problem+json', async () => {
    const archive = readFileSync(join(dataDir!, 'jma', 'forecast', 'forecast_202308_130000.csv'), 'utf8');
    const live = liveJsonFromArchive(archiveRecords(archive, '2023-08-01T17:00:00+09:00'));
    const paths = pathsOf(live);
    const mutatedForecast = fc
      .record({ at: fc.nat(paths.length - 1), value: nasty, drop: fc.boolean() })
      .map(({ at, value, drop }) => JSON.stringify(mutateAt(live, paths[at]!, value, drop)));
    const asOf = fc.constantFrom(
      '2023-08-01T18:00+09:00',
      '2023-08-01T18:00+09:00',
      '2023-08-02T09:00+09:00',
      '2023-08-04T18:00+09:00',
      '2023-08-01T06:00+09:00',
      '1999-01-01T18:00+09:00',
      '2023-13-01T18:00+09:00',
      'now',
      '',
    );
    const forecastBody = fc.oneof(
      { weight: 5, arbitrary: mutatedForecast },
      { weight: 1, arbitrary: fc.constant(JSON.stringify(live)) },
      { weight: 2, arbitrary: jsonBody },
      {
        weight: 1,
        arbitrary: fc
          .record({ as_of: fc.option(nasty), jma_forecast: fc.option(fc.oneof(nasty, fc.constant(live))) })
          .map((value) => JSON.stringify(value)),
      },
      { weight: 1, arbitrary: fc.constant('') },
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        forecastBody,
        asOf,
        fc.oneof(
          { weight: 8, arbitrary: fc.constant('application/json') },
          { weight: 1, arbitrary: fc.constantFrom('text/plain', '', 'application/problem+json') },
        ),
        async (body, at, type) => {
          const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
          const query = at === '' ? '' : `?as_of=${encodeURIComponent(at)}`;
          const response = await app.request(`/forecast${query}`, { method: 'POST', headers, body });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type')).toBe('application/problem+json');
            const problem = (await response.json()) as { status: number; errors: unknown[] };
            expect(problem.status).toBe(response.status);
            expect(Array.isArray(problem.errors)).toBe(true);
          } else {
            await response.arrayBuffer();
          }
        },
      ),
      { seed: SEED, numRuns: 600 },
    );
    console.info(`fuzz /forecast: status counts ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
    expect([...statuses.keys()].filter((status) => status >= 400).length).toBeGreaterThanOrEqual(3);
  });
});
