import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { S3Client } from '@aws-sdk/client-s3';
import { SourceLayoutError } from '../errors.js';
import { readLimits, type ReadLimits } from '../limits.js';
import type { Holiday } from '../readers/holidays.js';
import type { DataWarning } from '../warnings.js';
import { mergeSources, type DailyRow, type JoinMode, type SourceInventory } from './merge.js';
import { emptyParsedSources, parseSourceFile, type ParsedSources } from './parse-files.js';
import { localDirectorySource, readAll, s3PrefixSource, type DataSource } from './source.js';

export interface LoadDailyDatasetOptions {
  /** A local directory, an 's3://bucket/prefix' URI, or any DataSource. */
  source: string | DataSource;
  /** 'target' (default): every date with a demand value; 'inner': only dates that also have JMA daily weather. */
  join?: JoinMode;
  /** Client for s3:// sources (tests pass one configured for s3rver). */
  s3Client?: S3Client;
  /** JMA station every export must be for (default 東京). */
  station?: string;
  /** Size limits on files and ZIP members (defaults: DEFAULT_READ_LIMITS). */
  limits?: Partial<ReadLimits>;
}

export interface DatasetReport {
  source: string;
  join: JoinMode;
  rowCount: number;
  firstDate: string | null;
  lastDate: string | null;
  /** Dates missing between the first and the last row. */
  gaps: string[];
  warnings: DataWarning[];
  inventory: SourceInventory[];
  /** Identical repeated days (same date, same numbers) that were dropped. */
  duplicatesDropped: number;
  /** Files under the source that are not data files (README, unknown CSVs). */
  ignoredFiles: string[];
}

export interface DailyDataset {
  table: ColumnTable;
  report: DatasetReport;
  /** The Cabinet Office holiday list, when the source has one (for cross-checks). */
  holidays: Holiday[];
}

/** Column order of the daily table; optional weather columns appear only when a source has them. */
export const DAILY_COLUMNS = [
  'date',
  'peak_hourly',
  'peak_5min',
  'peak_hour',
  'max_temp',
  'min_temp',
  'mean_temp',
  'max_temp_hourly',
  'min_temp_hourly',
  'mean_temp_hourly',
  'weather_day',
  'weather_night',
  'precipitation_mm',
  'sunshine_hours',
  'humidity_mean',
  'tepco_forecast_peak',
  'sources',
] as const;

export function resolveSource(source: string | DataSource, s3Client?: S3Client): DataSource {
  if (typeof source !== 'string') return source;
  if (source.startsWith('s3://')) {
    if (!s3Client) throw new SourceLayoutError(source, 'an s3:// source needs an s3Client');
    return s3PrefixSource(source, s3Client);
  }
  return localDirectorySource(source);
}

/** Read every recognised file under the source (pure parsing after the reads). */
export async function readSources(
  source: DataSource,
  station = '東京',
  limits: ReadLimits = readLimits(),
): Promise<ParsedSources> {
  const paths = await source.list();
  if (paths.length === 0) throw new SourceLayoutError(source.uri, 'no files found');
  const contents = await readAll(source, paths, limits.maxFileBytes);
  const parsed = emptyParsedSources();
  paths.forEach((path, index) => parseSourceFile(path, contents[index]!, parsed, station, limits));
  if (parsed.tepcoDaily.length === 0 && parsed.tepcoYearly.length === 0) {
    throw new SourceLayoutError(
      source.uri,
      `no TEPCO demand file among ${paths.length} file(s) (${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''})`,
    );
  }
  return parsed;
}

/** Load and merge everything under `source` into one daily table plus a report. */
export async function loadDailyDataset(options: LoadDailyDatasetOptions): Promise<DailyDataset> {
  const source = resolveSource(options.source, options.s3Client);
  const join = options.join ?? 'target';
  const parsed = await readSources(source, options.station, readLimits(options.limits));
  const merged = mergeSources(parsed, join);
  const columns = DAILY_COLUMNS.filter(
    (column) =>
      !(['weather_night', 'precipitation_mm', 'sunshine_hours', 'humidity_mean'] as string[]).includes(column) ||
      (merged.optionalColumns as string[]).includes(column),
  );
  return {
    table: rowsToTable(merged.rows, columns),
    report: {
      source: source.uri,
      join,
      rowCount: merged.rows.length,
      firstDate: merged.rows[0]?.date ?? null,
      lastDate: merged.rows.at(-1)?.date ?? null,
      gaps: merged.gaps,
      warnings: merged.warnings,
      inventory: merged.inventory,
      duplicatesDropped: merged.duplicatesDropped,
      ignoredFiles: parsed.ignoredFiles,
    },
    holidays: merged.holidays,
  };
}

function rowsToTable(rows: readonly DailyRow[], columns: readonly (keyof DailyRow)[]): ColumnTable {
  const data: Record<string, unknown[]> = {};
  for (const column of columns) data[column] = rows.map((row) => row[column] ?? null);
  return aq.table(data, [...columns]);
}
