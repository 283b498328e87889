import type { ParsedSources } from '../load/parse-files.js';
import { detection, type Detection } from './finding.js';

/** A file's bytes as read (ZIP members separately), for the encoding check. */
export interface SourceText {
  file: string;
  member?: string;
  bytes: Uint8Array;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const cp932 = new TextDecoder('shift_jis');

const hasHighBytes = (bytes: Uint8Array): boolean => bytes.some((byte) => byte > 0x7f);

/** Byte ranges of the lines (LF-separated; a CR stays with its line, it is ASCII). */
function lineRanges(bytes: Uint8Array): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      ranges.push([start, i]);
      start = i + 1;
    }
  }
  if (start < bytes.length) ranges.push([start, bytes.length]);
  return ranges;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lines in another encoding than the rest of the file. The readers decode a whole file one way (UTF-8
 * if it all is, else CP932), so one UTF-8 row in a CP932 export comes out as mojibake that parses.
 * Per line: non-ASCII bytes that are valid UTF-8 are UTF-8 (CP932 Japanese text almost never is),
 * others are CP932; the minority is the damage. Bytes CP932 cannot decode either are damage too.
 */
export function checkEncoding(texts: readonly SourceText[]): Detection[] {
  const found: Detection[] = [];
  for (const text of texts) {
    if (!hasHighBytes(text.bytes)) continue;
    const utf8Lines: number[] = [];
    const cp932Lines: number[] = [];
    const undecodable: number[] = [];
    lineRanges(text.bytes).forEach(([start, end], index) => {
      const line = text.bytes.subarray(start, end);
      if (!hasHighBytes(line)) return;
      if (isUtf8(line)) utf8Lines.push(index + 1);
      else if (cp932.decode(line).includes('\ufffd')) undecodable.push(index + 1);
      else cp932Lines.push(index + 1);
    });
    const [minority, majorityName, minorityName] =
      utf8Lines.length <= cp932Lines.length ? [utf8Lines, 'CP932', 'UTF-8'] : [cp932Lines, 'UTF-8', 'CP932'];
    const place = { file: text.file, ...(text.member === undefined ? {} : { member: text.member }) };
    const lineText = (line: number): string => {
      const [start, end] = lineRanges(text.bytes)[line - 1]!;
      const bytes = text.bytes.subarray(start, end);
      return (isUtf8(bytes) ? strictUtf8.decode(bytes) : cp932.decode(bytes)).replace(/\r$/, '');
    };
    if (minority.length > 0 && utf8Lines.length > 0 && cp932Lines.length > 0) {
      const line = minority[0]!;
      found.push(
        detection(
          'mixed-encoding',
          place,
          { date: null, line, value: lineText(line) },
          `${minority.length} ${minorityName} line(s) in a ${majorityName} file (first line ${line}): decoded as ${majorityName} they become other characters`,
        ),
      );
    }
    if (undecodable.length > 0) {
      const line = undecodable[0]!;
      found.push(
        detection(
          'mixed-encoding',
          place,
          { date: null, line, value: lineText(line) },
          `${undecodable.length} line(s) with bytes that are neither UTF-8 nor CP932 (first line ${line})`,
        ),
      );
    }
  }
  return found;
}

/** A date twice among TEPCO daily files or among TEPCO yearly files (identical: the loader keeps the first). */
export function checkDuplicates(parsed: ParsedSources): Detection[] {
  const found: Detection[] = [];
  const daily = new Map<string, ParsedSources['tepcoDaily'][number]>();
  for (const day of parsed.tepcoDaily) {
    const kept = daily.get(day.date);
    if (kept === undefined) {
      daily.set(day.date, day);
      continue;
    }
    const keptName = kept.origin.member === undefined ? kept.origin.file : `${kept.origin.file}#${kept.origin.member}`;
    found.push(
      detection(
        'duplicate-rows',
        day.origin,
        { date: day.date, line: 1, value: day.date },
        `${day.date} is also in ${keptName}, which is kept`,
      ),
    );
  }
  const yearly = new Map<string, { file: string; line: number }>();
  for (const file of parsed.tepcoYearly) {
    for (const day of file.days) {
      const kept = yearly.get(day.date);
      if (kept === undefined) {
        yearly.set(day.date, { file: file.origin.file, line: day.line });
        continue;
      }
      found.push(
        detection(
          'duplicate-rows',
          file.origin,
          { date: day.date, line: day.line, value: day.date },
          `${day.date} is also in ${kept.file} line ${kept.line}, which is kept`,
        ),
      );
    }
  }
  return found;
}

/** A listed file with its size, to tell an empty file from a missing one. */
export interface ListedFile {
  path: string;
  bytes: number;
}

interface OptionalInput {
  name: string;
  expected: string;
  present: (parsed: ParsedSources, files: readonly ListedFile[]) => boolean;
  consequence: string;
}

const OPTIONAL_INPUTS: readonly OptionalInput[] = [
  {
    name: 'JMA daily export',
    expected: 'jma/daily/*.csv or jma/daily-full/*.csv',
    present: (parsed) => parsed.jmaDaily.some((file) => file.rows.length > 0),
    consequence: 'no daily weather: temperatures only from the hourly export, no weather text',
  },
  {
    name: 'JMA hourly export',
    expected: 'jma/hourly/temperature-YYYY.csv',
    present: (parsed) => parsed.jmaHourly.some((file) => file.readings.length > 0),
    consequence: 'no hourly temperatures (and no ex-ante temperatures so far)',
  },
  {
    name: 'holiday list',
    expected: 'holidays/syukujitsu.csv',
    present: (parsed) => parsed.holidays.some((file) => file.holidays.length > 0),
    consequence: 'no cross-check of the calendar features against the Cabinet Office list',
  },
  {
    name: 'JMA forecast archive',
    expected: 'jma/forecast/forecast_YYYYMM_130000.csv',
    present: (_, files) => files.some((file) => /forecast_\d{6}_130000\.csv$|130000[^/]*\.json$/.test(file.path)),
    consequence: 'no ex-ante evaluation (the gate uses the backcast)',
  },
];

/**
 * Optional inputs that are missing, and files that are empty (0 bytes, or a header and no rows):
 * the run goes on without them, but never silently. `daysWithoutWeather` lists the demand days that
 * ended up with no weather text.
 */
export function checkOptionalInputs(
  parsed: ParsedSources,
  files: readonly ListedFile[],
  daysWithoutWeather: readonly string[],
): Detection[] {
  const found: Detection[] = [];
  const emptyExports = [
    ...parsed.jmaDaily.filter((file) => file.rows.length === 0).map((file) => file.origin.file),
    ...parsed.jmaHourly.filter((file) => file.readings.length === 0).map((file) => file.origin.file),
  ];
  const empty = new Set([...files.filter((file) => file.bytes === 0).map((file) => file.path), ...emptyExports]);
  const weatherNote =
    daysWithoutWeather.length === 0
      ? ''
      : `; ${daysWithoutWeather.length} demand days have no weather text (${daysWithoutWeather[0]} .. ${daysWithoutWeather.at(-1)})`;
  for (const path of [...empty].sort()) {
    found.push(
      detection(
        'optional-input-missing',
        { file: path },
        { date: null, line: null, value: null },
        `${path} is empty: ignored${/jma\/daily/.test(path) ? weatherNote : ''}`,
      ),
    );
  }
  for (const input of OPTIONAL_INPUTS) {
    if (input.present(parsed, files)) continue;
    found.push(
      detection(
        'optional-input-missing',
        { file: input.expected },
        { date: null, line: null, value: null },
        `no ${input.name} (${input.expected}): ${input.consequence}${input.name === 'JMA daily export' ? weatherNote : ''}`,
      ),
    );
  }
  return found;
}
