export * from './errors.js';
export type { DataWarning } from './warnings.js';
export type { FileOrigin } from './readers/cells.js';
export { decodeText, type DecodedText, type TextEncodingName } from './readers/text.js';
export { readZipMembers, type ZipMember } from './readers/zip.js';
export * from './readers/tepcoDaily.js';
export * from './readers/tepcoYearly.js';
export * from './readers/jmaExport.js';
export * from './readers/jmaDaily.js';
export * from './readers/jmaHourly.js';
export * from './readers/holidays.js';
export * from './load/source.js';
export * from './load/parseFiles.js';
export * from './load/merge.js';
export * from './load/loadDailyDataset.js';
export * from './load/fingerprint.js';
export * from './fetch/plan.js';
export * from './fetch/jmaObsdl.js';
export * from './fetch/fetchSources.js';
export { describeDataset, type DataInventory, type KindInventory } from './cli/describe.js';
// Ex-ante inputs (issue 12): JMA forecasts as issued, TEPCO's night-before values and running day.
export { UnknownFormatError } from './errors.js';
export type { LiveFetchKind } from './fetch/plan.js';
export type { TepcoNextDaySupply } from './readers/tepcoDaily.js';
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
