import type { TopLevelSpec } from 'vega-lite';
import { formatNumber, formatSigned } from './format.js';
import type { ChartMetrics } from './input.js';
import { chartColors, chartConfig, type ChartTextOptions, chartTitle } from './theme.js';

export interface MetricPanel {
  key: keyof ChartMetrics;
  title: string;
  /** Unit and reading hint shown under the panel title. */
  subtitle: string;
  value: number;
  label: string;
  domain: [number, number];
}

/**
 * One panel per metric, each on its own scale: MSE is ~10^4–10^5 (万kW)² while R² is at most 1,
 * so a shared axis would flatten every bar but one.
 */
export function metricPanels(metrics: ChartMetrics): MetricPanel[] {
  const upTo = (value: number): [number, number] => [0, value > 0 ? value * 1.25 : 1];
  const panels: MetricPanel[] = [
    {
      key: 'rmse',
      title: 'RMSE',
      subtitle: '万kW・小さいほど良い',
      value: metrics.rmse,
      label: formatNumber(metrics.rmse, 1),
      domain: upTo(metrics.rmse),
    },
    {
      key: 'mse',
      title: 'MSE',
      subtitle: '(万kW)²・小さいほど良い',
      value: metrics.mse,
      label: formatNumber(metrics.mse, 0),
      domain: upTo(metrics.mse),
    },
    {
      key: 'mae',
      title: 'MAE',
      subtitle: '万kW・小さいほど良い',
      value: metrics.mae,
      label: formatNumber(metrics.mae, 1),
      domain: upTo(metrics.mae),
    },
    {
      key: 'mape',
      title: 'MAPE',
      subtitle: '%・小さいほど良い',
      value: metrics.mape,
      label: `${formatNumber(metrics.mape, 2)}%`,
      domain: upTo(metrics.mape),
    },
    {
      key: 'r2',
      title: 'R²',
      subtitle: '1に近いほど良い',
      value: metrics.r2,
      label: formatNumber(metrics.r2, 3),
      domain: [Math.min(0, metrics.r2 * 1.25), 1.1],
    },
  ];
  if (metrics.maxError !== undefined) {
    panels.push({
      key: 'maxError',
      title: '最大誤差',
      subtitle: '万kW・絶対値',
      value: metrics.maxError,
      label: formatNumber(metrics.maxError, 1),
      domain: upTo(metrics.maxError),
    });
  }
  if (metrics.bias !== undefined) {
    const reach = Math.abs(metrics.bias) * 1.4 || 1;
    panels.push({
      key: 'bias',
      title: 'バイアス',
      subtitle: '万kW・予測−実績',
      value: metrics.bias,
      label: formatSigned(metrics.bias, 1),
      domain: [-reach, reach],
    });
  }
  return panels;
}

/**
 * Round tick values inside a panel's domain, none in its top 5 %: a label at the very top would
 * stick out above the plot and push that panel's title above the others.
 */
export function panelTicks([low, high]: readonly [number, number], targetCount = 4): number[] {
  const rawStep = (high - low) / targetCount;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => (high - low) / s <= targetCount + 1) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let i = Math.ceil(low / step); i * step <= high - 0.05 * (high - low); i += 1)
    ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Decimals needed to print every tick exactly (2.5 → 1, 0.25 → 2, 5000 → 0). */
function decimalsOf(ticks: readonly number[]): number {
  return Math.max(0, ...ticks.map((tick) => (String(tick).split('.')[1] ?? '').length));
}

const metricX = { field: 'metric', type: 'nominal' as const, axis: null };

// Inferred return type: Vega-Lite exports its channel types only under an unstable path.
function panelY(panel: MetricPanel) {
  const ticks = panelTicks(panel.domain);
  return {
    field: 'value',
    type: 'quantitative' as const,
    scale: { domain: panel.domain, nice: false, zero: true },
    axis: { title: null, values: ticks, format: `,.${decimalsOf(ticks)}f` },
  };
}

function barColor(panel: MetricPanel): string {
  if (panel.key !== 'bias') return chartColors.bar;
  return panel.value > 0 ? chartColors.overForecast : chartColors.underForecast;
}

/** Vega-Lite spec of `model_metrics`: small multiples, one bar with its labelled value per metric. */
export function modelMetricsSpec(metrics: ChartMetrics, options: ChartTextOptions = {}): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...chartConfig(), concat: { spacing: 36 } },
    title: chartTitle('モデル評価指標', options, 'テスト期間の日次ピーク（万kW）に対する誤差'),
    hconcat: metricPanels(metrics).map((panel) => ({
      title: { text: panel.title, subtitle: panel.subtitle, anchor: 'middle', fontSize: 15 },
      width: 96,
      height: 240,
      data: { values: [{ metric: panel.title, value: panel.value, label: panel.label }] },
      layer: [
        { mark: { type: 'bar', size: 48, color: barColor(panel) }, encoding: { x: metricX, y: panelY(panel) } },
        {
          mark: {
            type: 'text',
            fontSize: 15,
            fontWeight: 'bold',
            baseline: panel.value < 0 ? 'top' : 'bottom',
            dy: panel.value < 0 ? 6 : -6,
          },
          encoding: { x: metricX, y: panelY(panel), text: { field: 'label' } },
        },
        ...(panel.domain[0] < 0
          ? [
              {
                mark: { type: 'rule' as const, color: chartColors.reference },
                encoding: { y: { datum: 0, type: 'quantitative' as const } },
              },
            ]
          : []),
      ],
    })),
  };
}
