import type { LedgerRow } from '@powercast/contracts';
import {
  NAIVE_BASELINE,
  rollingAccuracy,
  scoredForecastsByDate,
  type AccuracyReport,
  type AlertLogEntry,
  type MonitoringThresholds,
} from '@powercast/monitoring';

/** Days of forecast vs actual the console shows. */
export const HISTORY_DAYS = 60;

export interface ConsoleForecastDay {
  targetDate: string;
  lead: number;
  point: number;
  p10: number | null;
  p90: number | null;
  variant: string;
}

export interface ConsoleHistoryDay {
  targetDate: string;
  point: number;
  p10: number | null;
  p90: number | null;
  actual: number;
  tepcoForecast: number | null;
  modelVersion: string;
}

export interface ConsoleAlert {
  check: string;
  source: 'accuracy' | 'pipeline';
  since: string;
  raisedAt: string;
  subject: string;
  body: string;
}

export interface ConsoleModel {
  ready: boolean;
  version: string | null;
  backend: string | null;
  trainedWindow: { from: string; to: string } | null;
  loadedAt: string | null;
  /** Why nothing is served, when not ready. */
  reason: string | null;
  evaluationUrl: string | null;
  charts: { name: string; url: string }[];
}

/** Everything the console page shows, as one JSON document (`GET /console/data.json`). */
export interface ConsoleView {
  /** The newest issue in the ledger: tomorrow (lead 1) and the week ahead. */
  latestIssue: { issuedAt: string; modelVersion: string; days: ConsoleForecastDay[] } | null;
  /** The last 60 scored target dates: the day-ahead forecast that was issued, the actual, TEPCO's. */
  history: ConsoleHistoryDay[];
  accuracy: AccuracyReport | null;
  naiveBaseline: string;
  thresholds: MonitoringThresholds;
  model: ConsoleModel;
  alerts: { open: ConsoleAlert[]; recentPipelineFailures: ConsoleAlert[] };
}

export interface ConsoleViewInput {
  rows: readonly LedgerRow[];
  model: ConsoleModel;
  alerts: readonly AlertLogEntry[];
  thresholds: MonitoringThresholds;
}

/** Pure: the ledger, the served model and the alert log, as the console shows them. */
export function consoleView(input: ConsoleViewInput): ConsoleView {
  const { rows } = input;
  const latestIssue = newestIssue(rows);
  // What was issued day-ahead, whichever version issued it (versions change with retraining).
  const issued = [...scoredForecastsByDate(rows, null, 1).values()].sort((a, b) =>
    a.targetDate < b.targetDate ? -1 : 1,
  );
  const history = issued.slice(-HISTORY_DAYS).map((row) => ({
    targetDate: row.targetDate,
    point: row.point,
    p10: row.p10,
    p90: row.p90,
    actual: row.actual,
    tepcoForecast: row.tepcoForecast,
    modelVersion: row.modelVersion,
  }));
  const asOf = history.at(-1)?.targetDate;
  const accuracy = asOf === undefined ? null : rollingAccuracy(rows, { modelVersion: input.model.version, asOf });
  const alert = (entry: AlertLogEntry): ConsoleAlert => ({
    check: entry.check,
    source: entry.raised.source,
    since: entry.raised.since,
    raisedAt: entry.raised.at,
    subject: entry.raised.subject,
    body: entry.raised.body,
  });
  return {
    latestIssue,
    history,
    accuracy,
    naiveBaseline: NAIVE_BASELINE,
    thresholds: input.thresholds,
    model: input.model,
    alerts: {
      open: input.alerts.filter((entry) => entry.raised.source === 'accuracy' && entry.cleared === null).map(alert),
      recentPipelineFailures: input.alerts
        .filter((entry) => entry.raised.source === 'pipeline')
        .slice(-5)
        .reverse()
        .map(alert),
    },
  };
}

function newestIssue(rows: readonly LedgerRow[]): ConsoleView['latestIssue'] {
  let newest: LedgerRow | undefined;
  for (const row of rows)
    if (newest === undefined || Date.parse(row.issuedAt) > Date.parse(newest.issuedAt)) newest = row;
  if (newest === undefined) return null;
  const { issuedAt, modelVersion } = newest;
  const days = rows
    .filter((row) => row.issuedAt === issuedAt && row.modelVersion === modelVersion)
    .sort((a, b) => a.lead - b.lead)
    .map((row) => ({
      targetDate: row.targetDate,
      lead: row.lead,
      point: row.point,
      p10: row.p10,
      p90: row.p90,
      variant: row.variant,
    }));
  return { issuedAt, modelVersion, days };
}
