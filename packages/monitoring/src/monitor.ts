import type { LedgerRow } from '@powercast/contracts';
import { rollingAccuracy, type AccuracyReport } from './accuracy.js';
import { jstDate } from './calendar-days.js';
import { accuracyAlertText, checkDetails } from './alert-message.js';
import { AlertLog, accuracyEpisode, type AlertEvent, type AlertStore } from './alert-log.js';
import { alertTransitions, type OpenAlert } from './alert-state.js';
import { evaluateChecks, type CheckResult } from './checks.js';
import type { AlertNotifier } from './notifier.js';
import {
  DEFAULT_CLEAR_MARGINS,
  DEFAULT_THRESHOLDS,
  type ClearMargins,
  type MonitoringThresholds,
} from './thresholds.js';

/** Where the monitor reads the forecast ledger (the ledger store's reader, or rows a test builds). */
export interface LedgerSource {
  rows(): Promise<LedgerRow[]>;
}

export interface CheckAccuracyOptions {
  ledger: LedgerSource;
  store: AlertStore;
  notifiers: readonly AlertNotifier[];
  /** The deployed model's version; null judges the latest issue of any version per date. */
  modelVersion: string | null;
  /** The last target date judged (YYYY-MM-DD); default the newest scored target date in the ledger. */
  asOf?: string;
  thresholds?: MonitoringThresholds;
  /** How far inside the threshold a check must be to clear its alert (default DEFAULT_CLEAR_MARGINS). */
  clearMargins?: ClearMargins;
  /** The report's rolling windows, days (default 7 and 28); the checks judge the 28-day one. */
  windowDays?: readonly number[];
  now?: () => Date;
  /**
   * An event written by an earlier run but never confirmed delivered is re-sent once it is this
   * old (default 10 minutes), so a run killed between writing and sending loses no alert, and a
   * run still sending is not doubled by a concurrent one.
   */
  redeliverAfterMs?: number;
}

export interface AccuracyCheckRun {
  report: AccuracyReport;
  checks: CheckResult[];
  /** Events this run wrote (and delivered). */
  raised: AlertEvent[];
  cleared: AlertEvent[];
  /** Accuracy alerts open after this run. */
  open: OpenAlert[];
}

/**
 * Judges the deployed model's rolling accuracy against the thresholds and raises or clears alerts:
 * exactly one alert per crossing (the event is a create-only write, so of two concurrent runs one
 * writes it and delivers it), cleared when the check recovers.
 */
export async function checkAccuracy(options: CheckAccuracyOptions): Promise<AccuracyCheckRun> {
  const now = options.now ?? (() => new Date());
  const rows = await options.ledger.rows();
  // Without a scored forecast the windows end today (JST): empty, so nothing is judged.
  const asOf = options.asOf ?? newestScoredDate(rows) ?? jstDate(now());
  const report = rollingAccuracy(rows, {
    modelVersion: options.modelVersion,
    asOf,
    ...(options.windowDays === undefined ? {} : { windowDays: options.windowDays }),
  });
  const checks = evaluateChecks(
    report,
    options.thresholds ?? DEFAULT_THRESHOLDS,
    options.clearMargins ?? DEFAULT_CLEAR_MARGINS,
  );
  const log = new AlertLog(options.store);
  await redeliver(log, options.notifiers, now(), options.redeliverAfterMs ?? 600_000);
  const state = await log.accuracyState();
  const raised: AlertEvent[] = [];
  const cleared: AlertEvent[] = [];
  for (const transition of alertTransitions(state.open, state.lastEpisode, checks)) {
    const text = accuracyAlertText(transition);
    const event: AlertEvent = {
      kind: transition.kind === 'raise' ? 'raised' : 'cleared',
      source: 'accuracy',
      check: transition.check.id,
      episode: accuracyEpisode(transition.kind === 'raise' ? transition.episode : transition.alert.episode),
      since: transition.kind === 'raise' ? transition.check.window.to : transition.alert.since,
      at: now().toISOString(),
      ...text,
      details: checkDetails(transition.check),
    };
    if (!(await log.append(event))) continue;
    await deliver(log, options.notifiers, event);
    (event.kind === 'raised' ? raised : cleared).push(event);
    if (event.kind === 'raised') state.open.set(event.check, openAlertOf(event));
    else state.open.delete(event.check);
  }
  return { report, checks, raised, cleared, open: [...state.open.values()] };
}

/** Sends an event to every notifier, then records that it was sent. */
export async function deliver(log: AlertLog, notifiers: readonly AlertNotifier[], event: AlertEvent): Promise<void> {
  for (const notifier of notifiers) await notifier.notify(event);
  await log.markDelivered(event);
}

async function redeliver(
  log: AlertLog,
  notifiers: readonly AlertNotifier[],
  now: Date,
  afterMs: number,
): Promise<void> {
  for (const entry of await log.entries()) {
    for (const event of entry.undelivered) {
      if (now.getTime() - Date.parse(event.at) >= afterMs) await deliver(log, notifiers, event);
    }
  }
}

function openAlertOf(event: AlertEvent): OpenAlert {
  return { check: event.check, episode: Number(event.episode), since: event.since, raisedAt: event.at };
}

function newestScoredDate(rows: readonly LedgerRow[]): string | undefined {
  let newest: string | undefined;
  for (const row of rows)
    if (row.actual !== null && (newest === undefined || row.targetDate > newest)) newest = row.targetDate;
  return newest;
}
