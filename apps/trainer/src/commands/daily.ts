import { alertNotifiersFromEnvironment } from './alert-notifiers.js';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ArtifactStore, ModelRegistry } from '@powercast/aws-pipeline';
import { SageMakerModelRegistry } from '@powercast/aws-pipeline/sagemaker';
import { appendForecast, appendScore, readLedger } from '@powercast/ledger';
import type { LedgerForecast, LedgerRow, LedgerScore } from '@powercast/contracts';
import type { AsOfInputs } from '@powercast/data-loaders';
import type { MonitoringConfig } from '@powercast/monitoring';
import { EXIT, UsageError, defineCommand, helpText, parseCommandLine, type CliIo } from '@powercast/contracts/cli';
import {
  CONFIG_OPTION,
  PATH_NOTE,
  dataDirOption,
  loadMonitoringConfig,
  loadSettings,
  storeOption,
  usableDataDir,
  type Settings,
} from '../settings.js';
import {
  addDays,
  afterScoring,
  issueSlotAt,
  jstDate,
  ledgerForecastsOf,
  scoresDue,
  withScores,
  type Observations,
} from './daily-job.js';

export const DAILY_COMMAND = defineCommand({
  name: 'trainer daily',
  summary:
    "The daily job: quality gate, D+1..D+7 with the deployed model as of the day's 18:00 JST issue, into the forecast ledger; then scores every past forecast whose actual has arrived.\nIdempotent (a second run of one issue writes nothing) and safe to kill: the next run completes it. --backfill replays it day by day.",
  options: {
    store: storeOption('artifact store: its deployed model answers, its ledger/ receives'),
    'data-dir': dataDirOption(),
    'as-of': {
      type: 'string',
      value: 'TIME',
      description: "the issue instant, ISO 8601 with offset (default: the latest 18:00 JST, today's or yesterday's)",
    },
    group: {
      type: 'string',
      value: 'NAME',
      description: 'model package group (default: registry_group of the config)',
    },
    registry: {
      type: 'string',
      value: 'store|sagemaker',
      default: 'store',
      description:
        "where the deployed model is found: the store's registry, or SageMaker Model Registry (newest Approved)",
    },
    backfill: {
      type: 'string',
      value: 'FROM..TO',
      description: 'replay the job for each day FROM..TO (YYYY-MM-DD) at 18:00 JST, retraining monthly',
    },
    'skip-approval': {
      type: 'boolean',
      default: false,
      description: '--backfill only: accept that its monthly models are trained and used unapproved (required)',
    },
    config: CONFIG_OPTION,
  },
  notes: [
    PATH_NOTE,
    'A `fail` quality finding stops the run before anything is written (exit 2). Scoring looks back 92 days; `trainer ledger score` scores the whole ledger.',
  ],
});

export const DAILY_USAGE = helpText(DAILY_COMMAND);

/** How far back a daily run looks for forecasts still waiting for their actual. */
export const SCORING_LOOKBACK_DAYS = 92;
/** Test hook: the process kills itself (SIGKILL) after this many new ledger records. */
export const KILL_AFTER_WRITES_ENV = 'POWERCAST_DAILY_KILL_AFTER_WRITES';

const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** An instant as the ledger stores it: ISO 8601 to the second, UTC. */
export function instantNow(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Counts the records a run writes and, under the test hook, dies after the n-th. */
export function writeCounter(io: Pick<CliIo, 'env'>): () => void {
  const limit = Number(io.env[KILL_AFTER_WRITES_ENV] ?? '');
  let written = 0;
  return () => {
    written += 1;
    if (Number.isInteger(limit) && limit > 0 && written >= limit) process.kill(process.pid, 'SIGKILL');
  };
}

/** `trainer daily`: one issue into the ledger (or, with --backfill, every day of a range). */
export async function dailyCommand(argv: string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(DAILY_COMMAND, argv);
  if (line.help) {
    io.err(DAILY_USAGE);
    return EXIT.ok;
  }
  const { values } = line;
  const settings = (): Settings => loadSettings(io, { config: values.config, store: values.store });
  if (values.backfill !== undefined) {
    const range = RANGE.exec(values.backfill);
    if (range === null || range[1]! > range[2]!)
      throw new UsageError(`--backfill: expected FROM..TO, two dates YYYY-MM-DD in order, got "${values.backfill}"`);
    if (values['as-of'] !== undefined)
      throw new UsageError('--backfill and --as-of: give one (a backfill issues each day at 18:00 JST)');
    if (values['skip-approval'] !== true)
      throw new UsageError(
        '--backfill retrains monthly and forecasts with models nobody approved: add --skip-approval to accept that',
      );
    const resolved = settings();
    const monitoring = await loadMonitoringConfig(resolved);
    const dataDir = usableDataDir(resolved, values['data-dir'], io);
    if (dataDir === undefined) return EXIT.usage;
    const { backfill } = await import('./daily-backfill.js');
    return backfill(io, { settings: resolved, dataDir, from: range[1]!, to: range[2]!, monitoring });
  }
  if (values['skip-approval'] === true) throw new UsageError('--skip-approval: only with --backfill');
  const resolved = settings();
  const monitoring = await loadMonitoringConfig(resolved);
  const dataDir = usableDataDir(resolved, values['data-dir'], io);
  if (dataDir === undefined) return EXIT.usage;
  if (values.registry !== 'store' && values.registry !== 'sagemaker')
    throw new UsageError(`--registry: expected store or sagemaker, got "${values.registry}"`);
  const issuedAt = values['as-of'] ?? issueSlotAt(new Date());
  return dailyRun(io, {
    settings: resolved,
    dataDir,
    issuedAt,
    group: values.group ?? resolved.config.registry_group,
    registry: values.registry === 'sagemaker' ? sagemakerRegistry(resolved) : resolved.registry,
    monitoring,
  });
}

/** SageMaker Model Registry, as `trainer models --registry sagemaker` opens it. */
function sagemakerRegistry(settings: Settings): ModelRegistry {
  const { aws } = settings.config;
  return new SageMakerModelRegistry(new SageMakerClient({ region: aws.region }), {
    imageUri: aws.inference_image_uri,
    group: settings.config.registry_group,
  });
}

/**
 * The observed peaks (`target`: the model's target column, `peak_hourly` by default) before
 * `beforeDate` and TEPCO's night-before forecasts, from the loaded inputs.
 */
export function observationsOf(inputs: AsOfInputs, beforeDate: string, target = 'peak_hourly'): Observations {
  const actualByDate = new Map<string, number>();
  for (const row of inputs.daily.objects() as Record<string, unknown>[]) {
    const date = row['date'] as string;
    const actual = row[target];
    if (date < beforeDate && typeof actual === 'number' && Number.isFinite(actual)) actualByDate.set(date, actual);
  }
  const tepcoByDate = new Map(
    (inputs.tepcoNightBefore?.forecasts ?? []).map((value) => [value.targetDate, value.valueManKw] as const),
  );
  return { actualByDate, tepcoByDate };
}

interface DailyRunRequest {
  settings: Settings;
  dataDir: string;
  issuedAt: string;
  group: string;
  registry: ModelRegistry;
  monitoring: MonitoringConfig;
}

/** Writes records one by one, so that a kill leaves whole records and the next run writes the rest. */
export async function appendAll(
  store: ArtifactStore,
  forecasts: readonly LedgerForecast[],
  scores: readonly LedgerScore[],
  onWrite: () => void,
): Promise<{ forecasts: number; scores: LedgerScore[] }> {
  let newForecasts = 0;
  for (const forecast of forecasts) {
    if ((await appendForecast(store, forecast)).written) {
      newForecasts += 1;
      onWrite();
    }
  }
  const newScores: LedgerScore[] = [];
  for (const score of scores) {
    if ((await appendScore(store, score)).written) {
      newScores.push(score);
      onWrite();
    }
  }
  return { forecasts: newForecasts, scores: newScores };
}

async function dailyRun(io: CliIo, request: DailyRunRequest): Promise<number> {
  const { settings, dataDir } = request;
  const { store } = settings;
  // The model package first: it checks --as-of before any file is read.
  const model = await import('@powercast/model');
  const window = model.forecastInputWindow(request.issuedAt);
  const today = jstDate(request.issuedAt);
  const [loaders, { runQualityGate }, { loadDeployedModel }] = await Promise.all([
    import('@powercast/data-loaders'),
    import('./daily-quality.js'),
    import('./deployed-model.js'),
  ]);
  const scoringFrom = addDays(today, -SCORING_LOOKBACK_DAYS);
  const ledgerWindow = { fromMonth: scoringFrom.slice(0, 7), toMonth: window.to.slice(0, 7) };
  const [before, inputs, deployed] = await Promise.all([
    readLedger(store, ledgerWindow),
    loaders.loadAsOfInputs({
      source: dataDir,
      s3Client: settings.s3Client,
      window: { from: scoringFrom < window.from ? scoringFrom : window.from, to: window.to },
      ...(settings.config.join ? { join: settings.config.join } : {}),
    }),
    loadDeployedModel(store, request.registry, request.group, 'daily'),
  ]);
  const quality = await runQualityGate({
    settings,
    dataDir,
    inputs,
    window: { from: scoringFrom < window.from ? scoringFrom : window.from, to: window.to },
  });
  io.out(quality.summary);
  const forecast = model.forecastAsOf({
    model: deployed.model,
    asOf: request.issuedAt,
    sources: inputs,
    forecastSource: `the forecast archive of ${dataDir}`,
  });
  const version = String(deployed.version);
  const records = ledgerForecastsOf(forecast, version, quality.flagsIn({ from: window.from, to: today }));
  const onWrite = writeCounter(io);
  const written = await appendAll(store, records, [], onWrite);
  // Read back: a concurrent run's records are scored too, and scores key to what the ledger holds.
  const rows = await readLedger(store, ledgerWindow);
  const due = scoresDue(
    rows,
    observationsOf(inputs, today, deployed.model.spec.config.target),
    forecast.asOf,
    instantNow(),
  );
  const scored = await appendAll(store, [], due, onWrite);
  const after = withScores(rows, scored.scores);
  io.out(
    `issue ${forecast.asOf}, model version ${version}: ${written.forecasts} of ${records.length} forecasts new ` +
      `(${records.length - written.forecasts} already in the ledger), ${scored.scores.length} scores new; ` +
      `ledger ${store.uriOf('ledger')} (${before.length} → ${after.length} rows in ${ledgerWindow.fromMonth}..${ledgerWindow.toMonth})`,
  );
  const scoredKeys = new Set(
    scored.scores.map((score) => `${score.targetDate} ${score.issuedAt} ${score.modelVersion}`),
  );
  await afterScoring(after, {
    store,
    io,
    issuedAt: forecast.asOf,
    modelVersion: version,
    notifiers: await alertNotifiersFromEnvironment(),
    monitoring: request.monitoring,
    scored: after.filter((row: LedgerRow) => scoredKeys.has(`${row.targetDate} ${row.issuedAt} ${row.modelVersion}`)),
  });
  return EXIT.ok;
}
