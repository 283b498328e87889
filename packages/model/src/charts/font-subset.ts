// resvg (Node binding) re-reads the whole font file for every run of text it lays out: with the
// 6 MB IPAexGothic that is ~1.5 ms per label, most of a chart's render time. A copy of the font
// that keeps only the glyphs and characters a chart uses (glyph ids unchanged) is ~50× smaller and
// renders the same pixels.

/** The font file is not a TrueType font this subsetter can read; the message names what is wrong. */
export class FontSubsetError extends Error {
  override readonly name = 'FontSubsetError';
}

interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

/** Tables left out of the subset: glyph names are never used; see {@link subsetFont} for GSUB. */
const DROPPED_TABLES = new Set(['post', 'GSUB', 'DSIG']);

function tableDirectory(font: Buffer): Map<string, TableRecord> {
  if (font.length < 12) throw new FontSubsetError('font file is shorter than an sfnt header');
  const version = font.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x74727565) {
    throw new FontSubsetError(`unsupported font: sfnt version 0x${version.toString(16)} (expected TrueType outlines)`);
  }
  const tables = new Map<string, TableRecord>();
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i += 1) {
    const at = 12 + 16 * i;
    const tag = font.toString('latin1', at, at + 4);
    tables.set(tag, { tag, offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) });
  }
  for (const required of ['head', 'maxp', 'cmap', 'loca', 'glyf']) {
    if (!tables.has(required)) throw new FontSubsetError(`font has no '${required}' table`);
  }
  return tables;
}

function table(font: Buffer, tables: Map<string, TableRecord>, tag: string): Buffer {
  const record = tables.get(tag);
  if (record === undefined) throw new FontSubsetError(`font has no '${tag}' table`);
  return font.subarray(record.offset, record.offset + record.length);
}

/** Code point → glyph id from the Unicode cmap subtable (format 12 preferred, else format 4). */
function cmapLookup(cmap: Buffer): (codePoint: number) => number {
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < cmap.readUInt16BE(2); i += 1) {
    const at = 4 + 8 * i;
    subtables.push({
      platform: cmap.readUInt16BE(at),
      encoding: cmap.readUInt16BE(at + 2),
      offset: cmap.readUInt32BE(at + 4),
    });
  }
  const format12 = subtables.find(
    (s) => ((s.platform === 3 && s.encoding === 10) || s.platform === 0) && cmap.readUInt16BE(s.offset) === 12,
  );
  if (format12 !== undefined) {
    const base = format12.offset;
    const groups = cmap.readUInt32BE(base + 12);
    return (codePoint) => {
      for (let i = 0; i < groups; i += 1) {
        const at = base + 16 + 12 * i;
        const start = cmap.readUInt32BE(at);
        if (codePoint >= start && codePoint <= cmap.readUInt32BE(at + 4))
          return cmap.readUInt32BE(at + 8) + codePoint - start;
      }
      return 0;
    };
  }
  const format4 = subtables.find((s) => (s.platform === 3 || s.platform === 0) && cmap.readUInt16BE(s.offset) === 4);
  if (format4 === undefined) throw new FontSubsetError('font has no Unicode cmap subtable (format 4 or 12)');
  const base = format4.offset;
  const segments = cmap.readUInt16BE(base + 6) / 2;
  const endCodes = base + 14;
  const startCodes = endCodes + 2 * segments + 2;
  const idDeltas = startCodes + 2 * segments;
  const idRangeOffsets = idDeltas + 2 * segments;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    for (let i = 0; i < segments; i += 1) {
      if (codePoint > cmap.readUInt16BE(endCodes + 2 * i)) continue;
      const start = cmap.readUInt16BE(startCodes + 2 * i);
      if (codePoint < start) return 0;
      const delta = cmap.readInt16BE(idDeltas + 2 * i);
      const rangeOffset = cmap.readUInt16BE(idRangeOffsets + 2 * i);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = cmap.readUInt16BE(idRangeOffsets + 2 * i + rangeOffset + 2 * (codePoint - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** Glyph ids a composite glyph is built from. */
function componentGlyphs(glyph: Buffer): number[] {
  if (glyph.length < 10 || glyph.readInt16BE(0) >= 0) return [];
  const components: number[] = [];
  let at = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(at);
    components.push(glyph.readUInt16BE(at + 2));
    at += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) at += 2;
    else if (flags & 0x0040) at += 4;
    else if (flags & 0x0080) at += 8;
    if (!(flags & 0x0020)) return components;
  }
}

/** A cmap with one format-4 subtable mapping just these BMP code points (one segment each). */
function smallCmap(mapping: ReadonlyMap<number, number>): Buffer {
  const codePoints = [...mapping.keys()].filter((cp) => cp < 0xffff).sort((a, b) => a - b);
  const segments = codePoints.length + 1; // the closing 0xFFFF segment is required
  const subtableLength = 16 + 8 * segments;
  const cmap = Buffer.alloc(12 + subtableLength);
  cmap.writeUInt16BE(0, 0);
  cmap.writeUInt16BE(1, 2);
  cmap.writeUInt16BE(3, 4); // Windows
  cmap.writeUInt16BE(1, 6); // Unicode BMP
  cmap.writeUInt32BE(12, 8);
  const base = 12;
  const entrySelector = Math.floor(Math.log2(segments));
  cmap.writeUInt16BE(4, base);
  cmap.writeUInt16BE(subtableLength, base + 2);
  cmap.writeUInt16BE(2 * segments, base + 6);
  cmap.writeUInt16BE(2 * 2 ** entrySelector, base + 8);
  cmap.writeUInt16BE(entrySelector, base + 10);
  cmap.writeUInt16BE(2 * segments - 2 * 2 ** entrySelector, base + 12);
  const endCodes = base + 14;
  const startCodes = endCodes + 2 * segments + 2;
  const idDeltas = startCodes + 2 * segments;
  [...codePoints, 0xffff].forEach((cp, i) => {
    cmap.writeUInt16BE(cp, endCodes + 2 * i);
    cmap.writeUInt16BE(cp, startCodes + 2 * i);
    cmap.writeUInt16BE(cp === 0xffff ? 1 : ((mapping.get(cp) ?? 0) - cp) & 0xffff, idDeltas + 2 * i);
  });
  return cmap; // idRangeOffset entries stay 0
}

function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word =
      (data[i] ?? 0) * 0x1000000 + ((data[i + 1] ?? 0) << 16) + ((data[i + 2] ?? 0) << 8) + (data[i + 3] ?? 0);
    sum = (sum + word) >>> 0;
  }
  return sum;
}

/**
 * A copy of a TrueType font keeping the outlines of only the glyphs needed for `text` (plus
 * .notdef and composite parts) and a cmap of only its characters. Glyph ids and metrics stay as
 * they are, so layout is unchanged. GSUB is dropped, as a substitution could reach a glyph left out: text is shaped
 * without ligatures, which suits chart labels (feature names such as `diff` stay as typed).
 */
export function subsetFont(font: Buffer, text: string): Buffer {
  const tables = tableDirectory(font);
  const head = table(font, tables, 'head');
  const numGlyphs = table(font, tables, 'maxp').readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const loca = table(font, tables, 'loca');
  const glyf = table(font, tables, 'glyf');
  const glyphRange = (id: number): [number, number] =>
    longLoca
      ? [loca.readUInt32BE(4 * id), loca.readUInt32BE(4 * id + 4)]
      : [2 * loca.readUInt16BE(2 * id), 2 * loca.readUInt16BE(2 * id + 2)];

  const lookup = cmapLookup(table(font, tables, 'cmap'));
  const keep = new Set<number>([0]);
  const mapping = new Map<number, number>();
  for (const ch of new Set(text)) {
    const codePoint = ch.codePointAt(0) ?? 0;
    const id = lookup(codePoint);
    if (id !== 0) mapping.set(codePoint, id);
  }
  const pending = [...mapping.values()];
  while (pending.length > 0) {
    const id = pending.pop() ?? 0;
    if (id >= numGlyphs || keep.has(id)) continue;
    keep.add(id);
    const [start, end] = glyphRange(id);
    pending.push(...componentGlyphs(glyf.subarray(start, end)));
  }

  const newLoca = Buffer.alloc(4 * (numGlyphs + 1));
  const pieces: Buffer[] = [];
  let glyfLength = 0;
  for (let id = 0; id < numGlyphs; id += 1) {
    newLoca.writeUInt32BE(glyfLength, 4 * id);
    if (!keep.has(id)) continue;
    const [start, end] = glyphRange(id);
    const padded = (end - start + 3) & ~3;
    pieces.push(glyf.subarray(start, end), Buffer.alloc(padded - (end - start)));
    glyfLength += padded;
  }
  newLoca.writeUInt32BE(glyfLength, 4 * numGlyphs);
  const newHead = Buffer.from(head);
  newHead.writeUInt32BE(0, 8); // checkSumAdjustment: recomputed below
  newHead.writeInt16BE(1, 50); // long loca offsets

  const replaced = new Map<string, Buffer>([
    ['glyf', Buffer.concat(pieces)],
    ['loca', newLoca],
    ['head', newHead],
  ]);
  // The full cmap is the largest table left; keep it only if some character is outside the BMP.
  if ([...mapping.keys()].every((cp) => cp < 0xffff)) replaced.set('cmap', smallCmap(mapping));
  const tags = [...tables.keys()].filter((tag) => !DROPPED_TABLES.has(tag)).sort();
  const bodies = tags.map((tag) => replaced.get(tag) ?? table(font, tables, tag));
  const headerLength = 12 + 16 * tags.length;
  const header = Buffer.alloc(headerLength);
  header.writeUInt32BE(font.readUInt32BE(0), 0);
  header.writeUInt16BE(tags.length, 4);
  const entrySelector = Math.floor(Math.log2(tags.length));
  header.writeUInt16BE(16 * 2 ** entrySelector, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(16 * tags.length - 16 * 2 ** entrySelector, 10);
  let offset = headerLength;
  const padded: Buffer[] = [];
  tags.forEach((tag, i) => {
    const body = bodies[i] ?? Buffer.alloc(0);
    const at = 12 + 16 * i;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(checksum(body), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(body.length, at + 12);
    const aligned = (body.length + 3) & ~3;
    padded.push(body, Buffer.alloc(aligned - body.length));
    offset += aligned;
  });
  const subset = Buffer.concat([header, ...padded]);
  const headAt = header.readUInt32BE(12 + 16 * tags.indexOf('head') + 8);
  subset.writeUInt32BE((0xb1b0afba - checksum(subset)) >>> 0, headAt + 8);
  return subset;
}
