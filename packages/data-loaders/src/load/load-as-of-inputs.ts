import type { S3Client } from '@aws-sdk/client-s3';
import type { ColumnTable } from 'arquero';
import { SourceLayoutError } from '../errors.js';
import { readLimits, type ReadLimits } from '../limits.js';
import { readJmaHourlyFile } from '../readers/jma-hourly.js';
import type { JmaWeatherCode } from '../readers/jma-weather-codes.js';
import { readTepcoYearlyFile } from '../readers/tepco-yearly.js';
import { windowedSource, type DateWindow } from './dated-files.js';
import { ForecastIssueIndex } from './forecast-selection.js';
import { loadDailyDataset, resolveSource, type DailyDataset } from './load-daily-dataset.js';
import { loadJmaForecasts, type JmaForecastDataset } from './load-jma-forecasts.js';
import type { JoinMode } from './merge.js';
import { readAll, type DataSource } from './source.js';
import { SupplyCapacityIndex } from './supply-capacity.js';
import { loadTepcoNightBefore, type TepcoNightBeforeSeries } from './tepco-night-before.js';

/** One day of TEPCO hourly actuals (hour 0 = 0:00–1:00; null = not measured yet). */
export interface IntradayDemand {
  date: string;
  hourlyManKw: (number | null)[];
}

/** One JMA hourly temperature on JMA's day (hour 24 is the reading at D+1 0:00). */
export interface IntradayTemperature {
  date: string;
  hour: number;
  tempC: number | null;
}

/**
 * Everything a forecast as of an issue time may look at, read from one data folder laid out like
 * `../shared/data` (or an S3 prefix). Its fields fit `AsOfSources` of @powercast/features.
 */
export interface AsOfInputs {
  daily: ColumnTable;
  dailyReport: DailyDataset['report'];
  /** JMA's issues (null when the folder has no `jma/forecast/`, or `forecasts: false` was asked). */
  forecastDataset: JmaForecastDataset | null;
  forecasts: ForecastIssueIndex;
  weatherCodes: JmaWeatherCode[];
  demand: IntradayDemand[];
  temperatures: IntradayTemperature[];
  /** TEPCO's night-before forecasts (null when the folder has no TEPCO daily files). */
  tepcoNightBefore: TepcoNightBeforeSeries | null;
  /** TEPCO's announced next-day supply capacity by target day (empty when the night-before series was not read). */
  supplyCapacity: SupplyCapacityIndex;
}

export interface LoadAsOfInputsOptions {
  /** The data folder (`tepco/…`, `jma/…`), an `s3://bucket/prefix`, or a DataSource. */
  source: string | DataSource;
  s3Client?: S3Client;
  join?: JoinMode;
  /** Read JMA's forecast archive (default true; a backcast does not need it). */
  forecasts?: boolean;
  /**
   * Read TEPCO's night-before forecasts and announced supply capacities (default true; a live
   * forecast needs only the capacity, for its tight-supply outlook).
   */
  nightBefore?: boolean;
  /**
   * Read only the files whose names date them inside this window (and every undated file): a
   * forecast as of one day needs its last ~60 days, not the whole archive. Default: every file.
   */
  window?: DateWindow;
  /** Size limits on files and ZIP members (defaults: DEFAULT_READ_LIMITS). */
  limits?: Partial<ReadLimits>;
}

const YEARLY_DEMAND = /^tepco\/yearly\/juyo-\d{4}\.csv$/;
const HOURLY_TEMPERATURE = /^jma\/hourly\/temperature-\d{4}\.csv$/;

/** The files of `source` below `folder` (paths stay relative to the source, so errors name the whole path). */
function below(source: DataSource, folder: string, all: readonly string[]): DataSource {
  const prefix = `${folder}/`;
  return {
    uri: source.uri,
    list: () => Promise.resolve(all.filter((file) => file.startsWith(prefix))),
    read: (relative, maxBytes) => source.read(relative, maxBytes),
  };
}

const isMissingFolder = (error: unknown): boolean => error instanceof SourceLayoutError;

/** Read the daily table, JMA's issues, intraday demand and temperatures and TEPCO's night-before forecasts. */
export async function loadAsOfInputs(options: LoadAsOfInputsOptions): Promise<AsOfInputs> {
  const resolved = resolveSource(options.source, options.s3Client);
  const source = options.window === undefined ? resolved : windowedSource(resolved, options.window);
  const limits = readLimits(options.limits);
  const files = await source.list();
  if (files.length === 0) throw new SourceLayoutError(source.uri, 'no files found');
  const yearly = files.filter((file) => YEARLY_DEMAND.test(file));
  const hourly = files.filter((file) => HOURLY_TEMPERATURE.test(file));
  const [dataset, forecastDataset, tepcoNightBefore, yearlyBytes, hourlyBytes] = await Promise.all([
    loadDailyDataset({ source, limits, ...(options.join ? { join: options.join } : {}) }),
    options.forecasts === false
      ? null
      : loadJmaForecasts({ source: below(source, 'jma/forecast', files), limits }).catch((error: unknown) => {
          if (isMissingFolder(error)) return null;
          throw error;
        }),
    options.nightBefore === false
      ? null
      : loadTepcoNightBefore({ source: below(source, 'tepco/monthly', files), limits }).catch((error: unknown) => {
          if (isMissingFolder(error)) return null;
          throw error;
        }),
    readAll(source, yearly, limits.maxFileBytes),
    readAll(source, hourly, limits.maxFileBytes),
  ]);
  const demand = yearly.flatMap((file, i) =>
    readTepcoYearlyFile(yearlyBytes[i]!, { file }).days.map((day) => ({
      date: day.date,
      hourlyManKw: day.hourlyManKw,
    })),
  );
  const temperatures = hourly.flatMap((file, i) =>
    readJmaHourlyFile(hourlyBytes[i]!, { file }).readings.map(({ date, hour, tempC }) => ({ date, hour, tempC })),
  );
  return {
    daily: dataset.table,
    dailyReport: dataset.report,
    forecastDataset,
    forecasts: new ForecastIssueIndex(forecastDataset?.rows ?? []),
    weatherCodes: forecastDataset?.weatherCodes ?? [],
    demand,
    temperatures,
    tepcoNightBefore,
    supplyCapacity: new SupplyCapacityIndex(tepcoNightBefore?.supply ?? []),
  };
}
