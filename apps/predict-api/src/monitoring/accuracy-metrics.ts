import type { AccuracyReport, MonitoringThresholds } from '@powercast/monitoring';
import { escapeLabel } from './metrics.js';

/**
 * The deployed model's rolling accuracy as Prometheus gauges (hand-written like the rest of
 * /metrics). A figure without samples is left out rather than exported as a made-up 0.
 */
export function renderAccuracyMetrics(
  report: AccuracyReport | null,
  openAlertChecks: readonly string[],
  thresholds: MonitoringThresholds,
): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, samples: { labels: string; value: number | null }[]): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const { labels, value } of samples) if (value !== null) lines.push(`${name}{${labels}} ${value}`);
  };
  const windows = report?.windows ?? [];
  const version = escapeLabel(report?.modelVersion ?? 'all');
  const labels = (days: number, extra = ''): string => `window="${days}d",model_version="${version}"${extra}`;
  gauge(
    'powercast_forecast_mape_percent',
    'Rolling MAPE of day-ahead forecasts, %, by window and forecaster (model, tepco, naive = same weekday last week).',
    windows.flatMap((window) => [
      { labels: labels(window.days, ',forecaster="model"'), value: window.mapePercent },
      { labels: labels(window.days, ',forecaster="tepco"'), value: window.tepco.mapePercent },
      { labels: labels(window.days, ',forecaster="naive"'), value: window.naive.mapePercent },
    ]),
  );
  gauge(
    'powercast_forecast_bias_man_kw',
    'Rolling mean of forecast minus actual of the deployed model, 万kW.',
    windows.map((window) => ({ labels: labels(window.days), value: window.biasManKw })),
  );
  gauge(
    'powercast_forecast_interval_coverage_ratio',
    'Rolling share of actuals inside the 80 % interval [p10, p90] of the deployed model.',
    windows.map((window) => ({ labels: labels(window.days), value: window.coverage })),
  );
  gauge(
    'powercast_forecast_scored_days',
    'Scored day-ahead forecasts of the deployed model in the window.',
    windows.map((window) => ({ labels: labels(window.days), value: window.samples })),
  );
  gauge(
    'powercast_accuracy_threshold',
    'Configured alert thresholds (mape_28d_percent, coverage_min_ratio, coverage_max_ratio).',
    [
      { labels: 'threshold="mape_28d_percent"', value: thresholds.mape28dPercent },
      { labels: 'threshold="coverage_min_ratio"', value: thresholds.coverageMin },
      { labels: 'threshold="coverage_max_ratio"', value: thresholds.coverageMax },
    ],
  );
  gauge(
    'powercast_alert_open',
    'Accuracy alerts raised and not cleared (1 per open check).',
    ['mape-28d', 'coverage-28d'].map((check) => ({
      labels: `check="${check}"`,
      value: openAlertChecks.includes(check) ? 1 : 0,
    })),
  );
  return `${lines.join('\n')}\n`;
}
