// The one-year ex-ante backtest with monthly retraining (train through 2022-12-31, forecast 2023 as of
// 18:00 JST on D−1) against issue #12's ≤ 60 s target: first `trainer backtest` as a user types it
// (a fresh node process, start-up included), then the same work in process, split into loading and
// the backtest. Run: npx nx run trainer:bench (POWERCAST_DATA_DIR, else ../shared/data)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { processIo, realDataDir } from '@powercast/contracts/cli';

const TARGET_SECONDS = 60;
const window = { trainUntil: '2022-12-31', from: '2023-01-01', to: '2023-12-31' } as const;

const dataDir = realDataDir(processIo());
if (!dataDir) {
  console.error('no data: set POWERCAST_DATA_DIR, or keep the shared copy in ../shared/data');
  process.exit(2);
}
const out = mkdtempSync(join(tmpdir(), 'powercast-backtest-bench-'));
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

const command = [
  '--conditions=@powercast/source',
  '--import',
  'tsx',
  'apps/trainer/src/main.ts',
  'backtest',
  ...['--data-dir', dataDir, '--train-until', window.trainUntil, '--from', window.from, '--to', window.to],
  ...['--weather', 'forecast', '--retrain', 'monthly', '--out', out],
];
const cliStarted = performance.now();
const cli = spawnSync(process.execPath, command, { encoding: 'utf8' });
const cliMs = performance.now() - cliStarted;
if (cli.status !== 0) {
  console.error(cli.stderr || cli.stdout);
  process.exit(1);
}

// Imported here, as the trainer's commands do: both are heavy and lazy-loaded.
const [{ loadAsOfInputs }, { backtestAsOf }] = await Promise.all([
  import('@powercast/data-loaders'),
  import('@powercast/model'),
]);
const loadStarted = performance.now();
const inputs = await loadAsOfInputs({ source: dataDir });
const loadMs = performance.now() - loadStarted;
const runStarted = performance.now();
const result = backtestAsOf({
  ...window,
  sources: inputs,
  retrain: 'monthly',
  ...(inputs.tepcoNightBefore ? { tepcoNightBefore: inputs.tepcoNightBefore.forecasts } : {}),
});
const runMs = performance.now() - runStarted;
rmSync(out, { recursive: true, force: true });

const { metrics } = result.model;
console.log(
  `\none-year ex-ante backtest, retrain monthly (train ≤ ${window.trainUntil}, ${window.from}..${window.to}, ${result.window.nTestDays} days, ${result.window.trainings.length} trainings of model + backcast + reference)`,
);
console.log(`  machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}`);
console.log(
  `  trainer backtest (new process, start-up included): ${seconds(cliMs)} s — target ≤ ${TARGET_SECONDS} s ${cliMs <= TARGET_SECONDS * 1000 ? 'MET' : 'MISSED'}`,
);
console.log(`  in process: loadAsOfInputs ${seconds(loadMs)} s + backtestAsOf ${seconds(runMs)} s`);
console.log(`  ex-ante MAPE ${metrics.mape.toFixed(2)} %, RMSE ${metrics.rmse.toFixed(1)} 万kW`);
