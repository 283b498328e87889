import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { errorByMonthSpec } from './error-by-month-spec.js';
import { featureImportanceSpec } from './feature-importance-spec.js';
import { CJK_FONT_FILE, requireFontFile } from './font.js';
import { type ChartInput, parseChartInput } from './input.js';
import { modelMetricsSpec } from './model-metrics-spec.js';
import { forecastLabelOf, predictionTimeseriesSpec } from './prediction-timeseries-spec.js';
import { specToSvg, svgToPng, type SvgToPngOptions } from './render.js';

/** The charts of a model artifact, by file stem (`<name>.png` and `<name>.svg`). */
export const CHART_NAMES = [
  'model_metrics',
  'feature_importance',
  'prediction_vs_actual_timeseries',
  'error_by_month',
] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export interface ChartFile {
  png: string;
  svg: string;
}
/** Paths of the written files per chart: `outDir` joined with `<name>.png` / `<name>.svg`. */
export type ChartFiles = Record<ChartName, ChartFile>;

/** Every chart's Vega-Lite spec for an input (pure; `renderCharts` renders exactly these). */
export function chartSpecs(input: ChartInput): Record<ChartName, TopLevelSpec> {
  const chart = parseChartInput(input);
  const forecastLabel = chart.forecast === undefined ? undefined : forecastLabelOf(chart.forecast);
  const text = {
    title: chart.title,
    modelVersion: chart.modelVersion,
    ...(forecastLabel === undefined ? {} : { forecastLabel }),
  };
  return {
    model_metrics: modelMetricsSpec(chart.metrics, text),
    feature_importance: featureImportanceSpec(chart.importance, text),
    prediction_vs_actual_timeseries: predictionTimeseriesSpec(chart.predictions, text, chart.forecast),
    error_by_month: errorByMonthSpec(chart.predictions, text),
  };
}

/**
 * Renders the four charts of a model evaluation to `outDir` (created if missing) as PNG and SVG.
 * The input is validated first ({@link ChartInputError} names bad fields); a missing CJK font
 * fails with {@link ChartFontMissingError} before anything is written.
 */
export async function renderCharts(
  input: ChartInput,
  outDir: string,
  options: SvgToPngOptions = {},
): Promise<ChartFiles> {
  const specs = chartSpecs(input);
  requireFontFile(options.fontFile ?? CJK_FONT_FILE);
  await mkdir(outDir, { recursive: true });
  const files: Partial<ChartFiles> = {};
  for (const name of CHART_NAMES) {
    const svg = await specToSvg(specs[name]);
    const png = svgToPng(svg, options);
    const file = { png: join(outDir, `${name}.png`), svg: join(outDir, `${name}.svg`) };
    await writeFile(file.svg, svg, 'utf8');
    await writeFile(file.png, png);
    files[name] = file;
  }
  return files as ChartFiles;
}
