import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { estimateTextWidthPx, glyphWidthEm, installTextWidthEstimator } from './text-width.js';

describe('glyphWidthEm', () => {
  it('treats kana, kanji and full-width forms as 1 em and Latin as narrower', () => {
    for (const ch of ['実', 'ア', 'ん', '（', '％']) expect(glyphWidthEm(ch.codePointAt(0) ?? 0)).toBe(1);
    for (const ch of ['a', '5', 'W', '.']) expect(glyphWidthEm(ch.codePointAt(0) ?? 0)).toBeLessThan(1);
    expect(glyphWidthEm('.'.codePointAt(0) ?? 0)).toBeLessThan(glyphWidthEm('5'.codePointAt(0) ?? 0));
  });
});

describe('installTextWidthEstimator', () => {
  it('makes Vega measure Japanese text as full-width instead of 0.8 em per character', () => {
    installTextWidthEstimator();
    const metrics = (vega as unknown as { textMetrics: { width: (item: object, text: string) => number } }).textMetrics;
    expect(metrics.width({ fontSize: 10 }, '実績予測')).toBe(40);
    expect(metrics.width({ fontSize: 10 }, ' 123 ')).toBe(estimateTextWidthPx('123', 10));
    expect(metrics.width({}, '月')).toBe(11);
  });
});
