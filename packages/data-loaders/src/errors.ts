import { UserInputError } from '@powercast/contracts';

/** Where in the input a problem was found; every field that applies is filled. */
export interface FileLocation {
  file: string;
  /** ZIP member name when the file is an archive. */
  member?: string;
  /** 1-based line number in the (decoded) text. */
  line?: number;
  /** Column header text (or index when there is no header). */
  column?: string;
  /** The offending raw value. */
  value?: string;
}

export type DataErrorKind =
  | 'not-a-zip'
  | 'corrupt-zip'
  | 'unknown-format'
  | 'unknown-header'
  | 'table-shape'
  | 'invalid-value'
  | 'wrong-station'
  | 'date-order'
  | 'conflict'
  | 'missing-source'
  | 'download'
  | 'too-large';

/** At most this many characters of an offending value are quoted in a message (a 500 MB cell must not become one). */
export const MAX_QUOTED_CHARACTERS = 80;

/** A problem sentence may quote several values; it is cut here. */
const MAX_PROBLEM_CHARACTERS = 400;

/** `text` cut to `max` characters, marked with '…' and the full length when cut. */
export function quoteValue(text: string, max = MAX_QUOTED_CHARACTERS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}… (${text.length} characters)`;
}

export function describeLocation(location: FileLocation): string {
  const parts = [location.member ? `${location.file} [member ${location.member}]` : location.file];
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  if (location.value !== undefined) parts.push(`value "${location.value}"`);
  return parts.join(', ');
}

/** Base class: the message names the place, the problem and what was expected. */
export class DataLoaderError extends UserInputError {
  readonly kind: DataErrorKind;
  readonly location: FileLocation;
  readonly expected: string;

  constructor(kind: DataErrorKind, location: FileLocation, problem: string, expected: string) {
    const quoted: FileLocation = {
      ...location,
      ...(location.value !== undefined ? { value: quoteValue(location.value) } : {}),
      ...(location.column !== undefined ? { column: quoteValue(location.column) } : {}),
    };
    super(`${describeLocation(quoted)}: ${quoteValue(problem, MAX_PROBLEM_CHARACTERS)}; expected ${expected}`);
    this.kind = kind;
    this.location = quoted;
    this.expected = expected;
  }
}

/** A `.zip` that is not a ZIP, or a ZIP whose directory or member data is damaged. */
export class ZipArchiveError extends DataLoaderError {
  constructor(kind: 'not-a-zip' | 'corrupt-zip', location: FileLocation, problem: string) {
    super(kind, location, problem, 'a complete ZIP archive (as published by TEPCO) of daily CSV files');
  }
}

/** A file, an archive or an archive member is larger than the configured read limit (see ReadLimits). */
export class InputTooLargeError extends DataLoaderError {
  constructor(
    location: FileLocation,
    readonly bytes: number,
    readonly limitBytes: number,
    readonly limit: string,
  ) {
    super(
      'too-large',
      location,
      `${bytes} bytes is above the read limit ${limit} = ${limitBytes} bytes`,
      `a smaller input, or a higher ${limit} if this file is genuine (see the data-loaders README, "Read limits")`,
    );
  }
}

/** The file's header does not match any format this package reads. */
export class UnknownHeaderError extends DataLoaderError {
  constructor(location: FileLocation, problem: string, expected: string) {
    super('unknown-header', location, problem, expected);
  }
}

/** A table has the wrong number of rows, a missing section or rows in the wrong order. */
export class TableShapeError extends DataLoaderError {
  constructor(location: FileLocation, problem: string, expected: string) {
    super('table-shape', location, problem, expected);
  }
}

/** A cell could not be parsed (non-numeric value, malformed date or time). */
export class InvalidValueError extends DataLoaderError {
  constructor(location: FileLocation, expected: string) {
    super('invalid-value', location, 'cannot parse value', expected);
  }
}

/** A JMA export for a station other than the one requested. */
export class StationMismatchError extends DataLoaderError {
  constructor(location: FileLocation, expectedStation: string) {
    super('wrong-station', location, 'export is for another station', `station ${expectedStation}`);
  }
}

/** Dates that go backwards or repeat inside one file. */
export class DateOrderError extends DataLoaderError {
  constructor(location: FileLocation, previousDate: string) {
    super('date-order', location, `date does not follow ${previousDate}`, `dates in ascending order without repeats`);
  }
}

/** Two files give different numbers for the same date (and hour). */
export class DataConflictError extends DataLoaderError {
  readonly otherFile: string;
  constructor(location: FileLocation, otherFile: string, problem: string) {
    super('conflict', location, `${problem} (conflicts with ${otherFile})`, 'both files to agree (within rounding)');
    this.otherFile = otherFile;
  }
}

/** The source directory or prefix is missing or holds no recognised file. */
export class SourceLayoutError extends DataLoaderError {
  constructor(source: string, problem: string) {
    super('missing-source', { file: source }, problem, EXPECTED_LAYOUT);
  }
}

/** A download failed: names the URL, the target file and what to do next. */
export class DownloadError extends DataLoaderError {
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, target: string, problem: string, advice: string, status?: number) {
    super('download', { file: target }, `download of ${url} failed: ${problem}`, advice);
    // For downloads the useful tail is advice, not an expected format.
    this.message = `${target}: download of ${url} failed: ${problem}; what to do: ${advice}`;
    this.url = url;
    this.status = status;
  }
}

/** A file that is not in the format its reader expects (not JSON, not a JMA forecast, …). */
export class UnknownFormatError extends DataLoaderError {
  constructor(location: FileLocation, problem: string, expected: string) {
    super('unknown-format', location, problem, expected);
  }
}

export const EXPECTED_LAYOUT = `a folder (or s3:// prefix) holding, anywhere below it (names as published):
  tepco/monthly/YYYYMM_power_usage.zip   TEPCO daily files (2022-04 onward)
  tepco/yearly/juyo-YYYY.csv             TEPCO hourly actuals per year
  jma/daily/*.csv, jma/daily-full/*.csv  JMA daily exports (obsdl), station 東京
  jma/hourly/*.csv                       JMA hourly temperature exports
  holidays/syukujitsu.csv                Cabinet Office holiday list (optional)
(run "powercast-data fetch --from YYYY-MM --to YYYY-MM --dir data/raw" to download them)`;
