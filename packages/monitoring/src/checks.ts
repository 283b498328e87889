import type { AccuracyReport, AccuracyWindow } from './accuracy.js';
import { DEFAULT_CLEAR_MARGINS, type ClearMargins, type MonitoringThresholds } from './thresholds.js';

export type AccuracyCheckId = 'mape-28d' | 'coverage-28d';

/** One threshold judged on one accuracy window. */
export interface CheckResult {
  id: AccuracyCheckId;
  /** What is measured, as a message names it. */
  metric: string;
  /** The measured value (MAPE in %, coverage as a share); null without samples. */
  value: number | null;
  /** The allowed range, as a message names it ("≤ 3.5 %", "70–90 %"). */
  allowed: string;
  /**
   * `within-margin`: inside the threshold but not by the clear margin, so an open alert stays open
   * and a closed one stays closed (hysteresis). `insufficient-data`: too few scored days to judge;
   * the alert state is left as it is (neither raised nor cleared on a handful of days).
   */
  status: 'ok' | 'within-margin' | 'breached' | 'insufficient-data';
  modelVersion: string | null;
  window: AccuracyWindow;
}

/** The configured thresholds applied to the 28-day window of a report, with the clear margins inside them. */
export function evaluateChecks(
  report: AccuracyReport,
  thresholds: MonitoringThresholds,
  clearMargins: ClearMargins = DEFAULT_CLEAR_MARGINS,
): CheckResult[] {
  const window = report.windows.find((candidate) => candidate.days === 28);
  if (window === undefined) throw new RangeError('evaluateChecks needs a report with a 28-day window');
  const enough = (samples: number): boolean => samples >= thresholds.minSamples;
  const mape = window.mapePercent;
  const coverage = window.coverage;
  const coverageMargin = clearMargins.coveragePercentPoints / 100;
  return [
    {
      id: 'mape-28d',
      metric: '28-day MAPE',
      value: mape,
      allowed: `≤ ${thresholds.mape28dPercent} %`,
      status:
        mape === null || !enough(window.samples)
          ? 'insufficient-data'
          : mape > thresholds.mape28dPercent
            ? 'breached'
            : mape > thresholds.mape28dPercent - clearMargins.mapePercentPoints
              ? 'within-margin'
              : 'ok',
      modelVersion: report.modelVersion,
      window,
    },
    {
      id: 'coverage-28d',
      metric: '28-day 80 % interval coverage',
      value: coverage,
      allowed: `${percent(thresholds.coverageMin)}–${percent(thresholds.coverageMax)} %`,
      status:
        coverage === null || !enough(window.coverageSamples)
          ? 'insufficient-data'
          : coverage < thresholds.coverageMin || coverage > thresholds.coverageMax
            ? 'breached'
            : coverage < thresholds.coverageMin + coverageMargin || coverage > thresholds.coverageMax - coverageMargin
              ? 'within-margin'
              : 'ok',
      modelVersion: report.modelVersion,
      window,
    },
  ];
}

function percent(share: number): string {
  return String(Math.round(share * 1000) / 10);
}
