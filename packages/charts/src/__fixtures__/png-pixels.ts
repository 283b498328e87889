import { decode } from 'fast-png';

export interface RgbaImage {
  width: number;
  height: number;
  /** 8-bit RGBA, row by row: what resvg's `render().pixels` holds. */
  rgba: Uint8Array;
}

/** Decodes a PNG that resvg wrote (8-bit RGBA) with fast-png; anything else fails the test that reads it. */
export function decodeRgba(png: Uint8Array): RgbaImage {
  const image = decode(png);
  if (image.channels !== 4 || image.depth !== 8 || !(image.data instanceof Uint8Array))
    throw new Error(`expected an 8-bit RGBA PNG, got ${image.channels} channels of ${image.depth} bits`);
  return { width: image.width, height: image.height, rgba: image.data };
}
