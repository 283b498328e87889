/**
 * Accuracy backtest on the real data (`npx nx run model:accuracy`): train 2016-04-01..2022-12-31,
 * forecast every day of 2023 day-ahead; then the reference system's own split shape.
 * Data directory: POWERCAST_DATA_DIR (relative to where you type the command) or the workspace's ../shared/data. The 2023
 * model is written as an artifact (with charts) to .powercast/accuracy-2023/ (git-ignored).
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { renderCharts } from '@powercast/charts';
import { processIo, realDataDir } from '@powercast/contracts/cli';
import { loadDailyDataset } from '@powercast/data-loaders';
import { backtest, writeModelArtifact, type BacktestResult, type BacktestSeries } from '../src/index.js';

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
  console.log(`\n### ${title}`);
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

const started = performance.now();
const { table } = await loadDailyDataset({ source: dataDir });
const loaded = performance.now();
const main = backtest({ table, trainUntil: '2022-12-31', from: '2023-01-01', to: '2023-12-31' });
const trained = performance.now();
printTable('2016-04-01..2022-12-31 → 2023 (day-ahead)', main);
const m = main.model.metrics;
const wc = main.weatherCalendar.metrics;
console.log(
  `\ntargets: day-ahead MAPE ≤ 3.0 % ${m.mape <= 3 ? 'MET' : 'MISSED'} (${m.mape.toFixed(2)}), RMSE ≤ 150 ${m.rmse <= 150 ? 'MET' : 'MISSED'} (${m.rmse.toFixed(1)}), weather+calendar MAPE ≤ 4.5 % ${wc.mape <= 4.5 ? 'MET' : 'MISSED'} (${wc.mape.toFixed(2)})`,
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
  `\ndata load ${(loaded - started).toFixed(0)} ms, main backtest (2 models + reference) ${(trained - loaded).toFixed(0)} ms`,
);
