/**
 * Test helper: encode text to CP932 bytes. Node ships a Shift-JIS decoder but no encoder, so the
 * reverse table is built once by decoding every double-byte code.
 */
let table: Map<string, number> | undefined;

function reverseTable(): Map<string, number> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder('shift_jis');
  const leads = [...range(0x81, 0x9f), ...range(0xe0, 0xfc)];
  for (const lead of leads) {
    for (const trail of [...range(0x40, 0x7e), ...range(0x80, 0xfc)]) {
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== '\ufffd' && !table.has(char)) table.set(char, (lead << 8) | trail);
    }
  }
  return table;
}

function* range(from: number, to: number): Generator<number> {
  for (let i = from; i <= to; i++) yield i;
}

export function encodeCp932(text: string): Uint8Array {
  const codes = reverseTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const double = codes.get(char);
      if (double === undefined) throw new Error(`cannot encode ${char} (U+${code.toString(16)}) in CP932`);
      bytes.push(double >> 8, double & 0xff);
    }
  }
  return new Uint8Array(bytes);
}
