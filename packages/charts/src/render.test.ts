import { describe, expect, it } from 'vitest';
import { CJK_FONT_FILE, ChartFontMissingError } from './font.js';
import { decodeRgba } from './__fixtures__/png-pixels.js';
import { specToSvg, svgToPng } from './render.js';

function inkPixels(png: Uint8Array): number {
  const { rgba } = decodeRgba(png);
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4)
    if ((rgba[i] ?? 255) < 200 || (rgba[i + 1] ?? 255) < 200 || (rgba[i + 2] ?? 255) < 200) count += 1;
  return count;
}

const japaneseText = (text: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="28" font-family="IPAexGothic" font-size="24">${text}</text></svg>`;

describe('svgToPng', () => {
  it('draws Japanese glyphs from the given font (system fonts are never loaded)', () => {
    expect(inkPixels(svgToPng(japaneseText('実績と予測')))).toBeGreaterThan(300);
    // Only whitespace: nothing to draw, so ink above comes from the glyphs.
    expect(inkPixels(svgToPng(japaneseText('　')))).toBe(0);
  });

  it('scales the image by the requested factor', () => {
    expect(decodeRgba(svgToPng(japaneseText('月'), { scale: 1 }))).toMatchObject({ width: 200, height: 40 });
    expect(decodeRgba(svgToPng(japaneseText('月')))).toMatchObject({ width: 400, height: 80 });
  });

  it('gives the same bytes for the same SVG', () => {
    expect(svgToPng(japaneseText('万kW')).equals(svgToPng(japaneseText('万kW')))).toBe(true);
  });

  it('fails naming the missing font file and the apt package that provides the default one', () => {
    const missing = '/nonexistent/fonts/ipaexg.ttf';
    expect(() => svgToPng(japaneseText('実績'), { fontFile: missing })).toThrow(ChartFontMissingError);
    expect(() => svgToPng(japaneseText('実績'), { fontFile: missing })).toThrow(
      /\/nonexistent\/fonts\/ipaexg\.ttf.*apt-get install -y fonts-ipaexfont-gothic/,
    );
  });

  it('uses the IPAexGothic file installed by fonts-ipaexfont-gothic by default', () => {
    expect(CJK_FONT_FILE).toBe('/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf');
  });
});

describe('specToSvg', () => {
  it('renders a Vega-Lite spec to an SVG with the configured font family', async () => {
    const svg = await specToSvg({
      config: { font: 'IPAexGothic' },
      data: { values: [{ month: '1月', peak: 4500 }] },
      mark: 'bar',
      encoding: { x: { field: 'month', type: 'nominal' }, y: { field: 'peak', type: 'quantitative', title: 'ピーク' } },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('font-family="IPAexGothic"');
    expect(svg).toContain('>ピーク</text>');
  });
});
