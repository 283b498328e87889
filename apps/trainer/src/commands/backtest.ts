import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { powercastPipeline, resolveParameters } from '@powercast/aws-pipeline';
import { featureConfigFrom, hyperparametersFrom } from '@powercast/aws-pipeline/local';
import { METRICS_FILE, PREDICTIONS_FILE } from '@powercast/contracts';
import type { BacktestSeries } from '@powercast/model';
import { EXIT, UsageError, type CliIo } from '../cli-io.js';
import { loadSettings, missingDataHelp, resolveDataDir } from '../settings.js';
import { resolveFromRoot } from '../workspace.js';

export const BACKTEST_USAGE =
  'usage: trainer backtest --train-until YYYY-MM-DD --from YYYY-MM-DD --to YYYY-MM-DD --out DIR [--data-dir DIR] [--config FILE]';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `trainer backtest`: train up to a date, forecast a window day-ahead, compare with the baselines. */
export async function backtestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'train-until': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
    },
    strict: true,
  });
  for (const flag of ['train-until', 'from', 'to'] as const) {
    const value = values[flag];
    if (value === undefined || !ISO_DATE.test(value))
      throw new UsageError(`--${flag}: expected YYYY-MM-DD, got "${value ?? ''}"`);
  }
  if (values.out === undefined) throw new UsageError('--out: expected an output directory');
  const settings = loadSettings(io, { config: values.config });
  const dataDir = resolveDataDir(settings.root, settings.config, values['data-dir'], io.env);
  const help = missingDataHelp(dataDir);
  if (help !== undefined) {
    io.err(help);
    return EXIT.usage;
  }
  const parameters = resolveParameters(powercastPipeline(settings.config, dataDir));
  const [{ loadDailyDataset }, { backtest }] = await Promise.all([
    import('@powercast/data-loaders'),
    import('@powercast/model'),
  ]);
  const { table } = await loadDailyDataset({
    source: dataDir,
    join: settings.config.join,
    s3Client: settings.s3Client,
  });
  const result = backtest({
    table,
    trainUntil: values['train-until']!,
    from: values.from!,
    to: values.to!,
    config: { featureConfig: featureConfigFrom(parameters), hyperparameters: hyperparametersFrom(parameters) },
  });
  const out = resolveFromRoot(settings.root, values.out);
  await mkdir(out, { recursive: true });
  const rows = result.model.predictions.map(
    (prediction) =>
      `${prediction.date},${prediction.actual},${prediction.predicted.toFixed(1)},${prediction.variant ?? ''}`,
  );
  await writeFile(join(out, PREDICTIONS_FILE), `date,actual,predicted,variant\n${rows.join('\n')}\n`);
  const series: BacktestSeries[] = [
    result.model,
    result.weatherCalendar,
    result.baselines.reference,
    result.baselines.naiveYesterday,
    result.baselines.naiveLastWeek,
  ];
  await writeFile(
    join(out, METRICS_FILE),
    `${JSON.stringify({ window: result.window, series: series.map(({ name, description, metrics }) => ({ name, description, metrics })) }, null, 2)}\n`,
  );
  io.out(
    `backtest: train ${result.window.trainFrom}..${result.window.trainUntil} (${result.window.nTrainRows} days), forecast ${result.window.from}..${result.window.to} (${result.window.nTestDays} days)`,
  );
  io.out(
    `  ${'series'.padEnd(22)}${'MAE'.padStart(8)}${'RMSE'.padStart(8)}${'MAPE %'.padStart(8)}${'bias'.padStart(8)}`,
  );
  for (const { name, metrics } of series) {
    io.out(
      `  ${name.padEnd(22)}${metrics.mae.toFixed(1).padStart(8)}${metrics.rmse.toFixed(1).padStart(8)}${metrics.mape.toFixed(2).padStart(8)}${metrics.bias.toFixed(1).padStart(8)}`,
    );
  }
  io.out(`wrote ${join(out, PREDICTIONS_FILE)} and ${join(out, METRICS_FILE)}`);
  return EXIT.ok;
}
