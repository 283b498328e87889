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
import { exAnteBacktest, printSeries } from './backtest-ex-ante.js';
import { PATH_NOTE, loadSettings, missingDataHelp, resolveDataDir } from '../settings.js';

export const BACKTEST_COMMAND = defineCommand({
  name: 'trainer backtest',
  summary:
    'Backtests day-ahead: trains up to a date, then forecasts each day of a window as of the issue time on D-1 (ex-ante by default) beside the baselines.\nWrites predictions.csv and metrics.json; prints the model, its weather-only variant, the reference setup and the naive baselines.',
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
    weather: {
      type: 'string',
      value: 'forecast|observed',
      description: 'forecast: ex-ante, JMA forecasts as issued (default); observed: backcast with observed weather',
    },
    'issue-time': { type: 'string', value: 'HH:MM', description: 'issue time on D-1, JST (default 18:00)' },
    retrain: {
      type: 'string',
      value: 'none|monthly',
      description: 'retrain at the first issue of each month (default none)',
    },
    'training-rows': {
      type: 'string',
      value: 'as-served|observed',
      description: 'training rows built as served (D-1 so far; default) or from the plain table',
    },
    intervals: {
      type: 'string',
      value: 'balanced-band|quantile-band|conformal|scaled-band|none',
      description:
        'ex-ante 80 % interval (p10,p50,p90 columns), calibrated on the held-out ex-ante year before --train-until: the balanced band as served (default), the quantile band as is, split-conformal by season, the band scaled by it, or none',
    },
  },
  notes: [PATH_NOTE],
});

export const BACKTEST_USAGE = helpText(BACKTEST_COMMAND);

const WEATHER = ['forecast', 'observed'] as const;
const RETRAIN = ['none', 'monthly'] as const;
const TRAINING_ROWS = ['as-served', 'observed'] as const;
const INTERVALS = ['balanced-band', 'quantile-band', 'conformal', 'scaled-band', 'none'] as const;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `trainer backtest`: train up to a date, forecast a window day-ahead, compare with the baselines. */
export async function backtestCommand(argv: string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(BACKTEST_COMMAND, argv);
  if (line.help) {
    io.err(BACKTEST_USAGE);
    return EXIT.ok;
  }
  const values = {
    ...line.values,
    weather: line.values.weather ?? 'forecast',
    'issue-time': line.values['issue-time'] ?? '18:00',
    retrain: line.values.retrain ?? 'none',
    'training-rows': line.values['training-rows'] ?? 'as-served',
    intervals: line.values.intervals ?? 'balanced-band',
  };
  for (const flag of ['train-until', 'from', 'to'] as const) {
    const value = values[flag];
    if (value === undefined || !ISO_DATE.test(value))
      throw new UsageError(`--${flag}: expected YYYY-MM-DD, got "${value ?? ''}"`);
  }
  if (values.out === undefined) throw new UsageError('--out: expected an output directory');
  const weather = WEATHER.find((mode) => mode === values.weather);
  if (weather === undefined) throw new UsageError(`--weather: expected forecast or observed, got "${values.weather}"`);
  const retrain = RETRAIN.find((mode) => mode === values.retrain);
  if (retrain === undefined) throw new UsageError(`--retrain: expected none or monthly, got "${values.retrain}"`);
  if (!HH_MM.test(values['issue-time']!))
    throw new UsageError(`--issue-time: expected HH:MM (JST on the day before), got "${values['issue-time']}"`);
  const trainingRows = TRAINING_ROWS.find((mode) => mode === values['training-rows']);
  if (trainingRows === undefined)
    throw new UsageError(`--training-rows: expected as-served or observed, got "${values['training-rows']}"`);
  const intervals = INTERVALS.find((mode) => mode === values.intervals);
  if (intervals === undefined)
    throw new UsageError(
      `--intervals: expected ${INTERVALS.slice(0, -1).join(', ')} or none, got "${values.intervals.slice(0, 80)}"`,
    );
  const exAnte = weather === 'forecast' || retrain !== 'none' || values['issue-time'] !== '18:00';
  const settings = loadSettings(io, { config: values.config });
  const dataDir = resolveDataDir(settings.root, settings.config, values['data-dir'], io);
  const help = missingDataHelp(dataDir);
  if (help !== undefined) {
    io.err(help);
    return EXIT.usage;
  }
  const parameters = resolveParameters(powercastPipeline(settings.config, dataDir));
  const config = { featureConfig: featureConfigFrom(parameters), hyperparameters: hyperparametersFrom(parameters) };
  if (exAnte) {
    return exAnteBacktest(io, {
      dataDir,
      out: resolveUserPath(values.out, io),
      join: settings.config.join,
      options: {
        trainUntil: values['train-until']!,
        from: values.from!,
        to: values.to!,
        issueTime: values['issue-time']!,
        weather,
        retrain,
        trainingRows,
        config,
      },
      // The interval is an ex-ante answer's: the backcast keeps its point-only output.
      intervals: weather === 'forecast' ? intervals : 'none',
    });
  }
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
    config,
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
    `backtest (backcast: observed weather of D): train ${result.window.trainFrom}..${result.window.trainUntil} (${result.window.nTrainRows} days), forecast ${result.window.from}..${result.window.to} (${result.window.nTestDays} days)`,
  );
  printSeries(io, series);
  io.out(`wrote ${join(out, PREDICTIONS_FILE)} and ${join(out, METRICS_FILE)}`);
  return EXIT.ok;
}
