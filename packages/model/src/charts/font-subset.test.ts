import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CJK_FONT_FILE } from './font.js';
import { FontSubsetError, subsetFont } from './font-subset.js';

const fullFont = readFileSync(CJK_FONT_FILE);
const workDir = mkdtempSync(join(tmpdir(), 'powercast-font-subset-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function renderWith(fontBytes: Buffer, svg: string): Buffer {
  const file = join(workDir, `font-${fontBytes.length}.ttf`);
  writeFileSync(file, fontBytes);
  return new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [file], defaultFontFamily: 'IPAexGothic' },
    background: '#ffffff',
  })
    .render()
    .asPng();
}

const labels = [
  '日次ピーク需要：予測と実績',
  '2023年1月',
  '（万kW）²',
  'R² 0.957',
  '−36.2',
  'weather_category_晴れ時々曇り',
  'バイアス（予測 − 実績）',
  'ゲイン比（%）',
  '点線：期間全体 3.04%',
  'ガギグゲゴ・パピプペポ',
  'max_temp_diff',
  '〜',
];
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="${30 * labels.length}">${labels
  .map((label, i) => `<text x="4" y="${24 + 30 * i}" font-family="IPAexGothic" font-size="20">${label}</text>`)
  .join('')}</svg>`;

describe('subsetFont', () => {
  it('renders Japanese and Latin labels to exactly the same pixels as the full font', () => {
    expect(renderWith(subsetFont(fullFont, svg), svg).equals(renderWith(fullFont, svg))).toBe(true);
  });

  it('is a small fraction of the full font', () => {
    expect(subsetFont(fullFont, svg).length).toBeLessThan(fullFont.length / 20);
  });

  it('leaves out glyphs the text does not use', () => {
    const other =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="4" y="28" font-family="IPAexGothic" font-size="24">需要</text></svg>';
    const withoutThem = renderWith(subsetFont(fullFont, '予測'), other);
    expect(withoutThem.equals(renderWith(fullFont, other))).toBe(false);
  });

  it('rejects a file that is not a TrueType font', () => {
    expect(() => subsetFont(Buffer.from('OTTO-not-really-a-font'), 'a')).toThrow(FontSubsetError);
  });
});
