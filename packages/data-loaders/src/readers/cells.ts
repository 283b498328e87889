import { InvalidValueError, type FileLocation } from '../errors.js';

/** Where a text came from: the file (path relative to the source) and the ZIP member, if any. */
export interface FileOrigin {
  file: string;
  member?: string;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A numeric cell: empty → null, a number → number, anything else → InvalidValueError naming
 * file, line and column. The location is only built on error (this runs ~300k times per load).
 */
export function parseNumberCell(
  cell: string | undefined,
  origin: FileOrigin,
  line: number,
  column: string,
  expected = 'a number',
): number | null {
  if (cell === undefined || cell === '') return null;
  // Number() also accepts '0x10', '1e3', 'Infinity' and padding: only plain decimals pass.
  if (isPlainDecimal(cell)) return Number(cell);
  const text = cell.trim();
  if (text === '') return null;
  if (NUMBER.test(text)) return Number(text);
  throw new InvalidValueError({ ...at(origin, line, column), value: text }, expected);
}

export function at(origin: FileOrigin, line: number, column?: string): FileLocation {
  const location: FileLocation = { file: origin.file, line };
  if (origin.member !== undefined) location.member = origin.member;
  if (column !== undefined) location.column = column;
  return location;
}

/** Digits with an optional sign and one decimal point (a char loop: cheaper than a regex here). */
function isPlainDecimal(cell: string): boolean {
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < cell.length; i++) {
    const code = cell.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 46) dots++;
    else if (!(i === 0 && (code === 43 || code === 45))) return false;
  }
  return digits > 0 && dots <= 1;
}
