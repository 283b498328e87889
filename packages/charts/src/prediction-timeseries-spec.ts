import type { TopLevelSpec } from 'vega-lite';
import { epochMsOfDate, formatDateJa, formatNumber, monthTicks, tickLabelExpr } from './format.js';
import type { ChartForecast, ChartPrediction } from './input.js';
import { chartColors, chartConfig, type ChartTextOptions, chartTitle, SIGNED_LABEL } from './theme.js';

const DAY_MS = 86_400_000;
const PLOT_WIDTH_PX = 960;
const ACTUAL = '実績';
const PREDICTED = '予測';
const TEPCO = '東京電力 前日予想';
const BACKCAST_NOTE = '参考：バックキャスト（当日の観測気象）';
const INTERVAL_80 = '80% 予測区間（P10〜P90）';

/** The name of the forecast series: what a reader must know about where its weather came from. */
function predictedLabel(forecast: ChartForecast | undefined): string {
  if (forecast === undefined) return PREDICTED;
  return forecast.basis === 'ex-ante'
    ? `事前予測（前日${forecast.issueTime ?? '18:00'}時点）`
    : 'バックキャスト（当日の観測気象）';
}

/** The context line every chart carries: ex-ante, or "no ex-ante figure" and that this is a backcast. */
export function forecastLabelOf(forecast: ChartForecast): string {
  return forecast.basis === 'ex-ante'
    ? `事前予測：前日${forecast.issueTime ?? '18:00'} JST 時点の気象庁予報と需要実績から`
    : '事前予測なし（no ex-ante figure）：当日の観測気象によるバックキャストで、事前の精度ではない';
}

function comparisonText(forecast: ChartForecast | undefined, days: number): string {
  if (forecast === undefined) return '';
  const parts: string[] = [];
  if (forecast.basis === 'ex-ante' && forecast.backcastMape !== undefined)
    parts.push(`バックキャスト MAPE ${formatNumber(forecast.backcastMape, 2)}%`);
  const tepcoDays = forecast.tepcoNightBefore?.length ?? 0;
  parts.push(
    tepcoDays === 0
      ? '東京電力 前日予想：期間内になし（n 0）'
      : `東京電力 前日予想 MAPE ${forecast.tepcoMape === undefined ? '—' : `${formatNumber(forecast.tepcoMape, 2)}%`}（n ${tepcoDays}/${days}）`,
  );
  return `・${parts.join('・')}`;
}

/** Share of days whose actual lies inside the 80 % interval (P10 ≤ actual ≤ P90), 0..1. */
export function intervalCoverageOf(predictions: readonly ChartPrediction[]): number {
  const inside = predictions.filter((p) => p.p10! <= p.actual && p.actual <= p.p90!).length;
  return inside / predictions.length;
}

/** Root mean squared error of the predictions (万kW): the half-width of the error band. */
export function rmseOf(predictions: readonly ChartPrediction[]): number {
  const sumSquares = predictions.reduce((sum, p) => sum + (p.predicted - p.actual) ** 2, 0);
  return Math.sqrt(sumSquares / predictions.length);
}

function sortedByDate(predictions: readonly ChartPrediction[]): ChartPrediction[] {
  return [...predictions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Vega-Lite spec of `prediction_vs_actual_timeseries`: actual and predicted daily peaks over the
 * test period with a band — the 80 % interval (P10..P90) when every day has one, else predicted ±
 * RMSE — and below it the daily error (予測 − 実績).
 */
export function predictionTimeseriesSpec(
  predictions: readonly ChartPrediction[],
  options: ChartTextOptions = {},
  forecast?: ChartForecast,
): TopLevelSpec {
  const predicted = predictedLabel(forecast);
  const days = sortedByDate(predictions);
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('predictionTimeseriesSpec: no predictions');
  const rmseManKw = rmseOf(days);
  const intervals = days.every((p) => p.p10 !== undefined && p.p90 !== undefined);
  const wide = days.map((p) => ({
    t: epochMsOfDate(p.date),
    lower: intervals ? p.p10! : p.predicted - rmseManKw,
    upper: intervals ? p.p90! : p.predicted + rmseManKw,
    band: INTERVAL_80,
    errorManKw: p.predicted - p.actual,
  }));
  const bandText = intervals
    ? `帯は${INTERVAL_80}・実績が区間内の日 ${formatNumber(100 * intervalCoverageOf(days), 1)}%`
    : `帯は${predicted} ± RMSE（${formatNumber(rmseManKw, 1)}万kW）`;
  // Predicted rows first so the actual line is drawn on top of it.
  const long = [
    ...days.map((p) => ({ t: epochMsOfDate(p.date), series: predicted, peakManKw: p.predicted })),
    ...days.map((p) => ({ t: epochMsOfDate(p.date), series: ACTUAL, peakManKw: p.actual })),
  ];
  const inWindow = (date: string): boolean => date >= first.date && date <= last.date;
  const tepco = (forecast?.tepcoNightBefore ?? [])
    .filter((p) => inWindow(p.date))
    .map((p) => ({ t: epochMsOfDate(p.date), series: TEPCO, peakManKw: p.predicted }));
  const backcast = (forecast?.basis === 'ex-ante' ? (forecast.backcast ?? []) : [])
    .filter((p) => inWindow(p.date))
    .map((p) => ({ t: epochMsOfDate(p.date), series: BACKCAST_NOTE, peakManKw: p.predicted }));
  const seriesDomain = [
    ACTUAL,
    predicted,
    ...(tepco.length > 0 ? [TEPCO] : []),
    ...(backcast.length > 0 ? [BACKCAST_NOTE] : []),
  ];
  const seriesRange = [
    chartColors.actual,
    chartColors.predicted,
    ...(tepco.length > 0 ? [chartColors.tepco] : []),
    ...(backcast.length > 0 ? [chartColors.backcast] : []),
  ];
  const color = () => ({
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: [...seriesDomain], range: [...seriesRange] },
    // Vega cuts legend labels at 160 px; the series names say where the weather came from.
    legend: { title: null, labelLimit: 480 },
  });
  const monthStarts = monthTicks(first.date, last.date);
  // A test period inside one month has no month start: label its first day instead.
  const ticks =
    monthStarts.length > 0 ? monthStarts : [{ value: epochMsOfDate(first.date), label: formatDateJa(first.date) }];
  const domain = [epochMsOfDate(first.date), epochMsOfDate(last.date) + DAY_MS];
  // A fresh object per use: Vega-Lite normalises encodings in place, and a shared one conflicts with itself.
  const x = () => ({
    field: 't',
    type: 'temporal' as const,
    scale: { type: 'utc' as const, domain: [...domain] },
    axis: {
      title: null,
      values: ticks.map((tick) => Number(tick.value)),
      labelExpr: tickLabelExpr(ticks, 'time(datum.value)'),
      labelAlign: 'left' as const,
      grid: true,
    },
  });
  const comparisonLayers = [
    ...(backcast.length > 0
      ? [
          {
            data: { values: backcast },
            mark: { type: 'line' as const, strokeWidth: 1, strokeDash: [4, 3], opacity: 0.8 },
            encoding: { x: x(), y: { field: 'peakManKw', type: 'quantitative' as const }, color: color() },
          },
        ]
      : []),
    ...(tepco.length > 0
      ? [
          {
            data: { values: tepco },
            mark: { type: 'line' as const, strokeWidth: 1.2, point: { size: 14 } },
            encoding: { x: x(), y: { field: 'peakManKw', type: 'quantitative' as const }, color: color() },
          },
        ]
      : []),
  ];
  const period = `${first.date} 〜 ${last.date}（${days.length}日）`;
  const heading =
    forecast === undefined
      ? '日次ピーク需要：予測と実績'
      : forecast.basis === 'ex-ante'
        ? `日次ピーク需要：事前予測（前日${forecast.issueTime ?? '18:00'}時点）と実績`
        : '日次ピーク需要：事前予測なし — バックキャストと実績';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig(),
    title: chartTitle(heading, options, `${period}・${bandText}${comparisonText(forecast, days.length)}`),
    vconcat: [
      {
        width: PLOT_WIDTH_PX,
        height: 320,
        layer: [
          {
            data: { values: wide },
            mark: { type: 'area', color: chartColors.band, opacity: 0.45 },
            encoding: {
              x: x(),
              y: {
                field: 'lower',
                type: 'quantitative',
                scale: { zero: false },
                axis: { title: '日次ピーク（万kW）', format: ',.0f' },
              },
              y2: { field: 'upper' },
              // The 80 % band has a legend entry of its own, so the reader knows what it covers.
              ...(intervals
                ? {
                    fill: {
                      field: 'band',
                      type: 'nominal' as const,
                      scale: { domain: [INTERVAL_80], range: [chartColors.band] },
                      legend: { title: null, labelLimit: 480 },
                    },
                  }
                : {}),
            },
          },
          // The comparisons under the forecast and the actual, so those stay on top.
          ...comparisonLayers,
          {
            data: { values: long },
            // Points as well when days are few, so a short test period is not just thin segments.
            mark: { type: 'line', strokeWidth: 1.4, point: days.length <= 62 },
            encoding: { x: x(), y: { field: 'peakManKw', type: 'quantitative' }, color: color() },
          },
        ],
      },
      {
        width: PLOT_WIDTH_PX,
        height: 130,
        data: { values: wide },
        layer: [
          {
            // One vertical rule per day, about as wide as the day: a bar with x2 makes Vega-Lite warn about the domain.
            mark: { type: 'rule', strokeWidth: Math.min(8, Math.max(1, (0.7 * PLOT_WIDTH_PX) / days.length)) },
            encoding: {
              x: x(),
              y: {
                field: 'errorManKw',
                type: 'quantitative',
                axis: { title: '誤差（万kW）', format: ',.0f', labelExpr: SIGNED_LABEL, tickCount: 5 },
              },
              y2: { datum: 0 },
              color: {
                condition: { test: 'datum.errorManKw > 0', value: chartColors.overForecast },
                value: chartColors.underForecast,
              },
            },
          },
          { mark: { type: 'rule', color: chartColors.reference }, encoding: { y: { datum: 0 } } },
        ],
        title: { text: `日別誤差（${predicted} − 実績）`, subtitle: '赤：過大予測　青：過小予測', fontSize: 14 },
      },
    ],
  };
}
