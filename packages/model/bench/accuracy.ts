/**
 * Accuracy on the real data (`npx nx run model:accuracy`). First the ex-ante figures, the product's
 * headline: issue #12's two windows forecast as of 18:00 JST on D−1 from JMA's forecasts
 * (`backtestAsOf`), retrain none and monthly, beside TEPCO's night-before forecast, the backcast,
 * naive yesterday and the reference configuration, with the targets MET/MISSED. Then the
 * backcasts (observed weather of D): 2016-04..2022-12 → 2023 and the reference system's split shape.
 * Between them, the 80 % interval of ex-ante 2023 (`interval-accuracy.ts`, issue #15).
 * Data directory: POWERCAST_DATA_DIR (relative to where you type the command) or the workspace's ../shared/data. The 2023
 * model is written as an artifact (with charts) to .powercast/accuracy-2023/ (git-ignored).
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { renderCharts } from '@powercast/charts';
import { processIo, realDataDir } from '@powercast/contracts/cli';
import { loadAsOfInputs } from '@powercast/data-loaders';
import {
  backtest,
  backtestAsOf,
  writeModelArtifact,
  type BacktestAsOfResult,
  type BacktestResult,
  type BacktestSeries,
  type RetrainSchedule,
} from '../src/index.js';
import { printIntervalAccuracy } from './interval-accuracy.js';

// POWERCAST_DATA_DIR from where the user typed the command (nx runs this in packages/model), else ../shared/data.
const dataDir = realDataDir(processIo()) ?? '../shared/data';

function row(series: BacktestSeries): string {
  const m = series.metrics;
  const cells = [
    series.name.padEnd(28),
    m.mape.toFixed(2).padStart(6),
    m.rmse.toFixed(1).padStart(7),
    m.mae.toFixed(1).padStart(7),
    (m.bias >= 0 ? '+' : '') + m.bias.toFixed(1),
    m.r2.toFixed(3).padStart(6),
    m.maxError.toFixed(0).padStart(6),
    String(m.n).padStart(4),
  ];
  return `| ${cells.join(' | ')} |`;
}

function printTable(title: string, result: BacktestResult): void {
  const w = result.window;
  console.log(`\n### backcast: ${title}`);
  console.log(
    `train ${w.trainFrom}..${w.trainUntil} (${w.nTrainRows} days), forecast ${w.from}..${w.to} (${w.nTestDays} days), target ${result.trainedModel.spec.config.target}\n`,
  );
  console.log('| model                        | MAPE % | RMSE 万kW | MAE 万kW | bias | R² | max err | days |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of [
    result.model,
    result.weatherCalendar,
    result.baselines.reference,
    result.baselines.naiveYesterday,
    result.baselines.naiveLastWeek,
  ])
    console.log(row(s));
}

/** Issue #12's ex-ante windows and their targets. */
const EX_ANTE_WINDOWS: readonly ExAnteWindow[] = [
  { trainUntil: '2022-03-31', from: '2022-04-02', to: '2022-12-01', maxMape: 2.57 },
  { trainUntil: '2022-12-31', from: '2023-01-01', to: '2023-12-31', maxMape: 2.7, maxRmse: 140 },
  // Before both test windows, from the first days JMA's archive covers: where the model's choices are made.
  { trainUntil: '2021-11-03', from: '2021-11-05', to: '2022-03-31', validation: true },
];

interface ExAnteWindow {
  trainUntil: string;
  from: string;
  to: string;
  maxMape?: number;
  maxRmse?: number;
  validation?: boolean;
}
const SCHEDULES: readonly RetrainSchedule[] = ['none', 'monthly'];

function exAnteRow(name: string, series: BacktestSeries | null, missing: string): string {
  if (series === null) return `| ${name} | ${missing} | | | | |`;
  const m = series.metrics;
  return `| ${name} | ${m.mape.toFixed(2)} | ${m.rmse.toFixed(1)} | ${m.mae.toFixed(1)} | ${(m.bias >= 0 ? '+' : '') + m.bias.toFixed(1)} | ${m.n} |`;
}

function printExAnte(runs: Record<RetrainSchedule, BacktestAsOfResult>, validation: boolean): void {
  const none = runs.none;
  const w = none.window;
  console.log(
    `\n### ex-ante${validation ? ' (validation window: the blend and its weight were chosen here)' : ''}: train ${w.trainFrom}..${w.trainUntil}, forecast ${w.from}..${w.to} (${w.nTestDays} days) as of ${w.issueTime} JST on D−1, JMA forecast weather`,
  );
  console.log('\n| series | MAPE % | RMSE 万kW | MAE 万kW | bias | days |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const schedule of SCHEDULES)
    console.log(exAnteRow(`**powercast ex-ante, retrain ${schedule}**`, runs[schedule].model, ''));
  console.log(
    exAnteRow(
      'TEPCO night-before (翌日の予想最大電力 stamped before 06:00 of D)',
      none.baselines.tepco,
      '0 days / not available (no stamp before 06:00 of D in this window)',
    ),
  );
  console.log(exAnteRow('reference config (same ex-ante inputs)', none.baselines.reference, ''));
  console.log(
    exAnteRow(`naive yesterday (highest hour of D−1 ended by ${w.issueTime})`, none.baselines.naiveYesterday, ''),
  );
  console.log(exAnteRow('*backcast* (observed weather of D, D−1 in full)', none.baselines.backcast, ''));
}

function targetLine(window: ExAnteWindow, runs: Record<RetrainSchedule, BacktestAsOfResult>): string {
  const { maxMape } = window;
  if (maxMape === undefined) return '';
  const parts = SCHEDULES.map((schedule) => {
    const m = runs[schedule].model.metrics;
    const mape = `MAPE ${m.mape.toFixed(2)} ≤ ${maxMape} ${m.mape <= maxMape ? 'MET' : 'MISSED'}`;
    const rmse =
      window.maxRmse === undefined
        ? ''
        : `, RMSE ${m.rmse.toFixed(1)} ≤ ${window.maxRmse} ${m.rmse <= window.maxRmse ? 'MET' : 'MISSED'}`;
    return `retrain ${schedule}: ${mape}${rmse}`;
  });
  return `targets ${window.from}..${window.to}: ${parts.join('; ')}`;
}

const started = performance.now();
const inputs = await loadAsOfInputs({ source: dataDir });
const table = inputs.daily;
const loaded = performance.now();
const targetLines: string[] = [];
for (const window of EX_ANTE_WINDOWS) {
  const runs = Object.fromEntries(
    SCHEDULES.map((retrain) => [
      retrain,
      backtestAsOf({
        sources: inputs,
        trainUntil: window.trainUntil,
        from: window.from,
        to: window.to,
        retrain,
        ...(inputs.tepcoNightBefore ? { tepcoNightBefore: inputs.tepcoNightBefore.forecasts } : {}),
      }),
    ]),
  ) as Record<RetrainSchedule, BacktestAsOfResult>;
  printExAnte(runs, window.validation === true);
  targetLines.push(targetLine(window, runs));
}
console.log(`\n${targetLines.filter((line) => line !== '').join('\n')}`);
const intervalTimes = printIntervalAccuracy(inputs);
const exAnteDone = performance.now();

const main = backtest({ table, trainUntil: '2022-12-31', from: '2023-01-01', to: '2023-12-31' });
const trained = performance.now();
printTable('2016-04-01..2022-12-31 → 2023 (observed weather of D, actual demand to D−1)', main);
const m = main.model.metrics;
const wc = main.weatherCalendar.metrics;
console.log(
  `\nbackcast targets: day-ahead MAPE ≤ 3.0 % ${m.mape <= 3 ? 'MET' : 'MISSED'} (${m.mape.toFixed(2)}), RMSE ≤ 150 ${m.rmse <= 150 ? 'MET' : 'MISSED'} (${m.rmse.toFixed(1)}), weather+calendar MAPE ≤ 4.5 % ${wc.mape <= 4.5 ? 'MET' : 'MISSED'} (${wc.mape.toFixed(2)})`,
);

const artifactDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../.powercast/accuracy-2023');
const artifact = await writeModelArtifact(artifactDir, {
  model: main.trainedModel,
  metrics: main.model.metrics,
  predictions: main.model.predictions,
  title: '2023年 日次ピーク需要 前日予測 (東京エリア)',
  charts: renderCharts,
});
console.log(`\nartifact: ${artifact.dir} (${artifact.files.join(', ')}) and ${artifact.tarGzPath}`);

const referenceShape = backtest({
  table,
  trainFrom: '2022-04-01',
  trainUntil: '2023-09-30',
  from: '2023-10-01',
  to: '2023-12-31',
});
printTable('reference split shape: 2022-04-01..2023-09-30 → 2023-10..12', referenceShape);
const fiveMinute = backtest({
  table,
  trainFrom: '2022-04-01',
  trainUntil: '2023-09-30',
  from: '2023-10-01',
  to: '2023-12-31',
  config: { featureConfig: { target: 'peak_5min' } },
});
printTable('reference split shape with the reference target (5-minute peak, peak_5min)', fiveMinute);
console.log(
  `\ndata load ${(loaded - started).toFixed(0)} ms, ex-ante backtests ${(exAnteDone - loaded).toFixed(0)} ms (of which interval calibration with leads ${intervalTimes.calibrationMs.toFixed(0)} ms, the 2023 run with quantiles ${intervalTimes.backtestMs.toFixed(0)} ms and the 2023 lead runs ${intervalTimes.leadsMs.toFixed(0)} ms), 2023 backcast (2 models + reference) ${(trained - exAnteDone).toFixed(0)} ms`,
);
