import { inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 2 = RGB, 6 = RGBA (what resvg writes). */
  colorType: number;
  interlaced: boolean;
}

export interface DecodedPng extends PngHeader {
  /** Row-major RGBA, 4 bytes per pixel. */
  rgba: Uint8Array;
}

/** The bytes are not a PNG this reader understands; the message says which part is wrong. */
export class PngFormatError extends Error {
  override readonly name = 'PngFormatError';
}

interface Chunk {
  type: string;
  data: Buffer;
}

function chunks(png: Uint8Array): Chunk[] {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE))
    throw new PngFormatError('not a PNG: signature missing');
  const found: Chunk[] = [];
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (offset + 12 + length > bytes.length)
      throw new PngFormatError(`PNG chunk ${type} at byte ${offset} is truncated`);
    found.push({ type, data: bytes.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
    if (type === 'IEND') return found;
  }
  throw new PngFormatError('PNG has no IEND chunk (truncated file)');
}

/** Reads the IHDR chunk: image size and pixel format. */
export function readPngHeader(png: Uint8Array): PngHeader {
  const ihdr = chunks(png)[0];
  if (ihdr?.type !== 'IHDR' || ihdr.data.length !== 13)
    throw new PngFormatError('PNG does not start with a 13-byte IHDR chunk');
  return {
    width: ihdr.data.readUInt32BE(0),
    height: ihdr.data.readUInt32BE(4),
    bitDepth: ihdr.data[8] ?? 0,
    colorType: ihdr.data[9] ?? 0,
    interlaced: ihdr.data[12] === 1,
  };
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const dLeft = Math.abs(estimate - left);
  const dUp = Math.abs(estimate - up);
  const dUpLeft = Math.abs(estimate - upLeft);
  if (dLeft <= dUp && dLeft <= dUpLeft) return left;
  return dUp <= dUpLeft ? up : upLeft;
}

/**
 * Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what resvg writes) into RGBA pixels, so tests
 * can check the written file itself rather than trusting the renderer.
 */
export function decodePng(png: Uint8Array): DecodedPng {
  const header = readPngHeader(png);
  const channels = header.colorType === 6 ? 4 : header.colorType === 2 ? 3 : 0;
  if (header.bitDepth !== 8 || channels === 0 || header.interlaced) {
    throw new PngFormatError(
      `unsupported PNG format: bit depth ${header.bitDepth}, colour type ${header.colorType}, interlaced ${header.interlaced} (expected 8-bit RGB/RGBA, not interlaced)`,
    );
  }
  const compressed = Buffer.concat(
    chunks(png)
      .filter((c) => c.type === 'IDAT')
      .map((c) => c.data),
  );
  const raw = inflateSync(compressed);
  const stride = header.width * channels;
  if (raw.length !== header.height * (stride + 1)) {
    throw new PngFormatError(`PNG image data is ${raw.length} bytes, expected ${header.height * (stride + 1)}`);
  }
  const pixels = new Uint8Array(header.height * stride);
  for (let y = 0; y < header.height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const row = y * stride;
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (pixels[row + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[row - stride + x] ?? 0) : 0;
      const upLeft = x >= channels && y > 0 ? (pixels[row - stride + x - channels] ?? 0) : 0;
      const predictor =
        filter === 0
          ? 0
          : filter === 1
            ? left
            : filter === 2
              ? up
              : filter === 3
                ? (left + up) >> 1
                : filter === 4
                  ? paeth(left, up, upLeft)
                  : -1;
      if (predictor < 0) throw new PngFormatError(`PNG row ${y} has unknown filter type ${filter}`);
      pixels[row + x] = (value + predictor) & 0xff;
    }
  }
  if (channels === 4) return { ...header, rgba: pixels };
  const rgba = new Uint8Array(header.width * header.height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    rgba[j] = pixels[i] ?? 0;
    rgba[j + 1] = pixels[i + 1] ?? 0;
    rgba[j + 2] = pixels[i + 2] ?? 0;
    rgba[j + 3] = 255;
  }
  return { ...header, rgba };
}
