import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { powercastPipeline, resolveParameters } from '@powercast/aws-pipeline';
import { featureConfigFrom, hyperparametersFrom } from '@powercast/aws-pipeline/local';
import { METRICS_FILE, PREDICTIONS_FILE } from '@powercast/contracts';
import type { BacktestSeries } from '@powercast/model';
import {
  EXIT,
  UsageError,
  defineCommand,
  helpText,
  parseCommandLine,
  resolveUserPath,
  type CliIo,
} from '@powercast/contracts/cli';
import { PATH_NOTE, loadSettings, missingDataHelp, resolveDataDir } from '../settings.js';

export const BACKTEST_COMMAND = defineCommand({
  name: 'trainer backtest',
  summary:
    'Backtests day-ahead: trains up to a date, then forecasts a window of days beside the baselines.\nWrites predictions.csv and metrics.json; prints the model, its weather-only variant, the reference setup and the naive baselines.',
  options: {
    'train-until': { type: 'string', value: 'YYYY-MM-DD', description: 'last day of the training data (required)' },
    from: { type: 'string', value: 'YYYY-MM-DD', description: 'first forecast day (required)' },
    to: { type: 'string', value: 'YYYY-MM-DD', description: 'last forecast day (required)' },
    out: { type: 'string', value: 'DIR', description: 'where predictions.csv and metrics.json go (required)' },
    'data-dir': {
      type: 'string',
      value: 'DIR|s3://…',
      description: 'the TEPCO/JMA files (default: $POWERCAST_DATA_DIR, else data_dir of the config)',
    },
    config: { type: 'string', value: 'FILE', description: 'pipeline settings (default: powercast.config.yaml)' },
  },
  notes: [PATH_NOTE],
});

export const BACKTEST_USAGE = helpText(BACKTEST_COMMAND);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `trainer backtest`: train up to a date, forecast a window day-ahead, compare with the baselines. */
export async function backtestCommand(argv: string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(BACKTEST_COMMAND, argv);
  if (line.help) {
    io.err(BACKTEST_USAGE);
    return EXIT.ok;
  }
  const { values } = line;
  for (const flag of ['train-until', 'from', 'to'] as const) {
    const value = values[flag];
    if (value === undefined || !ISO_DATE.test(value))
      throw new UsageError(`--${flag}: expected YYYY-MM-DD, got "${value ?? ''}"`);
  }
  if (values.out === undefined) throw new UsageError('--out: expected an output directory');
  const settings = loadSettings(io, { config: values.config });
  const dataDir = resolveDataDir(settings.root, settings.config, values['data-dir'], io);
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
  const out = resolveUserPath(values.out, io);
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
