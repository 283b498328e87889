import { describe, expect, it } from 'vitest';
import { syntheticPredictions } from './__fixtures__/synthetic-evaluation.js';
import { ENGLISH_MONTH, svgTexts } from './__fixtures__/svg-text.js';
import { errorByMonthSpec, overallMapePct } from './error-by-month-spec.js';
import { formatNumber, formatSigned } from './format.js';
import { monthlyErrors } from './monthly-errors.js';
import { specToSvg } from './render.js';

describe('overallMapePct', () => {
  it('is the mean absolute percentage error over all days', () => {
    expect(
      overallMapePct([
        { date: '2023-01-01', actual: 100, predicted: 110 },
        { date: '2023-02-01', actual: 200, predicted: 190 },
      ]),
    ).toBeCloseTo(7.5, 12);
  });
});

describe('errorByMonthSpec', () => {
  it('shows each month in Japanese with its MAPE and signed bias', async () => {
    const predictions = syntheticPredictions(3, '2023-04-01', 183);
    const texts = svgTexts(await specToSvg(errorByMonthSpec(predictions)));
    const months = monthlyErrors(predictions);
    expect(months.map((m) => m.label)).toEqual(['2023年4月', '5月', '6月', '7月', '8月', '9月']);
    for (const m of months) {
      expect(texts).toContain(m.label);
      expect(texts).toContain(`${formatNumber(m.mapePct, 1)}%`);
      expect(texts).toContain(formatSigned(m.biasManKw, 0));
    }
    expect(texts).toContain(`点線：期間全体 ${formatNumber(overallMapePct(predictions), 2)}%`);
    expect(texts.join(' ')).not.toMatch(ENGLISH_MONTH);
  });

  it('keeps the same month of two years apart on both panels', async () => {
    const predictions = syntheticPredictions(5, '2022-12-01', 400);
    const texts = svgTexts(await specToSvg(errorByMonthSpec(predictions)));
    const labels = monthlyErrors(predictions).map((m) => m.label);
    expect(labels).toHaveLength(14);
    expect(labels.filter((label) => label.endsWith('12月'))).toEqual(['2022年12月', '12月']);
    const monthTexts = texts.filter((t) => /^(\d{4}年)?\d{1,2}月$/.test(t));
    expect(monthTexts).toEqual([...labels, ...labels]);
  });
});
