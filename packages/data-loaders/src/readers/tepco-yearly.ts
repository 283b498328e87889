import { DateOrderError, InvalidValueError, TableShapeError, UnknownHeaderError } from '../errors.js';
import { at, parseNumberCell, type FileOrigin } from './cells.js';
import { parseClockMinutes, parseSlashDate } from './dates.js';
import { toText, isBlankLine, splitCsvLine, splitLines, trimTrailingEmpty } from './text.js';

/** One day of a yearly file: 24 hourly actuals (万kW), hour 0 = 0:00–1:00; null = not yet published. */
export interface TepcoYearlyDay {
  date: string;
  hourlyManKw: (number | null)[];
  /** Line of the day's first row. */
  line: number;
}

export interface TepcoYearlyFile {
  origin: FileOrigin;
  /** Which header variant: 'DATE,TIME,実績(万kW)' (older) or 'DATE,TIME,KW' (newer, zero-padded). */
  headerVariant: '実績(万kW)' | 'KW';
  days: TepcoYearlyDay[];
}

const VALUE_HEADERS = ['実績(万kW)', 'KW'] as const;

/** Index of the header line, or -1: the first line whose first two cells are DATE,TIME. */
function findHeader(lines: string[]): number {
  const limit = Math.min(lines.length, 10);
  for (let i = 0; i < limit; i++) {
    if (lines[i]!.startsWith('DATE,TIME,')) return i;
  }
  return -1;
}

export function isTepcoYearlyText(text: string): boolean {
  const head = text.slice(0, 200);
  return (
    /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2} UPDATE/.test(head) && /\nDATE,TIME,(実績\(万kW\)|KW)\s*(,|\r?\n)/.test(head)
  );
}

/** Read a TEPCO yearly file `juyo-YYYY.csv`, either header variant. */
export function readTepcoYearlyFile(input: Uint8Array | string, origin: FileOrigin): TepcoYearlyFile {
  const text = toText(input);
  const lines = splitLines(text);
  const headerIndex = findHeader(lines);
  if (headerIndex < 0) {
    throw new UnknownHeaderError(
      { ...at(origin, 1), value: lines[0] ?? '' },
      'no DATE,TIME header in the first 10 lines',
      'a header "DATE,TIME,実績(万kW)" or "DATE,TIME,KW" after the stamp line',
    );
  }
  const header = trimTrailingEmpty(splitCsvLine(lines[headerIndex]!)).map((cell) => cell.trim());
  const valueColumn = header.findIndex(
    (cell, index) => index >= 2 && (VALUE_HEADERS as readonly string[]).includes(cell),
  );
  if (valueColumn < 0) {
    throw new UnknownHeaderError(
      { ...at(origin, headerIndex + 1), value: header.join(',') },
      'unknown value column',
      'DATE,TIME,実績(万kW) or DATE,TIME,KW',
    );
  }
  const variant = header[valueColumn] as TepcoYearlyFile['headerVariant'];
  const days: TepcoYearlyDay[] = [];
  let day: TepcoYearlyDay | undefined;
  let nextHour = 0;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlankLine(line)) continue;
    const lineNo = i + 1;
    const cells = line.split(',');
    const date = parseSlashDate(cells[0] ?? '');
    if (!date) throw new InvalidValueError({ ...at(origin, lineNo, 'DATE'), value: cells[0] ?? '' }, 'a date YYYY/M/D');
    const minutes = parseClockMinutes(cells[1] ?? '');
    if (minutes === null || minutes % 60 !== 0 || minutes >= 24 * 60) {
      throw new InvalidValueError(
        { ...at(origin, lineNo, 'TIME'), value: cells[1] ?? '' },
        'an hour H:00 between 0:00 and 23:00',
      );
    }
    const value = parseNumberCell(cells[valueColumn], origin, lineNo, variant);
    if (!day || date !== day.date) {
      if (day && date <= day.date)
        throw new DateOrderError({ ...at(origin, lineNo, 'DATE'), value: cells[0]! }, day.date);
      if (day && nextHour !== 24) {
        throw new TableShapeError(
          at(origin, day.line),
          `${day.date} has ${nextHour} hourly rows`,
          '24 rows per day, 0:00 to 23:00',
        );
      }
      day = { date, hourlyManKw: new Array<number | null>(24).fill(null), line: lineNo };
      days.push(day);
      nextHour = 0;
    }
    const hour = minutes / 60;
    if (hour !== nextHour) {
      throw new TableShapeError(
        { ...at(origin, lineNo, 'TIME'), value: cells[1]! },
        `hour out of order for ${date}`,
        `${nextHour}:00 on this row`,
      );
    }
    day.hourlyManKw[hour] = value;
    nextHour++;
  }
  return { origin, headerVariant: variant, days };
}
