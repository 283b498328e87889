import type { TopLevelSpec } from 'vega-lite';
import { formatNumber, formatSigned, tickLabelExpr } from './format.js';
import type { ChartPrediction } from './input.js';
import { monthlyErrors } from './monthly-errors.js';
import { chartColors, chartConfig, type ChartTextOptions, chartTitle, SIGNED_LABEL } from './theme.js';

/** Mean absolute percentage error over all predictions with a non-zero actual, in percent. */
export function overallMapePct(predictions: readonly ChartPrediction[]): number {
  const withActual = predictions.filter((p) => p.actual !== 0);
  if (withActual.length === 0) return 0;
  const sum = withActual.reduce((acc, p) => acc + Math.abs(p.predicted - p.actual) / Math.abs(p.actual), 0);
  return (sum / withActual.length) * 100;
}

/**
 * Vega-Lite spec of `error_by_month`: monthly MAPE (with the whole-period MAPE as a reference line)
 * above the monthly bias, so seasonal weak spots and systematic over/under-forecasting stand out.
 */
export function errorByMonthSpec(
  predictions: readonly ChartPrediction[],
  options: ChartTextOptions = {},
): TopLevelSpec {
  const months = monthlyErrors(predictions).map((m) => ({
    ...m,
    mapeLabel: `${formatNumber(m.mapePct, 1)}%`,
    biasLabel: formatSigned(m.biasManKw, 0),
  }));
  const overallPct = overallMapePct(predictions);
  const maxMapePct = Math.max(...months.map((m) => m.mapePct), overallPct, 0.1);
  const maxAbsBias = Math.max(...months.map((m) => Math.abs(m.biasManKw)), 1);
  const width = Math.max(480, months.length * 64);
  const x = {
    field: 'month',
    type: 'ordinal' as const,
    sort: null,
    axis: {
      title: null,
      labelAngle: 0,
      labelExpr: tickLabelExpr(months.map((m) => ({ value: m.month, label: m.label }))),
    },
  };
  const mapeY = {
    field: 'mapePct',
    type: 'quantitative' as const,
    scale: { domain: [0, maxMapePct * 1.2], nice: false },
    axis: { title: 'MAPE（%）', format: '.1f', tickCount: 5 },
  };
  const biasY = {
    field: 'biasManKw',
    type: 'quantitative' as const,
    scale: { domain: [-maxAbsBias * 1.35, maxAbsBias * 1.35], nice: false },
    axis: { title: 'バイアス（万kW）', format: ',.0f', labelExpr: SIGNED_LABEL, tickCount: 5 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    title: chartTitle('月別の予測誤差', options, `MAPE とバイアス（予測 − 実績）・${predictions.length}日`),
    data: { values: months },
    vconcat: [
      {
        width,
        height: 220,
        title: { text: 'MAPE（%）', subtitle: `点線：期間全体 ${formatNumber(overallPct, 2)}%`, fontSize: 14 },
        layer: [
          { mark: { type: 'bar', color: chartColors.bar, size: 36 }, encoding: { x, y: mapeY } },
          {
            mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 12 },
            encoding: { x, y: mapeY, text: { field: 'mapeLabel' } },
          },
          {
            mark: { type: 'rule', color: chartColors.reference, strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: { y: { datum: overallPct, type: 'quantitative' } },
          },
        ],
      },
      {
        width,
        height: 200,
        title: { text: 'バイアス（万kW）', subtitle: '赤：過大予測　青：過小予測', fontSize: 14 },
        layer: [
          {
            mark: { type: 'bar', size: 36 },
            encoding: {
              x,
              y: biasY,
              color: {
                condition: { test: 'datum.biasManKw > 0', value: chartColors.overForecast },
                value: chartColors.underForecast,
              },
            },
          },
          {
            transform: [{ filter: 'datum.biasManKw >= 0' }],
            mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 12 },
            encoding: { x, y: biasY, text: { field: 'biasLabel' } },
          },
          {
            transform: [{ filter: 'datum.biasManKw < 0' }],
            mark: { type: 'text', baseline: 'top', dy: 4, fontSize: 12 },
            encoding: { x, y: biasY, text: { field: 'biasLabel' } },
          },
          { mark: { type: 'rule', color: chartColors.reference }, encoding: { y: { datum: 0, type: 'quantitative' } } },
        ],
      },
    ],
  };
}
