import { InvalidValueError, TableShapeError, UnknownHeaderError } from '../errors.js';
import { at, type FileOrigin } from './cells.js';
import { splitCsvLine, splitLines, toText } from './text.js';

/** One JMA weather code (`weatherCode.csv`): the code of a forecast and its 天気概況-style words. */
export interface JmaWeatherCode {
  /** 100..450, as in the forecasts' `weatherCode`. */
  code: number;
  /** Japanese words in the observed 天気概況 vocabulary, e.g. 101 → `晴時々曇`. */
  weatherJ: string;
  /** English description, e.g. `PARTLY CLOUDY`. */
  weatherE: string;
  /** JMA's coarse group: 100 clear, 200 cloudy, 300 rain, 400 snow. */
  group: number;
}

const COLUMNS = ['weatherCode', 'Group', 'weatherJ', 'weatherE'] as const;

export function isJmaWeatherCodeText(text: string): boolean {
  return /^\ufeff?weatherCode,/.test(text.slice(0, 20));
}

/** Read JMA's weather code table `weatherCode.csv` (columns found by header name; codes ascending, unique). */
export function readJmaWeatherCodes(input: Uint8Array | string, origin: FileOrigin): JmaWeatherCode[] {
  const lines = splitLines(toText(input));
  const header = splitCsvLine(lines[0] ?? '').map((cell) => cell.trim());
  const index = Object.fromEntries(COLUMNS.map((column) => [column, header.indexOf(column)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const missing = COLUMNS.filter((column) => index[column] < 0);
  if (missing.length > 0) {
    throw new UnknownHeaderError(
      { ...at(origin, 1), value: (lines[0] ?? '').slice(0, 80) },
      `column(s) ${missing.join(', ')} not found`,
      'the header weatherCode,weatherPictDay,weatherPictNight,Group,weatherJ,weatherE',
    );
  }
  const codes: JmaWeatherCode[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const cells = splitCsvLine(lines[i]!);
    const line = i + 1;
    if (cells.length < header.length) {
      throw new TableShapeError(
        { ...at(origin, line), value: lines[i]!.slice(0, 80) },
        `row has ${cells.length} fields`,
        `${header.length} fields like the header`,
      );
    }
    const codeText = cells[index.weatherCode]!.trim();
    if (!/^\d{3}$/.test(codeText)) {
      throw new InvalidValueError({ ...at(origin, line, 'weatherCode'), value: codeText }, 'a three-digit code');
    }
    const groupText = cells[index.Group]!.trim();
    if (!/^\d{3}$/.test(groupText)) {
      throw new InvalidValueError({ ...at(origin, line, 'Group'), value: groupText }, 'a three-digit group');
    }
    const weatherJ = cells[index.weatherJ]!.trim();
    if (weatherJ === '') {
      throw new InvalidValueError({ ...at(origin, line, 'weatherJ'), value: '' }, 'the weather in Japanese words');
    }
    const code = Number(codeText);
    const previous = codes.at(-1);
    if (previous && previous.code >= code) {
      throw new TableShapeError(
        { ...at(origin, line, 'weatherCode'), value: codeText },
        `code does not follow ${previous.code}`,
        'codes in ascending order, each once',
      );
    }
    codes.push({ code, weatherJ, weatherE: cells[index.weatherE]!.trim(), group: Number(groupText) });
  }
  return codes;
}
