import { existsSync } from 'node:fs';

/** Where Debian's `fonts-ipaexfont-gothic` package installs the Japanese font the charts are drawn with. */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf';
/** The family name inside that font file; the Vega config and resvg both refer to it. */
export const CJK_FONT_FAMILY = 'IPAexGothic';
/** The Debian package that provides {@link CJK_FONT_FILE}. */
export const CJK_FONT_APT_PACKAGE = 'fonts-ipaexfont-gothic';

/** The CJK font file needed to draw Japanese labels is not on this machine. */
export class ChartFontMissingError extends Error {
  override readonly name = 'ChartFontMissingError';
  constructor(readonly fontFile: string) {
    super(
      `chart font file not found: ${fontFile} — Japanese labels cannot be rendered without it; ` +
        `install it with \`apt-get install -y ${CJK_FONT_APT_PACKAGE}\` or pass another font file`,
    );
  }
}

/** Returns `fontFile` when it exists, otherwise throws {@link ChartFontMissingError} naming it. */
export function requireFontFile(fontFile: string = CJK_FONT_FILE): string {
  if (!existsSync(fontFile)) throw new ChartFontMissingError(fontFile);
  return fontFile;
}
