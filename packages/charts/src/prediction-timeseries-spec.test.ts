import { describe, expect, it } from 'vitest';
import { syntheticPredictions } from './__fixtures__/synthetic-evaluation.js';
import { ENGLISH_MONTH, svgTexts } from './__fixtures__/svg-text.js';
import { formatNumber } from './format.js';
import { predictionTimeseriesSpec, rmseOf } from './prediction-timeseries-spec.js';
import { specToSvg } from './render.js';

describe('rmseOf', () => {
  it('is the root mean squared error of predicted against actual', () => {
    expect(
      rmseOf([
        { date: '2023-01-01', actual: 100, predicted: 103 },
        { date: '2023-01-02', actual: 100, predicted: 96 },
      ]),
    ).toBeCloseTo(Math.sqrt((9 + 16) / 2), 12);
  });
});

describe('predictionTimeseriesSpec', () => {
  const predictions = syntheticPredictions();

  it('labels the series, the band and the axes in Japanese, with Japanese month ticks', async () => {
    const texts = svgTexts(await specToSvg(predictionTimeseriesSpec(predictions)));
    for (const label of ['実績', '予測', '日次ピーク（万kW）', '2023年1月', '6月', '12月', '日別誤差（予測 − 実績）']) {
      expect(texts).toContain(label);
    }
    expect(texts.some((t) => t.includes(`予測 ± RMSE（${formatNumber(rmseOf(predictions), 1)}万kW）`))).toBe(true);
    expect(texts.join(' ')).not.toMatch(ENGLISH_MONTH);
  });

  it('states the period whatever order the days come in', async () => {
    const shuffled = [...predictions].reverse();
    const texts = svgTexts(await specToSvg(predictionTimeseriesSpec(shuffled)));
    expect(texts.some((t) => t.startsWith('2023-01-01 〜 2023-12-31（365日）'))).toBe(true);
  });

  it('spans the test period with month ticks for a quarter-long test set', async () => {
    const quarter = syntheticPredictions(1, '2023-10-01', 92);
    const texts = svgTexts(await specToSvg(predictionTimeseriesSpec(quarter)));
    for (const label of ['2023年10月', '11月', '12月']) expect(texts).toContain(label);
    expect(texts).not.toContain('2024年1月');
  });

  it('labels the first day when the test period has no month start', async () => {
    const texts = svgTexts(
      await specToSvg(predictionTimeseriesSpec([{ date: '2023-05-15', actual: 3000, predicted: 3010 }])),
    );
    expect(texts).toContain('2023年5月15日');
    expect(texts.some((t) => t.startsWith('2023-05-15 〜 2023-05-15（1日）'))).toBe(true);
  });
});

describe('predictionTimeseriesSpec with the forecast basis', () => {
  const quarter = syntheticPredictions(1, '2023-10-01', 92);
  const alongside = (offset: number) => quarter.map((p) => ({ date: p.date, predicted: p.actual + offset }));

  it("names the ex-ante series by its issue time and draws TEPCO's night-before and the backcast beside it", async () => {
    const texts = svgTexts(
      await specToSvg(
        predictionTimeseriesSpec(
          quarter,
          {},
          {
            basis: 'ex-ante',
            issueTime: '18:00',
            backcast: alongside(-20),
            tepcoNightBefore: alongside(30).slice(0, 40),
            backcastMape: 2.12,
            tepcoMape: 2.57,
          },
        ),
      ),
    );
    for (const label of ['事前予測（前日18:00時点）', '東京電力 前日予想', '参考：バックキャスト（当日の観測気象）']) {
      expect(texts).toContain(label);
    }
    expect(texts.some((t) => t.includes('東京電力 前日予想 MAPE 2.57%（n 40/92）'))).toBe(true);
    expect(texts.some((t) => t.includes('バックキャスト MAPE 2.12%'))).toBe(true);
    expect(texts).not.toContain('予測');
  });

  it('says there is no ex-ante figure when the forecasts shown are a backcast, and TEPCO n 0 when it has none', async () => {
    const texts = svgTexts(await specToSvg(predictionTimeseriesSpec(quarter, {}, { basis: 'backcast' })));
    expect(texts).toContain('日次ピーク需要：事前予測なし — バックキャストと実績');
    expect(texts).toContain('バックキャスト（当日の観測気象）');
    expect(texts.some((t) => t.includes('東京電力 前日予想：期間内になし（n 0）'))).toBe(true);
    expect(texts).not.toContain('事前予測（前日18:00時点）');
  });
});

describe('predictionTimeseriesSpec with 80 % intervals', () => {
  const quarter = syntheticPredictions(1, '2023-06-01', 92);
  // Half-widths of 100 and 200 万kW around each forecast: which days the actual falls inside depends on the error.
  const banded = quarter.map((p, i) => ({
    ...p,
    p10: p.predicted - 100,
    p90: p.predicted + (i % 2 === 0 ? 200 : 100),
  }));
  type Layer = { data?: { values: { lower: number; upper: number }[] }; encoding?: Record<string, unknown> };
  const bandLayer = (spec: ReturnType<typeof predictionTimeseriesSpec>): Layer =>
    (spec as unknown as { vconcat: { layer: Layer[] }[] }).vconcat[0]!.layer[0]!;

  it('draws the band from P10 to P90, with a legend entry saying 80 % and the coverage in the subtitle', async () => {
    const spec = predictionTimeseriesSpec(banded, {}, { basis: 'ex-ante', issueTime: '18:00' });
    const band = bandLayer(spec).data!.values;
    expect(band.map((row) => [row.lower, row.upper])).toEqual(banded.map((p) => [p.p10, p.p90]));
    const inside = banded.filter((p) => p.p10 <= p.actual && p.actual <= p.p90).length / banded.length;
    const texts = svgTexts(await specToSvg(spec));
    expect(texts).toContain('80% 予測区間（P10〜P90）');
    expect(texts.some((t) => t.includes(`実績が区間内の日 ${formatNumber(100 * inside, 1)}%`))).toBe(true);
    expect(texts.some((t) => t.includes('± RMSE'))).toBe(false);
  });

  it('keeps the ± RMSE band, without the 80 % legend, when some day has no interval', async () => {
    const partly = banded.map((p, i) => (i === 3 ? { date: p.date, actual: p.actual, predicted: p.predicted } : p));
    const spec = predictionTimeseriesSpec(partly);
    expect(bandLayer(spec).encoding).not.toHaveProperty('fill');
    const texts = svgTexts(await specToSvg(spec));
    expect(texts.some((t) => t.includes(`予測 ± RMSE（${formatNumber(rmseOf(partly), 1)}万kW）`))).toBe(true);
    expect(texts).not.toContain('80% 予測区間（P10〜P90）');
  });
});
