export { categoriseWeather, WEATHER_CATEGORIES, type WeatherCategory } from './weather.js';
export { isJapaneseHoliday, japaneseHolidayName, japaneseHolidayDates, HOLIDAY_YEARS } from './holidays.js';
export { calendarDay, type CalendarDay } from './calendar.js';
export { parseIsoDate, isoDateFromDayNumber, dayOfWeekMon0 } from './dates.js';
export { temperatureFeatures, type TemperatureFeatures, type TemperatureThresholds } from './temperature.js';
export {
  defaultFeatureConfig,
  resolveFeatureConfig,
  ENCODABLE_COLUMNS,
  EXTRA_WEATHER_COLUMNS,
  type FeatureConfig,
  type FeatureSetName,
  type TargetColumn,
  type EncoderConfig,
  type EncoderName,
  type EncodableColumn,
  type ExtraWeatherColumn,
} from './config.js';
export { fitEncoder, encoderOutputNames, ORDINAL_UNKNOWN, type FittedEncoderState } from './encoders.js';
export { REFERENCE_FEATURES, EXTENDED_FEATURES, RECENT_DEMAND_FEATURES } from './feature-names.js';
export type { ForecastRecord, WeatherObservation } from './inputs.js';
export { RECENT_DEMAND_WINDOW, type DemandObservation } from './demand-history.js';
export type { FeatureMatrix } from './kernel.js';
export { fitFeatureSpec, parseFeatureSpec, FEATURE_SPEC_VERSION, type FeatureSpec } from './spec.js';
export { transform, transformRecords, type TransformOptions } from './transform.js';
export { validateRecords, TEMPERATURE_RANGE_C, type FieldError, type RecordsValidation } from './records.js';
export { splitByDate, type SplitOptions } from './split.js';
export {
  summariseFeatures,
  featureDrift,
  populationStabilityIndex,
  binProportions,
  DRIFT_QUANTILES,
  type FeatureDistribution,
  type FeatureBins,
  type DriftReport,
} from './drift.js';
export { FeaturesError, FeatureInputError, FeatureConfigError, SplitError } from './errors.js';
export { defaultIssuedAt } from './issue-time.js';
export { categoriseForecastWeather, type ForecastWeatherSource, type WeatherCodeWords } from './forecast-weather.js';
export type { AsOfSources, ForecastLookup, IssuedForecast, DemandDay, TemperatureReading } from './as-of-sources.js';
export {
  featuresAsOf,
  featureTableAsOf,
  FORECAST_FEATURES,
  type ForecastFeature,
  type AsOfFeatures,
  type AsOfFeatureTable,
  type AsOfProvenance,
  type FeaturesAsOfOptions,
  type FeatureTableAsOfOptions,
} from './features-as-of.js';
