// The public API of @powercast/data-loaders: load the daily table from a folder or an S3 prefix,
// fingerprint it; load the forecasts as issued (JMA, TEPCO's night-before) and pick the latest issue
// at a time; the error family. The file readers are `@powercast/data-loaders/readers`,
// the downloader `@powercast/data-loaders/fetch`.
export {
  DAILY_COLUMNS,
  loadDailyDataset,
  type DailyDataset,
  type DatasetReport,
  type LoadDailyDatasetOptions,
} from './load/load-daily-dataset.js';
export type { DailyRow, JoinMode } from './load/merge.js';
export { datasetFingerprint } from './load/fingerprint.js';
export { DEFAULT_READ_LIMITS, readLimits, type ReadLimits } from './limits.js';
export { localDirectorySource, s3PrefixSource, type DataSource } from './load/source.js';
export type { DataWarning } from './warnings.js';
export {
  loadJmaForecasts,
  type JmaForecastDataset,
  type JmaForecastFileKind,
  type LoadJmaForecastsOptions,
} from './load/load-jma-forecasts.js';
export {
  FORECAST_ISSUE_COLUMNS,
  type ForecastIssueRow,
  type ForecastReliability,
} from './readers/jma-forecast-issues.js';
export {
  loadAsOfInputs,
  type AsOfInputs,
  type IntradayDemand,
  type IntradayTemperature,
  type LoadAsOfInputsOptions,
} from './load/load-as-of-inputs.js';
export { datesNamedBy, windowedSource, type DateWindow } from './load/dated-files.js';
export { ForecastIssueIndex, forecastForTargetDay, latestIssueAtOrBefore } from './load/forecast-selection.js';
export { SupplyCapacityIndex } from './load/supply-capacity.js';
export {
  loadTepcoNightBefore,
  tepcoNightBeforeSeries,
  type TepcoDayAheadValue,
  type TepcoNightBeforeSeries,
} from './load/tepco-night-before.js';
export {
  DataConflictError,
  DataLoaderError,
  DateOrderError,
  DownloadError,
  InputTooLargeError,
  InvalidValueError,
  SourceLayoutError,
  StationMismatchError,
  TableShapeError,
  UnknownFormatError,
  UnknownHeaderError,
  ZipArchiveError,
  type DataErrorKind,
  type FileLocation,
} from './errors.js';
