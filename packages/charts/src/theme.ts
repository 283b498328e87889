import type { Config } from 'vega-lite';
import { CJK_FONT_FAMILY } from './font.js';

/** Colours shared by every chart, so 実績 / 予測 and over / under forecasts read the same everywhere. */
export const chartColors = {
  actual: '#1f2937',
  predicted: '#2563eb',
  band: '#93c5fd',
  overForecast: '#dc2626',
  underForecast: '#2563eb',
  bar: '#0f766e',
  reference: '#6b7280',
  tepco: '#d97706',
  backcast: '#9ca3af',
} as const;

/** Axis label expression with an explicit + on positive values (d3's '+' format would also print +0). */
export const SIGNED_LABEL = "datum.value > 0 ? '+' + datum.label : datum.label";

/** Vega-Lite config: the CJK font family for every text, white background, readable sizes. */
export function chartConfig(): Config {
  return {
    font: CJK_FONT_FAMILY,
    background: '#ffffff',
    padding: 16,
    view: { stroke: null },
    title: { fontSize: 18, subtitleFontSize: 13, subtitleColor: '#4b5563', anchor: 'start', offset: 12 },
    axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', gridColor: '#e5e7eb' },
    legend: { labelFontSize: 13, titleFontSize: 13, orient: 'top' },
    header: { labelFontSize: 13 },
    concat: { spacing: 24 },
  };
}

/** What every chart may be told about the model it shows. */
export interface ChartTextOptions {
  /** Context shown above each chart's own description, e.g. "2023年 バックテスト". */
  title?: string;
  /** Registry version or model id, shown as "モデル v3". */
  modelVersion?: string | number;
  /** What the forecasts shown are, e.g. "事前予測（前日18:00 JST 時点）"; see `forecastLabel`. */
  forecastLabel?: string;
}

/** The chart title block: the chart's own heading, then the context line and a description. */
export function chartTitle(
  heading: string,
  options: ChartTextOptions,
  description: string,
): { text: string; subtitle: string[] } {
  const context = [
    options.title,
    options.modelVersion === undefined ? undefined : `モデル ${options.modelVersion}`,
    options.forecastLabel,
  ]
    .filter((part): part is string => part !== undefined && part !== '')
    .join('・');
  return { text: heading, subtitle: context === '' ? [description] : [context, description] };
}
