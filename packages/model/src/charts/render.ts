import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CJK_FONT_FAMILY, CJK_FONT_FILE, requireFontFile } from './font.js';
import { FontSubsetError, subsetFont } from './font-subset.js';
import { installTextWidthEstimator } from './text-width.js';

/** Compiles a Vega-Lite spec and renders it headlessly (no browser, no canvas) to an SVG string. */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  installTextWidthEstimator();
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface SvgToPngOptions {
  /** Font file with the Japanese glyphs; defaults to {@link CJK_FONT_FILE}. */
  fontFile?: string;
  /** Family name inside `fontFile`, used for any text without a family. */
  fontFamily?: string;
  /** Pixels per SVG unit; 2 gives sharp text on reports and slides. */
  scale?: number;
}

const fontBytesByFile = new Map<string, Buffer>();

function fontBytes(fontFile: string): Buffer {
  let bytes = fontBytesByFile.get(fontFile);
  if (bytes === undefined) {
    bytes = readFileSync(fontFile);
    fontBytesByFile.set(fontFile, bytes);
  }
  return bytes;
}

/** Writes the subset of `fontFile` for `svg` to a temporary file (see font-subset.ts for why), runs `use`, removes it. */
function withSubsetFont<T>(fontFile: string, svg: string, use: (file: string) => T): T {
  let subset: Buffer;
  try {
    // Every character of the SVG, markup included: a few extra ASCII glyphs cost nothing.
    subset = subsetFont(fontBytes(fontFile), svg);
  } catch (error) {
    if (error instanceof FontSubsetError) return use(fontFile); // e.g. CFF outlines: render with the whole file
    throw error;
  }
  const dir = mkdtempSync(join(tmpdir(), 'powercast-chart-font-'));
  try {
    const file = join(dir, 'subset.ttf');
    writeFileSync(file, subset);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Rasterises an SVG to PNG bytes with resvg. System fonts are never loaded, so the output depends
 * only on the SVG and the given font file (the same bytes on every machine with that file).
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Buffer {
  const fontFile = requireFontFile(options.fontFile ?? CJK_FONT_FILE);
  const fontFamily = options.fontFamily ?? CJK_FONT_FAMILY;
  return withSubsetFont(fontFile, svg, (file) =>
    new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: [file], defaultFontFamily: fontFamily, sansSerifFamily: fontFamily },
      fitTo: { mode: 'zoom', value: options.scale ?? 2 },
      background: '#ffffff',
      logLevel: 'off',
    })
      .render()
      .asPng(),
  );
}
