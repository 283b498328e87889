import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CJK_FONT_FAMILY, CJK_FONT_FILE, requireFontFile } from './font.js';
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

/**
 * Rasterises an SVG to PNG bytes with resvg. The SVG names its font by family only; the font file
 * is handed to resvg here, and system fonts are never loaded, so the output depends only on the
 * SVG and the given font file (the same bytes on every machine with that file).
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Buffer {
  const fontFile = requireFontFile(options.fontFile ?? CJK_FONT_FILE);
  const fontFamily = options.fontFamily ?? CJK_FONT_FAMILY;
  return new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: fontFamily, sansSerifFamily: fontFamily },
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: '#ffffff',
    logLevel: 'off',
  })
    .render()
    .asPng();
}
