// `@powercast/model/metrics`: the forecast metrics alone (regression and 80 % interval scores, quantiles
// of residuals), for code that scores forecasts without loading the trees, features or zod schemas.
export {
  regressionMetrics,
  evaluationReport,
  type RegressionMetrics,
  type EvaluationReport,
} from './metrics/regression-metrics.js';
export { intervalMetrics, pinballLoss, type IntervalMetrics } from './metrics/interval-metrics.js';
export { quantileOf } from './metrics/quantile.js';
