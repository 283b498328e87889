import { powercastPipeline, resolveParameters } from '@powercast/aws-pipeline';
import { featureConfigFrom, hyperparametersFrom } from '@powercast/aws-pipeline/local';
import type { LedgerForecast, LedgerRow } from '@powercast/contracts';
import * as ledger from '@powercast/ledger';
import { EXIT, type CliIo } from '@powercast/contracts/cli';
import type { AsOfSources } from '@powercast/features';
import type { AsOfForecast, ForecastModel, ForecastTrainingOptions } from '@powercast/model';
import type { MonitoringConfig } from '@powercast/monitoring';
import type { Settings } from '../settings.js';
import { DAILY_ISSUE_TIME, addDays, afterScoring, ledgerForecastsOf, scoresDue, withScores } from './daily-job.js';
import { observationsOf, writeCounter } from './daily.js';

type ModelModule = typeof import('@powercast/model');

export interface BackfillRequest {
  settings: Settings;
  dataDir: string;
  /** First and last issue day, YYYY-MM-DD (each issued at 18:00 JST). */
  from: string;
  to: string;
  /** The config's accuracy thresholds, clear margins and windows. */
  monitoring: MonitoringConfig;
}

/** The version a backfill's model writes under: what it was trained through, never a registry version. */
export const backfillVersion = (trainThrough: string): string => `backfill-${trainThrough}`;

const keyOf = (row: { targetDate: string; issuedAt: string; modelVersion: string }): string =>
  `${row.targetDate} ${row.issuedAt} ${row.modelVersion}`;

function unscoredRow(forecast: LedgerForecast): LedgerRow {
  return { ...forecast, actual: null, tepcoForecast: null, error: null, scoredAt: null };
}

/** One replayed issue: its forecast (null when JMA's archive had no usable issue) and the model that answered. */
export interface ReplayedIssue {
  day: string;
  issuedAt: string;
  version: string;
  /** Set on the issue a model was retrained at. */
  trained: { trainThrough: string; nRows: number } | null;
  forecast: AsOfForecast | null;
  /** Why the issue has no forecast. */
  skipped: string | null;
}

export interface ReplayOptions {
  /** Everything the replay may look at; each issue takes only what existed at its 18:00 JST. */
  sources: AsOfSources;
  /** The pipeline's training settings. */
  config: Pick<ForecastTrainingOptions, 'featureConfig' | 'hyperparameters'>;
  from: string;
  to: string;
}

/**
 * The daily job's forecasts replayed for each day of [from, to] at 18:00 JST, as it would have run
 * then, with a model retrained at each month's first issue on every day over by then: the training
 * of the pipeline and of `trainer backtest --retrain monthly` (as-served rows, the configured
 * features and hyperparameters). Pure apart from the time training takes.
 */
export function* replayForecasts(options: ReplayOptions, model: ModelModule): Generator<ReplayedIssue> {
  const { sources, config, from, to } = options;
  let current: { month: string; model: ForecastModel; version: string } | undefined;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const issuedAt = `${day}T${DAILY_ISSUE_TIME}:00+09:00`;
    let trained: ReplayedIssue['trained'] = null;
    if (current?.month !== day.slice(0, 7)) {
      // At 18:00 on `day` the last complete day is the one before.
      const trainThrough = addDays(day, -1);
      const train = sources.daily.params({ through: trainThrough }).filter('(d, $) => d.date <= $.through');
      const fitted = model.ForecastModel.train(train, {
        ...config,
        trainingMatrix: model.asServedTrainingMatrix(train, sources, DAILY_ISSUE_TIME),
        // The pipeline's models carry the 80 % band; so do the backfill's, for the ledger and the console.
        quantiles: {},
      });
      current = { month: day.slice(0, 7), model: fitted, version: backfillVersion(trainThrough) };
      trained = { trainThrough, nRows: fitted.trainingWindow.nRows };
    }
    const base = { day, issuedAt, version: current.version, trained };
    try {
      const forecast = model.forecastAsOf({ model: current.model, asOf: issuedAt, sources });
      yield { ...base, forecast, skipped: null };
    } catch (error) {
      // A day JMA's archive has no usable issue for is skipped, as the daily job would have failed that day.
      if (!(error instanceof model.MissingForecastIssueError || error instanceof model.StaleForecastError)) throw error;
      yield { ...base, forecast: null, skipped: error.message.slice(0, 120) };
    }
  }
}

/**
 * `trainer daily --backfill FROM..TO --skip-approval`: `replayForecasts` on the archive into the
 * ledger. The models are never registered: they answer under `backfill-<trained through>`. Each
 * day scores the forecasts whose actual had arrived by its issue (scored at that issue), so the
 * ledger reads as if the job had run all along.
 */
export async function backfill(io: CliIo, request: BackfillRequest): Promise<number> {
  const started = performance.now();
  const { settings, dataDir, from, to } = request;
  const { store } = settings;
  const [loaders, model, { runQualityGate }] = await Promise.all([
    import('@powercast/data-loaders'),
    import('@powercast/model'),
    import('./daily-quality.js'),
  ]);
  const parameters = resolveParameters(powercastPipeline(settings.config, dataDir));
  const config = { featureConfig: featureConfigFrom(parameters), hyperparameters: hyperparametersFrom(parameters) };
  const ledgerWindow = { fromMonth: from.slice(0, 7), toMonth: addDays(to, 8).slice(0, 7) };
  const [inputs, existing] = await Promise.all([
    loaders.loadAsOfInputs({
      source: dataDir,
      s3Client: settings.s3Client,
      ...(settings.config.join ? { join: settings.config.join } : {}),
    }),
    ledger.readLedger(store, ledgerWindow),
  ]);
  const quality = await runQualityGate({ settings, dataDir, inputs });
  io.out(quality.summary);
  const rows = new Map(existing.map((row) => [keyOf(row), row]));
  const target = config.featureConfig.target ?? 'peak_hourly';
  const scoredHere = new Set<string>();
  const onWrite = writeCounter(io);
  let written = { forecasts: 0, scores: 0, days: 0, trainings: 0 };
  const skipped: string[] = [];
  for (const issue of replayForecasts({ sources: inputs, config, from, to }, model)) {
    const { day, issuedAt, forecast } = issue;
    if (issue.trained !== null) {
      written = { ...written, trainings: written.trainings + 1 };
      io.out(
        `${day}: retrained on ${issue.trained.nRows} days through ${issue.trained.trainThrough} (${issue.version})`,
      );
    }
    if (issue.skipped !== null) skipped.push(`${day} (${issue.skipped})`);
    const window = model.forecastInputWindow(issuedAt);
    const records =
      forecast === null
        ? []
        : ledgerForecastsOf(forecast, issue.version, quality.flagsIn({ from: window.from, to: day }));
    const due = scoresDue([...rows.values()], observationsOf(inputs, day, target), issuedAt, issuedAt);
    const results = await Promise.all([
      ...records.map((record) => ledger.appendForecast(store, record)),
      ...due.map((score) => ledger.appendScore(store, score)),
    ]);
    for (const result of results) if (result.written) onWrite();
    const newForecasts = results.slice(0, records.length).filter((result) => result.written).length;
    const newScores = due.filter((_, i) => results[records.length + i]!.written);
    for (const score of newScores) scoredHere.add(keyOf(score));
    for (const record of records) if (!rows.has(keyOf(record))) rows.set(keyOf(record), unscoredRow(record));
    for (const row of withScores(
      due.map((score) => rows.get(keyOf(score))!),
      newScores,
    ))
      rows.set(keyOf(row), row);
    written = {
      ...written,
      forecasts: written.forecasts + newForecasts,
      scores: written.scores + newScores.length,
      days: written.days + (records.length > 0 ? 1 : 0),
    };
  }
  const all = [...rows.values()];
  io.out(
    `backfill ${from}..${to}: ${written.days} issues, ${written.trainings} trainings, ${written.forecasts} forecasts and ` +
      `${written.scores} scores new in ${store.uriOf('ledger')}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (skipped.length > 0) io.out(`skipped ${skipped.length} days without a usable JMA issue: ${skipped.join('; ')}`);
  await afterScoring(all, {
    store,
    io,
    issuedAt: `${to}T${DAILY_ISSUE_TIME}:00+09:00`,
    modelVersion: null,
    // Replayed day by day, so the alert log holds each crossing of the year as it would have happened.
    judgeDates: [...new Set(all.filter((row) => row.scoredAt !== null).map((row) => row.targetDate))].sort(),
    scored: all.filter((row) => scoredHere.has(keyOf(row))),
    monitoring: request.monitoring,
  });
  return EXIT.ok;
}
