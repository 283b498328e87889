import * as vega from 'vega';

/**
 * Approximate advance width, in em, of one character of IPAexGothic: full-width (CJK) glyphs are
 * 1 em, Latin glyphs are proportional. Calibrated against the font rendered by resvg.
 */
export function glyphWidthEm(codePoint: number): number {
  if (isWide(codePoint)) return 1;
  const ch = String.fromCodePoint(codePoint);
  if (" .,:;'|!ijlI()[]".includes(ch)) return 0.32;
  if (/[A-Z%mwMW@]/.test(ch)) return ch === 'm' || ch === 'w' || ch === '%' ? 0.85 : 0.7;
  if (/[0-9]/.test(ch)) return 0.6;
  return 0.55;
}

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6)
  );
}

/** Estimated rendered width in pixels of `text` at `fontSizePx`. */
export function estimateTextWidthPx(text: string, fontSizePx: number): number {
  let em = 0;
  for (const ch of text) em += glyphWidthEm(ch.codePointAt(0) ?? 0);
  return em * fontSizePx;
}

interface VegaTextItem {
  fontSize?: number | string;
}
interface VegaTextMetrics {
  width: (item: VegaTextItem, text?: unknown) => number;
}

/**
 * Without a canvas, Vega estimates every character as 0.8 em, which is too narrow for Japanese and
 * too wide for digits, so legends clip and axis titles overlap labels. Vega lets callers replace
 * `textMetrics.width` (vl-convert does the same); it is global, so this is idempotent and only ever
 * installs this one estimator.
 */
export function installTextWidthEstimator(): void {
  const metrics = (vega as unknown as { textMetrics?: VegaTextMetrics }).textMetrics;
  if (metrics === undefined || metrics.width === vegaTextWidth) return;
  metrics.width = vegaTextWidth;
}

function vegaTextWidth(item: VegaTextItem, text?: unknown): number {
  const fontSizePx = item.fontSize === undefined ? 11 : Number(item.fontSize) || 0;
  const line = text === null || text === undefined ? '' : String(text).trim();
  return estimateTextWidthPx(line, fontSizePx);
}
