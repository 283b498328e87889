import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticChartInput } from './__fixtures__/synthetic-evaluation.js';
import { ENGLISH_MONTH, svgTexts } from './__fixtures__/svg-text.js';
import { CJK_FONT_FILE, ChartFontMissingError } from './font.js';
import { ChartInputError } from './input.js';
import { decodeRgba } from './__fixtures__/png-pixels.js';
import { CHART_NAMES, type ChartFiles, type ChartName, renderCharts } from './render-charts.js';

/** Share of pixels that are not the white background. */
function inkShare(png: Uint8Array): number {
  const { rgba } = decodeRgba(png);
  let ink = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255) ink += 1;
  return ink / (rgba.length / 4);
}

const expectedLabels: Record<ChartName, string[]> = {
  model_metrics: ['モデル評価指標', 'RMSE', 'MSE', 'MAE', 'MAPE', 'R²'],
  feature_importance: ['特徴量の重要度（上位20）', 'max_temp', 'weather_category_晴れ'],
  prediction_vs_actual_timeseries: ['実績', '予測', '日次ピーク（万kW）', '2023年1月', '12月'],
  error_by_month: ['月別の予測誤差', 'MAPE（%）', 'バイアス（万kW）', '2023年1月', '12月'],
};

describe('renderCharts', () => {
  let outDir: string;
  let files: ChartFiles;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'powercast-charts-'));
    files = await renderCharts(syntheticChartInput(), join(outDir, 'charts'));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes a PNG and an SVG per chart under the reference file names and returns their paths', async () => {
    expect(Object.keys(files)).toEqual([...CHART_NAMES]);
    for (const name of CHART_NAMES) {
      expect(files[name]).toEqual({
        png: join(outDir, 'charts', `${name}.png`),
        svg: join(outDir, 'charts', `${name}.svg`),
      });
      expect((await stat(files[name].png)).size).toBeGreaterThan(10_000);
    }
  });

  it.each(CHART_NAMES)('%s.png decodes to a drawn image twice the size of its SVG', async (name) => {
    const png = await readFile(files[name].png);
    const svg = await readFile(files[name].svg, 'utf8');
    const [, width, height] = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    const image = decodeRgba(png);
    expect([image.width, image.height]).toEqual([Number(width) * 2, Number(height) * 2]);
    expect(image.width).toBeGreaterThan(800);
    const share = inkShare(png);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.6);
  });

  it.each(CHART_NAMES)('%s.png has the same pixels as its SVG rendered with the whole font file', async (name) => {
    const svg = await readFile(files[name].svg, 'utf8');
    const direct = new Resvg(svg, {
      font: {
        loadSystemFonts: false,
        fontFiles: [CJK_FONT_FILE],
        defaultFontFamily: 'IPAexGothic',
        sansSerifFamily: 'IPAexGothic',
      },
      fitTo: { mode: 'zoom', value: 2 },
      background: '#ffffff',
    }).render();
    expect(Buffer.from(decodeRgba(await readFile(files[name].png)).rgba).equals(direct.pixels)).toBe(true);
  });

  it.each(CHART_NAMES)('%s.svg carries its Japanese labels as text and no English month names', async (name) => {
    const texts = svgTexts(await readFile(files[name].svg, 'utf8'));
    for (const label of expectedLabels[name]) expect(texts).toContain(label);
    expect(texts.some((t) => t.includes('2023年 バックテスト（合成データ）・モデル v3'))).toBe(true);
    expect(texts.join(' ')).not.toMatch(ENGLISH_MONTH);
  });

  it('rejects invalid input before writing anything', async () => {
    const target = join(outDir, 'invalid');
    const input = {
      ...syntheticChartInput(),
      metrics: { ...syntheticChartInput().metrics, rmse: Number.POSITIVE_INFINITY },
    };
    await expect(renderCharts(input, target)).rejects.toThrow(ChartInputError);
    await expect(stat(target)).rejects.toThrow(/ENOENT/);
  });

  it('fails on a missing font before writing anything', async () => {
    const target = join(outDir, 'no-font');
    await expect(
      renderCharts(syntheticChartInput(), target, { fontFile: join(outDir, 'missing.ttf') }),
    ).rejects.toThrow(ChartFontMissingError);
    await expect(stat(target)).rejects.toThrow(/ENOENT/);
  });
});

describe('chartSpecs with the forecast basis', () => {
  it('tells every chart what the forecasts are: ex-ante as of the issue time, or "no ex-ante figure" for a backcast', async () => {
    const { chartSpecs } = await import('./render-charts.js');
    const subtitles = (basis: 'ex-ante' | 'backcast'): string[] =>
      Object.values(chartSpecs({ ...syntheticChartInput(), forecast: { basis, issueTime: '18:00' } })).map((spec) =>
        JSON.stringify((spec as { title: { subtitle: string[] } }).title.subtitle),
      );
    for (const subtitle of subtitles('ex-ante')) expect(subtitle).toContain('事前予測：前日18:00 JST 時点の気象庁予報');
    for (const subtitle of subtitles('backcast')) expect(subtitle).toContain('事前予測なし（no ex-ante figure）');
    const unlabelled = Object.values(chartSpecs(syntheticChartInput())).map((spec) => JSON.stringify(spec));
    for (const spec of unlabelled) expect(spec).not.toContain('事前予測');
  });
});
