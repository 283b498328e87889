import { TableShapeError, UnknownHeaderError } from '../errors.js';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../limits.js';
import type { DataWarning } from '../warnings.js';
import type { FileOrigin } from '../readers/cells.js';
import { readHolidayList, isHolidayListText, type Holiday } from '../readers/holidays.js';
import { jmaDailyFromExport, type JmaDailyFile } from '../readers/jma-daily.js';
import { isJmaForecastArchiveText } from '../readers/jma-forecast-archive.js';
import { isJmaWeatherCodeText } from '../readers/jma-weather-codes.js';
import { isJmaExportText, readJmaExport } from '../readers/jma-export.js';
import { jmaHourlyFromExport, type JmaHourlyFile } from '../readers/jma-hourly.js';
import { isTepcoDailyText, readTepcoDailyFile, type TepcoDailyFile } from '../readers/tepco-daily.js';
import { isTepcoYearlyText, readTepcoYearlyFile, type TepcoYearlyFile } from '../readers/tepco-yearly.js';
import { decodeText } from '../readers/text.js';
import { readZipMembers } from '../readers/zip.js';

export type SourceKind = 'tepco-daily' | 'tepco-yearly' | 'jma-daily' | 'jma-hourly' | 'holidays';

/** Everything recognised in a source, grouped by kind, before merging. */
export interface ParsedSources {
  tepcoDaily: TepcoDailyFile[];
  /** Files (ZIPs or loose CSVs) that held TEPCO daily files. */
  tepcoDailyContainers: string[];
  tepcoYearly: TepcoYearlyFile[];
  jmaDaily: JmaDailyFile[];
  jmaHourly: JmaHourlyFile[];
  holidays: { file: string; holidays: Holiday[] }[];
  ignoredFiles: string[];
  warnings: DataWarning[];
}

export function emptyParsedSources(): ParsedSources {
  return {
    tepcoDaily: [],
    tepcoDailyContainers: [],
    tepcoYearly: [],
    jmaDaily: [],
    jmaHourly: [],
    holidays: [],
    ignoredFiles: [],
    warnings: [],
  };
}

/** Names that can only be a source file: an unreadable header there is an error, not a skip. */
const SOURCE_NAMES = [/_power_usage\.csv$/i, /(^|\/)juyo-\d{4}\.csv$/i, /(^|\/)syukujitsu\.csv$/i];
const DAILY_MEMBER = /(\d{8})_power_usage\.csv$/i;
const LIVE_FOLDER = /(^|\/)live\//;

/** Recognise one file by its name and header and parse it into `into`. */
export function parseSourceFile(
  relativePath: string,
  bytes: Uint8Array,
  into: ParsedSources,
  expectedStation = '東京',
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): void {
  const lower = relativePath.toLowerCase();
  if (lower.endsWith('.zip')) {
    const before = into.tepcoDaily.length;
    for (const member of readZipMembers(bytes, relativePath, limits)) {
      if (!member.name.toLowerCase().endsWith('.csv')) {
        into.warnings.push({
          file: relativePath,
          member: member.name,
          message: `ZIP member ${member.name} is not a CSV; skipped`,
        });
        continue;
      }
      into.tepcoDaily.push(readDaily(member.bytes, { file: relativePath, member: member.name }));
    }
    if (into.tepcoDaily.length > before) into.tepcoDailyContainers.push(relativePath);
    return;
  }
  // live/ holds snapshots of days still running (fetchLiveSources): readTepcoActualsSoFar reads them.
  if (!lower.endsWith('.csv') || LIVE_FOLDER.test(relativePath)) {
    into.ignoredFiles.push(relativePath);
    return;
  }
  const { text } = decodeText(bytes);
  const origin: FileOrigin = { file: relativePath };
  if (isJmaExportText(text)) {
    const exported = readJmaExport(text, origin, expectedStation);
    if (exported.period === '年月日') into.jmaDaily.push(jmaDailyFromExport(exported));
    else into.jmaHourly.push(jmaHourlyFromExport(exported));
  } else if (isTepcoDailyText(text)) {
    into.tepcoDaily.push(readDaily(text, origin));
    into.tepcoDailyContainers.push(relativePath);
  } else if (isTepcoYearlyText(text)) {
    into.tepcoYearly.push(readTepcoYearlyFile(text, origin));
  } else if (isHolidayListText(text)) {
    into.holidays.push({ file: relativePath, holidays: readHolidayList(text, origin) });
  } else if (isJmaForecastArchiveText(text) || isJmaWeatherCodeText(text)) {
    // JMA forecasts are not part of the daily table: loadJmaForecasts reads them.
    into.ignoredFiles.push(relativePath);
  } else if (SOURCE_NAMES.some((pattern) => pattern.test(relativePath))) {
    throw new UnknownHeaderError(
      { file: relativePath, line: 1, value: text.slice(0, 60).split(/\r?\n/)[0] ?? '' },
      'file name says this is a source file but its header is not recognised',
      'the published layout (TEPCO daily/yearly, JMA export or holiday list header)',
    );
  } else {
    into.ignoredFiles.push(relativePath);
    into.warnings.push({ file: relativePath, message: 'not a recognised TEPCO, JMA or holiday file; ignored' });
  }
}

function readDaily(input: Uint8Array | string, origin: FileOrigin): TepcoDailyFile {
  const day = readTepcoDailyFile(input, origin);
  const named = DAILY_MEMBER.exec(origin.member ?? origin.file);
  if (named) {
    const nameDate = `${named[1]!.slice(0, 4)}-${named[1]!.slice(4, 6)}-${named[1]!.slice(6, 8)}`;
    if (nameDate !== day.date) {
      throw new TableShapeError(
        { ...origin, line: 1, value: day.date },
        `file name says ${nameDate} but the tables are for ${day.date}`,
        'the file name date and the DATE column to agree',
      );
    }
  }
  return day;
}
