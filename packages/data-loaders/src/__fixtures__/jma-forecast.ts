/**
 * Builders for JMA forecast files: archive lines by hand, and a live-format `130000.json` made
 * from the archive rows of one issue (how the archive was made, reversed), with the other areas
 * of the Tokyo office added so readers must pick Tokyo's.
 */
import { splitCsvLine, splitLines } from '../readers/text.js';

export const ARCHIVE_COLUMNS = [
  'publishingOffice',
  'reportDatetime',
  'timeDefine',
  'areaName',
  'areaCode',
  'weatherCode',
  'weather',
  'wind',
  'wave',
  'pop',
  'temp',
  'tempMin',
  'tempMax',
  'tempMinUpper',
  'tempMaxUpper',
  'tempMinLower',
  'tempMaxLower',
  'reliability',
] as const;
export type ArchiveColumn = (typeof ARCHIVE_COLUMNS)[number];
export type ArchiveRecord = Record<ArchiveColumn, string>;

export const ARCHIVE_HEADER = ARCHIVE_COLUMNS.join(',');

/** One archive line, every field quoted like the real files. */
export function archiveLine(fields: Partial<ArchiveRecord>): string {
  const record: Partial<ArchiveRecord> = { publishingOffice: '気象庁', ...fields };
  return ARCHIVE_COLUMNS.map((column) => `"${record[column] ?? ''}"`).join(',');
}

export function archiveText(lines: Partial<ArchiveRecord>[]): string {
  return [ARCHIVE_HEADER, ...lines.map(archiveLine)].join('\r\n') + '\r\n';
}

/** The archive's rows of one issue (repeats removed, order kept). */
export function archiveRecords(text: string, issuedAt: string): ArchiveRecord[] {
  const lines = splitLines(text);
  const header = splitCsvLine(lines[0]!);
  const seen = new Set<string>();
  const records: ArchiveRecord[] = [];
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const record = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])) as ArchiveRecord;
    if (record.reportDatetime !== issuedAt || seen.has(line)) continue;
    seen.add(line);
    records.push(record);
  }
  return records;
}

type Entry = Record<string, unknown>;

/** A live-format JSON ([short-range, weekly]) holding what the archive rows of one issue hold. */
export function liveJsonFromArchive(records: readonly ArchiveRecord[]): unknown[] {
  const issuedAt = records[0]!.reportDatetime;
  const tokyoArea = { name: '東京地方', code: '130010' };
  const tokyoPoint = { name: '東京', code: '44132' };
  const area = records.filter((r) => r.areaCode === '130010');
  const point = records.filter((r) => r.areaCode === '44132');
  const weather = area.filter((r) => r.weather !== '' || r.wind !== '');
  const weekly = area.filter((r) => r.weather === '' && r.wind === '' && r.weatherCode !== '');
  const pops = area.filter((r) => r.weather === '' && r.wind === '' && r.weatherCode === '');
  const temps = point.filter((r) => r.temp !== '');
  const weeklyTemps = point.filter((r) => r.temp === '');
  const times = (rows: readonly ArchiveRecord[]): string[] => rows.map((r) => r.timeDefine);
  const column = (rows: readonly ArchiveRecord[], name: ArchiveColumn): string[] => rows.map((r) => r[name]);
  /** Another area of the office with the same arrays and different values (must be skipped). */
  const other = (entry: Entry, code: string, name: string): Entry =>
    Object.fromEntries(
      Object.entries(entry).map(([key, value]) =>
        key === 'area' ? [key, { name, code }] : [key, (value as string[]).map((v) => (v === '' ? '' : '1'))],
      ),
    );
  const reports: unknown[] = [];
  if (weather.length + pops.length + temps.length > 0) {
    const weatherEntry = {
      area: tokyoArea,
      weatherCodes: column(weather, 'weatherCode'),
      weathers: column(weather, 'weather'),
      winds: column(weather, 'wind'),
      waves: column(weather, 'wave'),
    };
    const popsEntry = { area: tokyoArea, pops: column(pops, 'pop') };
    const tempsEntry = { area: tokyoPoint, temps: column(temps, 'temp') };
    reports.push({
      publishingOffice: '気象庁',
      reportDatetime: issuedAt,
      timeSeries: [
        { timeDefines: times(weather), areas: [weatherEntry, other(weatherEntry, '130020', '伊豆諸島北部')] },
        { timeDefines: times(pops), areas: [popsEntry, other(popsEntry, '130020', '伊豆諸島北部')] },
        { timeDefines: times(temps), areas: [tempsEntry, other(tempsEntry, '44172', '大島')] },
      ],
    });
  }
  if (weekly.length + weeklyTemps.length > 0) {
    reports.push({
      publishingOffice: '気象庁',
      reportDatetime: issuedAt,
      timeSeries: [
        {
          timeDefines: times(weekly),
          areas: [
            {
              area: tokyoArea,
              weatherCodes: column(weekly, 'weatherCode'),
              pops: column(weekly, 'pop'),
              reliabilities: column(weekly, 'reliability'),
            },
          ],
        },
        {
          timeDefines: times(weeklyTemps),
          areas: [
            {
              area: tokyoPoint,
              tempsMin: column(weeklyTemps, 'tempMin'),
              tempsMinUpper: column(weeklyTemps, 'tempMinUpper'),
              tempsMinLower: column(weeklyTemps, 'tempMinLower'),
              tempsMax: column(weeklyTemps, 'tempMax'),
              tempsMaxUpper: column(weeklyTemps, 'tempMaxUpper'),
              tempsMaxLower: column(weeklyTemps, 'tempMaxLower'),
            },
          ],
        },
      ],
      tempAverage: { areas: [{ area: tokyoPoint, min: '22.6', max: '30.9' }] },
      precipAverage: { areas: [{ area: tokyoPoint, min: '6.2', max: '32.8' }] },
    });
  }
  return reports;
}
