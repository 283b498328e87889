export * from './errors.js';
export type { DataWarning } from './warnings.js';
export type { FileOrigin } from './readers/cells.js';
export { decodeText, type DecodedText, type TextEncodingName } from './readers/text.js';
export { readZipMembers, type ZipMember } from './readers/zip.js';
export * from './readers/tepco-daily.js';
export * from './readers/tepco-yearly.js';
export * from './readers/jma-export.js';
export * from './readers/jma-daily.js';
export * from './readers/jma-hourly.js';
export * from './readers/holidays.js';
export * from './load/source.js';
export * from './load/parse-files.js';
export * from './load/merge.js';
export * from './load/load-daily-dataset.js';
export * from './load/fingerprint.js';
export * from './fetch/plan.js';
export * from './fetch/jma-obsdl.js';
export * from './fetch/fetch-sources.js';
export { describeDataset, type DataInventory, type KindInventory } from './cli/describe.js';
// Ex-ante inputs (issue 12): JMA forecasts as issued, TEPCO's night-before values and running day.
export { UnknownFormatError } from './errors.js';
export type { LiveFetchKind } from './fetch/plan.js';
export type { TepcoNextDaySupply } from './readers/tepco-daily.js';
export {
  FORECAST_ISSUE_COLUMNS,
  JMA_TOKYO_FORECAST_AREA,
  JMA_TOKYO_FORECAST_POINT,
  forecastIssueTable,
  forecastIssueRows,
  type ForecastIssueRow,
  type ForecastReliability,
} from './readers/jma-forecast-issues.js';
export { readJmaForecastArchive, type JmaForecastReadOptions } from './readers/jma-forecast-archive.js';
export { readJmaForecastJson } from './readers/jma-forecast-json.js';
export { readJmaWeatherCodes, type JmaWeatherCode } from './readers/jma-weather-codes.js';
export { readTepcoActualsSoFar, type TepcoActualsSoFar } from './readers/tepco-actuals-so-far.js';
export { ForecastIssueIndex, latestIssueAtOrBefore, forecastForTargetDay } from './load/forecast-selection.js';
export {
  loadJmaForecasts,
  type LoadJmaForecastsOptions,
  type JmaForecastDataset,
  type JmaForecastFileKind,
} from './load/load-jma-forecasts.js';
export {
  loadTepcoNightBefore,
  tepcoNightBeforeSeries,
  type TepcoDayAheadValue,
  type TepcoNightBeforeSeries,
} from './load/tepco-night-before.js';
export { fetchLiveSources, DEFAULT_LIVE_URLS, type FetchLiveOptions, type LiveUrls } from './fetch/fetch-live.js';
