import { DateOrderError, InvalidValueError, StationMismatchError, UnknownHeaderError } from '../errors.js';
import { at, type FileOrigin } from './cells.js';
import { parseSlashDate } from './dates.js';
import { toText, splitCsvLine, splitLines } from './text.js';

/** Sub-column labels that qualify the value column before them. */
const QUALIFIERS = ['品質情報', '均質番号', '現象なし情報'] as const;
type Qualifier = (typeof QUALIFIERS)[number];

/** One element of an export: its value column and the qualifier columns that belong to it. */
export interface JmaColumnGroup {
  /** Element header, e.g. '最高気温(℃)'; with a secondary label: '最高気温(℃)/時分'. */
  key: string;
  element: string;
  /** Secondary label ('時分', '風向') or ''. */
  secondary: string;
  valueColumn: number;
  qualityColumn: number | null;
  homogeneityColumn: number | null;
  phenomenonAbsentColumn: number | null;
}

/** A parsed obsdl export: header structure plus raw data rows (cells as text). */
export interface JmaExport {
  origin: FileOrigin;
  /** 'YYYY-MM-DDTHH:MM:SS' from 'ダウンロードした時刻：…' (JST, as written). */
  downloadedAt: string;
  station: string;
  /** First header cell: '年月日' (daily) or '年月日時' (hourly). */
  period: '年月日' | '年月日時';
  groups: JmaColumnGroup[];
  rows: { cells: string[]; line: number }[];
  /** Line of the element header, for messages. */
  headerLine: number;
}

const DOWNLOAD_STAMP = /^ダウンロードした時刻：(\d{4})\/(\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})/;

export function isJmaExportText(text: string): boolean {
  return text.startsWith('ダウンロードした時刻：');
}

/**
 * Parse the header rows of a JMA obsdl export by their labels, never by position: the station
 * row, the element row ('年月日…'), then optional secondary (時分/風向) and qualifier rows.
 * Data starts at the first line whose first cell is a date.
 */
export function readJmaExport(input: Uint8Array | string, origin: FileOrigin, expectedStation = '東京'): JmaExport {
  const text = toText(input);
  const lines = splitLines(text);
  const stamp = DOWNLOAD_STAMP.exec(lines[0] ?? '');
  if (!stamp) {
    throw new UnknownHeaderError(
      { ...at(origin, 1), value: (lines[0] ?? '').slice(0, 40) },
      'not a JMA export',
      'a first line "ダウンロードした時刻：YYYY/MM/DD HH:MM:SS"',
    );
  }
  const [, y, mo, d, h, mi, s] = stamp;
  const downloadedAt = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}T${h!.padStart(2, '0')}:${mi}:${s}`;

  let headerIndex = -1;
  for (let i = 1; i < Math.min(lines.length, 12); i++) {
    const first = lines[i]!.split(',', 1)[0]!.trim();
    if (first === '年月日' || first === '年月日時') {
      headerIndex = i;
      break;
    }
  }
  if (headerIndex < 0) {
    throw new UnknownHeaderError(
      at(origin, 2),
      'no element header row',
      'a header row starting with 年月日 (daily) or 年月日時 (hourly)',
    );
  }
  const header = splitCsvLine(lines[headerIndex]!).map((cell) => cell.trim());
  const period = header[0] as JmaExport['period'];

  const stationCells = headerIndex > 0 ? splitCsvLine(lines[headerIndex - 1]!).map((cell) => cell.trim()) : [];
  const stations = new Set(stationCells.slice(1).filter((cell) => cell !== ''));
  if (stations.size === 0) {
    throw new UnknownHeaderError(
      at(origin, headerIndex),
      'no station row above the element header',
      `a row ",${expectedStation},${expectedStation},..."`,
    );
  }
  for (const station of stations) {
    if (station !== expectedStation) {
      const column = stationCells.indexOf(station);
      throw new StationMismatchError(
        { ...at(origin, headerIndex, header[column] ?? String(column + 1)), value: station },
        expectedStation,
      );
    }
  }

  let dataStart = headerIndex + 1;
  let secondary: string[] = [];
  let qualifiers: string[] = [];
  for (; dataStart < lines.length; dataStart++) {
    const cells = splitCsvLine(lines[dataStart]!).map((cell) => cell.trim());
    if (parseSlashDate(cells[0]!.split(' ')[0]!) !== null) break;
    if (cells.some((cell) => (QUALIFIERS as readonly string[]).includes(cell))) qualifiers = cells;
    else if (cells.some((cell) => cell !== '')) secondary = cells;
  }

  const groups: JmaColumnGroup[] = [];
  const openGroup = new Map<string, JmaColumnGroup>();
  for (let column = 1; column < header.length; column++) {
    const element = header[column]!;
    if (element === '') continue;
    const second = secondary[column] ?? '';
    const key = second === '' ? element : `${element}/${second}`;
    const qualifier = (qualifiers[column] ?? '') as Qualifier | '';
    if (qualifier === '') {
      const group: JmaColumnGroup = {
        key,
        element,
        secondary: second,
        valueColumn: column,
        qualityColumn: null,
        homogeneityColumn: null,
        phenomenonAbsentColumn: null,
      };
      groups.push(group);
      openGroup.set(key, group);
      continue;
    }
    const group = openGroup.get(key);
    if (!group) {
      throw new UnknownHeaderError(
        { ...at(origin, headerIndex, element), value: qualifier },
        'qualifier column without a value column before it',
        'each 品質情報/均質番号/現象なし情報 column to follow its value column',
      );
    }
    if (qualifier === '品質情報') group.qualityColumn = column;
    else if (qualifier === '均質番号') group.homogeneityColumn = column;
    else if (qualifier === '現象なし情報') group.phenomenonAbsentColumn = column;
    else {
      throw new UnknownHeaderError(
        { ...at(origin, headerIndex + 1, element), value: qualifier },
        'unknown qualifier label',
        `one of ${QUALIFIERS.join(', ')}`,
      );
    }
  }

  const rows: JmaExport['rows'] = [];
  for (let i = dataStart; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    rows.push({ cells: splitCsvLine(line), line: i + 1 });
  }
  return { origin, downloadedAt, station: [...stations][0]!, period, groups, rows, headerLine: headerIndex + 1 };
}

/** Daily rows: check each first cell is a date, ascending, without repeats. */
export function readRowDates(exported: JmaExport): string[] {
  const dates: string[] = [];
  let previous = '';
  for (const { cells, line } of exported.rows) {
    const date = parseSlashDate(cells[0] ?? '');
    if (!date)
      throw new InvalidValueError(
        { ...at(exported.origin, line, exported.period), value: cells[0] ?? '' },
        'a date YYYY/M/D',
      );
    if (date <= previous)
      throw new DateOrderError({ ...at(exported.origin, line, exported.period), value: cells[0]! }, previous);
    dates.push(date);
    previous = date;
  }
  return dates;
}

export function findGroup(exported: JmaExport, element: string): JmaColumnGroup | undefined {
  return exported.groups.find((group) => group.key === element);
}
