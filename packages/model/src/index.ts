// The forecast model, its metrics and its artifacts: what the pipeline, the trainer and the
// prediction service use. The trees it is built from are in `@powercast/model/trees`.
export {
  ForecastModel,
  defaultForecastHyperparameters,
  defaultHistoryTarget,
  type ForecastPrediction,
  type PredictionInterval,
  type QuantilePredictions,
  type ForecastTrainingOptions,
  type TrainingWindow,
} from './forecast/forecast-model.js';
export type { ForecastVariant, TargetTransform } from './forecast/variant-model.js';
export type { GbtHyperparameters } from './boosting/hyperparameters.js';
export type { FeatureImportance } from './ensemble/importance.js';
export { MODEL_SCHEMA_VERSION, ModelDocumentError, type ModelDocument } from './forecast/model-document.js';
export {
  backtest,
  referenceTrainingOptions,
  type BacktestOptions,
  type BacktestResult,
  type BacktestSeries,
  type BacktestPrediction,
} from './forecast/backtest.js';
export {
  backtestAsOf,
  NoForecastIssueError,
  BacktestWindowError,
  type BacktestAsOfOptions,
  type BacktestAsOfResult,
  type AsOfBacktestPrediction,
  type AsOfBacktestSeries,
  type BacktestWeather,
  type NightBeforeForecast,
  type RetrainSchedule,
} from './forecast/backtest-as-of.js';
export { blendForecasts, defaultLevelBlend, weatherCalendarLevels, type LevelBlend } from './forecast/level-blend.js';
export {
  defaultTemperatureUncertainty,
  temperatureShifts,
  type TemperatureUncertainty,
} from './forecast/temperature-uncertainty.js';
export { asServedTrainingMatrix } from './forecast/as-served-training.js';
export {
  defaultQuantileLevels,
  defaultQuantileHyperparameters,
  type QuantileTrainingOptions,
} from './forecast/quantile-models.js';
export {
  calibrateIntervals,
  calibratedInterval,
  seasonOf,
  isHardDay,
  IntervalCalibrationError,
  INTERVAL_METHODS,
  type CalibrationDay,
  type HardDayCalibration,
  type IntervalCalibration,
  type IntervalMethod,
  type RawBand,
  type Season,
  type SeasonCalibration,
} from './forecast/interval-calibration.js';
export {
  calibrateExAnte,
  calibrationDayOf,
  defaultCalibrationRetrain,
  defaultIntervalMethod,
  exAnteCalibrationWindow,
  exAnteLeadDays,
  MIN_CALIBRATION_DAYS,
  type CalibrationWindow,
  type ExAnteCalibration,
  type ExAnteCalibrationOptions,
  type ExAnteLeadDaysOptions,
} from './forecast/calibrate-ex-ante.js';
export {
  calibrateLeads,
  leadCalibratedInterval,
  MIN_LEAD_DAYS,
  type LeadCalibration,
  type LeadCalibrationDay,
} from './forecast/interval-leads.js';
export {
  answerExAnte,
  answererOf,
  answerRows,
  answerSettingsSchema,
  defaultAnswerSettings,
  describeAnswerSettings,
  levelRowsOf,
  type Answerer,
  type AnswerExAnteInput,
  type AnswerRowsInput,
  type AnswerSettings,
  type ExAnteAnswer,
  type LevelRows,
  type WeightedMatrix,
} from './forecast/ex-ante-answer.js';
export {
  forecastAsOf,
  forecastInputWindow,
  AsOfTimeError,
  FORECAST_HORIZON_DAYS,
  MAX_ISSUE_AGE_HOURS,
  MissingForecastIssueError,
  StaleForecastError,
  type AsOfForecast,
  type AsOfForecastDay,
  type ForecastAsOfOptions,
} from './forecast/forecast-as-of.js';
export {
  INTERVALS_UNAVAILABLE,
  WEATHER_RANGE_LEADS,
  uncertaintyAsOf,
  type DayUncertainty,
  type UncertaintyAsOfInput,
} from './forecast/forecast-uncertainty.js';
export {
  probabilityAtLeast,
  standardNormalCdf,
  tightSupplyOutlook,
  TIGHT_USAGE_PERCENTS,
  type TightSupplyOutlook,
} from './forecast/tight-supply.js';
export { widenForWeatherRange, type RangeEndForecasts } from './forecast/weather-range.js';
export {
  regressionMetrics,
  evaluationReport,
  type RegressionMetrics,
  type EvaluationReport,
} from './metrics/regression-metrics.js';
export { intervalMetrics, pinballLoss, type IntervalMetrics } from './metrics/interval-metrics.js';
export { quantileOf } from './metrics/quantile.js';
export {
  writeModelArtifact,
  type ArtifactChartInput,
  type ArtifactChartRenderer,
  type ModelArtifactInput,
  type WrittenArtifact,
} from './artifact/write-artifact.js';
export { loadModel, type LoadedModel, type ModelMetadata } from './artifact/load-model.js';
export { ModelArtifactError } from './artifact/errors.js';
