import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import type { S3Client } from '@aws-sdk/client-s3';
import { SourceLayoutError, UnknownFormatError } from '../errors.js';
import { download } from '../fetch/http.js';
import type { FileOrigin } from '../readers/cells.js';
import {
  addJmaForecastArchive,
  isJmaForecastArchiveText,
  type JmaForecastReadOptions,
} from '../readers/jma-forecast-archive.js';
import { ForecastIssueAssembler, forecastIssueTable, type ForecastIssueRow } from '../readers/jma-forecast-issues.js';
import { addJmaForecastJson, isJmaForecastJsonText } from '../readers/jma-forecast-json.js';
import { isJmaWeatherCodeText, readJmaWeatherCodes, type JmaWeatherCode } from '../readers/jma-weather-codes.js';
import { decodeText } from '../readers/text.js';
import { readLimits, type ReadLimits } from '../limits.js';
import { InputTooLargeError } from '../errors.js';
import { localDirectorySource, readAll, s3PrefixSource, type DataSource } from './source.js';

export interface LoadJmaForecastsOptions extends JmaForecastReadOptions {
  /**
   * A folder or `s3://bucket/prefix` (every archive CSV, live JSON and `weatherCode.csv` below it),
   * one file, an `http(s)://` URL (e.g. the live 130000.json), an `s3://…` object ending in `.json`
   * or `.csv`, or any DataSource.
   */
  source: string | DataSource;
  s3Client?: S3Client;
  /** Per-request timeout for URLs, ms (default 60 s). */
  timeoutMs?: number;
  /** Size limit on each file (`maxFileBytes`; default DEFAULT_READ_LIMITS). */
  limits?: Partial<ReadLimits>;
}

export type JmaForecastFileKind = 'archive' | 'json' | 'weather-codes';

export interface JmaForecastDataset {
  /** The forecast-issue table (`FORECAST_ISSUE_COLUMNS`), sorted by issue time and target date. */
  table: ColumnTable;
  rows: ForecastIssueRow[];
  /** The weather code table, when the source holds `weatherCode.csv`. */
  weatherCodes: JmaWeatherCode[];
  report: {
    source: string;
    files: { path: string; kind: JmaForecastFileKind }[];
    issueCount: number;
    firstIssuedAt: string | null;
    lastIssuedAt: string | null;
    /** Values given again with the same content (overlapping months, repeated issues): dropped. */
    repeatedValues: number;
  };
}

const ARCHIVE_NAME = /(^|\/)forecast_\d{6}_\d{6}\.csv$/i;
/** Live snapshots are named after the office code (130000.json, 130000_20230731T1700.json). */
const JSON_NAME = /(^|\/)\d{6}[^/]*\.json$/i;
const CODES_NAME = /(^|\/)weatherCode\.csv$/i;

/**
 * Load JMA forecast issues, from the monthly archive and live JSON snapshots alike, into one
 * forecast-issue table. Files are merged value by value: repeats are dropped, contradictions are a
 * `DataConflictError` naming both files.
 */
export async function loadJmaForecasts(options: LoadJmaForecastsOptions): Promise<JmaForecastDataset> {
  const { uri, files } = await collectFiles(options);
  const assembler = new ForecastIssueAssembler();
  let weatherCodes: JmaWeatherCode[] = [];
  const used: { path: string; kind: JmaForecastFileKind }[] = [];
  for (const file of files) {
    const origin: FileOrigin = { file: file.path };
    const kind = file.kind ?? kindOfContent(decodeText(file.bytes).text, file.path);
    if (kind === 'archive') addJmaForecastArchive(file.bytes, origin, assembler, options);
    else if (kind === 'json') addJmaForecastJson(file.bytes, origin, assembler, options);
    else weatherCodes = readJmaWeatherCodes(file.bytes, origin);
    used.push({ path: file.path, kind });
  }
  const rows = assembler.rows();
  if (rows.length === 0 && used.every((file) => file.kind === 'weather-codes')) {
    throw new SourceLayoutError(
      uri,
      'no JMA forecast file found (forecast_YYYYMM_130000.csv archives or 130000*.json snapshots)',
    );
  }
  const issues = new Set(rows.map((row) => row.issued_at));
  return {
    table: forecastIssueTable(rows),
    rows,
    weatherCodes,
    report: {
      source: uri,
      files: used,
      issueCount: issues.size,
      firstIssuedAt: rows[0]?.issued_at ?? null,
      lastIssuedAt: rows.at(-1)?.issued_at ?? null,
      repeatedValues: assembler.repeatedValues,
    },
  };
}

interface SourceFile {
  path: string;
  bytes: Uint8Array;
  /** Known from the name in a folder; told from the content for a single file or URL. */
  kind?: JmaForecastFileKind;
}

async function collectFiles(options: LoadJmaForecastsOptions): Promise<{ uri: string; files: SourceFile[] }> {
  const { source } = options;
  const { maxFileBytes } = readLimits(options.limits);
  if (typeof source !== 'string') return fromFolder(source, maxFileBytes);
  if (/^https?:\/\//i.test(source)) {
    const bytes = await download(
      source,
      source,
      { method: 'GET' },
      options.timeoutMs,
      'check the URL: the live Tokyo forecast is https://www.jma.go.jp/bosai/forecast/data/forecast/130000.json',
      maxFileBytes,
    );
    return { uri: source, files: [{ path: source, bytes }] };
  }
  if (source.startsWith('s3://')) {
    if (!options.s3Client) throw new SourceLayoutError(source, 'an s3:// source needs an s3Client');
    if (/\.(json|csv)$/i.test(source)) {
      const slash = source.lastIndexOf('/');
      const object = source.slice(slash + 1);
      const bytes = await s3PrefixSource(source.slice(0, slash + 1), options.s3Client).read(object, maxFileBytes);
      return { uri: source, files: [{ path: source, bytes }] };
    }
    return fromFolder(s3PrefixSource(source, options.s3Client), maxFileBytes);
  }
  const info = await stat(source).catch(() => undefined);
  if (info?.isFile()) {
    if (info.size > maxFileBytes)
      throw new InputTooLargeError({ file: source }, info.size, maxFileBytes, 'maxFileBytes');
    return { uri: path.resolve(source), files: [{ path: source, bytes: await readFile(source) }] };
  }
  return fromFolder(localDirectorySource(source), maxFileBytes);
}

async function fromFolder(source: DataSource, maxFileBytes: number): Promise<{ uri: string; files: SourceFile[] }> {
  const paths = (await source.list()).filter(
    (file) => ARCHIVE_NAME.test(file) || JSON_NAME.test(file) || CODES_NAME.test(file),
  );
  const contents = await readAll(source, paths, maxFileBytes);
  return {
    uri: source.uri,
    files: paths.map((file, i) => ({
      path: file,
      bytes: contents[i]!,
      kind: CODES_NAME.test(file) ? 'weather-codes' : ARCHIVE_NAME.test(file) ? 'archive' : 'json',
    })),
  };
}

function kindOfContent(text: string, file: string): JmaForecastFileKind {
  if (isJmaForecastJsonText(text)) return 'json';
  if (isJmaForecastArchiveText(text)) return 'archive';
  if (isJmaWeatherCodeText(text)) return 'weather-codes';
  throw new UnknownFormatError(
    { file, line: 1, value: text.slice(0, 60).split(/\r?\n/)[0] ?? '' },
    'neither a JMA forecast JSON, a forecast archive CSV nor weatherCode.csv',
    'the live 130000.json, a forecast_YYYYMM_130000.csv archive or weatherCode.csv',
  );
}
