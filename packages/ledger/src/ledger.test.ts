import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArtifactStore, type ArtifactStore } from '@powercast/aws-pipeline';
import { LEDGER_CSV_COLUMNS, type LedgerForecast, type LedgerScore } from '@powercast/contracts';
import { startTestS3, type TestS3 } from '@powercast/test-s3';
import {
  InvalidLedgerRecordError,
  LedgerCorruptError,
  UnknownForecastError,
  appendForecast,
  appendScore,
  ledgerCsv,
  ledgerTable,
  readLedger,
  recordKey,
  unscoredBefore,
} from './index.js';

const forecast = (overrides: Partial<LedgerForecast> = {}): LedgerForecast => ({
  targetDate: '2023-08-02',
  issuedAt: '2023-08-01T18:00:00+09:00',
  modelVersion: '3',
  lead: 1,
  point: 5412.5,
  p10: null,
  p50: null,
  p90: null,
  variant: 'with-history',
  weatherIssue: '2023-08-01T17:00:00+09:00',
  qualityFlags: [],
  ...overrides,
});

const score = (overrides: Partial<LedgerScore> = {}): LedgerScore => ({
  targetDate: '2023-08-02',
  issuedAt: '2023-08-01T18:00:00+09:00',
  modelVersion: '3',
  actual: 5500,
  tepcoForecast: 5450,
  scoredAt: '2023-08-03T18:00:00+09:00',
  ...overrides,
});

const localStore = (): ArtifactStore => openArtifactStore(mkdtempSync(join(tmpdir(), 'powercast-ledger-')));

describe('appendForecast and appendScore', () => {
  it('writes one record per key: the second write of a key is refused and the first stays', async () => {
    const store = localStore();
    expect((await appendForecast(store, forecast())).written).toBe(true);
    expect((await appendForecast(store, forecast({ point: 1 }))).written).toBe(false);
    const rows = await readLedger(store);
    expect(rows.map((row) => row.point)).toEqual([5412.5]);
  });

  it('of many concurrent writers of one key, exactly one lands', async () => {
    const store = localStore();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => appendForecast(store, forecast({ point: 5000 + i }))),
    );
    expect(results.filter((result) => result.written)).toHaveLength(1);
    expect(await readLedger(store)).toHaveLength(1);
  });

  it('treats one instant written with two offsets as one key', async () => {
    const store = localStore();
    await appendForecast(store, forecast());
    expect((await appendForecast(store, forecast({ issuedAt: '2023-08-01T09:00:00Z' }))).written).toBe(false);
  });

  it('keeps different issue times and model versions of one target apart', async () => {
    const store = localStore();
    await appendForecast(store, forecast());
    await appendForecast(store, forecast({ issuedAt: '2023-07-31T18:00:00+09:00', lead: 2 }));
    await appendForecast(store, forecast({ modelVersion: '4' }));
    const rows = await readLedger(store);
    expect(rows.map((row) => [row.issuedAt, row.modelVersion])).toEqual([
      ['2023-07-31T18:00:00+09:00', '3'],
      ['2023-08-01T18:00:00+09:00', '3'],
      ['2023-08-01T18:00:00+09:00', '4'],
    ]);
  });

  it('refuses a record of the wrong shape, naming the field, the value and what was expected', async () => {
    const store = localStore();
    await expect(appendForecast(store, forecast({ lead: 0 }))).rejects.toThrow(InvalidLedgerRecordError);
    await expect(appendForecast(store, forecast({ issuedAt: '2023-08-01 18:00' }))).rejects.toThrow(
      /field issuedAt: got 2023-08-01 18:00, expected an ISO 8601 time with offset/,
    );
    await expect(appendForecast(store, forecast({ modelVersion: '../x' }))).rejects.toThrow(/field modelVersion/);
    expect(await store.list('ledger/')).toEqual([]);
  });

  it('refuses a score of a forecast the ledger does not hold', async () => {
    const store = localStore();
    await expect(appendScore(store, score())).rejects.toThrow(UnknownForecastError);
  });

  it('scores once: a later score of the same key leaves the first', async () => {
    const store = localStore();
    await appendForecast(store, forecast());
    expect((await appendScore(store, score())).written).toBe(true);
    expect((await appendScore(store, score({ actual: 1 }))).written).toBe(false);
    expect((await readLedger(store))[0]).toMatchObject({ actual: 5500, error: 5412.5 - 5500, tepcoForecast: 5450 });
  });
});

describe('readLedger', () => {
  it('joins each forecast with its score; unscored forecasts carry nulls', async () => {
    const store = localStore();
    await appendForecast(store, forecast());
    await appendForecast(store, forecast({ targetDate: '2023-08-03', lead: 2, p10: 5200, p50: 5400, p90: 5600 }));
    await appendScore(store, score());
    const rows = await readLedger(store);
    expect(rows.map((row) => [row.targetDate, row.actual, row.scoredAt])).toEqual([
      ['2023-08-02', 5500, '2023-08-03T18:00:00+09:00'],
      ['2023-08-03', null, null],
    ]);
    expect(unscoredBefore(rows, '2023-08-04').map((row) => row.targetDate)).toEqual(['2023-08-03']);
    expect(unscoredBefore(rows, '2023-08-03')).toEqual([]);
  });

  it('reads only the target months asked for', async () => {
    const store = localStore();
    for (const targetDate of ['2023-06-30', '2023-07-01', '2023-08-31', '2023-09-01'])
      await appendForecast(store, forecast({ targetDate }));
    const window = await readLedger(store, { fromMonth: '2023-07', toMonth: '2023-08' });
    expect(window.map((row) => row.targetDate)).toEqual(['2023-07-01', '2023-08-31']);
    expect((await readLedger(store, { fromMonth: '2023-08' })).map((row) => row.targetDate)).toEqual([
      '2023-08-31',
      '2023-09-01',
    ]);
  });

  it('names the object and the field of a damaged record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'powercast-ledger-'));
    const store = openArtifactStore(dir);
    const key = recordKey('forecasts', forecast());
    await appendForecast(store, forecast());
    writeFileSync(join(dir, ...key.split('/')), JSON.stringify({ ...forecast(), point: 'high' }));
    await expect(readLedger(store)).rejects.toThrow(LedgerCorruptError);
    await expect(readLedger(store)).rejects.toThrow(`${join(dir, ...key.split('/'))}, field point`);
    writeFileSync(join(dir, ...key.split('/')), '{"targetDate": "2023-');
    await expect(readLedger(store)).rejects.toThrow(/expected JSON/);
  });

  it('lays records out one file per key, partitioned by target month', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'powercast-ledger-'));
    await appendForecast(openArtifactStore(dir), forecast());
    expect(readdirSync(join(dir, 'ledger', 'forecasts', '2023-08', '2023-08-02'))).toEqual([
      '20230801T090000Z_v3.json',
    ]);
  });
});

describe('ledgerTable and ledgerCsv', () => {
  it('exports one line per record under LEDGER_CSV_COLUMNS, nulls as empty cells', async () => {
    const store = localStore();
    await appendForecast(store, forecast({ qualityFlags: ['jma-gap', 'tepco-late'] }));
    await appendForecast(store, forecast({ targetDate: '2023-08-03', lead: 2, variant: 'blend, 0.3 weather' }));
    await appendScore(store, score());
    const rows = await readLedger(store);
    const csv = ledgerCsv(rows);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(LEDGER_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    const parsed = aq.fromCSV(csv, { parse: { target_date: String, issued_at: String, scored_at: String } });
    expect(parsed.numRows()).toBe(2);
    expect(parsed.objects()[0]).toMatchObject({
      target_date: '2023-08-02',
      lead: 1,
      model_version: 3,
      point: 5412.5,
      actual: 5500,
      error: -87.5,
      quality_flags: 'jma-gap;tepco-late',
    });
    expect(parsed.objects()[1]).toMatchObject({ actual: null, p10: null, variant: 'blend, 0.3 weather' });
  });

  it('gives an Arquero table the verbs work on', async () => {
    const rows = [
      { ...forecast(), actual: 5500, tepcoForecast: null, error: -87.5, scoredAt: '2023-08-03T18:00:00+09:00' },
      { ...forecast({ lead: 2, point: 5600 }), actual: 5500, tepcoForecast: null, error: 100, scoredAt: null },
    ];
    const table = ledgerTable(rows);
    expect(table.columnNames()).toEqual([...LEDGER_CSV_COLUMNS]);
    const mae = table.rollup({ mae: 'd => op.mean(op.abs(d.error))' }).get('mae', 0);
    expect(mae).toBeCloseTo(93.75, 10);
  });
});

describe('the ledger on S3 (s3rver)', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3({ buckets: ['powercast-ledger'] });
  });
  afterAll(() => s3.close());

  // s3rver ignores IfNoneMatch, so only the sequential case is checked here; real S3 makes the create atomic.
  it('writes once per key and reads the join back', async () => {
    const store = openArtifactStore(`s3://${s3.bucket}/one`, { s3Client: s3.client });
    expect((await appendForecast(store, forecast())).written).toBe(true);
    expect((await appendForecast(store, forecast({ point: 1 }))).written).toBe(false);
    await appendScore(store, score());
    const rows = await readLedger(store);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actual: 5500, scoredAt: '2023-08-03T18:00:00+09:00' });
  });
});
