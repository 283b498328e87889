import { UserInputError } from '@powercast/contracts';
import type { ParsedSources } from '../load/parse-files.js';
import type { ForecastIssueRow } from '../readers/jma-forecast-issues.js';
import { checkTepcoDaily, checkTepcoYearly } from './demand-checks.js';
import { findingPlace, type Detection, type QualityFinding } from './finding.js';
import {
  QUALITY_RULES,
  qualityActionsFrom,
  type QualityAction,
  type QualityActions,
  type QualityRuleId,
  type QualitySeries,
  type ResolvedQualityActions,
} from './rules.js';
import {
  checkDuplicates,
  checkEncoding,
  checkOptionalInputs,
  type ListedFile,
  type SourceText,
} from './source-checks.js';
import { checkForecastIssues, checkJmaConflicts, checkJmaDaily, checkJmaHourly } from './weather-checks.js';

/** Everything the rules look at: the parsed files with their lines, their bytes, the forecasts, the daily table. */
export interface QualityInputs {
  sources: ParsedSources;
  /** Every file under the source with its size (an empty file is a finding). */
  listing: readonly ListedFile[];
  /** The CSV texts as bytes (ZIP members separately), for the encoding rule. */
  texts: readonly SourceText[];
  /** JMA's forecasts as issued (LoadData's `as_of`), empty without an archive. */
  forecastIssues: readonly ForecastIssueRow[];
  /** The merged daily table's rows (date and weather text), to say what a missing input costs. */
  daily: readonly { date: string; weather_day?: string | null }[];
}

export interface QualityRuleSetting {
  id: QualityRuleId;
  series: QualitySeries;
  check: string;
  action: QualityAction;
  parameters: Readonly<Record<string, number>>;
}

/** quality.json: the rules as applied, every finding, and what the run does with them. */
export interface QualityReport {
  rules: QualityRuleSetting[];
  findings: QualityFinding[];
  counts: Record<QualityAction, number>;
  /** Days that leave training (a `drop` finding names them). */
  droppedDates: string[];
  /** True when a `fail` finding stops the run. */
  failed: boolean;
  summary: string;
}

const SEVERITY: Record<QualityAction, number> = { fail: 0, drop: 1, warn: 2 };

/** Runs every rule of QUALITY_RULES over the inputs; pure. */
export function validateSources(
  inputs: QualityInputs,
  actions: QualityActions | ResolvedQualityActions = {},
): QualityReport {
  const resolved = qualityActionsFrom(actions);
  const forecastFiles = inputs.listing
    .map((file) => file.path)
    .filter((path) => /forecast_\d{6}_130000\.csv$/.test(path))
    .sort();
  const fileOf = (issuedAt: string): string => {
    const month = issuedAt.slice(0, 7).replace('-', '');
    return forecastFiles.find((path) => path.endsWith(`forecast_${month}_130000.csv`)) ?? 'jma/forecast';
  };
  const { sources } = inputs;
  const detections: Detection[] = [
    ...checkEncoding(inputs.texts),
    ...checkTepcoDaily(sources.tepcoDaily),
    ...checkTepcoYearly(sources.tepcoYearly),
    ...checkDuplicates(sources),
    ...checkJmaDaily(sources.jmaDaily),
    ...checkJmaHourly(sources.jmaHourly),
    ...checkJmaConflicts(sources.jmaDaily),
    ...checkForecastIssues(inputs.forecastIssues, fileOf),
    ...checkOptionalInputs(
      sources,
      inputs.listing,
      inputs.daily.filter((row) => row.weather_day === null || row.weather_day === undefined).map((row) => row.date),
    ),
  ];
  const findings: QualityFinding[] = asFindings(detections, resolved).sort(
    (a, b) =>
      SEVERITY[a.action] - SEVERITY[b.action] ||
      (a.date ?? '').localeCompare(b.date ?? '') ||
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0),
  );
  const counts: Record<QualityAction, number> = { fail: 0, drop: 0, warn: 0 };
  for (const finding of findings) counts[finding.action]++;
  const droppedDates = [
    ...new Set(findings.filter((f) => f.action === 'drop' && f.date !== null).map((f) => f.date!)),
  ].sort();
  const report: Omit<QualityReport, 'summary'> = {
    rules: QUALITY_RULES.map((rule) => ({
      id: rule.id,
      series: rule.series,
      check: rule.check,
      action: resolved[rule.id],
      parameters: rule.parameters,
    })),
    findings,
    counts,
    droppedDates,
    failed: counts.fail > 0,
  };
  return { ...report, summary: qualitySummary(report) };
}

/**
 * The rules on JMA's forecasts alone (temperature and pop ranges, stale issues) for issues that
 * arrive one at a time, such as a live 130000.json before the service uses it; `file` names where
 * they came from. Pure.
 */
export function validateForecastIssues(
  rows: readonly ForecastIssueRow[],
  file: string,
  actions: QualityActions | ResolvedQualityActions = {},
): QualityFinding[] {
  return asFindings(
    checkForecastIssues(rows, () => file),
    qualityActionsFrom(actions),
  ).sort((a, b) => SEVERITY[a.action] - SEVERITY[b.action] || (a.date ?? '').localeCompare(b.date ?? ''));
}

const SERIES_OF = new Map(QUALITY_RULES.map((rule) => [rule.id, rule.series] as const));

function asFindings(detections: readonly Detection[], resolved: ResolvedQualityActions): QualityFinding[] {
  return detections.map((found) => ({ ...found, series: SERIES_OF.get(found.rule)!, action: resolved[found.rule] }));
}

/** The one line a run prints: counts by action, dropped days, and every missing-input warning. */
function qualitySummary(report: Omit<QualityReport, 'summary'>): string {
  const { counts } = report;
  const total = counts.fail + counts.drop + counts.warn;
  const byRule = (action: QualityAction): string => {
    const rules = new Map<string, number>();
    for (const f of report.findings) if (f.action === action) rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
    return [...rules].map(([rule, n]) => `${rule} ${n}`).join(', ');
  };
  const parts = [
    `quality: ${report.rules.length} rules, ${total} findings`,
    counts.fail > 0 ? `${counts.fail} fail (${byRule('fail')})` : '0 fail',
    counts.drop > 0 ? `${report.droppedDates.length} days dropped (${byRule('drop')})` : '0 days dropped',
    counts.warn > 0 ? `${counts.warn} warn (${byRule('warn')})` : '0 warn',
  ];
  const missing = report.findings.filter((f) => f.rule === 'optional-input-missing').map((f) => f.message);
  return `${parts.join(', ')}${missing.length > 0 ? ` — ${missing.join('; ')}` : ''}`;
}

/** The data failed a `fail` rule: the message lists the first findings (file, line, date, rule, value). */
export class DataQualityError extends UserInputError {
  override readonly name = 'DataQualityError';
  readonly kind = 'data-quality';
  constructor(
    readonly findings: readonly QualityFinding[],
    shown = 5,
  ) {
    const failing = findings.filter((finding) => finding.action === 'fail');
    super(
      `data quality gate: ${failing.length} finding(s) of rules set to fail; ${failing
        .slice(0, shown)
        .map(describeFinding)
        .join('; ')}${failing.length > shown ? `; … ${failing.length - shown} more in quality.json` : ''}`,
    );
  }
}

export function describeFinding(finding: QualityFinding): string {
  return `${findingPlace(finding)}${finding.date === null ? '' : `, date ${finding.date}`}: rule ${finding.rule} (${finding.action}): ${finding.message}`;
}

/** Findings per month (of their date) and action, for the chart; file-level findings have no month. */
export function findingsByMonth(
  report: Pick<QualityReport, 'findings'>,
): { month: string; action: QualityAction; count: number }[] {
  const counts = new Map<string, number>();
  for (const finding of report.findings) {
    if (finding.date === null) continue;
    const key = `${finding.date.slice(0, 7)} ${finding.action}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => {
      const [month, action] = key.split(' ') as [string, QualityAction];
      return { month, action, count };
    })
    .sort((a, b) => a.month.localeCompare(b.month) || SEVERITY[a.action] - SEVERITY[b.action]);
}
