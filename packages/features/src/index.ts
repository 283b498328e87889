// The public API of @powercast/features: fit a feature spec on training rows, turn a table or
// request records into the model's matrix with it, build a day's vector from what was known at the
// issue time, validate records, split by date, watch drift.
// Calendar and weather building blocks are `@powercast/features/calendar` and `/weather`.
export { fitFeatureSpec, parseFeatureSpec, type FeatureSpec } from './spec.js';
export { transform, transformRecords, type TransformOptions } from './transform.js';
export type { FeatureMatrix } from './kernel.js';
export type { ForecastRecord, WeatherObservation } from './inputs.js';
export { RECENT_DEMAND_WINDOW, type DemandObservation } from './demand-history.js';
export { validateRecords, type FieldError, type RecordsValidation } from './records.js';
export { splitByDate, type SplitOptions } from './split.js';
export {
  defaultFeatureConfig,
  resolveFeatureConfig,
  type EncodableColumn,
  type EncoderConfig,
  type EncoderName,
  type ExtraWeatherColumn,
  type FeatureConfig,
  type FeatureSetName,
  type TargetColumn,
} from './config.js';
export {
  binProportions,
  featureDrift,
  populationStabilityIndex,
  type DriftReport,
  type FeatureBins,
  type FeatureDistribution,
} from './drift.js';
export { FeatureConfigError, FeatureInputError, FeaturesError, SplitError } from './errors.js';
export { defaultIssuedAt } from './issue-time.js';
export type { WeatherCodeWords } from './forecast-weather.js';
export type {
  AnnouncedValue,
  AsOfSources,
  DemandDay,
  ForecastLookup,
  IssuedForecast,
  SupplyCapacityLookup,
  TemperatureReading,
} from './as-of-sources.js';
export {
  FORECAST_FEATURES,
  featureTableAsOf,
  featuresAsOf,
  type AsOfFeatures,
  type AsOfFeatureTable,
  type AsOfProvenance,
  type KnownSupplyCapacity,
  type WeeklyTemperatureRange,
  type FeaturesAsOfOptions,
  type FeatureTableAsOfOptions,
  type ForecastFeature,
} from './features-as-of.js';
