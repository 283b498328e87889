export type TextEncodingName = 'utf-8' | 'shift_jis';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// Node's "shift_jis" decoder follows the WHATWG table, which covers CP932 (Windows-31J).
const cp932 = new TextDecoder('shift_jis');

/**
 * Decode a published file. The sources are CP932, but files re-saved by an editor arrive as
 * UTF-8: a CP932 byte stream with Japanese text is (almost) never valid UTF-8, so a strict
 * UTF-8 pass that succeeds means UTF-8. Wave dashes are normalised to the full-width tilde.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  let text: string;
  let encoding: TextEncodingName;
  if (isAscii(bytes)) {
    text = cp932.decode(bytes);
    encoding = 'shift_jis';
  } else {
    try {
      text = strictUtf8.decode(bytes);
      encoding = 'utf-8';
    } catch {
      text = cp932.decode(bytes);
      encoding = 'shift_jis';
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text: normaliseWaveDash(text), encoding };
}

/** Strict Shift-JIS tables map 0x8160 to U+301C 〜; CP932 maps it to U+FF5E ～. Use ～. */
export function normaliseWaveDash(text: string): string {
  return text.includes('\u301c') ? text.replaceAll('\u301c', '\uff5e') : text;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** Split into lines, accepting CRLF and LF. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** One CSV line into cells. The sources never quote, but quoted cells are handled anyway. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Drop trailing empty cells ("2025/7/22 5:40 UPDATE,," and headers with trailing commas). */
export function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1]!.trim() === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

export function isBlankLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch !== ',' && ch !== ' ' && ch !== '\t') return false;
  }
  return true;
}

/** Reader input: raw bytes are decoded; text is taken as decoded but still normalised. */
export function toText(input: Uint8Array | string): string {
  return typeof input === 'string' ? normaliseWaveDash(input) : decodeText(input).text;
}
