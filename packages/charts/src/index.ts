export {
  renderCharts,
  chartSpecs,
  CHART_NAMES,
  type ChartName,
  type ChartFile,
  type ChartFiles,
} from './render-charts.js';
export { specToSvg, svgToPng, type SvgToPngOptions } from './render.js';
export { modelMetricsSpec } from './model-metrics-spec.js';
export { featureImportanceSpec } from './feature-importance-spec.js';
export { predictionTimeseriesSpec } from './prediction-timeseries-spec.js';
export { errorByMonthSpec } from './error-by-month-spec.js';
export { qualityFindingsSpec, renderQualityChart, type QualityFindingsMonth } from './quality-findings-spec.js';
export {
  parseChartInput,
  ChartInputError,
  type ChartInput,
  type ChartForecast,
  type ChartSeriesPoint,
  type ChartMetrics,
  type ChartImportance,
  type ChartPrediction,
} from './input.js';
export { CJK_FONT_FILE, CJK_FONT_FAMILY, CJK_FONT_APT_PACKAGE, ChartFontMissingError } from './font.js';
export type { ChartTextOptions } from './theme.js';
