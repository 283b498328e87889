import { describe, expect, it } from 'vitest';
import { syntheticImportance } from './__fixtures__/synthetic-evaluation.js';
import { svgTexts } from './__fixtures__/svg-text.js';
import { featureImportanceSpec, topImportanceBars } from './feature-importance-spec.js';
import { specToSvg } from './render.js';

describe('topImportanceBars', () => {
  const importance = syntheticImportance();

  it('keeps the 20 features with the largest gain, largest first', () => {
    const bars = topImportanceBars(importance);
    const expected = [...importance]
      .sort((a, b) => b.gain - a.gain)
      .slice(0, 20)
      .map((f) => f.feature);
    expect(bars.map((b) => b.feature)).toEqual(expected);
  });

  it('gives shares of the total gain of all features, including the ones not shown', () => {
    const all = topImportanceBars(importance, importance.length);
    expect(all.reduce((sum, b) => sum + b.sharePct, 0)).toBeCloseTo(100, 9);
    const shown = topImportanceBars(importance).reduce((sum, b) => sum + b.sharePct, 0);
    expect(shown).toBeLessThan(100);
  });

  it('keeps input order between equal gains', () => {
    const bars = topImportanceBars([
      { feature: 'b', gain: 1 },
      { feature: 'a', gain: 1 },
      { feature: 'c', gain: 2 },
    ]);
    expect(bars.map((b) => [b.feature, b.label])).toEqual([
      ['c', '50.0%'],
      ['b', '25.0%'],
      ['a', '25.0%'],
    ]);
  });

  it('labels the split count, or the split share when only that is known (as featureImportance() gives both)', () => {
    const bars = topImportanceBars([
      { feature: 'lag_1', gain: 0.75, splits: 0.4, splitCount: 1200 },
      { feature: 'max_temp', gain: 0.25, splits: 0.6 },
    ]);
    expect(bars.map((b) => b.label)).toEqual(['75.0%（1,200回分割）', '25.0%（分割の60.0%）']);
  });
});

describe('featureImportanceSpec', () => {
  it('draws the top 20 feature names, Japanese ones included, and leaves the rest out', async () => {
    const importance = [...syntheticImportance(), { feature: 'weather_category_曇り時々雨', gain: 1e12 }];
    const texts = svgTexts(await specToSvg(featureImportanceSpec(importance)));
    const ranked = [...importance].sort((a, b) => b.gain - a.gain);
    for (const f of ranked.slice(0, 20)) expect(texts).toContain(f.feature);
    for (const f of ranked.slice(20)) expect(texts).not.toContain(f.feature);
    expect(texts).toContain('特徴量の重要度（上位20）');
    expect(texts).toContain('ゲイン比（%）');
  });

  it('titles a model with fewer features than the limit by the number shown', async () => {
    const texts = svgTexts(await specToSvg(featureImportanceSpec(syntheticImportance().slice(0, 6))));
    expect(texts).toContain('特徴量の重要度（上位6）');
  });

  it('says so instead of drawing empty axes when the model has no splits', async () => {
    const texts = svgTexts(await specToSvg(featureImportanceSpec([])));
    expect(texts).toContain('特徴量の重要度');
    expect(texts).toContain('重要度のデータがありません（分割のないモデル）');
  });
});
