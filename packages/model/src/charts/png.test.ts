import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { decodePng, PngFormatError, readPngHeader } from './png.js';

// Shapes only, no text: these tests are about the PNG container, not fonts.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="37" height="21">
  <rect width="37" height="21" fill="#ffffff"/>
  <circle cx="12" cy="10" r="8" fill="#2563eb"/>
  <path d="M20 2 L35 19 L20 19 Z" fill="#dc2626" opacity="0.6"/>
</svg>`;

describe('readPngHeader', () => {
  it('reads size and pixel format from IHDR', () => {
    const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
    expect(readPngHeader(png)).toEqual({ width: 37, height: 21, bitDepth: 8, colorType: 6, interlaced: false });
  });

  it('rejects bytes that are not a PNG', () => {
    expect(() => readPngHeader(Buffer.from('<svg/>'))).toThrow(PngFormatError);
  });

  it('rejects a truncated PNG', () => {
    const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
    expect(() => readPngHeader(png.subarray(0, png.length - 20))).toThrow(/truncated/);
  });
});

describe('decodePng', () => {
  it('decodes the file to the same pixels resvg rendered', () => {
    for (const zoom of [1, 3]) {
      const image = new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'zoom', value: zoom } }).render();
      const decoded = decodePng(image.asPng());
      expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
      expect(Buffer.from(decoded.rgba).equals(image.pixels)).toBe(true);
    }
  });
});
