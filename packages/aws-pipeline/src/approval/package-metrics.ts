import type { ChampionComparison, EvaluationBasis, EvaluationReportInput } from './evaluation-report.js';

/** One set of test metrics (万kW units; MSE in 万kW², MAPE in percent; n = days). */
export interface MetricSet {
  mse?: number;
  rmse?: number;
  mae?: number;
  mape?: number;
  r2?: number;
  bias?: number;
  n?: number;
}

/**
 * What an approver is shown. The top-level metrics are the figure CheckMSE gated on (as before the
 * ex-ante evaluation); `basis` says which one that is. A package without `basis` was registered
 * before the ex-ante evaluation: its metrics are a backcast.
 */
export interface PackageMetrics extends MetricSet {
  basis?: EvaluationBasis;
  /** Forecast as of the issue time on D−1 from JMA's issues and demand so far (the variant each day gets). */
  exAnte?: MetricSet;
  /** The with-history variant on the ex-ante days it answered (requests with recent demand). */
  exAnteWithHistory?: MetricSet;
  /** The weather+calendar variant on the same ex-ante days (answers requests without enough history). */
  exAnteWeatherCalendar?: MetricSet;
  /** Observed weather of D: not available when a forecast is needed. */
  backcast?: MetricSet;
  /** TEPCO's own night-before forecast, on the test days it exists. */
  tepcoNightBefore?: MetricSet;
  /** The ex-ante forecast on the TEPCO days. */
  exAnteOnTepcoDays?: MetricSet;
  noExAnteReason?: string;
  /** `HH:MM` JST on D−1. */
  issueTime?: string;
  /** The comparison with the model deployed when the pipeline ran (CheckChampion), when it was made. */
  champion?: ChampionSummary;
}

/** What an approver is shown of the champion/challenger comparison (numbers; the reason when the report is at hand). */
export interface ChampionSummary {
  outcome: ChampionComparison['outcome'];
  marginPct: number;
  candidateMse: number;
  allowedMse: number;
  passes: boolean;
  deployedVersion?: number;
  /** The deployed model's gated figure on the same days. */
  deployed?: MetricSet;
  deployedWithHistory?: MetricSet;
  deployedWeatherCalendar?: MetricSet;
  /** Days of the window the deployed model was trained on. */
  deployedDaysInTraining?: number;
  reason?: string;
}

const OUTCOME_CODE: Record<ChampionComparison['outcome'], number> = {
  compared: 1,
  'no-deployed-model': 0,
  'not-compared': -1,
};

const SET_KEYS = ['mse', 'rmse', 'mae', 'mape', 'r2', 'bias', 'n'] as const;

/** Flat registry keys of each set (the registry stores numbers by name). */
const PREFIX = {
  exAnte: 'ex_ante_',
  exAnteWithHistory: 'ex_ante_with_history_',
  exAnteWeatherCalendar: 'ex_ante_weather_calendar_',
  backcast: 'backcast_',
  tepcoNightBefore: 'tepco_night_before_',
  exAnteOnTepcoDays: 'ex_ante_tepco_days_',
} as const;
type SetName = keyof typeof PREFIX;

/** The champion summary's registry keys: sets under a prefix, scalars by name. */
const CHAMPION_PREFIX = {
  deployed: 'deployed_',
  deployedWithHistory: 'deployed_with_history_',
  deployedWeatherCalendar: 'deployed_weather_calendar_',
} as const;
type ChampionSetName = keyof typeof CHAMPION_PREFIX;
const CHAMPION_KEYS = {
  outcome: 'champion_outcome',
  marginPct: 'champion_margin_pct',
  candidateMse: 'champion_candidate_mse',
  allowedMse: 'champion_allowed_mse',
  passes: 'champion_passes',
  deployedVersion: 'champion_deployed_version',
  deployedDaysInTraining: 'champion_deployed_days_in_training',
} as const;

function championFrom(metrics: Record<string, number>): ChampionSummary | undefined {
  const number = (key: string): number | undefined => {
    const value = metrics[key];
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  };
  const code = number(CHAMPION_KEYS.outcome);
  const outcome = (Object.keys(OUTCOME_CODE) as ChampionComparison['outcome'][]).find(
    (name) => OUTCOME_CODE[name] === code,
  );
  const marginPct = number(CHAMPION_KEYS.marginPct);
  const candidateMse = number(CHAMPION_KEYS.candidateMse);
  const allowedMse = number(CHAMPION_KEYS.allowedMse);
  if (outcome === undefined || marginPct === undefined || candidateMse === undefined || allowedMse === undefined)
    return undefined;
  const summary: ChampionSummary = {
    outcome,
    marginPct,
    candidateMse,
    allowedMse,
    passes: number(CHAMPION_KEYS.passes) === 1,
  };
  const version = number(CHAMPION_KEYS.deployedVersion);
  if (version !== undefined) summary.deployedVersion = version;
  const inTraining = number(CHAMPION_KEYS.deployedDaysInTraining);
  if (inTraining !== undefined) summary.deployedDaysInTraining = inTraining;
  for (const [name, prefix] of Object.entries(CHAMPION_PREFIX) as [ChampionSetName, string][]) {
    const set = setFrom(metrics, prefix);
    if (set !== undefined) summary[name] = set;
  }
  return summary;
}

function flatChampion(
  summary: ChampionSummary,
  add: (set: MetricSet | undefined, prefix: string) => void,
): Record<string, number> {
  const flat: Record<string, number> = {
    [CHAMPION_KEYS.outcome]: OUTCOME_CODE[summary.outcome],
    [CHAMPION_KEYS.marginPct]: summary.marginPct,
    [CHAMPION_KEYS.candidateMse]: summary.candidateMse,
    [CHAMPION_KEYS.allowedMse]: summary.allowedMse,
    [CHAMPION_KEYS.passes]: summary.passes ? 1 : 0,
  };
  if (summary.deployedVersion !== undefined) flat[CHAMPION_KEYS.deployedVersion] = summary.deployedVersion;
  if (summary.deployedDaysInTraining !== undefined)
    flat[CHAMPION_KEYS.deployedDaysInTraining] = summary.deployedDaysInTraining;
  for (const [name, prefix] of Object.entries(CHAMPION_PREFIX) as [ChampionSetName, string][])
    add(summary[name], prefix);
  return flat;
}

function setFrom(metrics: Record<string, number>, prefix: string): MetricSet | undefined {
  const set: MetricSet = {};
  for (const key of SET_KEYS) {
    const value = metrics[`${prefix}${key}`];
    if (value !== undefined && Number.isFinite(value)) set[key] = value;
  }
  return Object.keys(set).length === 0 ? undefined : set;
}

/**
 * Reads a registry's metric map (`flatPackageMetrics` keys; other keys are ignored). The basis is
 * ex-ante when ex-ante keys exist, backcast when only backcast keys do, unknown for older packages.
 */
export function packageMetricsFrom(metrics: Record<string, number>): PackageMetrics {
  const picked: PackageMetrics = { ...setFrom(metrics, '') };
  for (const [name, prefix] of Object.entries(PREFIX) as [SetName, string][]) {
    const set = setFrom(metrics, prefix);
    if (set !== undefined) picked[name] = set;
  }
  const champion = championFrom(metrics);
  if (champion !== undefined) picked.champion = champion;
  if (picked.exAnte !== undefined) picked.basis = 'ex-ante';
  else if (picked.backcast !== undefined) {
    picked.basis = 'backcast';
    picked.noExAnteReason = 'no JMA forecast issue for the test days (see the evaluation report)';
  }
  return picked;
}

/** The registry's metric map of a package: the gated figure under the plain names, each set under its prefix. */
export function flatPackageMetrics(metrics: PackageMetrics): Record<string, number> {
  const flat: Record<string, number> = {};
  const add = (set: MetricSet | undefined, prefix: string): void => {
    for (const key of SET_KEYS) {
      const value = set?.[key];
      if (value !== undefined && Number.isFinite(value)) flat[`${prefix}${key}`] = value;
    }
  };
  add(metrics, '');
  for (const [name, prefix] of Object.entries(PREFIX) as [SetName, string][]) add(metrics[name], prefix);
  if (metrics.champion !== undefined) Object.assign(flat, flatChampion(metrics.champion, add));
  return flat;
}

type ReportMetrics = EvaluationReportInput['regression_metrics'];

function setOfReport(metrics: ReportMetrics | undefined, nDays?: number): MetricSet {
  const set: MetricSet = {};
  for (const key of ['mse', 'rmse', 'mae', 'mape', 'r2', 'bias'] as const) {
    const value = metrics?.[key]?.value;
    if (value !== undefined && Number.isFinite(value)) set[key] = value;
  }
  if (set.rmse === undefined && set.mse !== undefined) set.rmse = Math.sqrt(set.mse);
  if (nDays !== undefined) set.n = nDays;
  return set;
}

/** What an evaluation.json (this version's or an older one) tells an approver. */
export function packageMetricsFromReport(report: EvaluationReportInput): PackageMetrics {
  const metrics: PackageMetrics = setOfReport(report.regression_metrics);
  if (report.basis === undefined) return metrics;
  metrics.basis = report.basis;
  const exAnte = report.ex_ante;
  if (exAnte) {
    metrics.exAnte = setOfReport(exAnte.regression_metrics, exAnte.n_days);
    const withHistory = exAnte.variants?.with_history;
    if (withHistory) metrics.exAnteWithHistory = setOfReport(withHistory.regression_metrics, withHistory.n_days);
    const weatherCalendar = exAnte.variants?.weather_calendar;
    if (weatherCalendar)
      metrics.exAnteWeatherCalendar = setOfReport(weatherCalendar.regression_metrics, weatherCalendar.n_days);
    if (exAnte.issue_time !== undefined) metrics.issueTime = exAnte.issue_time;
  }
  const gatedDays = report.basis === 'ex-ante' ? exAnte?.n_days : report.backcast?.n_days;
  if (gatedDays !== undefined) metrics.n = gatedDays;
  if (report.no_ex_ante_reason) metrics.noExAnteReason = report.no_ex_ante_reason;
  if (report.backcast) metrics.backcast = setOfReport(report.backcast.regression_metrics, report.backcast.n_days);
  const tepco = report.tepco_night_before;
  if (tepco) {
    metrics.tepcoNightBefore = setOfReport(tepco.regression_metrics, tepco.n_days);
    if (tepco.ex_ante_same_days)
      metrics.exAnteOnTepcoDays = setOfReport(
        tepco.ex_ante_same_days.regression_metrics,
        tepco.ex_ante_same_days.n_days,
      );
  }
  if (report.champion) metrics.champion = championOfReport(report.champion);
  return metrics;
}

function championOfReport(champion: NonNullable<EvaluationReportInput['champion']>): ChampionSummary {
  const summary: ChampionSummary = {
    outcome: champion.outcome,
    marginPct: champion.margin_pct,
    candidateMse: champion.candidate_mse,
    allowedMse: champion.allowed_mse,
    passes: champion.passes,
    reason: champion.reason,
  };
  const deployed = champion.deployed;
  if (deployed) {
    summary.deployedVersion = deployed.version;
    if (deployed.days_in_training !== undefined) summary.deployedDaysInTraining = deployed.days_in_training;
    summary.deployed = setOfReport(deployed.gated.regression_metrics, deployed.gated.n_days);
    const { with_history: withHistory, weather_calendar: weatherCalendar } = deployed.variants ?? {};
    if (withHistory) summary.deployedWithHistory = setOfReport(withHistory.regression_metrics, withHistory.n_days);
    if (weatherCalendar)
      summary.deployedWeatherCalendar = setOfReport(weatherCalendar.regression_metrics, weatherCalendar.n_days);
  }
  return summary;
}
