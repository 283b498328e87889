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
export function parseNumberCell(cell: string | undefined, origin: FileOrigin, line: number, column: string, expected = 'a number'): number | null {
  if (cell === undefined || cell === '') return null;
  const value = Number(cell);
  // Number() accepts '0x10', '1e3', 'Infinity' and padding: only plain decimals pass.
  if (Number.isFinite(value) && NUMBER.test(cell)) return value;
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
