import { InvalidValueError, UnknownHeaderError } from '../errors.js';
import { at, type FileOrigin } from './cells.js';
import { parseSlashDate } from './dates.js';
import { toText, isBlankLine, splitCsvLine, splitLines } from './text.js';

export interface Holiday {
  date: string;
  /** As published; substitute holidays are named '休日'. */
  name: string;
}

const HEADER = ['国民の祝日・休日月日', '国民の祝日・休日名称'];

export function isHolidayListText(text: string): boolean {
  return text.startsWith(HEADER[0]!);
}

/** Read the Cabinet Office list `syukujitsu.csv`. */
export function readHolidayList(input: Uint8Array | string, origin: FileOrigin): Holiday[] {
  const text = toText(input);
  const lines = splitLines(text);
  const header = splitCsvLine(lines[0] ?? '').map((cell) => cell.trim());
  const dateColumn = header.indexOf(HEADER[0]!);
  const nameColumn = header.indexOf(HEADER[1]!);
  if (dateColumn < 0 || nameColumn < 0) {
    throw new UnknownHeaderError(
      { ...at(origin, 1), value: lines[0] ?? '' },
      'not a holiday list header',
      `"${HEADER.join(',')}"`,
    );
  }
  const holidays: Holiday[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (isBlankLine(lines[i]!)) continue;
    const cells = splitCsvLine(lines[i]!);
    const date = parseSlashDate(cells[dateColumn] ?? '');
    if (!date)
      throw new InvalidValueError(
        { ...at(origin, i + 1, HEADER[0]), value: cells[dateColumn] ?? '' },
        'a date YYYY/M/D',
      );
    holidays.push({ date, name: (cells[nameColumn] ?? '').trim() });
  }
  return holidays;
}
