import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openArtifactStore, StoreModelRegistry } from '@powercast/aws-pipeline';
import { LEDGER_CSV_COLUMNS, type LedgerRow } from '@powercast/contracts';
import { readLedger } from '@powercast/ledger';
import { dataDir, runCli, workspaceRoot } from '../../test/cli.js';
import { KILL_AFTER_WRITES_ENV } from './daily.js';

const FIRST = '2023-08-01T18:00:00+09:00';
const LATER = '2023-08-04T18:00:00+09:00';
const main = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Every object under ledger/ of a local store, by key (temp files included: a kill must leave none). */
function ledgerFiles(store: string): Map<string, string> {
  const root = join(store, 'ledger');
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(store.length + 1), readFileSync(path, 'utf8'));
  }
  return files;
}

const recordsOf = (files: Map<string, string>, kind: 'forecasts' | 'scores'): string[] =>
  [...files.keys()].filter((key) => key.startsWith(`ledger/${kind}/`)).sort();

/** The daily job in a child process, as the schedule runs it; resolves with its exit code or signal. */
function dailyProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@powercast/source', '--import', 'tsx', main, 'daily', ...args],
      {
        cwd: workspaceRoot,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

describe.skipIf(!dataDir)('trainer daily (shared data)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'powercast-daily-'));
  const modelDir = join(dir, 'model');
  let peakOf: (date: string) => number;
  let tepcoOf: (date: string) => number | null;

  /** A new store whose registry has version 1 approved: the model trained below, in place. */
  async function storeWithModel(): Promise<string> {
    const store = mkdtempSync(join(dir, 'store-'));
    const registry = new StoreModelRegistry(openArtifactStore(store));
    await registry.register({
      artifactUri: modelDir,
      metrics: { mse: 1 },
      trainingWindow: { from: '2016-04-01', to: '2023-06-30' },
      dataFingerprint: 'test',
    });
    await registry.decide(1, { status: 'Approved', by: 'test' });
    return store;
  }

  const daily = (store: string, ...extra: string[]) =>
    runCli(['daily', '--store', store, '--data-dir', dataDir!, ...extra]);

  beforeAll(async () => {
    const [{ loadAsOfInputs }, { ForecastModel }] = await Promise.all([
      import('@powercast/data-loaders'),
      import('@powercast/model'),
    ]);
    const inputs = await loadAsOfInputs({ source: dataDir!, window: { from: '2022-07-01', to: '2023-12-31' } });
    const { loadDailyDataset } = await import('@powercast/data-loaders');
    const { table } = await loadDailyDataset({ source: dataDir! });
    const model = ForecastModel.train(table.filter(`d => d.date <= '2023-06-30'`), {
      hyperparameters: { nEstimators: 60, learningRate: 0.15 },
    });
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(join(modelDir, 'model.json'), JSON.stringify(model.toJSON()));
    const peaks = new Map(
      (inputs.daily.objects() as { date: string; peak_hourly: number }[]).map((row) => [row.date, row.peak_hourly]),
    );
    const tepco = new Map((inputs.tepcoNightBefore?.forecasts ?? []).map((v) => [v.targetDate, v.valueManKw]));
    peakOf = (date) => peaks.get(date)!;
    tepcoOf = (date) => tepco.get(date) ?? null;
  });

  it('writes D+1..D+7 of the issue with the deployed version; a second run of the issue writes nothing', async () => {
    const store = await storeWithModel();
    const first = await daily(store, '--as-of', FIRST);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('7 of 7 forecasts new');
    const rows = await readLedger(openArtifactStore(store));
    expect(rows.map((row) => [row.targetDate, row.lead, row.issuedAt, row.modelVersion])).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((d, i) => [`2023-08-0${d}`, i + 1, FIRST, '1']),
    );
    expect(rows.every((row) => row.weatherIssue !== null && row.point > 2000 && row.scoredAt === null)).toBe(true);
    const files = ledgerFiles(store);
    const again = await daily(store, '--as-of', FIRST);
    expect(again.code).toBe(0);
    expect(again.out).toContain('0 of 7 forecasts new (7 already in the ledger), 0 scores new');
    expect(ledgerFiles(store)).toEqual(files);
  });

  it('scores the past forecasts whose actual has arrived by the issue (TEPCO published no day-ahead value in 2023)', async () => {
    const store = await storeWithModel();
    expect((await daily(store, '--as-of', FIRST)).code).toBe(0);
    const later = await daily(store, '--as-of', LATER);
    expect(later.code).toBe(0);
    expect(later.out).toContain('2 scores new');
    const scored = (await readLedger(openArtifactStore(store))).filter((row) => row.scoredAt !== null);
    // The issue of 08-04 knows the actuals through 08-03: the 08-04 forecast waits.
    expect(scored.map((row) => row.targetDate)).toEqual(['2023-08-02', '2023-08-03']);
    for (const row of scored) {
      expect(row.actual).toBe(peakOf(row.targetDate));
      expect(row.tepcoForecast).toBe(tepcoOf(row.targetDate));
      expect(row.error).toBeCloseTo(row.point - row.actual!, 9);
    }
    expect(later.out).toMatch(/scored 2 forecasts of 2023-08-02\.\.2023-08-03: MAPE \d+\.\d\d %/);
  });

  it('scores with TEPCO’s night-before forecast where TEPCO published one before the day (2022)', async () => {
    const store = await storeWithModel();
    expect((await daily(store, '--as-of', '2022-08-01T18:00+09:00')).code).toBe(0);
    expect((await daily(store, '--as-of', '2022-08-03T18:00+09:00')).code).toBe(0);
    const scored = (await readLedger(openArtifactStore(store))).filter((row) => row.scoredAt !== null);
    expect(scored.map((row) => row.targetDate)).toEqual(['2022-08-02']);
    expect(tepcoOf('2022-08-02')).not.toBeNull();
    expect(scored[0]!.tepcoForecast).toBe(tepcoOf('2022-08-02'));
  });

  it('exports the ledger as CSV and lists it', async () => {
    const store = await storeWithModel();
    await daily(store, '--as-of', FIRST);
    await daily(store, '--as-of', LATER);
    const out = join(dir, 'ledger.csv');
    const exported = await runCli(['ledger', 'export', '--out', out, '--store', store]);
    expect(exported.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(LEDGER_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 14);
    expect(lines[1]!.startsWith(`2023-08-02,${FIRST},1,1,`)).toBe(true);
    const listed = await runCli(['ledger', 'list', '--store', store, '--from', '2023-08', '--to', '2023-08']);
    expect(listed.out).toContain('14 records, 2 scored');
    expect((await runCli(['ledger', 'frobnicate', '--store', store])).code).toBe(2);
  });

  it('ledger score scores what the daily runs left: every forecast whose actual is in the data', async () => {
    const store = await storeWithModel();
    await daily(store, '--as-of', FIRST);
    const scored = await runCli(['ledger', 'score', '--store', store, '--data-dir', dataDir!]);
    expect(scored.code).toBe(0);
    expect(scored.out).toContain('scored 7 of 7 unscored forecasts');
    const rows = await readLedger(openArtifactStore(store));
    expect(rows.map((row) => row.actual)).toEqual(rows.map((row) => peakOf(row.targetDate)));
  });

  it('judges accuracy by the thresholds of the config file; a bad one exits 2 naming file and key, writing nothing', async () => {
    const configured = join(dir, 'monitoring.config.yaml');
    // Two scored days are judged (min_samples 1) against a MAPE no forecast meets.
    writeFileSync(configured, 'monitoring:\n  mape_28d_percent: 0.01\n  clear_margin_mape_pt: 0\n  min_samples: 1\n');
    const store = await storeWithModel();
    const first = await daily(store, '--as-of', FIRST, '--config', configured);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const later = await daily(store, '--as-of', LATER, '--config', configured);
    expect(later.code).toBe(0);
    expect(later.out).toContain('alert raised: Powercast alert: 28-day MAPE');
    expect(readdirSync(join(store, 'outbox'))).toContain('alert-mape-28d-000001-raised.json');
    // The same runs with the defaults (at least 20 scored days) judge nothing.
    const defaults = await storeWithModel();
    await daily(defaults, '--as-of', FIRST);
    expect((await daily(defaults, '--as-of', LATER)).out).toContain('accuracy alerts: none open');

    const bad = join(dir, 'bad-monitoring.config.yaml');
    writeFileSync(bad, 'monitoring:\n  mape_28d_percent: -1\n');
    const refused = await daily(await storeWithModel(), '--as-of', FIRST, '--config', bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      `${bad}: key "monitoring.mape_28d_percent" = -1; expected a number above 0 (percent)`,
    );
  });

  it('without a deployed model says what the daily job can do: approve or deploy a version, or another --store', async () => {
    const empty = mkdtempSync(join(dir, 'empty-store-'));
    const result = await daily(empty, '--as-of', FIRST);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`no deployed or approved model in PowerForecastPackageGroup of the store ${empty}`);
    expect(result.err).toContain(`npx nx run trainer:models -- --store ${empty} approve <version>`);
    expect(result.err).toContain('deploy <version>');
    expect(result.err).toContain('or pass the --store whose registry has the deployed model');
    expect(result.err).not.toContain('--model-dir');
    expect(readdirSync(empty)).not.toContain('ledger');
  });

  it('refuses a backfill without --skip-approval, and --skip-approval without a backfill', async () => {
    const store = await storeWithModel();
    const unapproved = await daily(store, '--backfill', '2023-03-01..2023-03-02');
    expect(unapproved.code).toBe(2);
    expect(unapproved.err).toContain('--skip-approval');
    expect((await daily(store, '--backfill', '2023-03-02..2023-03-01', '--skip-approval')).code).toBe(2);
    expect((await daily(store, '--skip-approval', '--as-of', FIRST)).code).toBe(2);
    expect(readdirSync(store)).not.toContain('ledger');
  });

  it('backfills day by day, retraining at each month’s first issue, scoring as the actuals arrive; idempotent', async () => {
    const store = await storeWithModel();
    const run = await daily(store, '--backfill', '2023-03-30..2023-04-02', '--skip-approval');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('4 issues, 2 trainings, 28 forecasts');
    const rows = await readLedger(openArtifactStore(store));
    const versions = [...new Set(rows.map((row) => `${row.issuedAt.slice(0, 10)} ${row.modelVersion}`))];
    expect(versions).toEqual([
      '2023-03-30 backfill-2023-03-29',
      '2023-03-31 backfill-2023-03-29',
      '2023-04-01 backfill-2023-03-31',
      '2023-04-02 backfill-2023-03-31',
    ]);
    // Each score is written by the first replayed issue after its target day, with that day's actual.
    const scored = rows.filter((row) => row.scoredAt !== null);
    expect(scored.map((row) => [row.targetDate, row.scoredAt!.slice(0, 10)])).toEqual([
      ['2023-03-31', '2023-04-01'],
      ['2023-04-01', '2023-04-02'],
      ['2023-04-01', '2023-04-02'],
    ]);
    for (const row of scored) expect(row.actual).toBe(peakOf(row.targetDate));
    const files = ledgerFiles(store);
    const again = await daily(store, '--backfill', '2023-03-30..2023-04-02', '--skip-approval');
    expect(again.out).toContain('0 forecasts and 0 scores new');
    expect(ledgerFiles(store)).toEqual(files);
  }, 120_000);

  describe('killed and run concurrently (child processes)', () => {
    /** The ledger a run writes uninterrupted, without the scoredAt stamps (they are the time of writing). */
    let clean: Map<string, string>;
    const comparable = (files: Map<string, string>): Map<string, string> =>
      new Map([...files].map(([key, text]) => [key, text.replace(/"scoredAt":"[^"]+"/, '"scoredAt":"…"')] as const));

    beforeAll(async () => {
      const store = await storeWithModel();
      await daily(store, '--as-of', FIRST);
      expect((await dailyProcess(['--store', store, '--data-dir', dataDir!, '--as-of', LATER])).code).toBe(0);
      clean = comparable(ledgerFiles(store));
      // 7 forecasts of the first issue, 7 of the later one, 2 scores, and the month marker.
      expect(recordsOf(clean, 'forecasts')).toHaveLength(14);
      expect(recordsOf(clean, 'scores')).toHaveLength(2);
    }, 120_000);

    // The later run writes 7 forecasts, then 2 scores: killed after the 1st, 4th, 7th (the last forecast) and 8th.
    it.each([1, 4, 7, 8])(
      'SIGKILL after %i new records leaves whole records only, and the next run completes the ledger',
      async (writes) => {
        const store = await storeWithModel();
        await daily(store, '--as-of', FIRST);
        const args = ['--store', store, '--data-dir', dataDir!, '--as-of', LATER];
        const killed = await dailyProcess(args, { [KILL_AFTER_WRITES_ENV]: String(writes) });
        expect(killed.signal).toBe('SIGKILL');
        const partial = ledgerFiles(store);
        expect(recordsOf(partial, 'forecasts').length + recordsOf(partial, 'scores').length).toBe(7 + writes);
        expect([...partial.keys()].filter((key) => key.includes('.tmp-'))).toEqual([]);
        // Every record there is whole: the reader parses and validates each one.
        expect(await readLedger(openArtifactStore(store))).toHaveLength(Math.min(14, 7 + writes));
        const resumed = await dailyProcess(args);
        expect(resumed.code).toBe(0);
        expect(comparable(ledgerFiles(store))).toEqual(clean);
      },
      120_000,
    );

    it('two concurrent runs of one issue write exactly one record per key', async () => {
      const store = await storeWithModel();
      await daily(store, '--as-of', FIRST);
      const args = ['--store', store, '--data-dir', dataDir!, '--as-of', LATER];
      const [a, b] = await Promise.all([dailyProcess(args), dailyProcess(args)]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const news = [a.out, b.out].map((out) => Number(/(\d+) of 7 forecasts new/.exec(out)![1]));
      expect(news[0]! + news[1]!).toBe(7);
      const rows: LedgerRow[] = await readLedger(openArtifactStore(store));
      const keys = rows.map((row) => `${row.targetDate} ${row.issuedAt} ${row.modelVersion}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(comparable(ledgerFiles(store))).toEqual(clean);
    }, 120_000);
  });
});
