// `@powercast/data-loaders/readers`: the pure file readers (bytes or text in, typed rows out),
// usable without the loader.
export type { FileOrigin } from './cells.js';
export { decodeText, type DecodedText, type TextEncodingName } from './text.js';
export { readZipMembers, type ZipMember } from './zip.js';
export {
  readTepcoDailyFile,
  type TepcoDailyFile,
  type TepcoDaySummary,
  type TepcoFiveMinuteRow,
  type TepcoForecastPeak,
  type TepcoHourlyRow,
  type TepcoNextDayForecast,
  type TepcoNextDaySupply,
} from './tepco-daily.js';
export { readTepcoYearlyFile, type TepcoYearlyDay, type TepcoYearlyFile } from './tepco-yearly.js';
export {
  readJmaDailyFile,
  type JmaDailyField,
  type JmaDailyFile,
  type JmaDailyObservation,
  type JmaDailyValues,
} from './jma-daily.js';
export {
  dailyFromHourly,
  readJmaHourlyFile,
  type JmaHourlyDay,
  type JmaHourlyFile,
  type JmaHourlyReading,
} from './jma-hourly.js';
export { readHolidayList, type Holiday } from './holidays.js';
export { readTepcoActualsSoFar, type TepcoActualsSoFar } from './tepco-actuals-so-far.js';
export { readJmaForecastArchive, type JmaForecastReadOptions } from './jma-forecast-archive.js';
export { readJmaForecastJson } from './jma-forecast-json.js';
export { readJmaWeatherCodes, type JmaWeatherCode } from './jma-weather-codes.js';
export {
  JMA_TOKYO_FORECAST_AREA,
  JMA_TOKYO_FORECAST_POINT,
  forecastIssueRows,
  forecastIssueTable,
} from './jma-forecast-issues.js';
